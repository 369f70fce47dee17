import { randomBytes } from 'node:crypto';
import type { AuditSubjectType } from '../domain/audit/change-history';
import { say } from '../domain/common/bilingual';
import { userError, UserInputFailure, type UserErrorData } from '../domain/common/domain-error';
import { pgTextArray } from '../domain/common/sql';
import { TOPIC_SCOPES, topicsReadableWith, webhookUrlProblem, type WebhookTopic } from '../domain/webhooks/webhooks';
import { paginate, type PageArgs } from '../lib/pagination';
import type { GivenId } from './given-id';
import type { ServiceContext } from './service-context';
import { inTransaction, type Result } from './transaction';

/** A webhook subscription, as the API shows it (never its secret, which only create and rotate return). */
export interface WebhookSubscription {
  id: number;
  url: string;
  topics: WebhookTopic[];
  departmentId: number | null;
  ownerId: number | null;
  /** The creating key's scopes; null for an admin's subscription. */
  scopes: string[] | null;
  createdByUserId: number | null;
  createdByApiKeyId: number | null;
  active: boolean;
  disabledAt: Date | null;
  disabledReason: string | null;
  failingSince: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type WebhookDeliveryStatus = 'PENDING' | 'RETRYING' | 'SUCCEEDED';

export interface WebhookDelivery {
  id: number;
  subscriptionId: number;
  eventId: number;
  topic: WebhookTopic;
  subjectType: AuditSubjectType;
  subjectId: number;
  customerId: number | null;
  status: WebhookDeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  responseStatus: number | null;
  latencyMs: number | null;
  lastError: string | null;
  createdAt: Date;
}

export interface WebhookSubscriptionCreateCommand {
  url: string;
  topics: WebhookTopic[];
  department: GivenId | null;
  owner: GivenId | null;
}

export interface WebhookSubscriptionUpdateCommand {
  id: GivenId;
  url?: string;
  topics?: WebhookTopic[];
  /** undefined: unchanged; null: no filter. */
  department?: GivenId | null;
  owner?: GivenId | null;
  /** true re-enables a disabled subscription (its failures forgotten); false pauses it. */
  active?: boolean;
  rotateSecret?: boolean;
}

export interface WebhookDeliveryListCommand {
  subscriptionIds?: readonly number[];
  statuses?: readonly WebhookDeliveryStatus[] | null;
}

const date = (v: Date | string | null): Date | null => (v == null ? null : new Date(v));

type Row = Record<string, unknown>;
const subscriptionOf = (r: Row): WebhookSubscription => ({
  id: r.id as number,
  url: r.url as string,
  topics: r.topics as WebhookTopic[],
  departmentId: r.department_id as number | null,
  ownerId: r.owner_id as number | null,
  scopes: r.scopes as string[] | null,
  createdByUserId: r.created_by_user_id as number | null,
  createdByApiKeyId: r.created_by_api_key_id as number | null,
  active: r.active as boolean,
  disabledAt: date(r.disabled_at as string | null),
  disabledReason: r.disabled_reason as string | null,
  failingSince: date(r.failing_since as string | null),
  createdAt: date(r.created_at as string)!,
  updatedAt: date(r.updated_at as string)!,
});
const deliveryOf = (r: Row): WebhookDelivery => ({
  id: r.id as number,
  subscriptionId: r.subscription_id as number,
  eventId: r.event_id as number,
  topic: r.topic as WebhookTopic,
  subjectType: r.subject_type as AuditSubjectType,
  subjectId: r.subject_id as number,
  customerId: r.customer_id as number | null,
  status: r.status as WebhookDeliveryStatus,
  attempts: r.attempts as number,
  nextAttemptAt: r.status === 'SUCCEEDED' ? null : date(r.next_attempt_at as string),
  lastAttemptAt: date(r.last_attempt_at as string | null),
  responseStatus: r.response_status as number | null,
  latencyMs: r.latency_ms as number | null,
  lastError: r.last_error as string | null,
  createdAt: date(r.created_at as string)!,
});

/** A new signing secret in the Standard Webhooks form: `whsec_` and 24 random bytes in base64. */
const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

/**
 * Webhook subscriptions (issue 17 item 1): admins manage every one; an API key with
 * `webhooks:write` manages its own, and subscribes only to topics its read scopes cover
 * (its scopes are kept with the subscription and checked again at every delivery).
 */
export class WebhookService {
  constructor(private readonly ctx: ServiceContext) {}

  /** The key acting, or null for staff (an admin: the resolver's requirement). */
  private get keyId(): number | null {
    return this.ctx.viewer?.kind === 'partner' ? this.ctx.viewer.apiKeyId : null;
  }

  /** SQL limiting subscriptions to the viewer's own when it is a key. */
  private ownership(alias: string): { sql: string; params: unknown[] } {
    return this.keyId == null ? { sql: 'true', params: [] } : { sql: `${alias}.created_by_api_key_id = ?`, params: [this.keyId] };
  }

  private checkUrl(url: string, errors: UserErrorData[]): void {
    const problem = webhookUrlProblem(url.trim(), this.ctx.config.webhooks.allowLoopbackHttp);
    if (problem) errors.push(userError(['input', 'url'], problem));
  }

  private checkTopics(topics: readonly WebhookTopic[], errors: UserErrorData[]): void {
    if (topics.length === 0) errors.push(userError(['input', 'topics'], say('至少指定一个主题', 'give at least one topic'), 'REQUIRED'));
    const viewer = this.ctx.viewer;
    const readable = topicsReadableWith(viewer?.kind === 'partner' ? viewer.scopes : null);
    const unreadable = topics.filter((t) => !readable.includes(t));
    if (unreadable.length) {
      errors.push(
        userError(
          ['input', 'topics'],
          say(
            `此 API 密钥无权读取 ${unreadable.map((t) => `${t}（需要 ${TOPIC_SCOPES[t]}）`).join('、')}`,
            `this key may not read ${unreadable.map((t) => `${t} (needs ${TOPIC_SCOPES[t]})`).join(', ')}`,
          ),
          'FORBIDDEN',
        ),
      );
    }
  }

  /** The filter's department and owner must exist. */
  private async checkFilter(cmd: { department?: GivenId | null; owner?: GivenId | null }, errors: UserErrorData[]): Promise<void> {
    const em = this.ctx.em;
    for (const [field, given, table] of [
      ['departmentId', cmd.department, 'department'],
      ['ownerId', cmd.owner, 'app_user'],
    ] as const) {
      if (!given) continue;
      const found = given.id == null ? [] : await em.execute(`select 1 from ${table} where id = ?`, [given.id]);
      if (!found.length)
        errors.push(
          userError(
            ['input', field],
            say(
              `没有 id 为“${given.raw}”的${field === 'ownerId' ? '用户' : '部门'}`,
              `no ${field === 'ownerId' ? 'user' : 'department'} with id "${given.raw}"`,
            ),
            'NOT_FOUND',
          ),
        );
    }
  }

  async create(
    cmd: WebhookSubscriptionCreateCommand,
  ): Promise<Result<'webhookSubscription', WebhookSubscription> & { secret: string | null }> {
    const errors: UserErrorData[] = [];
    this.checkUrl(cmd.url, errors);
    this.checkTopics(cmd.topics, errors);
    await this.checkFilter(cmd, errors);
    if (errors.length) return { webhookSubscription: null, secret: null, userErrors: errors };
    const secret = newSecret();
    const viewer = this.ctx.viewer;
    const result = await inTransaction(
      this.ctx,
      'webhookSubscription',
      async (em) => {
        const now = this.ctx.now();
        const [row] = await em.execute<Row[]>(
          `insert into webhook_subscription (url, topics, department_id, owner_id, secret, scopes, created_by_user_id, created_by_api_key_id, created_at, updated_at)
           values (?, ?::text[], ?, ?, ?, ?::text[], ?, ?, ?, ?) returning *`,
          [
            cmd.url.trim(),
            pgTextArray([...new Set(cmd.topics)]),
            cmd.department?.id ?? null,
            cmd.owner?.id ?? null,
            secret,
            viewer?.kind === 'partner' ? pgTextArray(viewer.scopes) : null,
            viewer?.kind === 'staff' ? viewer.userId : null,
            this.keyId,
            now,
            now,
          ],
        );
        return subscriptionOf(row);
      },
      { scoringUnchanged: 'webhook subscriptions are not customer data' },
    );
    return { ...result, secret: result.webhookSubscription ? secret : null };
  }

  async update(
    cmd: WebhookSubscriptionUpdateCommand,
  ): Promise<Result<'webhookSubscription', WebhookSubscription> & { secret: string | null }> {
    const errors: UserErrorData[] = [];
    if (cmd.url !== undefined) this.checkUrl(cmd.url, errors);
    if (cmd.topics !== undefined) this.checkTopics(cmd.topics, errors);
    await this.checkFilter(cmd, errors);
    if (errors.length) return { webhookSubscription: null, secret: null, userErrors: errors };
    const secret = cmd.rotateSecret ? newSecret() : null;
    const result = await inTransaction(
      this.ctx,
      'webhookSubscription',
      async (em) => {
        const own = this.ownership('s');
        const [current] = await em.execute<Row[]>(`select * from webhook_subscription s where s.id = ? and ${own.sql} for update`, [
          cmd.id.id ?? 0,
          ...own.params,
        ]);
        if (!current)
          throw new UserInputFailure([
            userError(
              ['input', 'id'],
              say(`没有 id 为“${cmd.id.raw}”的 Webhook 订阅`, `no webhook subscription with id "${cmd.id.raw}"`),
              'NOT_FOUND',
            ),
          ]);
        const sets: string[] = ['updated_at = ?', 'version = version + 1'];
        const params: unknown[] = [this.ctx.now()];
        const set = (column: string, value: unknown, cast = '') => {
          sets.push(`${column} = ?${cast}`);
          params.push(value);
        };
        if (cmd.url !== undefined) set('url', cmd.url.trim());
        if (cmd.topics !== undefined) set('topics', pgTextArray([...new Set(cmd.topics)]), '::text[]');
        if (cmd.department !== undefined) set('department_id', cmd.department?.id ?? null);
        if (cmd.owner !== undefined) set('owner_id', cmd.owner?.id ?? null);
        if (secret) set('secret', secret);
        if (cmd.active === true && !current.active) {
          // Re-enabled: its failures are forgotten, its waiting deliveries go out again.
          set('active', true);
          sets.push('disabled_at = null', 'disabled_reason = null', 'failing_since = null');
          await em.execute(`update webhook_delivery set next_attempt_at = ? where subscription_id = ? and status <> 'SUCCEEDED'`, [
            this.ctx.now(),
            current.id,
          ]);
        } else if (cmd.active === false && current.active) {
          set('active', false);
          set('disabled_at', this.ctx.now());
          set('disabled_reason', 'paused by a client');
        }
        const [row] = await em.execute<Row[]>(`update webhook_subscription set ${sets.join(', ')} where id = ? returning *`, [
          ...params,
          current.id,
        ]);
        return subscriptionOf(row);
      },
      { scoringUnchanged: 'webhook subscriptions are not customer data' },
    );
    return { ...result, secret: result.webhookSubscription ? secret : null };
  }

  /** Deletes a subscription with its deliveries; the id of what was deleted, or NOT_FOUND. */
  delete(id: GivenId): Promise<Result<'deletedId', number>> {
    return inTransaction(
      this.ctx,
      'deletedId',
      async (em) => {
        const own = this.ownership('s');
        const rows = await em.execute<Array<{ id: number }>>(
          `delete from webhook_subscription s where s.id = ? and ${own.sql} returning id`,
          [id.id ?? 0, ...own.params],
        );
        if (!rows.length)
          throw new UserInputFailure([
            userError(
              ['input', 'id'],
              say(`没有 id 为“${id.raw}”的 Webhook 订阅`, `no webhook subscription with id "${id.raw}"`),
              'NOT_FOUND',
            ),
          ]);
        return rows[0].id;
      },
      { scoringUnchanged: 'webhook subscriptions are not customer data' },
    );
  }

  /** Sends a delivery again at once (a succeeded one too: "resend"), with the same webhook-id. */
  retryDelivery(id: GivenId): Promise<Result<'webhookDelivery', WebhookDelivery>> {
    return inTransaction(
      this.ctx,
      'webhookDelivery',
      async (em) => {
        const own = this.ownership('s');
        const [row] = await em.execute<Row[]>(
          `with d as (
             update webhook_delivery d set status = case when d.status = 'SUCCEEDED' then 'PENDING' else d.status end,
                    next_attempt_at = ?, claimed_until = null
               from webhook_subscription s
              where d.id = ? and s.id = d.subscription_id and ${own.sql}
              returning d.*)
           select d.*, e.topic, e.subject_type, e.subject_id from d join webhook_event e on e.id = d.event_id`,
          [this.ctx.now(), id.id ?? 0, ...own.params],
        );
        if (!row)
          throw new UserInputFailure([
            userError(['input', 'id'], say(`没有 id 为“${id.raw}”的 Webhook 投递`, `no webhook delivery with id "${id.raw}"`), 'NOT_FOUND'),
          ]);
        return deliveryOf(row);
      },
      { scoringUnchanged: 'webhook deliveries are not customer data' },
    );
  }

  list(args: PageArgs) {
    const em = this.ctx.em;
    const q = em.getKnex().from('webhook_subscription as s').select('s.*');
    if (this.keyId != null) q.where('s.created_by_api_key_id', this.keyId);
    return paginate({
      em,
      base: q,
      idColumn: 's.id',
      sort: { key: 'ID', column: 's.id' },
      reverse: true,
      args,
      toNodes: (rows: Row[]) => rows.map(subscriptionOf),
    });
  }

  /** Subscriptions by id, the viewer's own when it is a key; null for the others. */
  async byIds(ids: readonly number[]): Promise<Array<WebhookSubscription | null>> {
    const own = this.ownership('s');
    const rows = await this.ctx.em.execute<Row[]>(`select * from webhook_subscription s where s.id in (?) and ${own.sql}`, [
      [...ids],
      ...own.params,
    ]);
    const byId = new Map(rows.map((r) => [r.id as number, subscriptionOf(r)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** Deliveries by id, of the viewer's own subscriptions when it is a key; null for the others. */
  async deliveriesByIds(ids: readonly number[]): Promise<Array<WebhookDelivery | null>> {
    const own = this.ownership('s');
    const rows = await this.ctx.em.execute<Row[]>(
      `select d.*, e.topic, e.subject_type, e.subject_id from webhook_delivery d
         join webhook_subscription s on s.id = d.subscription_id join webhook_event e on e.id = d.event_id
        where d.id in (?) and ${own.sql}`,
      [[...ids], ...own.params],
    );
    const byId = new Map(rows.map((r) => [r.id as number, deliveryOf(r)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** The delivery log, newest first: of the viewer's own subscriptions when it is a key. */
  deliveries(args: PageArgs, cmd: WebhookDeliveryListCommand) {
    const em = this.ctx.em;
    const q = em
      .getKnex()
      .from('webhook_delivery as d')
      .join('webhook_subscription as s', 's.id', 'd.subscription_id')
      .join('webhook_event as e', 'e.id', 'd.event_id')
      .select('d.*', 'e.topic', 'e.subject_type', 'e.subject_id');
    if (this.keyId != null) q.where('s.created_by_api_key_id', this.keyId);
    if (cmd.subscriptionIds?.length) q.whereIn('d.subscription_id', [...cmd.subscriptionIds]);
    if (cmd.statuses?.length) q.whereIn('d.status', [...cmd.statuses]);
    return paginate({
      em,
      base: q,
      idColumn: 'd.id',
      sort: { key: 'ID', column: 'd.id' },
      reverse: true,
      args,
      toNodes: (rows: Row[]) => rows.map(deliveryOf),
    });
  }
}
