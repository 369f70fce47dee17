import { dayNumber, dayString } from '../common/calendar';
import type { LifecycleStage } from '../scoring/scoring.enums';
import type { LifecycleRules } from '../scoring/scoring-settings';
import { deriveStage, dormancyThresholdDays, type DerivedStage, type StageDayFacts } from './lifecycle-stage';

/**
 * Everything that ever moved one customer's stage, as company-local days (`YYYY-MM-DD`).
 * Only completed orders; ratings are the satisfaction of service cases; an inquiry is open
 * from the day it was received until the day it was closed (null while it is still open).
 */
export interface LifecycleTimeline {
  customerId: number;
  createdOn: string;
  /** Completed orders, sorted by day then id. */
  orders: Array<{ id: number; on: string }>;
  ratings: Array<{ on: string; satisfaction: number }>;
  inquiries: Array<{ id: number; receivedOn: string; closedOn: string | null }>;
  /** Days of follow-ups with a qualifying outcome, sorted. */
  qualifyingFollowUps: string[];
  overrides: Array<{
    id: number;
    stage: LifecycleStage;
    reason: string;
    setOn: string;
    setAt: Date;
    byUserId: number | null;
    /** The day it stopped being in force (cleared or replaced); null while in force. */
    clearedOn: string | null;
    clearReason?: string | null;
  }>;
}

/** Why the stage in force changed on a day: an event of that day, or time passing. */
export type TransitionCause =
  | { code: 'CREATED' }
  | { code: 'ORDER'; orderId: number; orderCount: number }
  | { code: 'FOLLOW_UP' }
  | { code: 'INQUIRY_OPENED'; inquiryId: number; openInquiries: number }
  | { code: 'INQUIRY_CLOSED'; inquiryId: number; openInquiries: number }
  | { code: 'RATING'; satisfaction: number; ratings: number; averageSatisfaction: number }
  | { code: 'OVERRIDE_SET'; overrideId: number; reason: string; byUserId: number | null }
  | { code: 'OVERRIDE_CLEARED'; overrideId: number; reason: string | null }
  /** No purchase for `silentDays`, past the dormancy threshold (to DORMANT) or the lost limit (to LOST). */
  | { code: 'SILENCE'; silentDays: number; limitDays: number }
  /** The last qualifying follow-up left the prospect window. */
  | { code: 'PROSPECT_EXPIRED'; daysAgo: number; windowDays: number };

export type TransitionCauseCode = TransitionCause['code'];

export interface LifecycleTransition {
  /** The company-local day the new stage came into force (as of the end of that day). */
  on: string;
  /** Null for the first stage, the day the customer's history starts. */
  from: LifecycleStage | null;
  to: LifecycleStage;
  cause: TransitionCause;
}

type Group = 'RATING' | 'FOLLOW_UP' | 'INQUIRY' | 'ORDER' | 'OVERRIDE';

/**
 * Event groups of one day, applied in this order; the cause of a day's change is the last
 * group whose application changed the stage. Overrides come last since one in force decides
 * the stage; orders after the softer signals since they outweigh them.
 */
const GROUP_ORDER: readonly Group[] = ['RATING', 'FOLLOW_UP', 'INQUIRY', 'ORDER', 'OVERRIDE'];

interface DayEvents {
  orders: Array<{ id: number }>;
  ratings: number[];
  followUps: number;
  inquiryChanges: Array<{ id: number; delta: 1 | -1 }>;
  overrides: boolean;
}

/** An override with its days as day numbers, clamped to today. */
interface DayOverride {
  id: number;
  stage: LifecycleStage;
  reason: string;
  setDay: number;
  setAt: Date;
  byUserId: number | null;
  clearedDay: number | null;
  clearReason: string | null;
}

/**
 * Replays a customer's lifecycle (DOMAIN L4) from the first day of its history to `today`,
 * deciding the stage with the stage rule (`deriveStage`, as `evaluateStage` does) as of the
 * end of every day on which something happened, and of every day on which time alone can
 * change it (a prospect window running out, the dormancy threshold or the lost limit
 * passing). Between those days the facts do not change and no threshold is crossed, so the
 * stage cannot change either: the result is the same as evaluating every single day. Events
 * dated after `today` count on `today`.
 *
 * Days are day numbers (`dayNumber`) throughout: the timeline's days are parsed once here and
 * only the days of the transitions returned are turned back into `YYYY-MM-DD`.
 */
export function replayLifecycle(input: LifecycleTimeline, rules: LifecycleRules, today: string): LifecycleTransition[] {
  const todayDay = dayNumber(today);
  const clamp = (day: number) => (day > todayDay ? todayDay : day);
  const overrides: DayOverride[] = input.overrides.map((o) => ({
    id: o.id,
    stage: o.stage,
    reason: o.reason,
    setDay: clamp(dayNumber(o.setOn)),
    setAt: o.setAt,
    byUserId: o.byUserId,
    clearedDay: o.clearedOn == null ? null : clamp(dayNumber(o.clearedOn)),
    clearReason: o.clearReason ?? null,
  }));
  const byDay = new Map<number, DayEvents>();
  const eventsOf = (day: number): DayEvents => {
    const d = clamp(day);
    let events = byDay.get(d);
    if (!events) {
      events = { orders: [], ratings: [], followUps: 0, inquiryChanges: [], overrides: false };
      byDay.set(d, events);
    }
    return events;
  };
  const orders = input.orders.map((o) => ({ id: o.id, day: dayNumber(o.on) })).sort((a, b) => a.day - b.day || a.id - b.id);
  for (const o of orders) eventsOf(o.day).orders.push({ id: o.id });
  for (const r of input.ratings) eventsOf(dayNumber(r.on)).ratings.push(r.satisfaction);
  for (const f of input.qualifyingFollowUps) eventsOf(dayNumber(f)).followUps++;
  for (const i of input.inquiries) {
    const receivedDay = clamp(dayNumber(i.receivedOn));
    const received = eventsOf(receivedDay);
    const closed = i.closedOn == null ? null : clamp(dayNumber(i.closedOn));
    if (closed != null && closed <= receivedDay) continue; // never open at the end of a day
    received.inquiryChanges.push({ id: i.id, delta: 1 });
    if (closed != null) eventsOf(closed).inquiryChanges.push({ id: i.id, delta: -1 });
  }
  for (const o of overrides) {
    eventsOf(o.setDay).overrides = true;
    if (o.clearedDay != null) eventsOf(o.clearedDay).overrides = true;
  }
  let start = dayNumber(input.createdOn);
  for (const day of byDay.keys()) if (day < start) start = day;
  start = clamp(start);

  const facts = new RunningFacts();
  const transitions: LifecycleTransition[] = [];
  let current: LifecycleStage | null = null;

  const record = (day: number, to: LifecycleStage, cause: TransitionCause) => {
    transitions.push({ on: dayString(day), from: current, to, cause: current == null ? { code: 'CREATED' } : cause });
    current = to;
  };
  /** Days after `from` (exclusive) up to `until` (inclusive) on which time alone can move the stage, in order. */
  const timeDrivenDays = (from: number, until: number): number[] => {
    const days: number[] = [];
    const add = (day: number) => {
      if (day > from && day <= until && !days.includes(day)) days.push(day);
    };
    if (facts.orderCount === 0 || facts.lastOrderDay == null) {
      if (facts.lastQualifyingFollowUpDay != null) add(facts.lastQualifyingFollowUpDay + rules.prospectWindowDays + 1);
    } else {
      add(facts.lastOrderDay + Math.floor(dormancyThresholdDays(facts.medianIntervalDays, rules)) + 1);
      add(facts.lastOrderDay + rules.lostAfterDays + 1);
    }
    return days.sort((a, b) => a - b);
  };
  const passTime = (from: number, until: number) => {
    for (const day of timeDrivenDays(from, until)) {
      const result = deriveStage(facts.with(overrideOn(overrides, day)), rules, day);
      if (result.stage !== current) record(day, result.stage, timeCause(result, facts, rules, day));
    }
  };

  const days = [...(byDay.has(start) ? [] : [start]), ...byDay.keys()].sort((a, b) => a - b);
  let previousDay: number | null = null;
  for (const day of days) {
    if (previousDay != null) passTime(previousDay, day - 1);
    const events = byDay.get(day);
    const overrideBefore = overrideOn(overrides, day - 1);
    let result = deriveStage(facts.with(overrideBefore), rules, day);
    let cause: TransitionCause = timeCause(result, facts, rules, day);
    for (const group of GROUP_ORDER) {
      if (!events || !applies(group, events)) continue;
      const groupCause = facts.apply(group, events, overrides, day);
      // Overrides are applied last: until then the one in force the day before still holds.
      const override = group === 'OVERRIDE' ? overrideOn(overrides, day) : overrideBefore;
      const next = deriveStage(facts.with(override), rules, day);
      if (next.stage !== result.stage) cause = groupCause;
      result = next;
    }
    if (result.stage !== current) record(day, result.stage, cause);
    previousDay = day;
  }
  if (previousDay != null && previousDay < todayDay) passTime(previousDay, todayDay);
  return transitions;
}

function applies(group: Group, events: DayEvents): boolean {
  switch (group) {
    case 'RATING':
      return events.ratings.length > 0;
    case 'FOLLOW_UP':
      return events.followUps > 0;
    case 'INQUIRY':
      return events.inquiryChanges.length > 0;
    case 'ORDER':
      return events.orders.length > 0;
    case 'OVERRIDE':
      return events.overrides;
  }
}

/** The override in force at the end of `day`: set by then and not yet cleared. */
function overrideOn(overrides: readonly DayOverride[], day: number): DayOverride | null {
  let found: DayOverride | null = null;
  for (const o of overrides) {
    if (o.setDay > day || (o.clearedDay != null && o.clearedDay <= day)) continue;
    if (!found || o.setAt > found.setAt || (o.setAt.getTime() === found.setAt.getTime() && o.id > found.id)) found = o;
  }
  return found;
}

/** The cause of a change that no event of the day explains: time passing. */
function timeCause(result: DerivedStage, facts: RunningFacts, rules: LifecycleRules, day: number): TransitionCause {
  switch (result.reason.code) {
    case 'DORMANT_SILENT':
      return { code: 'SILENCE', silentDays: result.reason.daysAgo, limitDays: result.reason.thresholdDays };
    case 'LOST_SILENT':
      return { code: 'SILENCE', silentDays: result.reason.daysAgo, limitDays: result.reason.lostAfterDays };
    default: {
      const last = facts.lastQualifyingFollowUpDay;
      return { code: 'PROSPECT_EXPIRED', daysAgo: last == null ? 0 : day - last, windowDays: rules.prospectWindowDays };
    }
  }
}

/** The stage facts as events are applied in day order, as the stage rule reads them. */
class RunningFacts implements StageDayFacts {
  orderCount = 0;
  firstOrderDay: number | null = null;
  lastOrderDay: number | null = null;
  /** Median of the gaps: the middle one, or the mean of the two middle ones (null with none). */
  medianIntervalDays: number | null = null;
  /** Day gaps between consecutive orders, kept sorted for the median. */
  private gaps: number[] = [];
  satisfactionCount = 0;
  satisfactionSum = 0;
  openInquiryCount = 0;
  lastQualifyingFollowUpDay: number | null = null;
  overrideStage: LifecycleStage | null = null;

  /** These facts with `override` in force. */
  with(override: DayOverride | null): StageDayFacts {
    this.overrideStage = override ? override.stage : null;
    return this;
  }

  /** Applies one group of the day's events and returns the cause it would be. */
  apply(group: Group, events: DayEvents, overrides: readonly DayOverride[], day: number): TransitionCause {
    switch (group) {
      case 'RATING': {
        for (const s of events.ratings) {
          this.satisfactionCount++;
          this.satisfactionSum += s;
        }
        return {
          code: 'RATING',
          satisfaction: events.ratings[events.ratings.length - 1],
          ratings: this.satisfactionCount,
          averageSatisfaction: Math.round((this.satisfactionSum / this.satisfactionCount) * 100) / 100,
        };
      }
      case 'FOLLOW_UP':
        this.lastQualifyingFollowUpDay = day;
        return { code: 'FOLLOW_UP' };
      case 'INQUIRY': {
        const changes = events.inquiryChanges;
        const before = this.openInquiryCount;
        for (const c of changes) this.openInquiryCount += c.delta;
        const opened = this.openInquiryCount > before;
        let last = changes[0];
        for (let i = changes.length - 1; i >= 0; i--) {
          if (changes[i].delta === (opened ? 1 : -1)) {
            last = changes[i];
            break;
          }
        }
        return { code: opened ? 'INQUIRY_OPENED' : 'INQUIRY_CLOSED', inquiryId: last.id, openInquiries: this.openInquiryCount };
      }
      case 'ORDER': {
        for (let i = 0; i < events.orders.length; i++) {
          if (this.lastOrderDay != null) this.insertGap(day - this.lastOrderDay);
          this.firstOrderDay ??= day;
          this.lastOrderDay = day;
          this.orderCount++;
        }
        return { code: 'ORDER', orderId: events.orders[events.orders.length - 1].id, orderCount: this.orderCount };
      }
      case 'OVERRIDE': {
        const now = overrideOn(overrides, day);
        if (now) return { code: 'OVERRIDE_SET', overrideId: now.id, reason: now.reason, byUserId: now.byUserId };
        const ended = overrideOn(overrides, day - 1);
        return { code: 'OVERRIDE_CLEARED', overrideId: ended?.id ?? 0, reason: ended?.clearReason ?? null };
      }
    }
  }

  private insertGap(gap: number): void {
    let lo = 0;
    let hi = this.gaps.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.gaps[mid] < gap) lo = mid + 1;
      else hi = mid;
    }
    this.gaps.splice(lo, 0, gap);
    const n = this.gaps.length;
    this.medianIntervalDays = n % 2 === 1 ? this.gaps[(n - 1) / 2] : (this.gaps[n / 2 - 1] + this.gaps[n / 2]) / 2;
  }
}
