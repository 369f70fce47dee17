import {
  ApiKeyCreateDocument,
  CustomerCreateDocument,
  LifecycleOverrideClearDocument,
  LifecycleOverrideDocument,
} from '../generated/graphql';
import { localIdOf, toGlobalId } from '../../src/schema/global-id';
import { createFixture, type Fixture } from '../support/fixture';
import { errorCode, startTestApp, type Auth, type TestApp } from '../support/test-app';

let app: TestApp;
let f: Fixture;
let customerId: string; // owned by salesSh1, no records: the rules say LEAD

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
  customerId = await customer('手动阶段客户');
});
afterAll(() => app.close());

async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().getConnection().execute(query, params);
}
async function customer(name: string, token = f.salesSh1.token): Promise<string> {
  const res = await app.gql(CustomerCreateDocument, { input: { kind: 'PERSON', name } }, { token });
  expect(res.data?.customerCreate.userErrors).toEqual([]);
  return res.data!.customerCreate.customer!.id;
}
async function apiKey(scopes: string[]): Promise<string> {
  const res = await app.gql(ApiKeyCreateDocument, { input: { name: `key ${scopes.join(' ')}`, scopes } }, { token: f.admin.token });
  return res.data!.apiKeyCreate.secret!;
}
type OverrideRow = {
  id: number;
  stage: string;
  reason: string;
  set_by_id: number | null;
  cleared_at: Date | null;
  cleared_by_id: number | null;
  clear_reason: string | null;
};
const overrides = (gid: string) =>
  sql<OverrideRow>('select * from lifecycle_override where customer_id = ? order by set_at, id', [localIdOf(gid, 'Customer')]);
const allOverrideRows = async () => (await sql<{ n: number }>('select count(*)::int as n from lifecycle_override'))[0].n;
const dataVersion = async () => BigInt((await sql<{ v: string }>('select last_value::text as v from scoring_data_version'))[0].v);

async function override(
  input: { customerId: string; stage: 'LEAD' | 'PROSPECT' | 'NEW' | 'REPEAT' | 'LOYAL' | 'DORMANT' | 'LOST'; reason: string },
  auth: Auth = { token: f.salesSh1.token },
) {
  const res = await app.gql(LifecycleOverrideDocument, { input }, auth);
  expect(res.errors).toBeUndefined();
  return res.data!.customerLifecycleOverride;
}
async function clear(input: { customerId: string; reason?: string | null }, auth: Auth = { token: f.salesSh1.token }) {
  const res = await app.gql(LifecycleOverrideClearDocument, { input }, auth);
  expect(res.errors).toBeUndefined();
  return res.data!.customerLifecycleOverrideClear;
}

describe('customerLifecycleOverride', () => {
  it('sets the stage by hand with a trimmed reason; the derived stage stays visible; the scoring data version moves on', async () => {
    const before = await dataVersion();
    const payload = await override({ customerId, stage: 'LOST', reason: '  客户已倒闭  ' });
    expect(payload).toEqual({
      userErrors: [],
      customer: { id: customerId, lifecycle: { stage: 'LOST', derivedStage: 'LEAD', override: { stage: 'LOST', reason: '客户已倒闭' } } },
    });
    expect(await overrides(customerId)).toEqual([
      expect.objectContaining({ stage: 'LOST', reason: '客户已倒闭', set_by_id: f.salesSh1.id, cleared_at: null, cleared_by_id: null }),
    ]);
    expect(await dataVersion()).toBeGreaterThan(before);
  });

  it('replaces the override in force and keeps the replaced one as history', async () => {
    const payload = await override({ customerId, stage: 'LOYAL', reason: '战略合作伙伴' }, { token: f.managerEast.token });
    expect(payload.customer?.lifecycle).toMatchObject({ stage: 'LOYAL', override: { stage: 'LOYAL', reason: '战略合作伙伴' } });
    const rows = await overrides(customerId);
    expect(rows.map((r) => [r.stage, r.cleared_at != null, r.cleared_by_id])).toEqual([
      ['LOST', true, f.managerEast.id],
      ['LOYAL', false, null],
    ]);
    expect(rows[1].set_by_id).toBe(f.managerEast.id);
  });

  it('keeps exactly one override in force when several are set at once', async () => {
    const id = await customer('并发客户');
    const stages = ['NEW', 'REPEAT', 'LOYAL', 'DORMANT', 'LOST'] as const;
    const payloads = await Promise.all(stages.map((stage) => override({ customerId: id, stage, reason: `并发 ${stage}` })));
    for (const p of payloads) expect(p.userErrors).toEqual([]);
    const rows = await overrides(id);
    expect(rows).toHaveLength(5);
    expect(rows.filter((r) => r.cleared_at == null)).toHaveLength(1);
  });

  it.each([
    ['a blank reason', { reason: ' \n ' }, ['input', 'reason'], 'INVALID'],
    ['an empty reason', { reason: '' }, ['input', 'reason'], 'INVALID'],
    ['a reason over 500 characters', { reason: '因'.repeat(501) }, ['input', 'reason'], 'INVALID'],
    ['an unknown customer', { customerId: toGlobalId('Customer', 999_999) }, ['input', 'customerId'], 'NOT_FOUND'],
    ['a store id as customer', { customerId: toGlobalId('Store', 1) }, ['input', 'customerId'], 'NOT_FOUND'],
  ])('refuses %s and writes nothing', async (_label, change, field, code) => {
    const before = await allOverrideRows();
    const payload = await override({ customerId, stage: 'DORMANT', reason: '测试', ...change });
    expect(payload.customer).toBeNull();
    expect(payload.userErrors).toEqual([expect.objectContaining({ field, code })]);
    expect(await allOverrideRows()).toBe(before);
  });

  it('refuses an unknown stage before it runs', async () => {
    const res = await app.post(
      { query: 'mutation { customerLifecycleOverride(input: { customerId: "x", stage: ASLEEP, reason: "r" }) { userErrors { code } } }' },
      { token: f.salesSh1.token },
    );
    expect(errorCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('is refused without credentials, to another salesperson, to a key without customers:write; a key with it may', async () => {
    const before = await allOverrideRows();
    const input = { customerId, stage: 'NEW' as const, reason: '越权' };
    expect(errorCode(await app.gql(LifecycleOverrideDocument, { input }))).toBe('UNAUTHENTICATED');
    for (const token of [f.salesSh2.token, f.salesSouth.token]) {
      expect((await override(input, { token })).userErrors).toEqual([
        expect.objectContaining({ field: ['input', 'customerId'], code: 'NOT_FOUND' }),
      ]);
    }
    expect(errorCode(await app.gql(LifecycleOverrideDocument, { input }, { apiKey: await apiKey(['customers:read']) }))).toBe('FORBIDDEN');
    expect(await allOverrideRows()).toBe(before);

    const partner = await override({ ...input, reason: 'ERP 同步' }, { apiKey: await apiKey(['customers:write', 'customers:read']) });
    expect(partner.customer?.lifecycle.override).toEqual({ stage: 'NEW', reason: 'ERP 同步' });
    expect((await overrides(customerId)).at(-1)).toMatchObject({ stage: 'NEW', set_by_id: null, cleared_at: null });
  });
});

describe('customerLifecycleOverrideClear', () => {
  it('clears the override in force with an optional reason; the rules decide again', async () => {
    const id = await customer('取消客户');
    await override({ customerId: id, stage: 'LOYAL', reason: '大客户' });
    const payload = await clear({ customerId: id, reason: ' 判断有误 ' });
    expect(payload).toEqual({ userErrors: [], customer: { id, lifecycle: { stage: 'LEAD', derivedStage: 'LEAD', override: null } } });
    expect(await overrides(id)).toEqual([
      expect.objectContaining({ stage: 'LOYAL', cleared_by_id: f.salesSh1.id, clear_reason: '判断有误', cleared_at: expect.anything() }),
    ]);
    await override({ customerId: id, stage: 'LOST', reason: '再设' });
    expect((await clear({ customerId: id })).userErrors).toEqual([]);
    expect((await overrides(id)).map((r) => [r.stage, r.clear_reason, r.cleared_at != null])).toEqual([
      ['LOYAL', '判断有误', true],
      ['LOST', null, true],
    ]);
  });

  it.each([
    ['a customer without an override', {}, ['input', 'customerId'], 'CONFLICT'],
    ['a blank reason', { reason: '  ' }, ['input', 'reason'], 'INVALID'],
    ['a reason over 500 characters', { reason: 'x'.repeat(501) }, ['input', 'reason'], 'INVALID'],
    ['an unknown customer', { customerId: toGlobalId('Customer', 999_999) }, ['input', 'customerId'], 'NOT_FOUND'],
  ])('refuses %s and changes nothing', async (_label, change, field, code) => {
    const id = await customer(`未设定客户 ${_label}`);
    if (code !== 'CONFLICT') await override({ customerId: id, stage: 'DORMANT', reason: '先设定' });
    const before = await overrides(id);
    const payload = await clear({ customerId: id, ...change });
    expect(payload.customer).toBeNull();
    expect(payload.userErrors).toEqual([expect.objectContaining({ field, code })]);
    expect(await overrides(id)).toEqual(before);
  });

  it('is refused without credentials, to another salesperson and to a key without customers:write', async () => {
    const id = await customer('受保护客户');
    await override({ customerId: id, stage: 'LOYAL', reason: '保留' });
    const before = await overrides(id);
    expect(errorCode(await app.gql(LifecycleOverrideClearDocument, { input: { customerId: id } }))).toBe('UNAUTHENTICATED');
    expect((await clear({ customerId: id }, { token: f.salesSh2.token })).userErrors).toEqual([
      expect.objectContaining({ field: ['input', 'customerId'], code: 'NOT_FOUND' }),
    ]);
    expect(
      errorCode(await app.gql(LifecycleOverrideClearDocument, { input: { customerId: id } }, { apiKey: await apiKey(['customers:read']) })),
    ).toBe('FORBIDDEN');
    expect(await overrides(id)).toEqual(before);
    expect((await clear({ customerId: id }, { token: f.admin.token })).customer?.lifecycle.override).toBeNull();
  });
});
