import { createHash } from 'node:crypto';
import http from 'node:http';
import { Pool, type PoolClient } from 'pg';
import { fromGlobalId, toGlobalId } from '../src/schema/global-id';
import { refreshCustomerStatsSql } from '../src/services/customer-stats.sql';

/**
 * The baseline of the benchmarks: the same answers as the API, produced by hand-written SQL
 * through `pg` and serialized by a bare Node HTTP handler. It authenticates the bearer token
 * the same way (one lookup), so the comparison is the cost of the API's layers, not of auth.
 * Only an admin's view is implemented (the benchmark's viewer): no data-scope filter.
 */
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_MAX || 10) });
const REFRESH_STATS_SQL = refreshCustomerStatsSql('c.id = any($1)');

type Handler = (client: PoolClient, variables: Record<string, unknown>) => Promise<unknown>;

const iso = (d: Date) => d.toISOString();
const localId = (gid: unknown, type: string) => {
  const parsed = typeof gid === 'string' ? fromGlobalId(gid) : null;
  return parsed && parsed.type === type ? parsed.id : null;
};

const handlers: Record<string, Handler> = {
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
      await client.query(
        'select id, number, total from sales_order where customer_id = $1 order by ordered_at desc, id desc limit 20',
        [id],
      )
    ).rows;
    const lines = (
      await client.query(
        `select l.order_id, l.quantity, p.name from order_line l join product p on p.id = l.product_id
          where l.order_id = any($1) order by l.order_id, l.position`,
        [orders.map((o) => o.id)],
      )
    ).rows;
    const inquiries = (
      await client.query('select id, status, received_at from inquiry where customer_id = $1 order by received_at desc, id desc limit 5', [id])
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
        (await client.query('select id, list_price, cost from product where id = any($1) and active', [productIds])).rows.map((p) => [p.id, p]),
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
        [order.id, priced.map((p) => p.product.id), priced.map((p) => p.quantity), priced.map((p) => p.product.list_price), priced.map((p) => p.product.cost)],
      );
      await client.query(REFRESH_STATS_SQL, [[customer.id]]);
      await client.query('commit');
      return {
        orderCreate: {
          order: { id: toGlobalId('Order', order.id), number: order.number, status: order.status, total: { amount: order.total, currencyCode: order.currency } },
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
};

async function authenticated(client: PoolClient, authorization: string | undefined): Promise<boolean> {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!token) return false;
  const { rows } = await client.query(
    `select u.id from auth_token t join app_user u on u.id = t.user_id where t.token_hash = $1 and t.expires_at > now() and u.active`,
    [createHash('sha256').update(token).digest('hex')],
  );
  return rows.length > 0;
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', async () => {
    if (req.url === '/healthz') {
      res.writeHead(200).end('ok');
      return;
    }
    const handler = handlers[req.url ?? ''];
    if (!handler) {
      res.writeHead(404).end();
      return;
    }
    const client = await pool.connect();
    try {
      if (!(await authenticated(client, req.headers.authorization))) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"errors":[{"message":"unauthenticated"}]}');
        return;
      }
      const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
      const data = await handler(client, body.variables ?? {});
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data }));
    } catch (error) {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: String(error) }] }));
    } finally {
      client.release();
    }
  });
});

server.listen(Number(process.env.PORT || 4511), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
