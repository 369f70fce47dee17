import type { ContactChannel } from '../customer/customer.enums';
import { calendarDayIn } from '../common/calendar';
import type { MarketingCap } from './reminder-settings';
import type { TouchPurpose, TouchRefusal } from './reminder.enums';

/**
 * Whether a customer may be touched on a channel for a purpose now (DOMAIN M4, issue 13
 * item 4): the TypeScript evaluator that explains one customer. Its SQL twin
 * (`marketing-eligibility.sql.ts`) filters sets with the same rule; a test checks that both
 * agree on random customers.
 *
 * The rule, in this order of reasons:
 * 1. ARCHIVED: an archived customer is never touched.
 * 2. NO_CONSENT: the customer's consents hold `{ channel, granted: true }` for the channel
 *    (JSON `true`, not the text "true"; the writer keeps one entry per channel).
 * 3. CAP_REACHED: a purpose of `cap.cappedPurposes` (default PROMOTION and NEW_PRODUCT,
 *    which count together) is refused while the customer has `cap.maxTouches` or more
 *    touches of the capped purposes, on any channel, in the window. GREETING and SERVICE
 *    are neither capped nor counted.
 *
 * **The window ("any 30 days") is rolling, in instants**: a touch counts while
 * `touched_at > now − cap.days × 24 h` (`capWindowStart`), so it stops counting exactly
 * `cap.days × 24 h` after it was made, whatever the time zone and its daylight saving.
 *
 * **nextPossibleOn** (CAP_REACHED only): with `n ≥ max` touches counted, `n − max + 1` of
 * them must leave the window; the last of those to leave is the `max`-th most recent (the
 * `(n − max + 1)`-th oldest; with `n = max`, the usual case, the oldest counted one). It
 * leaves at its instant + `cap.days × 24 h`; `nextPossibleOn` is the company-local calendar
 * day of that instant: the touch becomes possible during that day, at the time of day the
 * counted touch was made (not at midnight). Null when nothing can leave (a cap of 0).
 */
export interface MarketingEligibilityInput {
  channel: ContactChannel;
  purpose: TouchPurpose;
  /** The customer's `consents` as stored (`[{ channel, granted, updatedAt }]`). */
  consents: ReadonlyArray<{ channel: string; granted: unknown }> | null;
  archived: boolean;
  /** The instants of the customer's touches of the capped purposes, any channel, inside the window (`touched_at > capWindowStart(now, cap)`). */
  cappedTouchesInWindow: readonly Date[];
  cap: MarketingCap;
  /** The company's time zone, for `nextPossibleOn`. */
  timeZone: string;
}

export interface MarketingEligibility {
  eligible: boolean;
  /** Why not; null when eligible. */
  reason: TouchRefusal | null;
  /** For CAP_REACHED: the company-local day the customer becomes possible again; otherwise null. */
  nextPossibleOn: string | null;
  /** Touches of the capped purposes in the window (whatever the purpose asked about). */
  recentTouchCount: number;
}

const HOUR_MS = 3_600_000;

/** The length of the cap's window, as exact hours (never calendar days: no daylight-saving shift). */
export function capWindowMs(cap: MarketingCap): number {
  return cap.days * 24 * HOUR_MS;
}

/** Touches made after this instant count against the cap (`touched_at > capWindowStart`). */
export function capWindowStart(now: Date, cap: MarketingCap): Date {
  return new Date(now.getTime() - capWindowMs(cap));
}

export function isCappedPurpose(purpose: TouchPurpose, cap: MarketingCap): boolean {
  return cap.cappedPurposes.includes(purpose);
}

/** The consent rule: an entry for the channel with `granted` exactly `true`. */
export function hasConsent(consents: MarketingEligibilityInput['consents'], channel: ContactChannel): boolean {
  return Array.isArray(consents) && consents.some((c) => c != null && c.channel === channel && c.granted === true);
}

export function marketingEligibility(input: MarketingEligibilityInput): MarketingEligibility {
  const recentTouchCount = input.cappedTouchesInWindow.length;
  const refuse = (reason: TouchRefusal, nextPossibleOn: string | null = null): MarketingEligibility => ({
    eligible: false,
    reason,
    nextPossibleOn,
    recentTouchCount,
  });
  if (input.archived) return refuse('ARCHIVED');
  if (!hasConsent(input.consents, input.channel)) return refuse('NO_CONSENT');
  const max = input.cap.maxTouches;
  if (isCappedPurpose(input.purpose, input.cap) && recentTouchCount >= max) {
    if (max <= 0) return refuse('CAP_REACHED');
    const newestFirst = [...input.cappedTouchesInWindow].sort((a, b) => b.getTime() - a.getTime());
    const leaving = newestFirst[max - 1];
    return refuse('CAP_REACHED', calendarDayIn(new Date(leaving.getTime() + capWindowMs(input.cap)), input.timeZone));
  }
  return { eligible: true, reason: null, nextPossibleOn: null, recentTouchCount };
}
