import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { fromGlobalId, toGlobalId } from '../src/schema/global-id';
import { refreshCustomerStatsSql } from '../src/services/customer-stats.sql';

/**
 * The baseline's answers (bench/baseline-server.ts serves them; the apollo-floor peer reuses
 * them): the same answers as the API, produced by hand-written SQL through `pg`. Only an
 * admin's view is implemented (the benchmark's viewer): no data-scope filter.
 */
const REFRESH_STATS_SQL = refreshCustomerStatsSql('c.id = any($1)');

/**
 * S1 by hand: the scoring figures of the first 100 active customers (the API's default order,
 * created_at, id) in one statement, with the default rules of DOMAIN "Default rules" written
 * in as literal numbers (windows 365/90 days, quintiles, weights 40/20/20/20, tier shares
 * 5/15/30, ABC 70/90, levels 2000/10000/50000, depth 3/90/30/90/180, trend 3 months by
 * quantity, variety 50 % and 2, flat 10 %). Unlike the API, which caches them, it computes the
 * company-wide cut-points (RFM quintiles, profit percentiles, tier cuts, ABC cuts) over every
 * active customer on every request. Percentiles are percentile_disc's definition taken with
 * integer arithmetic: the value at 1-based index ceil(p × n / 100) of the sorted values.
 */
const S1_SQL = `
  with
    -- today in the company time zone, and the instants the windows start at
    d as (select (now() at time zone 'Asia/Shanghai')::date as today),
    b as (
      select today,
             (today - 365)::timestamp at time zone 'Asia/Shanghai' as window_from,     -- 365-day window
             (today - 89)::timestamp at time zone 'Asia/Shanghai' as recent_from,      -- growth: days ago 0..89
             (today - 179)::timestamp at time zone 'Asia/Shanghai' as prior_from,      -- growth: days ago 90..179
             (today + 1)::timestamp at time zone 'Asia/Shanghai' as tomorrow,
             (today - 90)::timestamp at time zone 'Asia/Shanghai' as follow_up_from,   -- follow-ups in 90 days
             date_trunc('month', today)::date - interval '6 months' as trend_from,    -- 3 + 3 full months
             date_trunc('month', today)::date - interval '3 months' as trend_recent_from,
             date_trunc('month', today)::date as trend_to
        from d),
    -- window figures of every buyer
    w as (
      select o.customer_id, count(*)::int as n, sum(o.total) as spend, sum(o.total - o.cost_total) as profit,
             coalesce(sum(o.total) filter (where o.ordered_at >= b.recent_from and o.ordered_at < b.tomorrow), 0) as recent,
             coalesce(sum(o.total) filter (where o.ordered_at >= b.prior_from and o.ordered_at < b.recent_from), 0) as prior
        from sales_order o cross join b
       where o.status = 'COMPLETED' and o.ordered_at >= b.window_from
       group by o.customer_id),
    -- every active customer's facts
    f as (
      select c.id, c.created_at, c.company_size,
             coalesce(s.order_count, 0) as orders,
             (s.first_order_at at time zone 'Asia/Shanghai')::date as first_on,
             (s.last_order_at at time zone 'Asia/Shanghai')::date as last_on,
             (s.last_follow_up_at at time zone 'Asia/Shanghai')::date as follow_up_on,
             (s.last_qualifying_follow_up_at at time zone 'Asia/Shanghai')::date as qualifying_on,
             coalesce(s.open_inquiry_count, 0) as inquiries, coalesce(s.open_inquiry_amount, 0) as inquiry_amount,
             coalesce(s.satisfaction_count, 0) as ratings, coalesce(s.satisfaction_sum, 0) as rating_sum,
             coalesce(w.n, 0) as window_orders, coalesce(w.spend, 0) as spend, coalesce(w.profit, 0) as profit,
             coalesce(w.recent, 0) as recent, coalesce(w.prior, 0) as prior,
             ov.stage as override_stage
        from customer c
        left join customer_stats s on s.customer_id = c.id
        left join w on w.customer_id = c.id
        left join lifecycle_override ov on ov.customer_id = c.id and ov.cleared_at is null
       where c.archived_at is null),
    -- median days between orders, only where it decides DORMANT: 2+ orders, silent 91..365 days
    md as (
      select g.customer_id, percentile_cont(0.5) within group (order by g.gap) as median
        from (select o.customer_id,
                     (o.ordered_at at time zone 'Asia/Shanghai')::date
                       - lag((o.ordered_at at time zone 'Asia/Shanghai')::date) over (partition by o.customer_id order by o.ordered_at) as gap
                from f cross join b
                join sales_order o on o.customer_id = f.id and o.status = 'COMPLETED'
               where f.orders >= 2 and b.today - f.last_on between 91 and 365) g
       where g.gap is not null
       group by g.customer_id),
    st as (
      select f.*, b.today - f.last_on as recency,
             coalesce(f.override_stage, case
               when f.orders = 0 or f.last_on is null then
                 case when f.inquiries > 0 or b.today - f.qualifying_on <= 180 then 'PROSPECT' else 'LEAD' end
               when b.today - f.last_on > 365 then 'LOST'
               when b.today - f.last_on > greatest(90, 2 * md.median) then 'DORMANT'
               when f.orders >= 10 then 'LOYAL'
               when f.orders >= 5 and f.last_on - f.first_on >= 365 and f.ratings > 0 and f.rating_sum >= 4 * f.ratings then 'LOYAL'
               when f.orders >= 2 then 'REPEAT'
               else 'NEW' end) as stage
        from f cross join b left join md on md.customer_id = f.id),
    -- percentiles 1..99 of positive window profit: the value at 1-based index ceil(k * n / 100)
    pp as (select array_agg(profit order by profit) as v, count(*)::int as n from f where profit > 0),
    pc as materialized (select array(select pp.v[greatest(1, (k * pp.n + 99) / 100)] from generate_series(1, 99) k order by k) as cuts from pp),
    ind as (
      select st.*,
             -- 1 + the number of percentiles strictly below the profit (money has 2 decimals: < x is <= x - 0.01)
             case when st.profit <= 0 then 0 else 1 + width_bucket(st.profit - 0.01, pc.cuts) end as p_profit,
             (40 * case when st.inquiries = 0 then 0 else greatest(20, least(100, div(100 * st.inquiry_amount, 100000))::int) end
              + 30 * case st.company_size when 'MICRO' then 10 when 'SMALL' then 30 when 'MEDIUM' then 50 when 'LARGE' then 80
                                          when 'ENTERPRISE' then 100 else 20 end
              + 30 * case when greatest(st.recent, st.prior) <= 0 then 0
                          else div(50 * (greatest(st.recent, st.prior) + st.recent - st.prior), greatest(st.recent, st.prior))::int end
             ) / 100 as p_potential,
             case st.stage when 'LEAD' then 10 when 'PROSPECT' then 30 when 'NEW' then 50 when 'REPEAT' then 70
                           when 'LOYAL' then 90 when 'DORMANT' then 20 else 0 end as p_lifecycle,
             case when st.orders = 0 then 0 else
               (40 * least(100, 100 * (b.today - st.first_on) / 1095)
                + 30 * case when st.orders <= 1 then 0 else least(100, 100 * (st.orders - 1) / 9) end
                + 30 * case when st.ratings = 0 then 60 else 20 * st.rating_sum / st.ratings end) / 100 end as p_loyalty
        from st cross join pc cross join b),
    sc as (select ind.*, 40 * p_profit + 20 * p_potential + 20 * p_lifecycle + 20 * p_loyalty as score100 from ind),
    -- tier cuts: score100 at 95, 80 and 50 percent (VIP top 5, MAJOR next 15, ORDINARY next 30)
    tc as (
      select v[greatest(1, (95 * n + 99) / 100)] as vip, v[greatest(1, (80 * n + 99) / 100)] as major,
             v[greatest(1, (50 * n + 99) / 100)] as ordinary
        from (select array_agg(score100 order by score100) as v, count(*)::int as n from sc) s),
    -- RFM quintile cut-points among window buyers
    rq as (
      select array[r[greatest(1, (20 * n + 99) / 100)], r[greatest(1, (40 * n + 99) / 100)], r[greatest(1, (60 * n + 99) / 100)], r[greatest(1, (80 * n + 99) / 100)]] as r,
             array[fq[greatest(1, (20 * n + 99) / 100)], fq[greatest(1, (40 * n + 99) / 100)], fq[greatest(1, (60 * n + 99) / 100)], fq[greatest(1, (80 * n + 99) / 100)]] as f,
             array[m[greatest(1, (20 * n + 99) / 100)], m[greatest(1, (40 * n + 99) / 100)], m[greatest(1, (60 * n + 99) / 100)], m[greatest(1, (80 * n + 99) / 100)]] as m
        from (select array_agg(recency order by recency) as r, array_agg(window_orders order by window_orders) as fq,
                     array_agg(spend order by spend) as m, count(*)::int as n
                from st where window_orders > 0) x),
    -- ABC: the smallest profit whose strictly greater profits sum to under 70 % (A) / 90 % (B) of the total
    abc as (
      select min(v) filter (where 100 * greater < 70 * total) as a, min(v) filter (where 100 * greater < 90 * total) as b
        from (select v, sum(s) over (order by v desc) - s as greater, sum(s) over () as total
                from (select profit as v, sum(profit) as s from f where profit > 0 group by profit) x) y),
    -- the page: the API's default order
    page as (select * from sc order by created_at, id limit 100),
    rfm as (
      select p.*,
             case when p.window_orders = 0 then 0 else 1 + (p.recency < rq.r[1])::int + (p.recency < rq.r[2])::int + (p.recency < rq.r[3])::int + (p.recency < rq.r[4])::int end as r,
             case when p.window_orders = 0 then 0 else 1 + (p.window_orders > rq.f[1])::int + (p.window_orders > rq.f[2])::int + (p.window_orders > rq.f[3])::int + (p.window_orders > rq.f[4])::int end as f,
             case when p.window_orders = 0 then 0 else 1 + (p.spend > rq.m[1])::int + (p.spend > rq.m[2])::int + (p.spend > rq.m[3])::int + (p.spend > rq.m[4])::int end as m
        from page p cross join rq),
    -- trend lines of the page: completed orders of the 6 full months before this month
    tl as (
      select o.customer_id, to_char(o.ordered_at at time zone 'Asia/Shanghai', 'YYYY-MM') as month,
             o.ordered_at >= (b.trend_recent_from at time zone 'Asia/Shanghai') as recent, l.product_id, l.quantity, l.line_total
        from page p cross join b
        join sales_order o on o.customer_id = p.id and o.status = 'COMPLETED'
         and o.ordered_at >= (b.trend_from at time zone 'Asia/Shanghai') and o.ordered_at < (b.trend_to::timestamp at time zone 'Asia/Shanghai')
        join order_line l on l.order_id = o.id),
    tm as (
      select p.id as customer_id, m.i, to_char(m.month, 'YYYY-MM') as month,
             round(coalesce(sum(tl.line_total), 0), 2) as amount, coalesce(sum(tl.quantity), 0) as quantity, count(distinct tl.product_id)::int as products
        from page p cross join b cross join lateral generate_series(1, 6) m0(i)
        cross join lateral (select b.trend_from + (m0.i - 1) * interval '1 month' as month, m0.i) m
        left join tl on tl.customer_id = p.id and tl.month = to_char(m.month, 'YYYY-MM')
       group by p.id, m.i, m.month),
    tv as (
      select customer_id, count(distinct product_id) filter (where recent) as recent_products,
             count(distinct product_id) filter (where not recent) as prior_products
        from tl group by customer_id),
    tr as (
      select tm.customer_id,
             json_agg(json_build_object('month', tm.month, 'amount', tm.amount::text, 'quantity', trim_scale(tm.quantity)::text,
                                        'distinctProducts', tm.products) order by tm.i) as months,
             array_agg(tm.quantity order by tm.i) as q
        from tm group by tm.customer_id)
  select r.id, r.stage, r.override_stage, r.recency, r.window_orders, round(r.spend, 2)::text as spend, r.r, r.f, r.m,
         case when r.orders = 0 then null
              when r.r between 4 and 5 and r.f between 4 and 5 and r.m between 4 and 5 then 'CHAMPIONS'
              when r.f between 4 and 5 then 'LOYAL'
              when r.r between 4 and 5 and r.f between 2 and 3 then 'POTENTIAL_LOYALIST'
              when r.r = 5 and r.f = 1 then 'NEW'
              when r.r between 0 and 2 and r.f between 3 and 5 then 'AT_RISK'
              when r.r between 0 and 2 and r.f between 0 and 2 then 'HIBERNATING'
              else 'NEEDS_ATTENTION' end as rfm_group,
         round(r.score100 / 100.0, 2)::text as score,
         case when r.score100 > tc.vip then 'VIP' when r.score100 > tc.major then 'MAJOR' when r.score100 > tc.ordinary then 'ORDINARY' else 'SMALL' end as tier,
         r.p_profit, r.p_potential, r.p_lifecycle, r.p_loyalty,
         case when r.profit > 0 and r.profit >= abc.a then 'A' when r.profit > 0 and r.profit >= abc.b then 'B' else 'C' end as abc_class,
         case when r.spend >= 50000 then 'DIAMOND' when r.spend >= 10000 then 'GOLD' when r.spend >= 2000 then 'SILVER' else 'REGULAR' end as member_level,
         case when fu.n >= 3 then 'DEEP'
              when b.today - r.follow_up_on <= 30 and b.today - r.last_on <= 90 then 'DEEP'
              when b.today - r.follow_up_on <= 180 or b.today - r.last_on <= 180 then 'ORDINARY'
              else 'FORGOTTEN' end as depth,
         tr.months,
         case when tr.q[4] + tr.q[5] + tr.q[6] = 0 and tr.q[1] + tr.q[2] + tr.q[3] = 0 then 'NONE'
              when abs((tr.q[4] + tr.q[5] + tr.q[6]) - (tr.q[1] + tr.q[2] + tr.q[3])) * 100
                   < 10 * greatest(tr.q[4] + tr.q[5] + tr.q[6], tr.q[1] + tr.q[2] + tr.q[3]) then 'FLAT'
              when tr.q[4] + tr.q[5] + tr.q[6] > tr.q[1] + tr.q[2] + tr.q[3] then 'UP'
              else 'DOWN' end as direction,
         tr.q[4] < tr.q[3] and tr.q[5] < tr.q[4] and tr.q[6] < tr.q[5] as declining,
         coalesce(tv.prior_products - tv.recent_products >= 2
                  and 100 * (tv.prior_products - tv.recent_products) >= 50 * tv.prior_products, false) as shrinking
    from rfm r cross join b cross join tc cross join abc
    join tr on tr.customer_id = r.id
    left join tv on tv.customer_id = r.id
    cross join lateral (select count(*)::int as n from follow_up fu where fu.customer_id = r.id and fu.occurred_at >= b.follow_up_from) fu
   order by r.created_at, r.id`;

interface S1Row {
  id: number;
  stage: string;
  override_stage: string | null;
  recency: number | null;
  window_orders: number;
  spend: string;
  r: number;
  f: number;
  m: number;
  rfm_group: string | null;
  score: string;
  tier: string;
  p_profit: number;
  p_potential: number;
  p_lifecycle: number;
  p_loyalty: number;
  abc_class: string;
  member_level: string;
  depth: string;
  months: Array<{ month: string; amount: string; quantity: string; distinctProducts: number }>;
  direction: string;
  declining: boolean;
  shrinking: boolean;
}

/**
 * G1 by hand: the three-condition segment `city_tier = 1 AND last_order_at < -90d AND
 * order_count >= 2` (last order before the start of the day 90 calendar days before today in
 * the company time zone, at least two completed orders, active customers only) as a count
 * and a first page of 50 by id, the two statements run at the same time as the API's
 * sibling fields are.
 */
// The cut-off instant as a scalar subquery: computed once (an InitPlan), not for every row as a bare now() expression would be.
const G1_WHERE = `c.archived_at is null and c.city_tier = 1 and s.order_count >= 2
     and s.last_order_at < (select ((now() at time zone 'Asia/Shanghai')::date - 90)::timestamp at time zone 'Asia/Shanghai')`;
const G1_COUNT_SQL = `select count(*)::int as n from customer c join customer_stats s on s.customer_id = c.id where ${G1_WHERE}`;
const G1_PAGE_SQL = `select c.id, c.name from customer c join customer_stats s on s.customer_id = c.id where ${G1_WHERE} order by c.id limit 50`;

/** One path's answer, given a client of `pool` (G1 runs a second statement on the pool at the same time). */
export type Handler = (client: PoolClient, variables: Record<string, unknown>, pool: Pool) => Promise<unknown>;

const iso = (d: Date) => d.toISOString();
const localId = (gid: unknown, type: string) => {
  const parsed = typeof gid === 'string' ? fromGlobalId(gid) : null;
  return parsed && parsed.type === type ? parsed.id : null;
};

export const handlers: Record<string, Handler> = {
  async '/b1'(client) {
    const { rows } = await client.query(
      `select c.id, c.name, o.id as order_id, o.ordered_at, o.total, o.currency
         from (select id, name, created_at from customer where archived_at is null order by created_at, id limit 50) c
         left join lateral (select id, ordered_at, total, currency from sales_order where customer_id = c.id
                             order by ordered_at desc, id desc limit 5) o on true
        order by c.created_at, c.id, o.ordered_at desc, o.id desc`,
    );
    const nodes: Array<{ id: string; name: string; orders: { nodes: unknown[] } }> = [];
    let last: number | null = null;
    for (const r of rows) {
      if (r.id !== last) {
        nodes.push({ id: toGlobalId('Customer', r.id), name: r.name, orders: { nodes: [] } });
        last = r.id;
      }
      if (r.order_id != null) {
        nodes[nodes.length - 1].orders.nodes.push({
          id: toGlobalId('Order', r.order_id),
          orderedAt: iso(r.ordered_at),
          total: { amount: r.total, currencyCode: r.currency },
        });
      }
    }
    return { customers: { nodes } };
  },

  async '/b2'(client, variables) {
    const id = localId(variables.id, 'Customer');
    const customer = (await client.query('select id, name from customer where id = $1', [id])).rows[0];
    if (!customer) return { customer: null };
    const orders = (
      await client.query('select id, number, total from sales_order where customer_id = $1 order by ordered_at desc, id desc limit 20', [
        id,
      ])
    ).rows;
    const lines = (
      await client.query(
        `select l.order_id, l.quantity, p.name from order_line l join product p on p.id = l.product_id
          where l.order_id = any($1) order by l.order_id, l.position`,
        [orders.map((o) => o.id)],
      )
    ).rows;
    const inquiries = (
      await client.query('select id, status, received_at from inquiry where customer_id = $1 order by received_at desc, id desc limit 5', [
        id,
      ])
    ).rows;
    return {
      customer: {
        id: toGlobalId('Customer', customer.id),
        name: customer.name,
        orders: {
          nodes: orders.map((o) => ({
            id: toGlobalId('Order', o.id),
            number: o.number,
            total: { amount: o.total },
            lines: lines.filter((l) => l.order_id === o.id).map((l) => ({ quantity: l.quantity, product: { name: l.name } })),
          })),
        },
        inquiries: { nodes: inquiries.map((i) => ({ id: toGlobalId('Inquiry', i.id), status: i.status, receivedAt: iso(i.received_at) })) },
      },
    };
  },

  async '/b5'(client, variables) {
    const input = variables.input as { customerId: string; lines: Array<{ productId: string; quantity: string }> };
    const customerId = localId(input.customerId, 'Customer');
    await client.query('begin');
    try {
      const customer = (await client.query('select id, owner_id, store_id from customer where id = $1 for update', [customerId])).rows[0];
      const productIds = input.lines.map((l) => localId(l.productId, 'Product'));
      const products = new Map(
        (await client.query('select id, list_price, cost from product where id = any($1) and active', [productIds])).rows.map((p) => [
          p.id,
          p,
        ]),
      );
      const priced = input.lines.map((l, i) => ({ product: products.get(productIds[i]!), quantity: l.quantity }));
      // Totals in SQL numerics, exactly like the API's decimals: line = round(q × price, 2).
      const { rows } = await client.query(
        `with l as (select * from unnest($1::int[], $2::numeric[], $3::numeric[], $4::numeric[]) as t(product_id, quantity, price, cost))
         insert into sales_order (number, customer_id, salesperson_id, store_id, status, currency, subtotal, discount_total, total,
                                  cost_total, paid_total, ordered_at, created_at, updated_at)
         select 'SO' || to_char(now() at time zone 'Asia/Shanghai', 'YYYYMMDD') || '-' || lpad(n.v::text, greatest(6, length(n.v::text)), '0'),
                $5, $6, $7, 'PENDING', 'CNY', s.subtotal, 0, s.subtotal, s.cost, 0, now(), now(), now()
           from (select sum(round(quantity * price, 2)) subtotal, sum(round(quantity * cost, 2)) cost from l) s
          cross join (select nextval('order_number_seq') as v) n
         returning id, number, status, total, currency`,
        [
          priced.map((p) => p.product.id),
          priced.map((p) => p.quantity),
          priced.map((p) => p.product.list_price),
          priced.map((p) => p.product.cost),
          customer.id,
          customer.owner_id,
          customer.store_id,
        ],
      );
      const order = rows[0];
      await client.query(
        `insert into order_line (order_id, product_id, position, quantity, unit_price, discount, line_total, unit_cost)
         select $1, product_id, ord - 1, quantity, price, 0, round(quantity * price, 2), cost
           from unnest($2::int[], $3::numeric[], $4::numeric[], $5::numeric[]) with ordinality as t(product_id, quantity, price, cost, ord)`,
        [
          order.id,
          priced.map((p) => p.product.id),
          priced.map((p) => p.quantity),
          priced.map((p) => p.product.list_price),
          priced.map((p) => p.product.cost),
        ],
      );
      await client.query(REFRESH_STATS_SQL, [[customer.id]]);
      await client.query('commit');
      return {
        orderCreate: {
          order: {
            id: toGlobalId('Order', order.id),
            number: order.number,
            status: order.status,
            total: { amount: order.total, currencyCode: order.currency },
          },
          userErrors: [],
        },
      };
    } catch (error) {
      await client.query('rollback');
      throw error;
    }
  },

  async '/b7'(client, variables) {
    const row = (await client.query('select id, name from customer where id = $1', [localId(variables.id, 'Customer')])).rows[0];
    return { customer: row ? { id: toGlobalId('Customer', row.id), name: row.name } : null };
  },

  async '/g1'(client, _variables, pool) {
    const [count, page] = await Promise.all([
      client.query<{ n: number }>(G1_COUNT_SQL),
      pool.query<{ id: number; name: string }>(G1_PAGE_SQL),
    ]);
    return {
      segmentPreview: {
        count: count.rows[0].n,
        members: { nodes: page.rows.map((r) => ({ id: toGlobalId('Customer', r.id), name: r.name })) },
      },
    };
  },

  async '/s1'(client) {
    const { rows } = await client.query<S1Row>(S1_SQL);
    return {
      customers: {
        nodes: rows.map((r) => ({
          id: toGlobalId('Customer', r.id),
          lifecycle: { stage: r.stage, override: r.override_stage == null ? null : { stage: r.override_stage } },
          rfm: {
            recencyDays: r.recency,
            frequency: r.window_orders,
            monetary: { amount: r.spend, currencyCode: 'CNY' },
            r: r.r,
            f: r.f,
            m: r.m,
            group: r.rfm_group,
          },
          value: {
            score: r.score,
            tier: r.tier,
            indicators: { profit: r.p_profit, potential: r.p_potential, lifecycle: r.p_lifecycle, loyalty: r.p_loyalty },
          },
          abcClass: r.abc_class,
          memberLevel: r.member_level,
          relationshipDepth: r.depth,
          trend: {
            direction: r.direction,
            flags: [...(r.declining ? ['DECLINING_VOLUME'] : []), ...(r.shrinking ? ['SHRINKING_VARIETY'] : [])],
            months: r.months.map((m) => ({
              month: m.month,
              amount: { amount: m.amount },
              quantity: m.quantity,
              distinctProducts: m.distinctProducts,
            })),
          },
        })),
      },
    };
  },
};

/** The bearer token checked as the API checks a session: one lookup. */
export async function authenticated(client: PoolClient | Pool, authorization: string | undefined): Promise<boolean> {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!token) return false;
  const { rows } = await client.query(
    `select u.id from auth_token t join app_user u on u.id = t.user_id where t.token_hash = $1 and t.expires_at > now() and u.active`,
    [createHash('sha256').update(token).digest('hex')],
  );
  return rows.length > 0;
}
