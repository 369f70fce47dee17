import Decimal from 'decimal.js';
import type { ScoreFigure } from './customer-facts';
import type { TrendDirection, TrendFlag, VolumeMeasure } from './scoring.enums';
import type { TrendRules } from './scoring-settings';

/**
 * Purchase trend (DOMAIN S6, [002] 5–6): the last N full calendar months (company time zone,
 * before the current month) against the N before. Amounts are sums of completed order lines.
 */
export interface TrendFacts {
  /** 2N months, oldest first, months without purchases included (zeros). */
  months: Array<{ month: string; amount: string; quantity: string; distinctProducts: number }>;
  /** Distinct products over the last N months and over the N before. */
  recentDistinctProducts: number;
  priorDistinctProducts: number;
}

export interface TrendMonth {
  month: string;
  /** Quantity or amount, as the rules' volume measure says. */
  volume: string;
  amount: string;
  quantity: string;
  distinctProducts: number;
}

export interface TrendResult {
  direction: TrendDirection;
  volumeMeasure: VolumeMeasure;
  months: TrendMonth[];
  flags: TrendFlag[];
  recentVolume: string;
  priorVolume: string;
  recentDistinctProducts: number;
  priorDistinctProducts: number;
  figures: ScoreFigure[];
}

const volumeText = (d: Decimal, measure: VolumeMeasure) => (measure === 'AMOUNT' ? d.toFixed(2) : d.toString());

/** The months YYYY-MM of a trend as of `today`: 2N full months before today's month, oldest first. */
export function trendMonths(today: string, months: number): string[] {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7)) - 1;
  return Array.from({ length: 2 * months }, (_, i) => {
    const index = year * 12 + month - 2 * months + i;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}

export function evaluateTrend(trend: TrendFacts, rules: TrendRules): TrendResult {
  const n = Math.floor(trend.months.length / 2);
  const volumes = trend.months.map((m) => new Decimal(rules.volumeMeasure === 'AMOUNT' ? m.amount : m.quantity));
  const sum = (values: Decimal[]) => values.reduce((acc, v) => acc.plus(v), new Decimal(0));
  const prior = sum(volumes.slice(0, n));
  const recent = sum(volumes.slice(n, 2 * n));

  const flags: TrendFlag[] = [];
  // Each of the last N months strictly below the month before it (the first against the prior period's last month).
  if (n > 0 && volumes.slice(n, 2 * n).every((v, i) => v.lt(volumes[n + i - 1]))) flags.push('DECLINING_VOLUME');
  const drop = trend.priorDistinctProducts - trend.recentDistinctProducts;
  if (drop > 0 && drop >= rules.varietyDropMin && 100 * drop >= rules.varietyDropPercent * trend.priorDistinctProducts) {
    flags.push('SHRINKING_VARIETY');
  }

  let direction: TrendDirection;
  if (recent.isZero() && prior.isZero()) direction = 'NONE';
  else if (recent.minus(prior).abs().times(100).lt(Decimal.max(recent, prior).times(rules.flatPercent))) direction = 'FLAT';
  else direction = recent.gt(prior) ? 'UP' : 'DOWN';

  const months = trend.months.map((m, i) => ({ ...m, volume: volumeText(volumes[i], rules.volumeMeasure) }));
  return {
    direction,
    volumeMeasure: rules.volumeMeasure,
    months,
    flags,
    recentVolume: volumeText(recent, rules.volumeMeasure),
    priorVolume: volumeText(prior, rules.volumeMeasure),
    recentDistinctProducts: trend.recentDistinctProducts,
    priorDistinctProducts: trend.priorDistinctProducts,
    figures: [
      { key: 'volumeMeasure', value: rules.volumeMeasure },
      { key: 'months', value: n },
      { key: 'recentVolume', value: volumeText(recent, rules.volumeMeasure) },
      { key: 'priorVolume', value: volumeText(prior, rules.volumeMeasure) },
      { key: 'recentDistinctProducts', value: trend.recentDistinctProducts },
      { key: 'priorDistinctProducts', value: trend.priorDistinctProducts },
      { key: 'flatPercent', value: rules.flatPercent },
      { key: 'varietyDropPercent', value: rules.varietyDropPercent },
      { key: 'varietyDropMin', value: rules.varietyDropMin },
      ...months.flatMap((m, i) => [
        { key: `month${i + 1}`, value: m.month },
        { key: `month${i + 1}Volume`, value: m.volume },
        { key: `month${i + 1}Products`, value: m.distinctProducts },
      ]),
    ],
  };
}
