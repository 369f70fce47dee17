import {
  ApiKeyCreateDocument,
  CustomerCreateDocument,
  FollowUpsCreateDocument,
  FollowUpsNodeDocument,
  FollowUpsOfCustomerDocument,
  FollowUpsPageDocument,
  FollowUpsUpdateDocument,
} from '../generated/graphql';
import { localIdOf, toGlobalId } from '../../src/schema/global-id';
import { countStatements, createFixture, type Fixture } from '../support/fixture';
import { errorCode, startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let f: Fixture;
let sh1Customer: string; // owned by salesSh1
let stepId: number;

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
  sh1Customer = await customer(f.salesSh1.token, '上海客户甲');
  [{ id: stepId }] = await sql<{ id: number }>(
    `insert into follow_up_step (key, name, position, active, created_at) values ('first_contact', '初次联系', 10, true, now()) returning id`,
  );
  await sql(`insert into follow_up_step (key, name, position, active, created_at) values ('retired', '旧步骤', 5, false, now())`);
});
afterAll(() => app.close());

async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().getConnection().execute(query, params);
}
/** Timestamps come back from the raw connection as text. */
const iso = (value: string | null) => (value == null ? null : new Date(value).toISOString());
const followUpRows = async () => (await sql<{ n: number }>('select count(*)::int as n from follow_up'))[0].n;
const statsOf = async (customerGid: string) =>
  (
    await sql<{ follow_up_count: number; last_follow_up_at: string | null; last_qualifying_follow_up_at: string | null }>(
      'select follow_up_count, last_follow_up_at, last_qualifying_follow_up_at from customer_stats where customer_id = ?',
      [localIdOf(customerGid, 'Customer')],
    )
  )[0];

async function customer(token: string, name: string): Promise<string> {
  const res = await app.gql(CustomerCreateDocument, { input: { kind: 'PERSON', name } }, { token });
  expect(res.data?.customerCreate.userErrors).toEqual([]);
  return res.data!.customerCreate.customer!.id;
}
async function apiKey(scopes: string[]): Promise<string> {
  const res = await app.gql(ApiKeyCreateDocument, { input: { name: `key ${scopes.join(' ')}`, scopes } }, { token: f.admin.token });
  expect(res.data?.apiKeyCreate.userErrors).toEqual([]);
  return res.data!.apiKeyCreate.secret!;
}
async function createFollowUp(token: string, input: Record<string, unknown>) {
  const res = await app.gql(FollowUpsCreateDocument, { input: { channel: 'CALL', summary: '电话沟通', ...input } as never }, { token });
  expect(res.errors).toBeUndefined();
  return res.data!.followUpCreate;
}

describe('followUpCreate', () => {
  it('records a contact for the salesperson who made it and updates the customer figures', async () => {
    const id = await customer(f.salesSh1.token, '跟进客户');
    const before = Date.now();
    const payload = await createFollowUp(f.salesSh1.token, {
      customerId: id,
      channel: 'VISIT',
      summary: '  上门介绍新款空调  ',
      outcome: 'INTERESTED',
      outcomeNote: '预算一万左右',
      nextFollowUpOn: '2099-01-15',
      stepKey: 'first_contact',
    });
    expect(payload.userErrors).toEqual([]);
    const fu = payload.followUp!;
    expect(fu).toMatchObject({
      channel: 'VISIT',
      summary: '上门介绍新款空调',
      outcome: 'INTERESTED',
      outcomeNote: '预算一万左右',
      nextFollowUpOn: '2099-01-15',
      customer: { id, name: '跟进客户' },
      salesperson: { id: f.salesSh1.gid },
      step: { key: 'first_contact', name: '初次联系', position: 10 },
    });
    expect(Date.parse(fu.occurredAt)).toBeGreaterThanOrEqual(before - 1000);
    const stats = await statsOf(id);
    expect(stats.follow_up_count).toBe(1);
    expect(iso(stats.last_follow_up_at)).toBe(fu.occurredAt);
    expect(iso(stats.last_qualifying_follow_up_at)).toBe(fu.occurredAt);

    const earlier = await createFollowUp(f.salesSh1.token, {
      customerId: id,
      occurredAt: '2026-01-05T02:00:00.000Z',
      outcome: 'NO_RESPONSE',
    });
    expect(earlier.userErrors).toEqual([]);
    const after = await statsOf(id);
    expect(after.follow_up_count).toBe(2);
    expect(iso(after.last_follow_up_at)).toBe(fu.occurredAt);
  });

  it('lets a manager record for a customer of its department under a named salesperson', async () => {
    const payload = await createFollowUp(f.managerEast.token, {
      customerId: sh1Customer,
      salespersonId: f.salesSh1.gid,
      channel: 'WECHAT',
    });
    expect(payload.userErrors).toEqual([]);
    expect(payload.followUp?.salesperson?.id).toBe(f.salesSh1.gid);
  });

  it.each([
    ['a blank summary', { summary: '   ' }, ['input', 'summary'], 'INVALID'],
    ['a summary over 5000 characters', { summary: 'x'.repeat(5001) }, ['input', 'summary'], 'INVALID'],
    ['a time 10 minutes ahead', { occurredAt: new Date(Date.now() + 600_000).toISOString() }, ['input', 'occurredAt'], 'INVALID'],
    [
      'a next date before the follow-up day',
      { occurredAt: '2026-03-01T04:00:00.000Z', nextFollowUpOn: '2026-02-28' },
      ['input', 'nextFollowUpOn'],
      'INVALID',
    ],
    ['an unknown step', { stepKey: 'no_such_step' }, ['input', 'stepKey'], 'NOT_FOUND'],
    ['an inactive step', { stepKey: 'retired' }, ['input', 'stepKey'], 'INVALID'],
    ['an over-long outcome note', { outcomeNote: 'x'.repeat(501) }, ['input', 'outcomeNote'], 'INVALID'],
    ['another salesperson named by SALES', { salespersonId: 'OTHER' }, ['input', 'salespersonId'], 'FORBIDDEN'],
    ['an unknown salesperson', { salespersonId: toGlobalId('User', 999_999) }, ['input', 'salespersonId'], 'NOT_FOUND'],
    ['an unknown customer', { customerId: toGlobalId('Customer', 999_999) }, ['input', 'customerId'], 'NOT_FOUND'],
  ])('refuses %s and writes nothing', async (_label, input, field, code) => {
    const rows = await followUpRows();
    const stats = await statsOf(sh1Customer);
    const named = input as Record<string, unknown>;
    const resolved = { ...named, ...(named.salespersonId === 'OTHER' ? { salespersonId: f.salesSh2.gid } : {}) };
    const payload = await createFollowUp(f.salesSh1.token, { customerId: sh1Customer, ...resolved });
    expect(payload.followUp).toBeNull();
    expect(payload.userErrors).toContainEqual(expect.objectContaining({ field, code }));
    expect(await followUpRows()).toBe(rows);
    expect(await statsOf(sh1Customer)).toEqual(stats);
  });

  it('needs a viewer', async () => {
    const res = await app.gql(FollowUpsCreateDocument, { input: { customerId: sh1Customer, channel: 'CALL', summary: 'x' } });
    expect(errorCode(res)).toBe('UNAUTHENTICATED');
  });

  it('does not let a salesperson record for another salesperson’s customer', async () => {
    const rows = await followUpRows();
    const payload = await createFollowUp(f.salesSh2.token, { customerId: sh1Customer });
    expect(payload).toEqual({
      followUp: null,
      userErrors: [expect.objectContaining({ field: ['input', 'customerId'], code: 'NOT_FOUND' })],
    });
    expect(await followUpRows()).toBe(rows);
  });

  it('needs followups:write from a partner key, and records without a salesperson', async () => {
    const reader = await apiKey(['followups:read']);
    const res = await app.gql(
      FollowUpsCreateDocument,
      { input: { customerId: sh1Customer, channel: 'SMS', summary: '短信' } },
      { apiKey: reader },
    );
    expect(errorCode(res)).toBe('FORBIDDEN');
    const writer = await apiKey(['followups:write', 'followups:read', 'customers:read']);
    const ok = await app.gql(
      FollowUpsCreateDocument,
      { input: { customerId: sh1Customer, channel: 'SMS', summary: '营销短信已发送' } },
      { apiKey: writer },
    );
    expect(ok.data?.followUpCreate.userErrors).toEqual([]);
    expect(ok.data?.followUpCreate.followUp?.salesperson).toBeNull();
  });
});

describe('followUpUpdate', () => {
  let id: string;
  let customerId: string;
  beforeAll(async () => {
    customerId = await customer(f.salesSh1.token, '待更新客户');
    id = (
      await createFollowUp(f.salesSh1.token, {
        customerId,
        occurredAt: '2026-03-01T04:00:00.000Z',
        outcomeNote: '稍后回电',
        outcome: 'NO_RESPONSE',
      })
    ).followUp!.id;
  });

  it('corrects the record, clears what is null, and refreshes the figures', async () => {
    expect((await statsOf(customerId)).last_qualifying_follow_up_at).toBeNull();
    const res = await app.gql(
      FollowUpsUpdateDocument,
      {
        input: {
          id,
          summary: '已接通，客户要报价',
          outcome: 'QUOTED',
          outcomeNote: null,
          nextFollowUpOn: '2026-03-01',
          stepKey: 'first_contact',
        },
      },
      { token: f.salesSh1.token },
    );
    expect(res.data?.followUpUpdate.userErrors).toEqual([]);
    expect(res.data?.followUpUpdate.followUp).toMatchObject({
      id,
      summary: '已接通，客户要报价',
      outcome: 'QUOTED',
      outcomeNote: null,
      nextFollowUpOn: '2026-03-01',
      occurredAt: '2026-03-01T04:00:00.000Z',
      step: { key: 'first_contact' },
    });
    expect(iso((await statsOf(customerId)).last_qualifying_follow_up_at)).toBe('2026-03-01T04:00:00.000Z');
    const cleared = await app.gql(FollowUpsUpdateDocument, { input: { id, stepKey: null } }, { token: f.salesSh1.token });
    expect(cleared.data?.followUpUpdate.followUp).toMatchObject({ step: null, summary: '已接通，客户要报价' });
  });

  it.each([
    ['a null summary', { summary: null }, ['input', 'summary'], 'REQUIRED'],
    ['a blank summary', { summary: ' ' }, ['input', 'summary'], 'INVALID'],
    ['a next date before the follow-up day', { nextFollowUpOn: '2026-02-28' }, ['input', 'nextFollowUpOn'], 'INVALID'],
    ['an unknown step', { stepKey: 'nope' }, ['input', 'stepKey'], 'NOT_FOUND'],
    ['an unknown id', { id: toGlobalId('FollowUp', 999_999) }, ['input', 'id'], 'NOT_FOUND'],
  ])('refuses %s and changes nothing', async (_label, input, field, code) => {
    const [before] = await sql('select * from follow_up where id = ?', [localIdOf(id, 'FollowUp')]);
    const res = await app.gql(
      FollowUpsUpdateDocument,
      { input: { id, outcome: 'ORDERED', ...input } as never },
      { token: f.salesSh1.token },
    );
    expect(res.data?.followUpUpdate.followUp).toBeNull();
    expect(res.data?.followUpUpdate.userErrors).toContainEqual(expect.objectContaining({ field, code }));
    expect((await sql('select * from follow_up where id = ?', [localIdOf(id, 'FollowUp')]))[0]).toEqual(before);
  });

  it('is refused without credentials, to another salesperson and to a read-only key', async () => {
    expect(errorCode(await app.gql(FollowUpsUpdateDocument, { input: { id, summary: 'x' } }))).toBe('UNAUTHENTICATED');
    const other = await app.gql(FollowUpsUpdateDocument, { input: { id, summary: 'x' } }, { token: f.salesSh2.token });
    expect(other.data?.followUpUpdate.userErrors).toEqual([expect.objectContaining({ field: ['input', 'id'], code: 'NOT_FOUND' })]);
    const reader = await apiKey(['followups:read']);
    expect(errorCode(await app.gql(FollowUpsUpdateDocument, { input: { id, summary: 'x' } }, { apiKey: reader }))).toBe('FORBIDDEN');
    const [row] = await sql<{ summary: string }>('select summary from follow_up where id = ?', [localIdOf(id, 'FollowUp')]);
    expect(row.summary).toBe('已接通，客户要报价');
  });
});

describe('reading follow-ups', () => {
  let customerId: string;
  beforeAll(async () => {
    customerId = await customer(f.salesSh1.token, '多次跟进客户');
    for (const day of ['01', '03', '02', '05', '04']) {
      await createFollowUp(f.salesSh1.token, { customerId, occurredAt: `2026-02-${day}T02:00:00.000Z`, summary: `第${day}天` });
    }
  });

  it('pages customer.followUps newest first with a cursor', async () => {
    const page1 = await app.gql(FollowUpsOfCustomerDocument, { id: customerId, first: 2 }, { token: f.salesSh1.token });
    const list = page1.data!.customer!.followUps;
    expect(list.totalCount).toBe(5);
    expect(list.edges.map((e) => e.node.summary)).toEqual(['第05天', '第04天']);
    expect(list.pageInfo.hasNextPage).toBe(true);
    const page2 = await app.gql(
      FollowUpsOfCustomerDocument,
      { id: customerId, first: 10, after: list.pageInfo.endCursor },
      { token: f.salesSh1.token },
    );
    expect(page2.data!.customer!.followUps.edges.map((e) => e.node.summary)).toEqual(['第03天', '第02天', '第01天']);
    expect(page2.data!.customer!.followUps.pageInfo.hasNextPage).toBe(false);
  });

  it('pages customer.followUps backward with last / before, the same rows in the same order', async () => {
    const auth = { token: f.salesSh1.token };
    const tail = await app.gql(FollowUpsOfCustomerDocument, { id: customerId, last: 2 }, auth);
    const end = tail.data!.customer!.followUps;
    expect(end.edges.map((e) => e.node.summary)).toEqual(['第02天', '第01天']);
    expect(end.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    const before = await app.gql(FollowUpsOfCustomerDocument, { id: customerId, last: 2, before: end.pageInfo.startCursor }, auth);
    const middle = before.data!.customer!.followUps;
    expect(middle.edges.map((e) => e.node.summary)).toEqual(['第04天', '第03天']);
    expect(middle.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    const start = await app.gql(FollowUpsOfCustomerDocument, { id: customerId, last: 5, before: middle.pageInfo.startCursor }, auth);
    expect(start.data!.customer!.followUps.edges.map((e) => e.node.summary)).toEqual(['第05天']);
    expect(start.data!.customer!.followUps.pageInfo.hasPreviousPage).toBe(false);
    // Walking back over the whole list gives the forward order.
    const forward = await app.gql(FollowUpsOfCustomerDocument, { id: customerId, first: 10 }, auth);
    expect(forward.data!.customer!.followUps.edges.map((e) => e.cursor)).toEqual(
      [...start.data!.customer!.followUps.edges, ...middle.edges, ...end.edges].map((e) => e.cursor),
    );
    const both = await app.gql(FollowUpsOfCustomerDocument, { id: customerId, first: 1, last: 1 }, auth);
    expect(errorCode(both)).toBe('BAD_USER_INPUT');
  });

  it('hides follow-ups outside the data scope and from keys without followups:read', async () => {
    const page = await app.gql(FollowUpsOfCustomerDocument, { id: customerId, first: 2 }, { token: f.salesSh1.token });
    const followUpId = page.data!.customer!.followUps.edges[0].node.id;
    expect((await app.gql(FollowUpsNodeDocument, { id: followUpId }, { token: f.salesSh1.token })).data?.node).toMatchObject({
      __typename: 'FollowUp',
      customer: { id: customerId },
    });
    expect((await app.gql(FollowUpsNodeDocument, { id: followUpId }, { token: f.salesSh2.token })).data?.node).toBeNull();
    const customersOnly = await apiKey(['customers:read']);
    const res = await app.gql(FollowUpsOfCustomerDocument, { id: customerId, first: 2 }, { apiKey: customersOnly });
    expect(errorCode(res)).toBe('FORBIDDEN');
  });

  it('runs as many statements for 50 customers as for 5', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 50; i++) ids.push(localIdOf(await customer(f.admin.token, `批量客户${i}`), 'Customer')!);
    await sql(
      `insert into follow_up (customer_id, salesperson_id, channel, occurred_at, summary, step_id, created_at)
       select c, ?, 'CALL', now() - (n || ' days')::interval, '批量跟进', case when n = 1 then ?::int end, now()
         from unnest(array[?]::int[]) c cross join generate_series(1, 4) n`,
      [f.salesSh1.id, stepId, ids],
    );
    const run = (first: number) => app.gql(FollowUpsPageDocument, { first }, { token: f.admin.token });
    const small = await countStatements(() => run(5));
    const large = await countStatements(() => run(50));
    expect(large).toBe(small);
    const res = await run(50);
    expect(res.errors).toBeUndefined();
    const nodes = res.data!.customers.nodes;
    expect(nodes).toHaveLength(50);
    const batchIds = new Set(ids.map((id) => toGlobalId('Customer', id)));
    const batch = nodes.filter((n) => batchIds.has(n.id));
    expect(batch.length).toBeGreaterThan(40);
    for (const n of batch) {
      expect(n.followUps.nodes).toHaveLength(3);
      expect(n.followUps.nodes[0].salesperson?.name).toBe('上海销售一');
      expect(n.followUpProgress).toMatchObject({ completedCount: 1, totalCount: 1, next: null });
    }
  });
});
