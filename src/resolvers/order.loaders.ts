import type { EntityManager } from '@mikro-orm/postgresql';
import { byIdBatch, readWhereIn } from '../db/read-model';
import DataLoader from 'dataloader';
import { tracedBatch } from '../lib/spans';
import { CustomerStats, Order, OrderLine, Payment } from '../entities';
import { childPageLoader } from '../db/queries/child-pages';
import { distinctProductCounts } from '../db/queries/orders';

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
      entity: Order,
    }),
    paymentsByCustomer: childPageLoader(em, {
      table: 'payment',
      parentColumn: 'customer_id',
      sortColumn: 'paid_at',
      cursorKey: 'PAYMENT',
      entity: Payment,
    }),
    linesByOrder: new DataLoader<number, OrderLine[]>(
      tracedBatch('linesByOrder', async (orderIds) => {
        const rows = await readWhereIn(em, OrderLine, 'order_id', orderIds, 'order_id, position');
        return groupBy(rows, (r) => r.order.id, orderIds);
      }),
    ),
    paymentsByOrder: new DataLoader<number, Payment[]>(
      tracedBatch('paymentsByOrder', async (orderIds) => {
        const rows = await readWhereIn(em, Payment, 'order_id', orderIds, 'paid_at, id');
        return groupBy(rows, (r) => r.order.id, orderIds);
      }),
    ),
    order: new DataLoader<number, Order | null>(tracedBatch('order', byIdBatch(em, Order))),
    statsByCustomer: new DataLoader<number, CustomerStats | null>(
      tracedBatch('statsByCustomer', async (customerIds) => {
        const rows = await readWhereIn(em, CustomerStats, 'customer_id', customerIds, 'customer_id');
        const byId = new Map(rows.map((r) => [r.customer.id, r]));
        return customerIds.map((id) => byId.get(id) ?? null);
      }),
    ),
    /** Distinct products of completed orders in the 90 days before `now`, per customer. */
    recentProductCounts: new DataLoader<number, number>(
      tracedBatch('recentProductCounts', async (customerIds) => {
        const counts = await distinctProductCounts(em, customerIds, new Date(now().getTime() - 90 * 86_400_000));
        return customerIds.map((id) => counts.get(id) ?? 0);
      }),
    ),
  };
}
