/**
 * The life of an after-sale case (DOMAIN R5): it is scheduled or taken up, worked on,
 * resolved with a written resolution, then closed; until work starts it can be cancelled.
 */
import { orList, say, type Bilingual } from '../common/bilingual';
import type { ServiceCaseStatus } from './records.enums';

const MOVES: Record<ServiceCaseStatus, readonly ServiceCaseStatus[]> = {
  OPEN: ['SCHEDULED', 'IN_PROGRESS', 'CANCELLED'],
  SCHEDULED: ['IN_PROGRESS', 'CANCELLED'],
  IN_PROGRESS: ['RESOLVED'],
  RESOLVED: ['CLOSED'],
  CLOSED: [],
  CANCELLED: [],
};

/** Statuses of cases with work still to do: not yet resolved, closed or cancelled. */
export const OPEN_SERVICE_CASE_STATUSES: readonly ServiceCaseStatus[] = ['OPEN', 'SCHEDULED', 'IN_PROGRESS'];

export function canMoveServiceCase(from: ServiceCaseStatus, to: ServiceCaseStatus): boolean {
  return MOVES[from].includes(to);
}

/** Closed and cancelled cases are history: nothing about them changes any more. */
export function isFinalServiceCaseStatus(status: ServiceCaseStatus): boolean {
  return MOVES[status].length === 0;
}

/** A case created with an appointment is scheduled from the start. */
export function initialServiceCaseStatus(appointmentAt: Date | null): ServiceCaseStatus {
  return appointmentAt ? 'SCHEDULED' : 'OPEN';
}

/** What the case will hold after the change, for the rules that depend on it. */
export interface ServiceCaseFacts {
  appointmentAt: Date | null;
  resolution: string | null;
}

export type ServiceCaseMoveProblem =
  | { field: 'status'; code: 'ILLEGAL_TRANSITION'; message: Bilingual }
  | { field: 'appointmentAt' | 'resolution'; code: 'REQUIRED'; message: Bilingual };

/**
 * Why the case cannot go from `from` to `to` holding `facts`, or null when it can. Staying
 * in the same status is no move and always allowed (a rescheduled case stays SCHEDULED),
 * but the facts must still fit the status.
 */
export function serviceCaseMoveProblem(
  from: ServiceCaseStatus,
  to: ServiceCaseStatus,
  facts: ServiceCaseFacts,
): ServiceCaseMoveProblem | null {
  if (from !== to && !canMoveServiceCase(from, to)) {
    const moves = MOVES[from];
    const allowed = moves.length
      ? say(`只能变为 ${orList(moves).zh}`, `it can become ${orList(moves).en}`)
      : say('已是最终状态', 'it is final');
    return {
      field: 'status',
      code: 'ILLEGAL_TRANSITION',
      message: say(`${from} 状态的售后单不能变为 ${to}；${allowed.zh}`, `a ${from} case cannot become ${to}; ${allowed.en}`),
    };
  }
  if (to === 'SCHEDULED' && !facts.appointmentAt) {
    return {
      field: 'appointmentAt',
      code: 'REQUIRED',
      message: say('已预约的售后单需要预约时间', 'a scheduled case needs an appointment time'),
    };
  }
  if (to === 'RESOLVED' && !facts.resolution?.trim()) {
    return {
      field: 'resolution',
      code: 'REQUIRED',
      message: say(
        '售后单须填写处理结果才能解决：请使用 serviceCaseResolve',
        'a case is resolved with a resolution: use serviceCaseResolve',
      ),
    };
  }
  return null;
}

/** Why serviceCaseResolve cannot resolve a case in `from` with `resolution`, or null. */
export function serviceCaseResolveProblem(from: ServiceCaseStatus, resolution: string): ServiceCaseMoveProblem | null {
  if (!canMoveServiceCase(from, 'RESOLVED')) {
    return {
      field: 'status',
      code: 'ILLEGAL_TRANSITION',
      message: say(
        `只有 IN_PROGRESS 状态的售后单才能标记为已解决；该售后单当前为 ${from}`,
        `only an IN_PROGRESS case can be resolved; this one is ${from}`,
      ),
    };
  }
  return serviceCaseMoveProblem(from, 'RESOLVED', { appointmentAt: null, resolution });
}
