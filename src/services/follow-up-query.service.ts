import { readModel } from '../db/read-model';
import { FollowUp } from '../entities';
import { applyCustomerScope, scopeFor } from './customer-scope';
import { paginate, type KeysetSort, type PageArgs } from '../lib/pagination';
import { whereUserInDepartments, whereCompanyDays, whereDays } from './sql';
import type { ServiceContext } from './service-context';

/** What the `followUps` list takes: local ids and company days, decoded by the resolver. */
export interface FollowUpListCommand {
  channels?: readonly string[] | null;
  outcomes?: readonly string[] | null;
  occurredFrom?: string | null;
  occurredTo?: string | null;
  nextFrom?: string | null;
  nextTo?: string | null;
  salespersonIds?: readonly number[];
  departmentIds?: readonly number[];
  customerIds?: readonly number[];
}

export type FollowUpSort = 'OCCURRED_AT' | 'ID';

const SORTS: Record<FollowUpSort, KeysetSort> = {
  OCCURRED_AT: { key: 'OCCURRED_AT', column: 'f.occurred_at' },
  ID: { key: 'ID', column: 'f.id' },
};

/** Follow-ups across customers (issue 14): e.g. the contacts planned for today, of the viewer's customers. */
export class FollowUpQueryService {
  constructor(private readonly ctx: ServiceContext) {}

  list(args: PageArgs, command: FollowUpListCommand, sort: FollowUpSort, reverse: boolean) {
    const em = this.ctx.em;
    const tz = this.ctx.config.companyTimeZone;
    const q = em.getKnex().from('follow_up as f').join('customer as c', 'c.id', 'f.customer_id').select('f.*');
    applyCustomerScope(q, scopeFor(this.ctx.viewer));
    if (command.channels?.length) q.whereIn('f.channel', [...command.channels]);
    if (command.outcomes?.length) q.whereIn('f.outcome', [...command.outcomes]);
    whereCompanyDays(q, 'f.occurred_at', command.occurredFrom, command.occurredTo, tz, 'occurredOn');
    // The next follow-up day is a company day already (a `date`).
    whereDays(q, 'f.next_follow_up_on', command.nextFrom, command.nextTo, 'nextFollowUpOn');
    if (command.salespersonIds?.length) q.whereIn('f.salesperson_id', [...command.salespersonIds]);
    if (command.departmentIds?.length) {
      whereUserInDepartments(q, 'f.salesperson_id', command.departmentIds);
    }
    if (command.customerIds?.length) q.whereIn('f.customer_id', [...command.customerIds]);
    return paginate({
      em,
      base: q,
      idColumn: 'f.id',
      sort: SORTS[sort],
      reverse,
      args,
      toNodes: (rows: Array<Record<string, unknown>>) => rows.map(readModel(em, FollowUp)),
    });
  }
}
