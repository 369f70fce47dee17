import { localIdOf, toGlobalId } from '../../src/schema/global-id';
import {
  ApiKeyCreateDocument,
  AuditEventsDocument,
  CustomerChangeHistoryDocument,
  CustomersChangeHistoryDocument,
  CustomerUpdateDocument,
  type AuditEventFieldsFragment,
  type AuditEventsQueryVariables,
} from '../generated/graphql';
import { countStatements, createCompanyCustomer, createFixture, type Fixture } from '../support/fixture';
import { insertProducts, type TestProduct } from '../support/products';
import { errorCode, startTestApp, type Auth, type TestApp } from '../support/test-app';

/**
 * The change history (issue 17 item 3): every write to an audited table is recorded by the
 * database in the writing transaction, with who (user or key, and the request id), when and
 * the fields before and after; nothing for a refused or rolled-back write; secrets never;
 * admins read it through `auditEvents` and `customer.changeHistory`, nobody else.
 */

let app: TestApp;
let f: Fixture;
let kettle: TestProduct;
let customerId: number;
let customerGid: string;

const admin = (): Auth => ({ token: f.admin.token });

async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().getConnection().execute(query, params);
}

async function events(variables: AuditEventsQueryVariables, auth: Auth = admin()) {
  const res = await app.gql(AuditEventsDocument, variables, auth);
  expect(res.errors).toBeUndefined();
  return res.data!.auditEvents;
}

async function historyOf(id: string, first = 20) {
  const res = await app.gql(CustomerChangeHistoryDocument, { id, first }, admin());
  expect(res.errors).toBeUndefined();
  return res.data!.customer!.changeHistory;
}

const change = (event: AuditEventFieldsFragment, field: string) => event.changes.find((c) => c.field === field);

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
  [kettle] = await insertProducts(app, [{ sku: 'AUD-KETTLE', name: '审计水壶', listPrice: '100.00', cost: '60.00' }]);
  customerId = await createCompanyCustomer(app, '审计客户有限公司', f.salesSh1.token);
  customerGid = toGlobalId('Customer', customerId);
});

afterAll(async () => {
  await app.close();
});

describe('what is recorded', () => {
  it("records a customer's creation with its fields, by the user who made it", async () => {
    const history = await historyOf(customerGid);
    const created = history.nodes.find((e) => e.action === 'CREATED' && e.subjectType === 'CUSTOMER');
    expect(created).toBeDefined();
    expect(created!.subjectId).toBe(customerGid);
    expect(created!.actorUser?.id).toBe(toGlobalId('User', f.salesSh1.id));
    expect(created!.actorApiKey).toBeNull();
    expect(change(created!, 'name')).toEqual({ field: 'name', before: null, after: '审计客户有限公司' });
    // Derived and bookkeeping columns are not history.
    expect(created!.changes.map((c) => c.field)).not.toEqual(expect.arrayContaining(['searchText']));
    expect(created!.changes.map((c) => c.field)).not.toContain('updatedAt');
  });

  it('records an update field by field, before and after, with the request id the client sent', async () => {
    const res = await app.gql(
      CustomerUpdateDocument,
      { input: { id: customerGid, phone: '13800001111', city: '上海' } },
      { token: f.salesSh1.token, headers: { 'x-request-id': 'audit-phone-1' } },
    );
    expect(res.data!.customerUpdate.userErrors).toEqual([]);
    const [latest] = (await historyOf(customerGid, 1)).nodes;
    expect(latest).toMatchObject({ action: 'UPDATED', subjectType: 'CUSTOMER', requestId: 'audit-phone-1' });
    expect(latest.actorUser?.name).toBe('上海销售一');
    expect(latest.customer?.id).toBe(customerGid);
    // The phone as stored: normalised to E.164.
    expect(change(latest, 'phone')).toEqual({ field: 'phone', before: null, after: '+8613800001111' });
    expect(change(latest, 'city')).toEqual({ field: 'city', before: null, after: '上海' });
    expect(latest.changes.map((c) => c.field)).not.toContain('version');

    await app.gql(CustomerUpdateDocument, { input: { id: customerGid, phone: '13900002222' } }, { token: f.salesSh1.token });
    const [second] = (await historyOf(customerGid, 1)).nodes;
    expect(second.changes).toEqual([{ field: 'phone', before: '+8613800001111', after: '+8613900002222' }]);
  });

  it('records nothing for a refused update, and nothing for a transaction rolled back', async () => {
    const before = (await historyOf(customerGid)).totalCount;
    const refused = await app.gql(
      CustomerUpdateDocument,
      { input: { id: customerGid, email: 'not an email', phone: '13700000000' } },
      { token: f.salesSh1.token },
    );
    expect(refused.data!.customerUpdate.userErrors.length).toBeGreaterThan(0);

    const em = app.db.orm.em.fork();
    await expect(
      em.transactional(async (tx) => {
        await tx.execute(`update customer set phone = '13600000000' where id = ?`, [customerId]);
        throw new Error('forced rollback');
      }),
    ).rejects.toThrow('forced rollback');
    expect((await historyOf(customerGid)).totalCount).toBe(before);
  });

  it('an update that changes nothing recorded (only bookkeeping) records nothing', async () => {
    const before = (await historyOf(customerGid)).totalCount;
    await sql(`update customer set updated_at = now(), version = version + 1 where id = ?`, [customerId]);
    expect((await historyOf(customerGid)).totalCount).toBe(before);
  });

  it("records an order under its customer's history, in orderCreate's six statements", async () => {
    const query = `mutation($input: OrderCreateInput!) { orderCreate(input: $input) { order { id } userErrors { message } } }`;
    let orderId = '';
    const statements = await countStatements(async () => {
      const res = await app.post(
        { query, variables: { input: { customerId: customerGid, lines: [{ productId: kettle.gid, quantity: '2' }] } } },
        { token: f.salesSh1.token, headers: { 'x-request-id': 'audit-order-1' } },
      );
      orderId = (res.data as { orderCreate: { order: { id: string } } }).orderCreate.order.id;
    });
    expect(statements).toBeLessThanOrEqual(6);
    const page = await events({ filter: { subjectIds: [orderId] } });
    expect(page.nodes).toHaveLength(1);
    const [created] = page.nodes;
    expect(created).toMatchObject({ action: 'CREATED', subjectType: 'ORDER', subjectId: orderId, requestId: 'audit-order-1' });
    expect(created.actorUser?.id).toBe(toGlobalId('User', f.salesSh1.id));
    expect(created.customer?.id).toBe(customerGid);
    expect(change(created, 'total')?.after).toBe('200.00');
    expect(change(created, 'status')?.after).toBe('PENDING');
  });

  it('records an API key without its secret, and not the key being used', async () => {
    const res = await app.gql(
      ApiKeyCreateDocument,
      { input: { name: '审计短信平台', scopes: ['customers:read', 'customers:write'] } },
      admin(),
    );
    const key = res.data!.apiKeyCreate;
    expect(key.userErrors).toEqual([]);
    const keyGid = key.apiKey!.id;
    const page = await events({ filter: { subjectIds: [keyGid] } });
    expect(page.nodes).toHaveLength(1);
    const [created] = page.nodes;
    expect(created.actorUser?.id).toBe(toGlobalId('User', f.admin.id));
    expect(change(created, 'name')?.after).toBe('审计短信平台');
    expect(created.changes.map((c) => c.field)).not.toContain('secretHash');
    const text = JSON.stringify(await sql(`select changes from audit_event where subject_type = 'API_KEY'`));
    expect(text).not.toContain(key.secret!.slice(8));
    expect(text).not.toContain('secret_hash');

    // The key writes: the history names the key, not a user; its use (last_used_at) is not history.
    const update = await app.gql(
      CustomerUpdateDocument,
      { input: { id: customerGid, industry: '餐饮' } },
      { apiKey: key.secret!, headers: { 'x-request-id': 'audit-key-1' } },
    );
    expect(update.data!.customerUpdate.userErrors).toEqual([]);
    const byKey = await events({ filter: { actorApiKeyIds: [keyGid] } });
    expect(byKey.nodes).toHaveLength(1);
    expect(byKey.nodes[0]).toMatchObject({ subjectId: customerGid, requestId: 'audit-key-1', actorUser: null });
    expect(byKey.nodes[0].actorApiKey?.name).toBe('审计短信平台');
    expect((await events({ filter: { subjectIds: [keyGid] } })).totalCount).toBe(1);
  });

  it('a write by nobody (a job, a seeder) is recorded as the system: no user, no key, no request', async () => {
    await sql(`update customer set notes = '系统备注' where id = ?`, [customerId]);
    const [latest] = (await historyOf(customerGid, 1)).nodes;
    expect(latest).toMatchObject({ actorUser: null, actorApiKey: null, requestId: null });
    expect(change(latest, 'notes')?.after).toBe('系统备注');
  });
});

describe('reading it', () => {
  it('filters by actor, subject type, action and company day, and pages newest first', async () => {
    const bySales = await events({ filter: { actorUserIds: [toGlobalId('User', f.salesSh1.id)], subjectTypes: ['CUSTOMER'] } });
    expect(bySales.nodes.length).toBeGreaterThanOrEqual(3);
    expect(bySales.nodes.every((e) => e.subjectType === 'CUSTOMER' && e.actorUser?.id === toGlobalId('User', f.salesSh1.id))).toBe(true);
    const ids = bySales.nodes.map((e) => localIdOf(e.id, 'AuditEvent')!);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));

    const first = await events({ first: 1, filter: { customerIds: [customerGid] } });
    const next = await events({ first: 1, after: first.pageInfo.endCursor, filter: { customerIds: [customerGid] } });
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(localIdOf(next.nodes[0].id, 'AuditEvent')!).toBeLessThan(localIdOf(first.nodes[0].id, 'AuditEvent')!);

    expect((await events({ filter: { actions: ['DELETED'], customerIds: [customerGid] } })).totalCount).toBe(0);
    expect((await events({ filter: { occurredOn: { from: '2000-01-01', to: '2000-01-31' } } })).totalCount).toBe(0);
    expect((await events({ filter: { requestId: 'audit-phone-1' } })).totalCount).toBe(1);
  });

  it('loads an event by node id for an admin, and hides it from anyone else', async () => {
    const [latest] = (await historyOf(customerGid, 1)).nodes;
    const query = `query($id: ID!) { node(id: $id) { __typename id ... on AuditEvent { action subjectType } } }`;
    const asAdmin = await app.post({ query, variables: { id: latest.id } }, admin());
    expect(asAdmin.data).toEqual({ node: { __typename: 'AuditEvent', id: latest.id, action: latest.action, subjectType: 'CUSTOMER' } });
    const asSales = await app.post({ query, variables: { id: latest.id } }, { token: f.salesSh1.token });
    expect(asSales.data).toEqual({ node: null });
  });

  it('a page of customers with their histories is a fixed number of statements', async () => {
    const count = async (first: number) =>
      countStatements(async () => {
        const res = await app.gql(CustomersChangeHistoryDocument, { first }, admin());
        expect(res.errors).toBeUndefined();
      });
    expect(await count(10)).toBe(await count(2));
  });

  it.each([
    [{ first: 101 }, /first must be between 0 and 100/],
    [{ filter: { subjectIds: [toGlobalId('Product', 1)] } }, /not the id of a record the change history covers/],
    [{ filter: { actorUserIds: [toGlobalId('Customer', 1)] } }, /filter\.actorUserIds/],
    [{ after: 'not-a-cursor' }, /after/],
  ] as Array<[AuditEventsQueryVariables, RegExp]>)('refuses %j with BAD_USER_INPUT', async (variables, message) => {
    const res = await app.gql(AuditEventsDocument, variables, admin());
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toMatch(message);
  });
});

describe('who may read it', () => {
  it('is for admins: a salesperson, a manager and a key with every read scope are refused', async () => {
    const all = await app.gql(
      ApiKeyCreateDocument,
      { input: { name: '全权限伙伴', scopes: ['customers:read', 'orders:read', 'reports:read', 'org:read'] } },
      admin(),
    );
    for (const auth of [{ token: f.salesSh1.token }, { token: f.managerEast.token }, { apiKey: all.data!.apiKeyCreate.secret! }]) {
      expect(errorCode(await app.gql(AuditEventsDocument, {}, auth))).toBe('FORBIDDEN');
      const nested = await app.gql(CustomerChangeHistoryDocument, { id: customerGid }, auth);
      expect(errorCode(nested)).toBe('FORBIDDEN');
    }
    expect(errorCode(await app.gql(AuditEventsDocument, {}, {}))).toBe('UNAUTHENTICATED');
  });
});
