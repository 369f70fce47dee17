import { refreshCustomerStatsSql } from '../../src/services/customer-stats.sql';
import { bumpScoringDataVersion } from '../../src/services/scoring-data-version';
import type { TestApp } from './test-app';

export interface TestLine {
  productId: number;
  quantity: string;
  unitPrice: string;
  unitCost: string;
}

const DAY_MS = 86_400_000;

/** An instant `days` days before now (noon-ish offsets keep it inside the same company day). */
export function daysAgo(days: number, from = new Date()): Date {
  return new Date(from.getTime() - days * DAY_MS);
}

/**
 * Orders straight into the database, for tests of scoring and reports: lines priced as
 * given, totals summed, COMPLETED unless said otherwise. Call `refreshFigures` after.
 */
export async function insertOrder(
  app: TestApp,
  order: { customerId: number; orderedAt: Date; lines: TestLine[]; status?: 'COMPLETED' | 'PENDING' | 'CANCELLED' | 'REFUNDED' },
): Promise<number> {
  const em = app.db.orm.em.fork();
  const total = order.lines.reduce((sum, l) => sum + Number(l.quantity) * Number(l.unitPrice), 0).toFixed(2);
  const cost = order.lines.reduce((sum, l) => sum + Number(l.quantity) * Number(l.unitCost), 0).toFixed(2);
  const status = order.status ?? 'COMPLETED';
  const [row] = await em.execute(
    `insert into sales_order (number, customer_id, status, currency, subtotal, discount_total, total, cost_total, paid_total, ordered_at, completed_at, created_at, updated_at)
     values ('T' || nextval('order_number_seq'), ?, ?, 'CNY', ?, 0, ?, ?, 0, ?, ?, ?, ?) returning id`,
    [
      order.customerId,
      status,
      total,
      total,
      cost,
      order.orderedAt,
      status === 'COMPLETED' ? order.orderedAt : null,
      order.orderedAt,
      order.orderedAt,
    ],
  );
  let position = 1;
  for (const l of order.lines) {
    await em.execute(
      `insert into order_line (order_id, product_id, position, quantity, unit_price, discount, line_total, unit_cost) values (?, ?, ?, ?, ?, 0, ?, ?)`,
      [row.id, l.productId, position++, l.quantity, l.unitPrice, (Number(l.quantity) * Number(l.unitPrice)).toFixed(2), l.unitCost],
    );
  }
  return row.id as number;
}

/** Recomputes every customer's figures and marks the scoring inputs changed, as a service write does. */
export async function refreshFigures(app: TestApp): Promise<void> {
  const em = app.db.orm.em.fork();
  await em.execute(refreshCustomerStatsSql('true'));
  await bumpScoringDataVersion(em);
}
