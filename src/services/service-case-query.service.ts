import { readModel } from '../db/read-model';
import { OPEN_SERVICE_CASE_STATUSES } from '../domain/records/service-case-status';
import { ServiceCase } from '../entities';
import { applyCustomerScope, scopeFor } from './customer-scope';
import { paginate, type PageArgs } from '../lib/pagination';
import { whereUserInDepartments, whereCompanyDays, whereDays } from './sql';
import type { ServiceContext } from './service-context';

/** What the `serviceCases` list takes: local ids and company days, decoded by the resolver. */
export interface ServiceCaseListCommand {
  statuses?: readonly string[] | null;
  types?: readonly string[] | null;
  open?: boolean | null;
  customerIds?: readonly number[];
  orderIds?: readonly number[];
  productIds?: readonly number[];
  assigneeIds?: readonly number[];
  departmentIds?: readonly number[];
  createdFrom?: string | null;
  createdTo?: string | null;
  appointmentFrom?: string | null;
  appointmentTo?: string | null;
  coverageFrom?: string | null;
  coverageTo?: string | null;
}

export type ServiceCaseSort = 'CREATED_AT' | 'APPOINTMENT_AT' | 'RESOLVED_AT' | 'COVERAGE_ENDS_ON' | 'ID';

/** The column of each sort; a nullable one names its SQL type, for the stand-in that puts its nulls last. */
const SORTS: Record<ServiceCaseSort, { column: string; nullable?: 'timestamptz' | 'date' }> = {
  CREATED_AT: { column: 's.created_at' },
  APPOINTMENT_AT: { column: 's.appointment_at', nullable: 'timestamptz' },
  RESOLVED_AT: { column: 's.resolved_at', nullable: 'timestamptz' },
  COVERAGE_ENDS_ON: { column: 's.coverage_ends_on', nullable: 'date' },
  ID: { column: 's.id' },
};

const OPEN = `(${OPEN_SERVICE_CASE_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/** After-sale cases across customers (issue 14): e.g. today's visits or this month's renewals, of the viewer's customers. */
export class ServiceCaseQueryService {
  constructor(private readonly ctx: ServiceContext) {}

  list(args: PageArgs, command: ServiceCaseListCommand, sort: ServiceCaseSort, reverse: boolean) {
    const em = this.ctx.em;
    const knex = em.getKnex();
    const tz = this.ctx.config.companyTimeZone;
    const q = knex.from('service_case as s').join('customer as c', 'c.id', 's.customer_id').select('s.*');
    applyCustomerScope(q, scopeFor(this.ctx.viewer));
    if (command.statuses?.length) q.whereIn('s.status', [...command.statuses]);
    if (command.types?.length) q.whereIn('s.type', [...command.types]);
    if (command.open === true) q.whereRaw(`s.status in ${OPEN}`);
    if (command.open === false) q.whereRaw(`s.status not in ${OPEN}`);
    if (command.customerIds?.length) q.whereIn('s.customer_id', [...command.customerIds]);
    if (command.orderIds?.length) q.whereIn('s.order_id', [...command.orderIds]);
    if (command.productIds?.length) q.whereIn('s.product_id', [...command.productIds]);
    if (command.assigneeIds?.length) q.whereIn('s.assignee_id', [...command.assigneeIds]);
    if (command.departmentIds?.length) {
      whereUserInDepartments(q, 's.assignee_id', command.departmentIds);
    }
    whereCompanyDays(q, 's.created_at', command.createdFrom, command.createdTo, tz, 'createdOn');
    whereCompanyDays(q, 's.appointment_at', command.appointmentFrom, command.appointmentTo, tz, 'appointmentOn');
    // The coverage end is a company day already (a `date`).
    whereDays(q, 's.coverage_ends_on', command.coverageFrom, command.coverageTo, 'coverageEndsOn');

    // Keyset pagination compares (value, id) rows, which a null would drop: a nullable date is
    // sorted through a stand-in at the far end of the order, so cases without it come last.
    const { column, nullable } = SORTS[sort];
    let base = q;
    let sortColumn = column;
    if (nullable) {
      q.select(knex.raw(`coalesce(${column}, ?::${nullable}) as sort_value`, [reverse ? '-infinity' : 'infinity']));
      base = knex.from(q.as('s')).select('s.*');
      sortColumn = 's.sort_value';
    }
    return paginate({
      em,
      base,
      idColumn: 's.id',
      sort: { key: sort, column: sortColumn },
      reverse,
      args,
      toNodes: (rows: Array<Record<string, unknown>>) => rows.map(readModel(em, ServiceCase)),
    });
  }
}
