import {
  ApiKeyCreateDocument,
  CustomerCreateDocument,
  InquiryCreateDocument,
  InquiryCustomerInquiriesDocument,
  InquiryNodeDocument,
  InquiryRespondDocument,
  InquiryUpdateDocument,
  type InquiryCreateInput,
} from '../generated/graphql';
import { toGlobalId } from '../../src/schema/global-id';
import { createFixture, type Fixture } from '../support/fixture';
import { errorCode, startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let f: Fixture;
let customer: string;
let readOnlyKey: string;
let writeKey: string;
let writeReadKey: string;

const HOUR = 3_600_000;

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
  customer = (await app.gql(CustomerCreateDocument, { input: { kind: 'COMPANY', name: '询盘客户' } }, { token: f.salesSh1.token })).data!
    .customerCreate.customer!.id;
  const key = async (scopes: string[]) =>
    (await app.gql(ApiKeyCreateDocument, { input: { name: scopes.join(' '), scopes } }, { token: f.admin.token })).data!.apiKeyCreate
      .secret!;
  readOnlyKey = await key(['inquiries:read', 'customers:read']);
  writeKey = await key(['inquiries:write']);
  writeReadKey = await key(['inquiries:write', 'inquiries:read']);
});
afterAll(() => app.close());

const sql = async <T = Record<string, unknown>>(query: string, params: unknown[] = []) =>
  await app.db.orm.em.fork().execute<T[]>(query, params);
const inquiryRows = async () => (await sql<{ n: number }>('select count(*)::int as n from inquiry'))[0].n;
const localId = (gid: string) => Number(Buffer.from(gid, 'base64url').toString().split(':')[1]);

async function create(input: Partial<InquiryCreateInput>, token = f.salesSh1.token) {
  const res = await app.gql(
    InquiryCreateDocument,
    { input: { customerId: customer, channel: 'PHONE', projectDetails: '不锈钢保温杯 500ml', ...input } },
    { token },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.inquiryCreate;
}

describe('inquiryCreate', () => {
  it('records a NEW inquiry with every detail, exact decimals and the email deadline', async () => {
    const before = Date.now();
    const payload = await create({
      channel: 'EMAIL',
      country: 'DE',
      projectDetails: ' 定制LOGO保温杯，双层真空 ',
      applicationArea: '企业礼品',
      quantity: '5000',
      quantityUnit: '个',
      targetPrice: '12.5',
      amount: '62500',
      packaging: '单个彩盒',
      deliveryRequirements: '45天内交货',
      customerBackground: '德国礼品分销商',
    });
    expect(payload.userErrors).toEqual([]);
    const inquiry = payload.inquiry!;
    expect(inquiry).toMatchObject({
      customer: { id: customer },
      salesperson: { id: f.salesSh1.gid },
      channel: 'EMAIL',
      urgency: 'NORMAL',
      status: 'NEW',
      country: 'DE',
      projectDetails: '定制LOGO保温杯，双层真空',
      quantity: '5000.000',
      currency: 'CNY',
      targetPrice: { amount: '12.50', currencyCode: 'CNY' },
      amount: { amount: '62500.00', currencyCode: 'CNY' },
      repeatOrder: false,
      firstRespondedAt: null,
      overdue: false,
      lostReason: null,
      order: null,
      closedAt: null,
    });
    const received = Date.parse(inquiry.receivedAt);
    expect(received).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(inquiry.responseDueAt) - received).toBe(12 * HOUR);
    const [row] = await sql('select amount, target_price, quantity from inquiry where id = ?', [localId(inquiry.id)]);
    expect(row).toEqual({ amount: '62500.00', target_price: '12.50', quantity: '5000.000' });
    const read = await app.gql(InquiryNodeDocument, { id: inquiry.id }, { token: f.salesSh1.token });
    expect(read.data?.node).toMatchObject({ __typename: 'Inquiry', amount: { amount: '62500.00' }, quantity: '5000.000' });
  });

  it('gives an urgent inquiry received at 17:30 in Shanghai until 19:30', async () => {
    const payload = await create({ urgency: 'URGENT', receivedAt: '2026-01-05T09:30:00.000Z' });
    expect(payload.inquiry!.responseDueAt).toBe('2026-01-05T11:30:00.000Z');
    expect(payload.inquiry!.overdue).toBe(true);
  });

  it.each<[string, Partial<InquiryCreateInput>, string[], string]>([
    ['blank project details', { projectDetails: '   ' }, ['input', 'projectDetails'], 'INVALID'],
    ['a country that is not a code', { country: 'germany' }, ['input', 'country'], 'INVALID'],
    ['a zero quantity', { quantity: '0' }, ['input', 'quantity'], 'INVALID'],
    ['a negative target price', { targetPrice: '-1.00' }, ['input', 'targetPrice'], 'INVALID'],
    ['an amount with 3 decimals', { amount: '10.005' }, ['input', 'amount'], 'INVALID'],
    ['an amount too large for its column', { amount: '1000000000000' }, ['input', 'amount'], 'INVALID'],
    ['a foreign currency', { currency: 'USD' }, ['input', 'currency'], 'INVALID'],
    ['a receipt in the future', { receivedAt: new Date(Date.now() + 2 * HOUR).toISOString() }, ['input', 'receivedAt'], 'INVALID'],
    ['an unknown customer', { customerId: toGlobalId('Customer', 99999) }, ['input', 'customerId'], 'NOT_FOUND'],
    ['a store id as customer', { customerId: toGlobalId('Store', 1) }, ['input', 'customerId'], 'NOT_FOUND'],
    ['an unknown salesperson', { salespersonId: toGlobalId('User', 99999) }, ['input', 'salespersonId'], 'NOT_FOUND'],
  ])('refuses %s and writes nothing', async (_, input, field, code) => {
    const before = await inquiryRows();
    const payload = await create(input);
    expect(payload.inquiry).toBeNull();
    expect(payload.userErrors).toContainEqual(expect.objectContaining({ field, code }));
    expect(await inquiryRows()).toBe(before);
  });

  it('keeps a SALES user from handing the inquiry to someone else', async () => {
    const payload = await create({ salespersonId: f.salesSh2.gid });
    expect(payload.userErrors).toEqual([expect.objectContaining({ field: ['input', 'salespersonId'], code: 'FORBIDDEN' })]);
  });

  it('lets a partner key with inquiries:write record one for the owner', async () => {
    const blind = await app.gql(
      InquiryCreateDocument,
      { input: { customerId: customer, channel: 'WEBSITE', projectDetails: '官网询价' } },
      { apiKey: writeKey },
    );
    // Written, but a key reads inquiries only with inquiries:read (partner-scopes.test.ts).
    expect(blind.data?.inquiryCreate).toMatchObject({ userErrors: [], inquiry: null });
    const res = await app.gql(
      InquiryCreateDocument,
      { input: { customerId: customer, channel: 'WEBSITE', projectDetails: '官网询价' } },
      { apiKey: writeReadKey },
    );
    expect(res.data?.inquiryCreate.userErrors).toEqual([]);
    const [row] = await sql('select salesperson_id from inquiry where id = ?', [localId(res.data!.inquiryCreate.inquiry!.id)]);
    expect(row.salesperson_id).toBe(f.salesSh1.id);
  });

  it('refuses other people’s customers, missing credentials and keys without the scope', async () => {
    const before = await inquiryRows();
    const other = await create({}, f.salesSh2.token);
    expect(other.userErrors).toEqual([expect.objectContaining({ field: ['input', 'customerId'], code: 'NOT_FOUND' })]);
    const input = { customerId: customer, channel: 'PHONE' as const, projectDetails: '无权' };
    expect(errorCode(await app.gql(InquiryCreateDocument, { input }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await app.gql(InquiryCreateDocument, { input }, { apiKey: readOnlyKey }))).toBe('FORBIDDEN');
    expect(await inquiryRows()).toBe(before);
  });
});

describe('inquiryUpdate', () => {
  it('changes details, clears with null and recomputes the deadline with the urgency', async () => {
    const id = (await create({ channel: 'FAX', receivedAt: '2026-01-06T01:00:00.000Z', packaging: '纸箱', amount: '100' })).inquiry!.id;
    const res = await app.gql(
      InquiryUpdateDocument,
      { input: { id, urgency: 'URGENT', packaging: null, amount: '250.5', quantity: '12.5', projectDetails: '改为 1L 款' } },
      { token: f.salesSh1.token },
    );
    expect(res.data?.inquiryUpdate.userErrors).toEqual([]);
    expect(res.data?.inquiryUpdate.inquiry).toMatchObject({
      urgency: 'URGENT',
      channel: 'FAX',
      packaging: null,
      amount: { amount: '250.50' },
      quantity: '12.500',
      projectDetails: '改为 1L 款',
      responseDueAt: '2026-01-06T10:00:00.000Z', // 18:00 in Shanghai that day
    });
  });

  it.each<[string, Record<string, unknown>, string[], string]>([
    ['clearing the project details', { projectDetails: null }, ['input', 'projectDetails'], 'REQUIRED'],
    ['clearing the channel', { channel: null }, ['input', 'channel'], 'REQUIRED'],
    ['a negative quantity', { quantity: '-1' }, ['input', 'quantity'], 'INVALID'],
    ['an unknown inquiry', { id: toGlobalId('Inquiry', 99999) }, ['input', 'id'], 'NOT_FOUND'],
  ])('refuses %s and writes nothing', async (_, change, field, code) => {
    const id = (await create({ projectDetails: '原始需求', amount: '10' })).inquiry!.id;
    const res = await app.gql(InquiryUpdateDocument, { input: { id, amount: '99', ...change } as never }, { token: f.salesSh1.token });
    expect(res.data?.inquiryUpdate.userErrors).toContainEqual(expect.objectContaining({ field, code }));
    const [row] = await sql('select project_details, amount, channel from inquiry where id = ?', [localId(id)]);
    expect(row).toEqual({ project_details: '原始需求', amount: '10.00', channel: 'PHONE' });
  });

  it('refuses other people’s inquiries, missing credentials and keys without the scope', async () => {
    const id = (await create({ amount: '10' })).inquiry!.id;
    const other = await app.gql(InquiryUpdateDocument, { input: { id, amount: '1' } }, { token: f.salesSh2.token });
    expect(other.data?.inquiryUpdate.userErrors).toEqual([expect.objectContaining({ field: ['input', 'id'], code: 'NOT_FOUND' })]);
    expect(errorCode(await app.gql(InquiryUpdateDocument, { input: { id, amount: '1' } }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await app.gql(InquiryUpdateDocument, { input: { id, amount: '1' } }, { apiKey: readOnlyKey }))).toBe('FORBIDDEN');
    expect((await sql('select amount from inquiry where id = ?', [localId(id)]))[0].amount).toBe('10.00');
  });
});

describe('inquiryRespond', () => {
  it('records the first answer once, which ends the overdue state', async () => {
    const receivedAt = new Date(Date.now() - 48 * HOUR).toISOString();
    const id = (await create({ receivedAt })).inquiry!.id;
    expect((await app.gql(InquiryNodeDocument, { id }, { token: f.salesSh1.token })).data?.node).toMatchObject({ overdue: true });
    const respondedAt = new Date(Date.now() - 20 * HOUR).toISOString();
    const first = await app.gql(InquiryRespondDocument, { input: { id, respondedAt } }, { token: f.salesSh1.token });
    expect(first.data?.inquiryRespond).toEqual({
      inquiry: { id, status: 'NEW', firstRespondedAt: respondedAt, overdue: false },
      userErrors: [],
    });
    const again = await app.gql(InquiryRespondDocument, { input: { id } }, { token: f.salesSh1.token });
    expect(again.data?.inquiryRespond.inquiry?.firstRespondedAt).toBe(respondedAt);
    const [row] = await sql<{ first_responded_at: string }>('select first_responded_at from inquiry where id = ?', [localId(id)]);
    expect(new Date(row.first_responded_at).toISOString()).toBe(respondedAt);
  });

  it.each<[string, (received: number) => string]>([
    ['before the inquiry was received', (received) => new Date(received - HOUR).toISOString()],
    ['in the future', () => new Date(Date.now() + 2 * HOUR).toISOString()],
  ])('refuses an answer %s and writes nothing', async (_, at) => {
    const receivedAt = new Date(Date.now() - 5 * HOUR);
    const id = (await create({ receivedAt: receivedAt.toISOString() })).inquiry!.id;
    const res = await app.gql(
      InquiryRespondDocument,
      { input: { id, respondedAt: at(receivedAt.getTime()) } },
      { token: f.salesSh1.token },
    );
    expect(res.data?.inquiryRespond.userErrors).toEqual([expect.objectContaining({ field: ['input', 'respondedAt'], code: 'INVALID' })]);
    expect((await sql('select first_responded_at from inquiry where id = ?', [localId(id)]))[0].first_responded_at).toBeNull();
  });

  it('refuses other people’s inquiries, missing credentials and keys without the scope', async () => {
    const id = (await create({})).inquiry!.id;
    const other = await app.gql(InquiryRespondDocument, { input: { id } }, { token: f.salesSh2.token });
    expect(other.data?.inquiryRespond.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
    expect(errorCode(await app.gql(InquiryRespondDocument, { input: { id } }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await app.gql(InquiryRespondDocument, { input: { id } }, { apiKey: readOnlyKey }))).toBe('FORBIDDEN');
    expect((await sql('select first_responded_at from inquiry where id = ?', [localId(id)]))[0].first_responded_at).toBeNull();
  });
});

describe('reading inquiries', () => {
  let reader: string;
  let ids: string[];

  beforeAll(async () => {
    reader = (await app.gql(CustomerCreateDocument, { input: { kind: 'PERSON', name: '分页客户' } }, { token: f.salesSh1.token })).data!
      .customerCreate.customer!.id;
    ids = [];
    for (const day of ['2026-01-01', '2026-01-03', '2026-01-02']) {
      ids.push((await create({ customerId: reader, receivedAt: `${day}T02:00:00.000Z`, projectDetails: day, amount: '1' })).inquiry!.id);
    }
  });

  it('lists a customer’s inquiries newest received first, page by page, with the open figures', async () => {
    const page1 = await app.gql(InquiryCustomerInquiriesDocument, { customerId: reader, first: 2 }, { token: f.salesSh1.token });
    const c = page1.data!.customer!;
    expect(c.inquiries.totalCount).toBe(3);
    expect(c.inquiries.edges.map((e) => e.node.projectDetails)).toEqual(['2026-01-03', '2026-01-02']);
    expect(c.inquiries.pageInfo.hasNextPage).toBe(true);
    expect(c.stats).toEqual({ openInquiryCount: 3, openInquiryAmount: { amount: '3.00', currencyCode: 'CNY' } });
    const page2 = await app.gql(
      InquiryCustomerInquiriesDocument,
      { customerId: reader, first: 2, after: c.inquiries.pageInfo.endCursor },
      { token: f.salesSh1.token },
    );
    expect(page2.data!.customer!.inquiries.edges.map((e) => e.node.id)).toEqual([ids[0]]);
    expect(page2.data!.customer!.inquiries.pageInfo.hasNextPage).toBe(false);
  });

  it('shows an inquiry to its customer’s data scope and to keys with inquiries:read only', async () => {
    expect((await app.gql(InquiryNodeDocument, { id: ids[0] }, { token: f.managerEast.token })).data?.node).toMatchObject({ id: ids[0] });
    expect((await app.gql(InquiryNodeDocument, { id: ids[0] }, { token: f.salesSh2.token })).data?.node).toBeNull();
    expect((await app.gql(InquiryNodeDocument, { id: ids[0] }, { apiKey: readOnlyKey })).data?.node).toMatchObject({
      id: ids[0],
      salesperson: null,
    });
    expect((await app.gql(InquiryNodeDocument, { id: ids[0] }, { apiKey: writeKey })).data?.node).toBeNull();
  });
});
