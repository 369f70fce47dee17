import { QUALIFYING_OUTCOMES } from '../domain/records/records.enums';
import { factsLateralsSql, type WindowEdges } from '../domain/scoring/customer-facts.sql';
import { raw } from '../domain/common/sql';

const OPEN_INQUIRY = `('NEW', 'QUOTED', 'NEGOTIATING')`;

/** The columns of customer_stats that hold the customer facts (stored-facts.sql.ts reads them). */
const FACTS_COLUMNS = [
  'facts_basis',
  'facts_on',
  'facts_valid_until',
  'first_order_on',
  'last_order_on',
  'median_interval_days',
  'last_follow_up_on',
  'last_qualifying_follow_up_on',
  'recent_follow_up_count',
  'window_order_count',
  'window_spend',
  'window_profit',
  'growth_recent_spend',
  'growth_prior_spend',
];

/**
 * The statement that recomputes the figures and facts of the customers matching
 * `customerCondition` (over `customer c`) from their records and upserts them. One
 * definition, used by the service after every record write, the facts job, the demo and
 * benchmark generators and the benchmark baseline.
 *
 * The facts are computed under the stored basis (`customer_facts_basis`: time zone and
 * window lengths) as of `today` (a `YYYY-MM-DD` day; by default the current day in the
 * basis's time zone), with the day their window figures next change. Without a basis row
 * they are left unset (the readers then compute them from the records). The statement has
 * no parameters of its own, so callers may use either placeholder style in the condition.
 */
export function refreshCustomerStatsSql(customerCondition: string, options: { today?: string } = {}): string {
  const qualifying = QUALIFYING_OUTCOMES.map((o) => `'${o}'`).join(', ');
  if (options.today != null && !/^\d{4}-\d{2}-\d{2}$/.test(options.today)) throw new Error(`not a day: ${options.today}`);
  const today = options.today == null ? `(now() at time zone b.time_zone)::date` : `'${options.today}'::date`;
  const tz = raw('fb.time_zone');
  const dayStart = (days: string) => raw(`((fb.today - ${days})::timestamp at time zone fb.time_zone)`);
  const edges: WindowEdges = {
    window: dayStart('fb.window_days'),
    recentFrom: dayStart('(fb.growth_days - 1)'),
    priorFrom: dayStart('(2 * fb.growth_days - 1)'),
    tomorrow: dayStart('(-1)'),
    low: dayStart('greatest(fb.window_days, 2 * fb.growth_days - 1)'),
    followUps: dayStart('fb.follow_up_days'),
  };
  const facts = factsLateralsSql(edges, tz, {
    today: raw('fb.today'),
    windowDays: raw('fb.window_days'),
    growthDays: raw('fb.growth_days'),
    followUpDays: raw('fb.follow_up_days'),
  });
  if (facts.params.length > 0) throw new Error('the facts laterals of the refresh must not take parameters');
  const localDay = (column: string) => `(${column} at time zone fb.time_zone)::date`;
  return `insert into customer_stats (customer_id, first_order_at, last_order_at, order_count, total_spent, gross_profit, outstanding,
        last_follow_up_at, follow_up_count, last_qualifying_follow_up_at, open_inquiry_count, open_inquiry_amount,
        satisfaction_count, satisfaction_sum, updated_at, ${FACTS_COLUMNS.join(', ')})
     select c.id, o.first_at, o.last_at, coalesce(o.n, 0), coalesce(o.spent, 0), coalesce(o.profit, 0), coalesce(ob.owed, 0),
            f.last_at, coalesce(f.n, 0), f.last_qualifying, coalesce(i.n, 0), coalesce(i.amount, 0),
            coalesce(s.n, 0), coalesce(s.total, 0), now(),
            fb.version, fb.today,
            case when fb.version is not null then coalesce(least(w.window_next, w.growth_next, fu.next), 'infinity'::date) end,
            ${localDay('o.first_at')}, ${localDay('o.last_at')}, md.median,
            ${localDay('f.last_at')}, ${localDay('f.last_qualifying')},
            fu.n, w.n, coalesce(w.spend, 0), coalesce(w.profit, 0), coalesce(w.recent, 0), coalesce(w.prior, 0)
       from customer c
       left join lateral (
         select b.version, b.time_zone, b.window_days, b.growth_days, b.follow_up_days, ${today} as today
           from customer_facts_basis b where b.id = 1) fb on true
       left join lateral (
         select min(ordered_at) first_at, max(ordered_at) last_at, count(*) n, sum(total) spent, sum(total - cost_total) profit
           from sales_order where customer_id = c.id and status = 'COMPLETED') o on true
       left join lateral (
         select sum(total - paid_total) owed from sales_order where customer_id = c.id and status in ('PENDING', 'COMPLETED')) ob on true
       left join lateral (
         select max(occurred_at) last_at, count(*) n, max(occurred_at) filter (where outcome in (${qualifying})) last_qualifying
           from follow_up where customer_id = c.id) f on true
       left join lateral (
         select count(*) n, sum(coalesce(amount, 0)) amount from inquiry where customer_id = c.id and status in ${OPEN_INQUIRY}) i on true
       left join lateral (
         select count(satisfaction) n, sum(satisfaction) total from service_case where customer_id = c.id) s on true${facts.sql}
      where ${customerCondition}
     on conflict (customer_id) do update set
        first_order_at = excluded.first_order_at, last_order_at = excluded.last_order_at, order_count = excluded.order_count,
        total_spent = excluded.total_spent, gross_profit = excluded.gross_profit, outstanding = excluded.outstanding,
        last_follow_up_at = excluded.last_follow_up_at, follow_up_count = excluded.follow_up_count,
        last_qualifying_follow_up_at = excluded.last_qualifying_follow_up_at, open_inquiry_count = excluded.open_inquiry_count,
        open_inquiry_amount = excluded.open_inquiry_amount, satisfaction_count = excluded.satisfaction_count,
        satisfaction_sum = excluded.satisfaction_sum, updated_at = excluded.updated_at,
        ${FACTS_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}`;
}

/**
 * The columns of customer_stats the scoring population reads, as one comparable value per
 * row (see the list beside `bumpScoringDataVersion`). The last qualifying follow-up counts
 * only while the customer has no completed order: the stage rule (derivedStageSql) reads
 * it for leads and prospects alone.
 */
const SCORING_FINGERPRINT = `row(order_count, first_order_at, last_order_at, satisfaction_count, satisfaction_sum,
        open_inquiry_count, open_inquiry_amount,
        case when order_count = 0 or last_order_at is null then last_qualifying_follow_up_at end)::text`;

/**
 * `refreshCustomerStatsSql`, answering one row with `scoring_changed`: how many of the
 * refreshed rows changed in a column the scoring population reads (a new row counts). The
 * `before` CTE sees the rows as they were: every part of one statement reads the same
 * snapshot, the upsert's effects are visible only through its RETURNING.
 */
export function refreshCustomerStatsReportingSql(customerCondition: string, beforeCondition: string): string {
  return `with before as (
       select customer_id, ${SCORING_FINGERPRINT} as fingerprint from customer_stats where ${beforeCondition}),
     after as (
       ${refreshCustomerStatsSql(customerCondition)}
       returning customer_id, ${SCORING_FINGERPRINT} as fingerprint)
     select count(*) filter (where b.fingerprint is distinct from a.fingerprint)::int as scoring_changed
       from after a left join before b on b.customer_id = a.customer_id`;
}
