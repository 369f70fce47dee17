import { readModel } from '../db/read-model';
import { Payment } from '../entities';
import { applyCustomerScope, scopeFor } from './customer-scope';
import { paginate, type KeysetSort, type PageArgs } from '../lib/pagination';
import { whereUserInDepartments, whereCompanyDays } from './sql';
import type { ServiceContext } from './service-context';

/** What the `payments` list takes: local ids and company days, decoded by the resolver. */
export interface PaymentListCommand {
  paidFrom?: string | null;
  paidTo?: string | null;
  methods?: readonly string[] | null;
  customerIds?: readonly number[];
  orderIds?: readonly number[];
  salespersonIds?: readonly number[];
  departmentIds?: readonly number[];
  storeIds?: readonly number[];
  recordedByIds?: readonly number[];
}

export type PaymentSort = 'PAID_AT' | 'AMOUNT' | 'ID';

const SORTS: Record<PaymentSort, KeysetSort> = {
  PAID_AT: { key: 'PAID_AT', column: 'p.paid_at' },
  AMOUNT: { key: 'AMOUNT', column: 'p.amount' },
  ID: { key: 'ID', column: 'p.id' },
};

/** Payments across customers (issue 14): e.g. yesterday's takings of a store, of the viewer's customers. */
export class PaymentQueryService {
  constructor(private readonly ctx: ServiceContext) {}

  list(args: PageArgs, command: PaymentListCommand, sort: PaymentSort, reverse: boolean) {
    const em = this.ctx.em;
    const tz = this.ctx.config.companyTimeZone;
    const q = em.getKnex().from('payment as p').join('customer as c', 'c.id', 'p.customer_id').select('p.*');
    applyCustomerScope(q, scopeFor(this.ctx.viewer));
    whereCompanyDays(q, 'p.paid_at', command.paidFrom, command.paidTo, tz, 'paidOn');
    if (command.methods?.length) q.whereIn('p.method', [...command.methods]);
    if (command.customerIds?.length) q.whereIn('p.customer_id', [...command.customerIds]);
    if (command.orderIds?.length) q.whereIn('p.order_id', [...command.orderIds]);
    if (command.recordedByIds?.length) q.whereIn('p.recorded_by_id', [...command.recordedByIds]);
    // Salesperson, department and store are the order's: joined only when asked about.
    if (command.salespersonIds?.length || command.departmentIds?.length || command.storeIds?.length) {
      q.join('sales_order as o', 'o.id', 'p.order_id');
      if (command.salespersonIds?.length) q.whereIn('o.salesperson_id', [...command.salespersonIds]);
      if (command.departmentIds?.length) {
        whereUserInDepartments(q, 'o.salesperson_id', command.departmentIds);
      }
      if (command.storeIds?.length) q.whereIn('o.store_id', [...command.storeIds]);
    }
    return paginate({
      em,
      base: q,
      idColumn: 'p.id',
      sort: SORTS[sort],
      reverse,
      args,
      toNodes: (rows: Array<Record<string, unknown>>) => rows.map(readModel(em, Payment)),
    });
  }
}
