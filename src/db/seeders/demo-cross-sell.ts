import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Products that go together in the demo catalogue (DOMAIN A4): who buys the lead product often
 * buys the companion in the same order (a printer and its toner, a purifier and its filters),
 * so the cross-sell rules of `npm start`'s demo say something. Lead SKU → companions with the
 * chance an order of the lead also holds each.
 */
export const DEMO_COMPANIONS: ReadonlyArray<{ lead: string; companion: string; chance: number }> = [
  { lead: 'OF-4001', companion: 'OC-4101', chance: 0.6 }, // 激光打印机 → 硒鼓
  { lead: 'OF-4001', companion: 'OC-4102', chance: 0.4 }, // 激光打印机 → A4复印纸
  { lead: 'WP-3001', companion: 'WF-3101', chance: 0.6 }, // 反渗透净水器 → PP棉滤芯
  { lead: 'WP-3001', companion: 'WF-3102', chance: 0.4 }, // 反渗透净水器 → 活性炭滤芯
  { lead: 'WP-3002', companion: 'WF-3103', chance: 0.5 }, // 商用净水机 → RO反渗透膜
  { lead: 'LA-2001', companion: 'WF-3104', chance: 0.7 }, // 空气净化器 → 空气净化器滤网
  { lead: 'KA-1001', companion: 'DC-5002', chance: 0.5 }, // 电热水壶 → 除垢剂
];

/** Adds the companion lines to the demo's orders (before their totals are summed). */
export async function addCompanionLines(em: EntityManager): Promise<void> {
  for (const { lead, companion, chance } of DEMO_COMPANIONS) {
    await em.execute(
      `insert into order_line (order_id, product_id, position, quantity, unit_price, discount, line_total, unit_cost)
       select l.order_id, c.id, (select max(position) + 1 from order_line x where x.order_id = l.order_id), 1, c.list_price, 0, c.list_price, c.cost
         from (select distinct l.order_id from order_line l join product p on p.id = l.product_id and p.sku = ?) l
         cross join (select id, list_price, cost from product where sku = ?) c
        where random() < ?
          and not exists (select 1 from order_line y where y.order_id = l.order_id and y.product_id = c.id)`,
      [lead, companion, chance],
    );
  }
}
