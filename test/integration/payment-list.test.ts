import { calendarDayIn } from '../../src/domain/common/calendar';
import { addDays } from '../../src/domain/common/calendar';
import { localIdOf, toGlobalId } from '../../src/schema/global-id';
import { ApiKeyCreateDocument, PaymentListDocument, type PaymentListQueryVariables } from '../generated/graphql';
import { countStatements, createFixture, type Fixture, createCompanyCustomer } from '../support/fixture';
import { errorCode, startTestApp, type Auth, type TestApp } from '../support/test-app';

/**
 * `payments` (issue 14 item 1): the money received from the customers in the viewer's scope,
 * filtered by company-calendar day (the boundary at midnight Shanghai time), method, customer,
 * order, the order's salesperson, department subtree and store, and who recorded it; sorted
 * and paged both ways; bad input refused; a key needs orders:read; the statements of a page
 * do not grow with its size.
 */

let app: TestApp;
let f: Fixture;
const TZ = 'Asia/Shanghai';
const today = calendarDayIn(new Date(), TZ);
const yesterday = addDays(today, -1);
const pay: Record<string, number> = {};
const o: Record<string, number> = {};
const c: Record<string, number> = {};
let keys: Record<'orders' | 'customers', Auth>;

async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().getConnection().execute(query, params);
}

/** An instant of a company day and local time (Shanghai is UTC+8 all year). */
const at = (day: string, time: string) => new Date(`${day}T${time}+08:00`);

async function order(customerId: number, opts: { salespersonId?: number | null; storeId?: number | null }) {
  const [row] = await sql<{ id: number }>(
    `insert into sales_order (number, customer_id, status, currency, subtotal, discount_total, total, cost_total, paid_total, ordered_at, salesperson_id, store_id, created_at, updated_at)
     values ('P' || nextval('order_number_seq'), ?, 'COMPLETED', 'CNY', 1000, 0, 1000, 0, 0, ?, ?, ?, now(), now()) returning id`,
    [customerId, at(addDays(yesterday, -2), '12:00:00'), opts.salespersonId ?? null, opts.storeId ?? null],
  );
  return row.id;
}

async function payment(orderId: number, customerId: number, r: { at: Date; amount: string; method: string; recordedById?: number | null }) {
  const [row] = await sql<{ id: number }>(
    `insert into payment (order_id, customer_id, amount, currency, paid_at, method, recorded_by_id, created_at) values (?, ?, ?, 'CNY', ?, ?, ?, now()) returning id`,
    [orderId, customerId, r.amount, r.at, r.method, r.recordedById ?? null],
  );
  return row.id;
}

async function list(variables: PaymentListQueryVariables, auth: Auth = { token: f.admin.token }) {
  const res = await app.gql(PaymentListDocument, variables, auth);
  expect(res.errors).toBeUndefined();
  return res.data!.payments;
}
const idsOf = (page: { nodes: Array<{ id: string }> }) => page.nodes.map((n) => localIdOf(n.id, 'Payment'));

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
  const customer = (name: string, token: string) => createCompanyCustomer(app, name, token);
  c.sh1 = await customer('上海回款客户一', f.salesSh1.token);
  c.sh2 = await customer('上海回款客户二', f.salesSh2.token);
  c.south = await customer('华南回款客户', f.salesSouth.token);
  o.sh1 = await order(c.sh1, { salespersonId: f.salesSh1.id, storeId: f.stores.shanghai });
  o.sh1Bare = await order(c.sh1, {});
  o.sh2 = await order(c.sh2, { salespersonId: f.salesSh2.id, storeId: f.stores.shanghai });
  o.south = await order(c.south, { salespersonId: f.salesSouth.id, storeId: f.stores.south });
  // Around yesterday's midnight in Shanghai: 23:59:59 the day before, 00:00:00 on the day.
  pay.lateEvening = await payment(o.sh1, c.sh1, {
    at: at(addDays(yesterday, -1), '23:59:59'),
    amount: '100.00',
    method: 'CASH',
    recordedById: f.salesSh1.id,
  });
  pay.midnight = await payment(o.sh1, c.sh1, {
    at: at(yesterday, '00:00:00'),
    amount: '300.00',
    method: 'BANK_TRANSFER',
    recordedById: f.admin.id,
  });
  pay.sh2 = await payment(o.sh2, c.sh2, {
    at: at(yesterday, '10:00:00'),
    amount: '50.00',
    method: 'WECHAT_PAY',
    recordedById: f.salesSh2.id,
  });
  pay.south = await payment(o.south, c.south, {
    at: at(yesterday, '11:00:00'),
    amount: '200.00',
    method: 'ALIPAY',
    recordedById: f.salesSouth.id,
  });
  pay.bare = await payment(o.sh1Bare, c.sh1, { at: at(yesterday, '12:00:00'), amount: '20.00', method: 'CASH' });
  const key = async (scopes: string[]) => ({
    apiKey: (await app.gql(ApiKeyCreateDocument, { input: { name: `payments ${scopes.join(' ')}`, scopes } }, { token: f.admin.token }))
      .data!.apiKeyCreate.secret!,
  });
  keys = { orders: await key(['orders:read']), customers: await key(['customers:read']) };
}, 120_000);
afterAll(() => app.close());

describe('payments', () => {
  it('lists every payment of the company for an admin, oldest first, newest first with reverse, or by amount', async () => {
    const all = await list({ first: 50 });
    expect(all.totalCount).toBe(5);
    expect(idsOf(all)).toEqual([pay.lateEvening, pay.midnight, pay.sh2, pay.south, pay.bare]);
    expect(all.nodes[1]).toMatchObject({
      method: 'BANK_TRANSFER',
      amount: { amount: '300.00' },
      order: { id: toGlobalId('Order', o.sh1) },
      customer: { id: toGlobalId('Customer', c.sh1) },
    });
    expect(idsOf(await list({ first: 50, reverse: true }))).toEqual([pay.bare, pay.south, pay.sh2, pay.midnight, pay.lateEvening]);
    expect(idsOf(await list({ first: 50, sortKey: 'AMOUNT' }))).toEqual([pay.bare, pay.sh2, pay.lateEvening, pay.south, pay.midnight]);
    expect(idsOf(await list({ first: 50, sortKey: 'AMOUNT', reverse: true }))).toEqual([
      pay.midnight,
      pay.south,
      pay.lateEvening,
      pay.sh2,
      pay.bare,
    ]);
    expect(idsOf(await list({ first: 50, sortKey: 'ID', reverse: true }))).toEqual([
      pay.bare,
      pay.south,
      pay.sh2,
      pay.midnight,
      pay.lateEvening,
    ]);
  });

  it('takes the company calendar for days: midnight in Shanghai starts the day', async () => {
    expect(idsOf(await list({ first: 50, filter: { paidOn: { from: yesterday, to: yesterday } } }))).toEqual([
      pay.midnight,
      pay.sh2,
      pay.south,
      pay.bare,
    ]);
    expect(idsOf(await list({ first: 50, filter: { paidOn: { to: addDays(yesterday, -1) } } }))).toEqual([pay.lateEvening]);
    expect(idsOf(await list({ first: 50, filter: { paidOn: { from: today } } }))).toEqual([]);
    expect((await list({ first: 50, filter: { paidOn: { from: '0001-01-01', to: '9999-12-31' } } })).totalCount).toBe(5);
  });

  it("filters by method, customer, order, the order's salesperson, department subtree and store, and who recorded it", async () => {
    const ids = async (filter: PaymentListQueryVariables['filter']) => idsOf(await list({ first: 50, filter }));
    expect(await ids({ methods: ['CASH'] })).toEqual([pay.lateEvening, pay.bare]);
    expect(await ids({ methods: ['ALIPAY', 'WECHAT_PAY'] })).toEqual([pay.sh2, pay.south]);
    expect(await ids({ customerIds: [toGlobalId('Customer', c.sh2)] })).toEqual([pay.sh2]);
    expect(await ids({ orderIds: [toGlobalId('Order', o.sh1)] })).toEqual([pay.lateEvening, pay.midnight]);
    expect(await ids({ salespersonIds: [f.salesSh1.gid] })).toEqual([pay.lateEvening, pay.midnight]);
    expect(await ids({ departmentIds: [toGlobalId('Department', f.departments.east)] })).toEqual([pay.lateEvening, pay.midnight, pay.sh2]);
    expect(await ids({ departmentIds: [toGlobalId('Department', f.departments.south)] })).toEqual([pay.south]);
    expect(await ids({ storeIds: [toGlobalId('Store', f.stores.shanghai)] })).toEqual([pay.lateEvening, pay.midnight, pay.sh2]);
    expect(await ids({ recordedByIds: [f.admin.gid, f.salesSouth.gid] })).toEqual([pay.midnight, pay.south]);
    expect(await ids({ methods: ['CASH'], storeIds: [toGlobalId('Store', f.stores.shanghai)], paidOn: { to: yesterday } })).toEqual([
      pay.lateEvening,
    ]);
    expect((await list({ first: 50, filter: { storeIds: [toGlobalId('Store', f.stores.shanghai)] } })).totalCount).toBe(3);
  });

  it('pages forward and backward with cursors, in either direction of a sort', async () => {
    const first = await list({ first: 2 });
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = await list({ first: 2, after: first.pageInfo.endCursor });
    expect(idsOf(second)).toEqual([pay.sh2, pay.south]);
    expect(second.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const back = await list({ last: 2, before: second.pageInfo.startCursor });
    expect(idsOf(back)).toEqual([pay.lateEvening, pay.midnight]);
    expect(back.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });

    const largest = await list({ first: 2, sortKey: 'AMOUNT', reverse: true });
    expect(idsOf(largest)).toEqual([pay.midnight, pay.south]);
    const next = await list({ first: 2, sortKey: 'AMOUNT', reverse: true, after: largest.pageInfo.endCursor });
    expect(idsOf(next)).toEqual([pay.lateEvening, pay.sh2]);
    const last = await list({ first: 2, sortKey: 'AMOUNT', reverse: true, after: next.pageInfo.endCursor });
    expect(idsOf(last)).toEqual([pay.bare]);
    expect(last.pageInfo.hasNextPage).toBe(false);
    expect(idsOf(await list({ last: 3, sortKey: 'AMOUNT', reverse: true, before: last.pageInfo.startCursor }))).toEqual([
      pay.south,
      pay.lateEvening,
      pay.sh2,
    ]);
  });

  it("keeps to the viewer's data scope: a salesperson its customers', a manager its subtree's", async () => {
    const sh1 = await list({ first: 50 }, { token: f.salesSh1.token });
    expect(idsOf(sh1)).toEqual([pay.lateEvening, pay.midnight, pay.bare]);
    expect(sh1.totalCount).toBe(3);
    expect(idsOf(await list({ first: 50, filter: { customerIds: [toGlobalId('Customer', c.sh2)] } }, { token: f.salesSh1.token }))).toEqual(
      [],
    );
    expect(idsOf(await list({ first: 50 }, { token: f.salesSh2.token }))).toEqual([pay.sh2]);
    expect(idsOf(await list({ first: 50 }, { token: f.managerEast.token }))).toEqual([pay.lateEvening, pay.midnight, pay.sh2, pay.bare]);
    // A cursor of a row out of scope bounds nothing.
    expect(idsOf(await list({ first: 50, after: cursorOf(pay.south) }, { token: f.salesSh1.token }))).toEqual([]);
  });

  it('needs orders:read from a key', async () => {
    expect(errorCode(await app.gql(PaymentListDocument, { first: 5 }, keys.customers))).toBe('FORBIDDEN');
    expect((await list({ first: 50 }, keys.orders)).totalCount).toBe(5);
  });

  it.each<[string, PaymentListQueryVariables]>([
    ['an inverted day range', { filter: { paidOn: { from: today, to: yesterday } } }],
    ['an order id of another type', { filter: { orderIds: [toGlobalId('Customer', 1)] } }],
    ['a store id of another type', { filter: { storeIds: [toGlobalId('Department', 1)] } }],
    ['a malformed id', { filter: { recordedByIds: ['nope'] } }],
    ['a page over 100', { first: 101 }],
    ['a cursor of another sort order', { sortKey: 'AMOUNT', after: Buffer.from('PAID_AT:1').toString('base64url') }],
  ])('refuses %s with BAD_USER_INPUT', async (_name, variables) => {
    expect(errorCode(await app.gql(PaymentListDocument, variables, { token: f.admin.token }))).toBe('BAD_USER_INPUT');
  });

  it('costs the same statements for a page of 1 and of 4', async () => {
    const statements = (first: number) =>
      countStatements(async () => {
        const res = await app.gql(PaymentListDocument, { first }, { token: f.admin.token });
        expect(res.data!.payments.nodes).toHaveLength(first);
      });
    expect(await statements(1)).toBe(await statements(4));
  });
});

/** The cursor of a payment in the default sort. */
function cursorOf(id: number): string {
  return Buffer.from(`PAID_AT:${id}`).toString('base64url');
}
