import type { ScoringPopulation } from '../../src/domain/scoring/customer-facts';
import { type ScoringSqlInput } from '../../src/domain/scoring/customer-facts.sql';
import { raw, type SqlFragment } from '../../src/domain/common/sql';
import { DEFAULT_SCORING_SETTINGS } from '../../src/domain/scoring/scoring-settings';
import { SEGMENT_FIELD_KEYS } from '../../src/domain/segments/segment-ast';
import { SEGMENT_FIELDS } from '../../src/domain/segments/segment-fields';
import { parseSegment } from '../../src/domain/segments/segment-parser';
import {
  customerScopeSql,
  segmentCountSql,
  segmentMembersQuerySql,
  segmentNeeds,
  segmentPageSql,
  type SegmentSqlContext,
} from '../../src/domain/segments/segment.sql';

/**
 * The compiler as text: parameters only (one `?` each, no user text in the statement), a
 * statement text that depends on the filter's shape and not on its values or the day, and
 * only the joins a filter needs. What the statements find is checked against PostgreSQL in
 * test/integration/segment-language.test.ts.
 */

const POPULATION: ScoringPopulation = {
  rfm: { recency: [11, 31, 61, 121], frequency: [1, 2, 3, 5], monetary: ['100.00', '200.00', '300.00', '400.00'] },
  profitPercentiles: Array.from({ length: 99 }, (_, i) => `${i + 1}.00`),
  valueCuts: { vip: 7001, major: 5001, ordinary: 2001 },
  abcCuts: { a: '700.00', b: '200.00' },
  customerCount: 10,
  buyerCount: 5,
};
const input = (today: string): ScoringSqlInput => ({ settings: DEFAULT_SCORING_SETTINGS, today, timeZone: 'Asia/Shanghai' });
const ctx = (today = '2026-11-23'): SegmentSqlContext => ({ scoring: input(today), population: POPULATION });
const ALL = raw('true');

const statements = (text: string, c = ctx()): Array<[string, SqlFragment]> => {
  const node = parseSegment(text);
  return [
    ['count', segmentCountSql(node, c, ALL)],
    ['page', segmentPageSql(node, c, ALL, { limit: 21, afterId: 40 })],
    ['members', segmentMembersQuerySql(node, c, ALL)],
  ];
};

const EXAMPLES = SEGMENT_FIELD_KEYS.map((k) => SEGMENT_FIELDS[k].example);
const ODD_VALUES = [
  `name = "'; drop table customer; --"`,
  `city IN ("$1", "?", "\\\\", "it's", "%_")`,
  `custom(note) CONTAINS "a'b\\"c"`,
  `bought_product("x' or '1'='1")`,
  `bought_category("?")`,
  `tags CONTAINS "?? $2"`,
];

describe('segment SQL as text', () => {
  it.each([...EXAMPLES, ...ODD_VALUES])('%s: one ? per parameter, no ?? (a knex identifier)', (text) => {
    for (const [, s] of statements(text)) {
      expect(s.sql.split('?').length - 1).toBe(s.params.length);
      expect(s.sql).not.toContain('??');
    }
  });

  it.each(ODD_VALUES)('%s: values are parameters, never statement text', (text) => {
    const node = parseSegment(text);
    const s = segmentCountSql(node, ctx(), ALL);
    for (const value of ["'; drop", "it's", '$1', "x' or", 'a\'b"c', '%_', '$2']) {
      expect(s.sql).not.toContain(value);
    }
    expect(s.params.length).toBeGreaterThan(0);
  });

  it.each(EXAMPLES)('%s: the statement text depends on the shape, not on the day or the values', (text) => {
    const a = segmentCountSql(parseSegment(text), ctx('2026-11-23'), ALL);
    const b = segmentCountSql(parseSegment(text), ctx('2027-03-31'), ALL);
    expect(b.sql).toBe(a.sql);
    for (const literal of ['2026-11-23', '2027-03-31', 'Asia/Shanghai', '7001', '耗材', '决策人', '10000'])
      expect(a.sql).not.toContain(literal);
  });

  it('relative dates become days as of today, company time zone', () => {
    const s = segmentCountSql(parseSegment('last_order_at < -90d AND created_at >= -3m'), ctx('2026-05-31'), ALL);
    expect(s.params).toEqual(expect.arrayContaining(['2026-03-02', '2026-02-28', 'Asia/Shanghai']));
  });

  it('value_score compares score × 100 as an integer', () => {
    const s = segmentCountSql(parseSegment('value_score >= 60.5'), ctx(), ALL);
    expect(s.params).toContain('6050');
  });
});

describe('only the parts a filter uses are joined', () => {
  const cases: Array<[string, Partial<Record<'stats' | 'orders' | 'scores' | 'stage' | 'trend', boolean>>]> = [
    ['city_tier = 1 AND tags CONTAINS "x" AND custom(level) = "A"', {}],
    ['city_tier = 1 AND last_order_at < -90d AND total_spent > 500', { stats: true }],
    ['orders_within(90d) >= 2', { orders: true }],
    ['NOT bought_category("耗材")', { orders: true }],
    ['stage IN (REPEAT, LOYAL)', { stage: true, stats: true, orders: true }],
    ['stage IN (REPEAT, LOYAL) AND value_tier = VIP', { scores: true, orders: true }],
    ['member_level = GOLD', { scores: true, orders: true }],
    ['trend_flag(DECLINING_VOLUME)', { trend: true, orders: true }],
  ];

  it.each(cases)('%s', (text, parts) => {
    const node = parseSegment(text);
    const s = segmentCountSql(node, ctx(), ALL).sql;
    // The statement's own joins follow its FROM; the stage and scores relations join the figures inside.
    expect(/^select count\(\*\)::int as n from customer c\s+left join customer_stats s/.test(s)).toBe(Boolean(parts.stats));
    expect(segmentNeeds(node).stats).toBe(Boolean(parts.stats));
    expect(s.includes('sales_order')).toBe(Boolean(parts.orders));
    expect(/\) sco on/.test(s)).toBe(Boolean(parts.scores));
    expect(/\) stg\b/.test(s)).toBe(Boolean(parts.stage));
    expect(/\) tr on/.test(s)).toBe(Boolean(parts.trend));
    expect(segmentNeeds(node).population).toBe(Boolean(parts.scores));
    if (!parts.scores) expect(() => segmentCountSql(node, { scoring: input('2026-11-23'), population: null }, ALL)).not.toThrow();
  });

  it('every statement keeps archived customers out and applies the scope', () => {
    const scope = customerScopeSql({ kind: 'owner', userId: 7 });
    for (const s of [
      segmentCountSql(parseSegment('kind = PERSON'), ctx(), scope),
      segmentPageSql(parseSegment('kind = PERSON'), ctx(), scope, { limit: 5, afterId: null }),
      segmentMembersQuerySql(parseSegment('kind = PERSON'), ctx(), scope),
    ]) {
      expect(s.sql).toContain('c.archived_at is null');
      expect(s.sql).toContain('c.owner_id = ?::int');
      expect(s.params).toContain(7);
    }
  });

  it('scores every active customer as sets, or with scoreWithinScope only the scope, customer by customer', () => {
    const scope = customerScopeSql({ kind: 'owner', userId: 7 });
    const node = parseSegment('value_tier = VIP');
    const sets = segmentCountSql(node, ctx(), scope);
    expect(sets.sql).toMatch(/group by so\.customer_id/);
    expect(sets.sql).not.toContain('left join lateral');
    expect(sets.params.filter((p) => p === 7)).toHaveLength(1); // the statement's own scope only
    const within = segmentCountSql(node, { ...ctx(), scoreWithinScope: true }, scope);
    expect(within.sql).not.toMatch(/group by so\.customer_id/);
    expect(within.sql).toMatch(/left join lateral \(\s*select count\(\*\) filter/);
    expect(within.sql).toMatch(/where c\.archived_at is null and \(c\.owner_id = \?::int\)/);
    expect(within.params.filter((p) => p === 7)).toHaveLength(2); // the scores' target and the statement
  });

  it('NOT coalesces only what can be NULL, so NOT EXISTS stays an anti-join', () => {
    expect(segmentCountSql(parseSegment('NOT bought_category("x")'), ctx(), ALL).sql).toMatch(/not \(exists/);
    expect(segmentCountSql(parseSegment('NOT city = "x"'), ctx(), ALL).sql).toMatch(/not coalesce\(c\.city = \?, false\)/);
  });

  it('pages: limit and cursor are parameters; bad ones are refused', () => {
    const s = segmentPageSql(parseSegment('kind = PERSON'), ctx(), ALL, { limit: 21, afterId: 40 });
    expect(s.sql).toMatch(/c\.id > \?::int\s+order by c\.id\s+limit \?::int$/);
    expect(s.params.slice(-2)).toEqual([40, 21]);
    expect(() => segmentPageSql(parseSegment('kind = PERSON'), ctx(), ALL, { limit: -1, afterId: null })).toThrow();
    expect(() => segmentPageSql(parseSegment('kind = PERSON'), ctx(), ALL, { limit: 1.5, afterId: null })).toThrow();
  });

  it('an unchecked tree is refused', () => {
    expect(() => segmentCountSql({ kind: 'condition', field: 'stage', op: 'LT', values: ['NEW'] }, ctx(), ALL)).toThrow(/not checked/);
  });
});
