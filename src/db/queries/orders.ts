import type { EntityManager } from '@mikro-orm/postgresql';

/** Statements over `sales_order` and `order_line` that the loaders batch. */

/** For each customer, the number of distinct products in its completed orders placed after `since` (0 when none). */
export async function distinctProductCounts(em: EntityManager, customerIds: readonly number[], since: Date): Promise<Map<number, number>> {
  const rows: Array<{ customer_id: number; n: number }> = await em.execute(
    `select o.customer_id, count(distinct l.product_id)::int as n
       from sales_order o join order_line l on l.order_id = o.id
      where o.customer_id in (?) and o.status = 'COMPLETED' and o.ordered_at > ?
      group by o.customer_id`,
    [[...customerIds], since],
  );
  return new Map(rows.map((r) => [r.customer_id, r.n]));
}
