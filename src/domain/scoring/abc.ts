import Decimal from 'decimal.js';
import type { ScoreFigure, ScoringPopulation } from './customer-facts';
import { money } from './percentile';
import type { AbcClass } from './scoring.enums';
import type { AbcRules } from './scoring-settings';

/**
 * ABC classification (DOMAIN S3), Pareto on window gross profit: customers ranked by profit,
 * A while the profit of everyone ranked above stays under aShare % of the total, B under
 * bShare %, C the rest and everyone without a positive profit. Ties share a class: the rank
 * test counts only strictly greater profits.
 */
export type AbcCuts = ScoringPopulation['abcCuts'];

export interface AbcResult {
  abcClass: AbcClass;
  figures: ScoreFigure[];
}

/**
 * The smallest profit still in A and in B over the active customers' window profits:
 * the minimum profit x with (sum of profits strictly greater than x) < share % of the total.
 */
export function abcCuts(windowProfits: readonly string[], rules: AbcRules): AbcCuts {
  const positive = windowProfits.map((p) => new Decimal(p)).filter((p) => p.gt(0));
  if (positive.length === 0) return { a: null, b: null };
  const total = positive.reduce((acc, p) => acc.plus(p), new Decimal(0));
  // Distinct profits, largest first, with the sum of everything strictly greater.
  const byValue = new Map<string, { value: Decimal; sum: Decimal }>();
  for (const p of positive) {
    const key = p.toFixed(2);
    const entry = byValue.get(key);
    if (entry) entry.sum = entry.sum.plus(p);
    else byValue.set(key, { value: p, sum: p });
  }
  const distinct = [...byValue.values()].sort((x, y) => y.value.comparedTo(x.value));
  const cut = (share: number): string | null => {
    let greater = new Decimal(0);
    let smallest: Decimal | null = null;
    for (const { value, sum } of distinct) {
      if (greater.times(100).lt(total.times(share))) smallest = value;
      greater = greater.plus(sum);
    }
    return smallest == null ? null : money(smallest);
  };
  return { a: cut(rules.aShare), b: cut(rules.bShare) };
}

export function abcClass(windowProfit: string, cuts: AbcCuts): AbcClass {
  const profit = new Decimal(windowProfit);
  if (profit.lte(0)) return 'C';
  if (cuts.a != null && profit.gte(cuts.a)) return 'A';
  if (cuts.b != null && profit.gte(cuts.b)) return 'B';
  return 'C';
}

export function evaluateAbc(windowProfit: string, cuts: AbcCuts, rules: AbcRules): AbcResult {
  return {
    abcClass: abcClass(windowProfit, cuts),
    figures: [
      { key: 'windowProfit', value: money(windowProfit) },
      { key: 'aCut', value: cuts.a },
      { key: 'bCut', value: cuts.b },
      { key: 'aShare', value: rules.aShare },
      { key: 'bShare', value: rules.bShare },
    ],
  };
}
