import { type CustomerTarget } from '../scoring/customer-facts.sql';
import { joinSql, localDaySql, raw, sql, type SqlFragment } from '../common/sql';
import { negatedCutsParam, scoredCtesSql, tierSql } from '../scoring/customer-scores.sql';
import type { ReminderKind, ReminderState } from './reminder.enums';
import { reminderBranchesSql, type ReminderSqlInput } from './reminder-rules.sql';

/**
 * The reminders of a set of customers as one statement: the rules' branches
 * (`reminder-rules.sql.ts`) in a `union all`, with each customer's value tier and the state
 * salespeople gave each occurrence (`reminder_state`).
 *
 * Columns of `reminderRowsSql`: customer_id, kind, occurrence_key, due_on (date), due_at
 * (timestamptz), due_at_text (its exact text, for cursors), urgency_rank (0 overdue, 1 today,
 * 2 upcoming), tier, tier_rank (0 VIP … 3 SMALL), subject_type, subject_id, figures (jsonb),
 * state (OPEN, SNOOZED, DONE, DISMISSED: a snooze whose day came is OPEN again),
 * snoozed_until, state_reason, acted_at.
 */
export interface ReminderFilter {
  kinds?: readonly ReminderKind[] | null;
  states?: readonly ReminderState[] | null;
  tiers?: readonly string[] | null;
  dueFrom?: string | null;
  dueTo?: string | null;
}

/** A position in the urgency order, as read from a row. */
export interface ReminderPosition {
  urgencyRank: number;
  dueAtText: string;
  tierRank: number;
  customerId: number;
  kind: string;
  key: string;
}

/**
 * The listed occurrences of the target customers (archived ones never have any), with their
 * state, filtered; no order. `kinds` in the filter also prunes the branches that run.
 */
export function reminderRowsSql(input: ReminderSqlInput, target: CustomerTarget, filter: ReminderFilter = {}): SqlFragment {
  const { today, timeZone: tz } = input.scoring;
  const kinds = filter.kinds?.length ? new Set(filter.kinds) : null;
  const parts = reminderBranchesSql(input, kinds, 'allActive' in target);
  const profitCuts = sql`(select ${negatedCutsParam(input.population.profitPercentiles)} as neg) pc`;
  const occ = parts.length
    ? joinSql(
        parts.map((b) => sql`select ${b.kind}::text as kind, q.* from (${b.select}) q`),
        '\n      union all\n      ',
      )
    : raw(`select null::text as kind, null::int as customer_id, null::text as occurrence_key, null::date as due_on, null::timestamptz as deadline,
              null::text as subject_type, null::int as subject_id, null::jsonb as figures where false`);
  const conditions: SqlFragment[] = [];
  if (filter.states?.length) conditions.push(sql`x.state = any(${`{${filter.states.join(',')}}`}::text[])`);
  if (filter.tiers?.length) conditions.push(sql`x.tier = any(${`{${filter.tiers.join(',')}}`}::text[])`);
  if (filter.dueFrom) conditions.push(sql`x.due_on >= ${filter.dueFrom}::date`);
  if (filter.dueTo) conditions.push(sql`x.due_on <= ${filter.dueTo}::date`);
  const t = sql`${today}::date`;
  return sql`
    with ${scoredCtesSql(input.scoring, target, profitCuts, raw(''), true)},
    tg as materialized (
      select sc.customer_id, ${tierSql(input.population.valueCuts, 'sc')} as tier, sc.order_count, sc.first_order_on, sc.last_order_on,
             sc.median_interval_days, sc.last_follow_up_on, c.owner_id, ${localDaySql('c.created_at', tz)} as created_on, c.birthday, c.important_dates
        from sc join customer c on c.id = sc.customer_id
       where c.archived_at is null),
    occ as materialized (
      ${occ}),
    x as (
      select occ.customer_id, occ.kind, occ.occurrence_key, occ.due_on,
             coalesce(occ.deadline, occ.due_on::timestamp at time zone ${tz}) as due_at,
             case when occ.deadline is not null then (case when occ.deadline < ${input.now}::timestamptz then 0 when occ.due_on = ${t} then 1 else 2 end)
                  else (case when occ.due_on < ${t} then 0 when occ.due_on = ${t} then 1 else 2 end) end as urgency_rank,
             tg.tier, (case tg.tier when 'VIP' then 0 when 'MAJOR' then 1 when 'ORDINARY' then 2 else 3 end) as tier_rank,
             occ.subject_type, occ.subject_id, occ.figures,
             case when rs.state is null or (rs.state = 'SNOOZED' and rs.snoozed_until <= ${t}) then 'OPEN' else rs.state end as state,
             rs.snoozed_until, rs.reason as state_reason, rs.acted_at
        from occ
        join tg on tg.customer_id = occ.customer_id
        left join reminder_state rs on rs.customer_id = occ.customer_id and rs.kind = occ.kind and rs.occurrence_key = occ.occurrence_key)
    select x.*, x.due_at::text as due_at_text from x${conditions.length ? sql` where ${joinSql(conditions, ' and ')}` : raw('')}`;
}

/** The urgency order: overdue first, then by due time, VIP first, then customer, kind and key (unique). */
export const REMINDER_ORDER = 'r.urgency_rank, r.due_at, r.tier_rank, r.customer_id, r.kind, r.occurrence_key';

/** A page of reminders after a position, in the urgency order. */
export function reminderPageSql(rows: SqlFragment, limit: number, after: ReminderPosition | null): { sql: string; params: unknown[] } {
  const bound = after
    ? sql` where (r.urgency_rank, r.due_at, r.tier_rank, r.customer_id, r.kind, r.occurrence_key) >
             (${after.urgencyRank}::int, ${after.dueAtText}::timestamptz, ${after.tierRank}::int, ${after.customerId}::int, ${after.kind}::text, ${after.key}::text)`
    : raw('');
  return sql`select r.* from (${rows}) r${bound} order by ${raw(REMINDER_ORDER)} limit ${limit}::int`;
}

export function reminderCountSql(rows: SqlFragment): { sql: string; params: unknown[] } {
  return sql`select count(*)::int as n from (${rows}) r`;
}
