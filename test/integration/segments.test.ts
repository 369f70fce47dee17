import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { seedDemoData } from '../../src/db/seeders/demo-data.seeder';
import { localIdOf, toGlobalId } from '../../src/schema/global-id';
import {
  ApiKeyCreateDocument,
  LoginDocument,
  SegmentCountDocument,
  SegmentCreateDocument,
  SegmentDeleteDocument,
  SegmentListDocument,
  SegmentMemberIdsDocument,
  SegmentMembersDocument,
  SegmentNodeDocument,
  SegmentOneDocument,
  SegmentPreviewCountDocument,
  SegmentPreviewDocument,
  SegmentPreviewIdsDocument,
  SegmentNameDocument,
  SegmentUpdateDocument,
  type CustomerSegmentFilter,
  type SegmentMemberIdsQuery,
  type SegmentPreviewIdsQuery,
} from '../generated/graphql';
import { countStatements, createFixture, type Fixture } from '../support/fixture';
import { errorCode, startTestApp, type Auth, type GraphQLResponse, type TestApp } from '../support/test-app';

let app: TestApp;
let f: Fixture;
/** The demo company's accounts (seeded alongside the fixture). */
const demo: Record<'admin' | 'sales01' | 'manager', Auth> = {} as never;
const demoIds: Record<'sales01' | 'managerDept', number> = {} as never;
const keys: Record<'read' | 'readCustomers' | 'write' | 'none', Auth> = {} as never;

const TEXT = 'stage IN (REPEAT, LOYAL, DORMANT) AND last_order_at < -30d AND city_tier IN (1, 2) AND NOT bought_category("滤芯耗材")';
const TYPED: CustomerSegmentFilter = {
  and: [
    { condition: { field: 'STAGE', op: 'IN', values: ['REPEAT', 'LOYAL', 'DORMANT'] } },
    { condition: { field: 'LAST_ORDER_AT', op: 'LT', value: '-30d' } },
    { condition: { field: 'CITY_TIER', op: 'IN', values: ['1', '2'] } },
    { not: { condition: { field: 'BOUGHT_CATEGORY', argument: '滤芯耗材' } } },
  ],
};

async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().getConnection().execute(query, params);
}

async function login(email: string, password: string): Promise<Auth> {
  const res = await app.gql(LoginDocument, { input: { email, password } });
  return { token: res.data!.login.token! };
}

async function key(scopes: string[]): Promise<Auth> {
  const res = await app.gql(ApiKeyCreateDocument, { input: { name: `segments ${scopes.join(' ')}`, scopes } }, { token: f.admin.token });
  expect(res.data?.apiKeyCreate.userErrors).toEqual([]);
  return { apiKey: res.data!.apiKeyCreate.secret! };
}

/** Every member id of a preview, page by page. */
async function previewIds(variables: { query?: string; filter?: CustomerSegmentFilter }, auth: Auth, first = 37): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null | undefined = null;
  for (;;) {
    const res: GraphQLResponse<SegmentPreviewIdsQuery> = await app.gql(SegmentPreviewIdsDocument, { ...variables, first, after }, auth);
    expect(res.errors).toBeUndefined();
    const members: SegmentPreviewIdsQuery['segmentPreview']['members'] = res.data!.segmentPreview.members;
    ids.push(...members.nodes.map((n) => n.id));
    if (!members.pageInfo.hasNextPage) return ids;
    after = members.pageInfo.endCursor;
  }
}

async function savedIds(id: string, auth: Auth, first = 41): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null | undefined = null;
  for (;;) {
    const res: GraphQLResponse<SegmentMemberIdsQuery> = await app.gql(SegmentMemberIdsDocument, { id, first, after }, auth);
    expect(res.errors).toBeUndefined();
    const members: NonNullable<SegmentMemberIdsQuery['segment']>['members'] = res.data!.segment!.members;
    ids.push(...members.nodes.map((n) => n.id));
    if (!members.pageInfo.hasNextPage) return ids;
    after = members.pageInfo.endCursor;
  }
}

async function create(input: Record<string, unknown>, auth: Auth) {
  const res = await app.gql(SegmentCreateDocument, { input: input as never }, auth);
  expect(res.errors).toBeUndefined();
  return res.data!.segmentCreate;
}

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
  await seedDemoData(app.db.orm.em.fork(), { customers: 300 });
  demo.admin = await login('admin@example.com', 'admin123');
  demo.sales01 = await login('sales01@example.com', 'sales123');
  demo.manager = await login('manager.east@example.com', 'manager123');
  [{ id: demoIds.sales01 }] = await sql<{ id: number }>(`select id from app_user where email = 'sales01@example.com'`);
  keys.read = await key(['segments:read']);
  keys.readCustomers = await key(['segments:read', 'customers:read']);
  keys.write = await key(['segments:read', 'segments:write']);
  keys.none = await key(['customers:read']);
}, 120_000);
afterAll(() => app.close());

describe('the text form and the typed form', () => {
  it('select the same demo customers in the same order, in previews and in saved segments', async () => {
    const fromText = await previewIds({ query: TEXT }, demo.admin);
    const fromTyped = await previewIds({ filter: TYPED }, demo.admin);
    expect(fromText.length).toBeGreaterThan(0);
    expect(fromTyped).toEqual(fromText);
    const local = fromText.map((g) => localIdOf(g, 'Customer')!);
    expect(local).toEqual([...local].sort((a, b) => a - b));
    const [{ n: active }] = await sql<{ n: number }>('select count(*)::int as n from customer where archived_at is null');
    expect(fromText.length).toBeLessThan(active);

    const text = await create({ name: '老客户沉默(文本)', query: TEXT }, demo.admin);
    const typed = await create({ name: '老客户沉默(结构)', filter: TYPED }, demo.admin);
    expect(text.userErrors).toEqual([]);
    expect(typed.userErrors).toEqual([]);
    expect(text.segment!.query).toBe(TEXT);
    // Saved from the typed form, the text is the canonical one, which parses back to the same members.
    expect(typed.segment!.query).toBe(
      'stage IN (REPEAT, LOYAL, DORMANT) AND last_order_at < -30d AND city_tier IN (1, 2) AND NOT bought_category("滤芯耗材")',
    );
    expect(await savedIds(text.segment!.id, demo.admin)).toEqual(fromText);
    expect(await savedIds(typed.segment!.id, demo.admin)).toEqual(fromText);
    const counts = await app.gql(SegmentCountDocument, { id: typed.segment!.id }, demo.admin);
    expect(counts.data!.segment!.count).toBe(fromText.length);
  });

  it('agree with hand-written SQL over the same figures', async () => {
    const ids = await previewIds({ query: 'city_tier = 1 AND order_count >= 3 AND kind = COMPANY' }, demo.admin, 100);
    const expected = await sql<{ id: number }>(
      `select c.id from customer c join customer_stats s on s.customer_id = c.id
        where c.archived_at is null and c.city_tier = 1 and s.order_count >= 3 and c.kind = 'COMPANY' order by c.id`,
    );
    expect(ids.map((g) => localIdOf(g, 'Customer'))).toEqual(expected.map((r) => r.id));
  });
});

describe('segmentPreview', () => {
  it('gives the canonical query, the count and a page of members with a cursor', async () => {
    const res = await app.gql(SegmentPreviewDocument, { query: 'city_tier=1 and kind = person', first: 3 }, demo.admin);
    expect(res.errors).toBeUndefined();
    const p = res.data!.segmentPreview;
    expect(p.query).toBe('city_tier = 1 AND kind = PERSON');
    const [{ n }] = await sql<{ n: number }>(
      `select count(*)::int as n from customer where archived_at is null and city_tier = 1 and kind = 'PERSON'`,
    );
    expect(p.count).toBe(n);
    expect(p.members.totalCount).toBe(n);
    expect(p.members.nodes).toHaveLength(3);
    expect(p.members.pageInfo.hasNextPage).toBe(true);
    const next = await app.gql(
      SegmentPreviewDocument,
      { query: 'city_tier = 1 AND kind = PERSON', first: 3, after: p.members.pageInfo.endCursor },
      demo.admin,
    );
    const ids = [...p.members.nodes, ...next.data!.segmentPreview.members.nodes].map((c) => localIdOf(c.id, 'Customer')!);
    expect(new Set(ids).size).toBe(6);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('pages the members backward with last / before, the same customers in the same order', async () => {
    const query = 'city_tier = 1 AND kind = PERSON';
    const forward = await previewIds({ query }, demo.admin, 100);
    expect(forward.length).toBeGreaterThan(6);
    const tail = await app.gql(SegmentPreviewDocument, { query, last: 4 }, demo.admin);
    const end = tail.data!.segmentPreview.members;
    expect(end.nodes.map((c) => c.id)).toEqual(forward.slice(-4));
    expect(end.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    const earlier = await app.gql(SegmentPreviewDocument, { query, last: 2, before: end.pageInfo.startCursor }, demo.admin);
    expect(earlier.data!.segmentPreview.members.nodes.map((c) => c.id)).toEqual(forward.slice(-6, -4));
    expect(earlier.data!.segmentPreview.members.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
  });

  it.each<[string, string, number, number, string]>([
    ['an unfinished list', 'stage IN (REPEAT, LOYAL', 1, 24, 'expected'],
    ['a missing value', 'city_tier =', 1, 12, 'expected'],
    ['an error on the second line', 'city_tier = 1\n  AND last_order_at <', 2, 22, 'expected'],
    ['an unknown field', 'citytier = 1', 1, 1, 'city_tier'],
    ['an unknown enum code', 'stage = VIP', 1, 9, 'REPEAT'],
    ['an unclosed string', 'city = "上海', 1, 8, 'closing'],
  ])('refuses %s with BAD_USER_INPUT, line and column', async (_label, query, line, column, mention) => {
    const res = await app.gql(SegmentPreviewCountDocument, { query }, demo.admin);
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    const error = res.errors![0];
    expect(error.message).toContain(`line ${line}, column ${column}`);
    expect(error.message).toContain(mention);
    expect(error.extensions).toMatchObject({ line, column });
    expect(Array.isArray(error.extensions!.expected)).toBe(true);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['neither query nor filter', {}, 'exactly one of query and filter'],
    ['both', { query: 'kind = PERSON', filter: { condition: { field: 'KIND', op: 'EQ', value: 'PERSON' } } }, 'exactly one'],
    [
      'a typed condition with an unknown code',
      { filter: { and: [{ condition: { field: 'KIND', op: 'EQ', value: 'ROBOT' } }] } },
      'and.0.condition.value',
    ],
    [
      'a node with two parts',
      {
        filter: {
          and: [{ condition: { field: 'KIND', op: 'EQ', value: 'PERSON' } }],
          not: { condition: { field: 'KIND', op: 'EQ', value: 'PERSON' } },
        },
      },
      'only one of',
    ],
  ])('refuses %s with BAD_USER_INPUT', async (_label, variables, mention) => {
    const res = await app.gql(SegmentPreviewCountDocument, variables, demo.admin);
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toContain(mention);
  });

  it('treats quotes and SQL in string values as data', async () => {
    const before = await sql<{ n: number }>('select count(*)::int as n from customer');
    for (const value of [`'; drop table customer; --`, `" OR 1=1 --`, `\\' or ''='`, '%', '_']) {
      const res = await app.gql(
        SegmentPreviewCountDocument,
        { filter: { condition: { field: 'NAME', op: 'CONTAINS', value } } },
        demo.admin,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.segmentPreview.count).toBe(0);
    }
    const text = await app.gql(SegmentPreviewCountDocument, { query: `name = "x\\"; delete from customer; --"` }, demo.admin);
    expect(text.data!.segmentPreview.count).toBe(0);
    expect(await sql('select count(*)::int as n from customer')).toEqual(before);
  });

  it('leaves archived customers out', async () => {
    const [{ id }] = await sql<{ id: number }>(`select min(id) as id from customer where archived_at is null and city_tier = 1`);
    const query = `city_tier = 1`;
    const before = (await app.gql(SegmentPreviewCountDocument, { query }, demo.admin)).data!.segmentPreview.count;
    await sql('update customer set archived_at = now() where id = ?', [id]);
    try {
      const after = (await app.gql(SegmentPreviewCountDocument, { query }, demo.admin)).data!.segmentPreview.count;
      expect(after).toBe(before - 1);
      expect(await previewIds({ query }, demo.admin, 100)).not.toContain(toGlobalId('Customer', id));
    } finally {
      await sql('update customer set archived_at = null where id = ?', [id]);
    }
  });
});

describe('data scope', () => {
  it("limits a salesperson's members and count to its own customers", async () => {
    const query = 'order_count >= 1';
    const ids = await previewIds({ query }, demo.sales01, 50);
    const own = await sql<{ id: number }>(
      `select c.id from customer c join customer_stats s on s.customer_id = c.id
        where c.archived_at is null and c.owner_id = ? and s.order_count >= 1 order by c.id`,
      [demoIds.sales01],
    );
    expect(own.length).toBeGreaterThan(0);
    expect(ids.map((g) => localIdOf(g, 'Customer'))).toEqual(own.map((r) => r.id));
    const count = await app.gql(SegmentPreviewCountDocument, { query }, demo.sales01);
    expect(count.data!.segmentPreview.count).toBe(own.length);
    const all = await app.gql(SegmentPreviewCountDocument, { query }, demo.admin);
    expect(all.data!.segmentPreview.count).toBeGreaterThan(own.length);
  });

  it.each([
    'value_tier IN (VIP, MAJOR, ORDINARY)',
    'abc_class IN (A, B)',
    'r >= 3 OR f >= 3',
    'rfm_group IN (CHAMPIONS, LOYAL, POTENTIAL_LOYALIST, AT_RISK, HIBERNATING)',
    'member_level IN (GOLD, DIAMOND) AND value_score >= 20',
    'relationship_depth <> FORGOTTEN AND stage IN (NEW, REPEAT, LOYAL, DORMANT)',
  ])("scores only a salesperson's own customers and finds the members the company-wide scoring finds: %s", async (query) => {
    // The salesperson's scores are computed customer by customer for its scope; the admin's as
    // sets over every active customer: the same members, limited to the salesperson's.
    const own = await previewIds({ query }, demo.sales01);
    const admins = await previewIds({ query: `owner = ${demoIds.sales01} AND (${query})` }, demo.admin);
    expect(own.length).toBeGreaterThan(0);
    expect(own).toEqual(admins);
  });

  it("limits a manager's members to its department subtree and its own customers", async () => {
    const query = 'kind = COMPANY';
    const [{ path, id: managerId }] = await sql<{ path: string; id: number }>(
      `select d.path, u.id from app_user u join department d on d.id = u.department_id where u.email = 'manager.east@example.com'`,
    );
    const expected = await sql<{ n: number }>(
      `select count(*)::int as n from customer c where c.archived_at is null and c.kind = 'COMPANY'
          and (c.owner_id = ? or c.department_id in (select id from department where path like ? || '%'))`,
      [managerId, path],
    );
    const res = await app.gql(SegmentPreviewCountDocument, { query }, demo.manager);
    expect(res.data!.segmentPreview.count).toBe(expected[0].n);
  });

  it('applies the scope of whoever reads a saved segment, not of its creator', async () => {
    const created = await create({ name: '有购买的客户', query: 'order_count >= 1' }, demo.admin);
    const id = created.segment!.id;
    const asAdmin = (await app.gql(SegmentCountDocument, { id }, demo.admin)).data!.segment!.count;
    const asSales = (await app.gql(SegmentCountDocument, { id }, demo.sales01)).data!.segment!.count;
    const [{ n }] = await sql<{ n: number }>(
      `select count(*)::int as n from customer c join customer_stats s on s.customer_id = c.id where c.archived_at is null and c.owner_id = ? and s.order_count >= 1`,
      [demoIds.sales01],
    );
    expect(asSales).toBe(n);
    expect(asAdmin).toBeGreaterThan(asSales);
  });
});

describe('products and categories by name or id', () => {
  it('refuses a category or product nobody has (BAD_USER_INPUT in a preview, NOT_FOUND on create), naming the nearest', async () => {
    const preview = await app.gql(SegmentPreviewCountDocument, { query: 'NOT bought_category("耗材")' }, demo.admin);
    expect(preview.errors?.[0]).toMatchObject({
      message: expect.stringMatching(
        /^query: bought_category\("耗材"\): there is no product category with this name or id; the nearest: "(办公耗材|滤芯耗材)", "(办公耗材|滤芯耗材)"/,
      ),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const before = (await sql<{ n: number }>('select count(*)::int as n from segment'))[0].n;
    const created = await create(
      { name: '不存在的产品', query: 'bought_product("不存在的净水器XYZ") OR bought_category("滤芯耗材")' },
      demo.admin,
    );
    expect(created.segment).toBeNull();
    expect(created.userErrors).toEqual([
      {
        field: ['input', 'query'],
        message: expect.stringMatching(
          /^bought_product\("不存在的净水器XYZ"\): there is no product with this SKU, name or id; the nearest: "/,
        ),
        code: 'NOT_FOUND',
      },
    ]);
    expect((await sql<{ n: number }>('select count(*)::int as n from segment'))[0].n).toBe(before);
  });

  it('takes a product or category id for its name, selecting the same customers', async () => {
    const [category] = await sql<{ id: number }>(`select id from product_category where name = '滤芯耗材'`);
    const [product] = await sql<{ id: number; sku: string }>(`select id, sku from product order by id limit 1`);
    const count = async (query: string) => {
      const res = await app.gql(SegmentPreviewCountDocument, { query }, demo.admin);
      expect(res.errors).toBeUndefined();
      return res.data!.segmentPreview.count;
    };
    const byName = await count('bought_category("滤芯耗材")');
    expect(byName).toBeGreaterThan(0);
    expect(await count(`bought_category("${toGlobalId('ProductCategory', category.id)}")`)).toBe(byName);
    const bySku = await count(`bought_product("${product.sku}")`);
    expect(bySku).toBeGreaterThan(0);
    expect(await count(`bought_product("${toGlobalId('Product', product.id)}")`)).toBe(bySku);
    // An id of another type is a name nobody has.
    const wrong = await app.gql(SegmentPreviewCountDocument, { query: `bought_product("${toGlobalId('Customer', 1)}")` }, demo.admin);
    expect(wrong.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('segmentCreate', () => {
  it('saves a text query with its creator, and refuses a second segment of the same name in any case', async () => {
    const payload = await create(
      { name: '一线城市客户', description: '  城市等级为1  ', query: 'city_tier = 1' },
      { token: f.salesSh1.token },
    );
    expect(payload.userErrors).toEqual([]);
    expect(payload.segment).toMatchObject({
      name: '一线城市客户',
      description: '城市等级为1',
      query: 'city_tier = 1',
      version: 1,
      createdBy: { id: f.salesSh1.gid },
    });
    const again = await create({ name: '一线城市客户', query: 'city_tier = 2' }, { token: f.salesSh2.token });
    expect(again.segment).toBeNull();
    expect(again.userErrors).toEqual([expect.objectContaining({ field: ['input', 'name'], code: 'TAKEN' })]);
    const upper = await create({ name: 'VIP', query: 'city_tier = 1' }, demo.admin);
    expect(upper.userErrors).toEqual([]);
    expect((await create({ name: 'vip', query: 'city_tier = 2' }, demo.admin)).userErrors[0].code).toBe('TAKEN');
  });

  it.each<[string, Record<string, unknown>, string[], string]>([
    ['a blank name', { name: '  ', query: 'city_tier = 1' }, ['input', 'name'], 'INVALID'],
    ['a name over 100 characters', { name: 'x'.repeat(101), query: 'city_tier = 1' }, ['input', 'name'], 'INVALID'],
    ['neither query nor filter', { name: '空' }, ['input'], 'REQUIRED'],
    [
      'both query and filter',
      { name: '双', query: 'kind = PERSON', filter: { condition: { field: 'KIND', op: 'EQ', value: 'PERSON' } } },
      ['input'],
      'INVALID',
    ],
    ['an empty query', { name: '空文本', query: '   ' }, ['input', 'query'], 'REQUIRED'],
    [
      'a typed filter with a wrong value',
      {
        name: '错值',
        filter: {
          and: [{ condition: { field: 'KIND', op: 'EQ', value: 'PERSON' } }, { condition: { field: 'CITY_TIER', op: 'EQ', value: 'one' } }],
        },
      },
      ['input', 'filter', 'and', '1', 'condition', 'value'],
      'INVALID',
    ],
    [
      'a typed filter with a wrong operator',
      { name: '错操作', filter: { condition: { field: 'KIND', op: 'LT', value: 'PERSON' } } },
      ['input', 'filter', 'condition', 'op'],
      'INVALID',
    ],
    [
      'BETWEEN with one value',
      { name: '错个数', filter: { condition: { field: 'CITY_TIER', op: 'BETWEEN', values: ['1'] } } },
      ['input', 'filter', 'condition', 'values'],
      'INVALID',
    ],
  ])('refuses %s and writes nothing', async (_label, input, field, code) => {
    const [{ n: before }] = await sql<{ n: number }>('select count(*)::int as n from segment');
    const payload = await create(input, demo.admin);
    expect(payload.segment).toBeNull();
    expect(payload.userErrors).toContainEqual(expect.objectContaining({ field, code }));
    expect(await sql('select count(*)::int as n from segment')).toEqual([{ n: before }]);
  });

  it('answers a text query that does not parse with BAD_USER_INPUT, line and column', async () => {
    const res = await app.gql(SegmentCreateDocument, { input: { name: '坏查询', query: 'stage IN (REPEAT,\nLOYAL' } }, demo.admin);
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toMatch(/^query: line 2, column 6: expected/);
    expect(await sql(`select id from segment where name = '坏查询'`)).toEqual([]);
  });

  it('lets a key with segments:write create, not one with segments:read only, nor anyone without credentials', async () => {
    const byKey = await create({ name: '短信平台名单', query: 'preferred_channel = SMS' }, keys.write);
    expect(byKey.userErrors).toEqual([]);
    expect(byKey.segment!.createdBy).toBeNull();
    const readOnly = await app.gql(SegmentCreateDocument, { input: { name: '只读', query: 'kind = PERSON' } }, keys.read);
    expect(errorCode(readOnly)).toBe('FORBIDDEN');
    const anonymous = await app.gql(SegmentCreateDocument, { input: { name: '匿名', query: 'kind = PERSON' } });
    expect(errorCode(anonymous)).toBe('UNAUTHENTICATED');
  });
});

describe('segmentUpdate and segmentDelete', () => {
  it('changes the rule and name, bumps the version and refuses a stale expectedVersion', async () => {
    const { segment } = await create({ name: '待改', query: 'city_tier = 1' }, { token: f.salesSh1.token });
    const res = await app.gql(
      SegmentUpdateDocument,
      {
        input: {
          id: segment!.id,
          expectedVersion: 1,
          name: '已改',
          filter: { condition: { field: 'CITY_TIER', op: 'IN', values: ['2', '3'] } },
        },
      },
      { token: f.salesSh1.token },
    );
    expect(res.data!.segmentUpdate.userErrors).toEqual([]);
    expect(res.data!.segmentUpdate.segment).toMatchObject({
      name: '已改',
      query: 'city_tier IN (2, 3)',
      version: 2,
      updatedBy: { id: f.salesSh1.gid },
    });
    const stale = await app.gql(
      SegmentUpdateDocument,
      { input: { id: segment!.id, expectedVersion: 1, description: 'x' } },
      { token: f.salesSh1.token },
    );
    expect(stale.data!.segmentUpdate.userErrors).toEqual([
      expect.objectContaining({ field: ['input', 'expectedVersion'], code: 'CONFLICT' }),
    ]);
    const bad = await app.gql(SegmentUpdateDocument, { input: { id: segment!.id, query: 'city_tier = "a' } }, { token: f.salesSh1.token });
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    const one = await app.gql(SegmentOneDocument, { id: segment!.id }, { token: f.salesSh1.token });
    expect(one.data!.segment).toMatchObject({ name: '已改', version: 2, description: null });
  });

  it('lets only the creator, an admin, or for key-made segments a key change it', async () => {
    const { segment } = await create({ name: '别人的', query: 'city_tier = 1' }, { token: f.salesSh1.token });
    const other = await app.gql(SegmentUpdateDocument, { input: { id: segment!.id, name: '抢' } }, { token: f.salesSh2.token });
    expect(other.data!.segmentUpdate.userErrors).toEqual([expect.objectContaining({ field: ['input', 'id'], code: 'FORBIDDEN' })]);
    const byKey = await app.gql(SegmentDeleteDocument, { input: { id: segment!.id } }, keys.write);
    expect(byKey.data!.segmentDelete.userErrors[0].code).toBe('FORBIDDEN');
    const byAdmin = await app.gql(SegmentUpdateDocument, { input: { id: segment!.id, description: '管理员改' } }, { token: f.admin.token });
    expect(byAdmin.data!.segmentUpdate.userErrors).toEqual([]);
    const keyMade = await create({ name: '接口建的', query: 'city_tier = 1' }, keys.write);
    const keyEdit = await app.gql(SegmentUpdateDocument, { input: { id: keyMade.segment!.id, name: '接口改的' } }, keys.write);
    expect(keyEdit.data!.segmentUpdate.userErrors).toEqual([]);
    const salesEdit = await app.gql(
      SegmentUpdateDocument,
      { input: { id: keyMade.segment!.id, name: '销售改' } },
      { token: f.salesSh1.token },
    );
    expect(salesEdit.data!.segmentUpdate.userErrors[0].code).toBe('FORBIDDEN');
  });

  it('deletes: gone from segment, node and segments, and its name is free again', async () => {
    const { segment } = await create({ name: '将删除', query: 'city_tier = 1' }, { token: f.salesSh1.token });
    const res = await app.gql(SegmentDeleteDocument, { input: { id: segment!.id, expectedVersion: 1 } }, { token: f.salesSh1.token });
    expect(res.data!.segmentDelete).toEqual({ deletedSegmentId: segment!.id, userErrors: [] });
    expect((await app.gql(SegmentOneDocument, { id: segment!.id }, demo.admin)).data!.segment).toBeNull();
    expect((await app.gql(SegmentNodeDocument, { id: segment!.id }, demo.admin)).data!.node).toBeNull();
    const list = await app.gql(SegmentListDocument, { first: 100 }, demo.admin);
    expect(list.data!.segments.nodes.map((s) => s.id)).not.toContain(segment!.id);
    const again = await app.gql(SegmentDeleteDocument, { input: { id: segment!.id } }, { token: f.salesSh1.token });
    expect(again.data!.segmentDelete.userErrors[0]).toMatchObject({ field: ['input', 'id'], code: 'NOT_FOUND' });
    expect((await create({ name: '将删除', query: 'city_tier = 2' }, { token: f.salesSh1.token })).userErrors).toEqual([]);
  });
});

describe('reading segments', () => {
  it('lists segments newest first with cursors, and reads one by node id', async () => {
    const first = await app.gql(SegmentListDocument, { first: 2 }, { token: f.salesSh2.token });
    expect(first.errors).toBeUndefined();
    const page = first.data!.segments;
    expect(page.nodes).toHaveLength(2);
    expect(page.totalCount).toBeGreaterThan(2);
    const next = await app.gql(SegmentListDocument, { first: 2, after: page.pageInfo.endCursor }, { token: f.salesSh2.token });
    const times = [...page.nodes, ...next.data!.segments.nodes].map((s) => Date.parse(s.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const node = await app.gql(SegmentNodeDocument, { id: page.nodes[0].id }, keys.read);
    expect(node.data!.node).toMatchObject({ id: page.nodes[0].id, name: page.nodes[0].name });
    expect((await app.gql(SegmentNodeDocument, { id: page.nodes[0].id }, keys.none)).data!.node).toBeNull();
  });

  it('is refused without credentials and to a key without segments:read', async () => {
    expect(errorCode(await app.gql(SegmentListDocument, { first: 1 }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await app.gql(SegmentListDocument, { first: 1 }, keys.none))).toBe('FORBIDDEN');
    expect(errorCode(await app.gql(SegmentPreviewCountDocument, { query: 'kind = PERSON' }, keys.none))).toBe('FORBIDDEN');
    // A count reads customers: segments:read alone is refused it, with customers:read it answers.
    expect(errorCode(await app.gql(SegmentPreviewCountDocument, { query: 'kind = PERSON' }, keys.read))).toBe('FORBIDDEN');
    const ok = await app.gql(SegmentPreviewCountDocument, { query: 'kind = PERSON' }, keys.readCustomers);
    expect(ok.data!.segmentPreview.count).toBeGreaterThan(0);
  });

  it('weighs each evaluation of a filter (count, members) in the query cost: a list of 39 segments with counts is served, of 40 refused', async () => {
    const list = (first: number) => app.post({ query: `{ segments(first: ${first}) { nodes { id count } } }` }, demo.admin);
    const served = await list(39);
    expect(served.errors).toBeUndefined();
    // 2 for the connection + 39 × (nodes 1 + id 1 + count 500)
    expect((served.extensions as { cost: { requestedQueryCost: number } }).cost.requestedQueryCost).toBe(2 + 39 * 502);
    const refused = await list(40);
    expect(refused.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COSTLY');
    const members = await app.post({ query: '{ segments(first: 40) { nodes { members(first: 1) { nodes { id } } } } }' }, demo.admin);
    expect(members.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COSTLY');
  });

  it('refuses a page over 100 and a foreign cursor', async () => {
    const { segment } = await create({ name: '分页', query: 'kind = PERSON' }, demo.admin);
    expect(errorCode(await app.gql(SegmentMembersDocument, { id: segment!.id, first: 101 }, demo.admin))).toBe('BAD_USER_INPUT');
    const foreign = Buffer.from('CREATED_AT:1').toString('base64url');
    expect(errorCode(await app.gql(SegmentMembersDocument, { id: segment!.id, first: 5, after: foreign }, demo.admin))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('filters by scores through the cached company-wide cut-points', async () => {
    const res = await app.gql(SegmentPreviewDocument, { query: 'value_tier IN (VIP, MAJOR) AND r >= 1', first: 100 }, demo.admin);
    expect(res.errors).toBeUndefined();
    const p = res.data!.segmentPreview;
    expect(p.count).toBeGreaterThan(0);
    expect(p.members.nodes.length).toBe(Math.min(100, p.count));
  });
});

describe('statements', () => {
  it('spends one statement on the count and one on the ids of a page, whatever the page size', async () => {
    const { segment } = await create(
      { name: '语句数', query: 'city_tier IN (1, 2) AND order_count >= 1 AND NOT bought_category("滤芯耗材")' },
      demo.admin,
    );
    const id = segment!.id;
    const run = <R, V>(doc: TypedDocumentNode<R, V>, variables: V) =>
      countStatements(async () => {
        const res = await app.gql(doc, variables, demo.admin);
        expect(res.errors).toBeUndefined();
      });
    const base = await run(SegmentNameDocument, { id });
    const withCount = await run(SegmentCountDocument, { id });
    const page5 = await run(SegmentMemberIdsDocument, { id, first: 5 });
    const page50 = await run(SegmentMemberIdsDocument, { id, first: 50 });
    const both = await run(SegmentMembersDocument, { id, first: 50 }); // totalCount too
    // +1 reads the scoring rules in force (once per request); +1 the count; the page: +1 ids, +1 customers.
    expect(withCount - base).toBe(2);
    expect(page5 - base).toBe(3);
    expect(page50).toBe(page5);
    expect(both - base).toBe(4);
  });
});
