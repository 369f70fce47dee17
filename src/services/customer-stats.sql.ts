import { QUALIFYING_OUTCOMES } from '../domain/records/records.enums';

const OPEN_INQUIRY = `('NEW', 'QUOTED', 'NEGOTIATING')`;

/**
 * The statement that recomputes the figures of the customers matching `customerCondition`
 * (over `customer c`) from their records and upserts them. One definition, used by the
 * service, the demo and benchmark generators and the benchmark baseline.
 */
export function refreshCustomerStatsSql(customerCondition: string): string {
  const qualifying = QUALIFYING_OUTCOMES.map((o) => `'${o}'`).join(', ');
  return `insert into customer_stats (customer_id, first_order_at, last_order_at, order_count, total_spent, gross_profit, outstanding,
        last_follow_up_at, follow_up_count, last_qualifying_follow_up_at, open_inquiry_count, open_inquiry_amount,
        satisfaction_count, satisfaction_sum, updated_at)
     select c.id, o.first_at, o.last_at, coalesce(o.n, 0), coalesce(o.spent, 0), coalesce(o.profit, 0), coalesce(ob.owed, 0),
            f.last_at, coalesce(f.n, 0), f.last_qualifying, coalesce(i.n, 0), coalesce(i.amount, 0),
            coalesce(s.n, 0), coalesce(s.total, 0), now()
       from customer c
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
         select count(satisfaction) n, sum(satisfaction) total from service_case where customer_id = c.id) s on true
      where ${customerCondition}
     on conflict (customer_id) do update set
        first_order_at = excluded.first_order_at, last_order_at = excluded.last_order_at, order_count = excluded.order_count,
        total_spent = excluded.total_spent, gross_profit = excluded.gross_profit, outstanding = excluded.outstanding,
        last_follow_up_at = excluded.last_follow_up_at, follow_up_count = excluded.follow_up_count,
        last_qualifying_follow_up_at = excluded.last_qualifying_follow_up_at, open_inquiry_count = excluded.open_inquiry_count,
        open_inquiry_amount = excluded.open_inquiry_amount, satisfaction_count = excluded.satisfaction_count,
        satisfaction_sum = excluded.satisfaction_sum, updated_at = excluded.updated_at`;
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
