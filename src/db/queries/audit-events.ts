import type { EntityManager } from '@mikro-orm/postgresql';
import { fieldChanges, type AuditAction, type AuditSubjectType, type FieldChange } from '../../domain/audit/change-history';

/**
 * Statements over the change history the audited tables' triggers write, read through the
 * view `audit_event_as_text`: the same rows with every recorded value as text, rendered by
 * PostgreSQL (a numeric keeps its digits, `200.00`, which a JSON number read in JavaScript
 * would lose).
 */

/** One recorded change: who, when, which record, and its fields before and after. */
export interface AuditEvent {
  id: number;
  occurredAt: Date;
  actorUserId: number | null;
  actorApiKeyId: number | null;
  requestId: string | null;
  subjectType: AuditSubjectType;
  subjectId: number;
  customerId: number | null;
  action: AuditAction;
  changes: FieldChange[];
}

export interface AuditEventRow {
  id: number;
  /** A string when read through `em.execute` (MikroORM leaves timestamps to the entity mapping). */
  occurred_at: Date | string;
  actor_user_id: number | null;
  actor_api_key_id: number | null;
  request_id: string | null;
  subject_type: AuditSubjectType;
  subject_id: number;
  customer_id: number | null;
  action: AuditAction;
  /** `{ column: [before, after] }` for an update, `{ column: value }` otherwise; values as text. */
  changes: Record<string, unknown>;
}

export const auditEventOf = (r: AuditEventRow): AuditEvent => ({
  id: r.id,
  occurredAt: new Date(r.occurred_at),
  actorUserId: r.actor_user_id,
  actorApiKeyId: r.actor_api_key_id,
  requestId: r.request_id,
  subjectType: r.subject_type,
  subjectId: r.subject_id,
  customerId: r.customer_id,
  action: r.action,
  changes: fieldChanges(r.action, r.changes),
});

/** Events by id, in the order asked (null for an id with none). */
export async function auditEventsByIds(em: EntityManager, ids: readonly number[]): Promise<Array<AuditEvent | null>> {
  const rows = await em.execute<AuditEventRow[]>('select * from audit_event_as_text where id in (?)', [[...ids]]);
  const byId = new Map(rows.map((r) => [r.id, auditEventOf(r)]));
  return ids.map((id) => byId.get(id) ?? null);
}
