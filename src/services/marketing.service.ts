import type { EntityManager } from '@mikro-orm/postgresql';
import { decideAccess } from '../domain/access/viewer';
import { say } from '../domain/common/bilingual';
import { userError, UserInputFailure, type UserErrorData } from '../domain/common/domain-error';
import { CONTACT_CHANNELS, type ContactChannel } from '../domain/customer/customer.enums';
import { marketingEligibility, type MarketingEligibility } from '../domain/reminders/marketing-eligibility';
import { marketingEligibilityRowsSql } from '../domain/reminders/marketing-eligibility.sql';
import { TOUCH_PURPOSES, type TouchPurpose } from '../domain/reminders/reminder.enums';
import { pgArray, sql } from '../domain/common/sql';
import { customerScopeSql } from '../domain/segments/segment.sql';
import type { SkippedTouch } from '../entities/marketing-touch.entity';
import { scopeFor } from './customer-scope';
import { customerSetErrors } from './customer-set';
import { claimIdempotencyKey, recordIdempotentResult, requestHash } from './idempotency';
import { MarketingCapReader, type EligibleFor } from './marketing-cap';
import type { ScoringService } from './scoring.service';
import { SegmentService } from './segment.service';
import type { ServiceContext } from './service-context';
import { inTransaction, type Result } from './transaction';
import { failIfAny } from './validate-input';

/** At most this many customers are touched by one request, named or as a segment's members. */
export const MAX_TOUCH_CUSTOMERS = 1000;
const NOTE_LENGTH = 500;
const IDEMPOTENCY_KEY = /^[\w.:-]{1,100}$/;
const OPERATION = 'marketingTouchesRecord';

/** An id as the caller gave it and as the resolver decoded it (null: not an id of that type). */
export interface GivenId {
  localId: number | null;
  given: string;
}

/** `marketingTouchesRecord`'s command: exactly one of `customerIds` and `segment`. */
export interface RecordTouchesCommand {
  customerIds: readonly GivenId[] | null;
  segment: GivenId | null;
  channel: ContactChannel;
  purpose: TouchPurpose;
  note: string | null;
  idempotencyKey: string | null;
}

export interface RecordedTouches {
  batchId: number;
  recordedCount: number;
  /** In the order the customers were given (a segment's members: by id). */
  skipped: SkippedTouch[];
  /** A retry with the same idempotency key: nothing was written. */
  replayed: boolean;
}

const TOUCHES_UNSCORED = { scoringUnchanged: 'marketing touches are not read by the scoring population' };

/**
 * Marketing touches and the company cap (DOMAIN M4). A request locks its customers (`FOR
 * UPDATE`, in id order, so two requests never wait on each other in a circle), then decides
 * each one's eligibility in one statement: two concurrent requests for a customer with one
 * touch left under the cap record exactly one, the second seeing the first's touch once it
 * holds the lock. Writes nothing on bad input; an idempotency key replays the first result.
 */
export class MarketingService {
  private readonly cap: MarketingCapReader;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly scoring: ScoringService,
  ) {
    this.cap = new MarketingCapReader(ctx);
  }

  /** The eligibility of some customers (any scope: for customers already read), one statement. */
  async eligibility(eligibleFor: EligibleFor, customerIds: readonly number[]): Promise<Map<number, MarketingEligibility>> {
    return this.explain(this.ctx.em, eligibleFor, customerIds);
  }

  async record(command: RecordTouchesCommand): Promise<Result<'batch', RecordedTouches>> {
    // Read before the transaction, so it never waits for a second connection while holding one.
    await this.cap.current();
    return inTransaction(
      this.ctx,
      'batch',
      async (em) => {
        const note = this.check(command);
        const key = command.idempotencyKey;
        if (key) {
          const claim = await claimIdempotencyKey(em, this.ctx.viewer, OPERATION, key, requestHash(command));
          if (claim.kind === 'replay') return this.replay(em, claim.resourceId);
        }
        const ordered = command.segment ? await this.lockMembers(em, command.segment) : await this.lockNamed(em, command.customerIds!);
        const explained = await this.explain(em, command, ordered);
        const eligible = ordered.filter((id) => explained.get(id)!.eligible);
        const skipped: SkippedTouch[] = ordered
          .filter((id) => !explained.get(id)!.eligible)
          .map((id) => ({ customerId: id, reason: explained.get(id)!.reason!, nextPossibleOn: explained.get(id)!.nextPossibleOn }));
        const batchId = await this.write(em, command, note, eligible, skipped);
        if (key) await recordIdempotentResult(em, this.ctx.viewer, OPERATION, key, batchId);
        return { batchId, recordedCount: eligible.length, skipped, replayed: false };
      },
      TOUCHES_UNSCORED,
    );
  }

  /** The rules of the input; the trimmed note. */
  private check(command: RecordTouchesCommand): string | null {
    const errors: UserErrorData[] = [];
    if (!CONTACT_CHANNELS.values.includes(command.channel))
      errors.push(userError(['input', 'channel'], say(`未知的渠道 "${command.channel}"`, `unknown channel "${command.channel}"`)));
    if (!TOUCH_PURPOSES.values.includes(command.purpose))
      errors.push(userError(['input', 'purpose'], say(`未知的触达目的 "${command.purpose}"`, `unknown purpose "${command.purpose}"`)));
    const note = command.note?.trim() || null;
    if (note && note.length > NOTE_LENGTH)
      errors.push(userError(['input', 'note'], say(`最多 ${NOTE_LENGTH} 个字符`, `at most ${NOTE_LENGTH} characters`), 'TOO_LONG'));
    if (command.idempotencyKey != null && !IDEMPOTENCY_KEY.test(command.idempotencyKey)) {
      errors.push(
        userError(
          ['input', 'idempotencyKey'],
          say('必须是 1–100 个字符，只能包含字母、数字和 _ . : -', 'must be 1–100 characters of letters, digits, _ . : -'),
        ),
      );
    }
    errors.push(
      ...customerSetErrors(command, MAX_TOUCH_CUSTOMERS, (given) =>
        say(
          `一次最多 ${MAX_TOUCH_CUSTOMERS} 个客户（给出了 ${given} 个）`,
          `at most ${MAX_TOUCH_CUSTOMERS} customers at once (${given} given)`,
        ),
      ),
    );
    failIfAny(errors);
    return note;
  }

  /**
   * The named customers, locked in id order, each once; every id that is not a customer of
   * the viewer's scope is a NOT_FOUND user error at its position.
   */
  private async lockNamed(em: EntityManager, given: readonly GivenId[]): Promise<number[]> {
    const ids = [...new Set(given.map((g) => g.localId).filter((id): id is number => id != null))];
    const found = new Set(await this.lock(em, ids));
    const errors = given.flatMap((g, i) =>
      g.localId != null && found.has(g.localId)
        ? []
        : [
            userError(
              ['input', 'customerIds', String(i)],
              say(`没有 id 为“${g.given}”的客户`, `no customer with id "${g.given}"`),
              'NOT_FOUND',
            ),
          ],
    );
    failIfAny(errors);
    const seen = new Set<number>();
    return given.map((g) => g.localId!).filter((id) => !seen.has(id) && Boolean(seen.add(id)));
  }

  /**
   * The members of a segment in the viewer's scope (at most MAX_TOUCH_CUSTOMERS), locked in id
   * order. A key reads a segment and evaluates it with segments:read and customers:read (the
   * result tells how many members there are and which of them refuse): it needs both here too.
   */
  private async lockMembers(em: EntityManager, given: GivenId): Promise<number[]> {
    const viewer = this.ctx.viewer;
    if (
      viewer?.kind === 'partner' &&
      !(['segments:read', 'customers:read'] as const).every((scope) => decideAccess(viewer, { scope }) === 'ALLOWED')
    ) {
      throw new UserInputFailure([
        userError(
          ['input', 'segmentId'],
          say(
            'API 密钥需要 segments:read 和 customers:read 权限范围，才能对客户分群的成员进行营销触达',
            "an API key needs the segments:read and customers:read scopes to touch a segment's members",
          ),
          'FORBIDDEN',
        ),
      ]);
    }
    const segments = new SegmentService({ ...this.ctx, em }, this.scoring);
    const segment = given.localId == null ? null : (await segments.byIds([given.localId]))[0];
    if (!segment)
      throw new UserInputFailure([
        userError(['input', 'segmentId'], say(`没有 id 为“${given.given}”的客户分群`, `no segment with id "${given.given}"`), 'NOT_FOUND'),
      ]);
    const members = await segments.memberIds({ rule: SegmentService.ruleOf(segment) }, MAX_TOUCH_CUSTOMERS + 1);
    if (members.length > MAX_TOUCH_CUSTOMERS) {
      throw new UserInputFailure([
        userError(
          ['input', 'segmentId'],
          say(
            `该客户分群在你的数据范围内有超过 ${MAX_TOUCH_CUSTOMERS} 个客户；请用 customerIds 每次最多提交 ${MAX_TOUCH_CUSTOMERS} 个（可用 segment.members(eligibleFor:) 分页取得）`,
            `the segment holds more than ${MAX_TOUCH_CUSTOMERS} customers of your scope; send at most ${MAX_TOUCH_CUSTOMERS} at once as customerIds (segment.members(eligibleFor:) pages through them)`,
          ),
        ),
      ]);
    }
    return this.lock(em, members);
  }

  /** Locks those of `ids` that are customers of the viewer's scope, in id order; returns them. */
  private async lock(em: EntityManager, ids: readonly number[]): Promise<number[]> {
    if (ids.length === 0) return [];
    const statement = sql`select c.id from customer c
       where c.id = any(${pgArray(ids)}::int[]) and (${customerScopeSql(scopeFor(this.ctx.viewer))})
       order by c.id
         for update of c`;
    const rows: Array<{ id: number }> = await em.execute(statement.sql, statement.params);
    return rows.map((r) => r.id);
  }

  /**
   * Each customer's eligibility: the SQL predicate decides (the same one the members filter
   * and the export use), the TypeScript evaluator explains (reason, next possible day) from
   * the same row; they must agree.
   */
  private async explain(em: EntityManager, eligibleFor: EligibleFor, ids: readonly number[]): Promise<Map<number, MarketingEligibility>> {
    const result = new Map<number, MarketingEligibility>();
    if (ids.length === 0) return result;
    const input = await this.cap.sqlInput({ channel: eligibleFor.channel, purpose: eligibleFor.purpose });
    const statement = marketingEligibilityRowsSql(input, ids);
    const rows: Array<{
      id: number;
      eligible: boolean;
      archived: boolean;
      consents: unknown;
      capped_touches: Array<Date | string> | null;
    }> = await em.execute(statement.sql, statement.params);
    for (const row of rows) {
      const explained = marketingEligibility({
        channel: input.channel,
        purpose: input.purpose,
        consents: Array.isArray(row.consents) ? row.consents : null,
        archived: row.archived,
        cappedTouchesInWindow: (row.capped_touches ?? []).map((t) => new Date(t)),
        cap: input.cap,
        timeZone: this.ctx.config.companyTimeZone,
      });
      if (explained.eligible !== row.eligible) {
        throw new Error(`marketing eligibility: SQL says ${row.eligible}, TypeScript ${explained.eligible} for customer ${row.id}`);
      }
      result.set(row.id, explained);
    }
    return result;
  }

  private async write(
    em: EntityManager,
    command: RecordTouchesCommand,
    note: string | null,
    eligible: number[],
    skipped: SkippedTouch[],
  ): Promise<number> {
    const now = this.ctx.now();
    const viewer = this.ctx.viewer;
    const userId = viewer?.kind === 'staff' ? viewer.userId : null;
    const apiKeyId = viewer?.kind === 'partner' ? viewer.apiKeyId : null;
    const [batch] = await em.execute(
      `insert into marketing_touch_batch (channel, purpose, note, segment_id, recorded_count, skipped, recorded_by_user_id, recorded_by_api_key_id, created_at)
       values (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?) returning id`,
      [
        command.channel,
        command.purpose,
        note,
        command.segment?.localId ?? null,
        eligible.length,
        JSON.stringify(skipped),
        userId,
        apiKeyId,
        now,
      ],
    );
    if (eligible.length > 0) {
      await em.execute(
        `insert into marketing_touch (customer_id, batch_id, channel, purpose, note, touched_at, recorded_by_user_id, recorded_by_api_key_id, created_at)
         select t.id, ?, ?, ?, ?, ?, ?, ?, ? from unnest(?::int[]) as t(id)`,
        [batch.id, command.channel, command.purpose, note, now, userId, apiKeyId, now, pgArray(eligible)],
      );
    }
    return batch.id as number;
  }

  private async replay(em: EntityManager, batchId: number): Promise<RecordedTouches> {
    const [row] = await em.execute('select recorded_count, skipped from marketing_touch_batch where id = ?', [batchId]);
    return { batchId, recordedCount: row.recorded_count as number, skipped: row.skipped as SkippedTouch[], replayed: true };
  }
}
