import type { AuditAction, AuditSubjectType } from '../domain/audit/change-history';
import { auditEventOf, type AuditEventRow } from '../db/queries/audit-events';
import { paginate, type PageArgs } from '../lib/pagination';
import type { ServiceContext } from './service-context';
import { whereCompanyDays } from './sql';

/** What `auditEvents` takes: local ids and company days, decoded by the resolver. */
export interface AuditEventListCommand {
  subjectTypes?: readonly AuditSubjectType[] | null;
  /** Records by type and id (the history of one order, one segment). */
  subjects?: ReadonlyArray<{ type: AuditSubjectType; id: number }>;
  customerIds?: readonly number[];
  actorUserIds?: readonly number[];
  actorApiKeyIds?: readonly number[];
  requestId?: string | null;
  occurredFrom?: string | null;
  occurredTo?: string | null;
  actions?: readonly AuditAction[] | null;
}

/**
 * The change history (issue 17 item 3), newest first: written by the audited tables'
 * triggers, read here. Admins only (the resolver's requirement); a customer's history is
 * the list filtered by its id, which an index serves.
 */
export class ChangeHistoryQueryService {
  constructor(private readonly ctx: ServiceContext) {}

  list(args: PageArgs, command: AuditEventListCommand) {
    const em = this.ctx.em;
    const q = em.getKnex().from('audit_event_as_text as a').select('a.*');
    if (command.subjectTypes?.length) q.whereIn('a.subject_type', [...command.subjectTypes]);
    if (command.subjects?.length)
      q.whereIn(
        ['a.subject_type', 'a.subject_id'],
        command.subjects.map((r) => [r.type, r.id]),
      );
    if (command.customerIds?.length) q.whereIn('a.customer_id', [...command.customerIds]);
    if (command.actorUserIds?.length) q.whereIn('a.actor_user_id', [...command.actorUserIds]);
    if (command.actorApiKeyIds?.length) q.whereIn('a.actor_api_key_id', [...command.actorApiKeyIds]);
    if (command.actions?.length) q.whereIn('a.action', [...command.actions]);
    if (command.requestId) q.where('a.request_id', command.requestId);
    whereCompanyDays(q, 'a.occurred_at', command.occurredFrom, command.occurredTo, this.ctx.config.companyTimeZone, 'occurredOn');
    return paginate({
      em,
      base: q,
      idColumn: 'a.id',
      sort: { key: 'ID', column: 'a.id' },
      reverse: true,
      args,
      toNodes: (rows: AuditEventRow[]) => rows.map(auditEventOf),
    });
  }
}
