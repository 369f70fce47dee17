import Decimal from 'decimal.js';
import { daysAgo, type CustomerFacts, type ScoreFigure, type ScoringPopulation } from './customer-facts';
import { money, percentilesDisc, QUINTILE_PERCENTS, sortMoney, sortNumbers } from './percentile';
import type { RfmGroup } from './scoring.enums';
import type { RfmGroupRule, RfmRules } from './scoring-settings';

/** What RFM reads (DOMAIN S1). */
export type RfmFacts = Pick<CustomerFacts, 'orderCount' | 'lastOrderOn' | 'windowOrderCount' | 'windowSpend'>;

export type RfmCuts = NonNullable<ScoringPopulation['rfm']>;

export interface RfmResult {
  /** Days since the last completed order, all time; null when the customer never bought. */
  recencyDays: number | null;
  /** Completed orders in the window. */
  frequency: number;
  /** Spend in the window. */
  monetary: string;
  /** Quintile scores 1–5 (5 = best) among the customers who bought in the window; 0 outside it. */
  r: number;
  f: number;
  m: number;
  /** The named group; null when the customer never bought. */
  group: RfmGroup | null;
  figures: ScoreFigure[];
}

/**
 * The quintile cut-points among customers who bought in the window: R over their days since
 * the last order, F over their window order counts, M over their window spend.
 */
export function rfmCuts(facts: readonly RfmFacts[], today: string): RfmCuts | null {
  const buyers = facts.filter((f) => f.windowOrderCount > 0);
  if (buyers.length === 0) return null;
  return {
    recency: percentilesDisc(sortNumbers(buyers.map((f) => daysAgo(f.lastOrderOn, today)!)), QUINTILE_PERCENTS),
    frequency: percentilesDisc(sortNumbers(buyers.map((f) => f.windowOrderCount)), QUINTILE_PERCENTS),
    monetary: percentilesDisc(sortMoney(buyers.map((f) => money(f.windowSpend))), QUINTILE_PERCENTS),
  };
}

/** The first group whose inclusive bounds all hold; NEEDS_ATTENTION when none does. */
export function rfmGroup(r: number, f: number, m: number, rules: RfmRules): RfmGroup {
  const within = (value: number, bounds?: [number, number]) => bounds == null || (value >= bounds[0] && value <= bounds[1]);
  const match = rules.groups.find((g: RfmGroupRule) => within(r, g.r) && within(f, g.f) && within(m, g.m));
  return match?.group ?? 'NEEDS_ATTENTION';
}

export function evaluateRfm(facts: RfmFacts, cuts: RfmCuts | null, rules: RfmRules, today: string): RfmResult {
  const recencyDays = daysAgo(facts.lastOrderOn, today);
  const frequency = facts.windowOrderCount;
  const monetary = money(facts.windowSpend);
  let r = 0;
  let f = 0;
  let m = 0;
  if (frequency > 0) {
    // Fewer days is better: one point for every cut-point the recency is below.
    r = 1 + (cuts?.recency ?? []).filter((c) => recencyDays! < c).length;
    f = 1 + (cuts?.frequency ?? []).filter((c) => frequency > c).length;
    m = 1 + (cuts?.monetary ?? []).filter((c) => new Decimal(monetary).gt(c)).length;
  }
  const group = facts.orderCount === 0 ? null : rfmGroup(r, f, m, rules);
  return {
    recencyDays,
    frequency,
    monetary,
    r,
    f,
    m,
    group,
    figures: [
      { key: 'recencyDays', value: recencyDays },
      { key: 'frequency', value: frequency },
      { key: 'monetary', value: monetary },
      { key: 'r', value: r },
      { key: 'f', value: f },
      { key: 'm', value: m },
      { key: 'recencyCuts', value: cuts ? cuts.recency.join('/') : null },
      { key: 'frequencyCuts', value: cuts ? cuts.frequency.join('/') : null },
      { key: 'monetaryCuts', value: cuts ? cuts.monetary.join('/') : null },
      { key: 'completedOrders', value: facts.orderCount },
    ],
  };
}
