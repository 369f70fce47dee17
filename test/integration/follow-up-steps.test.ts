import {
  ApiKeyCreateDocument,
  CustomerCreateDocument,
  FollowUpsCreateDocument,
  FollowUpsProgressDocument,
  FollowUpsStepCreateDocument,
  FollowUpsStepsDocument,
  FollowUpsStepUpdateDocument,
} from '../generated/graphql';
import { toGlobalId } from '../../src/schema/global-id';
import { createFixture, type Fixture } from '../support/fixture';
import { errorCode, startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let f: Fixture;

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
});
afterAll(() => app.close());

async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().getConnection().execute(query, params);
}
const stepRows = async () =>
  sql<{ key: string; name: string; position: number; active: boolean }>(
    'select key, name, position, active from follow_up_step order by id',
  );

async function createStep(input: { key: string; name: string; position: number }, token = f.admin.token) {
  const res = await app.gql(FollowUpsStepCreateDocument, { input }, { token });
  expect(res.errors).toBeUndefined();
  return res.data!.followUpStepCreate;
}

describe('followUpStepCreate and followUpSteps', () => {
  it('adds steps that followUpSteps lists by position', async () => {
    for (const [key, name, position] of [
      ['quote', '报价', 30],
      ['first_contact', '初次联系', 10],
      ['needs_confirmed', '需求确认', 20],
    ] as const) {
      const payload = await createStep({ key, name, position });
      expect(payload.userErrors).toEqual([]);
      expect(payload.followUpStep).toMatchObject({ key, name, position, active: true });
    }
    const res = await app.gql(FollowUpsStepsDocument, {}, { token: f.salesSh1.token });
    expect(res.data?.followUpSteps.map((s) => s.key)).toEqual(['first_contact', 'needs_confirmed', 'quote']);
  });

  it.each([
    ['a duplicate key', { key: 'quote', name: '再次报价', position: 40 }, ['input', 'key'], 'TAKEN'],
    ['a key with capitals and dashes', { key: 'Bad-Key', name: '坏键', position: 1 }, ['input', 'key'], 'INVALID'],
    ['a key starting with a digit', { key: '1st', name: '第一', position: 1 }, ['input', 'key'], 'INVALID'],
    ['a blank name', { key: 'blank_name', name: '  ', position: 1 }, ['input', 'name'], 'INVALID'],
    ['a negative position', { key: 'negative', name: '负数', position: -1 }, ['input', 'position'], 'INVALID'],
  ])('refuses %s and writes nothing', async (_label, input, field, code) => {
    const before = await stepRows();
    const payload = await createStep(input);
    expect(payload.followUpStep).toBeNull();
    expect(payload.userErrors).toContainEqual(expect.objectContaining({ field, code }));
    expect(await stepRows()).toEqual(before);
  });

  it('gives the key to one of several admins racing for it and tells the others', async () => {
    const input = { key: 'contract', name: '签约', position: 50 };
    const results = await Promise.all(
      Array.from({ length: 6 }, () => app.gql(FollowUpsStepCreateDocument, { input }, { token: f.admin.token })),
    );
    expect(results.map((r) => r.errors)).toEqual(results.map(() => undefined));
    expect(results.filter((r) => r.data?.followUpStepCreate.followUpStep)).toHaveLength(1);
    for (const r of results.filter((r) => !r.data?.followUpStepCreate.followUpStep)) {
      expect(r.data?.followUpStepCreate.userErrors).toEqual([expect.objectContaining({ field: ['input', 'key'], code: 'TAKEN' })]);
    }
    expect((await stepRows()).filter((s) => s.key === 'contract')).toHaveLength(1);
    await sql(`delete from follow_up_step where key = 'contract'`);
  });

  it('is for admins only', async () => {
    const input = { key: 'sneaky', name: '越权', position: 1 };
    expect(errorCode(await app.gql(FollowUpsStepCreateDocument, { input }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await app.gql(FollowUpsStepCreateDocument, { input }, { token: f.managerEast.token }))).toBe('FORBIDDEN');
    const key = await app.gql(
      ApiKeyCreateDocument,
      { input: { name: 'crm', scopes: ['followups:write', 'followups:read'] } },
      { token: f.admin.token },
    );
    const secret = key.data!.apiKeyCreate.secret!;
    expect(errorCode(await app.gql(FollowUpsStepCreateDocument, { input }, { apiKey: secret }))).toBe('FORBIDDEN');
    expect((await stepRows()).map((s) => s.key)).not.toContain('sneaky');
    // Reading the process is open to a partner that reads follow-ups, but not to one that does not.
    expect((await app.gql(FollowUpsStepsDocument, {}, { apiKey: secret })).data?.followUpSteps).toHaveLength(3);
    const other = await app.gql(ApiKeyCreateDocument, { input: { name: 'shop', scopes: ['customers:read'] } }, { token: f.admin.token });
    expect(errorCode(await app.gql(FollowUpsStepsDocument, {}, { apiKey: other.data!.apiKeyCreate.secret! }))).toBe('FORBIDDEN');
  });
});

describe('followUpStepUpdate', () => {
  let visitId: string;
  beforeAll(async () => {
    visitId = (await createStep({ key: 'site_visit', name: '上门', position: 25 })).followUpStep!.id;
  });

  it('renames, moves and deactivates a step; inactive steps leave the default list', async () => {
    const res = await app.gql(
      FollowUpsStepUpdateDocument,
      { input: { id: visitId, name: '上门拜访', position: 5, active: false } },
      { token: f.admin.token },
    );
    expect(res.data?.followUpStepUpdate).toEqual({
      followUpStep: { id: visitId, key: 'site_visit', name: '上门拜访', position: 5, active: false },
      userErrors: [],
    });
    const active = await app.gql(FollowUpsStepsDocument, {}, { token: f.admin.token });
    expect(active.data?.followUpSteps.map((s) => s.key)).not.toContain('site_visit');
    const all = await app.gql(FollowUpsStepsDocument, { includeInactive: true }, { token: f.admin.token });
    expect(all.data?.followUpSteps[0]).toMatchObject({ key: 'site_visit', active: false });
  });

  it.each([
    ['an unknown id', { id: toGlobalId('FollowUpStep', 999_999), name: 'x' }, ['input', 'id'], 'NOT_FOUND'],
    ['an id of another type', { id: toGlobalId('Customer', 1), name: 'x' }, ['input', 'id'], 'NOT_FOUND'],
    ['a blank name', { id: 'VISIT', name: ' ' }, ['input', 'name'], 'INVALID'],
    ['a position over 10000', { id: 'VISIT', position: 10_001 }, ['input', 'position'], 'INVALID'],
  ])('refuses %s and changes nothing', async (_label, input, field, code) => {
    const before = await stepRows();
    const res = await app.gql(
      FollowUpsStepUpdateDocument,
      { input: { ...input, id: input.id === 'VISIT' ? visitId : input.id } },
      { token: f.admin.token },
    );
    expect(res.data?.followUpStepUpdate.userErrors).toContainEqual(expect.objectContaining({ field, code }));
    expect(await stepRows()).toEqual(before);
  });

  it('is for admins only', async () => {
    const input = { id: visitId, name: '改名' };
    expect(errorCode(await app.gql(FollowUpsStepUpdateDocument, { input }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await app.gql(FollowUpsStepUpdateDocument, { input }, { token: f.salesSh1.token }))).toBe('FORBIDDEN');
    expect((await stepRows()).find((s) => s.key === 'site_visit')?.name).toBe('上门拜访');
  });
});

describe('customer.followUpProgress', () => {
  let customerId: string;
  beforeAll(async () => {
    const res = await app.gql(CustomerCreateDocument, { input: { kind: 'COMPANY', name: '进度客户' } }, { token: f.salesSh1.token });
    customerId = res.data!.customerCreate.customer!.id;
  });
  const progress = async (token = f.salesSh1.token) =>
    (await app.gql(FollowUpsProgressDocument, { id: customerId }, { token })).data?.customer?.followUpProgress;
  const record = async (stepKey: string, occurredAt: string) => {
    const res = await app.gql(
      FollowUpsCreateDocument,
      { input: { customerId, channel: 'CALL', summary: stepKey, stepKey, occurredAt } },
      { token: f.salesSh1.token },
    );
    expect(res.data?.followUpCreate.userErrors).toEqual([]);
  };

  it('starts with nothing done and the first step next', async () => {
    expect(await progress()).toEqual({
      steps: [
        { step: { key: 'first_contact', name: '初次联系', position: 10 }, done: false, doneAt: null },
        { step: { key: 'needs_confirmed', name: '需求确认', position: 20 }, done: false, doneAt: null },
        { step: { key: 'quote', name: '报价', position: 30 }, done: false, doneAt: null },
      ],
      completedCount: 0,
      totalCount: 3,
      next: { key: 'first_contact', name: '初次联系' },
    });
  });

  it('marks steps done by the earliest follow-up that recorded them', async () => {
    await record('needs_confirmed', '2026-02-10T02:00:00.000Z');
    await record('needs_confirmed', '2026-02-01T02:00:00.000Z');
    let p = await progress();
    expect(p?.steps.map((s) => [s.step.key, s.done, s.doneAt])).toEqual([
      ['first_contact', false, null],
      ['needs_confirmed', true, '2026-02-01T02:00:00.000Z'],
      ['quote', false, null],
    ]);
    expect(p).toMatchObject({ completedCount: 1, totalCount: 3, next: { key: 'first_contact' } });
    await record('first_contact', '2026-01-20T02:00:00.000Z');
    await record('quote', '2026-02-15T02:00:00.000Z');
    p = await progress();
    expect(p).toMatchObject({ completedCount: 3, totalCount: 3, next: null });
  });

  it('is hidden with the customer from another salesperson', async () => {
    const res = await app.gql(FollowUpsProgressDocument, { id: customerId }, { token: f.salesSh2.token });
    expect(res.errors).toBeUndefined();
    expect(res.data?.customer).toBeNull();
  });
});
