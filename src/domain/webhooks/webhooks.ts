import { vocabulary } from '../customer/customer.enums';
import { say, type Bilingual } from '../common/bilingual';
import type { ApiScope } from '../access/viewer';

/**
 * Webhooks (issue 17 item 1): the rules a subscription and a delivery follow, with no I/O.
 * Events are written by the database in the transaction of the change (an outbox); workers
 * deliver them, signed per the Standard Webhooks spec, at least once, retrying with
 * exponential back-off, in order per customer and subscription.
 */
export const WEBHOOK_TOPICS = vocabulary({
  CUSTOMER_CREATED: { zh: '新建客户', en: 'Customer created' },
  CUSTOMER_UPDATED: { zh: '客户资料修改', en: 'Customer updated' },
  CUSTOMER_MERGED: { zh: '客户合并', en: 'Customer merged' },
  ORDER_CREATED: { zh: '新建订单', en: 'Order created' },
  ORDER_COMPLETED: { zh: '订单成交', en: 'Order completed' },
  ORDER_CANCELLED: { zh: '订单取消', en: 'Order cancelled' },
  ORDER_REFUNDED: { zh: '订单退款', en: 'Order refunded' },
  PAYMENT_RECORDED: { zh: '登记回款', en: 'Payment recorded' },
  INQUIRY_CREATED: { zh: '新询盘', en: 'Inquiry created' },
  INQUIRY_STATUS_CHANGED: { zh: '询盘状态变化', en: 'Inquiry status changed' },
  INQUIRY_OVERDUE: { zh: '询盘回复超时', en: 'Inquiry response overdue' },
  REMINDER_DUE: { zh: '提醒到期', en: 'Reminder due' },
});
export type WebhookTopic = (typeof WEBHOOK_TOPICS.values)[number];

/** What a subscription's creator must be able to read for each topic to be delivered to it. */
export const TOPIC_SCOPES: Readonly<Record<WebhookTopic, ApiScope>> = {
  CUSTOMER_CREATED: 'customers:read',
  CUSTOMER_UPDATED: 'customers:read',
  CUSTOMER_MERGED: 'customers:read',
  ORDER_CREATED: 'orders:read',
  ORDER_COMPLETED: 'orders:read',
  ORDER_CANCELLED: 'orders:read',
  ORDER_REFUNDED: 'orders:read',
  PAYMENT_RECORDED: 'orders:read',
  INQUIRY_CREATED: 'inquiries:read',
  INQUIRY_STATUS_CHANGED: 'inquiries:read',
  INQUIRY_OVERDUE: 'inquiries:read',
  REMINDER_DUE: 'customers:read',
};

/** Topics a key with `scopes` may subscribe to (staff subscriptions are an admin's: every topic). */
export function topicsReadableWith(scopes: readonly string[] | null): WebhookTopic[] {
  return WEBHOOK_TOPICS.values.filter((t) => scopes == null || scopes.includes(TOPIC_SCOPES[t]));
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Why `url` cannot receive webhooks, or null when it can: an absolute https URL without
 * credentials; plain http only to a loopback address, and only when `allowLoopbackHttp`
 * (development and tests).
 */
export function webhookUrlProblem(url: string, allowLoopbackHttp: boolean): Bilingual | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return say('不是完整的绝对 URL', 'is not an absolute URL');
  }
  if (url.length > 2000) return say('超过 2,000 个字符', 'is longer than 2,000 characters');
  if (parsed.username || parsed.password) return say('不能包含用户名或密码', 'must not carry credentials');
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol === 'http:') {
    if (!LOOPBACK.test(parsed.hostname))
      return say(
        '必须使用 https（仅在开发环境中可以对回环地址使用 http）',
        'must use https (plain http only to a loopback address in development)',
      );
    return allowLoopbackHttp ? null : say('生产环境中必须使用 https', 'must use https in production');
  }
  return say('必须使用 https', 'must use https');
}

export interface RetryPolicy {
  /** The wait after the first failed attempt; it doubles with every further failure. */
  baseDelayMs: number;
  /** The longest wait between two attempts. */
  maxDelayMs: number;
  /** A subscription failing without one success for this long is disabled. */
  disableAfterMs: number;
}

/** The wait before attempt `attempt + 1`, after `attempt` failed attempts (1, 2, …): base × 2^(attempt−1), capped. */
export function retryDelayMs(attempt: number, policy: RetryPolicy): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
}

/** Whether a subscription failing since `failingSince` (its first failure after its last success) is disabled at `now`. */
export function disabledByFailures(failingSince: Date | null, now: Date, policy: RetryPolicy): boolean {
  return failingSince != null && now.getTime() - failingSince.getTime() >= policy.disableAfterMs;
}

/** A delivery attempt succeeded: the receiver answered 2xx. */
export const deliveredStatus = (status: number | null) => status != null && status >= 200 && status < 300;

/** The Standard Webhooks message id of an event: the same on every retry and redelivery, so a receiver can drop duplicates. */
export const webhookMessageId = (eventId: number) => `msg_${eventId}`;
