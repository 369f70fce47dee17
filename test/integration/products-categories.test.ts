import {
  ApiKeyCreateDocument,
  ProductsCategoriesDocument,
  ProductsCategoryCreateDocument,
  ProductsCategoryUpdateDocument,
  ProductsNodeDocument,
} from '../generated/graphql';
import { localIdOf, toGlobalId } from '../../src/schema/global-id';
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
const categoryRows = async () => (await sql<{ n: number }>('select count(*)::int as n from product_category'))[0].n;
const pathOf = async (gid: string) =>
  (await sql<{ path: string }>('select path from product_category where id = ?', [localIdOf(gid, 'ProductCategory')]))[0].path;
const num = (gid: string) => localIdOf(gid, 'ProductCategory');

async function createCategory(name: string, parentId?: string, token = f.admin.token) {
  const res = await app.gql(ProductsCategoryCreateDocument, { input: { name, parentId } }, { token });
  expect(res.errors).toBeUndefined();
  expect(res.data!.productCategoryCreate.userErrors).toEqual([]);
  return res.data!.productCategoryCreate.productCategory!.id;
}

async function partnerKey(scopes: string[]): Promise<string> {
  const res = await app.gql(ApiKeyCreateDocument, { input: { name: `categories ${scopes.join(' ')}`, scopes } }, { token: f.admin.token });
  return res.data!.apiKeyCreate.secret!;
}

describe('productCategoryCreate', () => {
  it('creates a root and a child whose path extends the parent’s', async () => {
    const res = await app.gql(ProductsCategoryCreateDocument, { input: { name: ' 家电 ' } }, { token: f.admin.token });
    const root = res.data!.productCategoryCreate.productCategory!;
    expect(root).toMatchObject({ name: '家电', parent: null });
    const child = await app.gql(
      ProductsCategoryCreateDocument,
      { input: { name: '厨房电器', parentId: root.id } },
      { token: f.managerEast.token },
    );
    expect(child.data?.productCategoryCreate).toMatchObject({
      userErrors: [],
      productCategory: { name: '厨房电器', parent: { id: root.id, name: '家电' } },
    });
    const childId = child.data!.productCategoryCreate.productCategory!.id;
    expect(await pathOf(root.id)).toBe(`/${num(root.id)}/`);
    expect(await pathOf(childId)).toBe(`/${num(root.id)}/${num(childId)}/`);
  });

  it.each([
    [{ name: '' }, ['input', 'name'], 'INVALID'],
    [{ name: '   ' }, ['input', 'name'], 'INVALID'],
    [{ name: 'x'.repeat(101) }, ['input', 'name'], 'INVALID'],
    [{ name: '孤儿', parentId: toGlobalId('ProductCategory', 999999) }, ['input', 'parentId'], 'NOT_FOUND'],
    [{ name: '孤儿', parentId: toGlobalId('Department', 1) }, ['input', 'parentId'], 'NOT_FOUND'],
  ])('refuses %j at %j and writes nothing', async (input, field, code) => {
    const before = await categoryRows();
    const res = await app.gql(ProductsCategoryCreateDocument, { input }, { token: f.admin.token });
    expect(res.data?.productCategoryCreate.productCategory).toBeNull();
    expect(res.data?.productCategoryCreate.userErrors).toContainEqual({ field, message: expect.any(String), code });
    expect(await categoryRows()).toBe(before);
  });
});

describe('productCategoryUpdate', () => {
  it('renames a category and moves it with its whole subtree', async () => {
    const a = await createCategory('A 个护');
    const b = await createCategory('B 剃须', a);
    const c = await createCategory('C 刀头', b);
    const d = await createCategory('D 小家电');
    const res = await app.gql(
      ProductsCategoryUpdateDocument,
      { input: { id: b, name: 'B 剃须刀', parentId: d } },
      { token: f.admin.token },
    );
    expect(res.data?.productCategoryUpdate).toEqual({
      userErrors: [],
      productCategory: { id: b, name: 'B 剃须刀', parent: { id: d, name: 'D 小家电' } },
    });
    expect(await pathOf(b)).toBe(`/${num(d)}/${num(b)}/`);
    expect(await pathOf(c)).toBe(`/${num(d)}/${num(b)}/${num(c)}/`);
    expect(await pathOf(a)).toBe(`/${num(a)}/`);
    const top = await app.gql(ProductsCategoryUpdateDocument, { input: { id: c, parentId: null } }, { token: f.managerEast.token });
    expect(top.data?.productCategoryUpdate.productCategory?.parent).toBeNull();
    expect(await pathOf(c)).toBe(`/${num(c)}/`);
  });

  it('refuses a move under itself or its own subtree and changes nothing', async () => {
    const a = await createCategory('环 A');
    const b = await createCategory('环 B', a);
    const c = await createCategory('环 C', b);
    const paths = async () => Promise.all([a, b, c].map(pathOf));
    const before = await paths();
    for (const parentId of [a, b, c]) {
      const res = await app.gql(
        ProductsCategoryUpdateDocument,
        { input: { id: a, name: '改名不应生效', parentId } },
        { token: f.admin.token },
      );
      expect(res.data?.productCategoryUpdate).toEqual({
        productCategory: null,
        userErrors: [{ field: ['input', 'parentId'], message: expect.stringContaining('subtree'), code: 'INVALID' }],
      });
    }
    expect(await paths()).toEqual(before);
    expect((await sql('select name from product_category where id = ?', [num(a)]))[0].name).toBe('环 A');
  });

  it('reports an unknown category, parent or empty name', async () => {
    const a = await createCategory('错 A');
    const cases: Array<[Record<string, unknown>, string[], string]> = [
      [{ id: toGlobalId('ProductCategory', 999999), name: 'x' }, ['input', 'id'], 'NOT_FOUND'],
      [{ id: a, parentId: toGlobalId('ProductCategory', 999999) }, ['input', 'parentId'], 'NOT_FOUND'],
      [{ id: a, name: '' }, ['input', 'name'], 'INVALID'],
    ];
    for (const [input, field, code] of cases) {
      const res = await app.gql(ProductsCategoryUpdateDocument, { input: input as never }, { token: f.admin.token });
      expect(res.data?.productCategoryUpdate.userErrors).toEqual([{ field, message: expect.any(String), code }]);
    }
    expect(await pathOf(a)).toBe(`/${num(a)}/`);
  });

  it('keeps paths consistent when moves and creates race', async () => {
    const x = await createCategory('竞 X');
    const y = await createCategory('竞 Y', x);
    const z = await createCategory('竞 Z');
    const results = await Promise.all([
      app.gql(ProductsCategoryUpdateDocument, { input: { id: y, parentId: z } }, { token: f.admin.token }),
      ...Array.from({ length: 5 }, (_, i) =>
        app.gql(ProductsCategoryCreateDocument, { input: { name: `竞 Y${i}`, parentId: y } }, { token: f.admin.token }),
      ),
      app.gql(ProductsCategoryUpdateDocument, { input: { id: z, parentId: y } }, { token: f.admin.token }),
    ]);
    expect(results.map((r) => r.errors)).toEqual(Array(7).fill(undefined));
    const moves = [results[0], results[6]].map(
      (r) => (r.data as { productCategoryUpdate: { userErrors: unknown[] } }).productCategoryUpdate,
    );
    expect(moves.filter((m) => m.userErrors.length === 0)).toHaveLength(1);
    // Every path is its parent's path plus its own id: no stale subtree, no cycle.
    const broken = await sql(
      `select c.id from product_category c left join product_category p on p.id = c.parent_id
        where c.path <> coalesce(p.path, '/') || c.id || '/'`,
    );
    expect(broken).toEqual([]);
  });
});

describe('productCategories', () => {
  let root: string;
  let kids: string[];
  beforeAll(async () => {
    root = await createCategory('列表根');
    kids = [];
    for (const name of ['子一', '子二', '子三']) kids.push(await createCategory(name, root));
    await createCategory('孙', kids[0]);
  });

  it('lists parents before their children, for a salesperson too', async () => {
    const res = await app.gql(ProductsCategoriesDocument, { first: 100 }, { token: f.salesSh1.token });
    const ids = res.data!.productCategories.edges.map((e) => e.node.id);
    expect(res.data!.productCategories.totalCount).toBe(ids.length);
    for (const edge of res.data!.productCategories.edges) {
      if (edge.node.parent) expect(ids.indexOf(edge.node.parent.id)).toBeLessThan(ids.indexOf(edge.node.id));
    }
    expect(ids.indexOf(root)).toBeLessThan(ids.indexOf(kids[0]));
  });

  it('filters the direct children of a parent and the roots', async () => {
    const children = await app.gql(ProductsCategoriesDocument, { first: 10, filter: { parentId: root } }, { token: f.admin.token });
    expect(children.data!.productCategories.edges.map((e) => e.node.name).sort()).toEqual(['子一', '子三', '子二'].sort());
    expect(children.data!.productCategories.totalCount).toBe(3);
    const roots = await app.gql(ProductsCategoriesDocument, { first: 100, filter: { rootsOnly: true } }, { token: f.admin.token });
    const nodes = roots.data!.productCategories.edges.map((e) => e.node);
    expect(nodes.every((n) => n.parent === null)).toBe(true);
    expect(nodes.map((n) => n.id)).toContain(root);
    expect(nodes.map((n) => n.id)).not.toContain(kids[0]);
    const bad = await app.gql(
      ProductsCategoriesDocument,
      { first: 10, filter: { parentId: toGlobalId('Store', 1) } },
      { token: f.admin.token },
    );
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
  });

  it('pages forward and backward through children', async () => {
    const filter = { parentId: root };
    const p1 = (await app.gql(ProductsCategoriesDocument, { first: 2, filter }, { token: f.admin.token })).data!.productCategories;
    expect(p1.edges).toHaveLength(2);
    expect(p1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const p2 = (await app.gql(ProductsCategoriesDocument, { first: 2, after: p1.pageInfo.endCursor, filter }, { token: f.admin.token }))
      .data!.productCategories;
    expect(p2.edges).toHaveLength(1);
    expect(p2.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const all = [...p1.edges, ...p2.edges].map((e) => e.node.id);
    expect(new Set(all)).toEqual(new Set(kids));
    const back = (await app.gql(ProductsCategoriesDocument, { last: 2, before: p2.pageInfo.endCursor, filter }, { token: f.admin.token }))
      .data!.productCategories;
    expect(back.edges.map((e) => e.node.id)).toEqual(all.slice(0, 2));
  });
});

describe('access', () => {
  it('needs a viewer', async () => {
    expect(errorCode(await app.gql(ProductsCategoriesDocument, { first: 1 }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await app.gql(ProductsCategoryCreateDocument, { input: { name: '匿名' } }))).toBe('UNAUTHENTICATED');
  });

  it('refuses category writes to a salesperson', async () => {
    const before = await categoryRows();
    expect(errorCode(await app.gql(ProductsCategoryCreateDocument, { input: { name: '销售建' } }, { token: f.salesSh1.token }))).toBe(
      'FORBIDDEN',
    );
    const a = await createCategory('销售改');
    const res = await app.gql(ProductsCategoryUpdateDocument, { input: { id: a, name: '被改' } }, { token: f.salesSh1.token });
    expect(errorCode(res)).toBe('FORBIDDEN');
    expect(await categoryRows()).toBe(before + 1);
    expect((await sql('select name from product_category where id = ?', [num(a)]))[0].name).toBe('销售改');
  });

  it('gives partner keys what their scopes say', async () => {
    const a = await createCategory('合作方可见');
    const none = await partnerKey(['orders:read']);
    expect(errorCode(await app.gql(ProductsCategoriesDocument, { first: 1 }, { apiKey: none }))).toBe('FORBIDDEN');
    expect((await app.gql(ProductsNodeDocument, { id: a }, { apiKey: none })).data?.node).toBeNull();
    const reader = await partnerKey(['products:read']);
    expect((await app.gql(ProductsNodeDocument, { id: a }, { apiKey: reader })).data?.node).toEqual({ id: a, name: '合作方可见' });
    expect(errorCode(await app.gql(ProductsCategoryCreateDocument, { input: { name: '合作方建' } }, { apiKey: reader }))).toBe('FORBIDDEN');
    const blind = await partnerKey(['products:write']);
    const written = await app.gql(ProductsCategoryCreateDocument, { input: { name: '合作方盲建', parentId: a } }, { apiKey: blind });
    expect(written.data?.productCategoryCreate).toMatchObject({ userErrors: [], productCategory: null });
    const writer = await partnerKey(['products:write', 'products:read']);
    const created = await app.gql(ProductsCategoryCreateDocument, { input: { name: '合作方建', parentId: a } }, { apiKey: writer });
    expect(created.data?.productCategoryCreate.productCategory).toMatchObject({ name: '合作方建', parent: { id: a } });
  });
});
