import { calendarDayIn } from '../../src/domain/common/calendar';
import { addDays } from '../../src/domain/common/calendar';
import { localIdOf, toGlobalId } from '../../src/schema/global-id';
import { ApiKeyCreateDocument, OrderListDocument, type OrderListQueryVariables } from '../generated/graphql';
import { countStatements, createFixture, type Fixture, createCompanyCustomer } from '../support/fixture';
import { errorCode, startTestApp, type Auth, type TestApp } from '../support/test-app';

/**
 * `orders` (issue 14 item 1): the orders of the customers in the viewer's scope, filtered by
 * status, company-calendar day (the boundary at midnight Shanghai time), salesperson,
 * department subtree, store, customer, product and category; sorted and paged; bad input
 * refused; a key needs orders:read; the statements of a page do not grow with its size.
 */

let app: TestApp;
let f: Fixture;
const TZ = 'Asia/Shanghai';
const today = calendarDayIn(new Date(), TZ);
const o: Record<string, number> = {};
const c: Record<string, number> = {};
const p: Record<string, number> = {};
let keys: Record<'orders' | 'customers', Auth>;

async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().getConnection().execute(query, params);
}

/** An instant of a company day and local time (Shanghai is UTC+8 all year). */
const at = (day: string, time: string) => new Date(`${day}T${time}+08:00`);

async function order(
  customerId: number,
  orderedAt: Date,
  opts: { status?: string; salespersonId?: number | null; storeId?: number | null; product: number; total: string },
) {
  const [row] = await sql<{ id: number }>(
    `insert into sales_order (number, customer_id, status, currency, subtotal, discount_total, total, cost_total, paid_total, ordered_at, salesperson_id, store_id, created_at, updated_at)
     values ('L' || nextval('order_number_seq'), ?, ?, 'CNY', ?, 0, ?, 0, 0, ?, ?, ?, now(), now()) returning id`,
    [customerId, opts.status ?? 'COMPLETED', opts.total, opts.total, orderedAt, opts.salespersonId ?? null, opts.storeId ?? null],
  );
  await sql(
    `insert into order_line (order_id, product_id, position, quantity, unit_price, discount, line_total, unit_cost) values (?, ?, 1, 1, ?, 0, ?, 0)`,
    [row.id, opts.product, opts.total, opts.total],
  );
  return row.id;
}

async function list(variables: OrderListQueryVariables, auth: Auth = { token: f.admin.token }) {
  const res = await app.gql(OrderListDocument, variables, auth);
  expect(res.errors).toBeUndefined();
  return res.data!.orders;
}
const numbers = (page: { nodes: Array<{ id: string }> }) => page.nodes.map((n) => localIdOf(n.id, 'Order'));

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
  const customer = (name: string, token: string) => createCompanyCustomer(app, name, token);
  c.sh1 = await customer('上海一号客户', f.salesSh1.token);
  c.sh2 = await customer('上海二号客户', f.salesSh2.token);
  c.south = await customer('华南客户', f.salesSouth.token);
  const [inks] = await sql<{ id: number }>(
    `insert into product_category (name, path, created_at) values ('耗材', '/', now()) returning id`,
  );
  await sql(`update product_category set path = '/' || id || '/' where id = ?`, [inks.id]);
  const [toner] = await sql<{ id: number }>(
    `insert into product_category (name, parent_id, path, created_at) values ('硒鼓', ?, ?, now()) returning id`,
    [inks.id, `/${inks.id}/`],
  );
  await sql(`update product_category set path = ? || id || '/' where id = ?`, [`/${inks.id}/`, toner.id]);
  p.inksCategory = inks.id;
  const products = await sql<{ id: number }>(
    `insert into product (sku, name, category_id, list_price, cost, currency, active, created_at, updated_at)
     values ('T-1', '硒鼓', ?, 100, 50, 'CNY', true, now(), now()), ('P-1', '纸张', null, 10, 5, 'CNY', true, now(), now()) returning id`,
    [toner.id],
  );
  p.toner = products[0].id;
  p.paper = products[1].id;
  // Around yesterday's midnight in Shanghai: 23:59:59 the day before, 00:00:00 on the day.
  const yesterday = addDays(today, -1);
  o.lateEvening = await order(c.sh1, at(addDays(yesterday, -1), '23:59:59'), {
    product: p.paper,
    total: '10.00',
    salespersonId: f.salesSh1.id,
    storeId: f.stores.shanghai,
  });
  o.midnight = await order(c.sh1, at(yesterday, '00:00:00'), {
    product: p.toner,
    total: '300.00',
    salespersonId: f.salesSh1.id,
    storeId: f.stores.shanghai,
  });
  o.pending = await order(c.sh1, at(yesterday, '10:00:00'), {
    status: 'PENDING',
    product: p.paper,
    total: '20.00',
    salespersonId: f.salesSh1.id,
  });
  o.sh2 = await order(c.sh2, at(yesterday, '11:00:00'), {
    product: p.toner,
    total: '150.00',
    salespersonId: f.salesSh2.id,
    storeId: f.stores.shanghai,
  });
  o.south = await order(c.south, at(yesterday, '12:00:00'), {
    product: p.paper,
    total: '40.00',
    salespersonId: f.salesSouth.id,
    storeId: f.stores.south,
  });
  const key = async (scopes: string[]) => ({
    apiKey: (await app.gql(ApiKeyCreateDocument, { input: { name: `orders ${scopes.join(' ')}`, scopes } }, { token: f.admin.token })).data!
      .apiKeyCreate.secret!,
  });
  keys = { orders: await key(['orders:read']), customers: await key(['customers:read']) };
}, 120_000);
afterAll(() => app.close());

describe('orders', () => {
  it('lists every order of the company for an admin, oldest first, or newest first with reverse', async () => {
    const all = await list({ first: 50 });
    expect(all.totalCount).toBe(5);
    expect(numbers(all)).toEqual([o.lateEvening, o.midnight, o.pending, o.sh2, o.south]);
    expect(numbers(await list({ first: 50, reverse: true }))).toEqual([o.south, o.sh2, o.pending, o.midnight, o.lateEvening]);
    expect(numbers(await list({ first: 50, sortKey: 'TOTAL', reverse: true }))).toEqual([
      o.midnight,
      o.sh2,
      o.south,
      o.pending,
      o.lateEvening,
    ]);
  });

  it('takes the company calendar for days: midnight in Shanghai starts the day', async () => {
    const yesterday = addDays(today, -1);
    const day = await list({ first: 50, filter: { orderedOn: { from: yesterday, to: yesterday } } });
    expect(numbers(day)).toEqual([o.midnight, o.pending, o.sh2, o.south]);
    expect(numbers(await list({ first: 50, filter: { orderedOn: { to: addDays(yesterday, -1) } } }))).toEqual([o.lateEvening]);
    // The far ends of the calendar are days like any other (the fuzzer found 9999-12-31 a 500 once).
    expect((await list({ first: 50, filter: { orderedOn: { from: '0001-01-01', to: '9999-12-31' } } })).totalCount).toBe(5);
  });

  it('filters by status, salesperson, department subtree, store, customer, product and category', async () => {
    const ids = async (filter: OrderListQueryVariables['filter']) => numbers(await list({ first: 50, filter }));
    expect(await ids({ statuses: ['PENDING'] })).toEqual([o.pending]);
    expect(await ids({ salespersonIds: [f.salesSh2.gid] })).toEqual([o.sh2]);
    expect(await ids({ departmentIds: [toGlobalId('Department', f.departments.east)] })).toEqual([
      o.lateEvening,
      o.midnight,
      o.pending,
      o.sh2,
    ]);
    expect(await ids({ storeIds: [toGlobalId('Store', f.stores.south)] })).toEqual([o.south]);
    expect(await ids({ customerIds: [toGlobalId('Customer', c.sh2)] })).toEqual([o.sh2]);
    expect(await ids({ productIds: [toGlobalId('Product', p.toner)] })).toEqual([o.midnight, o.sh2]);
    expect(await ids({ categoryIds: [toGlobalId('ProductCategory', p.inksCategory)] })).toEqual([o.midnight, o.sh2]);
    expect(
      await ids({
        statuses: ['COMPLETED'],
        categoryIds: [toGlobalId('ProductCategory', p.inksCategory)],
        salespersonIds: [f.salesSh1.gid],
      }),
    ).toEqual([o.midnight]);
  });

  it('pages forward and backward with cursors', async () => {
    const first = await list({ first: 2 });
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = await list({ first: 2, after: first.pageInfo.endCursor });
    expect(numbers(second)).toEqual([o.pending, o.sh2]);
    expect(numbers(await list({ last: 2, before: second.pageInfo.startCursor }))).toEqual([o.lateEvening, o.midnight]);
  });

  it("keeps to the viewer's data scope: a salesperson its customers', a manager its subtree's", async () => {
    expect(numbers(await list({ first: 50 }, { token: f.salesSh1.token }))).toEqual([o.lateEvening, o.midnight, o.pending]);
    expect((await list({ first: 50 }, { token: f.salesSh1.token })).totalCount).toBe(3);
    expect(
      numbers(await list({ first: 50, filter: { customerIds: [toGlobalId('Customer', c.sh2)] } }, { token: f.salesSh1.token })),
    ).toEqual([]);
    expect(numbers(await list({ first: 50 }, { token: f.managerEast.token }))).toEqual([o.lateEvening, o.midnight, o.pending, o.sh2]);
  });

  it('needs orders:read from a key', async () => {
    expect(errorCode(await app.gql(OrderListDocument, { first: 5 }, keys.customers))).toBe('FORBIDDEN');
    const res = await app.gql(OrderListDocument, { first: 50 }, keys.orders);
    expect(res.errors).toBeUndefined();
    expect(res.data!.orders.totalCount).toBe(5);
  });

  it.each<[string, OrderListQueryVariables]>([
    ['an inverted day range', { filter: { orderedOn: { from: today, to: addDays(today, -1) } } }],
    ['a customer id of another type', { filter: { customerIds: [toGlobalId('Product', 1)] } }],
    ['a malformed id', { filter: { salespersonIds: ['nope'] } }],
    ['a page over 100', { first: 101 }],
    ['a cursor of another sort order', { sortKey: 'TOTAL', after: Buffer.from('ORDERED_AT:1').toString('base64url') }],
  ])('refuses %s with BAD_USER_INPUT', async (_name, variables) => {
    expect(errorCode(await app.gql(OrderListDocument, variables, { token: f.admin.token }))).toBe('BAD_USER_INPUT');
  });

  it('costs the same statements for a page of 1 and of 5', async () => {
    const statements = (first: number) =>
      countStatements(async () => {
        const res = await app.gql(OrderListDocument, { first }, { token: f.admin.token });
        expect(res.data!.orders.nodes).toHaveLength(first);
      });
    expect(await statements(1)).toBe(await statements(5));
  });
});
