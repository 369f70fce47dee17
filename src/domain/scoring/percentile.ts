import Decimal from 'decimal.js';

/**
 * Discrete percentiles, PostgreSQL's `percentile_disc` definition: over n values sorted
 * ascending, the fraction p picks the first value whose cumulative share reaches p, i.e. the
 * value at 0-based index max(0, ceil(p × n) − 1).
 *
 * The fraction is given as an integer percentage and the index is computed with integer
 * arithmetic. PostgreSQL itself multiplies in float8, so for some fractions its
 * `percentile_disc` lands one row higher (0.07 × 100 = 7.000000000000001 → the 8th value);
 * the SQL compilers therefore pick the same index from a sorted array
 * (`percentileIndexSql`) instead of calling `percentile_disc`.
 */
export function percentileDiscIndex(count: number, percent: number): number {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`percentile of ${count} values`);
  if (!Number.isInteger(percent) || percent < 0 || percent > 100)
    throw new RangeError(`percent must be an integer in 0..100, got ${percent}`);
  // ceil(percent × count / 100) for non-negative integers.
  return Math.max(0, Math.floor((percent * count + 99) / 100) - 1);
}

/** The value at `percent` of values sorted ascending; null when there are none. */
export function percentileDisc<T>(sorted: readonly T[], percent: number): T | null {
  return sorted.length === 0 ? null : sorted[percentileDiscIndex(sorted.length, percent)];
}

/** Several percentiles at once; empty when there are no values. */
export function percentilesDisc<T>(sorted: readonly T[], percents: readonly number[]): T[] {
  return sorted.length === 0 ? [] : percents.map((p) => sorted[percentileDiscIndex(sorted.length, p)]);
}

/** 1, 2, …, 99: the percentages of `profitPercentiles`. */
export const PERCENTS_1_TO_99: readonly number[] = Array.from({ length: 99 }, (_, i) => i + 1);
/** The quintile cut-points of RFM. */
export const QUINTILE_PERCENTS: readonly number[] = [20, 40, 60, 80];

export function sortNumbers(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** Decimal strings sorted by value (ascending), as written (normalize before if needed). */
export function sortMoney(values: readonly string[]): string[] {
  return values
    .map((v) => ({ v, d: new Decimal(v) }))
    .sort((a, b) => a.d.comparedTo(b.d))
    .map((x) => x.v);
}

/** How many of the cut-points are strictly below `value` (money). */
export function countMoneyBelow(cuts: readonly string[], value: string | Decimal): number {
  const x = new Decimal(value);
  return cuts.filter((c) => x.gt(c)).length;
}

/** A money string in the one canonical form every rule and compiler returns: 2 decimals. */
export function money(value: string | number | Decimal): string {
  return new Decimal(value).toFixed(2);
}
