import Decimal from 'decimal.js';
import { lifecycleStageSql } from '../lifecycle/lifecycle-stage.sql';
import type { ScoringPopulation } from './customer-facts';
import { factsRelationSql, type CustomerTarget, type ScoringSqlInput } from './customer-facts.sql';
import { joinSql, pgArray, raw, sql, type SqlFragment } from '../common/sql';
import type { LifecycleStage } from './scoring.enums';
import type { ScoringSettings, ValueRules } from './scoring-settings';

/**
 * The SQL compiler of `customer-scores.ts`: the same rules evaluated for a set of customers
 * in one statement. The expressions mirror the TypeScript evaluators branch for branch, all
 * in integer arithmetic (SQL `int / int` and `div()` truncate like the evaluators do).
 */

const col = (alias: string, column: string) => raw(`${alias}.${column}`);

/** 1 + the number of cut-points strictly below the value, via a sorted array of the negated cut-points, descending. */
function pointsAboveCutsSql(value: SqlFragment, negatedCuts: SqlFragment): SqlFragment {
  // width_bucket(x, t) counts the thresholds ≤ x; #{cut < v} = #{−cut > −v} = n − #{−cut ≤ −v}.
  return sql`(cardinality(${negatedCuts}) - width_bucket(-(${value}), ${negatedCuts}))`;
}

export function profitPointsSql(alias: string, negatedCuts: SqlFragment): SqlFragment {
  const profit = col(alias, 'window_profit');
  return sql`(case when ${profit} <= 0 then 0 else 1 + ${pointsAboveCutsSql(profit, negatedCuts)} end)`;
}

export function potentialPointsSql(rules: ValueRules['potential'], alias: string): SqlFragment {
  const a = (c: string) => col(alias, c);
  const full = new Decimal(rules.inquiryAmountForFull);
  const byAmount = full.lte(0) ? raw('100') : sql`least(100, div(100 * ${a('open_inquiry_amount')}, ${full.toString()}::numeric))::int`;
  const inquiries = sql`(case when ${a('open_inquiry_count')} = 0 then 0 else greatest(${rules.inquiryFloor}::int, ${byAmount}) end)`;
  const sizes = Object.entries(rules.sizePoints).filter(([size]) => size !== 'UNKNOWN');
  const size = sql`(case ${a('company_size')} ${joinSql(
    sizes.map(([code, points]) => sql`when ${code}::text then ${points}::int`),
    ' ',
  )} else ${rules.sizePoints.UNKNOWN}::int end)`;
  const r = a('growth_recent_spend');
  const p = a('growth_prior_spend');
  const growth = sql`(case when greatest(${r}, ${p}) <= 0 then 0 else div(50 * (greatest(${r}, ${p}) + ${r} - ${p}), greatest(${r}, ${p}))::int end)`;
  const w = rules.weights;
  return sql`((${w.inquiries}::int * ${inquiries} + ${w.size}::int * ${size} + ${w.growth}::int * ${growth}) / 100)`;
}

export function lifecyclePointsSql(points: Record<LifecycleStage, number>, stage: SqlFragment): SqlFragment {
  const branches = Object.entries(points).map(([code, value]) => sql`when ${code}::text then ${value}::int`);
  return sql`(case ${stage} ${joinSql(branches, ' ')} else 0 end)`;
}

export function loyaltyPointsSql(rules: ValueRules['loyalty'], today: string, alias: string): SqlFragment {
  const a = (c: string) => col(alias, c);
  const tenure =
    rules.tenureFullDays <= 0
      ? raw('100')
      : sql`least(100, (100 * coalesce(${today}::date - ${a('first_order_on')}, 0)) / ${rules.tenureFullDays}::int)`;
  const repeat =
    rules.repeatFullOrders <= 1
      ? sql`(case when ${a('order_count')} <= 1 then 0 else 100 end)`
      : sql`(case when ${a('order_count')} <= 1 then 0 else least(100, (100 * (${a('order_count')} - 1)) / ${rules.repeatFullOrders - 1}::int) end)`;
  const satisfaction = sql`(case when ${a('satisfaction_count')} = 0 then ${rules.satisfactionNeutral}::int
      else (20 * ${a('satisfaction_sum')}) / ${a('satisfaction_count')} end)`;
  const w = rules.weights;
  return sql`(case when ${a('order_count')} = 0 then 0
      else (${w.tenure}::int * ${tenure} + ${w.repeat}::int * ${repeat} + ${w.satisfaction}::int * ${satisfaction}) / 100 end)`;
}

/**
 * The CTEs `fx` (facts), `st` (+ stage) and `sc` (+ the four indicators and score100) over
 * the target customers. `profitCuts` is a FROM item with a column `neg`: the profit
 * percentiles negated, in ascending order (i.e. the percentiles from the largest down);
 * `ctesAfterFacts` (each followed by a comma) may compute it from `fx`. `exactMedian`: every
 * row has its median interval (the scores do not need it; reminders do).
 */
export function scoredCtesSql(
  input: ScoringSqlInput,
  target: CustomerTarget,
  profitCuts: SqlFragment,
  ctesAfterFacts: SqlFragment = raw(''),
  exactMedian = false,
): SqlFragment {
  const { settings, today } = input;
  const v = settings.value;
  return sql`fx as (${factsRelationSql(input, target, { exactMedian })}),${ctesAfterFacts}
    st as (select fx.*, ${lifecycleStageSql(settings.lifecycle, today, 'fx')} as stage from fx),
    ind as (
      select st.*,
             ${profitPointsSql('st', raw('pc.neg'))} as profit_points,
             ${potentialPointsSql(v.potential, 'st')} as potential_points,
             ${lifecyclePointsSql(v.lifecyclePoints, raw('st.stage'))} as lifecycle_points,
             ${loyaltyPointsSql(v.loyalty, today, 'st')} as loyalty_points
        from st cross join ${profitCuts}),
    sc as (
      select ind.*,
             ${v.weights.profit}::int * ind.profit_points + ${v.weights.potential}::int * ind.potential_points
               + ${v.weights.lifecycle}::int * ind.lifecycle_points + ${v.weights.loyalty}::int * ind.loyalty_points as score100
        from ind)`;
}

/** The negated cut-points, largest cut first, as one `numeric[]` parameter. */
export function negatedCutsParam(cuts: readonly string[]): SqlFragment {
  return sql`${pgArray([...cuts].reverse().map((c) => new Decimal(c).neg().toString()))}::numeric[]`;
}

function rfmScoreSql(
  value: SqlFragment,
  cuts: readonly (number | string)[] | undefined,
  type: 'int' | 'numeric',
  better: '<' | '>',
): SqlFragment {
  const terms = (cuts ?? []).map((c) => sql`(${value} ${raw(better)} ${String(c)}::${raw(type)})::int`);
  return sql`(case when sc.window_order_count > 0 then 1${joinSql(
    terms.map((t) => sql` + ${t}`),
    '',
  )} else 0 end)`;
}

function rfmGroupSql(settings: ScoringSettings): SqlFragment {
  const branches = settings.rfm.groups.map((g) => {
    const conditions: SqlFragment[] = [];
    for (const key of ['r', 'f', 'm'] as const) {
      const bounds = g[key];
      if (bounds) conditions.push(sql`${raw(`rf.${key}_score`)} between ${bounds[0]}::int and ${bounds[1]}::int`);
    }
    return sql`when ${conditions.length ? joinSql(conditions, ' and ') : raw('true')} then ${g.group}::text`;
  });
  return sql`(case when rf.order_count = 0 then null ${joinSql(branches, ' ')} else 'NEEDS_ATTENTION' end)`;
}

/** The value tier of the score `alias.score100` against the population's cut-points. */
export function tierSql(cuts: ScoringPopulation['valueCuts'], alias = 'rf'): SqlFragment {
  if (cuts == null) return raw(`'SMALL'`);
  const score = raw(`${alias}.score100`);
  return sql`(case when ${score} > ${cuts.vip}::int then 'VIP' when ${score} > ${cuts.major}::int then 'MAJOR'
      when ${score} > ${cuts.ordinary}::int then 'ORDINARY' else 'SMALL' end)`;
}

function abcSql(cuts: ScoringPopulation['abcCuts']): SqlFragment {
  const branches: SqlFragment[] = [];
  if (cuts.a != null) branches.push(sql`when rf.window_profit >= ${cuts.a}::numeric then 'A'`);
  if (cuts.b != null) branches.push(sql`when rf.window_profit >= ${cuts.b}::numeric then 'B'`);
  return sql`(case when rf.window_profit <= 0 then 'C' ${joinSql(branches, ' ')} else 'C' end)`;
}

function memberSql(settings: ScoringSettings): SqlFragment {
  // The last level reached wins, as in memberLevel(): test from the end of the list.
  const branches = [...settings.membership.levels]
    .reverse()
    .map((l) => sql`when rf.window_spend >= ${l.minSpend}::numeric then ${l.level}::text`);
  // No levels configured: everyone is REGULAR, as in memberLevel() (a CASE without WHEN is a syntax error).
  if (branches.length === 0) return raw(`'REGULAR'::text`);
  return sql`(case ${joinSql(branches, ' ')} else 'REGULAR' end)`;
}

function depthSql(input: ScoringSqlInput): SqlFragment {
  const d = input.settings.depth;
  const followUpDays = sql`(${input.today}::date - rf.last_follow_up_on)`;
  const orderDays = sql`(${input.today}::date - rf.last_order_on)`;
  return sql`(case when rf.recent_follow_up_count >= ${d.deepFollowUps}::int then 'DEEP'
      when ${followUpDays} <= ${d.recentFollowUpDays}::int and ${orderDays} <= ${d.recentOrderDays}::int then 'DEEP'
      when ${followUpDays} <= ${d.contactDays}::int or ${orderDays} <= ${d.contactDays}::int then 'ORDINARY'
      else 'FORGOTTEN' end)`;
}

/**
 * Every score of the target customers against the population's cut-points, one row per
 * customer ordered by id, with the columns customer_id, stage, recency_days, frequency,
 * monetary, r, f, m, rfm_group, profit_points, potential_points, lifecycle_points,
 * loyalty_points, score100, tier, abc_class, member_level, relationship_depth.
 */
export function customerScoresSql(
  input: ScoringSqlInput,
  population: ScoringPopulation,
  target: CustomerTarget,
): { sql: string; params: unknown[] } {
  const rfm = population.rfm;
  const recency = sql`(${input.today}::date - sc.last_order_on)`;
  return sql`
    with ${scoredCtesSql(input, target, sql`(select ${negatedCutsParam(population.profitPercentiles)} as neg) pc`)},
    rf as (
      select sc.*, ${recency} as recency_days,
             ${rfmScoreSql(recency, rfm?.recency, 'int', '<')} as r_score,
             ${rfmScoreSql(raw('sc.window_order_count'), rfm?.frequency, 'int', '>')} as f_score,
             ${rfmScoreSql(raw('sc.window_spend'), rfm?.monetary, 'numeric', '>')} as m_score
        from sc)
    select rf.customer_id, rf.stage, rf.recency_days, rf.window_order_count as frequency, round(rf.window_spend, 2)::text as monetary,
           rf.r_score as r, rf.f_score as f, rf.m_score as m, ${rfmGroupSql(input.settings)} as rfm_group,
           rf.profit_points, rf.potential_points, rf.lifecycle_points, rf.loyalty_points, rf.score100,
           ${tierSql(population.valueCuts)} as tier, ${abcSql(population.abcCuts)} as abc_class,
           ${memberSql(input.settings)} as member_level, ${depthSql(input)} as relationship_depth
      from rf
     order by rf.customer_id`;
}
