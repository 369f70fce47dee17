import { type CustomerFacts, type ScoreFigure } from '../scoring/customer-facts';
import { dayNumber } from '../common/calendar';
import type { LifecycleStage } from '../scoring/scoring.enums';
import type { LifecycleRules } from '../scoring/scoring-settings';

/** What the stage rule reads (DOMAIN L1). */
export type StageFacts = Pick<
  CustomerFacts,
  | 'orderCount'
  | 'firstOrderOn'
  | 'lastOrderOn'
  | 'medianIntervalDays'
  | 'satisfactionCount'
  | 'satisfactionSum'
  | 'openInquiryCount'
  | 'lastQualifyingFollowUpOn'
  | 'override'
>;

/** Why a customer is in its derived stage; `explainStage` turns it into words. */
export type StageReason =
  | { code: 'NO_ORDER_NO_INTEREST' }
  | { code: 'OPEN_INQUIRY'; openInquiries: number }
  | { code: 'QUALIFYING_FOLLOW_UP'; daysAgo: number; windowDays: number }
  | { code: 'LOST_SILENT'; daysAgo: number; lostAfterDays: number }
  | { code: 'DORMANT_SILENT'; daysAgo: number; thresholdDays: number }
  | { code: 'LOYAL_ORDERS'; orders: number; minOrders: number }
  | { code: 'LOYAL_LONG_SATISFIED'; orders: number; spanDays: number; averageSatisfaction: number }
  | { code: 'REPEAT_ORDERS'; orders: number }
  | { code: 'FIRST_ORDER'; orders: number };

export interface StageResult {
  /** The stage in force: the override's when there is one. */
  stage: LifecycleStage;
  /** The stage the rules give, whatever the override. */
  derivedStage: LifecycleStage;
  reason: StageReason;
  /** max(minimum, multiplier × median interval); null for customers without orders. */
  dormancyThresholdDays: number | null;
  figures: ScoreFigure[];
}

/** The dormancy threshold of a buyer: its own buying cycle × k, never below the minimum. */
export function dormancyThresholdDays(medianIntervalDays: number | null, rules: LifecycleRules): number {
  return medianIntervalDays == null
    ? rules.dormancyMinDays
    : Math.max(rules.dormancyMinDays, rules.dormancyCycleMultiplier * medianIntervalDays);
}

/**
 * The stage facts as the rule reads them, with days as day numbers (`dayNumber`: days since
 * 1970-01-01), so that loops such as the lifecycle replay need not parse day strings.
 */
export interface StageDayFacts {
  orderCount: number;
  firstOrderDay: number | null;
  lastOrderDay: number | null;
  medianIntervalDays: number | null;
  satisfactionCount: number;
  satisfactionSum: number;
  openInquiryCount: number;
  lastQualifyingFollowUpDay: number | null;
  /** The stage of the override in force, if any. */
  overrideStage: LifecycleStage | null;
}

/** What the stage rule gives, without the figures that `evaluateStage` adds for explanations. */
export interface DerivedStage {
  /** The stage in force: the override's when there is one. */
  stage: LifecycleStage;
  /** The stage the rules give, whatever the override. */
  derivedStage: LifecycleStage;
  reason: StageReason;
  /** max(minimum, multiplier × median interval); null for customers without orders. */
  threshold: number | null;
}

/** Derives the lifecycle stage of one customer from its figures as of `today` (DOMAIN L1 and the default rules). */
export function evaluateStage(facts: StageFacts, rules: LifecycleRules, today: string): StageResult {
  const todayNumber = dayNumber(today);
  const lastOrderDay = facts.lastOrderOn == null ? null : dayNumber(facts.lastOrderOn);
  const derived = deriveStage(
    {
      orderCount: facts.orderCount,
      firstOrderDay: facts.firstOrderOn == null ? null : dayNumber(facts.firstOrderOn),
      lastOrderDay,
      medianIntervalDays: facts.medianIntervalDays,
      satisfactionCount: facts.satisfactionCount,
      satisfactionSum: facts.satisfactionSum,
      openInquiryCount: facts.openInquiryCount,
      lastQualifyingFollowUpDay: facts.lastQualifyingFollowUpOn == null ? null : dayNumber(facts.lastQualifyingFollowUpOn),
      overrideStage: facts.override?.stage ?? null,
    },
    rules,
    todayNumber,
  );
  const figures: ScoreFigure[] = [
    { key: 'completedOrders', value: facts.orderCount },
    { key: 'lastOrderOn', value: facts.lastOrderOn },
    { key: 'daysSinceLastOrder', value: lastOrderDay == null ? null : todayNumber - lastOrderDay },
    { key: 'medianDaysBetweenOrders', value: facts.medianIntervalDays },
    { key: 'dormancyThresholdDays', value: derived.threshold },
    { key: 'openInquiries', value: facts.openInquiryCount },
    { key: 'lastQualifyingFollowUpOn', value: facts.lastQualifyingFollowUpOn },
    { key: 'averageSatisfaction', value: averageSatisfaction(facts) },
  ];
  if (facts.override) figures.push({ key: 'overrideStage', value: facts.override.stage });
  return {
    stage: derived.stage,
    derivedStage: derived.derivedStage,
    reason: derived.reason,
    dormancyThresholdDays: derived.threshold,
    figures,
  };
}

/**
 * The stage rule itself, the one definition of it: `evaluateStage` and the lifecycle replay
 * (`lifecycle-history.ts`) both decide with it, and `lifecycle-stage.sql.ts` compiles the
 * same branches to SQL. `today` is a day number, like the days of `facts`.
 */
export function deriveStage(facts: StageDayFacts, rules: LifecycleRules, today: number): DerivedStage {
  const derived = deriveFromRules(facts, rules, today);
  return { stage: facts.overrideStage ?? derived.stage, derivedStage: derived.stage, reason: derived.reason, threshold: derived.threshold };
}

function deriveFromRules(
  facts: StageDayFacts,
  rules: LifecycleRules,
  today: number,
): { stage: LifecycleStage; reason: StageReason; threshold: number | null } {
  if (facts.orderCount === 0 || facts.lastOrderDay == null) {
    if (facts.openInquiryCount > 0) {
      return { stage: 'PROSPECT', reason: { code: 'OPEN_INQUIRY', openInquiries: facts.openInquiryCount }, threshold: null };
    }
    const followUpDaysAgo = facts.lastQualifyingFollowUpDay == null ? null : today - facts.lastQualifyingFollowUpDay;
    if (followUpDaysAgo != null && followUpDaysAgo <= rules.prospectWindowDays) {
      return {
        stage: 'PROSPECT',
        reason: { code: 'QUALIFYING_FOLLOW_UP', daysAgo: followUpDaysAgo, windowDays: rules.prospectWindowDays },
        threshold: null,
      };
    }
    return { stage: 'LEAD', reason: { code: 'NO_ORDER_NO_INTEREST' }, threshold: null };
  }
  const silentDays = today - facts.lastOrderDay;
  const threshold = dormancyThresholdDays(facts.medianIntervalDays, rules);
  if (silentDays > rules.lostAfterDays) {
    return { stage: 'LOST', reason: { code: 'LOST_SILENT', daysAgo: silentDays, lostAfterDays: rules.lostAfterDays }, threshold };
  }
  if (silentDays > threshold) {
    return { stage: 'DORMANT', reason: { code: 'DORMANT_SILENT', daysAgo: silentDays, thresholdDays: threshold }, threshold };
  }
  if (facts.orderCount >= rules.loyalMinOrders) {
    return { stage: 'LOYAL', reason: { code: 'LOYAL_ORDERS', orders: facts.orderCount, minOrders: rules.loyalMinOrders }, threshold };
  }
  const spanDays = facts.firstOrderDay == null ? 0 : facts.lastOrderDay - facts.firstOrderDay;
  if (
    facts.orderCount >= rules.loyalAltMinOrders &&
    spanDays >= rules.loyalAltMinSpanDays &&
    facts.satisfactionCount > 0 &&
    facts.satisfactionSum >= rules.loyalAltMinSatisfaction * facts.satisfactionCount
  ) {
    return {
      stage: 'LOYAL',
      reason: { code: 'LOYAL_LONG_SATISFIED', orders: facts.orderCount, spanDays, averageSatisfaction: averageSatisfaction(facts) ?? 0 },
      threshold,
    };
  }
  if (facts.orderCount >= rules.repeatMinOrders) {
    return { stage: 'REPEAT', reason: { code: 'REPEAT_ORDERS', orders: facts.orderCount }, threshold };
  }
  return { stage: 'NEW', reason: { code: 'FIRST_ORDER', orders: facts.orderCount }, threshold };
}

function averageSatisfaction(facts: Pick<StageFacts, 'satisfactionCount' | 'satisfactionSum'>): number | null {
  return facts.satisfactionCount === 0 ? null : Math.round((facts.satisfactionSum / facts.satisfactionCount) * 100) / 100;
}
