import Decimal from 'decimal.js';
import { daysAgo, type CustomerFacts, type ScoreFigure, type ScoringPopulation } from './customer-facts';
import { countMoneyBelow, money, PERCENTS_1_TO_99, percentileDisc, percentilesDisc, sortMoney, sortNumbers } from './percentile';
import type { LifecycleStage, ValueTier } from './scoring.enums';
import type { ValueRules } from './scoring-settings';

/**
 * The value score (DOMAIN S2): four indicators of [002], each an integer 0–100, weighted in
 * integer percentages into score100 (0–10000, the score × 100), and the tier by rank.
 * Everything is integer arithmetic (divisions truncate) so the SQL compiler gives the same
 * numbers.
 */
export type ValueFacts = Pick<
  CustomerFacts,
  | 'companySize'
  | 'orderCount'
  | 'firstOrderOn'
  | 'satisfactionCount'
  | 'satisfactionSum'
  | 'openInquiryCount'
  | 'openInquiryAmount'
  | 'windowProfit'
  | 'growthRecentSpend'
  | 'growthPriorSpend'
>;

export interface ValueIndicators {
  profit: number;
  potential: number;
  lifecycle: number;
  loyalty: number;
}

export interface ValueResult {
  /** score100 / 100 with 2 decimals, e.g. '73.45'. */
  score: string;
  score100: number;
  tier: ValueTier;
  indicators: ValueIndicators;
  figures: ScoreFigure[];
}

export type ValueCuts = ScoringPopulation['valueCuts'];

/** Integer division of integers, truncating like SQL's `int / int` and `div()`. */
function idiv(a: number, b: number): number {
  return Math.trunc(a / b);
}

/** 0 without a positive window profit; else 1 + the number of profit percentiles it is above (1–100). */
export function profitPoints(windowProfit: string, profitPercentiles: readonly string[]): number {
  if (new Decimal(windowProfit).lte(0)) return 0;
  return 1 + countMoneyBelow(profitPercentiles, windowProfit);
}

export interface PotentialParts {
  inquiries: number;
  size: number;
  growth: number;
  points: number;
}

/** The open-inquiry part: 0 without open inquiries, else at least the floor, 100 at `inquiryAmountForFull`. */
export function inquiryPoints(openInquiryCount: number, openInquiryAmount: string, rules: ValueRules['potential']): number {
  if (openInquiryCount === 0) return 0;
  const full = new Decimal(rules.inquiryAmountForFull);
  const byAmount = full.lte(0) ? 100 : Decimal.min(100, new Decimal(100).times(openInquiryAmount).divToInt(full)).toNumber();
  return Math.max(rules.inquiryFloor, byAmount);
}

export function sizePoints(companySize: string | null, rules: ValueRules['potential']): number {
  const points = rules.sizePoints as Record<string, number>;
  return companySize != null && Object.prototype.hasOwnProperty.call(points, companySize) ? points[companySize] : rules.sizePoints.UNKNOWN;
}

/** 50 when spend held, towards 100 when it grew (100 at double or more), towards 0 when it fell. */
export function growthPoints(recentSpend: string, priorSpend: string): number {
  const r = new Decimal(recentSpend);
  const p = new Decimal(priorSpend);
  const g = Decimal.max(r, p);
  if (g.lte(0)) return 0;
  return new Decimal(50).times(g.plus(r).minus(p)).divToInt(g).toNumber();
}

export function potentialParts(facts: ValueFacts, rules: ValueRules['potential']): PotentialParts {
  const inquiries = inquiryPoints(facts.openInquiryCount, facts.openInquiryAmount, rules);
  const size = sizePoints(facts.companySize, rules);
  const growth = growthPoints(facts.growthRecentSpend, facts.growthPriorSpend);
  const w = rules.weights;
  return { inquiries, size, growth, points: idiv(w.inquiries * inquiries + w.size * size + w.growth * growth, 100) };
}

export interface LoyaltyParts {
  tenure: number;
  repeat: number;
  satisfaction: number;
  points: number;
}

export function loyaltyParts(facts: ValueFacts, rules: ValueRules['loyalty'], today: string): LoyaltyParts {
  const tenureDays = daysAgo(facts.firstOrderOn, today) ?? 0;
  const tenure = rules.tenureFullDays <= 0 ? 100 : Math.min(100, idiv(100 * tenureDays, rules.tenureFullDays));
  const repeat =
    facts.orderCount <= 1
      ? 0
      : rules.repeatFullOrders <= 1
        ? 100
        : Math.min(100, idiv(100 * (facts.orderCount - 1), rules.repeatFullOrders - 1));
  const satisfaction =
    facts.satisfactionCount === 0 ? rules.satisfactionNeutral : idiv(20 * facts.satisfactionSum, facts.satisfactionCount);
  const w = rules.weights;
  const points = facts.orderCount === 0 ? 0 : idiv(w.tenure * tenure + w.repeat * repeat + w.satisfaction * satisfaction, 100);
  return { tenure, repeat, satisfaction, points };
}

export function valueScore100(indicators: ValueIndicators, weights: ValueRules['weights']): number {
  return (
    weights.profit * indicators.profit +
    weights.potential * indicators.potential +
    weights.lifecycle * indicators.lifecycle +
    weights.loyalty * indicators.loyalty
  );
}

/** score100 as the score shown: 7345 → '73.45'. */
export function formatScore(score100: number): string {
  const sign = score100 < 0 ? '-' : '';
  const abs = Math.abs(score100);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** A tier needs a score strictly above its cut; no population (no cuts) means SMALL. */
export function valueTier(score100: number, cuts: ValueCuts): ValueTier {
  if (cuts == null) return 'SMALL';
  if (score100 > cuts.vip) return 'VIP';
  if (score100 > cuts.major) return 'MAJOR';
  if (score100 > cuts.ordinary) return 'ORDINARY';
  return 'SMALL';
}

/** Percentages of the three tier cuts: VIP at 100 − vip, MAJOR at 100 − (vip + major), ORDINARY at 100 − (all three). */
export function tierCutPercents(shares: ValueRules['tierShares']): { vip: number; major: number; ordinary: number } {
  const clamp = (p: number) => Math.min(100, Math.max(0, p));
  return {
    vip: clamp(100 - shares.vip),
    major: clamp(100 - (shares.vip + shares.major)),
    ordinary: clamp(100 - (shares.vip + shares.major + shares.ordinary)),
  };
}

/** Value-score cut-points over every active customer's score100; null when there are none. */
export function valueCuts(scores100: readonly number[], shares: ValueRules['tierShares']): ValueCuts {
  if (scores100.length === 0) return null;
  const sorted = sortNumbers(scores100);
  const p = tierCutPercents(shares);
  return { vip: percentileDisc(sorted, p.vip)!, major: percentileDisc(sorted, p.major)!, ordinary: percentileDisc(sorted, p.ordinary)! };
}

/** Percentiles 1–99 of window gross profit over the customers with a positive one. */
export function profitPercentiles(windowProfits: readonly string[]): string[] {
  return percentilesDisc(sortMoney(windowProfits.filter((p) => new Decimal(p).gt(0)).map((p) => money(p))), PERCENTS_1_TO_99);
}

/** The four indicators and score100 of one customer, before the tier (the tier needs everyone's score). */
export function valueIndicators(
  facts: ValueFacts,
  stage: LifecycleStage,
  percentiles: readonly string[],
  rules: ValueRules,
  today: string,
): { indicators: ValueIndicators; potential: PotentialParts; loyalty: LoyaltyParts; score100: number } {
  const potential = potentialParts(facts, rules.potential);
  const loyalty = loyaltyParts(facts, rules.loyalty, today);
  const indicators: ValueIndicators = {
    profit: profitPoints(facts.windowProfit, percentiles),
    potential: potential.points,
    lifecycle: rules.lifecyclePoints[stage],
    loyalty: loyalty.points,
  };
  return { indicators, potential, loyalty, score100: valueScore100(indicators, rules.weights) };
}

export function evaluateValue(
  facts: ValueFacts,
  stage: LifecycleStage,
  population: Pick<ScoringPopulation, 'profitPercentiles' | 'valueCuts'>,
  rules: ValueRules,
  today: string,
): ValueResult {
  const { indicators, potential, loyalty, score100 } = valueIndicators(facts, stage, population.profitPercentiles, rules, today);
  const tier = valueTier(score100, population.valueCuts);
  const cuts = population.valueCuts;
  return {
    score: formatScore(score100),
    score100,
    tier,
    indicators,
    figures: [
      { key: 'windowProfit', value: money(facts.windowProfit) },
      { key: 'profitPoints', value: indicators.profit },
      { key: 'potentialPoints', value: indicators.potential },
      { key: 'openInquiries', value: facts.openInquiryCount },
      { key: 'openInquiryAmount', value: money(facts.openInquiryAmount) },
      { key: 'inquiryPoints', value: potential.inquiries },
      { key: 'companySize', value: facts.companySize },
      { key: 'sizePoints', value: potential.size },
      { key: 'growthRecentSpend', value: money(facts.growthRecentSpend) },
      { key: 'growthPriorSpend', value: money(facts.growthPriorSpend) },
      { key: 'growthPoints', value: potential.growth },
      { key: 'stage', value: stage },
      { key: 'lifecyclePoints', value: indicators.lifecycle },
      { key: 'loyaltyPoints', value: indicators.loyalty },
      { key: 'tenurePoints', value: loyalty.tenure },
      { key: 'repeatPoints', value: loyalty.repeat },
      { key: 'satisfactionPoints', value: loyalty.satisfaction },
      { key: 'weightProfit', value: rules.weights.profit },
      { key: 'weightPotential', value: rules.weights.potential },
      { key: 'weightLifecycle', value: rules.weights.lifecycle },
      { key: 'weightLoyalty', value: rules.weights.loyalty },
      { key: 'score', value: formatScore(score100) },
      { key: 'vipCut', value: cuts ? formatScore(cuts.vip) : null },
      { key: 'majorCut', value: cuts ? formatScore(cuts.major) : null },
      { key: 'ordinaryCut', value: cuts ? formatScore(cuts.ordinary) : null },
    ],
  };
}
