import { numericArray, timeSql, type GeneratorContext } from './sql';

const COMPLETED_20 = `array[${[...Array(17).fill("'COMPLETED'"), "'CANCELLED'", "'CANCELLED'", "'REFUNDED'"].join(',')}]`;

/**
 * Line `pos` of order `o` (a row of t_ord: id, pb, step, fq): product, quantity, price,
 * discount and cost as SQL expressions. `pos` is a literal (1..4) when the order's totals are
 * summed inline, or a column when the line rows are written: both use the same expressions,
 * so an order's total is the sum of its lines by construction.
 */
function line(ctx: GeneratorContext, prices: string[], costs: string[], pos: string) {
  const r = ctx.rnd;
  const product = `(1 + mod(o.pb + (${pos} - 1) * o.step, ${prices.length}))`;
  const price = `(${numericArray(prices)})[${product}]`;
  return {
    product,
    price,
    cost: `(${numericArray(costs)})[${product}]`,
    quantity: `(case when o.fq > 0 then o.fq else 1 + floor(${r.u(`o.id * 8 + ${pos}`, 304)} * 4) end)::numeric(12,3)`,
    discount: `(case when o.fq = 0 and ${r.u(`o.id * 8 + ${pos}`, 305)} < 0.15 then round(${price} * 0.05, 2) else 0 end)`,
  };
}

/**
 * Orders in three steps: the plan (`t_oraw`: customer and time of every order, by class),
 * the orders with ids in time order and all their figures (`t_ord`), then the rows of
 * sales_order, order_line and payment from t_ord.
 */
export async function planOrders(ctx: GeneratorContext): Promise<void> {
  const { client, rnd: r } = ctx;
  const t = timeSql(ctx);
  const inMonth = (ms: string, key: string, salt: number) =>
    `((${ms} + floor(${r.u(key, salt)} * extract(day from ${ms} + interval '1 month' - interval '1 day')) * interval '1 day'
        + interval '9 hours' + ${r.u(key, salt + 1)} * interval '11 hours') at time zone ${t.tz})`;
  await client.query(
    `create temp table t_oraw as
     -- once, dormant, repeat, loyal: spread over the customer's buying window
     select c.id as customer_id, k.kid, c.win_start + (c.win_end - c.win_start) * ${r.u('k.kid', 101)} as at, 0 as fall_o
       from t_cplan c cross join generate_series(1, c.n) g
       cross join lateral (select c.id::bigint * 1048576 + g as kid) k
      where c.class in ('ONCE', 'DORMANT', 'REPEAT', 'LOYAL')
     union all
     -- seasonal: per_slot orders in each of two months (m1, m2) of every year since the year after joining
     select s.customer_id, s.kid, s.at, 0 from (
       select c.id as customer_id, k.kid, ${inMonth('k.ms', 'k.kid', 102)} as at
         from t_cplan c
         cross join generate_series(c.y0 + 1, ${t.year}) y
         cross join lateral (values (1, c.m1), (2, c.m2)) mm(mi, m)
         cross join generate_series(1, c.per_slot) j
         cross join lateral (select c.id::bigint * 1048576 + 200000 + (y - 2000) * 1000 + mm.mi * 100 + j as kid,
                                    make_timestamp(y, mm.m, 1, 0, 0, 0) as ms) k
        where c.class = 'SEASONAL') s
      where s.at < ${t.now}
     union all
     -- falling: j + 1 orders in month M-j (j = 4..1), order o on its own product: 5, 4, 3, 2 orders and products
     select c.id, k.kid, ${inMonth('k.ms', 'k.kid', 104)}, o
       from t_cplan c cross join generate_series(1, 4) mj cross join generate_series(1, mj + 1) o
       cross join lateral (select c.id::bigint * 1048576 + 400000 + mj * 100 + o as kid, ${t.monthStart} - mj * interval '1 month' as ms) k
      where c.class = 'FALLING'
     union all
     -- falling: their earlier history, in the eight months before M-4
     select c.id, k.kid, k.start + (k.stop - k.start) * ${r.u('k.kid', 106)}, 0
       from t_cplan c cross join generate_series(1, c.n) g
       cross join lateral (select c.id::bigint * 1048576 + g as kid,
                                  greatest(c.created_at, (${t.monthStart} - interval '12 months') at time zone ${t.tz}) as start,
                                  (${t.monthStart} - interval '4 months') at time zone ${t.tz} as stop) k
      where c.class = 'FALLING'`,
  );

  // Ids in time order (ties by customer and plan key), then every figure of the order.
  await client.query(
    `create temp table t_order as
     select row_number() over (order by at, customer_id, kid) as id, customer_id, at, fall_o from t_oraw`,
  );
  await client.query('drop table t_oraw');
}

export async function buildOrders(ctx: GeneratorContext, prices: string[], costs: string[]): Promise<void> {
  const { client, rnd: r } = ctx;
  const t = timeSql(ctx);
  const n = prices.length;
  const lines = [1, 2, 3, 4].map((k) => ({ k, ...line(ctx, prices, costs, String(k)) }));
  const sum = (f: (l: (typeof lines)[number]) => string) =>
    lines.map((l) => `case when o.nlines >= ${l.k} then ${f(l)} else 0 end`).join(' + ');
  await client.query(
    `create temp table t_ord as
     select s.*, sum(s.nlines) over (order by s.id rows unbounded preceding) - s.nlines as line0,
            s.subtotal - s.discount as total,
            case when s.status in ('COMPLETED', 'REFUNDED') then s.subtotal - s.discount
                 when s.status = 'PENDING' and ${r.u('s.id', 312)} < 0.33 then round((s.subtotal - s.discount) * 0.3, 2)
                 else 0 end as paid,
            s.status in ('COMPLETED', 'REFUNDED') and ${r.u('s.id', 313)} < 0.2 as split
       from (
         select o.*, ${sum((l) => `round(${l.quantity} * ${l.price}, 2)`)} as subtotal,
                ${sum((l) => l.discount)} as discount,
                ${sum((l) => `round(${l.quantity} * ${l.cost}, 2)`)} as cost
           from (
             select b.id, b.customer_id, b.at, c.owner_id, c.store_id,
                    case when b.fall_o > 0 then 'COMPLETED'
                         when b.at > ${t.now} - interval '10 days' and ${r.u('b.id', 310)} < 0.5 then 'PENDING'
                         else (${COMPLETED_20})[1 + floor(${r.u('b.id', 311)} * 20)::int] end as status,
                    case when b.fall_o > 0 then 1 else 1 + floor(${r.u('b.id', 301)} * 4)::int end as nlines,
                    case when b.fall_o > 0 then mod(c.fall_b + (b.fall_o - 1) * 7, ${n}) else floor(${r.u('b.id', 302)} * ${n})::int end as pb,
                    1 + floor(${r.u('b.id', 303)} * 12)::int as step,
                    case when b.fall_o > 0 then c.fall_q else 0 end as fq
               from t_order b join t_cplan c on c.id = b.customer_id
             offset 0) o -- a fence: each column is computed once, not inlined at every use
         offset 0) s
      order by s.id`,
  );
  await client.query('drop table t_order');
  await client.query('alter table t_ord add primary key (id)');
  await client.query('analyze t_ord');
}

export async function insertOrders(ctx: GeneratorContext): Promise<number> {
  const t = timeSql(ctx);
  const result = await ctx.client.query(
    `insert into sales_order (id, number, customer_id, salesperson_id, store_id, status, currency, subtotal, discount_total, total, cost_total,
                              paid_total, ordered_at, completed_at, cancelled_at, refunded_at, note, created_at, updated_at)
     select o.id, 'SO' || to_char(o.at at time zone ${t.tz}, 'YYYYMMDD') || '-' || case when o.id < 1000000 then lpad(o.id::text, 6, '0') else o.id::text end,
            o.customer_id, o.owner_id, o.store_id, o.status, 'CNY', o.subtotal, o.discount, o.total, o.cost, o.paid, o.at,
            x.completed_at, x.cancelled_at, x.refunded_at, null, o.at, coalesce(x.refunded_at, x.completed_at, x.cancelled_at, o.at)
       from t_ord o
       cross join lateral (
         select case when o.status in ('COMPLETED', 'REFUNDED') then least(o.at + interval '1 day', ${t.now}) end as completed_at,
                case when o.status = 'CANCELLED' then least(o.at + interval '2 hours', ${t.now}) end as cancelled_at,
                case when o.status = 'REFUNDED' then least(o.at + interval '10 days', ${t.now}) end as refunded_at) x
      order by o.id`,
  );
  await ctx.client.query(`select setval('order_number_seq', (select max(id) from sales_order))`);
  return result.rowCount ?? 0;
}

export async function insertOrderLines(ctx: GeneratorContext, prices: string[], costs: string[]): Promise<number> {
  const l = line(ctx, prices, costs, 'p.pos');
  const result = await ctx.client.query(
    `insert into order_line (id, order_id, product_id, position, quantity, unit_price, discount, line_total, unit_cost)
     select o.line0 + p.pos, o.id, x.product, p.pos - 1, x.quantity, x.price, x.discount, round(x.quantity * x.price - x.discount, 2), x.cost
       from t_ord o
       join (values (1), (2), (3), (4)) p(pos) on p.pos <= o.nlines
       cross join lateral (select ${l.product} as product, ${l.quantity} as quantity, ${l.price} as price, ${l.discount} as discount, ${l.cost} as cost offset 0) x`,
  );
  return result.rowCount ?? 0;
}

/** One payment per paid order; a fifth of the fully paid ones in two (a 30% deposit when ordered, the rest a day later). */
export async function insertPayments(ctx: GeneratorContext): Promise<number> {
  const { rnd: r } = ctx;
  const t = timeSql(ctx);
  const result = await ctx.client.query(
    `insert into payment (order_id, customer_id, amount, currency, paid_at, method, reference, recorded_by_id, created_at)
     select o.id, o.customer_id,
            case when not o.split then o.paid when k = 1 then round(o.total * 0.3, 2) else o.total - round(o.total * 0.3, 2) end,
            'CNY', p.at, ${r.pick(`array['WECHAT_PAY','ALIPAY','BANK_TRANSFER','CASH','CARD']`, 5, 'o.id * 2 + k', 320)}, null, o.owner_id, p.at
       from t_ord o
       cross join generate_series(1, case when o.split then 2 else 1 end) k
       cross join lateral (select case when o.split and k = 1 then o.at else least(o.at + interval '1 day', ${t.now}) end as at) p
      where o.paid > 0
      order by o.id, k`,
  );
  return result.rowCount ?? 0;
}
