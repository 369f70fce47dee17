import type { AuditSubjectType } from '../domain/audit/change-history';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Webhook } from 'standardwebhooks';
import type { Config } from '../config';
import { pgTextArray } from '../domain/common/sql';
import { OPEN_INQUIRY_STATUSES } from '../domain/records/inquiry-status';
import { webhookPayload } from '../domain/webhooks/payload';
import {
  deliveredStatus,
  disabledByFailures,
  retryDelayMs,
  TOPIC_SCOPES,
  webhookMessageId,
  type RetryPolicy,
  type WebhookTopic,
} from '../domain/webhooks/webhooks';

/**
 * The webhook worker's round (issue 17 item 1): events the triggers wrote become deliveries,
 * one per matching subscription; due deliveries are claimed, sent signed (Standard
 * Webhooks), and their outcome recorded. At least once: a claim expires, so an attempt lost
 * with its worker is made again, with the same `webhook-id`. In order per subscription and
 * customer: a delivery waits while an earlier one of the same customer is not delivered.
 * Several processes may run rounds at once: claims skip what another holds.
 */
export interface DispatchOptions {
  policy: RetryPolicy;
  timeoutMs: number;
  /** Deliveries claimed per round, and how many are sent at once. */
  batch?: number;
  concurrency?: number;
  /** The clock (tests move it to a day later). */
  now?: () => Date;
  /** Look for newly overdue inquiries this round (the worker does every minute). */
  detectOverdue?: boolean;
}

export interface DispatchRound {
  events: number;
  deliveriesCreated: number;
  attempted: number;
  succeeded: number;
  failed: number;
  /** Subscriptions disabled in this round after a day of failures. */
  disabled: number;
}

export function dispatchOptionsOf(config: Config): DispatchOptions {
  const w = config.webhooks;
  return {
    policy: { baseDelayMs: w.retryBaseMs, maxDelayMs: w.retryMaxMs, disableAfterMs: w.disableAfterMs },
    timeoutMs: w.timeoutMs,
  };
}

/** The scope each topic needs, as SQL `(topic, scope)` rows: a key's subscription gets only what the key may read. */
const TOPIC_SCOPE_ROWS = Object.entries(TOPIC_SCOPES)
  .map(([topic, scope]) => `('${topic}', '${scope}')`)
  .join(', ');

/**
 * Deliveries for the events not yet fanned out: to each active subscription of the topic
 * that existed when the event happened, whose filter (the customer's department subtree,
 * its owner) matches, whose creating key is still valid and may read the topic. One
 * statement; an event is fanned out once, whichever process takes it.
 */
export async function fanOutEvents(em: EntityManager, now: Date): Promise<{ events: number; deliveries: number }> {
  const [row] = await em.execute<Array<{ events: number; deliveries: number }>>(
    `with e as (
       select id, topic, customer_id, occurred_at from webhook_event where fanned_out_at is null order by id limit 500 for update skip locked),
     ts(topic, scope) as (values ${TOPIC_SCOPE_ROWS}),
     ins as (
       insert into webhook_delivery (subscription_id, event_id, customer_id, next_attempt_at)
       select s.id, e.id, e.customer_id, ?
         from e
         join ts on ts.topic = e.topic
         join webhook_subscription s on s.active and e.topic = any(s.topics) and s.created_at <= e.occurred_at
                                    and (s.scopes is null or ts.scope = any(s.scopes))
         left join api_key k on k.id = s.created_by_api_key_id
         left join customer c on c.id = e.customer_id
        where (s.created_by_api_key_id is null or (k.revoked_at is null and (k.expires_at is null or k.expires_at > ?)))
          and (s.owner_id is null or c.owner_id = s.owner_id)
          and (s.department_id is null or exists (
                select 1 from department sd join department cd on cd.path like sd.path || '%'
                 where sd.id = s.department_id and cd.id = c.department_id))
       on conflict on constraint webhook_delivery_once do nothing
       returning 1),
     done as (update webhook_event w set fanned_out_at = ? from e where w.id = e.id returning 1)
     select (select count(*) from done)::int as events, (select count(*) from ins)::int as deliveries`,
    [now, now, now],
  );
  return row;
}

/**
 * INQUIRY_OVERDUE, a time-based topic (REMINDER_DUE, the other, is a scheduled job: reminder-due-events.ts): an event for each open inquiry not answered by
 * its response deadline, once per inquiry and deadline (a unique index makes concurrent
 * workers agree), written only while someone subscribes to the topic.
 */
export async function detectOverdueInquiries(em: EntityManager, now: Date): Promise<number> {
  const open = pgTextArray(OPEN_INQUIRY_STATUSES);
  const rows = await em.execute<Array<{ id: number }>>(
    `insert into webhook_event (topic, customer_id, subject_type, subject_id, data)
     select 'INQUIRY_OVERDUE', i.customer_id, 'INQUIRY', i.id, to_jsonb(i)
       from inquiry i
      where i.first_responded_at is null and i.response_due_at is not null and i.response_due_at < ?
        and i.status = any(?::text[])
        and exists (select 1 from webhook_subscription s where s.active and 'INQUIRY_OVERDUE' = any(s.topics))
     on conflict (subject_id, (data ->> 'response_due_at')) where topic = 'INQUIRY_OVERDUE' do nothing
     returning id`,
    [now, open],
  );
  return rows.length;
}

interface ClaimedDelivery {
  id: number;
  subscription_id: number;
  event_id: number;
  attempts: number;
  url: string;
  secret: string;
  failing_since: Date | string | null;
  topic: WebhookTopic;
  subject_type: AuditSubjectType;
  subject_id: number;
  occurred_at: Date | string;
  data: Record<string, unknown>;
}

/**
 * Claims due deliveries of active subscriptions (none while an earlier delivery of the same
 * subscription and customer is undelivered) for `claimMs`, with what sending them needs:
 * the subscription's URL and secret, and the event with its numerics as text.
 */
async function claimDue(em: EntityManager, now: Date, limit: number, claimMs: number): Promise<ClaimedDelivery[]> {
  return em.execute<ClaimedDelivery[]>(
    `with claimed as (
       update webhook_delivery d set claimed_until = ?
        where d.id in (
          select d.id from webhook_delivery d join webhook_subscription s on s.id = d.subscription_id
           where d.status <> 'SUCCEEDED' and d.next_attempt_at <= ? and (d.claimed_until is null or d.claimed_until < ?) and s.active
             and not exists (
               select 1 from webhook_delivery p
                where p.subscription_id = d.subscription_id and p.customer_id is not distinct from d.customer_id
                  and p.id < d.id and p.status <> 'SUCCEEDED')
           order by d.id
           limit ?
           for update of d skip locked)
        returning d.id, d.subscription_id, d.event_id, d.attempts)
     select c.*, s.url, s.secret, s.failing_since, e.topic, e.subject_type, e.subject_id, e.occurred_at,
            (select jsonb_object_agg(k.key, case jsonb_typeof(k.value) when 'number' then to_jsonb(k.value::text) else k.value end)
               from jsonb_each(e.data) k) as data
       from claimed c join webhook_subscription s on s.id = c.subscription_id join webhook_event e on e.id = c.event_id
      order by c.id`,
    [new Date(now.getTime() + claimMs), now, now, limit],
  );
}

/** The body and headers of one delivery, signed with the subscription's secret at `now`. */
export function signedRequest(
  delivery: Pick<ClaimedDelivery, 'event_id' | 'secret' | 'topic' | 'subject_type' | 'subject_id' | 'occurred_at' | 'data'>,
  now: Date,
): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(
    webhookPayload({
      topic: delivery.topic,
      subjectType: delivery.subject_type,
      subjectId: delivery.subject_id,
      occurredAt: new Date(delivery.occurred_at),
      data: delivery.data,
    }),
  );
  const id = webhookMessageId(delivery.event_id);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'customer-ops-webhooks/1',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': new Webhook(delivery.secret).sign(id, now, body),
    },
  };
}

interface Attempt {
  status: number | null;
  latencyMs: number;
  error: string | null;
}

/** One POST, redirects not followed (a 3xx is a failure), the answer's body discarded. */
async function send(url: string, request: { body: string; headers: Record<string, string> }, timeoutMs: number): Promise<Attempt> {
  const started = performance.now();
  try {
    const res = await fetch(url, {
      method: 'POST',
      body: request.body,
      headers: request.headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel();
    const latencyMs = Math.round(performance.now() - started);
    return { status: res.status, latencyMs, error: deliveredStatus(res.status) ? null : `HTTP ${res.status}` };
  } catch (error) {
    const latencyMs = Math.round(performance.now() - started);
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason =
      error instanceof Error && error.name === 'TimeoutError'
        ? `no answer within ${timeoutMs} ms`
        : (cause?.code ?? cause?.message ?? String(error));
    return { status: null, latencyMs, error: reason.slice(0, 500) };
  }
}

/** Records an attempt's outcome; a failure schedules the next attempt and may disable the subscription. Returns whether it disabled it. */
async function record(em: EntityManager, d: ClaimedDelivery, attempt: Attempt, now: Date, policy: RetryPolicy): Promise<boolean> {
  if (attempt.error == null) {
    await em.execute(
      `with d as (
         update webhook_delivery set status = 'SUCCEEDED', attempts = attempts + 1, last_attempt_at = ?, response_status = ?, latency_ms = ?,
                last_error = null, claimed_until = null
          where id = ? returning subscription_id)
       update webhook_subscription s set failing_since = null from d where s.id = d.subscription_id and s.failing_since is not null`,
      [now, attempt.status, attempt.latencyMs, d.id],
    );
    return false;
  }
  const failingSince = d.failing_since == null ? now : new Date(d.failing_since);
  const disable = disabledByFailures(failingSince, now, policy);
  const reason = disable ? `no successful delivery since ${failingSince.toISOString()}; last attempt: ${attempt.error}` : null;
  await em.execute(
    `with d as (
       update webhook_delivery set status = 'RETRYING', attempts = attempts + 1, last_attempt_at = ?, response_status = ?, latency_ms = ?,
              last_error = ?, next_attempt_at = ?, claimed_until = null
        where id = ? returning subscription_id)
     update webhook_subscription s
        set failing_since = coalesce(s.failing_since, ?),
            active = s.active and not ?::boolean,
            disabled_at = case when ?::boolean and s.active then ? else s.disabled_at end,
            disabled_reason = case when ?::boolean and s.active then ? else s.disabled_reason end
       from d where s.id = d.subscription_id`,
    [
      now,
      attempt.status,
      attempt.latencyMs,
      attempt.error,
      new Date(now.getTime() + retryDelayMs(d.attempts + 1, policy)),
      d.id,
      failingSince,
      disable,
      disable,
      now,
      disable,
      reason,
    ],
  );
  return disable;
}

/** One round: fan out the new events, then send what is due, `concurrency` at a time. */
export async function dispatchWebhooks(em: EntityManager, options: DispatchOptions): Promise<DispatchRound> {
  const now = options.now?.() ?? new Date();
  if (options.detectOverdue) await detectOverdueInquiries(em, now);
  const fanned = await fanOutEvents(em, now);
  const claimMs = options.timeoutMs * 2 + 5_000;
  const due = await claimDue(em, now, options.batch ?? 50, claimMs);
  const round: DispatchRound = {
    events: fanned.events,
    deliveriesCreated: fanned.deliveries,
    attempted: due.length,
    succeeded: 0,
    failed: 0,
    disabled: 0,
  };
  const queue = [...due];
  const worker = async () => {
    for (let d = queue.shift(); d; d = queue.shift()) {
      const sentAt = options.now?.() ?? new Date();
      const attempt = await send(d.url, signedRequest(d, sentAt), options.timeoutMs);
      if (attempt.error == null) round.succeeded++;
      else round.failed++;
      if (await record(em, d, attempt, sentAt, options.policy)) round.disabled++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, queue.length) }, worker));
  return round;
}
