import {
  InputTextCreatedBetweenDocument,
  InputTextCustomerCreateDocument,
  InputTextFollowUpCreateDocument,
  InputTextInquiryCreateDocument,
  InputTextLoginDocument,
  InputTextOrderCreateDocument,
  InputTextPaymentRecordDocument,
  InputTextSearchDocument,
  InputTextTierMigrationsDocument,
} from '../generated/graphql';
import { createFixture, type Fixture } from '../support/fixture';
import { insertProducts, type TestProduct } from '../support/products';
import { errorCode, startTestApp, type GraphQLResponse, type TestApp } from '../support/test-app';

/**
 * Issue 11, "Why" item 4: NUL bytes and years outside 0001–9999 reached PostgreSQL and came
 * back as INTERNAL_SERVER_ERROR with the SQL. Each is now BAD_USER_INPUT, HTTP 400, before
 * any statement of the operation runs.
 */
let app: TestApp;
let f: Fixture;
let customer: string;
let product: TestProduct;
let order: string;

const YEAR_ZERO = '0000-01-01T00:00:00Z';

async function rows(table: string): Promise<number> {
  const [row] = await app.db.orm.em.fork().execute(`select count(*)::int as n from ${table}`);
  return row.n as number;
}

function expectRefused(res: GraphQLResponse<unknown>, message?: RegExp | string): void {
  expect(res.status).toBe(400);
  expect(errorCode(res)).toBe('BAD_USER_INPUT');
  if (message) expect(res.errors?.[0]?.message).toMatch(message);
  expect(res.data ?? undefined).toBeUndefined();
}

const admin = () => ({ token: f.admin.token });

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
  [product] = await insertProducts(app, [{ sku: 'IT-1', name: '净水器', listPrice: '10.00', cost: '5.00' }]);
  const c = await app.gql(InputTextCustomerCreateDocument, { input: { kind: 'PERSON', name: '张三' } }, admin());
  customer = c.data!.customerCreate.customer!.id;
  const o = await app.gql(
    InputTextOrderCreateDocument,
    { input: { customerId: customer, lines: [{ productId: product.gid, quantity: '3' }] } },
    admin(),
  );
  order = o.data!.orderCreate.order!.id;
});
afterAll(() => app.close());

describe('NUL (U+0000) in text', () => {
  it('refuses it in an inline login e-mail, naming the argument and where in it', async () => {
    const res = await app.post({ query: 'mutation { login(input: { email: "a\\u0000b", password: "x" }) { token } }' });
    expectRefused(res, /argument "input" of field "login" holds a NUL character \(U\+0000\) at input\.email/i);
    expect(res.errors?.[0]?.message).not.toMatch(/select|app_user/i);
  });

  it('refuses it in a login variable, naming the variable', async () => {
    const res = await app.gql(InputTextLoginDocument, { input: { email: 'a\u0000b', password: 'x' } });
    expectRefused(res, 'Variable "$input" holds a NUL character (U+0000) at $input.email');
  });

  it('refuses it in a customer search, inline and as a variable', async () => {
    expectRefused(
      await app.post({ query: 'query { customers(first: 1, filter: { search: "a\\u0000b" }) { totalCount } }' }, admin()),
      /filter\.search/,
    );
    expectRefused(
      await app.gql(InputTextSearchDocument, { search: 'a\u0000b' }, admin()),
      'Variable "$search" holds a NUL character (U+0000): PostgreSQL cannot store it in text.',
    );
  });

  it('refuses it in a new customer’s name and writes nothing', async () => {
    const before = await rows('customer');
    expectRefused(
      await app.post({ query: 'mutation { customerCreate(input: { kind: PERSON, name: "a\\u0000b" }) { customer { id } } }' }, admin()),
      /input\.name/,
    );
    expectRefused(
      await app.gql(InputTextCustomerCreateDocument, { input: { kind: 'PERSON', name: 'a\u0000b' } }, admin()),
      /\$input\.name/,
    );
    expect(await rows('customer')).toBe(before);
  });

  it('finds it deep in nested input objects and lists', async () => {
    const before = await rows('customer');
    const res = await app.gql(
      InputTextCustomerCreateDocument,
      { input: { kind: 'PERSON', name: 'ok', tags: ['a', 'b'], addresses: [{ city: '上海' }, { city: '北\u0000京' }] } },
      admin(),
    );
    expectRefused(res, /at \$input\.addresses\[1\]\.city/);
    const inline = await app.post(
      { query: 'mutation { customerCreate(input: { kind: PERSON, name: "ok", tags: ["a", "b\\u0000"] }) { customer { id } } }' },
      admin(),
    );
    expectRefused(inline, /at input\.tags\[1\]/);
    expect(await rows('customer')).toBe(before);
  });

  it('refuses it in an ID, a Decimal and a variable’s default value', async () => {
    expectRefused(
      await app.post({ query: 'query { customer(id: "Q3\\u0000") { id } }' }, admin()),
      'Argument "id" of field "customer" holds a NUL character (U+0000): PostgreSQL cannot store it in text.',
    );
    expectRefused(
      await app.gql(InputTextPaymentRecordDocument, { input: { orderId: order, amount: '1\u0000', method: 'CASH' } }, admin()),
      /\$input\.amount/,
    );
    expectRefused(
      await app.post({ query: 'query($s: String = "a\\u0000b") { customers(first: 1, filter: { search: $s }) { totalCount } }' }, admin()),
      /default value of variable "\$s"/,
    );
  });

  it('lets other text through, Chinese and emoji included', async () => {
    const res = await app.gql(InputTextSearchDocument, { search: '张三 🎉 \u0001' }, admin());
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data!.customers.totalCount).toBe(0);
  });
});

describe('instants outside years 0001–9999 (UTC)', () => {
  it('refuses year 0000 in tierMigrations(since:), inline and as a variable', async () => {
    expectRefused(
      await app.post({ query: `query { tierMigrations(first: 1, since: "${YEAR_ZERO}") { totalCount } }` }, admin()),
      /DateTime .* got "0000-01-01T00:00:00Z"/,
    );
    expectRefused(
      await app.gql(InputTextTierMigrationsDocument, { since: YEAR_ZERO }, admin()),
      /0001-01-01T00:00:00Z to 9999-12-31T23:59:59\.999Z/,
    );
  });

  it.each([
    ['an offset taking year 0001 into year 0000', '0001-01-01T00:00:00+08:00'],
    ['an offset taking year 9999 into year 10000', '9999-12-31T23:00:00-05:00'],
  ])('refuses %s', async (_what, since) => {
    expectRefused(await app.gql(InputTextTierMigrationsDocument, { since }, admin()));
  });

  it('refuses year 0000 at the end of a createdAt filter', async () => {
    expectRefused(await app.gql(InputTextCreatedBetweenDocument, { createdAt: { to: YEAR_ZERO } }, admin()));
    expectRefused(
      await app.post({ query: `query { customers(first: 1, filter: { createdAt: { to: "${YEAR_ZERO}" } }) { totalCount } }` }, admin()),
    );
  });

  it('accepts the first and the last instant of the range, and answers in the same wire format', async () => {
    const res = await app.gql(
      InputTextCreatedBetweenDocument,
      { createdAt: { from: '0001-01-01T00:00:00Z', to: '9999-12-31T23:59:59.999Z' } },
      admin(),
    );
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data!.customers.totalCount).toBeGreaterThan(0);
    expect(res.data!.customers.nodes[0].createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const since = await app.gql(InputTextTierMigrationsDocument, { since: '9999-12-31T23:59:59.999Z' }, admin());
    expect(since.errors).toBeUndefined();
  });

  it('refuses year 0000 as paidAt, occurredAt and receivedAt and writes nothing', async () => {
    const before = await Promise.all(['payment', 'follow_up', 'inquiry'].map(rows));
    expectRefused(
      await app.gql(InputTextPaymentRecordDocument, { input: { orderId: order, amount: '1', method: 'CASH', paidAt: YEAR_ZERO } }, admin()),
    );
    expectRefused(
      await app.post(
        {
          query: `mutation { paymentRecord(input: { orderId: "${order}", amount: "1", method: CASH, paidAt: "${YEAR_ZERO}" }) { payment { id } } }`,
        },
        admin(),
      ),
    );
    expectRefused(
      await app.gql(
        InputTextFollowUpCreateDocument,
        { input: { customerId: customer, channel: 'CALL', summary: '电话回访', occurredAt: YEAR_ZERO } },
        admin(),
      ),
    );
    expectRefused(
      await app.gql(
        InputTextInquiryCreateDocument,
        { input: { customerId: customer, channel: 'EMAIL', projectDetails: '询价', receivedAt: YEAR_ZERO } },
        admin(),
      ),
    );
    expect(await Promise.all(['payment', 'follow_up', 'inquiry'].map(rows))).toEqual(before);
  });

  it('refuses a Date in year 0000 inline with the same code as in a variable', async () => {
    const before = await rows('customer');
    const inline = await app.post(
      { query: 'mutation { customerCreate(input: { kind: PERSON, name: "x", birthday: "0000-01-01" }) { customer { id } } }' },
      admin(),
    );
    expectRefused(inline, /Date must be a calendar day .* got "0000-01-01"/);
    expectRefused(
      await app.gql(InputTextCustomerCreateDocument, { input: { kind: 'PERSON', name: 'x', birthday: '0000-01-01' } }, admin()),
    );
    expect(await rows('customer')).toBe(before);
  });
});

describe('Decimal literals', () => {
  it('accepts an integer literal as exact', async () => {
    const res = await app.post(
      {
        query: `mutation { orderCreate(input: { customerId: "${customer}", lines: [{ productId: "${product.gid}", quantity: 12 }] }) { order { lines { quantity } } userErrors { message } } }`,
      },
      admin(),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toMatchObject({
      orderCreate: { order: { lines: [{ quantity: expect.stringMatching(/^12(\.0+)?$/) }] }, userErrors: [] },
    });
  });

  it('accepts an integer in a variable', async () => {
    const res = await app.gql(
      InputTextPaymentRecordDocument,
      { input: { orderId: order, amount: 1 as unknown as string, method: 'CASH' } },
      admin(),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.paymentRecord.payment?.amount.amount).toMatch(/^1(\.0+)?$/);
  });

  it('says what it got for a float or a boolean, inline or in a variable', async () => {
    const before = await rows('payment');
    const float = await app.post(
      { query: `mutation { paymentRecord(input: { orderId: "${order}", amount: 1.5, method: CASH }) { payment { id } } }` },
      admin(),
    );
    expectRefused(float, /got the float 1\.5/);
    expect(float.errors?.[0]?.message).toMatch(/"1\.5"/);
    const bool = await app.post(
      { query: `mutation { paymentRecord(input: { orderId: "${order}", amount: true, method: CASH }) { payment { id } } }` },
      admin(),
    );
    expectRefused(bool, /got true/);
    const variable = await app.gql(
      InputTextPaymentRecordDocument,
      { input: { orderId: order, amount: 1.5 as unknown as string, method: 'CASH' } },
      admin(),
    );
    expectRefused(variable, /send it as a string \("1\.5"\)/);
    expect(await rows('payment')).toBe(before);
  });
});
