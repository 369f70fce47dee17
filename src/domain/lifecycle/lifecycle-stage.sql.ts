import { raw, sql, type SqlFragment } from '../common/sql';
import type { LifecycleRules } from '../scoring/scoring-settings';

/**
 * The stage rule of `lifecycle-stage.ts` compiled to an SQL CASE expression over a relation
 * with the facts columns (`FACT_COLUMNS` of customer-facts.sql.ts; days as `date`), as of
 * `today`. The branches follow `deriveStage` one for one, so both give the same stage.
 *
 * Columns read: order_count, first_order_on, last_order_on, median_interval_days,
 * satisfaction_count, satisfaction_sum, open_inquiry_count, last_qualifying_follow_up_on.
 * `median_interval_days` only matters for buyers silent longer than `dormancyMinDays` and
 * not longer than `lostAfterDays`; elsewhere it may be null.
 */
export function derivedStageSql(rules: LifecycleRules, today: string, alias: string): SqlFragment {
  const c = (column: string) => raw(`${alias}.${column}`);
  const silent = sql`(${today}::date - ${c('last_order_on')})`;
  return sql`(case
      when ${c('order_count')} = 0 or ${c('last_order_on')} is null then
        case when ${c('open_inquiry_count')} > 0 then 'PROSPECT'
             when (${today}::date - ${c('last_qualifying_follow_up_on')}) <= ${rules.prospectWindowDays}::int then 'PROSPECT'
             else 'LEAD' end
      when ${silent} > ${rules.lostAfterDays}::int then 'LOST'
      when ${silent} > greatest(${rules.dormancyMinDays}::float8, ${rules.dormancyCycleMultiplier}::float8 * ${c('median_interval_days')}) then 'DORMANT'
      when ${c('order_count')} >= ${rules.loyalMinOrders}::int then 'LOYAL'
      when ${c('order_count')} >= ${rules.loyalAltMinOrders}::int
       and (${c('last_order_on')} - coalesce(${c('first_order_on')}, ${c('last_order_on')})) >= ${rules.loyalAltMinSpanDays}::int
       and ${c('satisfaction_count')} > 0
       and ${c('satisfaction_sum')} >= ${rules.loyalAltMinSatisfaction}::float8 * ${c('satisfaction_count')} then 'LOYAL'
      when ${c('order_count')} >= ${rules.repeatMinOrders}::int then 'REPEAT'
      else 'NEW' end)`;
}

/** The stage in force: the active override's (column `override_stage`) when there is one, else the derived stage. */
export function lifecycleStageSql(rules: LifecycleRules, today: string, alias: string): SqlFragment {
  return sql`coalesce(${raw(`${alias}.override_stage`)}, ${derivedStageSql(rules, today, alias)})`;
}
