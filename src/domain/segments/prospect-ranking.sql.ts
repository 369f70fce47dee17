import { lifecycleStageSql } from '../lifecycle/lifecycle-stage.sql';
import { storedOrLocalDaySql, type ScoringSqlInput } from '../scoring/customer-facts.sql';
import { joinSql, raw, sql, type SqlFragment } from '../common/sql';
import type { NeedUrgency } from '../records/records.enums';
import { soonFollowUpWindow, type ProspectFacts, type ProspectRankingRules } from './prospect-ranking';

/**
 * The SQL compiler of `prospect-ranking.ts`: every prospect of the scope ranked in one
 * statement. The CASE branches follow the evaluator's one for one, in integer arithmetic,
 * so `score100` here is the evaluator's `score100`.
 *
 * Prospects are the customers whose stage in force is PROSPECT: the scoring stage rule
 * (`lifecycleStageSql`) over the customer figures and the active override. The median
 * interval between orders is left null: it only matters for buyers, never for a prospect.
 */

const OPEN_INQUIRY = raw(`('NEW', 'QUOTED', 'NEGOTIATING')`);

/** Columns of a ranked row besides the customer's own (all prefixed, so `c.*` never clashes). */
export const RANK_COLUMNS = [
  'rank_customer_id',
  'rank_need_urgency',
  'rank_results_horizon_days',
  'rank_budget',
  'rank_next_follow_up_on',
  'rank_urgent_open_inquiries',
  'rank_inquiry_amount',
  'rank_urgency_points',
  'rank_quick_points',
  'rank_budget_points',
  'rank_score100',
] as const;

/**
 * The active, in-scope prospects (`customer_id`), as a FROM-able relation: the stage rule
 * over the customer's stored facts when they are fresh (`input.storedFacts`), else over the
 * days of its figures in the company time zone.
 */
function prospectsSql(input: ScoringSqlInput, scope: SqlFragment): SqlFragment {
  const day = (stored: string, column: string) => storedOrLocalDaySql(input, stored, column);
  return sql`(
    select pf.customer_id from (
      select c.id as customer_id,
             coalesce(s.order_count, 0) as order_count,
             ${day('first_order_on', 's.first_order_at')} as first_order_on,
             ${day('last_order_on', 's.last_order_at')} as last_order_on,
             null::float8 as median_interval_days,
             coalesce(s.satisfaction_count, 0) as satisfaction_count,
             coalesce(s.satisfaction_sum, 0) as satisfaction_sum,
             coalesce(s.open_inquiry_count, 0) as open_inquiry_count,
             ${day('last_qualifying_follow_up_on', 's.last_qualifying_follow_up_at')} as last_qualifying_follow_up_on,
             o.stage as override_stage
        from customer c
        left join customer_stats s on s.customer_id = c.id
        left join lifecycle_override o on o.customer_id = c.id and o.cleared_at is null
       where c.archived_at is null and (${scope})) pf
     where ${lifecycleStageSql(input.settings.lifecycle, input.today, 'pf')} = 'PROSPECT')`;
}

function needPointsSql(rules: ProspectRankingRules, column: SqlFragment): SqlFragment {
  const branches = (Object.entries(rules.urgency.needPoints) as Array<[NeedUrgency, number]>).map(
    ([code, points]) => sql`when ${code}::text then ${points}::int`,
  );
  return sql`(case ${column} ${joinSql(branches, ' ')} end)`;
}

function urgencyPointsSql(rules: ProspectRankingRules, today: string): SqlFragment {
  const u = rules.urgency;
  const window = soonFollowUpWindow(today, rules);
  const inquiry = sql`(case when fx.urgent_open_inquiries > 0 then ${u.urgentInquiryPoints}::int end)`;
  const base = sql`coalesce(greatest(${needPointsSql(rules, raw('fx.need_urgency'))}, ${inquiry}), ${u.unknownPoints}::int)`;
  const bonus = sql`(case when fx.next_follow_up_on between ${window.from}::date and ${window.to}::date then ${u.soonFollowUpBonus}::int else 0 end)`;
  return sql`least(100, ${base} + ${bonus})`;
}

function quickPointsSql(rules: ProspectRankingRules): SqlFragment {
  const q = rules.quickResults;
  const bands = q.bands.map((b) => sql`when fx.results_horizon_days <= ${b.maxDays}::int then ${b.points}::int`);
  return sql`(case when fx.results_horizon_days is null then ${q.unknownPoints}::int ${joinSql(bands, ' ')} else ${q.laterPoints}::int end)`;
}

function budgetPointsSql(rules: ProspectRankingRules): SqlFragment {
  const b = rules.budgetFit;
  return sql`(case when fx.budget is null or fx.inquiry_amount is null then ${b.unknownPoints}::int
      when fx.budget >= fx.inquiry_amount then ${b.coversPoints}::int
      when fx.budget * 100 >= fx.inquiry_amount * ${b.nearPercent}::int then ${b.nearPoints}::int
      else ${b.shortPoints}::int end)`;
}

/**
 * The ranked prospects (CTE `ranked`): the facts the evaluator reads and each component's
 * points and score100, for the prospects of `scope` (a condition over `customer c`).
 */
function rankedCtesSql(input: ScoringSqlInput, rules: ProspectRankingRules, scope: SqlFragment): SqlFragment {
  const w = rules.weights;
  const latest = (column: string) =>
    raw(`(array_agg(fu.${column} order by fu.occurred_at desc, fu.id desc) filter (where fu.${column} is not null))[1]`);
  const inquiryAmount = raw('coalesce(i.amount, i.target_price * i.quantity)');
  return sql`pr as ${prospectsSql(input, scope)},
    fx as (
      select pr.customer_id, f.need_urgency, f.results_horizon_days, f.budget, f.next_follow_up_on,
             coalesce(q.urgent, 0) as urgent_open_inquiries, q.amount as inquiry_amount
        from pr
        left join lateral (
          select ${latest('need_urgency')} as need_urgency,
                 ${latest('results_horizon_days')} as results_horizon_days,
                 ${latest('budget')} as budget,
                 (array_agg(fu.next_follow_up_on order by fu.occurred_at desc, fu.id desc))[1] as next_follow_up_on
            from follow_up fu where fu.customer_id = pr.customer_id) f on true
        left join lateral (
          select (count(*) filter (where i.urgency = 'URGENT'))::int as urgent,
                 (array_agg(${inquiryAmount} order by i.received_at desc, i.id desc) filter (where ${inquiryAmount} is not null))[1] as amount
            from inquiry i where i.customer_id = pr.customer_id and i.status in ${OPEN_INQUIRY}) q on true),
    pts as (
      select fx.*, ${urgencyPointsSql(rules, input.today)} as urgency_points, ${quickPointsSql(rules)} as quick_points,
             ${budgetPointsSql(rules)} as budget_points
        from fx),
    ranked as (
      select pts.*, ${w.urgency}::int * pts.urgency_points + ${w.quickResults}::int * pts.quick_points
               + ${w.budgetFit}::int * pts.budget_points as score100
        from pts)`;
}

/**
 * One page of the ranking, best first (score100 descending, then customer id ascending),
 * after the keyset position `after` when given: the customer's columns (`c.*`) and
 * `RANK_COLUMNS`. `limit` rows at most.
 */
export function prospectRankingPageSql(
  input: ScoringSqlInput,
  rules: ProspectRankingRules,
  scope: SqlFragment,
  page: { limit: number; after: { score100: number; customerId: number } | null },
): SqlFragment {
  const bound = page.after
    ? sql`where (r.score100 < ${page.after.score100}::int or (r.score100 = ${page.after.score100}::int and r.customer_id > ${page.after.customerId}::int))`
    : raw('');
  return sql`
    with ${rankedCtesSql(input, rules, scope)}
    select c.*, r.customer_id as rank_customer_id, r.need_urgency as rank_need_urgency,
           r.results_horizon_days as rank_results_horizon_days, r.budget::text as rank_budget,
           r.next_follow_up_on::text as rank_next_follow_up_on, r.urgent_open_inquiries as rank_urgent_open_inquiries,
           r.inquiry_amount::text as rank_inquiry_amount, r.urgency_points as rank_urgency_points,
           r.quick_points as rank_quick_points, r.budget_points as rank_budget_points, r.score100 as rank_score100
      from ranked r
      join customer c on c.id = r.customer_id
      ${bound}
     order by r.score100 desc, r.customer_id asc
     limit ${page.limit}::int`;
}

/** How many prospects `scope` holds: one row `{ n }`. */
export function prospectCountSql(input: ScoringSqlInput, scope: SqlFragment): SqlFragment {
  return sql`select count(*)::int as n from ${prospectsSql(input, scope)} p`;
}

/** The evaluator's input from a ranked row. */
export function prospectFactsFromRow(row: Record<string, unknown>): ProspectFacts {
  return {
    customerId: Number(row.rank_customer_id),
    needUrgency: (row.rank_need_urgency as NeedUrgency | null) ?? null,
    resultsHorizonDays: row.rank_results_horizon_days == null ? null : Number(row.rank_results_horizon_days),
    budget: row.rank_budget == null ? null : String(row.rank_budget),
    nextFollowUpOn: row.rank_next_follow_up_on == null ? null : String(row.rank_next_follow_up_on),
    urgentOpenInquiries: Number(row.rank_urgent_open_inquiries ?? 0),
    inquiryAmount: row.rank_inquiry_amount == null ? null : String(row.rank_inquiry_amount),
  };
}

/** The points the statement computed, to check against the evaluator. */
export function sqlPointsFromRow(row: Record<string, unknown>): {
  urgency: number;
  quickResults: number;
  budgetFit: number;
  score100: number;
} {
  return {
    urgency: Number(row.rank_urgency_points),
    quickResults: Number(row.rank_quick_points),
    budgetFit: Number(row.rank_budget_points),
    score100: Number(row.rank_score100),
  };
}
