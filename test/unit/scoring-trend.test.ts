import { explainTrend } from '../../src/domain/scoring/explanations';
import type { TrendDirection, TrendFlag } from '../../src/domain/scoring/scoring.enums';
import { DEFAULT_SCORING_SETTINGS, type TrendRules } from '../../src/domain/scoring/scoring-settings';
import { evaluateTrend, trendMonths, type TrendFacts } from '../../src/domain/scoring/trend';
import { trendFactsFromRows } from '../../src/domain/scoring/trend.sql';

const RULES = DEFAULT_SCORING_SETTINGS.trend;
const MONTHS = ['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10'];

/** Six months of quantities (amount = 10 × quantity) and the distinct products of each period. */
function trend(quantities: number[], prior = 3, recent = 3): TrendFacts {
  return {
    months: quantities.map((q, i) => ({
      month: MONTHS[i],
      amount: (q * 10).toFixed(2),
      quantity: String(q),
      distinctProducts: q > 0 ? 1 : 0,
    })),
    recentDistinctProducts: recent,
    priorDistinctProducts: prior,
  };
}

describe('trendMonths', () => {
  it.each<[string, number, string[]]>([
    ['2026-11-23', 3, MONTHS],
    ['2026-01-01', 1, ['2025-11', '2025-12']],
    ['2026-03-31', 2, ['2025-11', '2025-12', '2026-01', '2026-02']],
  ])('%s, %i months', (today, n, months) => {
    expect(trendMonths(today, n)).toEqual(months);
  });
});

describe('evaluateTrend (DOMAIN S6)', () => {
  it.each<[string, number[], TrendFlag[], TrendDirection]>([
    ['three falling months after the prior period: DECLINING_VOLUME', [100, 100, 120, 90, 60, 30], ['DECLINING_VOLUME'], 'DOWN'],
    ['the first recent month equal to the last prior one: not declining', [100, 100, 120, 120, 60, 30], [], 'DOWN'],
    ['falling to zero still declines', [10, 10, 10, 3, 2, 0], ['DECLINING_VOLUME'], 'DOWN'],
    ['a rise in between: not declining', [100, 100, 120, 90, 95, 30], [], 'DOWN'],
    ['flat: within 10 %', [100, 100, 100, 100, 95, 100], [], 'FLAT'],
    ['up', [10, 10, 10, 50, 50, 50], [], 'UP'],
    ['nothing bought in six months', [0, 0, 0, 0, 0, 0], [], 'NONE'],
    ['bought only before', [5, 0, 0, 0, 0, 0], [], 'DOWN'],
  ])('%s', (_, quantities, flags, direction) => {
    const result = evaluateTrend(trend(quantities), RULES);
    expect([result.flags, result.direction]).toEqual([flags, direction]);
  });

  it('flags with the numbers that triggered the flag', () => {
    const result = evaluateTrend(trend([100, 100, 120, 90, 60, 30]), RULES);
    expect([result.recentVolume, result.priorVolume]).toEqual(['180', '320']);
    expect(result.figures).toEqual(
      expect.arrayContaining([
        { key: 'month3', value: '2026-07' },
        { key: 'month3Volume', value: '120' },
        { key: 'month4Volume', value: '90' },
        { key: 'month5Volume', value: '60' },
        { key: 'month6Volume', value: '30' },
        { key: 'recentVolume', value: '180' },
        { key: 'priorVolume', value: '320' },
      ]),
    );
    expect(explainTrend(result, 'en')).toBe(
      'Last 3 months quantity 180 against 320 in the 3 before: Down; quantity fell 3 months in a row: 2026-07 120 → 2026-08 90 → 2026-09 60 → 2026-10 30; distinct products 3 → 3',
    );
    expect(explainTrend(result, 'zh')).toBe(
      '近3个月数量180,此前3个月320:下降;数量连续3个月下降:2026-07 120 → 2026-08 90 → 2026-09 60 → 2026-10 30;购买品种3种 → 3种',
    );
  });

  it.each<[string, number, number, boolean]>([
    ['five → two ([002]): fell 60 % and by 3', 5, 2, true],
    ['four → two: 50 % and 2', 4, 2, true],
    ['four → three: 25 %', 4, 3, false],
    ['three → one: 67 % and 2', 3, 1, true],
    ['two → one: 50 % but only 1', 2, 1, false],
    ['two → zero: 100 % and 2', 2, 0, true],
    ['ten → six: by 4 but 40 %', 10, 6, false],
    ['no change', 3, 3, false],
    ['more products', 2, 5, false],
  ])('variety %s', (_, prior, recent, flagged) => {
    const result = evaluateTrend(trend([1, 1, 1, 1, 1, 1], prior, recent), RULES);
    expect(result.flags.includes('SHRINKING_VARIETY')).toBe(flagged);
  });

  it('explains the variety drop', () => {
    const result = evaluateTrend(trend([1, 1, 1, 1, 1, 1], 5, 2), RULES);
    expect(explainTrend(result, 'en')).toBe('Last 3 months quantity 3 against 3 in the 3 before: Flat; distinct products fell from 5 to 2');
    expect(explainTrend(result, 'zh')).toBe('近3个月数量3,此前3个月3:持平;购买品种从5种减少到2种');
  });

  it('measures volume by amount when the company says so', () => {
    const rules: TrendRules = { ...RULES, volumeMeasure: 'AMOUNT' };
    // Quantities fall, but amounts are given separately here: amounts rise.
    const facts = trend([100, 100, 120, 90, 60, 30]);
    facts.months = facts.months.map((m, i) => ({ ...m, amount: String(100 + i) }));
    const result = evaluateTrend(facts, rules);
    expect([result.flags, result.direction, result.recentVolume]).toEqual([[], 'FLAT', '312.00']);
  });
});

describe('trendFactsFromRows', () => {
  it('fills every month, zeros included, and the period products', () => {
    const input = { settings: DEFAULT_SCORING_SETTINGS, today: '2026-11-23', timeZone: 'Asia/Shanghai' };
    const rows = [
      { customer_id: 7, month: '2026-06', period: null, amount: '120.5', quantity: '3.000', distinct_products: 2 },
      { customer_id: 7, month: '2026-09', period: null, amount: '10', quantity: '1.500', distinct_products: 1 },
      { customer_id: 7, month: null, period: 'PRIOR', amount: '120.5', quantity: '3.000', distinct_products: 2 },
      { customer_id: 7, month: null, period: 'RECENT', amount: '10', quantity: '1.500', distinct_products: 1 },
    ];
    const map = trendFactsFromRows(rows, [7, 8], input);
    expect(map.get(7)).toEqual({
      months: [
        { month: '2026-05', amount: '0.00', quantity: '0', distinctProducts: 0 },
        { month: '2026-06', amount: '120.50', quantity: '3', distinctProducts: 2 },
        { month: '2026-07', amount: '0.00', quantity: '0', distinctProducts: 0 },
        { month: '2026-08', amount: '0.00', quantity: '0', distinctProducts: 0 },
        { month: '2026-09', amount: '10.00', quantity: '1.5', distinctProducts: 1 },
        { month: '2026-10', amount: '0.00', quantity: '0', distinctProducts: 0 },
      ],
      recentDistinctProducts: 1,
      priorDistinctProducts: 2,
    });
    expect(map.get(8)!.months.every((m) => m.amount === '0.00')).toBe(true);
    expect(evaluateTrend(map.get(8)!, DEFAULT_SCORING_SETTINGS.trend).direction).toBe('NONE');
  });
});
