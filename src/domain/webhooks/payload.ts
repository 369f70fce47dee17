import { fieldNameOf, subjectGlobalType, type AuditSubjectType } from '../audit/change-history';
import { toGlobalId } from '../common/global-id';
import type { WebhookTopic } from './webhooks';

/** The API type of each foreign-key column an event's record may carry: sent as global ids, as the API shows them. */
const REFERENCES: Readonly<Record<string, string>> = {
  customer_id: 'Customer',
  order_id: 'Order',
  product_id: 'Product',
  owner_id: 'User',
  salesperson_id: 'User',
  recorded_by_id: 'User',
  assignee_id: 'User',
  department_id: 'Department',
  store_id: 'Store',
  step_id: 'FollowUpStep',
};

/**
 * The value of one column as the API would show it: a reference as a global id, a
 * timestamp (`…_at`) as ISO-8601 UTC, everything else as stored (numerics arrive as text).
 */
function apiValue(column: string, value: unknown): unknown {
  if (value == null) return null;
  const type = REFERENCES[column];
  if (type && (typeof value === 'number' || typeof value === 'string')) return toGlobalId(type, value);
  if (column.endsWith('_at') && typeof value === 'string') return new Date(value).toISOString();
  return value;
}

export interface WebhookEventRecord {
  topic: WebhookTopic;
  subjectType: AuditSubjectType;
  subjectId: number;
  occurredAt: Date;
  /** The record at the change, by column (numerics as text), with `changed_fields` / `previous_status` where the topic has them. */
  data: Record<string, unknown>;
}

/**
 * The body a receiver gets, in the Standard Webhooks shape `{ type, timestamp, data }`:
 * `data` is the record with camelCase fields and global ids, as the API names them
 * (`changedFields` lists the API field names that changed, for CUSTOMER_UPDATED).
 */
export function webhookPayload(event: WebhookEventRecord): { type: WebhookTopic; timestamp: string; data: Record<string, unknown> } {
  const data: Record<string, unknown> = { id: toGlobalId(subjectGlobalType(event.subjectType), event.subjectId) };
  for (const [column, value] of Object.entries(event.data)) {
    if (column === 'id') continue;
    data[fieldNameOf(column)] =
      column === 'changed_fields' && Array.isArray(value) ? value.map((c) => fieldNameOf(String(c))) : apiValue(column, value);
  }
  if (event.topic === 'REMINDER_DUE') reminderIds(event.data, data);
  return { type: event.topic, timestamp: event.occurredAt.toISOString(), data };
}

/**
 * A due reminder as the API names it: `id` the Reminder's global id (what `node(id)` and the
 * reminder mutations take), `subjectId` the global id of the record it is about.
 */
function reminderIds(row: Record<string, unknown>, data: Record<string, unknown>): void {
  data.id = toGlobalId('Reminder', [row.customer_id, row.kind, row.occurrence_key].map(String).join(':'));
  if (row.subject_type != null && row.subject_id != null) {
    data.subjectId = toGlobalId(subjectGlobalType(row.subject_type as AuditSubjectType), row.subject_id as number);
  }
}
