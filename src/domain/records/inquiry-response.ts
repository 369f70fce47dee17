/**
 * When an inquiry must be answered (DOMAIN R4, default rules): urgent inquiries the same
 * day, email and fax within 12 hours ([004] says 6–12), everything within 24 hours.
 */
import type { InquiryChannel, InquiryStatus, InquiryUrgency } from './records.enums';
import { isOpenInquiry } from './inquiry-status';
import { dateTimeFormatIn } from '../common/calendar';

const HOUR_MS = 3_600_000;

/** Urgent inquiries are due by this local time of the day they arrive. */
export const URGENT_DUE_HOUR = 18;
/** …but never sooner than this after they arrive. */
export const URGENT_MIN_HOURS = 2;
export const EMAIL_FAX_HOURS = 12;
export const DEFAULT_HOURS = 24;

/**
 * The deadline for the first answer.
 *
 * URGENT: by 18:00 of the calendar day of receipt in the company time zone, or 2 hours
 * after receipt when that is later. The 2-hour floor is ours: an urgent inquiry that comes
 * in at 17:30 or at 23:00 cannot honestly be answered "by 18:00 today"; it stays the
 * tightest deadline of all without being due before, or moments after, it arrives.
 * EMAIL or FAX: 12 hours. Anything else: 24 hours.
 */
export function responseDueAt(receivedAt: Date, urgency: InquiryUrgency, channel: InquiryChannel, timeZone: string): Date {
  const received = receivedAt.getTime();
  if (urgency === 'URGENT') {
    const { year, month, day } = localParts(receivedAt, timeZone);
    const endOfDay = zonedTime(year, month, day, URGENT_DUE_HOUR, timeZone).getTime();
    return new Date(Math.max(endOfDay, received + URGENT_MIN_HOURS * HOUR_MS));
  }
  const hours = channel === 'EMAIL' || channel === 'FAX' ? EMAIL_FAX_HOURS : DEFAULT_HOURS;
  return new Date(received + hours * HOUR_MS);
}

export interface ResponseFacts {
  status: InquiryStatus;
  responseDueAt: Date;
  firstRespondedAt?: Date | null;
}

/** Open, not answered yet, and past its deadline at `now`. */
export function isOverdue(inquiry: ResponseFacts, now: Date): boolean {
  return isOpenInquiry(inquiry.status) && !inquiry.firstRespondedAt && now.getTime() > inquiry.responseDueAt.getTime();
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function localParts(at: Date, timeZone: string): LocalParts {
  const format = dateTimeFormatIn(
    'inquiry-clock',
    timeZone,
    () =>
      new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      }),
  );
  const parts = format.formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)!.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** How far local time in `timeZone` is ahead of UTC at the instant `at`, in ms. */
function offsetAt(at: Date, timeZone: string): number {
  const p = localParts(at, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/**
 * The instant at which the wall clock in `timeZone` shows the given local time. The offset
 * is taken at a first guess and checked again at the result, so a daylight-saving change
 * between the two is handled; a local time skipped by a change lands just after it.
 */
export function zonedTime(year: number, month: number, day: number, hour: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day, hour);
  const first = wall - offsetAt(new Date(wall), timeZone);
  const second = wall - offsetAt(new Date(first), timeZone);
  return new Date(Math.max(first, second));
}
