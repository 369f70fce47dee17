import { derivedStageSql } from '../../src/domain/lifecycle/lifecycle-stage.sql';
import type { ScoringPopulation } from '../../src/domain/scoring/customer-facts';
import { customerFactsSql, type CustomerTarget, type ScoringSqlInput } from '../../src/domain/scoring/customer-facts.sql';
import { pgArray, sql } from '../../src/domain/common/sql';
import { customerScoresSql } from '../../src/domain/scoring/customer-scores.sql';
import { populationFromRow, populationSql } from '../../src/domain/scoring/population.sql';
import { DEFAULT_SCORING_SETTINGS, type ScoringSettings } from '../../src/domain/scoring/scoring-settings';
import { trendFactsSql } from '../../src/domain/scoring/trend.sql';

/**
 * The SQL compilers as text: parameters only, one `?` per parameter, and a text that depends on
 * the shape of the rules, not on their numbers or the day (so PostgreSQL can reuse plans).
 * What the statements compute is checked against the evaluators in
 * test/integration/scoring-property.test.ts.
 */

// Numbers no statement would contain by accident.
const ODD: ScoringSettings = {
  ...DEFAULT_SCORING_SETTINGS,
  windowDays: 377,
  lifecycle: { ...DEFAULT_SCORING_SETTINGS.lifecycle, prospectWindowDays: 173, lostAfterDays: 389, dormancyMinDays: 83 },
  depth: { deepFollowUps: 7, deepFollowUpDays: 87, recentFollowUpDays: 27, recentOrderDays: 97, contactDays: 187 },
  value: { ...DEFAULT_SCORING_SETTINGS.value, weights: { profit: 37, potential: 23, lifecycle: 19, loyalty: 21 } },
};
const INPUT: ScoringSqlInput = { settings: ODD, today: '2026-11-23', timeZone: 'Asia/Shanghai' };
const POPULATION: ScoringPopulation = {
  rfm: { recency: [11, 31, 61, 121], frequency: [1, 2, 3, 5], monetary: ['100.00', '200.00', '300.00', '400.00'] },
  profitPercentiles: Array.from({ length: 99 }, (_, i) => `${i + 1}.00`),
  valueCuts: { vip: 7001, major: 5001, ordinary: 2001 },
  abcCuts: { a: '700.00', b: '200.00' },
  customerCount: 10,
  buyerCount: 5,
};
const IDS: CustomerTarget = { ids: [3, 1, 2] };

const statements: Array<[string, { sql: string; params: unknown[] }]> = [
  ['facts of a page', customerFactsSql(INPUT, IDS)],
  ['facts of every active customer', customerFactsSql(INPUT, { allActive: true })],
  ['population', populationSql(INPUT)],
  ['scores of a page', customerScoresSql(INPUT, POPULATION, IDS)],
  ['scores of every active customer', customerScoresSql(INPUT, POPULATION, { allActive: true })],
  ['trend', trendFactsSql(INPUT, [1, 2])],
];

describe('scoring SQL as text', () => {
  it.each(statements)('%s: one ? per parameter, no ?? (a knex identifier)', (_, statement) => {
    expect(statement.sql.split('?').length - 1).toBe(statement.params.length);
    expect(statement.sql).not.toContain('??');
  });

  it.each(statements)('%s: the settings and the day are parameters, not text', (_, statement) => {
    for (const literal of ['377', '173', '389', '83', '87', '187', '2026-11-23', 'Asia/Shanghai', '7001', '700.00']) {
      expect(statement.sql).not.toContain(literal);
    }
  });

  it('the page path reads orders and follow-ups per customer (the indexes), the set path by grouping', () => {
    const page = customerFactsSql(INPUT, IDS).sql;
    expect(page).toContain('so.customer_id = c.id');
    expect(page).toContain('fu.customer_id = c.id');
    expect(page).not.toMatch(/group by so\.customer_id/);
    const all = customerFactsSql(INPUT, { allActive: true }).sql;
    expect(all).toContain('c.archived_at is null');
    expect(all).toMatch(/group by so\.customer_id/);
  });

  it('the text does not change with the day, the ids or the numbers of the rules', () => {
    const other: ScoringSqlInput = { settings: DEFAULT_SCORING_SETTINGS, today: '2025-01-02', timeZone: 'Europe/Berlin' };
    expect(customerFactsSql(other, { ids: [9] }).sql).toBe(customerFactsSql(INPUT, IDS).sql);
    expect(populationSql(other).sql).toBe(populationSql(INPUT).sql);
    expect(derivedStageSql(DEFAULT_SCORING_SETTINGS.lifecycle, '2025-01-02', 'x').sql).toBe(
      derivedStageSql(ODD.lifecycle, '2026-11-23', 'x').sql,
    );
  });

  it('ids travel as one array parameter', () => {
    const statement = customerFactsSql(INPUT, IDS);
    expect(statement.params).toContain('{3,1,2}');
    expect(customerFactsSql(INPUT, { ids: [] }).params).toContain('{}');
  });

  it('pgArray refuses anything but numbers', () => {
    expect(pgArray([1, '2.50', '-3'])).toBe('{1,2.50,-3}');
    expect(() => pgArray(['1,2'])).toThrow();
    expect(() => pgArray(['1}; drop table customer; --'])).toThrow();
    expect(() => pgArray([Number.NaN])).toThrow();
  });

  it('sql`` nests fragments with their parameters in order', () => {
    const inner = sql`b = ${2}`;
    const outer = sql`a = ${1} and ${inner} and c = ${3}`;
    expect([outer.sql, outer.params]).toEqual(['a = ? and b = ? and c = ?', [1, 2, 3]]);
  });
});

describe('populationFromRow', () => {
  it('reads the row, normalizing money to two decimals', () => {
    expect(
      populationFromRow({
        rfm_recency: [11, 31, 61, 121],
        rfm_frequency: [1, 2, 3, 5],
        rfm_monetary: ['100', '200.5', '300.00', '400.00'],
        profit_percentiles: ['1.5', '2'],
        value_vip: 7001,
        value_major: 5001,
        value_ordinary: 2001,
        abc_a: '700',
        abc_b: null,
        customer_count: 10,
        buyer_count: 5,
      }),
    ).toEqual({
      rfm: { recency: [11, 31, 61, 121], frequency: [1, 2, 3, 5], monetary: ['100.00', '200.50', '300.00', '400.00'] },
      profitPercentiles: ['1.50', '2.00'],
      valueCuts: { vip: 7001, major: 5001, ordinary: 2001 },
      abcCuts: { a: '700.00', b: null },
      customerCount: 10,
      buyerCount: 5,
    });
  });

  it('an empty company: no cut-points', () => {
    expect(
      populationFromRow({
        rfm_recency: null,
        rfm_frequency: null,
        rfm_monetary: null,
        profit_percentiles: '{}',
        value_vip: null,
        abc_a: null,
        abc_b: null,
        customer_count: 0,
        buyer_count: 0,
      }),
    ).toEqual({ rfm: null, profitPercentiles: [], valueCuts: null, abcCuts: { a: null, b: null }, customerCount: 0, buyerCount: 0 });
  });
});
