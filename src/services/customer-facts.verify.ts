import type { EntityManager } from '@mikro-orm/postgresql';
import { QUALIFYING_OUTCOMES } from '../domain/records/records.enums';
import { calendarDayIn } from '../domain/common/calendar';
import { addDays } from '../domain/common/calendar';
import { dayStartSql, raw, sql } from '../domain/common/sql';
import { factsBasisOf, sameFactsBasis } from '../domain/scoring/facts-basis';
import { readScoringState } from './scoring-settings.service';

export interface FactsVerification {
  today: string;
  /** Every customer, archived ones included. */
  customers: number;
  /** Customers whose stored facts the readers use today (the others are computed from the records when read). */
  fresh: number;
  /** Customers with a stored figure or fact that differs from the recomputation. */
  mismatches: number;
  /** The first few, with the columns that differ. */
  examples: Array<{ customerId: number; columns: string[] }>;
  /** False when no basis matches the current rules and time zone: no stored fact is read, only the figures were checked. */
  basisCurrent: boolean;
}

/**
 * `npm run facts:verify`: recomputes every customer's figures and facts from the records, in
 * one statement of grouped aggregates written independently of the refresh statement
 * (customer-stats.sql.ts, per-customer laterals), and compares them with `customer_stats`.
 * The all-time figures are compared for every customer (a customer without a row must have
 * no records); the stored facts for every row the readers would use today, as of today.
 */
export async function verifyCustomerFacts(
  em: EntityManager,
  options: { timeZone: string; now: Date; examples?: number },
): Promise<FactsVerification> {
  const state = await readScoringState(em);
  const tz = options.timeZone;
  const today = calendarDayIn(options.now, tz);
  const basis = state.factsBasis;
  const basisCurrent = basis != null && sameFactsBasis(basis, factsBasisOf(state.settings, tz));
  const s = state.settings;
  const g = s.value.potential.growthWindowDays;
  const at = (days: number) => dayStartSql(addDays(today, -days), tz);
  const qualifying = raw(QUALIFYING_OUTCOMES.map((o) => `'${o}'`).join(', '));
  const day = (column: string) => sql`(${raw(column)} at time zone ${tz}::text)::date`;
  const fresh = basisCurrent
    ? sql`(cs.facts_basis = ${basis.version}::int and cs.facts_on <= ${today}::date and ${today}::date < cs.facts_valid_until)`
    : raw('false');
  const pairs: Array<[string, string, boolean]> = [
    // [column of customer_stats, expected expression, a fact (compared only when fresh)]
    ['first_order_at', 'e.first_at', false],
    ['last_order_at', 'e.last_at', false],
    ['order_count', 'e.order_count', false],
    ['total_spent', 'e.spent', false],
    ['gross_profit', 'e.profit', false],
    ['outstanding', 'e.owed', false],
    ['last_follow_up_at', 'e.f_last', false],
    ['follow_up_count', 'e.f_n', false],
    ['last_qualifying_follow_up_at', 'e.lq', false],
    ['open_inquiry_count', 'e.i_n', false],
    ['open_inquiry_amount', 'e.i_amount', false],
    ['satisfaction_count', 'e.s_n', false],
    ['satisfaction_sum', 'e.s_total', false],
    ['first_order_on', 'e.first_on', true],
    ['last_order_on', 'e.last_on', true],
    ['median_interval_days', 'e.median', true],
    ['last_follow_up_on', 'e.f_last_on', true],
    ['last_qualifying_follow_up_on', 'e.lq_on', true],
    ['recent_follow_up_count', 'e.f_recent', true],
    ['window_order_count', 'e.w_n', true],
    ['window_spend', 'e.w_spend', true],
    ['window_profit', 'e.w_profit', true],
    ['growth_recent_spend', 'e.recent', true],
    ['growth_prior_spend', 'e.prior', true],
  ];
  const differs = pairs.map(([column, expected, fact]) => {
    const cmp = `cs.${column} is distinct from ${expected}`;
    return raw(`case when cs.customer_id is null then case when ${expected} is distinct from ${zeroOf(column)} then '${column}' end
                     when ${fact ? `fr.fresh and ` : ''}${cmp} then '${column}' end`);
  });
  const differsSql = sql`array_remove(array[${raw(differs.map((d) => d.sql).join(',\n'))}]::text[], null)`;
  const statement = sql`
    with o as (
      select customer_id, min(ordered_at) as first_at, max(ordered_at) as last_at, count(*)::int as n, sum(total) as spent,
             sum(total - cost_total) as profit,
             count(*) filter (where ordered_at >= ${at(s.windowDays)})::int as w_n,
             sum(total) filter (where ordered_at >= ${at(s.windowDays)}) as w_spend,
             sum(total - cost_total) filter (where ordered_at >= ${at(s.windowDays)}) as w_profit,
             sum(total) filter (where ordered_at >= ${at(g - 1)} and ordered_at < ${at(-1)}) as recent,
             sum(total) filter (where ordered_at >= ${at(2 * g - 1)} and ordered_at < ${at(g - 1)}) as prior
        from sales_order where status = 'COMPLETED' group by customer_id),
    md as (
      select customer_id, percentile_cont(0.5) within group (order by gap) as median
        from (select customer_id, d - lag(d) over (partition by customer_id order by ordered_at) as gap
                from (select customer_id, ordered_at, ${day('ordered_at')} as d from sales_order where status = 'COMPLETED') x) y
       where gap is not null group by customer_id),
    ob as (select customer_id, sum(total - paid_total) as owed from sales_order where status in ('PENDING', 'COMPLETED') group by customer_id),
    f as (
      select customer_id, max(occurred_at) as last_at, count(*)::int as n, max(occurred_at) filter (where outcome in (${qualifying})) as lq,
             count(*) filter (where occurred_at >= ${at(s.depth.deepFollowUpDays)})::int as recent
        from follow_up group by customer_id),
    i as (select customer_id, count(*)::int as n, sum(coalesce(amount, 0)) as amount from inquiry
           where status in ('NEW', 'QUOTED', 'NEGOTIATING') group by customer_id),
    sv as (select customer_id, count(satisfaction)::int as n, sum(satisfaction)::int as total from service_case group by customer_id),
    e as (
      select c.id, o.first_at, o.last_at, coalesce(o.n, 0) as order_count, coalesce(o.spent, 0) as spent, coalesce(o.profit, 0) as profit,
             coalesce(ob.owed, 0) as owed, f.last_at as f_last, coalesce(f.n, 0) as f_n, f.lq, coalesce(i.n, 0) as i_n,
             coalesce(i.amount, 0) as i_amount, coalesce(sv.n, 0) as s_n, coalesce(sv.total, 0) as s_total,
             ${day('o.first_at')} as first_on, ${day('o.last_at')} as last_on, md.median, ${day('f.last_at')} as f_last_on,
             ${day('f.lq')} as lq_on, coalesce(f.recent, 0) as f_recent, coalesce(o.w_n, 0) as w_n, coalesce(o.w_spend, 0) as w_spend,
             coalesce(o.w_profit, 0) as w_profit, coalesce(o.recent, 0) as recent, coalesce(o.prior, 0) as prior
        from customer c
        left join o on o.customer_id = c.id left join md on md.customer_id = c.id left join ob on ob.customer_id = c.id
        left join f on f.customer_id = c.id left join i on i.customer_id = c.id left join sv on sv.customer_id = c.id),
    checked as (
      select e.id, fr.fresh, ${differsSql} as columns
        from e left join customer_stats cs on cs.customer_id = e.id
        cross join lateral (select coalesce(${fresh}, false) as fresh) fr)
    select (select count(*)::int from checked) as customers,
           (select count(*)::int from checked where fresh) as fresh,
           (select count(*)::int from checked where cardinality(columns) > 0) as mismatches,
           (select coalesce(json_agg(json_build_object('customerId', id, 'columns', columns) order by id), '[]')
              from (select id, columns from checked where cardinality(columns) > 0 order by id limit ${options.examples ?? 5}::int) x) as examples`;
  // One pass over every table: past the API's statement time-out on a large company (18 s on 1,025,000 customers).
  const [row] = await em.transactional(
    async (tx) => {
      await tx.execute(`select set_config('statement_timeout', '0', true)`);
      return tx.execute<Array<{ customers: number; fresh: number; mismatches: number; examples: FactsVerification['examples'] | string }>>(
        statement.sql,
        statement.params,
      );
    },
    { readOnly: true },
  );
  const examples = typeof row.examples === 'string' ? (JSON.parse(row.examples) as FactsVerification['examples']) : row.examples;
  return { today, customers: row.customers, fresh: row.fresh, mismatches: row.mismatches, examples, basisCurrent };
}

/** What a customer without a row of figures must have: nothing. */
function zeroOf(column: string): string {
  if (column.endsWith('_at') || column.endsWith('_on') || column === 'median_interval_days') return 'null';
  return '0';
}
