/**
 * The default scoring rules written by hand over the stored facts (`customer_stats` rows fresh
 * today), for the benchmarks that compare the API with a hand-written statement: `$1` is
 * today; `c` the customer, `s` its stats row, `o` its override in force, `pc.neg` the negated
 * profit percentiles.
 */
export const FRESH = `s.facts_basis = (select version from customer_facts_basis) and s.facts_on <= $1::date and $1::date < s.facts_valid_until`;
export const STAGE = `coalesce(o.stage, case
    when s.order_count = 0 then case when s.open_inquiry_count > 0 or $1::date - s.last_qualifying_follow_up_on <= 180 then 'PROSPECT' else 'LEAD' end
    when $1::date - s.last_order_on > 365 then 'LOST'
    when $1::date - s.last_order_on > greatest(90, 2 * s.median_interval_days) then 'DORMANT'
    when s.order_count >= 10 then 'LOYAL'
    when s.order_count >= 5 and s.last_order_on - s.first_order_on >= 365 and s.satisfaction_count > 0 and s.satisfaction_sum >= 4 * s.satisfaction_count then 'LOYAL'
    when s.order_count >= 2 then 'REPEAT' else 'NEW' end)`;
export const FACTS = `from customer c join customer_stats s on s.customer_id = c.id
  left join lifecycle_override o on o.customer_id = c.id and o.cleared_at is null
  where c.archived_at is null and ${FRESH}`;
export const SCORE = `(40 * (case when s.window_profit <= 0 then 0 else 1 + cardinality(pc.neg) - width_bucket(-s.window_profit, pc.neg) end)
  + 20 * ((40 * (case when s.open_inquiry_count = 0 then 0 else greatest(20, least(100, div(100 * s.open_inquiry_amount, 100000))::int) end)
          + 30 * (case c.company_size when 'MICRO' then 10 when 'SMALL' then 30 when 'MEDIUM' then 50 when 'LARGE' then 80 when 'ENTERPRISE' then 100 else 20 end)
          + 30 * (case when greatest(s.growth_recent_spend, s.growth_prior_spend) <= 0 then 0
                  else div(50 * (greatest(s.growth_recent_spend, s.growth_prior_spend) + s.growth_recent_spend - s.growth_prior_spend),
                           greatest(s.growth_recent_spend, s.growth_prior_spend))::int end)) / 100)
  + 20 * (case ${STAGE} when 'LEAD' then 10 when 'PROSPECT' then 30 when 'NEW' then 50 when 'REPEAT' then 70 when 'LOYAL' then 90 when 'DORMANT' then 20 else 0 end)
  + 20 * (case when s.order_count = 0 then 0 else (40 * least(100, (100 * ($1::date - s.first_order_on)) / 1095)
          + 30 * (case when s.order_count <= 1 then 0 else least(100, (100 * (s.order_count - 1)) / 9) end)
          + 30 * (case when s.satisfaction_count = 0 then 60 else (20 * s.satisfaction_sum) / s.satisfaction_count end)) / 100 end))`;
