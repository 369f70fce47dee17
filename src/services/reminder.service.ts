import type { EntityManager } from '@mikro-orm/postgresql';
import { say } from '../domain/common/bilingual';
import { RequestError, userError, UserInputFailure } from '../domain/common/domain-error';
import { addDays } from '../domain/common/calendar';
import { type CustomerTarget } from '../domain/scoring/customer-facts.sql';
import { pgArray, raw, sql, type SqlFragment } from '../domain/common/sql';
import { customerScopeSql, departmentSubtreeSql } from '../domain/segments/segment.sql';
import { REMINDER_STATES, type ReminderKind, type ReminderState, type ReminderUrgency } from '../domain/reminders/reminder.enums';
import type { ReminderFigures, ReminderSubject } from '../domain/reminders/reminder-rules';
import { isReminderKind } from '../domain/reminders/reminder-settings';
import {
  reminderCountSql,
  reminderPageSql,
  reminderRowsSql,
  type ReminderFilter,
  type ReminderPosition,
} from '../domain/reminders/reminder-list.sql';
import type { ReminderSqlInput } from '../domain/reminders/reminder-rules.sql';
import type { ValueTier } from '../domain/scoring/scoring.enums';
import { scopeFor } from './customer-scope';
import { limitEvaluation } from './evaluation-limit';
import type { FollowUpCommand, FollowUpService } from './follow-up.service';
import { fromOpaque, toOpaque } from '../domain/common/global-id';
import { checkPageArgs, forwardConnection } from '../lib/pagination';
import { readReminderState } from './reminder-settings.service';
import type { ScoringService } from './scoring.service';
import { actingUserId, type ServiceContext } from './service-context';
import { inTransaction } from './transaction';

/** One listed occurrence of a rule for a customer, with its state (DOMAIN M2, M3). */
export interface Reminder {
  customerId: number;
  kind: ReminderKind;
  key: string;
  dueOn: string;
  dueAt: Date;
  /** Set for a deadline (an inquiry's); day-based reminders are due at the start of their day. */
  deadline: boolean;
  urgency: ReminderUrgency;
  tier: ValueTier;
  subject: ReminderSubject | null;
  figures: ReminderFigures;
  state: ReminderState;
  snoozedUntil: string | null;
  stateReason: string | null;
  actedAt: Date | null;
}

/** Names an occurrence: rule, customer, and the occurrence's own key. */
export interface ReminderRef {
  customerId: number;
  kind: ReminderKind;
  key: string;
}

export interface ReminderListCommand extends ReminderFilter {
  ownerId?: number | null;
  departmentId?: number | null;
  storeId?: number | null;
}

const URGENCIES: ReminderUrgency[] = ['OVERDUE', 'DUE_TODAY', 'UPCOMING'];
const idsArray = (ids: readonly number[]) => sql`${pgArray(ids)}::int[]`;
const CURSOR_KEY = 'REMINDER';

export function encodeReminderCursor(p: ReminderPosition): string {
  return toOpaque(JSON.stringify([CURSOR_KEY, p.urgencyRank, p.dueAtText, p.tierRank, p.customerId, p.kind, p.key]));
}

export function decodeReminderCursor(cursor: string): ReminderPosition {
  let parts: unknown;
  try {
    parts = JSON.parse(fromOpaque(cursor));
  } catch {
    parts = null;
  }
  const ok =
    Array.isArray(parts) &&
    parts.length === 7 &&
    parts[0] === CURSOR_KEY &&
    [0, 1, 2].includes(parts[1] as number) &&
    typeof parts[2] === 'string' &&
    /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/.test(parts[2]) &&
    [0, 1, 2, 3].includes(parts[3] as number) &&
    Number.isInteger(parts[4]) &&
    (parts[4] as number) > 0 &&
    (parts[4] as number) <= 2_147_483_647 &&
    typeof parts[5] === 'string' &&
    isReminderKind(parts[5]) &&
    typeof parts[6] === 'string' &&
    parts[6].length <= 200 &&
    !parts[6].includes('\u0000') &&
    isRealInstant(parts[2]);
  if (!ok)
    throw new RequestError(
      'BAD_USER_INPUT',
      say(`after：“${cursor}”不是 reminders 的游标`, `after: "${cursor}" is not a cursor of reminders`),
    );
  const p = parts as [string, number, string, number, number, string, string];
  return { urgencyRank: p[1], dueAtText: p[2], tierRank: p[3], customerId: p[4], kind: p[5], key: p[6] };
}

/** A `timestamptz` text PostgreSQL wrote (`2026-12-07 00:00:00+08`) that names a real instant, so `::timestamptz` cannot fail. */
function isRealInstant(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?([+-])(\d{2})(?::(\d{2}))?(?::(\d{2}))?$/.exec(text);
  if (!m) return false;
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[8]}${m[9]}:${m[10] ?? '00'}`;
  const at = new Date(iso);
  return (
    !Number.isNaN(at.getTime()) &&
    Number(m[9]) <= 15 &&
    new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`).toISOString().slice(0, 10) === `${m[1]}-${m[2]}-${m[3]}`
  );
}

function reminderOf(row: Record<string, unknown>): Reminder {
  const day = (v: unknown) => (v == null ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));
  return {
    customerId: Number(row.customer_id),
    kind: row.kind as ReminderKind,
    key: String(row.occurrence_key),
    dueOn: day(row.due_on)!,
    dueAt: new Date(row.due_at as string | Date),
    deadline: row.subject_type === 'INQUIRY',
    urgency: URGENCIES[Number(row.urgency_rank)],
    tier: row.tier as ValueTier,
    subject: row.subject_type == null ? null : ({ type: row.subject_type, id: Number(row.subject_id) } as ReminderSubject),
    figures: (row.figures ?? {}) as ReminderFigures,
    state: row.state as ReminderState,
    snoozedUntil: day(row.snoozed_until),
    stateReason: (row.state_reason as string | null) ?? null,
    actedAt: row.acted_at == null ? null : new Date(row.acted_at as string | Date),
  };
}

function positionOf(row: Record<string, unknown>): ReminderPosition {
  return {
    urgencyRank: Number(row.urgency_rank),
    dueAtText: String(row.due_at_text),
    tierRank: Number(row.tier_rank),
    customerId: Number(row.customer_id),
    kind: String(row.kind),
    key: String(row.occurrence_key),
  };
}

/**
 * Reminders computed when asked (DOMAIN M1–M3): the rules run in SQL over the customers of
 * the viewer's data scope (a salesperson's own, a manager's subtree, the company for admins
 * and keys); a page is one statement, its count another (only when asked).
 */
export class ReminderService {
  private input?: Promise<ReminderSqlInput>;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly scoring: ScoringService,
    private readonly followUps: FollowUpService,
  ) {}

  /** The rules, the scoring input and population (tiers), today and now: read once per request. */
  sqlInput(): Promise<ReminderSqlInput> {
    this.input ??= (async () => {
      const [scoring, population, state] = await Promise.all([
        this.scoring.sqlInput(),
        this.scoring.population(),
        readReminderState(this.ctx.em),
      ]);
      return { scoring, population, settings: state.settings, now: this.ctx.now() };
    })();
    return this.input;
  }

  /** The viewer's customers narrowed by the list's owner, department and store. */
  private target(command: ReminderListCommand): CustomerTarget {
    const conditions: SqlFragment[] = [customerScopeSql(scopeFor(this.ctx.viewer))];
    if (command.ownerId != null) conditions.push(sql`c.owner_id = ${command.ownerId}::int`);
    if (command.departmentId != null) {
      conditions.push(departmentSubtreeSql(sql`(select p.path from department p where p.id = ${command.departmentId}::int)`));
    }
    if (command.storeId != null) conditions.push(sql`c.store_id = ${command.storeId}::int`);
    return { activeWhere: conditions.reduce((a, b) => sql`${a} and ${b}`) };
  }

  async page(command: ReminderListCommand, args: { first?: number | null; after?: string | null }) {
    const { limit } = checkPageArgs({ first: args.first });
    const after = args.after ? decodeReminderCursor(args.after) : null;
    checkFilter(command);
    const input = await this.sqlInput();
    const rowsSql = reminderRowsSql(input, this.target(command), withDefaultState(command));
    let rows: Array<Record<string, unknown>> = [];
    if (limit > 0) {
      const page = reminderPageSql(rowsSql, limit + 1, after);
      rows = await limitEvaluation(this.ctx, () => this.ctx.em.execute(page.sql, page.params));
    }
    const hasMore = rows.length > limit;
    const edges = rows.slice(0, limit).map((row) => ({ cursor: encodeReminderCursor(positionOf(row)), node: reminderOf(row) }));
    return forwardConnection(edges, hasMore, Boolean(args.after), async () => {
      const count = reminderCountSql(rowsSql);
      return Number((await limitEvaluation(this.ctx, () => this.ctx.em.execute(count.sql, count.params)))[0].n);
    });
  }

  /** The reminders of some customers (already known to be visible), in urgency order: one statement for all of them. */
  async forCustomers(ids: readonly number[], filter: ReminderFilter): Promise<Map<number, Reminder[]>> {
    checkFilter(filter);
    const input = await this.sqlInput();
    // In the viewer's scope even for ids a caller already checked (a page's customers come through an unscoped loader).
    const rowsSql = reminderRowsSql(
      input,
      { activeWhere: sql`c.id = any(${idsArray(ids)}) and ${customerScopeSql(scopeFor(this.ctx.viewer))}` },
      withDefaultState(filter),
    );
    const page = sql`select r.* from (${rowsSql}) r order by ${raw('r.customer_id, r.urgency_rank, r.due_at, r.kind, r.occurrence_key')}`;
    const rows = await this.ctx.em.execute(page.sql, page.params);
    const result = new Map<number, Reminder[]>(ids.map((id) => [id, []]));
    for (const row of rows) result.get(Number(row.customer_id))?.push(reminderOf(row));
    return result;
  }

  /** One occurrence in the viewer's scope, whatever its state; null when the rules do not list it today. */
  find(ref: ReminderRef): Promise<Reminder | null> {
    return this.findIn(this.ctx.em, ref);
  }

  private async findIn(em: EntityManager, ref: ReminderRef): Promise<Reminder | null> {
    const input = await this.sqlInput();
    const rowsSql = reminderRowsSql(
      input,
      { activeWhere: sql`c.id = ${ref.customerId}::int and ${customerScopeSql(scopeFor(this.ctx.viewer))}` },
      { kinds: [ref.kind] },
    );
    const q = sql`select r.* from (${rowsSql}) r where r.occurrence_key = ${ref.key}::text`;
    const rows = await em.execute(q.sql, q.params);
    return rows[0] ? reminderOf(rows[0]) : null;
  }

  complete(ref: ReminderRef, followUp: FollowUpCommand | null) {
    return this.move(ref, 'DONE', null, null, followUp);
  }

  snooze(ref: ReminderRef, until: string) {
    return this.move(ref, 'SNOOZED', until, null, null);
  }

  dismiss(ref: ReminderRef, reason: string | null) {
    return this.move(ref, 'DISMISSED', null, reason, null);
  }

  private move(
    ref: ReminderRef,
    state: Exclude<ReminderState, 'OPEN'>,
    until: string | null,
    reason: string | null,
    followUp: FollowUpCommand | null,
  ) {
    return inTransaction(this.ctx, 'reminder', async (em, notes) => {
      const today = (await this.sqlInput()).scoring.today;
      if (state === 'SNOOZED' && until! <= today) {
        throw new UserInputFailure([
          userError(
            ['input', 'until'],
            say(`必须晚于公司日历的今天（${today}）`, `must be after today (${today}) in the company calendar`),
          ),
        ]);
      }
      if (state === 'SNOOZED' && until! > addDays(today, 366)) {
        throw new UserInputFailure([userError(['input', 'until'], say('必须在一年之内', 'must be within a year'))]);
      }
      // The customer's row lock orders state moves of its reminders, as it orders its records' writes.
      const scope = customerScopeSql(scopeFor(this.ctx.viewer));
      const lock = sql`select c.id from customer c where c.id = ${ref.customerId}::int and c.archived_at is null and ${scope} for update`;
      const locked = await em.execute(lock.sql, lock.params);
      const current = locked.length ? await this.findIn(em, ref) : null;
      // Done or dismissed already (then the rules may no longer list it: the follow-up of a completion moves NO_FOLLOW_UP on).
      const [stored] = locked.length
        ? await em.execute<Array<{ state: string }>>(
            `select state from reminder_state where customer_id = ? and kind = ? and occurrence_key = ?`,
            [ref.customerId, ref.kind, ref.key],
          )
        : [];
      if (stored && stored.state !== 'SNOOZED') {
        throw new UserInputFailure([
          userError(
            ['input', 'id'],
            say(
              `该提醒${REMINDER_STATES.labels[stored.state as ReminderState]?.zh ?? `已是 ${stored.state} 状态`}`,
              `the reminder is ${stored.state.toLowerCase()} already`,
            ),
            'ILLEGAL_TRANSITION',
          ),
        ]);
      }
      if (!current)
        throw new UserInputFailure([
          userError(
            ['input', 'id'],
            say('你可见的客户中没有这条到期提醒', 'no such reminder is due for a customer you can see'),
            'NOT_FOUND',
          ),
        ]);
      let followUpId: number | null = null;
      if (followUp) {
        try {
          followUpId = (await this.followUps.createIn(em, notes, followUp)).id;
        } catch (error) {
          // The follow-up's problems at their place in this input.
          if (error instanceof UserInputFailure)
            throw new UserInputFailure(error.userErrors.map((e) => ({ ...e, field: ['input', 'followUp', ...e.field.slice(1)] })));
          throw error;
        }
      } else notes.scoringUnchanged('a reminder state is not read by the scoring population');
      const viewer = this.ctx.viewer;
      await em.execute(
        `insert into reminder_state (customer_id, kind, occurrence_key, state, snoozed_until, reason, follow_up_id, acted_by_user_id, acted_by_api_key_id, acted_at)
           values (?, ?, ?, ?, ?::date, ?, ?, ?, ?, ?)
           on conflict (customer_id, kind, occurrence_key) do update
              set state = excluded.state, snoozed_until = excluded.snoozed_until, reason = excluded.reason, follow_up_id = excluded.follow_up_id,
                  acted_by_user_id = excluded.acted_by_user_id, acted_by_api_key_id = excluded.acted_by_api_key_id, acted_at = excluded.acted_at`,
        [
          ref.customerId,
          ref.kind,
          ref.key,
          state,
          until,
          reason,
          followUpId,
          actingUserId(this.ctx),
          viewer?.kind === 'partner' ? viewer.apiKeyId : null,
          this.ctx.now(),
        ],
      );
      return { ...current, state, snoozedUntil: until, stateReason: reason, actedAt: this.ctx.now() } satisfies Reminder;
    });
  }
}

/** Without a state filter a list shows what is to do: OPEN (snoozed ones whose day came are OPEN again). */
function withDefaultState<F extends ReminderFilter>(filter: F): F {
  return filter.states?.length ? filter : { ...filter, states: ['OPEN'] };
}

function checkFilter(filter: ReminderFilter): void {
  if (filter.dueFrom && filter.dueTo && filter.dueFrom > filter.dueTo) {
    throw new RequestError(
      'BAD_USER_INPUT',
      say(
        `filter.dueFrom（${filter.dueFrom}）晚于 filter.dueTo（${filter.dueTo}）`,
        `filter.dueFrom (${filter.dueFrom}) is after filter.dueTo (${filter.dueTo})`,
      ),
    );
  }
}
