import { addDays, daysBetween, type StageOverride } from '../scoring/customer-facts';
import type { LifecycleStage } from '../scoring/scoring.enums';
import type { LifecycleRules } from '../scoring/scoring-settings';
import { dormancyThresholdDays, evaluateStage, type StageFacts, type StageResult } from './lifecycle-stage';

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

/**
 * Replays a customer's lifecycle (DOMAIN L4) from the first day of its history to `today`,
 * deciding the stage with `evaluateStage` as of the end of every day on which something
 * happened, and of every day on which time alone can change it (a prospect window running
 * out, the dormancy threshold or the lost limit passing). Between those days the facts do
 * not change and no threshold is crossed, so the stage cannot change either: the result is
 * the same as evaluating every single day. Events dated after `today` count on `today`.
 */
export function replayLifecycle(input: LifecycleTimeline, rules: LifecycleRules, today: string): LifecycleTransition[] {
  const clamp = (day: string) => (day > today ? today : day);
  const timeline: LifecycleTimeline = {
    ...input,
    overrides: input.overrides.map((o) => ({ ...o, setOn: clamp(o.setOn), clearedOn: o.clearedOn == null ? null : clamp(o.clearedOn) })),
  };
  const byDay = new Map<string, DayEvents>();
  const eventsOf = (day: string): DayEvents => {
    const d = clamp(day);
    let events = byDay.get(d);
    if (!events) {
      events = { orders: [], ratings: [], followUps: 0, inquiryChanges: [], overrides: false };
      byDay.set(d, events);
    }
    return events;
  };
  const orders = [...timeline.orders].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.id - b.id));
  for (const o of orders) eventsOf(o.on).orders.push({ id: o.id });
  for (const r of timeline.ratings) eventsOf(r.on).ratings.push(r.satisfaction);
  for (const f of timeline.qualifyingFollowUps) eventsOf(f).followUps++;
  for (const i of timeline.inquiries) {
    const received = eventsOf(i.receivedOn);
    const closed = i.closedOn == null ? null : clamp(i.closedOn);
    if (closed != null && closed <= clamp(i.receivedOn)) continue; // never open at the end of a day
    received.inquiryChanges.push({ id: i.id, delta: 1 });
    if (closed != null) eventsOf(closed).inquiryChanges.push({ id: i.id, delta: -1 });
  }
  for (const o of timeline.overrides) {
    eventsOf(o.setOn).overrides = true;
    if (o.clearedOn != null) eventsOf(o.clearedOn).overrides = true;
  }
  const start = clamp([timeline.createdOn, ...byDay.keys()].reduce((a, b) => (b < a ? b : a)));

  const facts = new RunningFacts();
  const transitions: LifecycleTransition[] = [];
  let current: LifecycleStage | null = null;

  const record = (on: string, to: LifecycleStage, cause: TransitionCause) => {
    transitions.push({ on, from: current, to, cause: current == null ? { code: 'CREATED' } : cause });
    current = to;
  };
  /** Days after `from` (exclusive) up to `until` (inclusive) on which time alone can move the stage. */
  const timeDrivenDays = (from: string, until: string) => {
    const days = new Set<string>();
    const f = facts.snapshot(null);
    if (f.orderCount === 0 || f.lastOrderOn == null) {
      if (f.lastQualifyingFollowUpOn != null) days.add(addDays(f.lastQualifyingFollowUpOn, rules.prospectWindowDays + 1));
    } else {
      days.add(addDays(f.lastOrderOn, Math.floor(dormancyThresholdDays(f.medianIntervalDays, rules)) + 1));
      days.add(addDays(f.lastOrderOn, rules.lostAfterDays + 1));
    }
    return [...days].filter((d) => d > from && d <= until).sort();
  };
  const passTime = (from: string, until: string) => {
    for (const day of timeDrivenDays(from, until)) {
      const result = evaluateStage(facts.snapshot(overrideOn(timeline, day)), rules, day);
      if (result.stage !== current) record(day, result.stage, timeCause(result, facts, rules, day));
    }
  };

  const days = [...new Set([start, ...byDay.keys()])].sort();
  let previousDay: string | null = null;
  for (const day of days) {
    if (previousDay != null) passTime(previousDay, addDays(day, -1));
    const events = byDay.get(day);
    const overrideBefore = overrideOn(timeline, addDays(day, -1));
    let result = evaluateStage(facts.snapshot(overrideBefore), rules, day);
    let cause: TransitionCause = timeCause(result, facts, rules, day);
    for (const group of GROUP_ORDER) {
      if (!events || !applies(group, events)) continue;
      const groupCause = facts.apply(group, events, timeline, day);
      // Overrides are applied last: until then the one in force the day before still holds.
      const override = group === 'OVERRIDE' ? overrideOn(timeline, day) : overrideBefore;
      const next = evaluateStage(facts.snapshot(override), rules, day);
      if (next.stage !== result.stage) cause = groupCause;
      result = next;
    }
    if (result.stage !== current) record(day, result.stage, cause);
    previousDay = day;
  }
  if (previousDay != null && previousDay < today) passTime(previousDay, today);
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
function overrideOn(timeline: LifecycleTimeline, day: string): (StageOverride & { id: number; clearReason: string | null }) | null {
  let found: LifecycleTimeline['overrides'][number] | null = null;
  for (const o of timeline.overrides) {
    if (o.setOn > day || (o.clearedOn != null && o.clearedOn <= day)) continue;
    if (!found || o.setAt > found.setAt || (o.setAt.getTime() === found.setAt.getTime() && o.id > found.id)) found = o;
  }
  return found
    ? { id: found.id, stage: found.stage, reason: found.reason, byUserId: found.byUserId, at: found.setAt, clearReason: found.clearReason ?? null }
    : null;
}

/** The cause of a change that no event of the day explains: time passing. */
function timeCause(result: StageResult, facts: RunningFacts, rules: LifecycleRules, day: string): TransitionCause {
  switch (result.reason.code) {
    case 'DORMANT_SILENT':
      return { code: 'SILENCE', silentDays: result.reason.daysAgo, limitDays: result.reason.thresholdDays };
    case 'LOST_SILENT':
      return { code: 'SILENCE', silentDays: result.reason.daysAgo, limitDays: result.reason.lostAfterDays };
    default: {
      const last = facts.lastQualifyingFollowUpOn;
      return { code: 'PROSPECT_EXPIRED', daysAgo: last == null ? 0 : daysBetween(last, day), windowDays: rules.prospectWindowDays };
    }
  }
}

/** The stage facts as events are applied in day order. */
class RunningFacts {
  orderCount = 0;
  firstOrderOn: string | null = null;
  lastOrderOn: string | null = null;
  /** Day gaps between consecutive orders, kept sorted for the median. */
  private gaps: number[] = [];
  satisfactionCount = 0;
  satisfactionSum = 0;
  openInquiryCount = 0;
  lastQualifyingFollowUpOn: string | null = null;

  snapshot(override: StageOverride | null): StageFacts {
    return {
      orderCount: this.orderCount,
      firstOrderOn: this.firstOrderOn,
      lastOrderOn: this.lastOrderOn,
      medianIntervalDays: this.median(),
      satisfactionCount: this.satisfactionCount,
      satisfactionSum: this.satisfactionSum,
      openInquiryCount: this.openInquiryCount,
      lastQualifyingFollowUpOn: this.lastQualifyingFollowUpOn,
      override: override ? { stage: override.stage, reason: override.reason, byUserId: override.byUserId, at: override.at } : null,
    };
  }

  /** Applies one group of the day's events and returns the cause it would be. */
  apply(group: Group, events: DayEvents, timeline: LifecycleTimeline, day: string): TransitionCause {
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
        this.lastQualifyingFollowUpOn = day;
        return { code: 'FOLLOW_UP' };
      case 'INQUIRY': {
        const before = this.openInquiryCount;
        for (const c of events.inquiryChanges) this.openInquiryCount += c.delta;
        const opened = this.openInquiryCount > before;
        const last = [...events.inquiryChanges].reverse().find((c) => (opened ? c.delta === 1 : c.delta === -1)) ?? events.inquiryChanges[0];
        return { code: opened ? 'INQUIRY_OPENED' : 'INQUIRY_CLOSED', inquiryId: last.id, openInquiries: this.openInquiryCount };
      }
      case 'ORDER': {
        for (const _ of events.orders) {
          if (this.lastOrderOn != null) this.insertGap(daysBetween(this.lastOrderOn, day));
          this.firstOrderOn ??= day;
          this.lastOrderOn = day;
          this.orderCount++;
        }
        return { code: 'ORDER', orderId: events.orders[events.orders.length - 1].id, orderCount: this.orderCount };
      }
      case 'OVERRIDE': {
        const now = overrideOn(timeline, day);
        if (now) return { code: 'OVERRIDE_SET', overrideId: now.id, reason: now.reason, byUserId: now.byUserId };
        const ended = overrideOn(timeline, addDays(day, -1));
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
  }

  /** Median of the gaps: the middle one, or the mean of the two middle ones (null with none). */
  private median(): number | null {
    const n = this.gaps.length;
    if (n === 0) return null;
    return n % 2 === 1 ? this.gaps[(n - 1) / 2] : (this.gaps[n / 2 - 1] + this.gaps[n / 2]) / 2;
  }
}
