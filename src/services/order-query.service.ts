import { readModel } from '../db/read-model';
import { Order } from '../entities';
import { applyCustomerScope, scopeFor } from './customer-scope';
import { paginate, type KeysetSort, type PageArgs } from '../lib/pagination';
import { whereUserInDepartments, whereCompanyDays } from './sql';
import type { ServiceContext } from './service-context';

/** What the `orders` list takes: local ids and company days, decoded by the resolver. */
export interface OrderListCommand {
  statuses?: readonly string[] | null;
  orderedFrom?: string | null;
  orderedTo?: string | null;
  salespersonIds?: readonly number[];
  departmentIds?: readonly number[];
  storeIds?: readonly number[];
  customerIds?: readonly number[];
  productIds?: readonly number[];
  categoryIds?: readonly number[];
}

export type OrderSort = 'ORDERED_AT' | 'TOTAL' | 'ID';

const SORTS: Record<OrderSort, KeysetSort> = {
  ORDERED_AT: { key: 'ORDERED_AT', column: 'o.ordered_at' },
  TOTAL: { key: 'TOTAL', column: 'o.total' },
  ID: { key: 'ID', column: 'o.id' },
};

/** Orders across customers (issue 14): the orders of the customers in the viewer's data scope. */
export class OrderQueryService {
  constructor(private readonly ctx: ServiceContext) {}

  list(args: PageArgs, command: OrderListCommand, sort: OrderSort, reverse: boolean) {
    const em = this.ctx.em;
    const tz = this.ctx.config.companyTimeZone;
    const q = em.getKnex().from('sales_order as o').join('customer as c', 'c.id', 'o.customer_id').select('o.*');
    applyCustomerScope(q, scopeFor(this.ctx.viewer));
    if (command.statuses?.length) q.whereIn('o.status', [...command.statuses]);
    whereCompanyDays(q, 'o.ordered_at', command.orderedFrom, command.orderedTo, tz, 'orderedOn');
    if (command.salespersonIds?.length) q.whereIn('o.salesperson_id', [...command.salespersonIds]);
    if (command.departmentIds?.length) {
      whereUserInDepartments(q, 'o.salesperson_id', command.departmentIds);
    }
    if (command.storeIds?.length) q.whereIn('o.store_id', [...command.storeIds]);
    if (command.customerIds?.length) q.whereIn('o.customer_id', [...command.customerIds]);
    if (command.productIds?.length) {
      q.whereRaw(`exists (select 1 from order_line l where l.order_id = o.id and l.product_id = any(?::int[]))`, [
        `{${command.productIds.join(',')}}`,
      ]);
    }
    if (command.categoryIds?.length) {
      q.whereRaw(
        `exists (select 1 from order_line l join product p on p.id = l.product_id join product_category pc on pc.id = p.category_id
                  join product_category root on pc.path like root.path || '%' where l.order_id = o.id and root.id = any(?::int[]))`,
        [`{${command.categoryIds.join(',')}}`],
      );
    }
    return paginate({
      em,
      base: q,
      idColumn: 'o.id',
      sort: SORTS[sort],
      reverse,
      args,
      toNodes: (rows: Array<Record<string, unknown>>) => rows.map(readModel(em, Order)),
    });
  }
}
