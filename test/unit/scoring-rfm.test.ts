import { addDays } from '../../src/domain/common/calendar';
import { explainRfm } from '../../src/domain/scoring/explanations';
import { evaluateRfm, rfmCuts, rfmGroup, type RfmCuts, type RfmFacts } from '../../src/domain/scoring/rfm';
import type { RfmGroup } from '../../src/domain/scoring/scoring.enums';
import { DEFAULT_SCORING_SETTINGS } from '../../src/domain/scoring/scoring-settings';

const TODAY = '2026-11-23';
const RULES = DEFAULT_SCORING_SETTINGS.rfm;

const buyer = (recency: number, frequency: number, monetary: string, orderCount = frequency): RfmFacts => ({
  orderCount,
  lastOrderOn: addDays(TODAY, -recency),
  windowOrderCount: frequency,
  windowSpend: monetary,
});

describe('rfmCuts: quintiles among customers who bought in the window', () => {
  it('takes percentile_disc at 0.2, 0.4, 0.6, 0.8 with ties, ignoring customers outside the window', () => {
    const frequencies = [1, 1, 1, 1, 2, 2, 3, 5, 8, 13];
    const population = [
      ...frequencies.map((f, i) => buyer(10 * (i + 1), f, `${(i + 1) * 100}.00`)),
      { orderCount: 4, lastOrderOn: addDays(TODAY, -500), windowOrderCount: 0, windowSpend: '0.00' },
      { orderCount: 0, lastOrderOn: null, windowOrderCount: 0, windowSpend: '0.00' },
    ];
    expect(rfmCuts(population, TODAY)).toEqual({
      recency: [20, 40, 60, 80],
      frequency: [1, 1, 2, 5],
      monetary: ['200.00', '400.00', '600.00', '800.00'],
    });
  });

  it('is null when nobody bought in the window', () => {
    expect(rfmCuts([{ orderCount: 2, lastOrderOn: '2024-01-01', windowOrderCount: 0, windowSpend: '0' }], TODAY)).toBeNull();
  });
});

describe('evaluateRfm', () => {
  const cuts: RfmCuts = { recency: [10, 30, 60, 120], frequency: [1, 1, 2, 5], monetary: ['200.00', '400.00', '600.00', '800.00'] };
  it.each<[string, RfmFacts, [number, number, number], RfmGroup | null]>([
    ['bought today, often, a lot', buyer(0, 13, '5000'), [5, 5, 5], 'CHAMPIONS'],
    ['recency on a cut-point scores below it (fewer days is better)', buyer(10, 13, '5000'), [4, 5, 5], 'CHAMPIONS'],
    ['a frequency tied with two cut-points is not above them', buyer(5, 1, '100'), [5, 1, 1], 'NEW'],
    ['frequency 2: above the two cut-points of 1', buyer(5, 2, '100'), [5, 3, 1], 'POTENTIAL_LOYALIST'],
    ['frequency 3', buyer(40, 3, '450'), [3, 4, 3], 'LOYAL'],
    ['monetary exactly on a cut-point', buyer(40, 2, '400.00'), [3, 3, 2], 'NEEDS_ATTENTION'],
    ['monetary one cent above', buyer(40, 2, '400.01'), [3, 3, 3], 'NEEDS_ATTENTION'],
    ['old and frequent', buyer(200, 3, '900'), [1, 4, 5], 'LOYAL'],
    ['old, fairly frequent (F 3 is not LOYAL) → AT_RISK', buyer(200, 2, '900', 2), [1, 3, 5], 'AT_RISK'],
    ['old and rare', buyer(200, 1, '50'), [1, 1, 1], 'HIBERNATING'],
    [
      'bought, but not in the window: 0, 0, 0',
      { orderCount: 3, lastOrderOn: addDays(TODAY, -400), windowOrderCount: 0, windowSpend: '0' },
      [0, 0, 0],
      'HIBERNATING',
    ],
    ['never bought: no group', { orderCount: 0, lastOrderOn: null, windowOrderCount: 0, windowSpend: '0' }, [0, 0, 0], null],
  ])('%s', (_, facts, [r, f, m], group) => {
    const result = evaluateRfm(facts, cuts, RULES, TODAY);
    expect([result.r, result.f, result.m, result.group]).toEqual([r, f, m, group]);
  });

  it('keeps the raw figures: recency over all time, frequency and spend over the window', () => {
    const result = evaluateRfm(
      { orderCount: 7, lastOrderOn: addDays(TODAY, -42), windowOrderCount: 3, windowSpend: '1234.5' },
      cuts,
      RULES,
      TODAY,
    );
    expect([result.recencyDays, result.frequency, result.monetary]).toEqual([42, 3, '1234.50']);
    expect(result.figures).toEqual(expect.arrayContaining([{ key: 'recencyCuts', value: '10/30/60/120' }]));
  });

  it('scores 1 for a window buyer when there are no cut-points yet', () => {
    const result = evaluateRfm(buyer(3, 2, '10'), null, RULES, TODAY);
    expect([result.r, result.f, result.m]).toEqual([1, 1, 1]);
  });
});

describe('rfmGroup: the first matching rule, else NEEDS_ATTENTION', () => {
  it.each<[number, number, number, RfmGroup]>([
    [5, 5, 5, 'CHAMPIONS'],
    [4, 4, 4, 'CHAMPIONS'],
    [4, 4, 3, 'LOYAL'],
    [1, 5, 1, 'LOYAL'],
    [4, 2, 1, 'POTENTIAL_LOYALIST'],
    [5, 3, 5, 'POTENTIAL_LOYALIST'],
    [5, 1, 1, 'NEW'],
    [4, 1, 1, 'NEEDS_ATTENTION'],
    [2, 3, 1, 'AT_RISK'],
    [1, 2, 5, 'HIBERNATING'],
    [3, 3, 3, 'NEEDS_ATTENTION'],
    [3, 1, 1, 'NEEDS_ATTENTION'],
    [0, 0, 0, 'HIBERNATING'],
  ])('R%i F%i M%i → %s', (r, f, m, group) => {
    expect(rfmGroup(r, f, m, RULES)).toBe(group);
  });

  it('follows the company rules in their order; a rule without bounds matches everything', () => {
    const rules = { groups: [{ group: 'NEW' as const, r: [5, 5] as [number, number] }, { group: 'CHAMPIONS' as const }] };
    expect(rfmGroup(5, 5, 5, rules)).toBe('NEW');
    expect(rfmGroup(1, 1, 1, rules)).toBe('CHAMPIONS');
  });
});

describe('explainRfm', () => {
  const cuts: RfmCuts = { recency: [10, 30, 60, 120], frequency: [1, 1, 2, 5], monetary: ['200.00', '400.00', '600.00', '800.00'] };
  it.each<[RfmFacts, string, string]>([
    [
      buyer(42, 3, '8000'),
      'R 3: last order 42 days ago (cut-points 10/30/60/120 days); F 4: 3 orders in the window (cut-points 1/1/2/5); M 5: 8,000.00 spent in the window (cut-points 200.00/400.00/600.00/800.00): Loyal',
      'R 3:最近一笔在42天前(分位点10/30/60/120天);F 4:统计期内3笔订单(分位点1/1/2/5);M 5:统计期内消费8,000.00(分位点200.00/400.00/600.00/800.00):忠实客户',
    ],
    [
      { orderCount: 2, lastOrderOn: addDays(TODAY, -400), windowOrderCount: 0, windowSpend: '0' },
      'No completed order in the window (last one 400 days ago), so R, F and M are 0: Hibernating',
      '统计期内无成交订单(最近一笔在400天前),R、F、M均为0:休眠客户',
    ],
    [{ orderCount: 0, lastOrderOn: null, windowOrderCount: 0, windowSpend: '0' }, 'Never bought: no RFM score', '从未成交,没有RFM评分'],
  ])('%#', (facts, en, zh) => {
    const result = evaluateRfm(facts, cuts, RULES, TODAY);
    expect(explainRfm(result, 'en')).toBe(en);
    expect(explainRfm(result, 'zh')).toBe(zh);
  });
});
