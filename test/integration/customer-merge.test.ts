import { localIdOf, toGlobalId } from '../../src/schema/global-id';
import { createCompanyCustomer, createFixture, type Fixture } from '../support/fixture';
import { insertProducts, type TestProduct } from '../support/products';
import { daysAgo, insertOrder } from '../support/records';
import { errorCode, startTestApp, type Auth, type TestApp } from '../support/test-app';

/**
 * customerMerge (issue 17 item 4): random records under two customers, merged, leave the
 * target with every record once and figures equal to a recomputation from the records; the
 * source's id resolves to the target; an order racing the merge on the source ends on the
 * target; bad input writes nothing; only admins and managers of both may merge.
 */

let app: TestApp;
let f: Fixture;
let kettle: TestProduct;

const MERGE = `mutation($input: CustomerMergeInput!) { customerMerge(input: $input) {
  customer { id name phone phones emails tags } userErrors { field message code } } }`;
interface MergePayload {
  customer: { id: string; name: string; phone: string | null; phones: string[]; emails: string[]; tags: string[] } | null;
  userErrors: Array<{ field: string[]; message: string; code: string }>;
}
const TABLES = ['sales_order', 'payment', 'follow_up', 'inquiry', 'service_case', 'customer_assignment'] as const;

async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().getConnection().execute(query, params);
}

async function merge(input: Record<string, unknown>, auth: Auth = { token: f.admin.token }): Promise<MergePayload> {
  const res = await app.post({ query: MERGE, variables: { input } }, auth);
  expect(res.errors).toBeUndefined();
  return (res.data as { customerMerge: MergePayload }).customerMerge;
}

async function counts(customerId: number): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES)
    out[t] = (await sql<{ n: number }>(`select count(*)::int as n from ${t} where customer_id = ?`, [customerId]))[0].n;
  return out;
}

/** A small pseudo-random sequence, so a failure can be replayed. */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

async function recordsFor(customerId: number, next: () => number): Promise<void> {
  const gid = toGlobalId('Customer', customerId);
  const token = { token: f.salesSh1.token };
  for (let i = 0; i < Math.floor(next() * 4); i++) {
    const status = (['COMPLETED', 'COMPLETED', 'PENDING', 'CANCELLED'] as const)[Math.floor(next() * 4)];
    const order = await insertOrder(app, {
      customerId,
      orderedAt: daysAgo(1 + Math.floor(next() * 300)),
      status,
      lines: [{ productId: kettle.id, quantity: String(1 + Math.floor(next() * 3)), unitPrice: '120.00', unitCost: '70.00' }],
    });
    if (status === 'COMPLETED' && next() < 0.5) {
      await sql(
        `insert into payment (order_id, customer_id, amount, currency, paid_at, method, created_at) values (?, ?, 50, 'CNY', now(), 'CASH', now())`,
        [order, customerId],
      );
    }
  }
  for (let i = 0; i < Math.floor(next() * 3); i++) {
    await app.post(
      {
        query: `mutation($i: FollowUpCreateInput!) { followUpCreate(input: $i) { userErrors { message } } }`,
        variables: { i: { customerId: gid, channel: 'SMS', summary: `跟进${i}` } },
      },
      token,
    );
  }
  if (next() < 0.7) {
    await app.post(
      {
        query: `mutation($i: InquiryCreateInput!) { inquiryCreate(input: $i) { userErrors { message } } }`,
        variables: { i: { customerId: gid, channel: 'WEBSITE', projectDetails: '询盘' } },
      },
      token,
    );
  }
  if (next() < 0.5) {
    await app.post(
      {
        query: `mutation($i: ServiceCaseCreateInput!) { serviceCaseCreate(input: $i) { userErrors { message } } }`,
        variables: { i: { customerId: gid, type: 'COMPLAINT', description: '投诉' } },
      },
      token,
    );
  }
}

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
  [kettle] = await insertProducts(app, [{ sku: 'MERGE-KETTLE', name: '合并水壶', listPrice: '120.00', cost: '70.00' }]);
});

afterAll(async () => {
  await app.close();
});

describe('merging', () => {
  it.each([1, 2, 3, 4, 5, 6])('trial %i: no record lost or counted twice, figures equal a recomputation', async (seed) => {
    const next = random(seed * 7919);
    const target = await createCompanyCustomer(app, `合并目标${seed}`, f.salesSh1.token);
    const source = await createCompanyCustomer(app, `合并来源${seed}`, f.salesSh1.token);
    await recordsFor(target, next);
    await recordsFor(source, next);
    const [t0, s0] = [await counts(target), await counts(source)];

    const payload = await merge({ targetId: toGlobalId('Customer', target), sourceIds: [toGlobalId('Customer', source)] });
    expect(payload.userErrors).toEqual([]);

    const [t1, s1] = [await counts(target), await counts(source)];
    for (const table of TABLES) {
      expect({ table, n: t1[table] }).toEqual({ table, n: t0[table] + s0[table] });
      expect({ table, n: s1[table] }).toEqual({ table, n: 0 });
    }
    // The figures, against the records themselves.
    const [stats] = await sql<{ order_count: number; total_spent: string; follow_up_count: number }>(
      'select order_count, total_spent::numeric(16,2)::text as total_spent, follow_up_count from customer_stats where customer_id = ?',
      [target],
    );
    const [expected] = await sql<{ order_count: number; total_spent: string; follow_up_count: number }>(
      `select (select count(*)::int from sales_order where customer_id = ? and status = 'COMPLETED') as order_count,
              (select coalesce(sum(total), 0)::numeric(16,2)::text from sales_order where customer_id = ? and status = 'COMPLETED') as total_spent,
              (select count(*)::int from follow_up where customer_id = ?) as follow_up_count`,
      [target, target, target],
    );
    expect(stats).toEqual(expected);
    const [tomb] = await sql<{ merged_into_id: number; archived: boolean }>(
      'select merged_into_id, archived_at is not null as archived from customer where id = ?',
      [source],
    );
    expect(tomb).toEqual({ merged_into_id: target, archived: true });
  });

  it('joins contacts, takes the chosen fields, and resolves the source id to the target', async () => {
    const target = await createCompanyCustomer(app, '上海合并有限公司', f.salesSh1.token);
    const source = await createCompanyCustomer(app, '上海合并公司', f.salesSh1.token);
    await sql(`update customer set phone = '+8613800000001', tags = '{老客户}' where id = ?`, [target]);
    await sql(`update customer set phone = '+8613800000002', email = 'hb@example.cn', tags = '{VIP}' where id = ?`, [source]);
    const hook = await app.post(
      {
        query: `mutation { webhookSubscriptionCreate(input: { url: "https://partner.example/hooks", topics: [CUSTOMER_MERGED, CUSTOMER_UPDATED] }) { userErrors { message } } }`,
      },
      { token: f.admin.token },
    );
    expect(hook.errors).toBeUndefined();
    const payload = await merge({
      targetId: toGlobalId('Customer', target),
      sourceIds: [toGlobalId('Customer', source)],
      fieldChoices: [{ field: 'name', sourceId: toGlobalId('Customer', source) }],
    });
    expect(payload.customer).toMatchObject({
      id: toGlobalId('Customer', target),
      name: '上海合并公司',
      phone: '+8613800000001',
      phones: ['+8613800000002'],
      emails: [],
      tags: ['老客户', 'VIP'],
    });
    const node = await app.post(
      { query: `query($id: ID!) { node(id: $id) { id ... on Customer { name } } }`, variables: { id: toGlobalId('Customer', source) } },
      { token: f.admin.token },
    );
    expect(node.data).toEqual({ node: { id: toGlobalId('Customer', target), name: '上海合并公司' } });
    const history = await sql<{ n: number }>(
      `select count(*)::int as n from audit_event where subject_type = 'CUSTOMER' and subject_id = ? and changes -> 'merged_into_id' is not null`,
      [source],
    );
    expect(history[0].n).toBe(1);
    // Webhooks: the source's CUSTOMER_MERGED (not a CUSTOMER_UPDATED for its tombstone), the target's update.
    const events = await sql<{ topic: string; subject_id: number; merged_into: number | null }>(
      `select topic, subject_id, (data ->> 'merged_into_id')::int as merged_into from webhook_event where subject_id in (?, ?) and topic like 'CUSTOMER_%' order by id`,
      [source, target],
    );
    expect(events).toHaveLength(2);
    expect(events).toEqual(
      expect.arrayContaining([
        { topic: 'CUSTOMER_UPDATED', subject_id: target, merged_into: null },
        { topic: 'CUSTOMER_MERGED', subject_id: source, merged_into: target },
      ]),
    );
  });

  it('an order racing the merge on the source ends on the target', async () => {
    for (let round = 0; round < 3; round++) {
      const target = await createCompanyCustomer(app, `竞争目标${round}`, f.salesSh1.token);
      const source = await createCompanyCustomer(app, `竞争来源${round}`, f.salesSh1.token);
      const orderCreate = app.post(
        {
          query: `mutation($input: OrderCreateInput!) { orderCreate(input: $input) { order { id } userErrors { message } } }`,
          variables: { input: { customerId: toGlobalId('Customer', source), lines: [{ productId: kettle.gid, quantity: '1' }] } },
        },
        { token: f.salesSh1.token },
      );
      const merged = merge({ targetId: toGlobalId('Customer', target), sourceIds: [toGlobalId('Customer', source)] });
      const [order, payload] = await Promise.all([orderCreate, merged]);
      expect(payload.userErrors).toEqual([]);
      const orderId = localIdOf((order.data as { orderCreate: { order: { id: string } } }).orderCreate.order.id, 'Order');
      const [row] = await sql<{ customer_id: number }>('select customer_id from sales_order where id = ?', [orderId]);
      expect(row.customer_id).toBe(target);
    }
  });
});

describe('bad input and access', () => {
  it.each([
    ['the target as a source', (t: string) => ({ targetId: t, sourceIds: [t] }), ['input', 'sourceIds']],
    ['no source', (t: string) => ({ targetId: t, sourceIds: [] }), ['input', 'sourceIds']],
    [
      'an unknown field',
      (t: string, s: string) => ({ targetId: t, sourceIds: [s], fieldChoices: [{ field: 'ownerId', sourceId: s }] }),
      ['input', 'fieldChoices', '0', 'field'],
    ],
    ['a missing source', (t: string) => ({ targetId: t, sourceIds: [toGlobalId('Customer', 999_999)] }), ['input', 'sourceIds', '0']],
  ] as Array<[string, (t: string, s: string) => Record<string, unknown>, string[]]>)(
    'refuses %s and merges nothing',
    async (_name, input, field) => {
      const target = toGlobalId('Customer', await createCompanyCustomer(app, '不该合并的目标', f.salesSh1.token));
      const source = toGlobalId('Customer', await createCompanyCustomer(app, '不该合并的来源', f.salesSh1.token));
      const payload = await merge(input(target, source));
      expect(payload.customer).toBeNull();
      expect(payload.userErrors.map((e) => e.field)).toContainEqual(field);
      const [row] = await sql<{ n: number }>('select count(*)::int as n from customer where merged_into_id is not null and id = ?', [
        localIdOf(source, 'Customer'),
      ]);
      expect(row.n).toBe(0);
    },
  );

  it('is for admins and managers of both customers: a salesperson is FORBIDDEN, another subtree NOT_FOUND', async () => {
    const target = toGlobalId('Customer', await createCompanyCustomer(app, '华东目标', f.salesSh1.token));
    const south = toGlobalId('Customer', await createCompanyCustomer(app, '华南来源', f.salesSouth.token));
    const asSales = await app.post(
      { query: MERGE, variables: { input: { targetId: target, sourceIds: [south] } } },
      { token: f.salesSh1.token },
    );
    expect(errorCode(asSales)).toBe('FORBIDDEN');
    const asManager = await merge({ targetId: target, sourceIds: [south] }, { token: f.managerEast.token });
    expect(asManager.userErrors).toEqual([
      { field: ['input', 'sourceIds', '0'], message: `no active customer with id "${south}"`, code: 'NOT_FOUND' },
    ]);
  });
});
