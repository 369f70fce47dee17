import {
  ApiKeyCreateDocument,
  CustomerCreateDocument,
  CustomFieldDefinitionCreateDocument,
  CustomersDocument,
  CostlyQueryDocument,
  HardeningCustomerOwnerDocument,
  HardeningUsersDocument,
  UserCreateDocument,
} from '../generated/graphql';
import { encodeCursor } from '../../src/lib/pagination';
import { localIdOf } from '../../src/schema/global-id';
import { createFixture, type Fixture } from '../support/fixture';
import { errorCode, startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let f: Fixture;
let southCustomer: string;

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
  const res = await app.gql(CustomerCreateDocument, { input: { kind: 'PERSON', name: 'Zzz 华南客户' } }, { token: f.salesSouth.token });
  southCustomer = res.data!.customerCreate.customer!.id;
  await app.gql(CustomerCreateDocument, { input: { kind: 'PERSON', name: 'Aaa 上海客户' } }, { token: f.salesSh1.token });
});
afterAll(() => app.close());

it('gives nothing for a cursor naming a customer outside the viewer’s scope', async () => {
  const forged = encodeCursor('NAME', localIdOf(southCustomer, 'Customer')!);
  const res = await app.gql(CustomersDocument, { first: 10, after: forged, sortKey: 'NAME' }, { token: f.salesSh1.token });
  expect(res.errors).toBeUndefined();
  expect(res.data!.customers.edges).toEqual([]);
});

it('hides staff details from an API key without org:read', async () => {
  const key = await app.gql(ApiKeyCreateDocument, { input: { name: 'crm-sync', scopes: ['customers:read'] } }, { token: f.admin.token });
  const res = await app.gql(HardeningCustomerOwnerDocument, { id: southCustomer }, { apiKey: key.data!.apiKeyCreate.secret! });
  expect(res.data?.customer).toEqual({ id: southCustomer, owner: null });
  const staff = await app.gql(HardeningCustomerOwnerDocument, { id: southCustomer }, { token: f.admin.token });
  expect(staff.data?.customer?.owner?.id).toBe(f.salesSouth.gid);
});

it('refuses a custom field key that names an Object.prototype member', async () => {
  const res = await app.gql(
    CustomFieldDefinitionCreateDocument,
    { input: { key: 'constructor', label: '构造', type: 'TEXT' } },
    { token: f.admin.token },
  );
  expect(res.data?.customFieldDefinitionCreate.userErrors).toEqual([
    expect.objectContaining({ field: ['input', 'key'], message: expect.stringContaining('reserved') }),
  ]);
});

it('refuses a whitespace-only name', async () => {
  const res = await app.gql(CustomerCreateDocument, { input: { kind: 'PERSON', name: '   ' } }, { token: f.admin.token });
  expect(res.data?.customerCreate.userErrors).toEqual([{ field: ['input', 'name'], message: 'must not be blank', code: 'INVALID' }]);
});

it('answers a too costly query with HTTP 400', async () => {
  const res = await app.gql(CostlyQueryDocument, {}, { token: f.admin.token });
  expect(res.status).toBe(400);
  expect(errorCode(res)).toBe('QUERY_TOO_COSTLY');
});

it('answers a malformed JSON body with a JSON error, not an HTML page', async () => {
  const res = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
  expect(res.status).toBe(400);
  expect(res.headers.get('content-type')).toMatch(/json/);
  expect(((await res.json()) as { errors: unknown[] }).errors).toHaveLength(1);
});

it('refuses a malformed id in an organisation filter', async () => {
  const res = await app.gql(HardeningUsersDocument, { filter: { departmentId: 'nonsense' } }, { token: f.admin.token });
  expect(errorCode(res)).toBe('BAD_USER_INPUT');
});

it('turns a lost race on a unique email into TAKEN for all but one, never a 500', async () => {
  const input = { name: '并发用户', email: 'race@test.cn', role: 'ADMIN' as const, password: 'long-enough-1' };
  const results = await Promise.all(Array.from({ length: 4 }, () => app.gql(UserCreateDocument, { input }, { token: f.admin.token })));
  expect(results.every((r) => r.errors === undefined)).toBe(true);
  const created = results.filter((r) => r.data?.userCreate.user);
  const taken = results.flatMap((r) => r.data?.userCreate.userErrors ?? []);
  expect(created).toHaveLength(1);
  expect(taken).toHaveLength(3);
  expect(taken.every((e) => e.code === 'TAKEN' && e.field.join('.') === 'input.email')).toBe(true);
});
