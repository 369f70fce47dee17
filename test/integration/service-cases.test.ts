import {
  ApiKeyCreateDocument,
  CustomerCreateDocument,
  ServiceCasesCreateDocument,
  ServiceCasesOfCustomerDocument,
  ServiceCasesPageDocument,
  ServiceCasesResolveDocument,
  ServiceCasesUpdateDocument,
} from '../generated/graphql';
import { localIdOf, toGlobalId } from '../../src/schema/global-id';
import { countStatements, createFixture, type Fixture } from '../support/fixture';
import { errorCode, startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let f: Fixture;
let customerId: string; // owned by salesSh1

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
  customerId = await customer(f.salesSh1.token, '售后客户');
});
afterAll(() => app.close());

async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().getConnection().execute(query, params);
}
const caseRows = async () => (await sql<{ n: number }>('select count(*)::int as n from service_case'))[0].n;
const caseRow = async (gid: string) => (await sql('select * from service_case where id = ?', [localIdOf(gid, 'ServiceCase')]))[0];
const satisfactionOf = async (gid: string) =>
  (
    await sql<{ satisfaction_count: number; satisfaction_sum: number }>(
      'select satisfaction_count, satisfaction_sum from customer_stats where customer_id = ?',
      [localIdOf(gid, 'Customer')],
    )
  )[0];

async function customer(token: string, name: string): Promise<string> {
  const res = await app.gql(CustomerCreateDocument, { input: { kind: 'PERSON', name } }, { token });
  expect(res.data?.customerCreate.userErrors).toEqual([]);
  return res.data!.customerCreate.customer!.id;
}
async function apiKey(scopes: string[]): Promise<string> {
  const res = await app.gql(ApiKeyCreateDocument, { input: { name: `key ${scopes.join(' ')}`, scopes } }, { token: f.admin.token });
  return res.data!.apiKeyCreate.secret!;
}
async function open(input: Record<string, unknown> = {}, token = f.salesSh1.token) {
  const res = await app.gql(
    ServiceCasesCreateDocument,
    { input: { customerId, type: 'INSTALLATION', description: '安装空调', ...input } as never },
    { token },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.serviceCaseCreate;
}
async function update(input: Record<string, unknown>, token = f.salesSh1.token) {
  const res = await app.gql(ServiceCasesUpdateDocument, { input: input as never }, { token });
  expect(res.errors).toBeUndefined();
  return res.data!.serviceCaseUpdate;
}
async function resolve(input: Record<string, unknown>, token = f.salesSh1.token) {
  const res = await app.gql(ServiceCasesResolveDocument, { input: input as never }, { token });
  expect(res.errors).toBeUndefined();
  return res.data!.serviceCaseResolve;
}
/** A case moved to IN_PROGRESS, ready to resolve. */
async function inProgress(): Promise<string> {
  const id = (await open()).serviceCase!.id;
  expect((await update({ id, status: 'IN_PROGRESS' })).userErrors).toEqual([]);
  return id;
}

describe('serviceCaseCreate', () => {
  it('opens a case, SCHEDULED when it has an appointment, with an assignee', async () => {
    const payload = await open({
      type: 'DELIVERY',
      description: '  送货上门  ',
      appointmentAt: '2026-06-01T02:00:00.000Z',
      assigneeId: f.salesSh2.gid,
    });
    expect(payload.userErrors).toEqual([]);
    expect(payload.serviceCase).toMatchObject({
      type: 'DELIVERY',
      status: 'SCHEDULED',
      description: '送货上门',
      appointmentAt: '2026-06-01T02:00:00.000Z',
      assignee: { id: f.salesSh2.gid, name: '上海销售二' },
      customer: { id: customerId, name: '售后客户' },
      resolution: null,
      satisfaction: null,
    });
    expect((await open()).serviceCase).toMatchObject({ status: 'OPEN', appointmentAt: null, assignee: null });
  });

  it.each([
    ['a blank description', { description: '\n ' }, ['input', 'description'], 'INVALID'],
    ['an over-long description', { description: 'x'.repeat(5001) }, ['input', 'description'], 'INVALID'],
    ['an unknown assignee', { assigneeId: toGlobalId('User', 999_999) }, ['input', 'assigneeId'], 'NOT_FOUND'],
    ['an unknown customer', { customerId: toGlobalId('Customer', 999_999) }, ['input', 'customerId'], 'NOT_FOUND'],
    ['a store id as customer', { customerId: toGlobalId('Store', 1) }, ['input', 'customerId'], 'NOT_FOUND'],
  ])('refuses %s and writes nothing', async (_label, input, field, code) => {
    const before = await caseRows();
    const payload = await open(input);
    expect(payload.serviceCase).toBeNull();
    expect(payload.userErrors).toContainEqual(expect.objectContaining({ field, code }));
    expect(await caseRows()).toBe(before);
  });

  it('is refused without credentials, on another salesperson’s customer and to a key without service:write', async () => {
    const before = await caseRows();
    const input = { customerId, type: 'COMPLAINT' as const, description: '投诉' };
    expect(errorCode(await app.gql(ServiceCasesCreateDocument, { input }))).toBe('UNAUTHENTICATED');
    expect((await open({}, f.salesSh2.token)).userErrors).toEqual([
      expect.objectContaining({ field: ['input', 'customerId'], code: 'NOT_FOUND' }),
    ]);
    expect(errorCode(await app.gql(ServiceCasesCreateDocument, { input }, { apiKey: await apiKey(['service:read']) }))).toBe('FORBIDDEN');
    expect(await caseRows()).toBe(before);
    const blind = await app.gql(ServiceCasesCreateDocument, { input }, { apiKey: await apiKey(['service:write']) });
    // Written, but a key reads cases only with service:read (partner-scopes.test.ts).
    expect(blind.data?.serviceCaseCreate).toEqual({ userErrors: [], serviceCase: null });
    const partner = await app.gql(ServiceCasesCreateDocument, { input }, { apiKey: await apiKey(['service:write', 'service:read']) });
    expect(partner.data?.serviceCaseCreate.serviceCase?.status).toBe('OPEN');
  });
});

describe('serviceCaseUpdate', () => {
  it('walks a case OPEN → SCHEDULED → IN_PROGRESS, rescheduling and reassigning on the way', async () => {
    const id = (await open()).serviceCase!.id;
    const scheduled = await update({ id, status: 'SCHEDULED', appointmentAt: '2026-07-01T06:00:00.000Z', assigneeId: f.salesSh1.gid });
    expect(scheduled).toMatchObject({
      userErrors: [],
      serviceCase: { status: 'SCHEDULED', appointmentAt: '2026-07-01T06:00:00.000Z', assignee: { id: f.salesSh1.gid } },
    });
    const moved = await update({ id, appointmentAt: '2026-07-02T06:00:00.000Z', description: '改期安装' });
    expect(moved.serviceCase).toMatchObject({ status: 'SCHEDULED', appointmentAt: '2026-07-02T06:00:00.000Z', description: '改期安装' });
    const working = await update({ id, status: 'IN_PROGRESS', assigneeId: null });
    expect(working.serviceCase).toMatchObject({ status: 'IN_PROGRESS', assignee: null });
  });

  it('cancels an open case, after which it cannot change', async () => {
    const id = (await open()).serviceCase!.id;
    expect((await update({ id, status: 'CANCELLED' })).serviceCase?.status).toBe('CANCELLED');
    const again = await update({ id, description: '重新打开' });
    expect(again.userErrors).toEqual([expect.objectContaining({ field: ['input', 'id'], code: 'ILLEGAL_TRANSITION' })]);
    expect((await caseRow(id)).description).toBe('安装空调');
  });

  it.each([
    ['OPEN → CLOSED', { status: 'CLOSED' }, ['input', 'status'], 'ILLEGAL_TRANSITION'],
    ['OPEN → RESOLVED without serviceCaseResolve', { status: 'RESOLVED' }, ['input', 'status'], 'ILLEGAL_TRANSITION'],
    ['SCHEDULED without an appointment', { status: 'SCHEDULED' }, ['input', 'appointmentAt'], 'REQUIRED'],
    ['a null status', { status: null }, ['input', 'status'], 'REQUIRED'],
    ['a blank description', { description: ' ' }, ['input', 'description'], 'INVALID'],
    ['an unknown assignee', { assigneeId: toGlobalId('User', 424_242) }, ['input', 'assigneeId'], 'NOT_FOUND'],
    ['an unknown case', { id: toGlobalId('ServiceCase', 999_999) }, ['input', 'id'], 'NOT_FOUND'],
  ])('refuses %s and changes nothing', async (_label, input, field, code) => {
    const id = (await open()).serviceCase!.id;
    const before = await caseRow(id);
    const payload = await update({ id, appointmentAt: null, description: '不应保存', ...input });
    expect(payload.serviceCase).toBeNull();
    expect(payload.userErrors).toContainEqual(expect.objectContaining({ field, code }));
    expect(await caseRow(id)).toEqual(before);
  });

  it('sends IN_PROGRESS → RESOLVED to serviceCaseResolve', async () => {
    const id = await inProgress();
    const payload = await update({ id, status: 'RESOLVED' });
    expect(payload.userErrors).toEqual([
      expect.objectContaining({ field: ['input', 'status'], message: expect.stringContaining('serviceCaseResolve') }),
    ]);
    expect((await caseRow(id)).status).toBe('IN_PROGRESS');
  });

  it('is refused without credentials, to another salesperson and to a read-only key', async () => {
    const id = (await open()).serviceCase!.id;
    expect(errorCode(await app.gql(ServiceCasesUpdateDocument, { input: { id, status: 'CANCELLED' } }))).toBe('UNAUTHENTICATED');
    expect((await update({ id, status: 'CANCELLED' }, f.salesSh2.token)).userErrors).toEqual([
      expect.objectContaining({ field: ['input', 'id'], code: 'NOT_FOUND' }),
    ]);
    const reader = await apiKey(['service:read']);
    expect(errorCode(await app.gql(ServiceCasesUpdateDocument, { input: { id, status: 'CANCELLED' } }, { apiKey: reader }))).toBe(
      'FORBIDDEN',
    );
    expect((await caseRow(id)).status).toBe('OPEN');
  });
});

describe('serviceCaseResolve', () => {
  it('resolves with a satisfaction score that the customer figures count, then closes', async () => {
    const before = await satisfactionOf(customerId);
    const id = await inProgress();
    const payload = await resolve({ id, resolution: '  已安装并调试  ', satisfaction: 4 });
    expect(payload.userErrors).toEqual([]);
    expect(payload.serviceCase).toMatchObject({ status: 'RESOLVED', resolution: '已安装并调试', satisfaction: 4 });
    expect(Date.parse(payload.serviceCase!.resolvedAt!)).toBeGreaterThan(Date.now() - 60_000);
    expect(await satisfactionOf(customerId)).toEqual({
      satisfaction_count: (before?.satisfaction_count ?? 0) + 1,
      satisfaction_sum: (before?.satisfaction_sum ?? 0) + 4,
    });
    const second = await inProgress();
    expect((await resolve({ id: second, resolution: '电话解决', satisfaction: 2 })).userErrors).toEqual([]);
    expect((await resolve({ id: await inProgress(), resolution: '未回访' })).serviceCase?.satisfaction).toBeNull();
    expect(await satisfactionOf(customerId)).toEqual({
      satisfaction_count: (before?.satisfaction_count ?? 0) + 2,
      satisfaction_sum: (before?.satisfaction_sum ?? 0) + 6,
    });
    expect((await update({ id, status: 'CLOSED' })).serviceCase?.status).toBe('CLOSED');
  });

  it.each([
    ['a satisfaction of 6', { satisfaction: 6 }, ['input', 'satisfaction'], 'INVALID', 'IN_PROGRESS'],
    ['a satisfaction of 0', { satisfaction: 0 }, ['input', 'satisfaction'], 'INVALID', 'IN_PROGRESS'],
    ['a blank resolution', { resolution: '  ' }, ['input', 'resolution'], 'INVALID', 'IN_PROGRESS'],
    ['an OPEN case', {}, ['input', 'id'], 'ILLEGAL_TRANSITION', 'OPEN'],
    ['a case already resolved', {}, ['input', 'id'], 'ILLEGAL_TRANSITION', 'RESOLVED'],
  ])('refuses %s and changes nothing', async (_label, input, field, code, status) => {
    const id = status === 'OPEN' ? (await open()).serviceCase!.id : await inProgress();
    if (status === 'RESOLVED') await resolve({ id, resolution: '已处理', satisfaction: 5 });
    const before = await caseRow(id);
    const stats = await satisfactionOf(customerId);
    const payload = await resolve({ id, resolution: '再次处理', satisfaction: 1, ...input });
    expect(payload.serviceCase).toBeNull();
    expect(payload.userErrors).toContainEqual(expect.objectContaining({ field, code }));
    expect(await caseRow(id)).toEqual(before);
    expect(await satisfactionOf(customerId)).toEqual(stats);
  });

  it('is refused without credentials, to another salesperson and to a key without service:write', async () => {
    const id = await inProgress();
    const input = { id, resolution: '越权处理', satisfaction: 5 };
    expect(errorCode(await app.gql(ServiceCasesResolveDocument, { input }))).toBe('UNAUTHENTICATED');
    expect((await resolve(input, f.salesSouth.token)).userErrors).toEqual([
      expect.objectContaining({ field: ['input', 'id'], code: 'NOT_FOUND' }),
    ]);
    expect(errorCode(await app.gql(ServiceCasesResolveDocument, { input }, { apiKey: await apiKey(['followups:write']) }))).toBe(
      'FORBIDDEN',
    );
    expect((await caseRow(id)).status).toBe('IN_PROGRESS');
  });
});

describe('customer.serviceCases', () => {
  it('pages newest first and hides them from keys without service:read', async () => {
    const id = await customer(f.salesSh1.token, '多工单客户');
    for (const type of ['DELIVERY', 'INSTALLATION', 'MAINTENANCE'] as const) await open({ customerId: id, type });
    const page1 = await app.gql(ServiceCasesOfCustomerDocument, { id, first: 2 }, { token: f.salesSh1.token });
    const list = page1.data!.customer!.serviceCases;
    expect(list).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
    expect(list.nodes.map((n) => n.type)).toEqual(['MAINTENANCE', 'INSTALLATION']);
    const page2 = await app.gql(
      ServiceCasesOfCustomerDocument,
      { id, first: 2, after: list.pageInfo.endCursor },
      { token: f.salesSh1.token },
    );
    expect(page2.data!.customer!.serviceCases.nodes.map((n) => n.type)).toEqual(['DELIVERY']);
    const key = await apiKey(['customers:read']);
    expect(errorCode(await app.gql(ServiceCasesOfCustomerDocument, { id, first: 2 }, { apiKey: key }))).toBe('FORBIDDEN');
  });

  it('runs as many statements for 50 customers as for 5', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 50; i++) ids.push(localIdOf(await customer(f.admin.token, `批量售后${i}`), 'Customer')!);
    await sql(
      `insert into service_case (customer_id, type, status, description, assignee_id, created_at, updated_at)
       select c, 'MAINTENANCE', 'OPEN', '保养', ?, now() - (n || ' hours')::interval, now()
         from unnest(array[?]::int[]) c cross join generate_series(1, 4) n`,
      [f.salesSh2.id, ids],
    );
    const run = (first: number) => app.gql(ServiceCasesPageDocument, { first }, { token: f.admin.token });
    const small = await countStatements(() => run(5));
    const large = await countStatements(() => run(50));
    expect(large).toBe(small);
    const nodes = (await run(50)).data!.customers.nodes;
    const batchIds = new Set(ids.map((id) => toGlobalId('Customer', id)));
    const batch = nodes.filter((n) => batchIds.has(n.id));
    expect(batch.length).toBeGreaterThan(40);
    for (const n of batch) expect(n.serviceCases.nodes).toHaveLength(3);
    for (const n of batch)
      expect(n.serviceCases.nodes[0]).toMatchObject({ status: 'OPEN', assignee: { name: '上海销售二' }, customer: { id: n.id } });
    // A partner key that cannot read staff sees the cases without their assignee.
    const partner = await app.gql(ServiceCasesPageDocument, { first: 50 }, { apiKey: await apiKey(['customers:read', 'service:read']) });
    const seen = partner.data!.customers.nodes.filter((n) => batchIds.has(n.id));
    expect(seen.length).toBe(batch.length);
    for (const n of seen) expect(n.serviceCases.nodes[0]).toMatchObject({ status: 'OPEN', assignee: null });
  });
});
