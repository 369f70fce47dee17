import {
  ApiKeyCreateDocument,
  ProductsCategoryCreateDocument,
  ProductsCreateDocument,
  ProductsGetDocument,
  ProductsNodeDocument,
  ProductsUpdateDocument,
} from '../generated/graphql';
import { toGlobalId } from '../../src/schema/global-id';
import { createFixture, type Fixture } from '../support/fixture';
import { errorCode, startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let f: Fixture;
let category: string;

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
  const res = await app.gql(ProductsCategoryCreateDocument, { input: { name: '净水器' } }, { token: f.admin.token });
  category = res.data!.productCategoryCreate.productCategory!.id;
});
afterAll(() => app.close());

async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().getConnection().execute(query, params);
}
const productRows = async () => (await sql<{ n: number }>('select count(*)::int as n from product'))[0].n;
const rowOf = async (sku: string) => (await sql('select * from product where sku = ?', [sku]))[0];

async function partnerKey(scopes: string[]): Promise<string> {
  const res = await app.gql(ApiKeyCreateDocument, { input: { name: `products ${scopes.join(' ')}`, scopes } }, { token: f.admin.token });
  return res.data!.apiKeyCreate.secret!;
}

async function create(input: Record<string, unknown>, token = f.admin.token) {
  const res = await app.gql(ProductsCreateDocument, { input: { listPrice: '100.00', cost: '60.00', ...input } as never }, { token });
  expect(res.errors).toBeUndefined();
  return res.data!.productCreate;
}

describe('productCreate', () => {
  it('creates a product with exact prices, the company currency and its cycles', async () => {
    const payload = await create({
      sku: '  PW-RO-500 ',
      name: '反渗透净水器 500G',
      categoryId: category,
      listPrice: '2999.5',
      cost: '1799.7',
      maintenanceIntervalDays: 180,
    });
    expect(payload.userErrors).toEqual([]);
    expect(payload.product).toMatchObject({
      sku: 'PW-RO-500',
      name: '反渗透净水器 500G',
      category: { id: category, name: '净水器' },
      listPrice: { amount: '2999.50', currencyCode: 'CNY' },
      cost: { amount: '1799.70', currencyCode: 'CNY' },
      grossMarginPercent: '40.00',
      usageCycleDays: null,
      maintenanceIntervalDays: 180,
      active: true,
    });
    expect(await rowOf('PW-RO-500')).toMatchObject({ list_price: '2999.50', cost: '1799.70', currency: 'CNY' });
    const read = await app.gql(ProductsGetDocument, { id: payload.product!.id }, { token: f.salesSh1.token });
    expect(read.data?.product).toEqual(payload.product);
  });

  it('lets a manager create a consumable in another currency', async () => {
    const payload = await create(
      { sku: 'FLT-PP-10', name: 'PP 棉滤芯', listPrice: '0', cost: '3.2', currency: 'USD', usageCycleDays: 90 },
      f.managerEast.token,
    );
    expect(payload.userErrors).toEqual([]);
    expect(payload.product).toMatchObject({
      listPrice: { amount: '0.00', currencyCode: 'USD' },
      grossMarginPercent: null,
      usageCycleDays: 90,
      category: null,
    });
  });

  it.each([
    [{ sku: 'HAS SPACE', name: '甲' }, ['input', 'sku'], 'INVALID'],
    [{ sku: 'X'.repeat(65), name: '甲' }, ['input', 'sku'], 'INVALID'],
    [{ sku: 'BAD-NAME', name: '   ' }, ['input', 'name'], 'INVALID'],
    [{ sku: 'BAD-PRICE-1', name: '甲', listPrice: '-1' }, ['input', 'listPrice'], 'INVALID'],
    [{ sku: 'BAD-PRICE-2', name: '甲', listPrice: '12.345' }, ['input', 'listPrice'], 'INVALID'],
    [{ sku: 'BAD-PRICE-3', name: '甲', listPrice: '1234567890123' }, ['input', 'listPrice'], 'INVALID'],
    [{ sku: 'BAD-COST', name: '甲', cost: '1.001' }, ['input', 'cost'], 'INVALID'],
    [{ sku: 'BAD-CYCLE-1', name: '甲', usageCycleDays: 0 }, ['input', 'usageCycleDays'], 'INVALID'],
    [{ sku: 'BAD-CYCLE-2', name: '甲', usageCycleDays: 3651 }, ['input', 'usageCycleDays'], 'INVALID'],
    [{ sku: 'BAD-MAINT', name: '甲', maintenanceIntervalDays: -30 }, ['input', 'maintenanceIntervalDays'], 'INVALID'],
    [{ sku: 'BAD-CAT', name: '甲', categoryId: toGlobalId('ProductCategory', 999999) }, ['input', 'categoryId'], 'NOT_FOUND'],
    [{ sku: 'BAD-CAT-TYPE', name: '甲', categoryId: toGlobalId('Store', 1) }, ['input', 'categoryId'], 'NOT_FOUND'],
    [{ sku: 'BAD-CAT-EMPTY', name: '甲', categoryId: '' }, ['input', 'categoryId'], 'NOT_FOUND'],
  ])('refuses %j with a user error at %j and writes nothing', async (input, field, code) => {
    const before = await productRows();
    const payload = await create(input);
    expect(payload.product).toBeNull();
    expect(payload.userErrors).toContainEqual({ field, message: expect.any(String), code });
    expect(await productRows()).toBe(before);
  });

  it('refuses a float or a word as a price before it runs', async () => {
    const res = await app.post(
      { query: 'mutation { productCreate(input: { sku: "F-1", name: "f", listPrice: 12.5, cost: "1" }) { product { id } } }' },
      { token: f.admin.token },
    );
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    const word = await app.gql(
      ProductsCreateDocument,
      { input: { sku: 'F-2', name: 'f', listPrice: 'cheap', cost: '1' } },
      { token: f.admin.token },
    );
    expect(errorCode(word)).toBe('BAD_USER_INPUT');
    expect(await rowOf('F-2')).toBeUndefined();
  });

  it('reports a SKU in use as TAKEN, also after trimming', async () => {
    expect((await create({ sku: 'DUP-1', name: '第一' })).userErrors).toEqual([]);
    const before = await productRows();
    const again = await create({ sku: ' DUP-1', name: '第二' });
    expect(again).toEqual({
      product: null,
      userErrors: [{ field: ['input', 'sku'], message: expect.stringContaining('DUP-1'), code: 'TAKEN' }],
    });
    expect(await productRows()).toBe(before);
  });

  it('leaves exactly one product when ten requests race for one SKU, the rest TAKEN', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        app.gql(
          ProductsCreateDocument,
          { input: { sku: 'RACE-1', name: `并发 ${i}`, listPrice: '1', cost: '1' } },
          { token: f.admin.token },
        ),
      ),
    );
    expect(results.map((r) => r.errors)).toEqual(Array(10).fill(undefined));
    const payloads = results.map((r) => r.data!.productCreate);
    expect(payloads.filter((p) => p.product).length).toBe(1);
    expect(payloads.filter((p) => p.userErrors[0]?.code === 'TAKEN').length).toBe(9);
    expect((await sql<{ n: number }>(`select count(*)::int as n from product where sku = 'RACE-1'`))[0].n).toBe(1);
  });
});

describe('productUpdate', () => {
  let id: string;
  beforeAll(async () => {
    id = (await create({ sku: 'UPD-1', name: '软水机', categoryId: category, usageCycleDays: 30 })).product!.id;
  });

  it('changes prices, cycles, category and active; absent fields stay', async () => {
    const before = await rowOf('UPD-1');
    const res = await app.gql(
      ProductsUpdateDocument,
      {
        input: {
          id,
          name: '软水机 Pro',
          listPrice: '120',
          cost: '90.5',
          usageCycleDays: null,
          maintenanceIntervalDays: 365,
          categoryId: null,
          active: false,
        },
      },
      { token: f.managerEast.token },
    );
    expect(res.data?.productUpdate.userErrors).toEqual([]);
    expect(res.data?.productUpdate.product).toMatchObject({
      sku: 'UPD-1',
      name: '软水机 Pro',
      listPrice: { amount: '120.00', currencyCode: 'CNY' },
      cost: { amount: '90.50' },
      grossMarginPercent: '24.58',
      usageCycleDays: null,
      maintenanceIntervalDays: 365,
      category: null,
      active: false,
    });
    const after = await rowOf('UPD-1');
    expect(after).toMatchObject({ list_price: '120.00', usage_cycle_days: null, category_id: null, active: false });
    expect(new Date(after.updated_at as string).getTime()).toBeGreaterThan(new Date(before.updated_at as string).getTime());
    const back = await app.gql(ProductsUpdateDocument, { input: { id, categoryId: category, active: true } }, { token: f.admin.token });
    expect(back.data?.productUpdate.product).toMatchObject({
      name: '软水机 Pro',
      category: { id: category },
      active: true,
      maintenanceIntervalDays: 365,
    });
  });

  it('refuses a SKU of another product and a bad price together, writing nothing', async () => {
    await create({ sku: 'UPD-OTHER', name: '另一个' });
    const before = await rowOf('UPD-1');
    const res = await app.gql(
      ProductsUpdateDocument,
      { input: { id, sku: 'UPD-OTHER', name: '改名', cost: '-3' } },
      { token: f.admin.token },
    );
    expect(res.data?.productUpdate.product).toBeNull();
    expect(res.data?.productUpdate.userErrors.map((e) => [e.field, e.code])).toEqual(
      expect.arrayContaining([
        [['input', 'sku'], 'TAKEN'],
        [['input', 'cost'], 'INVALID'],
      ]),
    );
    expect(await rowOf('UPD-1')).toEqual(before);
  });

  it('keeps its own SKU without calling it taken, and reports an unknown id', async () => {
    const same = await app.gql(ProductsUpdateDocument, { input: { id, sku: 'UPD-1' } }, { token: f.admin.token });
    expect(same.data?.productUpdate.userErrors).toEqual([]);
    const missing = await app.gql(
      ProductsUpdateDocument,
      { input: { id: toGlobalId('Product', 999999), name: 'x' } },
      { token: f.admin.token },
    );
    expect(missing.data?.productUpdate).toEqual({
      product: null,
      userErrors: [expect.objectContaining({ field: ['input', 'id'], code: 'NOT_FOUND' })],
    });
  });

  it('lets one of several products racing to one new SKU have it', async () => {
    const ids = await Promise.all([1, 2, 3, 4, 5].map(async (i) => (await create({ sku: `RENAME-${i}`, name: `改号 ${i}` })).product!.id));
    const results = await Promise.all(
      ids.map((pid) => app.gql(ProductsUpdateDocument, { input: { id: pid, sku: 'RENAMED' } }, { token: f.admin.token })),
    );
    expect(results.map((r) => r.errors)).toEqual(Array(5).fill(undefined));
    expect(results.filter((r) => r.data!.productUpdate.product).length).toBe(1);
    expect(results.filter((r) => r.data!.productUpdate.userErrors[0]?.code === 'TAKEN').length).toBe(4);
  });
});

describe('access', () => {
  let id: string;
  beforeAll(async () => {
    id = (await create({ sku: 'ACC-1', name: '权限测试' })).product!.id;
  });

  it('needs a viewer', async () => {
    expect(errorCode(await app.gql(ProductsGetDocument, { id }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await app.gql(ProductsCreateDocument, { input: { sku: 'ANON', name: 'a', listPrice: '1', cost: '1' } }))).toBe(
      'UNAUTHENTICATED',
    );
    expect(await rowOf('ANON')).toBeUndefined();
  });

  it('lets a salesperson read but not write products', async () => {
    expect((await app.gql(ProductsGetDocument, { id }, { token: f.salesSh1.token })).data?.product?.sku).toBe('ACC-1');
    const created = await app.gql(
      ProductsCreateDocument,
      { input: { sku: 'BY-SALES', name: 'a', listPrice: '1', cost: '1' } },
      { token: f.salesSh1.token },
    );
    expect(errorCode(created)).toBe('FORBIDDEN');
    const updated = await app.gql(ProductsUpdateDocument, { input: { id, listPrice: '1' } }, { token: f.salesSh1.token });
    expect(errorCode(updated)).toBe('FORBIDDEN');
    expect(await rowOf('BY-SALES')).toBeUndefined();
    expect((await rowOf('ACC-1')).list_price).toBe('100.00');
  });

  it('gives partner keys what their scopes say', async () => {
    const none = await partnerKey(['customers:read']);
    expect(errorCode(await app.gql(ProductsGetDocument, { id }, { apiKey: none }))).toBe('FORBIDDEN');
    expect((await app.gql(ProductsNodeDocument, { id }, { apiKey: none })).data?.node).toBeNull();
    const reader = await partnerKey(['products:read']);
    expect((await app.gql(ProductsGetDocument, { id }, { apiKey: reader })).data?.product?.sku).toBe('ACC-1');
    expect((await app.gql(ProductsNodeDocument, { id }, { apiKey: reader })).data?.node).toEqual({ id, sku: 'ACC-1' });
    const input = { sku: 'BY-PARTNER', name: 'ERP 同步', listPrice: '10', cost: '5' };
    expect(errorCode(await app.gql(ProductsCreateDocument, { input }, { apiKey: reader }))).toBe('FORBIDDEN');
    expect(await rowOf('BY-PARTNER')).toBeUndefined();
    const writer = await partnerKey(['products:read', 'products:write']);
    const created = await app.gql(ProductsCreateDocument, { input }, { apiKey: writer });
    expect(created.data?.productCreate.product?.sku).toBe('BY-PARTNER');
  });

  it('answers null for an unknown or foreign id', async () => {
    for (const other of [toGlobalId('Product', 999999), toGlobalId('Customer', 1), 'garbage']) {
      const res = await app.gql(ProductsGetDocument, { id: other }, { token: f.admin.token });
      expect(res.errors).toBeUndefined();
      expect(res.data?.product).toBeNull();
    }
  });
});
