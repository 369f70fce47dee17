import { Client, type DatabaseError } from 'pg';
import { toGlobalId } from '../../src/schema/global-id';
import { createCompanyCustomer, createFixture, type Fixture } from '../support/fixture';
import { insertProducts, type TestProduct } from '../support/products';
import { daysAgo, insertOrder } from '../support/records';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Records that name an order name one of their own customer's orders (issue 19 item 5,
 * docs/scaling.md "Schema changes made now"): payment, inquiry and service case reference
 * `sales_order (customer_id, id)`, a key a distributed PostgreSQL placing rows by customer can
 * keep. Another customer's order is refused; the check waits for the commit, so a merge that
 * moves an order and then its records in one transaction commits; deleting a named order is
 * refused at once.
 */

let app: TestApp;
let f: Fixture;
let kettle: TestProduct;
let db: Client;

async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return (await db.query(query, params)).rows as T[];
}

/** The error a statement (or the commit after it) fails with, or null when it succeeds. */
async function failure(work: () => Promise<unknown>): Promise<{ code: string; constraint: string | undefined } | null> {
  try {
    await work();
    return null;
  } catch (error) {
    const e = error as DatabaseError;
    return { code: e.code ?? '', constraint: e.constraint };
  }
}

const paymentSql = `insert into payment (order_id, customer_id, amount, currency, paid_at, method, created_at) values ($1, $2, 10, 'CNY', now(), 'CASH', now())`;
const inquirySql = `insert into inquiry (customer_id, order_id, received_at, channel, urgency, status, project_details, currency, response_due_at, created_at, updated_at)
  values ($2, $1, now(), 'PHONE', 'NORMAL', 'WON', '询盘', 'CNY', now() + interval '1 day', now(), now())`;
const serviceCaseSql = `insert into service_case (customer_id, order_id, type, status, description, created_at, updated_at)
  values ($2, $1, 'DELIVERY', 'OPEN', '送货', now(), now())`;

async function customerWithOrder(name: string): Promise<{ customer: number; order: number }> {
  const customer = await createCompanyCustomer(app, name, f.salesSh1.token);
  const order = await insertOrder(app, {
    customerId: customer,
    orderedAt: daysAgo(3),
    lines: [{ productId: kettle.id, quantity: '1', unitPrice: '120.00', unitCost: '70.00' }],
  });
  return { customer, order };
}

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
  [kettle] = await insertProducts(app, [{ sku: 'REF-KETTLE', name: '引用水壶', listPrice: '120.00', cost: '70.00' }]);
  db = new Client({ connectionString: app.db.url });
  await db.connect();
});

afterAll(async () => {
  await db?.end();
  await app.close();
});

describe('a record names an order of its own customer', () => {
  it.each([
    ['payment', paymentSql],
    ['inquiry', inquirySql],
    ['service_case', serviceCaseSql],
  ])('%s: naming another customer’s order is refused, its own is accepted', async (table, insert) => {
    const a = await customerWithOrder(`引用甲-${table}`);
    const b = await customerWithOrder(`引用乙-${table}`);

    expect(await failure(() => sql(insert, [b.order, a.customer]))).toEqual({
      code: '23503',
      constraint: `${table}_customer_order_foreign`,
    });
    expect(await sql(`select 1 from ${table} where customer_id = $1`, [a.customer])).toHaveLength(0);

    expect(await failure(() => sql(insert, [a.order, a.customer]))).toBeNull();
    expect(await sql(`select 1 from ${table} where customer_id = $1 and order_id = $2`, [a.customer, a.order])).toHaveLength(1);
  });

  it('is checked at the commit: an order and its payment moved together commit, the order alone does not', async () => {
    const a = await customerWithOrder('引用丙');
    const b = await customerWithOrder('引用丁');
    await sql(paymentSql, [a.order, a.customer]);

    await sql('begin');
    await sql('update sales_order set customer_id = $1 where id = $2', [b.customer, a.order]);
    await sql('update payment set customer_id = $1 where order_id = $2', [b.customer, a.order]);
    expect(await failure(() => sql('commit'))).toBeNull();
    expect(await sql('select customer_id from payment where order_id = $1', [a.order])).toEqual([{ customer_id: b.customer }]);

    await sql('begin');
    // Between two statements of one transaction the order and its payment may disagree …
    expect(await failure(() => sql('update sales_order set customer_id = $1 where id = $2', [a.customer, a.order]))).toBeNull();
    // … but not at the commit, which rolls the move back.
    expect(await failure(() => sql('commit'))).toEqual({ code: '23503', constraint: 'payment_customer_order_foreign' });
    expect(await sql('select customer_id from sales_order where id = $1', [a.order])).toEqual([{ customer_id: b.customer }]);
  });

  it('deleting an order a payment names is refused at once, not at the commit', async () => {
    const a = await customerWithOrder('引用戊');
    await sql(paymentSql, [a.order, a.customer]);
    await sql('begin');
    try {
      // 23001: a RESTRICT action, checked at the statement whatever the constraint's deferral.
      expect(await failure(() => sql('delete from sales_order where id = $1', [a.order]))).toEqual({
        code: '23001',
        constraint: 'payment_customer_order_foreign',
      });
    } finally {
      await sql('rollback');
    }
    expect(await sql('select 1 from sales_order where id = $1', [a.order])).toHaveLength(1);
  });

  it('merging customers moves an order with the payment, inquiry and service case that name it', async () => {
    const target = await customerWithOrder('引用合并目标');
    const source = await customerWithOrder('引用合并来源');
    for (const insert of [paymentSql, inquirySql, serviceCaseSql]) await sql(insert, [source.order, source.customer]);

    const res = await app.post(
      {
        query: `mutation($input: CustomerMergeInput!) { customerMerge(input: $input) { userErrors { code message } } }`,
        variables: { input: { targetId: toGlobalId('Customer', target.customer), sourceIds: [toGlobalId('Customer', source.customer)] } },
      },
      { token: f.admin.token },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ customerMerge: { userErrors: [] } });
    for (const table of ['payment', 'inquiry', 'service_case']) {
      expect({ table, rows: await sql(`select customer_id from ${table} where order_id = $1`, [source.order]) }).toEqual({
        table,
        rows: [{ customer_id: target.customer }],
      });
    }
    expect(await sql('select customer_id from sales_order where id = $1', [source.order])).toEqual([{ customer_id: target.customer }]);
  });
});
