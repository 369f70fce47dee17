import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { CustomerStats, Order, OrderLine, Payment } from '../entities';
import { childPageLoader } from '../services/child-pages';

function groupBy<T>(rows: T[], key: (row: T) => number, ids: readonly number[]): T[][] {
  const groups = new Map<number, T[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return ids.map((id) => groups.get(id) ?? []);
}

/** The order loaders of one request: every list under a page is one statement. */
export function orderLoaders(em: EntityManager, now: () => Date) {
  return {
    ordersByCustomer: childPageLoader(em, {
      table: 'sales_order',
      parentColumn: 'customer_id',
      sortColumn: 'ordered_at',
      cursorKey: 'ORDER',
      toNode: (row) => em.map(Order, row),
    }),
    paymentsByCustomer: childPageLoader(em, {
      table: 'payment',
      parentColumn: 'customer_id',
      sortColumn: 'paid_at',
      cursorKey: 'PAYMENT',
      toNode: (row) => em.map(Payment, row),
    }),
    linesByOrder: new DataLoader<number, OrderLine[]>(async (orderIds) => {
      const rows = await em.find(OrderLine, { order: { $in: [...orderIds] } }, { orderBy: { order: 'asc', position: 'asc' } });
      return groupBy(rows, (r) => r.order.id, orderIds);
    }),
    paymentsByOrder: new DataLoader<number, Payment[]>(async (orderIds) => {
      const rows = await em.find(Payment, { order: { $in: [...orderIds] } }, { orderBy: { paidAt: 'asc', id: 'asc' } });
      return groupBy(rows, (r) => r.order.id, orderIds);
    }),
    order: new DataLoader<number, Order | null>(async (ids) => {
      const rows = await em.find(Order, { id: { $in: [...ids] } });
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    statsByCustomer: new DataLoader<number, CustomerStats | null>(async (customerIds) => {
      const rows = await em.find(CustomerStats, { customer: { $in: [...customerIds] } });
      const byId = new Map(rows.map((r) => [r.customer.id, r]));
      return customerIds.map((id) => byId.get(id) ?? null);
    }),
    /** Distinct products of completed orders in the 90 days before `now`, per customer. */
    recentProductCounts: new DataLoader<number, number>(async (customerIds) => {
      const rows: Array<{ customer_id: number; n: number }> = await em.execute(
        `select o.customer_id, count(distinct l.product_id)::int as n
           from sales_order o join order_line l on l.order_id = o.id
          where o.customer_id in (?) and o.status = 'COMPLETED' and o.ordered_at > ?
          group by o.customer_id`,
        [[...customerIds], new Date(now().getTime() - 90 * 86_400_000)],
      );
      const byId = new Map(rows.map((r) => [r.customer_id, r.n]));
      return customerIds.map((id) => byId.get(id) ?? 0);
    }),
  };
}
