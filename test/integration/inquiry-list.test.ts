import { calendarDayIn } from '../../src/domain/common/calendar';
import { addDays } from '../../src/domain/common/calendar';
import { localIdOf, toGlobalId } from '../../src/schema/global-id';
import { ApiKeyCreateDocument, InquiryListDocument, type InquiryListQueryVariables } from '../generated/graphql';
import { countStatements, createFixture, type Fixture, createCompanyCustomer } from '../support/fixture';
import { errorCode, startTestApp, type Auth, type TestApp } from '../support/test-app';

/**
 * `inquiries` (issue 14 item 1): "this week's overdue inquiries" across the customers of the
 * viewer's scope, with filters, sort keys and paging; bad input refused; inquiries:read for keys.
 */

let app: TestApp;
let f: Fixture;
const TZ = 'Asia/Shanghai';
const today = calendarDayIn(new Date(), TZ);
const i: Record<string, number> = {};
let keys: Record<'inquiries' | 'customers', Auth>;

async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().getConnection().execute(query, params);
}

const at = (day: string, time: string) => new Date(`${day}T${time}+08:00`);
const HOUR = 3_600_000;

async function inquiry(
  customerId: number,
  r: {
    receivedAt: Date;
    status?: string;
    channel?: string;
    urgency?: string;
    salespersonId: number;
    dueInHours: number;
    responded?: boolean;
    country?: string;
    repeat?: boolean;
  },
) {
  const [row] = await sql<{ id: number }>(
    `insert into inquiry (customer_id, salesperson_id, received_at, channel, urgency, status, country, project_details, currency, response_due_at, first_responded_at,
                          lost_reason, repeat_order, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, '询价', 'CNY', ?, ?, ?, ?, now(), now()) returning id`,
    [
      customerId,
      r.salespersonId,
      r.receivedAt,
      r.channel ?? 'EMAIL',
      r.urgency ?? 'NORMAL',
      r.status ?? 'NEW',
      r.country ?? null,
      new Date(Date.now() + r.dueInHours * HOUR),
      r.responded ? new Date() : null,
      r.status === 'LOST' ? '价格' : null,
      r.repeat ?? false,
    ],
  );
  return row.id;
}

async function list(variables: InquiryListQueryVariables, auth: Auth = { token: f.admin.token }) {
  const res = await app.gql(InquiryListDocument, variables, auth);
  expect(res.errors).toBeUndefined();
  return res.data!.inquiries;
}
const idsOf = (page: { nodes: Array<{ id: string }> }) => page.nodes.map((n) => localIdOf(n.id, 'Inquiry'));

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
  const customer = (name: string, token: string) => createCompanyCustomer(app, name, token);
  const sh1 = await customer('上海询价客户', f.salesSh1.token);
  const south = await customer('华南询价客户', f.salesSouth.token);
  const yesterday = addDays(today, -1);
  i.overdue = await inquiry(sh1, {
    receivedAt: at(addDays(yesterday, -1), '23:59:59'),
    salespersonId: f.salesSh1.id,
    dueInHours: -2,
    country: 'DE',
  });
  i.answered = await inquiry(sh1, {
    receivedAt: at(yesterday, '00:00:00'),
    salespersonId: f.salesSh1.id,
    dueInHours: -2,
    responded: true,
    channel: 'PHONE',
    urgency: 'URGENT',
  });
  i.notYetDue = await inquiry(sh1, { receivedAt: at(yesterday, '09:00:00'), salespersonId: f.salesSh1.id, dueInHours: 5, repeat: true });
  i.lost = await inquiry(sh1, { receivedAt: at(yesterday, '10:00:00'), salespersonId: f.salesSh1.id, dueInHours: -30, status: 'LOST' });
  i.southOverdue = await inquiry(south, {
    receivedAt: at(yesterday, '11:00:00'),
    salespersonId: f.salesSouth.id,
    dueInHours: -1,
    country: 'CN',
  });
  const key = async (scopes: string[]) => ({
    apiKey: (await app.gql(ApiKeyCreateDocument, { input: { name: `inquiries ${scopes.join(' ')}`, scopes } }, { token: f.admin.token }))
      .data!.apiKeyCreate.secret!,
  });
  keys = { inquiries: await key(['inquiries:read']), customers: await key(['customers:read']) };
}, 120_000);
afterAll(() => app.close());

describe('inquiries', () => {
  it('lists the overdue ones now: open, not answered, past the deadline', async () => {
    const page = await list({ first: 50, filter: { overdue: true } });
    expect(idsOf(page)).toEqual([i.overdue, i.southOverdue]);
    expect(page.totalCount).toBe(2);
    expect(idsOf(await list({ first: 50, filter: { overdue: false } }))).toEqual([i.answered, i.notYetDue, i.lost]);
  });

  it('filters by received day (company calendar), status, channel, urgency, salesperson, department, country and repeat order', async () => {
    const ids = async (filter: InquiryListQueryVariables['filter']) => idsOf(await list({ first: 50, filter }));
    const yesterday = addDays(today, -1);
    expect(await ids({ receivedOn: { from: yesterday, to: yesterday } })).toEqual([i.answered, i.notYetDue, i.lost, i.southOverdue]);
    expect(await ids({ statuses: ['LOST'] })).toEqual([i.lost]);
    expect(await ids({ channels: ['PHONE'], urgencies: ['URGENT'] })).toEqual([i.answered]);
    expect(await ids({ salespersonIds: [toGlobalId('User', f.salesSouth.id)] })).toEqual([i.southOverdue]);
    expect(await ids({ departmentIds: [toGlobalId('Department', f.departments.east)], overdue: true })).toEqual([i.overdue]);
    expect(await ids({ countries: ['de'] })).toEqual([i.overdue]);
    expect(await ids({ repeatOrder: true })).toEqual([i.notYetDue]);
    expect((await list({ first: 50, filter: { receivedOn: { from: '0001-01-01', to: '9999-12-31' } } })).totalCount).toBe(5);
  });

  it('sorts by deadline, newest first with reverse, and pages', async () => {
    expect(idsOf(await list({ first: 50, sortKey: 'RESPONSE_DUE_AT' }))).toEqual([
      i.lost,
      i.overdue,
      i.answered,
      i.southOverdue,
      i.notYetDue,
    ]);
    const first = await list({ first: 2, reverse: true });
    expect(idsOf(first)).toEqual([i.southOverdue, i.lost]);
    expect(idsOf(await list({ first: 2, reverse: true, after: first.pageInfo.endCursor }))).toEqual([i.notYetDue, i.answered]);
  });

  it("keeps to the viewer's data scope and needs inquiries:read from a key", async () => {
    expect(idsOf(await list({ first: 50, filter: { overdue: true } }, { token: f.salesSh1.token }))).toEqual([i.overdue]);
    expect(idsOf(await list({ first: 50 }, { token: f.salesSouth.token }))).toEqual([i.southOverdue]);
    expect(errorCode(await app.gql(InquiryListDocument, { first: 5 }, keys.customers))).toBe('FORBIDDEN');
    expect((await list({ first: 50 }, keys.inquiries)).totalCount).toBe(5);
  });

  it.each<[string, InquiryListQueryVariables]>([
    ['an inverted day range', { filter: { receivedOn: { from: today, to: addDays(today, -1) } } }],
    ['a country that is not a code', { filter: { countries: ['Germany'] } }],
    ['a salesperson id of another type', { filter: { salespersonIds: [toGlobalId('Customer', 1)] } }],
  ])('refuses %s with BAD_USER_INPUT', async (_name, variables) => {
    expect(errorCode(await app.gql(InquiryListDocument, variables, { token: f.admin.token }))).toBe('BAD_USER_INPUT');
  });

  it('costs the same statements for a page of 1 and of 4', async () => {
    const statements = (first: number) =>
      countStatements(async () => {
        const res = await app.gql(InquiryListDocument, { first }, { token: f.admin.token });
        expect(res.data!.inquiries.nodes).toHaveLength(first);
      });
    expect(await statements(1)).toBe(await statements(4));
  });
});
