import {
  ApiKeyCreateDocument,
  CustomerCreateDocument,
  InquiriesGraphDocument,
  InquiryConvertToOrderDocument,
  InquiryCreateDocument,
  InquiryMoveDocument,
  InquiryOrderCompleteDocument,
  InquiryRespondDocument,
  InquiryUpdateDocument,
  type InquiryStatus,
} from '../generated/graphql';
import { toGlobalId } from '../../src/schema/global-id';
import { countStatements, createFixture, type Fixture } from '../support/fixture';
import { insertProducts, type TestProduct } from '../support/products';
import { errorCode, startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let f: Fixture;
let customer: string;
let kettle: TestProduct;
let inquiriesOnly: string;
let inquiriesAndOrders: string;

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
  [kettle] = await insertProducts(app, [{ sku: 'KT-IQ', name: '电热水壶', listPrice: '199.00', cost: '120.00' }]);
  customer = await newCustomer('询盘流程客户');
  const key = async (scopes: string[]) =>
    (await app.gql(ApiKeyCreateDocument, { input: { name: scopes.join(' '), scopes } }, { token: f.admin.token })).data!.apiKeyCreate
      .secret!;
  inquiriesOnly = await key(['inquiries:read', 'inquiries:write']);
  inquiriesAndOrders = await key(['inquiries:write', 'orders:write', 'inquiries:read']);
});
afterAll(() => app.close());

async function newCustomer(name: string, token = f.salesSh1.token): Promise<string> {
  return (await app.gql(CustomerCreateDocument, { input: { kind: 'COMPANY', name } }, { token })).data!.customerCreate.customer!.id;
}

const sql = async <T = Record<string, unknown>>(query: string, params: unknown[] = []) =>
  await app.db.orm.em.fork().execute<T[]>(query, params);
const localId = (gid: string) => Number(Buffer.from(gid, 'base64url').toString().split(':')[1]);
const statusOf = async (id: string) => (await sql<{ status: string }>('select status from inquiry where id = ?', [localId(id)]))[0].status;
const orderRows = async () => (await sql<{ n: number }>('select count(*)::int as n from sales_order'))[0].n;

async function inquiry(status: InquiryStatus = 'NEW', extra: Record<string, unknown> = {}, customerId = customer): Promise<string> {
  const res = await app.gql(
    InquiryCreateDocument,
    { input: { customerId, channel: 'PHONE', projectDetails: '净水器 200 台', ...extra } },
    { token: f.salesSh1.token },
  );
  const id = res.data!.inquiryCreate.inquiry!.id;
  const path: InquiryStatus[] =
    status === 'NEW' ? [] : status === 'LOST' ? ['LOST'] : status === 'QUOTED' ? ['QUOTED'] : ['QUOTED', 'NEGOTIATING'];
  for (const to of path) await move(id, to, to === 'LOST' ? '预算取消' : null);
  return id;
}

async function move(id: string, status: InquiryStatus, lostReason: string | null = null, token = f.salesSh1.token) {
  const res = await app.gql(InquiryMoveDocument, { input: { id, status, lostReason } }, { token });
  expect(res.errors).toBeUndefined();
  return res.data!.inquiryMove;
}

function convert(
  id: string,
  auth: { token?: string; apiKey?: string } = { token: f.salesSh1.token },
  lines = [{ productId: kettle.gid, quantity: '2' }],
) {
  return app.gql(InquiryConvertToOrderDocument, { input: { id, lines } }, auth);
}

describe('inquiryMove', () => {
  it('takes an inquiry NEW → QUOTED → NEGOTIATING, recording the first response once', async () => {
    const id = await inquiry();
    const quoted = await move(id, 'QUOTED');
    expect(quoted.userErrors).toEqual([]);
    expect(quoted.inquiry).toMatchObject({ status: 'QUOTED', closedAt: null, lostReason: null });
    const firstResponse = quoted.inquiry!.firstRespondedAt!;
    expect(Date.now() - Date.parse(firstResponse)).toBeLessThan(60_000);
    const negotiating = await move(id, 'NEGOTIATING');
    expect(negotiating.inquiry).toMatchObject({ status: 'NEGOTIATING', firstRespondedAt: firstResponse });
  });

  it('lets a NEW inquiry go straight to NEGOTIATING, keeping an earlier recorded answer', async () => {
    const id = await inquiry('NEW', { receivedAt: '2026-01-10T01:00:00.000Z' });
    await app.gql(InquiryRespondDocument, { input: { id, respondedAt: '2026-01-10T02:00:00.000Z' } }, { token: f.salesSh1.token });
    const res = await move(id, 'NEGOTIATING');
    expect(res.inquiry).toMatchObject({ status: 'NEGOTIATING', firstRespondedAt: '2026-01-10T02:00:00.000Z' });
  });

  it('closes a LOST inquiry with its reason', async () => {
    const id = await inquiry('QUOTED');
    const res = await move(id, 'LOST', '  价格高于竞争对手 ');
    expect(res.inquiry).toMatchObject({ status: 'LOST', lostReason: '价格高于竞争对手' });
    expect(Date.now() - Date.parse(res.inquiry!.closedAt!)).toBeLessThan(60_000);
  });

  it.each<[string, InquiryStatus, InquiryStatus, string | null, string[], string]>([
    ['back from NEGOTIATING to QUOTED', 'NEGOTIATING', 'QUOTED', null, ['input', 'status'], 'ILLEGAL_TRANSITION'],
    ['to WON without an order', 'QUOTED', 'WON', null, ['input', 'status'], 'ILLEGAL_TRANSITION'],
    ['out of LOST', 'LOST', 'NEGOTIATING', null, ['input', 'status'], 'ILLEGAL_TRANSITION'],
    ['to the status it has', 'NEW', 'NEW', null, ['input', 'status'], 'ILLEGAL_TRANSITION'],
    ['to LOST without a reason', 'NEGOTIATING', 'LOST', null, ['input', 'lostReason'], 'REQUIRED'],
    ['to LOST with a blank reason', 'NEW', 'LOST', '   ', ['input', 'lostReason'], 'REQUIRED'],
    ['with a reason but not to LOST', 'NEW', 'QUOTED', '无关', ['input', 'lostReason'], 'INVALID'],
  ])('refuses a move %s and writes nothing', async (_, from, to, reason, field, code) => {
    const id = await inquiry(from);
    const res = await move(id, to, reason);
    expect(res.inquiry).toBeNull();
    expect(res.userErrors).toEqual([expect.objectContaining({ field, code })]);
    expect(await statusOf(id)).toBe(from);
  });

  it('refuses other people’s inquiries, missing credentials and keys without the scope', async () => {
    const id = await inquiry();
    expect((await move(id, 'QUOTED', null, f.salesSh2.token)).userErrors).toEqual([
      expect.objectContaining({ field: ['input', 'id'], code: 'NOT_FOUND' }),
    ]);
    const input = { id, status: 'QUOTED' as const };
    expect(errorCode(await app.gql(InquiryMoveDocument, { input }))).toBe('UNAUTHENTICATED');
    const readOnly = (await app.gql(ApiKeyCreateDocument, { input: { name: 'ro', scopes: ['inquiries:read'] } }, { token: f.admin.token }))
      .data!.apiKeyCreate.secret!;
    expect(errorCode(await app.gql(InquiryMoveDocument, { input }, { apiKey: readOnly }))).toBe('FORBIDDEN');
    expect(await statusOf(id)).toBe('NEW');
  });
});

describe('inquiryConvertToOrder', () => {
  it('creates the order and marks the inquiry WON in one go; the next inquiry is a repeat order', async () => {
    const buyer = await newCustomer('转单客户');
    const id = await inquiry('NEGOTIATING', {}, buyer);
    const first = await app.gql(
      InquiryCreateDocument,
      { input: { customerId: buyer, channel: 'PHONE', projectDetails: '首单前' } },
      { token: f.salesSh1.token },
    );
    expect(first.data!.inquiryCreate.inquiry!.repeatOrder).toBe(false);
    const res = await convert(id);
    expect(res.data?.inquiryConvertToOrder.userErrors).toEqual([]);
    const { inquiry: won, order } = res.data!.inquiryConvertToOrder;
    expect(order).toMatchObject({
      status: 'PENDING',
      total: { amount: '398.00', currencyCode: 'CNY' },
      salesperson: { id: f.salesSh1.gid },
      customer: { id: buyer },
    });
    expect(won).toMatchObject({ id, status: 'WON', order: { id: order!.id } });
    expect(won!.closedAt).not.toBeNull();
    const [row] = await sql('select status, order_id from inquiry where id = ?', [localId(id)]);
    expect(row).toEqual({ status: 'WON', order_id: localId(order!.id) });
    // Won is final, also for a second conversion.
    expect((await convert(id)).data?.inquiryConvertToOrder.userErrors).toEqual([
      expect.objectContaining({ field: ['input', 'id'], code: 'ILLEGAL_TRANSITION' }),
    ]);
    const completed = await app.gql(InquiryOrderCompleteDocument, { input: { id: order!.id } }, { token: f.salesSh1.token });
    expect(completed.data?.orderComplete.order?.status).toBe('COMPLETED');
    const next = await app.gql(
      InquiryCreateDocument,
      { input: { customerId: buyer, channel: 'EMAIL', projectDetails: '返单' } },
      { token: f.salesSh1.token },
    );
    expect(next.data!.inquiryCreate.inquiry!.repeatOrder).toBe(true);
    const told = await app.gql(
      InquiryCreateDocument,
      { input: { customerId: buyer, channel: 'EMAIL', projectDetails: '新项目', repeatOrder: false } },
      { token: f.salesSh1.token },
    );
    expect(told.data!.inquiryCreate.inquiry!.repeatOrder).toBe(false);
  });

  it.each<[string, InquiryStatus, Array<{ productId: string; quantity: string }>, string[], string]>([
    ['no lines', 'QUOTED', [], ['input', 'lines'], 'INVALID'],
    [
      'an unknown product',
      'QUOTED',
      [{ productId: toGlobalId('Product', 99999), quantity: '1' }],
      ['input', 'lines', '0', 'productId'],
      'NOT_FOUND',
    ],
    ['a zero quantity', 'NEW', [{ productId: 'KETTLE', quantity: '0' }], ['input', 'lines', '0', 'quantity'], 'INVALID'],
    ['a LOST inquiry', 'LOST', [{ productId: 'KETTLE', quantity: '1' }], ['input', 'id'], 'ILLEGAL_TRANSITION'],
  ])('refuses %s and writes nothing', async (_, from, lines, field, code) => {
    const id = await inquiry(from);
    const orders = await orderRows();
    const res = await convert(
      id,
      undefined,
      lines.map((l) => ({ ...l, productId: l.productId === 'KETTLE' ? kettle.gid : l.productId })),
    );
    expect(res.data?.inquiryConvertToOrder).toMatchObject({ inquiry: null, order: null });
    expect(res.data?.inquiryConvertToOrder.userErrors).toContainEqual(expect.objectContaining({ field, code }));
    expect(await orderRows()).toBe(orders);
    expect(await statusOf(id)).toBe(from);
  });

  it('leaves exactly one order when two conversions race', async () => {
    const id = await inquiry('QUOTED');
    const orders = await orderRows();
    const results = await Promise.all([convert(id), convert(id)]);
    const won = results.filter((r) => r.data?.inquiryConvertToOrder.order);
    expect(won).toHaveLength(1);
    const lost = results.find((r) => !r.data?.inquiryConvertToOrder.order);
    expect(lost?.errors).toBeUndefined();
    expect(lost?.data?.inquiryConvertToOrder.userErrors).toEqual([expect.objectContaining({ code: 'ILLEGAL_TRANSITION' })]);
    expect(await orderRows()).toBe(orders + 1);
  });

  it('needs orders:write besides inquiries:write for a key, the customer in scope, and credentials', async () => {
    const id = await inquiry('QUOTED');
    const orders = await orderRows();
    expect(errorCode(await convert(id, { apiKey: inquiriesOnly }))).toBe('FORBIDDEN');
    expect(errorCode(await convert(id, {}))).toBe('UNAUTHENTICATED');
    expect((await convert(id, { token: f.salesSh2.token })).data?.inquiryConvertToOrder.userErrors).toEqual([
      expect.objectContaining({ field: ['input', 'id'], code: 'NOT_FOUND' }),
    ]);
    expect(await orderRows()).toBe(orders);
    expect((await convert(id, { apiKey: inquiriesAndOrders })).data?.inquiryConvertToOrder.inquiry?.status).toBe('WON');
  });
});

describe('customer figures', () => {
  it('follow creates, updates, moves and conversions in customer_stats', async () => {
    const buyer = await newCustomer('数字客户');
    const stats = async () =>
      (
        await sql<{ n: number; amount: string }>(
          'select open_inquiry_count n, open_inquiry_amount amount from customer_stats where customer_id = ?',
          [localId(buyer)],
        )
      )[0];
    const recomputed = async () =>
      (
        await sql<{ n: number; amount: string }>(
          `select count(*)::int n, coalesce(sum(amount), 0)::numeric(16,2)::text amount from inquiry
          where customer_id = ? and status in ('NEW', 'QUOTED', 'NEGOTIATING')`,
          [localId(buyer)],
        )
      )[0];
    const expectStats = async (n: number, amount: string) => {
      expect(await stats()).toEqual({ n, amount });
      expect(await recomputed()).toEqual({ n, amount });
    };
    const a = await inquiry('NEW', { amount: '100' }, buyer);
    const b = await inquiry('NEW', { amount: '50.5' }, buyer);
    const c = await inquiry('NEW', {}, buyer);
    await expectStats(3, '150.50');
    await move(a, 'QUOTED');
    await expectStats(3, '150.50');
    await move(b, 'LOST', '客户项目取消');
    await expectStats(2, '100.00');
    await app.gql(InquiryUpdateDocument, { input: { id: c, amount: '7' } }, { token: f.salesSh1.token });
    await expectStats(2, '107.00');
    await convert(a);
    await expectStats(1, '7.00');
  });
});

describe('customers { inquiries }', () => {
  it('runs the same number of statements for 5 and for 50 customers', async () => {
    for (let i = 0; i < 50; i++) {
      const id = localId(await newCustomer(`批量客户${i}`, f.admin.token));
      await sql(
        `insert into inquiry (customer_id, received_at, channel, urgency, status, lost_reason, project_details, response_due_at, created_at, updated_at)
         select ?, now() - (n || ' hours')::interval, 'PHONE', 'NORMAL', (array['NEW','QUOTED','NEGOTIATING','LOST'])[n],
                case when n = 4 then '批量' end, '批量', now(), now(), now()
           from generate_series(1, ?) n`,
        [id, 1 + (i % 4)],
      );
    }
    const run = (first: number) => app.gql(InquiriesGraphDocument, { first }, { token: f.admin.token });
    const large = await run(50);
    expect(large.errors).toBeUndefined();
    expect(large.data!.customers.nodes).toHaveLength(50);
    expect(large.data!.customers.nodes.some((c) => c.inquiries.nodes.length === 3)).toBe(true);
    const small = await countStatements(() => run(5));
    expect(await countStatements(() => run(50))).toBe(small);
  });
});
