import { say } from '../common/bilingual';
import { RequestError } from '../common/domain-error';
import { dayNumber, dayString } from '../common/calendar';
import type { LifecycleStage } from '../scoring/scoring.enums';
import type { LifecycleRules } from '../scoring/scoring-settings';
import type { LifecycleTimeline, LifecycleTransition } from '../lifecycle/lifecycle-history';
import { dormancyThresholdDays } from '../lifecycle/lifecycle-stage';

/**
 * Stage moves over a period (DOMAIN L2, L4, A3): new → repeat conversion, repeat → dormant
 * churn, dormant → reactivated. The moves are those of the lifecycle replay
 * (`replayLifecycle`, the same history `customer.lifecycleHistory` shows), stored per
 * customer by the lifecycle history job and counted set-wise by the report.
 */
export const TRANSITION_GROUP_BYS = ['NONE', 'DEPARTMENT', 'SALESPERSON', 'MONTH'] as const;
export type TransitionGroupBy = (typeof TRANSITION_GROUP_BYS)[number];

/** A move as stored: the customer's n-th move (`seq`, from 1), its company day and cause code. */
export interface StoredMove {
  seq: number;
  on: string;
  from: LifecycleStage;
  to: LifecycleStage;
  cause: string;
}

/** The moves of a replay: every transition but the first stage (the customer's start is not a move). */
export function movesOf(transitions: readonly LifecycleTransition[]): StoredMove[] {
  const moves: StoredMove[] = [];
  for (const t of transitions) {
    if (t.from == null) continue;
    moves.push({ seq: moves.length + 1, on: t.on, from: t.from, to: t.to, cause: t.cause.code });
  }
  return moves;
}

/**
 * The first day after `today` on which a replay could differ from today's without any record
 * being written: tomorrow when a record is dated after today (the replay counts it on its last
 * day until its own day comes), else
 * a day on which time alone can move the stage (the dormancy threshold or the lost limit
 * passing after the last completed order; the prospect window closing after the last
 * qualifying follow-up of a customer who never bought). Null when nothing is due. The job
 * replays a customer again on that day, or earlier when its records change.
 */
export function nextReplayDay(timeline: LifecycleTimeline, rules: LifecycleRules, today: string): string | null {
  const todayDay = dayNumber(today);
  const candidates: number[] = [];
  // A record dated after today counts on the last day replayed, so it moves with every day until its own.
  const later = (day: string | null) => {
    if (day != null && dayNumber(day) > todayDay) candidates.push(todayDay + 1);
  };
  for (const o of timeline.orders) later(o.on);
  for (const r of timeline.ratings) later(r.on);
  for (const i of timeline.inquiries) {
    later(i.receivedOn);
    later(i.closedOn);
  }
  for (const f of timeline.qualifyingFollowUps) later(f);
  for (const o of timeline.overrides) {
    later(o.setOn);
    later(o.clearedOn);
  }
  // The facts as of today: records after today count on today (as the replay counts them).
  const orderDays = timeline.orders.map((o) => Math.min(dayNumber(o.on), todayDay)).sort((a, b) => a - b);
  if (orderDays.length > 0) {
    const last = orderDays[orderDays.length - 1];
    const gaps = orderDays
      .slice(1)
      .map((d, i) => d - orderDays[i])
      .sort((a, b) => a - b);
    const n = gaps.length;
    const median = n === 0 ? null : n % 2 === 1 ? gaps[(n - 1) / 2] : (gaps[n / 2 - 1] + gaps[n / 2]) / 2;
    for (const day of [last + Math.floor(dormancyThresholdDays(median, rules)) + 1, last + rules.lostAfterDays + 1]) {
      if (day > todayDay) candidates.push(day);
    }
  } else {
    const followUps = timeline.qualifyingFollowUps.map((d) => Math.min(dayNumber(d), todayDay));
    if (followUps.length > 0) {
      const day = Math.max(...followUps) + rules.prospectWindowDays + 1;
      if (day > todayDay) candidates.push(day);
    }
  }
  return candidates.length === 0 ? null : dayString(Math.min(...candidates));
}

/** The rules and calendar a stored history was replayed under: another key means replaying everyone again. */
export function historyBasisKey(rules: LifecycleRules, timeZone: string): string {
  const sorted = Object.fromEntries(Object.entries(rules).sort(([a], [b]) => (a < b ? -1 : 1)));
  return JSON.stringify({ timeZone, rules: sorted });
}

export interface TransitionQuery {
  since: string;
  until: string;
  from: readonly LifecycleStage[];
  to: readonly LifecycleStage[];
  groupBy: TransitionGroupBy;
}

/** At most this many days in one report: ten years of months, enough for any trend, small enough to plan. */
export const MAX_TRANSITION_PERIOD_DAYS = 3660;

/** A period given backwards or too long is the client's mistake: BAD_USER_INPUT. */
export function checkTransitionQuery(q: TransitionQuery): void {
  if (q.since > q.until)
    throw new RequestError(
      'BAD_USER_INPUT',
      say(`since（${q.since}）晚于 until（${q.until}）`, `since (${q.since}) is after until (${q.until})`),
    );
  const days = dayNumber(q.until) - dayNumber(q.since) + 1;
  if (days > MAX_TRANSITION_PERIOD_DAYS) {
    throw new RequestError(
      'BAD_USER_INPUT',
      say(
        `该期间有 ${days} 天；最多 ${MAX_TRANSITION_PERIOD_DAYS} 天`,
        `the period has ${days} days; at most ${MAX_TRANSITION_PERIOD_DAYS}`,
      ),
    );
  }
}

/** The company month (`YYYY-MM`) of a company day. */
export function monthOf(day: string): string {
  return day.slice(0, 7);
}
