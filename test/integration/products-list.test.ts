import {
  ApiKeyCreateDocument,
  ProductsCategoryCreateDocument,
  ProductsCategoryUpdateDocument,
  ProductsCreateDocument,
  ProductsListDocument,
  ProductsUpdateDocument,
  ProductsWithCategoriesDocument,
} from '../generated/graphql';
import { toGlobalId } from '../../src/schema/global-id';
import { countStatements, createFixture, type Fixture } from '../support/fixture';
import { errorCode, startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let f: Fixture;
const cat: Record<string, string> = {};
const ids: Record<string, string> = {};

/** 家电 → 厨房电器 → 电饭煲, 家电 → 清洁电器; 食品 (a separate root). */
beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
  const category = async (name: string, parent?: string) => {
    const res = await app.gql(
      ProductsCategoryCreateDocument,
      { input: { name, parentId: parent ? cat[parent] : null } },
      { token: f.admin.token },
    );
    cat[name] = res.data!.productCategoryCreate.productCategory!.id;
  };
  await category('家电');
  await category('厨房电器', '家电');
  await category('电饭煲', '厨房电器');
  await category('清洁电器', '家电');
  await category('食品');
  const products: Array<[string, string, string | null]> = [
    ['HA-001', '家电通用保修卡', '家电'],
    ['KT-101', 'Induction Cooker 电磁炉', '厨房电器'],
    ['RC-201', '智能电饭煲 3L', '电饭煲'],
    ['RC-202', '智能电饭煲 5L', '电饭煲'],
    ['CL-301', '扫地机器人', '清洁电器'],
    ['FD-401', '有机大米 5kg', '食品'],
    ['MISC-1', '礼品袋 100%_纸', null],
  ];
  for (const [sku, name, c] of products) {
    const res = await app.gql(
      ProductsCreateDocument,
      { input: { sku, name, categoryId: c ? cat[c] : null, listPrice: '10', cost: '5' } },
      { token: f.admin.token },
    );
    ids[sku] = res.data!.productCreate.product!.id;
  }
  await app.gql(ProductsUpdateDocument, { input: { id: ids['RC-202'], active: false } }, { token: f.admin.token });
});
afterAll(() => app.close());

async function list(variables: Parameters<typeof app.gql<unknown, Record<string, unknown>>>[1] = {}, token = f.salesSh1.token) {
  const res = await app.gql(ProductsListDocument, { first: 100, ...variables }, { token });
  expect(res.errors).toBeUndefined();
  return res.data!.products;
}
const skus = (c: Awaited<ReturnType<typeof list>>) => c.edges.map((e) => e.node.sku);

describe('products', () => {
  it('lists every product by name by default, inactive ones included, with totalCount', async () => {
    const all = await list();
    expect(all.totalCount).toBe(7);
    const byName: Array<{ sku: string }> = await app.db.orm.em
      .fork()
      .getConnection()
      .execute('select sku from product order by name collate "zh-x-icu", id');
    expect(skus(all)).toEqual(byName.map((r) => r.sku));
    expect(all.edges.find((e) => e.node.sku === 'RC-202')?.node.active).toBe(false);
  });

  it('includes the whole subtree of a category', async () => {
    expect(skus(await list({ filter: { categoryId: cat['家电'] }, sortKey: 'SKU' }))).toEqual([
      'CL-301',
      'HA-001',
      'KT-101',
      'RC-201',
      'RC-202',
    ]);
    expect(skus(await list({ filter: { categoryId: cat['厨房电器'] }, sortKey: 'SKU' }))).toEqual(['KT-101', 'RC-201', 'RC-202']);
    expect(skus(await list({ filter: { categoryId: cat['电饭煲'] }, sortKey: 'SKU' }))).toEqual(['RC-201', 'RC-202']);
    expect(skus(await list({ filter: { categoryId: cat['食品'] } }))).toEqual(['FD-401']);
    const unknown = await list({ filter: { categoryId: toGlobalId('ProductCategory', 999999) } });
    expect(unknown.totalCount).toBe(0);
  });

  it('follows a category move in the subtree filter', async () => {
    const move = await app.gql(
      ProductsCategoryUpdateDocument,
      { input: { id: cat['电饭煲'], parentId: cat['食品'] } },
      { token: f.admin.token },
    );
    expect(move.data?.productCategoryUpdate.userErrors).toEqual([]);
    try {
      expect(skus(await list({ filter: { categoryId: cat['食品'] }, sortKey: 'SKU' }))).toEqual(['FD-401', 'RC-201', 'RC-202']);
      expect(skus(await list({ filter: { categoryId: cat['家电'] }, sortKey: 'SKU' }))).toEqual(['CL-301', 'HA-001', 'KT-101']);
    } finally {
      await app.gql(ProductsCategoryUpdateDocument, { input: { id: cat['电饭煲'], parentId: cat['厨房电器'] } }, { token: f.admin.token });
    }
  });

  it.each([
    ['rc-2', ['RC-201', 'RC-202']],
    ['电饭煲', ['RC-201', 'RC-202']],
    ['induction', ['KT-101']],
    ['100%_', ['MISC-1']],
    ['%', ['MISC-1']],
    ['nothing-like-this', []],
  ])('searches SKU and name ignoring case: %s', async (search, expected) => {
    expect(skus(await list({ filter: { search }, sortKey: 'SKU' }))).toEqual(expected);
  });

  it('combines filters: active products of a category matching a search', async () => {
    expect(skus(await list({ filter: { search: 'rc', categoryId: cat['家电'], active: true } }))).toEqual(['RC-201']);
    expect(skus(await list({ filter: { active: false } }))).toEqual(['RC-202']);
  });

  it('sorts by SKU or creation, reversed on request', async () => {
    const bySku = skus(await list({ sortKey: 'SKU' }));
    expect(bySku).toEqual(['CL-301', 'FD-401', 'HA-001', 'KT-101', 'MISC-1', 'RC-201', 'RC-202']);
    expect(skus(await list({ sortKey: 'SKU', reverse: true }))).toEqual([...bySku].reverse());
    expect(skus(await list({ sortKey: 'CREATED_AT' }))).toEqual(['HA-001', 'KT-101', 'RC-201', 'RC-202', 'CL-301', 'FD-401', 'MISC-1']);
  });

  it('pages forward and backward with cursors of its sort order', async () => {
    const all = skus(await list({ sortKey: 'SKU' }));
    const seen: string[] = [];
    let after: string | null | undefined;
    for (;;) {
      const page = await list({ first: 3, after, sortKey: 'SKU' });
      expect(page.totalCount).toBe(7);
      seen.push(...skus(page));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all);
    const last = await list({ first: undefined, last: 2, sortKey: 'SKU' });
    expect(skus(last)).toEqual(all.slice(-2));
    expect(last.pageInfo.hasPreviousPage).toBe(true);
    const before = await list({ first: undefined, last: 2, before: last.pageInfo.startCursor, sortKey: 'SKU' });
    expect(skus(before)).toEqual(all.slice(-4, -2));
    const wrongSort = await app.gql(
      ProductsListDocument,
      { first: 2, after: last.pageInfo.startCursor, sortKey: 'NAME' },
      { token: f.admin.token },
    );
    expect(errorCode(wrongSort)).toBe('BAD_USER_INPUT');
  });

  it('refuses bad filters as request errors', async () => {
    const foreign = await app.gql(
      ProductsListDocument,
      { first: 5, filter: { categoryId: toGlobalId('Store', 1) } },
      { token: f.admin.token },
    );
    expect(errorCode(foreign)).toBe('BAD_USER_INPUT');
    const long = await app.gql(ProductsListDocument, { first: 5, filter: { search: 'x'.repeat(101) } }, { token: f.admin.token });
    expect(errorCode(long)).toBe('BAD_USER_INPUT');
    expect(errorCode(await app.gql(ProductsListDocument, { first: 101 }, { token: f.admin.token }))).toBe('BAD_USER_INPUT');
  });

  it('loads categories and their parents in batches: the statement count does not grow with the page', async () => {
    // Every product under 厨房电器 has a category with a parent, so both pages walk three levels.
    const filter = { categoryId: cat['厨房电器'] };
    const run = (first: number) =>
      countStatements(() => app.gql(ProductsWithCategoriesDocument, { first, filter }, { token: f.admin.token }));
    const small = await run(1);
    const large = await run(3);
    expect(large).toBe(small);
    const res = await app.gql(ProductsWithCategoriesDocument, { first: 3, filter }, { token: f.admin.token });
    expect(res.data!.products.nodes).toHaveLength(3);
    const rice = res.data!.products.nodes.find((n) => n.id === ids['RC-201']);
    expect(rice?.category).toEqual({ id: cat['电饭煲'], name: '电饭煲', parent: { id: cat['厨房电器'], name: '厨房电器' } });
  });

  it('needs a viewer, and products:read for a partner', async () => {
    expect(errorCode(await app.gql(ProductsListDocument, { first: 1 }))).toBe('UNAUTHENTICATED');
    const key = async (scopes: string[]) =>
      (await app.gql(ApiKeyCreateDocument, { input: { name: scopes.join(' '), scopes } }, { token: f.admin.token })).data!.apiKeyCreate
        .secret!;
    expect(errorCode(await app.gql(ProductsListDocument, { first: 1 }, { apiKey: await key(['products:write']) }))).toBe('FORBIDDEN');
    const read = await app.gql(ProductsListDocument, { first: 100 }, { apiKey: await key(['products:read']) });
    expect(read.data?.products.totalCount).toBe(7);
  });
});
