import { createFixture, type Fixture } from '../fixture';
import { insertProducts } from '../products';
import type { TestApp } from '../test-app';
import type { Pools } from './documents';
import type { Sender } from './runner';

export interface FuzzWorld {
  fixture: Fixture;
  senders: Sender[];
  pools: Pools;
}

/** The scopes of the fuzz's partner key: a few, so most of the schema is forbidden to it. */
export const PARTNER_SCOPES = ['customers:write', 'segments:read', 'orders:read'];

/**
 * The fixture's company plus a few customers, products, orders, records and a segment,
 * and four senders: the admin, a salesperson, a partner key with few scopes, nobody.
 */
export async function seedWorld(app: TestApp): Promise<FuzzWorld> {
  const fixture = await createFixture(app);
  const admin = { authorization: `Bearer ${fixture.admin.token}` };
  const ids = new Set<string>();
  const run = async (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = admin) => {
    const res = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const text = await res.text();
    for (const m of text.matchAll(/"id":"([^"]+)"/g)) ids.add(m[1]);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the seed reads any field of the answer
    return JSON.parse(text) as { data?: Record<string, any>; errors?: unknown[] };
  };

  const key = await run(
    `mutation($input: ApiKeyCreateInput!) { apiKeyCreate(input: $input) { apiKey { id } secret userErrors { message } } }`,
    {
      input: { name: 'fuzz partner', scopes: PARTNER_SCOPES },
    },
  );
  const secret = key.data?.apiKeyCreate?.secret as string | undefined;
  if (!secret) throw new Error(`fuzz: no partner key: ${JSON.stringify(key)}`);

  const products = await insertProducts(app, [
    { sku: 'FZ-1', name: '耗材 A', listPrice: '12.50', cost: '5.00' },
    { sku: 'FZ-2', name: 'Machine 😀', listPrice: '99999.99', cost: '50000', usageCycleDays: 30 },
    { sku: 'FZ-3', name: 'Retired', listPrice: '1', cost: '1', active: false },
  ]);
  for (const p of products) ids.add(p.gid);

  const customers: string[] = [];
  for (const [kind, name] of [
    ['PERSON', '张三'],
    ['COMPANY', '上海某某有限公司'],
    ['PERSON', 'Alice 😀'],
    ['COMPANY', 'ACME'],
  ] as const) {
    const res = await run(
      `mutation($input: CustomerCreateInput!) { customerCreate(input: $input) { customer { id } userErrors { message } } }`,
      {
        input: { kind, name, ownerId: fixture.salesSh1.gid },
      },
    );
    const id = res.data?.customerCreate?.customer?.id as string | undefined;
    if (id) customers.push(id);
  }
  if (customers.length === 0) throw new Error('fuzz: no customers were created');

  const [c0, c1] = customers;
  await run(`mutation($input: OrderCreateInput!) { orderCreate(input: $input) { order { id } } }`, {
    input: {
      customerId: c0,
      lines: [
        { productId: products[0].gid, quantity: '2' },
        { productId: products[1].gid, quantity: '1' },
      ],
    },
  });
  await run(`mutation($input: OrderCreateInput!) { orderCreate(input: $input) { order { id } } }`, {
    input: { customerId: c1, lines: [{ productId: products[0].gid, quantity: '10' }] },
  });
  await run(`mutation($input: FollowUpCreateInput!) { followUpCreate(input: $input) { followUp { id } } }`, {
    input: { customerId: c0, channel: 'PHONE' },
  });
  await run(`mutation($input: InquiryCreateInput!) { inquiryCreate(input: $input) { inquiry { id } } }`, {
    input: { customerId: c1, channel: 'WEBSITE', projectDetails: '询价 100 台' },
  });
  await run(`mutation($input: ServiceCaseCreateInput!) { serviceCaseCreate(input: $input) { serviceCase { id } } }`, {
    input: { customerId: c0, type: 'REPAIR', description: '坏了' },
  });
  await run(`mutation($input: SegmentCreateInput!) { segmentCreate(input: $input) { segment { id } } }`, {
    input: { name: 'fuzz segment', query: 'stage IN (NEW, REPEAT)' },
  });
  await run(`mutation($input: ProductCategoryCreateInput!) { productCategoryCreate(input: $input) { category { id } } }`, {
    input: { name: '耗材' },
  });
  // Harvest ids of what the fixture and the mutations made (departments, stores, users, steps…).
  await run(`{ departments(first: 100) { nodes { id } } stores(first: 100) { nodes { id } } users(first: 100) { nodes { id } }
    followUpSteps { id } segments(first: 10) { nodes { id } } productCategories(first: 10) { nodes { id } }
    customers(first: 10) { nodes { id orders(first: 5) { nodes { id } } } } }`);

  // The senders' own users stay out of the pools: a fuzzed userUpdate must not end their sessions.
  ids.delete(fixture.admin.gid);
  ids.delete(fixture.salesSh1.gid);
  ids.delete(key.data?.apiKeyCreate?.apiKey?.id);

  return {
    fixture,
    pools: { ids: [...ids], emails: ['admin@test.cn', 'sales2@test.cn', 'nobody@test.cn', 'ADMIN@TEST.CN', ' admin@test.cn '] },
    senders: [
      { name: 'admin', headers: admin },
      { name: 'sales', headers: { authorization: `Bearer ${fixture.salesSh1.token}` } },
      { name: 'partner', headers: { 'x-api-key': secret } },
      { name: 'anonymous', headers: {} },
    ],
  };
}
