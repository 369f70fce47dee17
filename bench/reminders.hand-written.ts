import Decimal from 'decimal.js';
import type { StaffViewer } from '../src/domain/access/viewer';
import type { ReminderSqlInput } from '../src/domain/reminders/reminder-rules.sql';
import { FRESH, SCORE } from './hand-written-scoring';

/**
 * The reminders question written by hand for the benchmark (issue 13): the default rules of
 * DOMAIN over the stored facts (rows fresh today; the benchmark runs the facts job first),
 * without the rule compilers. `$1` today, `$2` now, `$3` the time zone, `$4` the negated
 * profit percentiles, `$5`…`$7` the VIP / MAJOR / ORDINARY cut-points. Answers
 * `customer:kind:key` ids in the urgency order, like `reminders(first: 50)`.
 */
function scopeOf(viewer: StaffViewer): string {
  switch (viewer.role) {
    case 'ADMIN':
      return 'true';
    case 'SALES':
      return `c.owner_id = ${Number(viewer.userId)}`;
    case 'MANAGER':
      return `(c.owner_id = ${Number(viewer.userId)} or c.department_id = any(array(select d.id from department d where d.path like '${viewer.departmentPath!.replace(/'/g, "''")}' || '%')))`;
  }
}

function statement(input: ReminderSqlInput, viewer: StaffViewer): string {
  const today = input.scoring.today;
  const month = (back: number) => {
    const d = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 1 - back, 1));
    return d.toISOString().slice(0, 10);
  };
  // Trend: the 3 full months before this one against the 3 before; the volume rule compares
  // months -4 (the prior period's last), -3, -2, -1 by quantity.
  const m = [6, 5, 4, 3, 2, 1, 0].map(month);
  const at = (day: string) => `('${day}'::date::timestamp at time zone $3)`;
  return `
  with t as materialized (
    select c.id as customer_id, c.owner_id, c.birthday, c.important_dates, (c.created_at at time zone $3)::date as created_on,
           s.order_count, s.first_order_on, s.last_order_on, s.median_interval_days, s.last_follow_up_on,
           case when ${SCORE} > $5::int then 'VIP' when ${SCORE} > $6::int then 'MAJOR' when ${SCORE} > $7::int then 'ORDINARY' else 'SMALL' end as tier
      from customer c join customer_stats s on s.customer_id = c.id
      left join lifecycle_override o on o.customer_id = c.id and o.cleared_at is null
      cross join (select $4::numeric[] as neg) pc
     where c.archived_at is null and ${FRESH} and ${scopeOf(viewer)}),
  occ as materialized (
    select t.customer_id, 'PRODUCT_USED_UP' as kind, p.product_id || ':' || p.order_id as k, p.ordered_on + floor(p.quantity * p.usage_cycle_days)::int - 7 as due_on, null::timestamptz as deadline
      from t cross join lateral (
        select distinct on (x.product_id) x.*, pr.usage_cycle_days
          from (select l.product_id, o.id as order_id, (o.ordered_at at time zone $3)::date as ordered_on, sum(l.quantity) as quantity
                  from sales_order o join order_line l on l.order_id = o.id where o.customer_id = t.customer_id and o.status = 'COMPLETED' group by l.product_id, o.id) x
          join product pr on pr.id = x.product_id and pr.usage_cycle_days is not null
         order by x.product_id, x.ordered_on desc, x.order_id desc) p
     where p.ordered_on + floor(p.quantity * p.usage_cycle_days)::int - 7 <= $1::date
    union all
    select t.customer_id, 'MAINTENANCE_DUE', p.product_id || ':' || to_char(p.since, 'YYYY-MM-DD'), p.since + p.maintenance_interval_days - 7, null
      from t cross join lateral (
        select y.product_id, y.maintenance_interval_days, greatest(y.ordered_on, y.maintained) as since
          from (select distinct on (l.product_id) l.product_id, pr.maintenance_interval_days, (o.ordered_at at time zone $3)::date as ordered_on,
                       (select max((m.resolved_at at time zone $3)::date) from service_case m
                         where m.customer_id = t.customer_id and m.product_id = l.product_id and m.type = 'MAINTENANCE' and m.resolved_at is not null) as maintained
                  from sales_order o join order_line l on l.order_id = o.id join product pr on pr.id = l.product_id and pr.maintenance_interval_days is not null
                 where o.customer_id = t.customer_id and o.status = 'COMPLETED'
                 order by l.product_id, (o.ordered_at at time zone $3)::date desc, o.id desc) y) p
     where p.since + p.maintenance_interval_days - 7 <= $1::date
    union all
    select customer_id, 'NO_FOLLOW_UP', 'since:' || to_char(last_follow_up_on, 'YYYY-MM-DD'), last_follow_up_on + 30, null
      from t where owner_id is not null and last_follow_up_on + 30 <= $1::date
    union all
    select customer_id, 'NEVER_FOLLOWED_UP', 'never', created_on + 7, null from t where owner_id is not null and last_follow_up_on is null and created_on + 7 <= $1::date
    union all
    select customer_id, 'NO_REPURCHASE', 'since:' || to_char(last_order_on, 'YYYY-MM-DD'),
           last_order_on + coalesce(greatest(60, ceil(150 * median_interval_days / 100)::int), 60), null
      from t where last_order_on + coalesce(greatest(60, ceil(150 * median_interval_days / 100)::int), 60) <= $1::date
    union all
    select customer_id, 'NEVER_PURCHASED', 'never', created_on + 30, null from t where order_count = 0 and created_on + 30 <= $1::date
    union all
    select t.customer_id, 'NEXT_FOLLOW_UP_DUE', 'follow-up:' || n.id, n.next_follow_up_on, null
      from t cross join lateral (select f.id, f.next_follow_up_on from follow_up f where f.customer_id = t.customer_id order by f.occurred_at desc, f.id desc limit 1) n
     where n.next_follow_up_on <= $1::date
    union all
    select customer_id, 'BIRTHDAY', extract(year from d)::int::text, d, null
      from (select customer_id, (select min(x) from (values
              (case when to_char(birthday, 'MM-DD') = '02-29' and not (extract(year from $1::date)::int % 4 = 0 and (extract(year from $1::date)::int % 100 <> 0 or extract(year from $1::date)::int % 400 = 0))
                    then make_date(extract(year from $1::date)::int, 2, 28) else make_date(extract(year from $1::date)::int, extract(month from birthday)::int, extract(day from birthday)::int) end),
              (case when to_char(birthday, 'MM-DD') = '02-29' and not ((extract(year from $1::date)::int + 1) % 4 = 0 and ((extract(year from $1::date)::int + 1) % 100 <> 0 or (extract(year from $1::date)::int + 1) % 400 = 0))
                    then make_date(extract(year from $1::date)::int + 1, 2, 28) else make_date(extract(year from $1::date)::int + 1, extract(month from birthday)::int, extract(day from birthday)::int) end)) v(x)
              where x >= $1::date) as d from t where birthday is not null) b
     where d - 7 <= $1::date
    union all
    select t.customer_id, 'ANNIVERSARY', e.kind || ':' || to_char(e.date, 'YYYY-MM-DD') || ':' || extract(year from e.d)::int, e.d, null
      from t cross join lateral (
        select x->>'kind' as kind, (x->>'date')::date as date,
               case when make_date(extract(year from $1::date)::int, extract(month from (x->>'date')::date)::int, extract(day from (x->>'date')::date)::int) >= $1::date
                    then make_date(extract(year from $1::date)::int, extract(month from (x->>'date')::date)::int, extract(day from (x->>'date')::date)::int)
                    else make_date(extract(year from $1::date)::int + 1, extract(month from (x->>'date')::date)::int, extract(day from (x->>'date')::date)::int) end as d
          from jsonb_array_elements(t.important_dates) x where x->>'kind' <> 'BIRTHDAY' and to_char((x->>'date')::date, 'MM-DD') <> '02-29') e
     where e.d - 7 <= $1::date
    union all
    select t.customer_id, 'HOLIDAY', to_char(h.day, 'YYYY-MM-DD'), h.day, null from t join company_holiday h on h.day between $1::date and $1::date + 7 where t.tier in ('VIP', 'MAJOR')
    union all
    select t.customer_id, 'RENEWAL_DUE', s.id || ':' || to_char(s.coverage_ends_on, 'YYYY-MM-DD'), s.coverage_ends_on, null
      from t join service_case s on s.customer_id = t.customer_id and s.status <> 'CANCELLED' where s.coverage_ends_on between $1::date - 30 and $1::date + 30
    union all
    select t.customer_id, 'INQUIRY_RESPONSE_OVERDUE', i.id::text, (i.response_due_at at time zone $3)::date, i.response_due_at
      from t join inquiry i on i.customer_id = t.customer_id
     where i.status in ('NEW', 'QUOTED', 'NEGOTIATING') and i.first_responded_at is null and i.response_due_at < $2::timestamptz
    union all
    select v.customer_id, 'PURCHASE_TREND_FALLING', '${today.slice(0, 7)}', '${today.slice(0, 7)}-01'::date, null
      from (select o.customer_id,
                   coalesce(sum(l.quantity) filter (where o.ordered_at >= ${at(m[2])} and o.ordered_at < ${at(m[3])}), 0) as v0,
                   coalesce(sum(l.quantity) filter (where o.ordered_at >= ${at(m[3])} and o.ordered_at < ${at(m[4])}), 0) as v1,
                   coalesce(sum(l.quantity) filter (where o.ordered_at >= ${at(m[4])} and o.ordered_at < ${at(m[5])}), 0) as v2,
                   coalesce(sum(l.quantity) filter (where o.ordered_at >= ${at(m[5])} and o.ordered_at < ${at(m[6])}), 0) as v3,
                   count(distinct l.product_id) filter (where o.ordered_at < ${at(m[3])}) as prior,
                   count(distinct l.product_id) filter (where o.ordered_at >= ${at(m[3])}) as recent
              from sales_order o join order_line l on l.order_id = o.id
             where o.status = 'COMPLETED' and o.ordered_at >= ${at(m[0])} and o.ordered_at < ${at(m[6])} and o.customer_id in (select customer_id from t)
             group by o.customer_id) v
     where (v.v1 < v.v0 and v.v2 < v.v1 and v.v3 < v.v2) or (v.prior - v.recent >= 2 and 2 * (v.prior - v.recent) >= v.prior)
    union all
    select t.customer_id, 'VIP_REVIEW_DUE', 'since:' || to_char(r.since, 'YYYY-MM-DD'), (r.since + interval '3 months')::date, null
      from t cross join lateral (
        select coalesce((select max((f.occurred_at at time zone $3)::date) from follow_up f where f.customer_id = t.customer_id and f.channel in ('VISIT', 'MEETING')),
                        t.first_order_on, t.created_on) as since) r
     where t.tier = 'VIP' and (r.since + interval '3 months')::date - 7 <= $1::date)
  select occ.customer_id || ':' || occ.kind || ':' || occ.k as id,
         case when occ.deadline is not null then (case when occ.deadline < $2::timestamptz then 0 when occ.due_on = $1::date then 1 else 2 end)
              else (case when occ.due_on < $1::date then 0 when occ.due_on = $1::date then 1 else 2 end) end as u,
         coalesce(occ.deadline, occ.due_on::timestamp at time zone $3) as due_at,
         case t.tier when 'VIP' then 0 when 'MAJOR' then 1 when 'ORDINARY' then 2 else 3 end as tier_rank, occ.customer_id, occ.kind, occ.k
    from occ join t on t.customer_id = occ.customer_id
    left join reminder_state rs on rs.customer_id = occ.customer_id and rs.kind = occ.kind and rs.occurrence_key = occ.k
   where rs.id is null or (rs.state = 'SNOOZED' and rs.snoozed_until <= $1::date)`;
}

function params(input: ReminderSqlInput): unknown[] {
  const cuts = input.population.valueCuts ?? { vip: 1e9, major: 1e9, ordinary: 1e9 };
  const neg = [...input.population.profitPercentiles].reverse().map((c) => new Decimal(c).neg().toString());
  return [input.scoring.today, input.now, input.scoring.timeZone, `{${neg.join(',')}}`, cuts.vip, cuts.major, cuts.ordinary];
}

export const HAND_WRITTEN_REMINDERS = {
  page(input: ReminderSqlInput, viewer: StaffViewer) {
    return {
      sql: `select r.id from (${statement(input, viewer)}) r order by r.u, r.due_at, r.tier_rank, r.customer_id, r.kind, r.k limit 50`,
      params: params(input),
    };
  },
  count(input: ReminderSqlInput, viewer: StaffViewer) {
    return { sql: `select count(*)::int as n from (${statement(input, viewer)}) r`, params: params(input) };
  },
};
