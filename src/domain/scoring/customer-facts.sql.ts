import { dayStartSql, localDaySql, pgArray, raw, sql, SqlFragment } from '../common/sql';
import { type CustomerFacts } from './customer-facts';
import { addDays } from '../common/calendar';
import { money } from './percentile';
import type { LifecycleStage } from './scoring.enums';
import type { ScoringSettings } from './scoring-settings';

/**
 * The SQL side of the customer facts (`customer-facts.ts`): one statement computing the
 * facts of a set of customers as of `today` (a calendar day in `timeZone`).
 *
 * Every value is a parameter (knex `?` placeholders, run with `em.execute(sql, params)`);
 * the statement text depends only on the shape of the settings, never on user text.
 */
export interface ScoringSqlInput {
  settings: ScoringSettings;
  today: string;
  timeZone: string;
  /**
   * Read the stored facts (`customer_stats`, see `factsRelationSql`) where they are fresh:
   * computed under this basis version (which must be the basis of `settings` and `timeZone`)
   * and still valid `today`; other rows are computed from the records. `filled`: the facts
   * job has been through every customer under this version, so few rows are stale; until
   * then every active customer is computed from the records as a set (one grouped pass) and
   * only small targets (ids, a scope) read the stored rows. Absent or null: every row is
   * computed from the records.
   */
  storedFacts?: { basisVersion: number; filled: boolean } | null;
}

/**
 * Which customers: some ids (archived ones included), the active ones meeting a condition over
 * `customer c` (a small data scope, e.g. a salesperson's own customers), or every active one
 * (`archived_at is null`).
 */
export type CustomerTarget = { ids: readonly number[] } | { activeWhere: SqlFragment } | { allActive: true };

/**
 * Columns of the facts relation every scoring statement builds on (days as `date`, money
 * as `numeric`). `median_interval_days` may be left null where no rule needs it (see
 * `factsRelationSql`'s `exactMedian`).
 */
export const FACT_COLUMNS = [
  'customer_id',
  'company_size',
  'order_count',
  'first_order_on',
  'last_order_on',
  'median_interval_days',
  'satisfaction_count',
  'satisfaction_sum',
  'open_inquiry_count',
  'open_inquiry_amount',
  'last_follow_up_on',
  'last_qualifying_follow_up_on',
  'recent_follow_up_count',
  'window_order_count',
  'window_spend',
  'window_profit',
  'growth_recent_spend',
  'growth_prior_spend',
  'override_stage',
  'override_reason',
  'override_set_by_id',
  'override_set_at',
] as const;

/** The instants the windows start at, as timestamptz expressions; comparing `ordered_at` / `occurred_at` with them keeps the indexes usable. */
export interface WindowEdges {
  window: SqlFragment;
  recentFrom: SqlFragment;
  priorFrom: SqlFragment;
  tomorrow: SqlFragment;
  /** The earliest of the order windows' starts. */
  low: SqlFragment;
  followUps: SqlFragment;
}

function bounds(input: ScoringSqlInput): WindowEdges {
  const { settings: s, today, timeZone: tz } = input;
  const g = s.value.potential.growthWindowDays;
  return {
    window: dayStartSql(addDays(today, -s.windowDays), tz),
    recentFrom: dayStartSql(addDays(today, -(g - 1)), tz),
    priorFrom: dayStartSql(addDays(today, -(2 * g - 1)), tz),
    tomorrow: dayStartSql(addDays(today, 1), tz),
    low: dayStartSql(addDays(today, -Math.max(s.windowDays, 2 * g - 1)), tz),
    followUps: dayStartSql(addDays(today, -s.depth.deepFollowUpDays), tz),
  };
}

function targetCondition(target: CustomerTarget): SqlFragment {
  if ('ids' in target) return sql`c.id = any(${pgArray(target.ids)}::int[])`;
  if ('activeWhere' in target) return sql`c.archived_at is null and (${target.activeWhere})`;
  return raw('c.archived_at is null');
}

/** The windowed sums over completed orders (alias `so`), as aggregate expressions. */
function windowAggregates(b: WindowEdges): SqlFragment {
  return sql`count(*) filter (where so.ordered_at >= ${b.window})::int as n,
          sum(so.total) filter (where so.ordered_at >= ${b.window}) as spend,
          sum(so.total - so.cost_total) filter (where so.ordered_at >= ${b.window}) as profit,
          sum(so.total) filter (where so.ordered_at >= ${b.recentFrom} and so.ordered_at < ${b.tomorrow}) as recent,
          sum(so.total) filter (where so.ordered_at >= ${b.priorFrom} and so.ordered_at < ${b.recentFrom}) as prior`;
}

/**
 * When the window figures computed as of `today` next change: the first later day on which a
 * completed order or a follow-up crosses a window edge (an order of day d counts in the
 * window until d + windowDays, in the recent growth period from d to d + growth − 1 and in
 * the prior one until d + 2 × growth − 1; a follow-up of day f counts until f + followUpDays).
 * Days and lengths are SQL expressions (`date`, `int`).
 */
export interface ValiditySql {
  today: SqlFragment;
  windowDays: SqlFragment;
  growthDays: SqlFragment;
  followUpDays: SqlFragment;
}

/**
 * The per-customer lateral subqueries of the facts over `customer c`: `w` (window sums),
 * `fu` (recent follow-ups) and `md` (median interval), reading only that customer's rows
 * through `sales_order_completed_customer_idx` and `follow_up_customer_idx`. With
 * `validity`, `w.window_next`, `w.growth_next` and `fu.next` are the days the figures change.
 */
export function factsLateralsSql(b: WindowEdges, timeZone: SqlFragment, validity: ValiditySql | null): SqlFragment {
  const orderDay = sql`(so.ordered_at at time zone ${timeZone})::date`;
  let orderNext = raw('');
  let followUpNext = raw('');
  if (validity) {
    const { today: t, windowDays: w, growthDays: g } = validity;
    orderNext = sql`,
               min(${orderDay} + ${w} + 1) filter (where ${orderDay} + ${w} + 1 > ${t}) as window_next,
               min(case when ${orderDay} > ${t} then ${orderDay} when ${orderDay} + ${g} > ${t} then ${orderDay} + ${g}
                        when ${orderDay} + 2 * ${g} > ${t} then ${orderDay} + 2 * ${g} end) as growth_next`;
    followUpNext = sql`, min((fu.occurred_at at time zone ${timeZone})::date) + ${validity.followUpDays} + 1 as next`;
  }
  return sql`
      left join lateral (
        select ${windowAggregates(b)}${orderNext}
          from sales_order so
         where so.customer_id = c.id and so.status = 'COMPLETED' and so.ordered_at >= ${b.low}) w on true
      left join lateral (
        select count(*)::int as n${followUpNext} from follow_up fu where fu.customer_id = c.id and fu.occurred_at >= ${b.followUps}) fu on true
      left join lateral (
        select percentile_cont(0.5) within group (order by g.gap) as median
          from (select ${orderDay} - lag(${orderDay}) over (order by so.ordered_at) as gap
                  from sales_order so
                 where so.customer_id = c.id and so.status = 'COMPLETED') g
         where g.gap is not null) md on true`;
}

/**
 * The facts relation (columns `FACT_COLUMNS`) of the target customers: with
 * `input.storedFacts`, the stored facts of the rows fresh today and the others computed from
 * the records (`storedFactsRelationSql`); without, every row computed from the records.
 */
export function factsRelationSql(input: ScoringSqlInput, target: CustomerTarget, options: { exactMedian: boolean }): SqlFragment {
  const stored = input.storedFacts;
  if (stored && (stored.filled || !('allActive' in target))) return storedFactsRelationSql(input, stored.basisVersion, target);
  return recordsFactsRelationSql(input, target, options);
}

/**
 * Whether the row of `customer_stats` (alias) holds facts usable `today` under the basis
 * version: computed under it, as of a day not after today, and valid past today. NULL
 * (not true) for a customer without a row.
 */
export function freshFactsSql(alias: string, input: ScoringSqlInput, basisVersion: number): SqlFragment {
  const a = (column: string) => raw(`${alias}.${column}`);
  return sql`(${a('facts_basis')} = ${basisVersion}::int and ${a('facts_on')} <= ${input.today}::date and ${input.today}::date < ${a('facts_valid_until')})`;
}

/** `freshFactsSql` of `customer_stats s` under `input.storedFacts`; false without stored facts. */
export function freshOrFalseSql(input: ScoringSqlInput): SqlFragment {
  return input.storedFacts ? freshFactsSql('s', input, input.storedFacts.basisVersion) : raw('false');
}

/**
 * A company day of the row's `customer_stats s`: the stored one (`storedColumn`) when the row
 * is fresh, else the day of the timestamp `timestampColumn` in the company time zone.
 */
export function storedOrLocalDaySql(input: ScoringSqlInput, storedColumn: string, timestampColumn: string): SqlFragment {
  return sql`case when ${freshOrFalseSql(input)} then s.${raw(storedColumn)} else ${localDaySql(timestampColumn, input.timeZone)} end`;
}

/**
 * The stored facts where fresh, and the facts computed from the records (per-customer
 * laterals) for the other target customers: the rows no write or refresh has reached since
 * a window edge passed them, since the basis changed, or since the migration.
 */
function storedFactsRelationSql(input: ScoringSqlInput, basisVersion: number, target: CustomerTarget): SqlFragment {
  const fresh = freshFactsSql('s', input, basisVersion);
  const stale: CustomerTarget = 'ids' in target ? target : { activeWhere: 'activeWhere' in target ? target.activeWhere : raw('true') };
  return sql`
    select c.id as customer_id,
           c.company_size,
           s.order_count,
           s.first_order_on,
           s.last_order_on,
           s.median_interval_days,
           s.satisfaction_count,
           s.satisfaction_sum,
           s.open_inquiry_count,
           s.open_inquiry_amount,
           s.last_follow_up_on,
           s.last_qualifying_follow_up_on,
           s.recent_follow_up_count,
           s.window_order_count,
           s.window_spend,
           s.window_profit,
           s.growth_recent_spend,
           s.growth_prior_spend,
           o.stage as override_stage,
           o.reason as override_reason,
           o.set_by_id as override_set_by_id,
           o.set_at as override_set_at
      from customer c
      join customer_stats s on s.customer_id = c.id
      left join lifecycle_override o on o.customer_id = c.id and o.cleared_at is null
     where ${targetCondition(target)} and ${fresh}
    union all
    ${recordsFactsRelationSql(input, stale, { exactMedian: true }, sql`not coalesce(${fresh}, false)`)}`;
}

/**
 * The facts relation computed from the records.
 *
 * - ids (a page), activeWhere (a small scope) and the stale rows of `storedFactsRelationSql`:
 *   lateral subqueries per customer (`factsLateralsSql`), so they never scan the tables (the
 *   median interval is computed for each of them).
 * - allActive: the same figures as grouped aggregates over the window's orders, joined by
 *   hash; `exactMedian: false` computes the median interval only where the stage rule can
 *   use it (a buyer with 2+ orders, silent longer than the dormancy minimum but not lost).
 */
function recordsFactsRelationSql(
  input: ScoringSqlInput,
  target: CustomerTarget,
  options: { exactMedian: boolean },
  extraCondition?: SqlFragment,
): SqlFragment {
  const { settings: s, today, timeZone: tz } = input;
  const b = bounds(input);
  const day = (column: string) => localDaySql(column, tz);
  const orderDay = localDaySql('so.ordered_at', tz);

  let joins: SqlFragment;
  if (!('allActive' in target)) {
    joins = factsLateralsSql(b, sql`${tz}::text`, null);
  } else {
    const medianScope = options.exactMedian
      ? raw('')
      : sql` and so.customer_id in (
               select st.customer_id from customer_stats st
                where st.order_count >= 2
                  and st.last_order_at < ${dayStartSql(addDays(today, -s.lifecycle.dormancyMinDays), tz)}
                  and st.last_order_at >= ${dayStartSql(addDays(today, -s.lifecycle.lostAfterDays), tz)})`;
    joins = sql`
      left join (
        select so.customer_id, ${windowAggregates(b)}
          from sales_order so
         where so.status = 'COMPLETED' and so.ordered_at >= ${b.low}
         group by so.customer_id) w on w.customer_id = c.id
      left join (
        select fu.customer_id, count(*)::int as n from follow_up fu where fu.occurred_at >= ${b.followUps} group by fu.customer_id) fu
        on fu.customer_id = c.id
      left join (
        select g.customer_id, percentile_cont(0.5) within group (order by g.gap) as median
          from (select so.customer_id, ${orderDay} - lag(${orderDay}) over (partition by so.customer_id order by so.ordered_at) as gap
                  from sales_order so
                 where so.status = 'COMPLETED'${medianScope}) g
         where g.gap is not null
         group by g.customer_id) md on md.customer_id = c.id`;
  }

  return sql`
    select c.id as customer_id,
           c.company_size,
           coalesce(s.order_count, 0) as order_count,
           ${day('s.first_order_at')} as first_order_on,
           ${day('s.last_order_at')} as last_order_on,
           md.median as median_interval_days,
           coalesce(s.satisfaction_count, 0) as satisfaction_count,
           coalesce(s.satisfaction_sum, 0) as satisfaction_sum,
           coalesce(s.open_inquiry_count, 0) as open_inquiry_count,
           coalesce(s.open_inquiry_amount, 0) as open_inquiry_amount,
           ${day('s.last_follow_up_at')} as last_follow_up_on,
           ${day('s.last_qualifying_follow_up_at')} as last_qualifying_follow_up_on,
           coalesce(fu.n, 0) as recent_follow_up_count,
           coalesce(w.n, 0) as window_order_count,
           coalesce(w.spend, 0) as window_spend,
           coalesce(w.profit, 0) as window_profit,
           coalesce(w.recent, 0) as growth_recent_spend,
           coalesce(w.prior, 0) as growth_prior_spend,
           o.stage as override_stage,
           o.reason as override_reason,
           o.set_by_id as override_set_by_id,
           o.set_at as override_set_at
      from customer c
      left join customer_stats s on s.customer_id = c.id
      left join lifecycle_override o on o.customer_id = c.id and o.cleared_at is null${joins}
     where ${targetCondition(target)}${extraCondition ? sql` and ${extraCondition}` : raw('')}`;
}

/** The facts of the target customers, one row per customer (`factsFromRow`), ordered by id. */
export function customerFactsSql(input: ScoringSqlInput, target: CustomerTarget): { sql: string; params: unknown[] } {
  const f = factsRelationSql(input, target, { exactMedian: true });
  return sql`
    select f.customer_id, f.company_size, f.order_count,
           f.first_order_on::text as first_order_on, f.last_order_on::text as last_order_on,
           f.median_interval_days, f.satisfaction_count, f.satisfaction_sum,
           f.open_inquiry_count, f.open_inquiry_amount::text as open_inquiry_amount,
           f.last_follow_up_on::text as last_follow_up_on, f.last_qualifying_follow_up_on::text as last_qualifying_follow_up_on,
           f.recent_follow_up_count, f.window_order_count,
           f.window_spend::text as window_spend, f.window_profit::text as window_profit,
           f.growth_recent_spend::text as growth_recent_spend, f.growth_prior_spend::text as growth_prior_spend,
           f.override_stage, f.override_reason, f.override_set_by_id, f.override_set_at
      from (${f}) f
     order by f.customer_id`;
}

const int = (v: unknown): number => (v == null ? 0 : Number(v));
const text = (v: unknown): string | null => (v == null ? null : String(v));

export function factsFromRow(row: Record<string, unknown>): CustomerFacts {
  const median = row.median_interval_days;
  return {
    customerId: int(row.customer_id),
    companySize: text(row.company_size),
    orderCount: int(row.order_count),
    firstOrderOn: text(row.first_order_on),
    lastOrderOn: text(row.last_order_on),
    medianIntervalDays: median == null ? null : Number(median),
    satisfactionCount: int(row.satisfaction_count),
    satisfactionSum: int(row.satisfaction_sum),
    openInquiryCount: int(row.open_inquiry_count),
    openInquiryAmount: money(String(row.open_inquiry_amount ?? 0)),
    lastFollowUpOn: text(row.last_follow_up_on),
    lastQualifyingFollowUpOn: text(row.last_qualifying_follow_up_on),
    recentFollowUpCount: int(row.recent_follow_up_count),
    windowOrderCount: int(row.window_order_count),
    windowSpend: money(String(row.window_spend ?? 0)),
    windowProfit: money(String(row.window_profit ?? 0)),
    growthRecentSpend: money(String(row.growth_recent_spend ?? 0)),
    growthPriorSpend: money(String(row.growth_prior_spend ?? 0)),
    override:
      row.override_stage == null
        ? null
        : {
            stage: row.override_stage as LifecycleStage,
            reason: String(row.override_reason),
            byUserId: row.override_set_by_id == null ? null : Number(row.override_set_by_id),
            at: row.override_set_at instanceof Date ? row.override_set_at : new Date(String(row.override_set_at)),
          },
  };
}
