import { calendarDayIn } from '../../src/domain/common/calendar';
import { addDays } from '../../src/domain/common/calendar';
import { localIdOf, toGlobalId } from '../../src/schema/global-id';
import { ApiKeyCreateDocument, FollowUpListDocument, type FollowUpListQueryVariables } from '../generated/graphql';
import { countStatements, createFixture, type Fixture, createCompanyCustomer } from '../support/fixture';
import { errorCode, startTestApp, type Auth, type TestApp } from '../support/test-app';

/**
 * `followUps` (issue 14 item 1): the contacts with the viewer's customers across customers,
 * e.g. who to call today (the next follow-up day), with filters, sort and paging; bad input
 * refused; followups:read for keys.
 */

let app: TestApp;
let f: Fixture;
const TZ = 'Asia/Shanghai';
const today = calendarDayIn(new Date(), TZ);
const fu: Record<string, number> = {};
let keys: Record<'followUps' | 'customers', Auth>;

async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().getConnection().execute(query, params);
}

const at = (day: string, time: string) => new Date(`${day}T${time}+08:00`);

async function followUp(
  customerId: number,
  r: { at: Date; salespersonId: number; channel?: string; outcome?: string | null; next?: string | null },
) {
  const [row] = await sql<{ id: number }>(
    `insert into follow_up (customer_id, salesperson_id, channel, occurred_at, summary, outcome, next_follow_up_on, created_at) values (?, ?, ?, ?, '回访', ?, ?, now()) returning id`,
    [customerId, r.salespersonId, r.channel ?? 'CALL', r.at, r.outcome ?? null, r.next ?? null],
  );
  return row.id;
}

async function list(variables: FollowUpListQueryVariables, auth: Auth = { token: f.admin.token }) {
  const res = await app.gql(FollowUpListDocument, variables, auth);
  expect(res.errors).toBeUndefined();
  return res.data!.followUps;
}
const idsOf = (page: { nodes: Array<{ id: string }> }) => page.nodes.map((n) => localIdOf(n.id, 'FollowUp'));

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
  const customer = (name: string, token: string) => createCompanyCustomer(app, name, token);
  const sh1 = await customer('上海跟进客户', f.salesSh1.token);
  const south = await customer('华南跟进客户', f.salesSouth.token);
  const yesterday = addDays(today, -1);
  fu.lateEvening = await followUp(sh1, {
    at: at(addDays(yesterday, -1), '23:59:59'),
    salespersonId: f.salesSh1.id,
    outcome: 'INTERESTED',
    next: today,
  });
  fu.midnight = await followUp(sh1, {
    at: at(yesterday, '00:00:00'),
    salespersonId: f.salesSh1.id,
    channel: 'VISIT',
    outcome: 'QUOTED',
    next: addDays(today, 1),
  });
  fu.noNext = await followUp(sh1, { at: at(yesterday, '09:00:00'), salespersonId: f.salesSh1.id, outcome: 'NOT_INTERESTED' });
  fu.south = await followUp(south, { at: at(yesterday, '10:00:00'), salespersonId: f.salesSouth.id, channel: 'WECHAT', next: today });
  const key = async (scopes: string[]) => ({
    apiKey: (await app.gql(ApiKeyCreateDocument, { input: { name: `follow-ups ${scopes.join(' ')}`, scopes } }, { token: f.admin.token }))
      .data!.apiKeyCreate.secret!,
  });
  keys = { followUps: await key(['followups:read']), customers: await key(['customers:read']) };
}, 120_000);
afterAll(() => app.close());

describe('followUps', () => {
  it('lists who to call today: the next follow-up day planned', async () => {
    const page = await list({ first: 50, filter: { nextFollowUpOn: { from: today, to: today } } });
    expect(idsOf(page)).toEqual([fu.lateEvening, fu.south]);
    expect(page.totalCount).toBe(2);
    expect(idsOf(await list({ first: 50, filter: { nextFollowUpOn: { from: today, to: today } } }, { token: f.salesSh1.token }))).toEqual([
      fu.lateEvening,
    ]);
  });

  it('filters by day of contact (company calendar), channel, outcome, salesperson, department and customer', async () => {
    const ids = async (filter: FollowUpListQueryVariables['filter']) => idsOf(await list({ first: 50, filter }));
    const yesterday = addDays(today, -1);
    expect(await ids({ occurredOn: { from: yesterday, to: yesterday } })).toEqual([fu.midnight, fu.noNext, fu.south]);
    expect(await ids({ occurredOn: { to: addDays(yesterday, -1) } })).toEqual([fu.lateEvening]);
    expect(await ids({ channels: ['VISIT', 'WECHAT'] })).toEqual([fu.midnight, fu.south]);
    expect(await ids({ outcomes: ['QUOTED', 'NOT_INTERESTED'] })).toEqual([fu.midnight, fu.noNext]);
    expect(await ids({ salespersonIds: [toGlobalId('User', f.salesSouth.id)] })).toEqual([fu.south]);
    expect(await ids({ departmentIds: [toGlobalId('Department', f.departments.south)] })).toEqual([fu.south]);
  });

  it('sorts newest first with reverse and pages', async () => {
    const first = await list({ first: 2, reverse: true });
    expect(idsOf(first)).toEqual([fu.south, fu.noNext]);
    expect(idsOf(await list({ first: 2, reverse: true, after: first.pageInfo.endCursor }))).toEqual([fu.midnight, fu.lateEvening]);
  });

  it("keeps to the viewer's data scope and needs followups:read from a key", async () => {
    expect(idsOf(await list({ first: 50 }, { token: f.salesSouth.token }))).toEqual([fu.south]);
    expect(idsOf(await list({ first: 50 }, { token: f.salesSh2.token }))).toEqual([]);
    expect(errorCode(await app.gql(FollowUpListDocument, { first: 5 }, keys.customers))).toBe('FORBIDDEN');
    expect((await list({ first: 50 }, keys.followUps)).totalCount).toBe(4);
  });

  it.each<[string, FollowUpListQueryVariables]>([
    ['an inverted next-day range', { filter: { nextFollowUpOn: { from: today, to: addDays(today, -1) } } }],
    ['an inverted contact-day range', { filter: { occurredOn: { from: today, to: addDays(today, -1) } } }],
    ['a customer id of another type', { filter: { customerIds: [toGlobalId('Order', 1)] } }],
  ])('refuses %s with BAD_USER_INPUT', async (_name, variables) => {
    expect(errorCode(await app.gql(FollowUpListDocument, variables, { token: f.admin.token }))).toBe('BAD_USER_INPUT');
  });

  it('costs the same statements for a page of 1 and of 4', async () => {
    const statements = (first: number) =>
      countStatements(async () => {
        const res = await app.gql(FollowUpListDocument, { first }, { token: f.admin.token });
        expect(res.data!.followUps.nodes).toHaveLength(first);
      });
    expect(await statements(1)).toBe(await statements(4));
  });
});
