import { say, type Bilingual } from '../common/bilingual';
import { calendarDayIn } from '../common/calendar';

/**
 * Follow-ups (DOMAIN R1): the company's standard process for prospects is an ordered list
 * of steps; a customer has done a step when one of its follow-ups records that step. The
 * timing rules of a follow-up live here too, since "next follow-up" is a calendar day in
 * the company's time zone while the contact itself is an instant.
 */

/** What the progress needs of a step; entities fit, so the API can return them as they are. */
export interface ProcessStep {
  id: number;
  key: string;
  name: string;
  position: number;
  active: boolean;
}

/** A follow-up of the customer that recorded a step. */
export interface StepRecord {
  stepId: number;
  occurredAt: Date;
}

export interface StepProgress<S> {
  step: S;
  done: boolean;
  /** When the step was first done, null when it is not. */
  doneAt: Date | null;
}

export interface FollowUpProgress<S> {
  steps: Array<StepProgress<S>>;
  completedCount: number;
  totalCount: number;
  /** The first active step, by position, that is not done; null when all are. */
  next: S | null;
}

/** Steps in process order: by position, ties by creation (id). */
export function inProcessOrder<S extends ProcessStep>(steps: readonly S[]): S[] {
  return [...steps].sort((a, b) => a.position - b.position || a.id - b.id);
}

/**
 * The progress of one customer through the active steps. Inactive steps are left out even
 * when done: they are no longer part of the process the manager checks.
 */
export function followUpProgress<S extends ProcessStep>(steps: readonly S[], records: readonly StepRecord[]): FollowUpProgress<S> {
  const firstDone = new Map<number, Date>();
  for (const r of records) {
    const seen = firstDone.get(r.stepId);
    if (!seen || r.occurredAt < seen) firstDone.set(r.stepId, r.occurredAt);
  }
  const active = inProcessOrder(steps.filter((s) => s.active));
  const progress = active.map((step) => ({ step, done: firstDone.has(step.id), doneAt: firstDone.get(step.id) ?? null }));
  return {
    steps: progress,
    completedCount: progress.filter((p) => p.done).length,
    totalCount: progress.length,
    next: progress.find((p) => !p.done)?.step ?? null,
  };
}

/** How far in the future a contact may be dated: clocks of phones and servers differ. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

export interface FollowUpTiming {
  occurredAt: Date;
  nextFollowUpOn: string | null;
}

/**
 * What is wrong with the dates of a follow-up: it cannot have happened in the future, and
 * the next one cannot be planned before the day of this one (in the company's time zone).
 */
export function followUpTimingProblems(
  timing: FollowUpTiming,
  now: Date,
  timeZone: string,
): Array<['occurredAt' | 'nextFollowUpOn', Bilingual]> {
  const problems: Array<['occurredAt' | 'nextFollowUpOn', Bilingual]> = [];
  if (timing.occurredAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
    problems.push(['occurredAt', say('不能晚于当前时间', 'must not be in the future')]);
  }
  const day = calendarDayIn(timing.occurredAt, timeZone);
  if (timing.nextFollowUpOn != null && timing.nextFollowUpOn < day) {
    problems.push(['nextFollowUpOn', say(`不能早于本次跟进的日期（${day}）`, `must not be before the day of the follow-up (${day})`)]);
  }
  return problems;
}
