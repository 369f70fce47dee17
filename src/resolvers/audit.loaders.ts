import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { tracedBatch } from '../lib/spans';
import { auditEventOf, auditEventsByIds, type AuditEvent, type AuditEventRow } from '../db/queries/audit-events';
import { childPageLoader } from '../db/queries/child-pages';

/** The change history's loaders: a customer's history under a page of customers is one statement. */
export function auditLoaders(em: EntityManager) {
  return {
    changeHistoryByCustomer: childPageLoader(em, {
      table: 'audit_event_as_text',
      parentColumn: 'customer_id',
      sortColumn: 'id',
      cursorKey: 'AUDIT',
      read: (row) => auditEventOf(row as unknown as AuditEventRow),
    }),
    /** Unscoped: for `node(id:)`, which reads it only for admins (TYPE_ACCESS). */
    auditEvent: new DataLoader<number, AuditEvent | null>(tracedBatch('auditEvent', (ids) => auditEventsByIds(em, ids))),
  };
}
