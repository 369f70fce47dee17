import { calendarDayIn } from '../../src/domain/common/calendar';
import { addDays } from '../../src/domain/common/calendar';
import { localIdOf, toGlobalId } from '../../src/schema/global-id';
import { ApiKeyCreateDocument, ServiceCaseListDocument, type ServiceCaseListQueryVariables } from '../generated/graphql';
import { countStatements, createFixture, type Fixture, createCompanyCustomer } from '../support/fixture';
import { errorCode, startTestApp, type Auth, type TestApp } from '../support/test-app';

/**
 * `serviceCases` (issue 14 item 1): the after-sale cases of the customers in the viewer's
 * scope, filtered by status, type, open, customer, order, product, assignee, the assignee's
 * department subtree, the company-calendar day opened (the boundary at midnight Shanghai
 * time), the day of the appointment and the day coverage ends; sorted (nullable dates last)
 * and paged both ways; bad input refused; a key needs service:read; the statements of a page
 * do not grow with its size.
 */

let app: TestApp;
let f: Fixture;
const TZ = 'Asia/Shanghai';
const today = calendarDayIn(new Date(), TZ);
const yesterday = addDays(today, -1);
const sc: Record<string, number> = {};
const c: Record<string, number> = {};
let orderId: number;
let productId: number;
let keys: Record<'service' | 'customers', Auth>;

async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().getConnection().execute(query, params);
}

/** An instant of a company day and local time (Shanghai is UTC+8 all year). */
const at = (day: string, time: string) => new Date(`${day}T${time}+08:00`);

async function serviceCase(
  customerId: number,
  r: {
    at: Date;
    type: string;
    status: string;
    assigneeId?: number | null;
    appointmentAt?: Date | null;
    resolvedAt?: Date | null;
    coverageEndsOn?: string | null;
    orderId?: number | null;
    productId?: number | null;
  },
) {
  const [row] = await sql<{ id: number }>(
    `insert into service_case (customer_id, order_id, product_id, type, status, description, appointment_at, assignee_id, resolution, resolved_at, coverage_ends_on, created_at, updated_at)
     values (?, ?, ?, ?, ?, '售后', ?, ?, ?, ?, ?, ?, ?) returning id`,
    [
      customerId,
      r.orderId ?? null,
      r.productId ?? null,
      r.type,
      r.status,
      r.appointmentAt ?? null,
      r.assigneeId ?? null,
      r.resolvedAt ? '已处理' : null,
      r.resolvedAt ?? null,
      r.coverageEndsOn ?? null,
      r.at,
      r.at,
    ],
  );
  return row.id;
}

async function list(variables: ServiceCaseListQueryVariables, auth: Auth = { token: f.admin.token }) {
  const res = await app.gql(ServiceCaseListDocument, variables, auth);
  expect(res.errors).toBeUndefined();
  return res.data!.serviceCases;
}
const idsOf = (page: { nodes: Array<{ id: string }> }) => page.nodes.map((n) => localIdOf(n.id, 'ServiceCase'));

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
  const customer = (name: string, token: string) => createCompanyCustomer(app, name, token);
  c.sh1 = await customer('上海售后客户一', f.salesSh1.token);
  c.sh2 = await customer('上海售后客户二', f.salesSh2.token);
  c.south = await customer('华南售后客户', f.salesSouth.token);
  const [product] = await sql<{ id: number }>(
    `insert into product (sku, name, category_id, list_price, cost, currency, active, created_at, updated_at) values ('AC-1', '空调', null, 3000, 2000, 'CNY', true, now(), now()) returning id`,
  );
  productId = product.id;
  const [order] = await sql<{ id: number }>(
    `insert into sales_order (number, customer_id, status, currency, subtotal, discount_total, total, cost_total, paid_total, ordered_at, created_at, updated_at)
     values ('S' || nextval('order_number_seq'), ?, 'COMPLETED', 'CNY', 3000, 0, 3000, 2000, 0, now(), now(), now()) returning id`,
    [c.sh1],
  );
  orderId = order.id;
  // Around yesterday's midnight in Shanghai: 23:59:59 the day before, 00:00:00 on the day.
  sc.lateEvening = await serviceCase(c.sh1, {
    at: at(addDays(yesterday, -1), '23:59:59'),
    type: 'WARRANTY',
    status: 'OPEN',
    assigneeId: f.salesSh1.id,
    coverageEndsOn: addDays(today, 30),
    orderId,
    productId,
  });
  sc.midnight = await serviceCase(c.sh1, {
    at: at(yesterday, '00:00:00'),
    type: 'INSTALLATION',
    status: 'SCHEDULED',
    assigneeId: f.salesSh1.id,
    appointmentAt: at(today, '10:00:00'),
  });
  sc.resolved = await serviceCase(c.sh2, {
    at: at(yesterday, '09:00:00'),
    type: 'MAINTENANCE',
    status: 'RESOLVED',
    assigneeId: f.salesSh2.id,
    resolvedAt: at(yesterday, '15:00:00'),
    coverageEndsOn: addDays(today, 10),
  });
  sc.south = await serviceCase(c.south, {
    at: at(yesterday, '10:00:00'),
    type: 'COMPLAINT',
    status: 'IN_PROGRESS',
    assigneeId: f.salesSouth.id,
    appointmentAt: at(today, '09:00:00'),
  });
  sc.cancelled = await serviceCase(c.sh1, { at: at(yesterday, '11:00:00'), type: 'DELIVERY', status: 'CANCELLED' });
  const key = async (scopes: string[]) => ({
    apiKey: (await app.gql(ApiKeyCreateDocument, { input: { name: `service ${scopes.join(' ')}`, scopes } }, { token: f.admin.token }))
      .data!.apiKeyCreate.secret!,
  });
  keys = { service: await key(['service:read']), customers: await key(['customers:read']) };
}, 120_000);
afterAll(() => app.close());

describe('serviceCases', () => {
  it('lists every case of the company for an admin, oldest first or newest first with reverse', async () => {
    const all = await list({ first: 50 });
    expect(all.totalCount).toBe(5);
    expect(idsOf(all)).toEqual([sc.lateEvening, sc.midnight, sc.resolved, sc.south, sc.cancelled]);
    expect(all.nodes[0]).toMatchObject({
      type: 'WARRANTY',
      status: 'OPEN',
      coverageEndsOn: addDays(today, 30),
      order: { id: toGlobalId('Order', orderId) },
      product: { id: toGlobalId('Product', productId) },
      assignee: { id: f.salesSh1.gid },
      customer: { id: toGlobalId('Customer', c.sh1) },
    });
    expect(idsOf(await list({ first: 50, reverse: true }))).toEqual([sc.cancelled, sc.south, sc.resolved, sc.midnight, sc.lateEvening]);
  });

  it('sorts by the appointment, resolution and coverage dates, cases without the date last either way', async () => {
    const ids = async (sortKey: ServiceCaseListQueryVariables['sortKey'], reverse = false) =>
      idsOf(await list({ first: 50, sortKey, reverse }));
    expect(await ids('APPOINTMENT_AT')).toEqual([sc.south, sc.midnight, sc.lateEvening, sc.resolved, sc.cancelled]);
    expect(await ids('APPOINTMENT_AT', true)).toEqual([sc.midnight, sc.south, sc.cancelled, sc.resolved, sc.lateEvening]);
    expect(await ids('RESOLVED_AT')).toEqual([sc.resolved, sc.lateEvening, sc.midnight, sc.south, sc.cancelled]);
    expect(await ids('COVERAGE_ENDS_ON')).toEqual([sc.resolved, sc.lateEvening, sc.midnight, sc.south, sc.cancelled]);
    expect(await ids('COVERAGE_ENDS_ON', true)).toEqual([sc.lateEvening, sc.resolved, sc.cancelled, sc.south, sc.midnight]);
    expect(await ids('ID', true)).toEqual([sc.cancelled, sc.south, sc.resolved, sc.midnight, sc.lateEvening]);
    expect((await list({ first: 50, sortKey: 'APPOINTMENT_AT' })).totalCount).toBe(5);
  });

  it('takes the company calendar for days: midnight in Shanghai starts the day', async () => {
    expect(idsOf(await list({ first: 50, filter: { createdOn: { from: yesterday, to: yesterday } } }))).toEqual([
      sc.midnight,
      sc.resolved,
      sc.south,
      sc.cancelled,
    ]);
    expect(idsOf(await list({ first: 50, filter: { createdOn: { to: addDays(yesterday, -1) } } }))).toEqual([sc.lateEvening]);
    expect(idsOf(await list({ first: 50, filter: { appointmentOn: { from: today, to: today } } }))).toEqual([sc.midnight, sc.south]);
    expect(idsOf(await list({ first: 50, filter: { appointmentOn: { to: yesterday } } }))).toEqual([]);
    expect((await list({ first: 50, filter: { createdOn: { from: '0001-01-01', to: '9999-12-31' } } })).totalCount).toBe(5);
  });

  it('filters by the day coverage ends (a date, both ends included)', async () => {
    const ids = async (from: string | null, to: string | null) =>
      idsOf(await list({ first: 50, filter: { coverageEndsOn: { from, to } } }));
    expect(await ids(addDays(today, 10), addDays(today, 10))).toEqual([sc.resolved]);
    expect(await ids(addDays(today, 11), null)).toEqual([sc.lateEvening]);
    expect(await ids(today, addDays(today, 30))).toEqual([sc.lateEvening, sc.resolved]);
    expect(await ids(null, addDays(today, 9))).toEqual([]);
  });

  it('filters by status, type, open, customer, order, product, assignee and department subtree', async () => {
    const ids = async (filter: ServiceCaseListQueryVariables['filter']) => idsOf(await list({ first: 50, filter }));
    expect(await ids({ statuses: ['OPEN', 'SCHEDULED'] })).toEqual([sc.lateEvening, sc.midnight]);
    expect(await ids({ types: ['COMPLAINT', 'MAINTENANCE'] })).toEqual([sc.resolved, sc.south]);
    expect(await ids({ open: true })).toEqual([sc.lateEvening, sc.midnight, sc.south]);
    expect(await ids({ open: false })).toEqual([sc.resolved, sc.cancelled]);
    expect(await ids({ customerIds: [toGlobalId('Customer', c.sh2)] })).toEqual([sc.resolved]);
    expect(await ids({ orderIds: [toGlobalId('Order', orderId)] })).toEqual([sc.lateEvening]);
    expect(await ids({ productIds: [toGlobalId('Product', productId)] })).toEqual([sc.lateEvening]);
    expect(await ids({ assigneeIds: [f.salesSh1.gid] })).toEqual([sc.lateEvening, sc.midnight]);
    expect(await ids({ departmentIds: [toGlobalId('Department', f.departments.east)] })).toEqual([
      sc.lateEvening,
      sc.midnight,
      sc.resolved,
    ]);
    expect(await ids({ departmentIds: [toGlobalId('Department', f.departments.south)] })).toEqual([sc.south]);
    expect(
      await ids({
        open: true,
        departmentIds: [toGlobalId('Department', f.departments.shanghai)],
        appointmentOn: { from: today, to: today },
      }),
    ).toEqual([sc.midnight]);
    expect((await list({ first: 50, filter: { open: true } })).totalCount).toBe(3);
  });

  it('pages forward and backward with cursors, also over a sort with nulls', async () => {
    const first = await list({ first: 2 });
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = await list({ first: 2, after: first.pageInfo.endCursor });
    expect(idsOf(second)).toEqual([sc.resolved, sc.south]);
    expect(idsOf(await list({ last: 2, before: second.pageInfo.startCursor }))).toEqual([sc.lateEvening, sc.midnight]);

    const visits = await list({ first: 2, sortKey: 'APPOINTMENT_AT' });
    expect(idsOf(visits)).toEqual([sc.south, sc.midnight]);
    const rest = await list({ first: 2, sortKey: 'APPOINTMENT_AT', after: visits.pageInfo.endCursor });
    expect(idsOf(rest)).toEqual([sc.lateEvening, sc.resolved]);
    const end = await list({ first: 2, sortKey: 'APPOINTMENT_AT', after: rest.pageInfo.endCursor });
    expect(idsOf(end)).toEqual([sc.cancelled]);
    expect(end.pageInfo.hasNextPage).toBe(false);
    expect(idsOf(await list({ last: 3, sortKey: 'APPOINTMENT_AT', before: rest.pageInfo.endCursor }))).toEqual([
      sc.south,
      sc.midnight,
      sc.lateEvening,
    ]);

    const newest = await list({ first: 3, sortKey: 'APPOINTMENT_AT', reverse: true });
    expect(idsOf(newest)).toEqual([sc.midnight, sc.south, sc.cancelled]);
    expect(idsOf(await list({ first: 3, sortKey: 'APPOINTMENT_AT', reverse: true, after: newest.pageInfo.endCursor }))).toEqual([
      sc.resolved,
      sc.lateEvening,
    ]);
    expect(idsOf(await list({ last: 2, sortKey: 'APPOINTMENT_AT', reverse: true, before: newest.pageInfo.endCursor }))).toEqual([
      sc.midnight,
      sc.south,
    ]);
  });

  it("keeps to the viewer's data scope: a salesperson its customers', a manager its subtree's", async () => {
    const sh1 = await list({ first: 50 }, { token: f.salesSh1.token });
    expect(idsOf(sh1)).toEqual([sc.lateEvening, sc.midnight, sc.cancelled]);
    expect(sh1.totalCount).toBe(3);
    expect(idsOf(await list({ first: 50, filter: { customerIds: [toGlobalId('Customer', c.sh2)] } }, { token: f.salesSh1.token }))).toEqual(
      [],
    );
    expect(idsOf(await list({ first: 50 }, { token: f.salesSh2.token }))).toEqual([sc.resolved]);
    expect(idsOf(await list({ first: 50 }, { token: f.managerEast.token }))).toEqual([
      sc.lateEvening,
      sc.midnight,
      sc.resolved,
      sc.cancelled,
    ]);
    expect(idsOf(await list({ first: 50, sortKey: 'APPOINTMENT_AT' }, { token: f.salesSouth.token }))).toEqual([sc.south]);
  });

  it('needs service:read from a key', async () => {
    expect(errorCode(await app.gql(ServiceCaseListDocument, { first: 5 }, keys.customers))).toBe('FORBIDDEN');
    expect((await list({ first: 50 }, keys.service)).totalCount).toBe(5);
  });

  it.each<[string, ServiceCaseListQueryVariables]>([
    ['an inverted day range opened', { filter: { createdOn: { from: today, to: yesterday } } }],
    ['an inverted appointment range', { filter: { appointmentOn: { from: today, to: yesterday } } }],
    ['an inverted coverage range', { filter: { coverageEndsOn: { from: today, to: yesterday } } }],
    ['a product id of another type', { filter: { productIds: [toGlobalId('Order', 1)] } }],
    ['an assignee id of another type', { filter: { assigneeIds: [toGlobalId('Customer', 1)] } }],
    ['a malformed id', { filter: { orderIds: ['nope'] } }],
    ['a cursor of another sort order', { sortKey: 'COVERAGE_ENDS_ON', after: Buffer.from('CREATED_AT:1').toString('base64url') }],
  ])('refuses %s with BAD_USER_INPUT', async (_name, variables) => {
    expect(errorCode(await app.gql(ServiceCaseListDocument, variables, { token: f.admin.token }))).toBe('BAD_USER_INPUT');
  });

  // Both orders start with the case that has every link (order, product, assignee, customer).
  it.each<[ServiceCaseListQueryVariables['sortKey'], boolean]>([
    ['CREATED_AT', false],
    ['COVERAGE_ENDS_ON', true],
  ])('costs the same statements for a page of 1 and of 4 (%s, reverse: %s)', async (sortKey, reverse) => {
    const statements = (first: number) =>
      countStatements(async () => {
        const res = await app.gql(ServiceCaseListDocument, { first, sortKey, reverse }, { token: f.admin.token });
        expect(res.data!.serviceCases.nodes).toHaveLength(first);
      });
    expect(await statements(1)).toBe(await statements(4));
  });
});
