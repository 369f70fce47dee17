import type { TestApp } from './test-app';
import { toGlobalId } from '../../src/schema/global-id';

export interface TestProduct {
  id: number;
  gid: string;
  sku: string;
}

/** Products straight into the database, for tests of other areas. */
export async function insertProducts(
  app: TestApp,
  products: Array<{ sku: string; name: string; listPrice: string; cost: string; active?: boolean; usageCycleDays?: number }>,
): Promise<TestProduct[]> {
  const em = app.db.orm.em.fork();
  const out: TestProduct[] = [];
  for (const p of products) {
    const [row] = await em.execute(
      `insert into product (sku, name, list_price, cost, currency, usage_cycle_days, active, created_at, updated_at)
       values (?, ?, ?, ?, 'CNY', ?, ?, now(), now()) returning id`,
      [p.sku, p.name, p.listPrice, p.cost, p.usageCycleDays ?? null, p.active ?? true],
    );
    out.push({ id: row.id, gid: toGlobalId('Product', row.id), sku: p.sku });
  }
  return out;
}
