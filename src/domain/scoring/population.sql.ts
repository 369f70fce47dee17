import type { ScoringPopulation } from './customer-facts';
import { type ScoringSqlInput } from './customer-facts.sql';
import { raw, sql, type SqlFragment } from '../common/sql';
import { scoredCtesSql } from './customer-scores.sql';
import { money, QUINTILE_PERCENTS } from './percentile';
import { tierCutPercents } from './value';

/**
 * The company-wide cut-points (`ScoringPopulation`) over every active customer, in one
 * statement returning one row. The TypeScript reference is `computePopulation`
 * (customer-scores.ts); percentiles are taken as `percentile.ts` defines them, from
 * arrays sorted in SQL, with integer index arithmetic (see `percentileAtSql`).
 */

/** The element of a sorted 1-based array `arr` of `n` values at `percent`, as percentile.ts picks it. */
export function percentileAtSql(arr: SqlFragment, n: SqlFragment, percent: number | SqlFragment): SqlFragment {
  const p = typeof percent === 'number' ? sql`${percent}::bigint` : percent;
  return sql`${arr}[greatest(1, (${p} * ${n} + 99) / 100)::int]`;
}

function percentilesArraySql(arr: SqlFragment, n: SqlFragment, percents: readonly number[]): SqlFragment {
  const items = percents.map((p) => percentileAtSql(arr, n, p));
  return sql`array[${items.reduce((acc, item, i) => (i === 0 ? item : sql`${acc}, ${item}`), raw(''))}]`;
}

export function populationSql(input: ScoringSqlInput): { sql: string; params: unknown[] } {
  const { settings, today } = input;
  const tiers = tierCutPercents(settings.value.tierShares);
  const profitCutsCtes = sql`
    pp as (
      select coalesce(array_agg(fx.window_profit order by fx.window_profit), '{}') as arr, count(*)::int as n
        from fx where fx.window_profit > 0),
    pc as (
      select array(select ${percentileAtSql(raw('pp.arr'), raw('pp.n'), raw('k::bigint'))} from generate_series(1, 99) k where pp.n > 0 order by k) as cuts,
             array(select -${percentileAtSql(raw('pp.arr'), raw('pp.n'), raw('k::bigint'))} from generate_series(99, 1, -1) k where pp.n > 0 order by k desc) as neg
        from pp),
`;
  return sql`
    with ${scoredCtesSql(input, { allActive: true }, raw('pc'), profitCutsCtes)},
    buyers as (
      select count(*)::int as n,
             array_agg(b.recency order by b.recency) as recency,
             array_agg(b.window_order_count order by b.window_order_count) as frequency,
             array_agg(b.window_spend order by b.window_spend) as monetary
        from (select ${today}::date - fx.last_order_on as recency, fx.window_order_count, fx.window_spend
                from fx where fx.window_order_count > 0) b),
    score_list as materialized (select sc.score100 from sc),
    scores as (select count(*)::int as n, array_agg(l.score100 order by l.score100) as arr from score_list l),
    abc_values as (
      select fx.window_profit as v, sum(fx.window_profit) as total from fx where fx.window_profit > 0 group by fx.window_profit),
    abc_greater as (
      select v, sum(total) over (order by v desc rows between unbounded preceding and current row) - total as greater from abc_values),
    abc_total as (select coalesce(sum(total), 0) as t from abc_values),
    abc as (
      select min(g.v) filter (where 100 * g.greater < ${settings.abc.aShare}::int * t.t) as a,
             min(g.v) filter (where 100 * g.greater < ${settings.abc.bShare}::int * t.t) as b
        from abc_greater g cross join abc_total t)
    select case when buyers.n = 0 then null else ${percentilesArraySql(raw('buyers.recency'), raw('buyers.n'), QUINTILE_PERCENTS)} end as rfm_recency,
           case when buyers.n = 0 then null else ${percentilesArraySql(raw('buyers.frequency'), raw('buyers.n'), QUINTILE_PERCENTS)} end as rfm_frequency,
           case when buyers.n = 0 then null else ${percentilesArraySql(raw('buyers.monetary'), raw('buyers.n'), QUINTILE_PERCENTS)}::text[] end as rfm_monetary,
           pc.cuts::text[] as profit_percentiles,
           case when scores.n = 0 then null else ${percentileAtSql(raw('scores.arr'), raw('scores.n'), tiers.vip)} end as value_vip,
           case when scores.n = 0 then null else ${percentileAtSql(raw('scores.arr'), raw('scores.n'), tiers.major)} end as value_major,
           case when scores.n = 0 then null else ${percentileAtSql(raw('scores.arr'), raw('scores.n'), tiers.ordinary)} end as value_ordinary,
           abc.a::text as abc_a, abc.b::text as abc_b,
           scores.n as customer_count, buyers.n as buyer_count
      from buyers, pc, scores, abc`;
}

function textArray(value: unknown): string[] {
  if (value == null) return [];
  if (Array.isArray(value)) return value.map(String);
  // An array PostgreSQL sent as text, e.g. {1.50,2.00}.
  const inner = String(value).replace(/^\{|\}$/g, '');
  return inner === '' ? [] : inner.split(',');
}

export function populationFromRow(row: Record<string, unknown>): ScoringPopulation {
  const hasRfm = row.rfm_recency != null;
  const hasValue = row.value_vip != null;
  return {
    rfm: hasRfm
      ? {
          recency: textArray(row.rfm_recency).map(Number),
          frequency: textArray(row.rfm_frequency).map(Number),
          monetary: textArray(row.rfm_monetary).map((m) => money(m)),
        }
      : null,
    profitPercentiles: textArray(row.profit_percentiles).map((m) => money(m)),
    valueCuts: hasValue ? { vip: Number(row.value_vip), major: Number(row.value_major), ordinary: Number(row.value_ordinary) } : null,
    abcCuts: { a: row.abc_a == null ? null : money(String(row.abc_a)), b: row.abc_b == null ? null : money(String(row.abc_b)) },
    customerCount: Number(row.customer_count ?? 0),
    buyerCount: Number(row.buyer_count ?? 0),
  };
}
