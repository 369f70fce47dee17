/**
 * The life of an inquiry (DOMAIN R4): NEW → QUOTED → NEGOTIATING → WON | LOST.
 *
 * Decisions beyond the arrows of DOMAIN:
 * - NEW → NEGOTIATING is allowed. An urgent inquiry is answered by phone ([004]) and the
 *   price is often talked over in that same call, before any written quote exists; forcing
 *   a QUOTED step that never happened would make the record lie about what was done.
 * - There is no way back (NEGOTIATING → QUOTED): a revised quote is part of negotiating.
 *   A "move" to the status the inquiry already has is refused too, so a client learns that
 *   its picture of the inquiry is stale instead of silently changing nothing.
 * - LOST is reachable from every open status and needs a non-blank reason, so the inquiry
 *   report (A2) can say why deals were lost.
 * - WON is reached only by converting the inquiry into an order (inquiryConvertToOrder),
 *   which may happen from any open status: a repeat buyer's "same as last time" goes from
 *   NEW straight to an order. A WON inquiry always points at its order.
 * - WON and LOST are final: a closed inquiry no longer changes.
 */
import { orList, say, type Bilingual } from '../common/bilingual';
import type { InquiryStatus } from './records.enums';

/** Statuses of inquiries still being worked on; they count as open in the customer figures. */
export const OPEN_INQUIRY_STATUSES: readonly InquiryStatus[] = ['NEW', 'QUOTED', 'NEGOTIATING'];

/** Moves made with inquiryMove; WON is only reached through conversion. */
const MOVES: Record<InquiryStatus, readonly InquiryStatus[]> = {
  NEW: ['QUOTED', 'NEGOTIATING', 'LOST'],
  QUOTED: ['NEGOTIATING', 'LOST'],
  NEGOTIATING: ['LOST'],
  WON: [],
  LOST: [],
};

export const LOST_REASON_MAX_LENGTH = 500;

export function isOpenInquiry(status: InquiryStatus): boolean {
  return OPEN_INQUIRY_STATUSES.includes(status);
}

export function canMoveInquiry(from: InquiryStatus, to: InquiryStatus): boolean {
  return MOVES[from].includes(to);
}

/**
 * A move to QUOTED or NEGOTIATING means the customer has been answered: it records the
 * first response when none was recorded. So does the conversion into an order. LOST does
 * not (an inquiry can be lost without ever having been answered).
 */
export function moveRecordsResponse(to: InquiryStatus): boolean {
  return to === 'QUOTED' || to === 'NEGOTIATING' || to === 'WON';
}

export type InquiryMoveProblem = {
  field: 'status' | 'lostReason';
  code: 'ILLEGAL_TRANSITION' | 'REQUIRED' | 'INVALID' | 'TOO_LONG';
  message: Bilingual;
};

function isFinal(from: InquiryStatus): Bilingual {
  return say(`该询盘已是 ${from}，这是最终状态`, `the inquiry is ${from}, which is final`);
}

function illegal(from: InquiryStatus, to: InquiryStatus): InquiryMoveProblem {
  if (from === 'WON' || from === 'LOST') {
    return { field: 'status', code: 'ILLEGAL_TRANSITION', message: isFinal(from) };
  }
  if (to === 'WON') {
    return {
      field: 'status',
      code: 'ILLEGAL_TRANSITION',
      message: say(
        '询盘要通过转为订单才能成交：请使用 inquiryConvertToOrder',
        'an inquiry is won by converting it into an order: use inquiryConvertToOrder',
      ),
    };
  }
  if (from === to)
    return { field: 'status', code: 'ILLEGAL_TRANSITION', message: say(`该询盘已是 ${from}`, `the inquiry is already ${from}`) };
  return {
    field: 'status',
    code: 'ILLEGAL_TRANSITION',
    message: say(
      `${from} 状态的询盘不能变为 ${to}；只能变为 ${orList(MOVES[from]).zh}`,
      `a ${from} inquiry cannot become ${to}; it can become ${orList(MOVES[from]).en}`,
    ),
  };
}

/** Why `inquiryMove` cannot take the inquiry from `from` to `to` with `lostReason`, or null when it can. */
export function inquiryMoveProblem(
  from: InquiryStatus,
  to: InquiryStatus,
  lostReason: string | null | undefined,
): InquiryMoveProblem | null {
  if (!canMoveInquiry(from, to)) return illegal(from, to);
  const reason = lostReason?.trim() ?? '';
  if (to === 'LOST') {
    if (!reason) return { field: 'lostReason', code: 'REQUIRED', message: say('请说明询盘丢失的原因', 'say why the inquiry was lost') };
    if (reason.length > LOST_REASON_MAX_LENGTH) {
      return {
        field: 'lostReason',
        code: 'TOO_LONG',
        message: say(`最多 ${LOST_REASON_MAX_LENGTH} 个字符`, `at most ${LOST_REASON_MAX_LENGTH} characters`),
      };
    }
  } else if (lostReason != null) {
    return { field: 'lostReason', code: 'INVALID', message: say('只有改为 LOST 时才能填写原因', 'only a move to LOST takes a reason') };
  }
  return null;
}

/** Why the inquiry cannot be converted into an order, or null when it can (any open status). */
export function conversionProblem(from: InquiryStatus): InquiryMoveProblem | null {
  return isOpenInquiry(from) ? null : { field: 'status', code: 'ILLEGAL_TRANSITION', message: isFinal(from) };
}
