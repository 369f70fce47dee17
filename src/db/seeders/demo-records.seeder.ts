import type { EntityManager } from '@mikro-orm/postgresql';
import { refreshCustomerStats } from '../../services/customer-stats.service';
import { PRODUCT_CATALOGUE } from './demo-vocabulary';
import { addCompanionLines } from './demo-cross-sell';

export interface RecordsSummary {
  products: number;
  orders: number;
  orderLines: number;
  payments: number;
  followUps: number;
  inquiries: number;
  serviceCases: number;
}

const count = async (em: EntityManager, table: string) => Number((await em.execute(`select count(*) as n from ${table}`))[0].n);

/**
 * The demo company's records, generated set-based in SQL (seconds, not minutes) from a fixed
 * random seed: products in a category tree, ~20,000 orders with lines and payments,
 * follow-ups along the standard process, inquiries in every status and service cases.
 * Customers fall into buying classes so that every lifecycle shows up: a quarter never
 * bought, some bought once, some went dormant, many repeat, and loyal ones have 12–36 orders.
 * Then every customer's figures are computed. Runs inside the caller's transaction.
 */
export async function seedDemoRecords(em: EntityManager, now: Date, timeZone: string): Promise<RecordsSummary> {
  await em.execute('select setseed(0.2026)');

  for (const category of PRODUCT_CATALOGUE) {
    const [parent] = await em.execute(
      `insert into product_category (name, parent_id, path, created_at) values (?, null, '/', ?) returning id`,
      [category.name, now],
    );
    await em.execute(`update product_category set path = '/' || id || '/' where id = ?`, [parent.id]);
    for (const sub of category.children) {
      const [child] = await em.execute(
        `insert into product_category (name, parent_id, path, created_at) values (?, ?, '/', ?) returning id`,
        [sub.name, parent.id, now],
      );
      await em.execute(`update product_category set path = ? || id || '/' where id = ?`, [`/${parent.id}/`, child.id]);
      for (const p of sub.products) {
        await em.execute(
          `insert into product (sku, name, category_id, list_price, cost, currency, usage_cycle_days, maintenance_interval_days, active, created_at, updated_at)
           values (?, ?, ?, ?, ?, 'CNY', ?, ?, true, ?, ?)`,
          [p.sku, p.name, child.id, p.price, p.cost, p.usageCycleDays ?? null, p.maintenanceIntervalDays ?? null, now, now],
        );
      }
    }
  }

  const steps = [
    ['first_contact', '初次接触', 1],
    ['needs_analysis', '需求分析', 2],
    ['proposal', '方案报价', 3],
    ['negotiation', '商务谈判', 4],
    ['closing', '签约成交', 5],
  ];
  for (const [key, name, position] of steps) {
    await em.execute(`insert into follow_up_step (key, name, position, active, created_at) values (?, ?, ?, true, ?)`, [
      key,
      name,
      position,
      now,
    ]);
  }

  // Buying class per customer, and the window its orders fall in.
  await em.execute(
    `create temp table demo_plan on commit drop as
     select c.id as customer_id, c.owner_id, c.store_id, c.created_at, x.class,
            case x.class when 'ONCE' then 1 when 'DORMANT' then 3 + floor(random() * 8)
                         when 'REPEAT' then 4 + floor(random() * 14) when 'LOYAL' then 14 + floor(random() * 25) else 0 end::int as n,
            c.created_at as win_start,
            case x.class when 'DORMANT' then greatest(c.created_at + interval '1 day', ?::timestamptz - interval '200 days' - random() * interval '250 days')
                         else greatest(c.created_at, ?::timestamptz - interval '1 day') end as win_end
       from (select id, random() as r from customer order by id) p
       join customer c on c.id = p.id
       cross join lateral (select case when p.r < 0.25 then 'NEVER' when p.r < 0.40 then 'ONCE' when p.r < 0.60 then 'DORMANT'
                                       when p.r < 0.85 then 'REPEAT' else 'LOYAL' end as class) x`,
    [now, now],
  );

  await em.execute(
    `insert into sales_order (number, customer_id, salesperson_id, store_id, status, currency, subtotal, discount_total, total, cost_total,
                              paid_total, ordered_at, completed_at, cancelled_at, refunded_at, created_at, updated_at)
     select 'SO' || to_char(t.at at time zone ?, 'YYYYMMDD') || '-' || lpad(nextval('order_number_seq')::text, 6, '0'),
            p.customer_id, p.owner_id, p.store_id, t.status, 'CNY', 0, 0, 0, 0, 0, t.at,
            case when t.status in ('COMPLETED', 'REFUNDED') then least(t.at + interval '1 day', ?::timestamptz) end,
            case when t.status = 'CANCELLED' then t.at + interval '2 hours' end,
            case when t.status = 'REFUNDED' then least(t.at + interval '10 days', ?::timestamptz) end,
            t.at, t.at
       from demo_plan p
       cross join lateral generate_series(1, p.n) g
       cross join lateral (select p.win_start + (p.win_end - p.win_start) * random() + g * interval '0 seconds' as at) o
       cross join lateral (
         select o.at,
                case when o.at > ?::timestamptz - interval '10 days' and random() < 0.5 then 'PENDING'
                     else (array['COMPLETED','COMPLETED','COMPLETED','COMPLETED','COMPLETED','COMPLETED','COMPLETED','COMPLETED',
                                 'COMPLETED','COMPLETED','COMPLETED','COMPLETED','COMPLETED','COMPLETED','COMPLETED','COMPLETED',
                                 'COMPLETED','CANCELLED','CANCELLED','REFUNDED'])[1 + floor(random() * 20)::int + g * 0] end as status) t
      order by t.at`,
    [timeZone, now, now, now],
  );

  const productCount = await count(em, 'product');
  await em.execute(
    `insert into order_line (order_id, product_id, position, quantity, unit_price, discount, line_total, unit_cost)
     select o.id, pr.id, g - 1, q.quantity, pr.list_price, q.discount, round(q.quantity * pr.list_price - q.discount, 2), pr.cost
       from sales_order o
       cross join lateral generate_series(1, 1 + floor(random() * 3)::int + (o.id * 0)) g
       cross join lateral (select id, list_price, cost from product order by id offset floor(random() * ?)::int + g * 0 limit 1) pr
       cross join lateral (
         select (1 + floor(random() * 4))::numeric as quantity,
                case when random() < 0.15 then round(pr.list_price * 0.05, 2) else 0 end as discount) q`,
    [productCount],
  );
  await addCompanionLines(em); // products that go together (cross-sell), before the totals are summed
  await em.execute(
    `update sales_order o set subtotal = s.subtotal, discount_total = s.discount, total = s.subtotal - s.discount, cost_total = s.cost
       from (select order_id, sum(round(quantity * unit_price, 2)) subtotal, sum(discount) discount, sum(round(quantity * unit_cost, 2)) cost
               from order_line group by order_id) s
      where s.order_id = o.id`,
  );
  // Completed and refunded orders were paid in full; a third of the pending ones in part.
  await em.execute(
    `with paid as (
       update sales_order set paid_total = case when status in ('COMPLETED', 'REFUNDED') then total
                                                when status = 'PENDING' and random() < 0.33 then round(total * 0.3, 2) else 0 end
       returning id, customer_id, paid_total, ordered_at)
     insert into payment (order_id, customer_id, amount, currency, paid_at, method, reference, created_at)
     select id, customer_id, paid_total, 'CNY', least(ordered_at + interval '1 day', ?::timestamptz),
            (array['WECHAT_PAY','ALIPAY','BANK_TRANSFER','CASH','CARD'])[1 + floor(random() * 5)::int + (id * 0)], null, ordered_at
       from paid where paid_total > 0`,
    [now],
  );

  // Follow-ups: prospects and buyers are contacted; steps follow the process in order.
  await em.execute(
    `insert into follow_up (customer_id, salesperson_id, channel, occurred_at, summary, outcome, next_follow_up_on, step_id, created_at)
     select p.customer_id, p.owner_id,
            (array['CALL','CALL','WECHAT','WECHAT','VISIT','EMAIL','SMS','MEETING'])[1 + floor(random() * 8)::int + g * 0],
            f.at,
            (array['电话沟通产品需求，客户关注价格','微信发送产品资料和报价单','上门拜访，了解使用环境','邀请参加新品体验会',
                   '回访使用情况，客户反馈良好','跟进报价，客户需要内部审批','节日问候并介绍促销活动','处理售后问题后回访'])[1 + floor(random() * 8)::int + g * 0],
            (array['INTERESTED','NEEDS_FOLLOW_UP','QUOTED','ORDERED','NOT_INTERESTED','NO_RESPONSE','OTHER'])[1 + floor(random() * 7)::int + g * 0],
            case when random() < 0.4 then ((f.at + interval '14 days') at time zone ?)::date end,
            case when g <= 5 and random() < 0.6 then (select id from follow_up_step where position = g) end,
            f.at
       from demo_plan p
       cross join lateral generate_series(1, case p.class when 'NEVER' then floor(random() * 4)::int else 1 + floor(random() * 6)::int end) g
       cross join lateral (select p.created_at + (?::timestamptz - p.created_at) * random() + g * interval '0 seconds' as at) f`,
    [timeZone, now],
  );

  // Inquiries in every status; a won inquiry points at one of its customer's orders.
  await em.execute(
    `insert into inquiry (customer_id, salesperson_id, received_at, channel, urgency, status, country, project_details, application_area,
                          quantity, quantity_unit, currency, target_price, amount, packaging, delivery_requirements, customer_background,
                          repeat_order, response_due_at, first_responded_at, lost_reason, order_id, closed_at, created_at, updated_at)
     select p.customer_id, p.owner_id, i.at, i.channel, i.urgency, i.status, 'CN',
            (array['门店整体更换净水设备','办公室采购一批打印耗材','新开餐厅需要厨房电器','年度滤芯集中采购','酒店客房小家电更新'])[1 + floor(random() * 5)::int + p.customer_id * 0],
            (array['餐饮','办公','酒店','家庭','零售'])[1 + floor(random() * 5)::int + p.customer_id * 0],
            (10 + floor(random() * 200))::numeric, '台', 'CNY', round((100 + random() * 2000)::numeric, 2), round((2000 + random() * 80000)::numeric, 2),
            '标准包装', '30天内送货上门', null, p.class not in ('NEVER'),
            case when i.urgency = 'URGENT' then greatest(date_trunc('day', i.at at time zone ?) + interval '18 hours', i.at at time zone ? + interval '2 hours') at time zone ?
                 when i.channel in ('EMAIL', 'FAX') then i.at + interval '12 hours' else i.at + interval '24 hours' end,
            case when i.status <> 'NEW' or random() < 0.5 then i.at + random() * interval '20 hours' end,
            case when i.status = 'LOST' then (array['价格高于竞品','客户预算取消','交期不满足'])[1 + floor(random() * 3)::int + p.customer_id * 0] end,
            null,
            case when i.status in ('WON', 'LOST') then i.at + interval '7 days' end,
            i.at, i.at
       from demo_plan p
       cross join lateral (
         select ?::timestamptz - random() * interval '300 days' + p.customer_id * interval '0 seconds' as at,
                (array['PHONE','EMAIL','FAX','WEBSITE','WECHAT','B2B_PLATFORM','EXHIBITION'])[1 + floor(random() * 7)::int + p.customer_id * 0] as channel,
                case when random() < 0.2 then 'URGENT' else 'NORMAL' end as urgency,
                (array['NEW','QUOTED','NEGOTIATING','WON','LOST'])[1 + floor(random() * 5)::int + p.customer_id * 0] as status) i
      where random() < 0.3 + p.customer_id * 0`,
    [timeZone, timeZone, timeZone, now],
  );
  // A won inquiry became the customer's first completed order after it arrived (one inquiry per customer here).
  await em.execute(
    `update inquiry i set order_id = (
       select o.id from sales_order o
        where o.customer_id = i.customer_id and o.status = 'COMPLETED' and o.ordered_at >= i.received_at
        order by o.ordered_at limit 1)
      where i.status = 'WON'`,
  );
  await em.execute(`update inquiry set status = 'LOST', lost_reason = '未能成交' where status = 'WON' and order_id is null`);

  // After-sale: one in ten completed orders needs delivery, installation, repair or a complaint.
  await em.execute(
    `insert into service_case (customer_id, order_id, product_id, type, status, description, appointment_at, assignee_id, resolution,
                               resolved_at, satisfaction, created_at, updated_at)
     select o.customer_id, o.id, (select product_id from order_line where order_id = o.id order by position limit 1), s.type, s.status,
            (array['送货上门并签收','上门安装调试','设备故障报修','定期保养','对服务态度不满'])[1 + floor(random() * 5)::int + o.id * 0],
            -- A scheduled visit is today or in the six days after, at 9:00–16:00 company time (some of today's may have passed); other cases were visited 3 days after the order.
            case when s.status = 'SCHEDULED'
                 then ((?::timestamptz at time zone ?)::date + (o.id % 7) + time '09:00' + (o.id % 8) * interval '1 hour') at time zone ?
                 when s.status <> 'OPEN' then o.ordered_at + interval '3 days' end, o.salesperson_id,
            case when s.status in ('RESOLVED', 'CLOSED') then '已处理完毕，客户确认' end,
            case when s.status in ('RESOLVED', 'CLOSED') then least(o.ordered_at + interval '5 days', ?::timestamptz) end,
            case when s.status in ('RESOLVED', 'CLOSED') and random() < 0.8 then (array[2,3,4,4,5,5,5])[1 + floor(random() * 7)::int + o.id * 0] end,
            o.ordered_at, o.ordered_at
       from sales_order o
       cross join lateral (
         select (array['DELIVERY','INSTALLATION','WARRANTY','MAINTENANCE','COMPLAINT'])[1 + floor(random() * 5)::int + o.id * 0] as type,
                (array['CLOSED','CLOSED','CLOSED','RESOLVED','RESOLVED','IN_PROGRESS','SCHEDULED','OPEN'])[1 + floor(random() * 8)::int + o.id * 0] as status) s
      where o.status = 'COMPLETED' and random() < 0.1 + o.id * 0`,
    [now, timeZone, timeZone, now],
  );

  const ids: Array<{ id: number }> = await em.execute('select id from customer');
  await refreshCustomerStats(
    em,
    ids.map((r) => r.id),
  );
  await seedLifecycleOverrides(em, now);
  await seedProspectNeeds(em);
  return {
    products: productCount,
    orders: await count(em, 'sales_order'),
    orderLines: await count(em, 'order_line'),
    payments: await count(em, 'payment'),
    followUps: await count(em, 'follow_up'),
    inquiries: await count(em, 'inquiry'),
    serviceCases: await count(em, 'service_case'),
  };
}

/**
 * A few stages set by hand, as managers do (DOMAIN L1): a buyer marked lost because its
 * company closed, and a long-standing partner kept LOYAL whatever its recent orders; one
 * earlier override was cleared, so histories show both.
 */
async function seedLifecycleOverrides(em: EntityManager, now: Date): Promise<void> {
  const [admin] = await em.execute(`select id from app_user where role = 'ADMIN' order by id limit 1`);
  if (!admin) return;
  const day = 86_400_000;
  const overrides: Array<[string, string, string, number, number | null]> = [
    // [which customers, stage, reason, set days ago, cleared days ago]
    ['s.order_count between 2 and 9', 'LOST', '公司已注销,确认不再采购', 20, null],
    ['s.order_count >= 10', 'LOYAL', '战略合作伙伴,年度框架协议客户', 45, null],
    ['s.order_count = 0', 'PROSPECT', '展会上确认采购意向,待首单', 120, 60],
  ];
  for (const [condition, stage, reason, setDaysAgo, clearedDaysAgo] of overrides) {
    await em.execute(
      `insert into lifecycle_override (customer_id, stage, reason, set_by_id, set_at, cleared_by_id, cleared_at, clear_reason)
       select c.id, ?, ?, ?, ?, ?, ?, ? from customer c join customer_stats s on s.customer_id = c.id
        where c.archived_at is null and ${condition} order by c.id limit 2`,
      [
        stage,
        reason,
        admin.id,
        new Date(now.getTime() - setDaysAgo * day),
        clearedDaysAgo == null ? null : admin.id,
        clearedDaysAgo == null ? null : new Date(now.getTime() - clearedDaysAgo * day),
        clearedDaysAgo == null ? null : '已成交,交由规则判断',
      ],
    );
  }
}

/**
 * What salespeople noted on promising follow-ups (DOMAIN G2): how urgent the need is, in how
 * many days results can show, and the budget stated, near the open inquiry's amount when
 * there is one. Six in ten follow-ups that went well get them, from a hash of their id, so
 * the random sequence of the rest of the demo data is unchanged and a reseed is the same.
 */
async function seedProspectNeeds(em: EntityManager): Promise<void> {
  await em.execute(
    `update follow_up f
        set need_urgency = (array['HIGH', 'MEDIUM', 'MEDIUM', 'LOW'])[1 + x.h % 4],
            results_horizon_days = (array[7, 14, 30, 45, 60, 90, 180, 365])[1 + (x.h / 4) % 8],
            budget = case when (x.h / 32) % 5 = 0 then null
                          else round(coalesce((select i.amount from inquiry i
                                                where i.customer_id = f.customer_id and i.status in ('NEW', 'QUOTED', 'NEGOTIATING')
                                                order by i.received_at desc limit 1), 20000) * (60 + (x.h / 160) % 70) / 100, -2) end
       from (select id, abs(hashtext('demo-prospect-' || id))::bigint as h from follow_up) x
      where x.id = f.id and f.outcome in ('INTERESTED', 'NEEDS_FOLLOW_UP', 'QUOTED') and x.h % 10 < 6`,
  );
}
