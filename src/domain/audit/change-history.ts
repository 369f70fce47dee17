import { vocabulary } from '../customer/customer.enums';
import type { Viewer } from '../access/viewer';

/**
 * The change history (issue 17 item 3). PostgreSQL records it (triggers on the audited
 * tables write `audit_event` in the writing transaction); these are the rules for reading
 * it: which records it covers, how a recorded change reads as fields, and who the writing
 * transaction says acted.
 */
export const AUDIT_SUBJECT_TYPES = vocabulary({
  CUSTOMER: { zh: '客户', en: 'Customer' },
  ORDER: { zh: '订单', en: 'Order' },
  PAYMENT: { zh: '回款', en: 'Payment' },
  INQUIRY: { zh: '询盘', en: 'Inquiry' },
  FOLLOW_UP: { zh: '跟进记录', en: 'Follow-up' },
  SERVICE_CASE: { zh: '售后服务', en: 'Service case' },
  SEGMENT: { zh: '客户分群', en: 'Segment' },
  SCORING_SETTINGS: { zh: '评分设置', en: 'Scoring settings' },
  REMINDER_SETTINGS: { zh: '提醒设置', en: 'Reminder settings' },
  API_KEY: { zh: 'API 密钥', en: 'API key' },
  WEBHOOK_SUBSCRIPTION: { zh: 'Webhook 订阅', en: 'Webhook subscription' },
});
export type AuditSubjectType = (typeof AUDIT_SUBJECT_TYPES.values)[number];

export const AUDIT_ACTIONS = vocabulary({
  CREATED: { zh: '创建', en: 'Created' },
  UPDATED: { zh: '修改', en: 'Updated' },
  DELETED: { zh: '删除', en: 'Deleted' },
});
export type AuditAction = (typeof AUDIT_ACTIONS.values)[number];

/** The global-id type of each subject (`Customer`, `FollowUp`, …): `node(id:)` resolves the Node ones. */
export function subjectGlobalType(subject: AuditSubjectType): string {
  return subject
    .toLowerCase()
    .split('_')
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('');
}

/** A recorded value as text: strings as they are, numbers and booleans in their JSON form, lists and objects as JSON; null when absent. */
export function valueText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export interface FieldChange {
  /** The column in camelCase (`owner_id` → `ownerId`), which is the API's field name where the API shows it. */
  field: string;
  before: string | null;
  after: string | null;
}

/** A column's API field name: camelCase (`owner_id` → `ownerId`). */
export const fieldNameOf = (column: string) => column.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/**
 * The fields of one recorded change, sorted by name. `changes` is what the trigger stored:
 * for an update `{ column: [before, after] }`, for a creation or deletion `{ column: value }`
 * (null columns left out).
 */
export function fieldChanges(action: AuditAction, changes: Record<string, unknown>): FieldChange[] {
  return Object.keys(changes)
    .sort((a, b) => (fieldNameOf(a) < fieldNameOf(b) ? -1 : fieldNameOf(a) > fieldNameOf(b) ? 1 : 0))
    .map((column) => {
      const value = changes[column];
      if (action === 'UPDATED') {
        if (!Array.isArray(value) || value.length !== 2) throw new Error(`audit change of "${column}" is not a [before, after] pair`);
        return { field: fieldNameOf(column), before: valueText(value[0]), after: valueText(value[1]) };
      }
      return action === 'CREATED'
        ? { field: fieldNameOf(column), before: null, after: valueText(value) }
        : { field: fieldNameOf(column), before: valueText(value), after: null };
    });
}

/**
 * The transaction setting `app.actor` the triggers read: the acting user or API key and the
 * request id, as JSON; empty when nobody acts (a job, a seeder), which the history records as
 * the system.
 */
export function actorSetting(viewer: Viewer | null, requestId: string | undefined): string {
  if (!viewer) return '';
  return JSON.stringify({
    ...(viewer.kind === 'staff' ? { user: viewer.userId } : { key: viewer.apiKeyId }),
    ...(requestId ? { request: requestId } : {}),
  });
}
