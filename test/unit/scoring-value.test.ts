import { type ScoringPopulation } from '../../src/domain/scoring/customer-facts';
import { addDays } from '../../src/domain/common/calendar';
import { explainValue } from '../../src/domain/scoring/explanations';
import type { LifecycleStage, ValueTier } from '../../src/domain/scoring/scoring.enums';
import { DEFAULT_SCORING_SETTINGS } from '../../src/domain/scoring/scoring-settings';
import {
  evaluateValue,
  formatScore,
  growthPoints,
  inquiryPoints,
  loyaltyParts,
  potentialParts,
  profitPercentiles,
  profitPoints,
  sizePoints,
  valueCuts,
  valueScore100,
  valueTier,
  type ValueFacts,
} from '../../src/domain/scoring/value';

const TODAY = '2026-11-23';
const RULES = DEFAULT_SCORING_SETTINGS.value;

function facts(partial: Partial<ValueFacts> = {}): ValueFacts {
  return {
    companySize: null,
    orderCount: 0,
    firstOrderOn: null,
    satisfactionCount: 0,
    satisfactionSum: 0,
    openInquiryCount: 0,
    openInquiryAmount: '0.00',
    windowProfit: '0.00',
    growthRecentSpend: '0.00',
    growthPriorSpend: '0.00',
    ...partial,
  };
}

describe('profit indicator: percentile of window gross profit', () => {
  const cuts = Array.from({ length: 99 }, (_, i) => `${(i + 1) * 10}.00`); // 10, 20, …, 990
  it.each<[string, number]>([
    ['-50.00', 0],
    ['0.00', 0],
    ['0.01', 1],
    ['10.00', 1],
    ['10.01', 2],
    ['500.00', 50],
    ['990.00', 99],
    ['990.01', 100],
    ['1000000', 100],
  ])('profit %s → %i', (profit, points) => {
    expect(profitPoints(profit, cuts)).toBe(points);
  });

  it('ties share the points', () => {
    const tied = profitPercentiles(['100', '100', '100', '100', '200', '-5', '0']);
    expect(tied.length).toBe(99);
    expect(profitPoints('100', tied)).toBe(1 + tied.filter((c) => Number(c) < 100).length);
    expect(profitPoints('100', tied)).toBe(1);
    expect(profitPoints('200', tied)).toBe(81);
  });

  it('percentiles only over positive profits; none without them', () => {
    expect(profitPercentiles(['0', '-10'])).toEqual([]);
    expect(profitPercentiles(['5'])).toEqual(Array(99).fill('5.00'));
  });
});

describe('potential indicator', () => {
  const P = RULES.potential;
  it.each<[string, number, string, number]>([
    ['no open inquiry', 0, '0', 0],
    ['an open inquiry without an amount: the floor', 1, '0', 20],
    ['¥10,000: 10 points, lifted to the floor', 1, '10000', 20],
    ['¥50,000', 2, '50000', 50],
    ['¥99,999.99 truncates to 99', 1, '99999.99', 99],
    ['¥100,000: full', 1, '100000', 100],
    ['¥250,000: still 100', 3, '250000', 100],
  ])('inquiries: %s', (_, count, amount, points) => {
    expect(inquiryPoints(count, amount, P)).toBe(points);
  });

  it.each<[string | null, number]>([
    [null, 20],
    ['MICRO', 10],
    ['LARGE', 80],
    ['ENTERPRISE', 100],
    ['SOMETHING_ELSE', 20],
  ])('size %p → %i', (size, points) => {
    expect(sizePoints(size, P)).toBe(points);
  });

  it.each<[string, string, number]>([
    ['0', '0', 0],
    ['100', '100', 50],
    ['200', '100', 75],
    ['300', '100', 83],
    ['100', '0', 100],
    ['50', '100', 25],
    ['0', '100', 0],
  ])('growth: recent %s vs prior %s → %i', (recent, prior, points) => {
    expect(growthPoints(recent, prior)).toBe(points);
  });

  it('weighs the three parts in integer percent, truncating', () => {
    // 40 × 50 + 30 × 80 + 30 × 75 = 6650 → 66
    const parts = potentialParts(
      facts({ openInquiryCount: 1, openInquiryAmount: '50000', companySize: 'LARGE', growthRecentSpend: '200', growthPriorSpend: '100' }),
      P,
    );
    expect(parts).toEqual({ inquiries: 50, size: 80, growth: 75, points: 66 });
  });
});

describe('loyalty indicator', () => {
  const L = RULES.loyalty;
  it.each<[string, Partial<ValueFacts>, { tenure: number; repeat: number; satisfaction: number; points: number }]>([
    ['never bought: 0', {}, { tenure: 0, repeat: 0, satisfaction: 60, points: 0 }],
    ['first order today, unrated', { orderCount: 1, firstOrderOn: TODAY }, { tenure: 0, repeat: 0, satisfaction: 60, points: 18 }],
    [
      'three years, ten orders, all 5 stars',
      { orderCount: 10, firstOrderOn: addDays(TODAY, -1095), satisfactionCount: 3, satisfactionSum: 15 },
      { tenure: 100, repeat: 100, satisfaction: 100, points: 100 },
    ],
    [
      '547 days (49.95 → 49), 4 orders (33), ratings 4 and 5 (90)',
      { orderCount: 4, firstOrderOn: addDays(TODAY, -547), satisfactionCount: 2, satisfactionSum: 9 },
      { tenure: 49, repeat: 33, satisfaction: 90, points: 56 },
    ],
    [
      'longer than full tenure and more orders than full: capped',
      { orderCount: 30, firstOrderOn: addDays(TODAY, -3000), satisfactionCount: 1, satisfactionSum: 1 },
      { tenure: 100, repeat: 100, satisfaction: 20, points: 76 },
    ],
  ])('%s', (_, partial, expected) => {
    expect(loyaltyParts(facts(partial), L, TODAY)).toEqual(expected);
  });
});

describe('score and tier', () => {
  it('score100 = 40 profit + 20 potential + 20 lifecycle + 20 loyalty', () => {
    expect(valueScore100({ profit: 80, potential: 55, lifecycle: 70, loyalty: 66 }, RULES.weights)).toBe(7020);
    expect(valueScore100({ profit: 100, potential: 100, lifecycle: 100, loyalty: 100 }, RULES.weights)).toBe(10000);
  });

  it.each<[number, string]>([
    [7345, '73.45'],
    [5, '0.05'],
    [0, '0.00'],
    [10000, '100.00'],
    [1005, '10.05'],
  ])('formatScore(%i) = %s', (score100, text) => {
    expect(formatScore(score100)).toBe(text);
  });

  it('cuts: VIP top 5 %, MAJOR next 15 %, ORDINARY next 30 % of 20 scores', () => {
    const scores = Array.from({ length: 20 }, (_, i) => (i + 1) * 100); // 100 … 2000
    const cuts = valueCuts(scores, RULES.tierShares)!;
    expect(cuts).toEqual({ vip: 1900, major: 1600, ordinary: 1000 });
    const tiers = scores.map((s) => valueTier(s, cuts));
    expect(tiers.filter((t) => t === 'VIP').length).toBe(1);
    expect(tiers.filter((t) => t === 'MAJOR').length).toBe(3);
    expect(tiers.filter((t) => t === 'ORDINARY').length).toBe(6);
    expect(tiers.filter((t) => t === 'SMALL').length).toBe(10);
  });

  it.each<[number, ValueTier]>([
    [9000, 'VIP'],
    [7001, 'VIP'],
    [7000, 'MAJOR'],
    [5001, 'MAJOR'],
    [5000, 'ORDINARY'],
    [2001, 'ORDINARY'],
    [2000, 'SMALL'],
    [0, 'SMALL'],
  ])('score100 %i with cuts 7000 / 5000 / 2000 → %s (strictly above a cut)', (score100, tier) => {
    expect(valueTier(score100, { vip: 7000, major: 5000, ordinary: 2000 })).toBe(tier);
  });

  it('no population yet: SMALL; ties at the cut stay below it', () => {
    expect(valueTier(9999, null)).toBe('SMALL');
    expect(valueCuts([], RULES.tierShares)).toBeNull();
    const cuts = valueCuts(Array(40).fill(500), RULES.tierShares)!;
    expect(valueTier(500, cuts)).toBe('SMALL');
  });
});

describe('evaluateValue', () => {
  const population: Pick<ScoringPopulation, 'profitPercentiles' | 'valueCuts'> = {
    profitPercentiles: Array.from({ length: 99 }, (_, i) => `${(i + 1) * 10}.00`),
    valueCuts: { vip: 7000, major: 5000, ordinary: 2000 },
  };
  it.each<
    [
      string,
      Partial<ValueFacts>,
      LifecycleStage,
      { profit: number; potential: number; lifecycle: number; loyalty: number },
      number,
      ValueTier,
    ]
  >([
    ['a lead with nothing', {}, 'LEAD', { profit: 0, potential: 6, lifecycle: 10, loyalty: 0 }, 320, 'SMALL'],
    [
      'a loyal, profitable, large customer',
      {
        companySize: 'LARGE',
        orderCount: 12,
        firstOrderOn: addDays(TODAY, -1200),
        satisfactionCount: 2,
        satisfactionSum: 10,
        windowProfit: '995',
        growthRecentSpend: '100',
        growthPriorSpend: '100',
      },
      'LOYAL',
      { profit: 100, potential: 39, lifecycle: 90, loyalty: 100 },
      8580,
      'VIP',
    ],
    [
      'the lifecycle points are those of the stage given (an override)',
      { orderCount: 3, firstOrderOn: addDays(TODAY, -100), windowProfit: '300' },
      'LOST',
      // loyalty: tenure 100 × 100 / 1095 = 9, repeat 100 × 2 / 9 = 22, unrated 60 → (360 + 660 + 1800) / 100 = 28
      { profit: 30, potential: 6, lifecycle: 0, loyalty: 28 },
      1880,
      'SMALL',
    ],
  ])('%s', (_, partial, stage, indicators, score100, tier) => {
    const result = evaluateValue(facts(partial), stage, population, RULES, TODAY);
    expect([result.indicators, result.score100, result.score, result.tier]).toEqual([indicators, score100, formatScore(score100), tier]);
  });

  it('explains the score with its parts and the cuts', () => {
    const result = evaluateValue(
      facts({
        companySize: 'LARGE',
        orderCount: 12,
        firstOrderOn: addDays(TODAY, -1200),
        satisfactionCount: 2,
        satisfactionSum: 10,
        windowProfit: '995',
        growthRecentSpend: '100',
        growthPriorSpend: '100',
      }),
      'LOYAL',
      population,
      RULES,
      TODAY,
    );
    expect(explainValue(result, 'en')).toBe(
      'Value score 85.80 = profit 100 × 40% + potential 39 × 20% + lifecycle 90 × 20% + loyalty 100 × 20%. ' +
        'Profit: 995.00 gross profit in the window; potential: 0 open inquiries worth 0.00 (0 points), size Large (250–999) (80 points), ' +
        'recent spend 100.00 against 100.00 before (50 points); lifecycle: Loyal customer; loyalty: tenure 100, repeat 100, satisfaction 100 points. ' +
        'VIP above 70.00, Major above 50.00, Ordinary above 20.00 → VIP',
    );
    expect(explainValue(result, 'zh')).toBe(
      '价值分85.80 = 利润100×40% + 潜力39×20% + 生命周期90×20% + 忠诚度100×20%。' +
        '利润:统计期毛利995.00;潜力:0条未结询盘共0.00(0分),规模大型(250–999人)(80分),近期消费100.00对比此前100.00(50分);' +
        '生命周期:忠诚客户;忠诚度:客龄100分、复购100分、满意度100分。VIP线70.00,主要客户线50.00,普通客户线20.00 → VIP客户',
    );
  });
});
