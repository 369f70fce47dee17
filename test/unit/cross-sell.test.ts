import {
  meetsMinimumSupport,
  parseMinSupport,
  ruleFigures,
  rulesOfBaskets,
  type RuleCounts,
} from '../../src/domain/cross-sell/association-rules';
import { associationReason, percent, suggestionReason, times } from '../../src/domain/cross-sell/cross-sell-reason';
import { rankSuggestions, type OwnedProduct, type StoredRule } from '../../src/domain/cross-sell/suggestions';

const counts = (antecedentCustomers: number, consequentCustomers: number, bothCustomers: number, population: number): RuleCounts => ({
  antecedentCustomers,
  consequentCustomers,
  bothCustomers,
  population,
});

describe('ruleFigures', () => {
  it.each([
    // 310 bought X, 130 of them Y; 1000 customers, 135 bought Y: confidence 130/310, lift (130/310)/(135/1000)
    [counts(310, 135, 130, 1000), { support: 0.13, confidence: 0.419355, lift: 3.106332 }],
    [counts(2, 2, 2, 4), { support: 0.5, confidence: 1, lift: 2 }],
    [counts(3, 3, 1, 3), { support: 0.333333, confidence: 0.333333, lift: 0.333333 }],
    [counts(3, 2, 2, 6), { support: 0.333333, confidence: 0.666667, lift: 2 }],
    [counts(0, 5, 0, 10), { support: 0, confidence: 0, lift: 0 }],
  ])('%o → %o', (c, expected) => {
    expect(ruleFigures(c)).toEqual(expected);
  });
});

describe('meetsMinimumSupport', () => {
  it.each([
    [counts(5, 5, 5, 1000), '0.005', true],
    [counts(5, 5, 4, 1000), '0.005', false],
    [counts(5, 5, 1, 3), '0.333333', true],
    [counts(5, 5, 1, 3), '0.3333334', false],
    [counts(5, 5, 0, 3), '0', false],
  ])('%o at %s → %s', (c, min, expected) => {
    expect(meetsMinimumSupport(c, min)).toBe(expected);
  });
});

describe('parseMinSupport', () => {
  it.each([
    [0.01, { value: '0.01' }],
    ['0', { value: '0' }],
    [1, { value: '1' }],
  ])('accepts %s', (input, expected) => {
    expect(parseMinSupport(input)).toEqual(expected);
  });
  it.each([[-0.01], [1.5], ['abc'], [0.123456789], [Number.NaN]])('refuses %s', (input) => {
    expect(parseMinSupport(input)).toEqual({
      problem: { zh: expect.stringContaining('最小支持度'), en: expect.stringContaining('minimum support') },
    });
  });
});

describe('rulesOfBaskets', () => {
  it('counts customers, not orders, and yields both directions of a pair', () => {
    const baskets = new Map([
      [1, new Set([10, 20])],
      [2, new Set([10, 20, 30])],
      [3, new Set([10])],
      [4, new Set([30])],
    ]);
    const rules = rulesOfBaskets(baskets, '0.25');
    expect(
      rules.map((r) => [r.antecedentId, r.consequentId, r.antecedentCustomers, r.consequentCustomers, r.bothCustomers, r.population]),
    ).toEqual([
      [10, 20, 3, 2, 2, 4],
      [10, 30, 3, 2, 1, 4],
      [20, 10, 2, 3, 2, 4],
      [20, 30, 2, 2, 1, 4],
      [30, 10, 2, 3, 1, 4],
      [30, 20, 2, 2, 1, 4],
    ]);
    expect(rules[0]).toMatchObject({ support: 0.5, confidence: 0.666667, lift: 1.333333 });
    expect(rulesOfBaskets(baskets, '0.3').map((r) => [r.antecedentId, r.consequentId])).toEqual([
      [10, 20],
      [20, 10],
    ]);
  });
});

const rule = (antecedentId: number, consequentId: number, c: RuleCounts): StoredRule => ({
  antecedentId,
  consequentId,
  ...c,
  ...ruleFigures(c),
});
const durable = (productId: number, orderedOn = '2026-01-01'): OwnedProduct => ({
  productId,
  usageCycleDays: null,
  orderedOn,
  quantity: '1',
});
const consumable = (productId: number, orderedOn: string, quantity: string, usageCycleDays: number): OwnedProduct => ({
  productId,
  usageCycleDays,
  orderedOn,
  quantity,
});

describe('rankSuggestions', () => {
  const today = '2026-12-06';
  const printer = 1;
  const toner = 2; // consumable, 60-day cycle
  const paper = 3; // consumable, 30-day cycle
  const shredder = 4; // durable
  const projector = 5; // durable
  const rules = [
    rule(printer, toner, counts(100, 120, 80, 1000)), // confidence 0.8, lift 6.67
    rule(printer, paper, counts(100, 300, 60, 1000)), // 0.6, lift 2
    rule(printer, shredder, counts(100, 200, 30, 1000)), // 0.3, lift 1.5
    rule(printer, projector, counts(100, 500, 40, 1000)), // 0.4, lift 0.8: no reason
    rule(shredder, projector, counts(200, 500, 110, 1000)), // 0.55, lift 1.1
    rule(projector, shredder, counts(500, 200, 110, 1000)), // antecedent not bought
  ];

  it('suggests the consequents of the bought products with lift above 1, strongest rule first', () => {
    const out = rankSuggestions({ owned: [durable(printer), durable(shredder)], rules, today, warningDays: 7 });
    expect(out.map((s) => [s.productId, s.rule.antecedentId, s.score, s.repurchase])).toEqual([
      [toner, printer, 0.8, null],
      [paper, printer, 0.6, null],
      [projector, shredder, 0.55, null], // the printer's rule has lift 0.8; the shredder's explains it
    ]);
  });

  it('leaves out a durable the customer has and a consumable not yet due; puts a due one first', () => {
    // toner: 2 × 60 days from 2026-08-02 → used up 2026-11-30, due 2026-11-23: due.
    // paper: 1 × 30 days from 2026-11-20 → used up 2026-12-20, due 2026-12-13: in use.
    const owned = [durable(printer), consumable(toner, '2026-08-02', '2', 60), consumable(paper, '2026-11-20', '1', 30), durable(shredder)];
    const out = rankSuggestions({ owned, rules, today, warningDays: 7 });
    expect(out.map((s) => s.productId)).toEqual([toner, projector]);
    expect(out[0].repurchase).toEqual({
      orderedOn: '2026-08-02',
      quantity: '2',
      usageCycleDays: 60,
      usedUpOn: '2026-11-30',
      dueOn: '2026-11-23',
    });
  });

  it('is due exactly on the warning day (dueOn = today) and not a day before', () => {
    const owned = (orderedOn: string) => [durable(printer), consumable(paper, orderedOn, '1', 30)];
    // 2026-11-13 + 30 = 2026-12-13, − 7 = 2026-12-06 = today
    expect(rankSuggestions({ owned: owned('2026-11-13'), rules, today, warningDays: 7 }).map((s) => s.productId)).toContain(paper);
    expect(rankSuggestions({ owned: owned('2026-11-14'), rules, today, warningDays: 7 }).map((s) => s.productId)).not.toContain(paper);
    expect(rankSuggestions({ owned: owned('2026-11-14'), rules, today, warningDays: 8 }).map((s) => s.productId)).toContain(paper);
  });

  it('orders due consumables by due day, then the rest by score, lift and id', () => {
    const r = [
      rule(printer, toner, counts(100, 120, 50, 1000)),
      rule(printer, paper, counts(100, 300, 70, 1000)),
      rule(printer, 9, counts(100, 120, 50, 1000)),
      rule(printer, 8, counts(100, 120, 50, 1000)),
    ];
    const owned = [durable(printer), consumable(toner, '2026-01-01', '1', 60), consumable(paper, '2026-06-01', '1', 30)];
    expect(rankSuggestions({ owned, rules: r, today, warningDays: 7 }).map((s) => s.productId)).toEqual([toner, paper, 8, 9]);
  });

  it('suggests nothing to a customer without purchases', () => {
    expect(rankSuggestions({ owned: [], rules, today, warningDays: 7 })).toEqual([]);
  });
});

describe('explanations', () => {
  const r = { ...counts(310, 135, 130, 1000), ...ruleFigures(counts(310, 135, 130, 1000)) };
  it('says who bought what, in Chinese and English', () => {
    expect(associationReason(r, { antecedent: '激光打印机', consequent: '硒鼓' }, 'en')).toBe(
      'bought by 42% of the 310 customers who bought 激光打印机; 3.1× the usual rate',
    );
    expect(associationReason(r, { antecedent: '激光打印机', consequent: '硒鼓' }, 'zh')).toBe(
      '购买过 激光打印机 的 310 位客户中有 42% 也买了 硒鼓，是平均水平的 3.1 倍',
    );
  });

  it('puts the used-up figures first for a due consumable', () => {
    const repurchase = { orderedOn: '2026-10-01', quantity: '2.000', usageCycleDays: 60, usedUpOn: '2026-11-30', dueOn: '2026-11-23' };
    expect(suggestionReason({ rule: r, repurchase }, { antecedent: '激光打印机', consequent: '硒鼓' }, 'en')).toBe(
      'last purchase 2026-10-01 of 2 × 硒鼓, usage cycle 60 days: used up around 2026-11-30; bought by 42% of the 310 customers who bought 激光打印机; 3.1× the usual rate',
    );
    expect(suggestionReason({ rule: r, repurchase }, { antecedent: '激光打印机', consequent: '硒鼓' }, 'zh')).toBe(
      '上次购买 2026-10-01：2 × 硒鼓，使用周期 60 天，预计 2026-11-30 前后用完；购买过 激光打印机 的 310 位客户中有 42% 也买了 硒鼓，是平均水平的 3.1 倍',
    );
  });

  it.each([
    [0.419355, '42%'],
    [0.1, '10%'],
    [0.075, '7.5%'],
    [0.003, '0.3%'],
    [1, '100%'],
  ])('percent(%s) = %s', (share, text) => {
    expect(percent(share)).toBe(text);
  });

  it.each([
    [3.106332, '3.1'],
    [2, '2.0'],
    [1.05, '1.1'],
  ])('times(%s) = %s', (lift, text) => {
    expect(times(lift)).toBe(text);
  });
});
