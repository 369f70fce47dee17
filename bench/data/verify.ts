import type { Client } from 'pg';
import { normalisePhone, searchTextOf } from '../../src/domain/customer/contact';
import { QUALIFYING_OUTCOMES } from '../../src/domain/records/records.enums';

export interface Verification {
  /** Orders whose total, subtotal, discount or cost differ from their lines, or that have no line. */
  ordersNotMatchingLines: number;
  /** Orders whose paid_total differs from the sum of their payments. */
  ordersNotMatchingPayments: number;
  /** Customers whose stored figures differ from an independent set-based recomputation. */
  statsMismatches: number;
  /** Of a sample of customers, those whose search_text differs from searchTextOf, or whose phone is not valid E.164. */
  searchTextMismatches: number;
  searchTextSample: number;
  /** Customers whose completed orders fell in count in each of the last three full months while their product variety shrank to two. */
  fallingCustomers: number;
  /** Customers with 4+ completed orders, all in the same two calendar months. */
  seasonalCustomers: number;
  /** md5 per table over all rows (in id order), and over all tables. */
  fingerprints: Record<string, string>;
}

export const FINGERPRINT_TABLES: Array<[string, string]> = [
  ['department', 'id'],
  ['store', 'id'],
  ['app_user', 'id'],
  ['product', 'id'],
  ['customer', 'id'],
  ['customer_assignment', 'id'],
  ['sales_order', 'id'],
  ['order_line', 'id'],
  ['payment', 'id'],
  ['follow_up', 'id'],
  ['inquiry', 'id'],
  ['service_case', 'id'],
  ['customer_stats', 'customer_id'],
];

const n = async (client: Client, sql: string): Promise<number> => {
  const started = Date.now();
  const value = Number(Object.values((await client.query(sql)).rows[0])[0]);
  if (process.env.BENCH_DEBUG)
    console.log(`    check ${((Date.now() - started) / 1000).toFixed(1)} s: ${sql.trim().slice(0, 60).replace(/\s+/g, ' ')}`);
  return value;
};

/**
 * Runs the tasks on the sessions, each session taking the next task when it is done (at
 * most one statement per session at a time); results in the tasks' order.
 */
async function onSessions<T>(sessions: Client[], tasks: Array<(client: Client) => Promise<T>>): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    sessions.map(async (client) => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]!(client);
      }
    }),
  );
  return results;
}

/**
 * Checks the loaded data: (a) orders against lines and payments, (b) figures against a
 * recomputation, search text, shapes; (c) fingerprints. The statements are shared out among
 * the given sessions (read-only: the answers do not depend on how).
 */
export async function verifyData(clients: Client | Client[], timeZone: string, anchor: string): Promise<Verification> {
  const sessions = Array.isArray(clients) ? clients : [clients];
  const client = sessions[0]!;
  for (const session of sessions) await session.query(`set timezone = 'UTC'`);
  const checks: Array<(c: Client) => Promise<number>> = [];
  checks.push((c) =>
    n(
      c,
      `select count(*) from sales_order o
       left join (select order_id, sum(line_total) as total, sum(round(quantity * unit_price, 2)) as subtotal, sum(discount) as discount,
                         sum(round(quantity * unit_cost, 2)) as cost
                    from order_line group by order_id) l on l.order_id = o.id
      where l.order_id is null or o.total <> l.total or o.subtotal <> l.subtotal or o.discount_total <> l.discount
         or o.cost_total <> l.cost or o.total <> o.subtotal - o.discount_total`,
    ),
  );
  checks.push((c) =>
    n(
      c,
      `select count(*) from sales_order o left join (select order_id, sum(amount) as paid from payment group by order_id) p on p.order_id = o.id
      where o.paid_total <> coalesce(p.paid, 0)`,
    ),
  );
  // Written independently of refreshCustomerStatsSql: grouped aggregates instead of per-customer laterals.
  const qualifying = QUALIFYING_OUTCOMES.map((o) => `'${o}'`).join(', ');
  checks.push((c) =>
    n(
      c,
      `with o as (select customer_id, min(ordered_at) as first_at, max(ordered_at) as last_at, count(*) as n, sum(total) as spent,
                       sum(total - cost_total) as profit
                  from sales_order where status = 'COMPLETED' group by customer_id),
          ob as (select customer_id, sum(total - paid_total) as owed from sales_order where status in ('PENDING', 'COMPLETED') group by customer_id),
          f as (select customer_id, max(occurred_at) as last_at, count(*) as n, max(occurred_at) filter (where outcome in (${qualifying})) as lq
                  from follow_up group by customer_id),
          i as (select customer_id, count(*) as n, sum(coalesce(amount, 0)) as amount from inquiry
                 where status in ('NEW', 'QUOTED', 'NEGOTIATING') group by customer_id),
          s as (select customer_id, count(satisfaction) as n, sum(satisfaction) as total from service_case group by customer_id),
          e as (select c.id, o.first_at, o.last_at, coalesce(o.n, 0) as order_count, coalesce(o.spent, 0) as spent, coalesce(o.profit, 0) as profit,
                       coalesce(ob.owed, 0) as owed, f.last_at as f_last, coalesce(f.n, 0) as f_n, f.lq, coalesce(i.n, 0) as i_n,
                       coalesce(i.amount, 0) as i_amount, coalesce(s.n, 0) as s_n, coalesce(s.total, 0) as s_total
                  from customer c left join o on o.customer_id = c.id left join ob on ob.customer_id = c.id left join f on f.customer_id = c.id
                  left join i on i.customer_id = c.id left join s on s.customer_id = c.id)
     select count(*) from e full join customer_stats cs on cs.customer_id = e.id
      where e.id is null or cs.customer_id is null
         or (e.first_at, e.last_at, e.order_count, e.spent, e.profit, e.owed, e.f_last, e.f_n, e.lq, e.i_n, e.i_amount, e.s_n, e.s_total)
            is distinct from
            (cs.first_order_at, cs.last_order_at, cs.order_count, cs.total_spent, cs.gross_profit, cs.outstanding, cs.last_follow_up_at,
             cs.follow_up_count, cs.last_qualifying_follow_up_at, cs.open_inquiry_count, cs.open_inquiry_amount, cs.satisfaction_count,
             cs.satisfaction_sum::bigint)`,
    ),
  );

  const sample = (
    await client.query<{
      name: string;
      company_name: string | null;
      phone: string | null;
      email: string | null;
      phones: string[];
      emails: string[];
      wechat_ids: string[];
      search_text: string;
    }>(
      `select name, company_name, phone, email, phones, emails, wechat_ids, search_text from customer
        where id % greatest(1, (select count(*) from customer) / 1000) = 0 order by id limit 1000`,
    )
  ).rows;
  const searchTextMismatches = sample.filter((c) => {
    const expected = searchTextOf({
      name: c.name,
      companyName: c.company_name,
      phone: c.phone,
      email: c.email,
      phones: c.phones,
      emails: c.emails,
      wechatIds: c.wechat_ids,
    });
    const phonesValid = [c.phone, ...c.phones].every(
      (p) =>
        p == null ||
        (() => {
          const r = normalisePhone(p);
          return r.ok && r.value === p;
        })(),
    );
    return expected !== c.search_text || !phonesValid;
  }).length;

  const monthStart = `date_trunc('month', '${anchor}'::timestamptz at time zone '${timeZone}')`;
  checks.push((c) =>
    n(
      c,
      `with m as (
       select o.customer_id,
              ((extract(year from ${monthStart}) - extract(year from o.ordered_at at time zone '${timeZone}')) * 12
               + extract(month from ${monthStart}) - extract(month from o.ordered_at at time zone '${timeZone}'))::int as back,
              count(distinct o.id) as orders, count(distinct l.product_id) as products
         from sales_order o join order_line l on l.order_id = o.id
        where o.status = 'COMPLETED' and o.ordered_at >= (${monthStart} - interval '4 months') at time zone '${timeZone}'
          and o.ordered_at < (${monthStart}) at time zone '${timeZone}'
        group by 1, 2)
     select count(*) from (
       select customer_id,
              max(orders) filter (where back = 4) as o4, max(orders) filter (where back = 3) as o3,
              max(orders) filter (where back = 2) as o2, max(orders) filter (where back = 1) as o1,
              max(products) filter (where back = 4) as p4, max(products) filter (where back = 1) as p1
         from m group by customer_id) x
      where o4 > o3 and o3 > o2 and o2 > o1 and o1 > 0 and p4 >= 5 and p1 <= 2`,
    ),
  );
  checks.push((c) =>
    n(
      c,
      `select count(*) from (
       select customer_id from sales_order where status = 'COMPLETED'
        group by customer_id having count(*) >= 4 and count(distinct extract(month from ordered_at at time zone '${timeZone}')) = 2
           and count(distinct extract(year from ordered_at at time zone '${timeZone}')) >= 2) x`,
    ),
  );

  const fingerprintTasks = FINGERPRINT_TABLES.map(([table, key]) => async (c: Client) => {
    const { rows } = await c.query<{ md5: string }>(
      `select md5(coalesce(string_agg(h, '' order by k), '')) as md5
         from (select ${key} / 50000 as k, md5(string_agg(t::text, '|' order by ${key})) as h from ${table} t group by 1) x`,
    );
    return rows[0].md5;
  });
  // Every check and fingerprint is one read-only statement: the sessions take them in turn.
  const answers = await onSessions<number | string>(sessions, [...checks, ...fingerprintTasks]);
  const [ordersNotMatchingLines, ordersNotMatchingPayments, statsMismatches, fallingCustomers, seasonalCustomers] = answers.slice(
    0,
    checks.length,
  ) as number[];
  const fingerprints: Record<string, string> = {};
  FINGERPRINT_TABLES.forEach(([table], i) => (fingerprints[table] = answers[checks.length + i] as string));
  const { createHash } = await import('node:crypto');
  fingerprints.all = createHash('md5')
    .update(FINGERPRINT_TABLES.map(([t]) => fingerprints[t]).join(''))
    .digest('hex');

  return {
    ordersNotMatchingLines,
    ordersNotMatchingPayments,
    statsMismatches,
    searchTextMismatches,
    searchTextSample: sample.length,
    fallingCustomers,
    seasonalCustomers,
    fingerprints,
  };
}
