import { toGlobalId } from '../../src/schema/global-id';
import { ApiKeyCreateDocument, SalesReportDocument, type SalesReportQuery, type SalesReportQueryVariables } from '../generated/graphql';
import { countStatements, createFixture, type Fixture, createCompanyCustomer } from '../support/fixture';
import { insertOrders, type SaleOrder } from '../support/sales-data';
import { errorCode, startTestApp, type Auth, type TestApp } from '../support/test-app';

/**
 * `salesReport` (issue 14 item 2, DOMAIN A1) on orders whose figures can be checked by hand:
 * a manager's "last week by salesperson vs the week before", refunds netted on their day,
 * zero rows, the department roll-up, labels, filters, the data scope, keys, bad input and
 * statements that do not grow with the data.
 */

let app: TestApp;
let f: Fixture;
const c: Record<string, number> = {};
const p: Record<string, number> = {};
let keys: Record<'reports' | 'reportsAndOrg' | 'orders', Auth>;

const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> =>
  app.db.orm.em.fork().getConnection().execute(query, params);
/** Shanghai time (UTC+8 all year). */
const at = (day: string, time = '10:00:00') => new Date(`${day}T${time}+08:00`);
const line = (productId: number, quantity: string, unitPrice: string, unitCost = '0') => ({
  productId,
  quantity,
  unitPrice,
  discount: '0',
  unitCost,
});

async function report(variables: SalesReportQueryVariables, auth: Auth = { token: f.admin.token }) {
  const res = await app.gql(SalesReportDocument, variables, auth);
  expect(res.errors).toBeUndefined();
  return res.data!.salesReport;
}
type Row = SalesReportQuery['salesReport']['rows'][number];
const week = { from: '2026-11-30', to: '2026-12-06' };
const brief = (r: Row) => [r.period.label, ...r.keys.map((k) => k.label), r.amount.amount, r.orderCount];

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
  const customer = async (name: string, token: string, source: string | null) => {
    const id = await createCompanyCustomer(app, name, token);
    await sql(`update customer set source = ? where id = ?`, [source, id]);
    return id;
  };
  c.sh1 = await customer('上海一号客户', f.salesSh1.token, 'REFERRAL');
  c.sh2 = await customer('上海二号客户', f.salesSh2.token, 'EXHIBITION');
  c.south = await customer('华南客户', f.salesSouth.token, null);
  const [category] = await sql<{ id: number }>(
    `insert into product_category (name, path, created_at) values ('耗材', '/', now()) returning id`,
  );
  await sql(`update product_category set path = '/' || id || '/' where id = ?`, [category.id]);
  p.category = category.id;
  const products = await sql<{ id: number }>(
    `insert into product (sku, name, category_id, list_price, cost, currency, active, created_at, updated_at)
     values ('T-1', '硒鼓', ?, 100, 60, 'CNY', true, now(), now()), ('M-1', '打印机', null, 2000, 1500, 'CNY', true, now(), now()) returning id`,
    [category.id],
  );
  p.toner = products[0].id;
  p.printer = products[1].id;
  const order = (o: Partial<SaleOrder> & Pick<SaleOrder, 'customerId' | 'orderedAt' | 'lines'>): SaleOrder => ({
    salespersonId: null,
    storeId: null,
    status: 'COMPLETED',
    refundedAt: null,
    ...o,
  });
  await insertOrders(app, [
    // The week of Monday 2026-11-23: sh1 sells 2 toners, sh2 a printer.
    order({
      customerId: c.sh1,
      salespersonId: f.salesSh1.id,
      storeId: f.stores.shanghai,
      orderedAt: at('2026-11-23'),
      lines: [line(p.toner, '2', '100.00', '60.00')],
    }),
    order({
      customerId: c.sh2,
      salespersonId: f.salesSh2.id,
      storeId: f.stores.shanghai,
      orderedAt: at('2026-11-29', '23:59:59'),
      lines: [line(p.printer, '1', '2000.00', '1500.00')],
    }),
    // The week of Monday 2026-11-30 ("last week" of the tests): sh1 twice, south once, one pending.
    order({
      customerId: c.sh1,
      salespersonId: f.salesSh1.id,
      storeId: f.stores.shanghai,
      orderedAt: at('2026-11-30', '00:00:00'),
      lines: [line(p.toner, '1', '100.00', '60.00'), line(p.printer, '1', '1900.00', '1500.00')],
    }),
    order({
      customerId: c.sh1,
      salespersonId: f.salesSh1.id,
      storeId: f.stores.shanghai,
      orderedAt: at('2026-12-02'),
      lines: [line(p.toner, '3', '90.00', '60.00')],
    }),
    order({
      customerId: c.south,
      salespersonId: f.salesSouth.id,
      storeId: f.stores.south,
      orderedAt: at('2026-12-06', '23:59:59'),
      lines: [line(p.toner, '1', '100.00', '60.00')],
    }),
    order({
      customerId: c.south,
      salespersonId: f.salesSouth.id,
      status: 'PENDING',
      orderedAt: at('2026-12-03'),
      lines: [line(p.toner, '5', '100.00', '60.00')],
    }),
    // Sold in October, refunded in November: +300 in October, −300 in November.
    order({
      customerId: c.sh2,
      salespersonId: f.salesSh2.id,
      status: 'REFUNDED',
      orderedAt: at('2026-10-15'),
      refundedAt: at('2026-11-02'),
      lines: [line(p.toner, '3', '100.00', '60.00')],
    }),
    // The same ISO week a year earlier (2025-12-01 … 2025-12-07), no salesperson.
    order({ customerId: c.sh1, orderedAt: at('2025-12-01'), lines: [line(p.toner, '1', '50.00', '30.00')] }),
    // Cancelled: never counts.
    order({
      customerId: c.sh1,
      salespersonId: f.salesSh1.id,
      status: 'CANCELLED',
      orderedAt: at('2026-12-01'),
      lines: [line(p.printer, '1', '2000.00')],
    }),
  ]);
  const key = async (scopes: string[]) => ({
    apiKey: (await app.gql(ApiKeyCreateDocument, { input: { name: `reports ${scopes.join(' ')}`, scopes } }, { token: f.admin.token }))
      .data!.apiKeyCreate.secret!,
  });
  keys = {
    reports: await key(['reports:read']),
    reportsAndOrg: await key(['reports:read', 'org:read']),
    orders: await key(['orders:read']),
  };
}, 120_000);
afterAll(() => app.close());

describe('salesReport', () => {
  it('answers last week by salesperson against the week before and the same week a year earlier, in one query', async () => {
    const r = await report({
      period: { from: '2026-11-30', to: '2026-12-06' },
      granularity: 'WEEK',
      groupBy: ['SALESPERSON'],
      locale: 'zh',
    });
    expect(r.period).toEqual({ from: '2026-11-30', to: '2026-12-06', label: '2026-11-30/2026-12-06' });
    // Every salesperson of any compared period is a row; the largest net amount first.
    expect(r.rows.map(brief)).toEqual([
      ['2026-W49', '上海销售一', '2270.00', 2],
      ['2026-W49', '华南销售', '100.00', 1],
      ['2026-W49', '上海销售二', '0.00', 0],
      ['2026-W49', '无销售员', '0.00', 0],
    ]);
    const [sh1, south, sh2, none] = r.rows;
    expect([sh1.keys[0].id, south.keys[0].id, sh2.keys[0].id, none.keys[0].id]).toEqual([
      f.salesSh1.gid,
      f.salesSouth.gid,
      f.salesSh2.gid,
      null,
    ]);
    expect(sh1).toMatchObject({
      salesAmount: { amount: '2270.00' },
      grossProfit: { amount: '530.00' }, // 2270 − (60 + 1500 + 180)
      margin: '0.2335',
      averageOrderValue: { amount: '1135.00' },
      customerCount: 1,
      units: '5.000',
      previousPeriod: {
        period: { label: '2026-W48' },
        amount: { amount: '200.00' },
        orderCount: 1,
        growth: { amount: '10.3500', orderCount: '1.0000' },
      },
      yearBefore: {
        period: { from: '2025-12-01', to: '2025-12-07', label: '2025-W49' },
        amount: { amount: '0.00' },
        growth: { amount: null },
      },
    });
    expect(sh2).toMatchObject({
      amount: { amount: '0.00' },
      previousPeriod: { amount: { amount: '2000.00' }, growth: { amount: '-1.0000' } },
    });
    expect(none).toMatchObject({ yearBefore: { amount: { amount: '50.00' } } });
    expect(r.totals).toMatchObject({ amount: { amount: '2370.00', currencyCode: 'CNY' }, orderCount: 3, customerCount: 2 });
    expect(r.previousPeriod).toMatchObject({
      period: { from: '2026-11-23', to: '2026-11-29' },
      amount: { amount: '2200.00' },
      orderCount: 2,
    });
    expect(r.yearBefore).toMatchObject({ amount: { amount: '50.00' }, growth: { amount: '46.4000' } });
  });

  it('nets a refund on the day of the refund: the sale stays in its month', async () => {
    const r = await report({ period: { from: '2026-10-01', to: '2026-11-30' }, granularity: 'MONTH', compare: [] });
    expect(
      r.rows.map((row) => [
        row.period.label,
        row.amount.amount,
        row.salesAmount.amount,
        row.refundAmount.amount,
        row.orderCount,
        row.refundCount,
        row.units,
      ]),
    ).toEqual([
      ['2026-10', '300.00', '300.00', '0.00', 1, 0, '3.000'],
      ['2026-11', '3900.00', '4200.00', '300.00', 3, 1, '2.000'],
    ]);
    expect(r.rows[1].grossProfit.amount).toBe('900.00'); // (4200 − 3180) − (300 − 180)
    expect(r.previousPeriod).toBeNull();
    expect(r.yearBefore).toBeNull();
  });

  it('has a zero row for every period without sales, and takes a month or a year as the period', async () => {
    const days = await report({ period: { month: '2026-12' }, granularity: 'DAY', compare: ['PREVIOUS_PERIOD'] });
    expect(days.rows).toHaveLength(31);
    expect(days.rows.filter((row) => row.orderCount > 0).map((row) => row.period.label)).toEqual(['2026-12-02', '2026-12-06']);
    expect(days.rows[30]).toMatchObject({ period: { label: '2026-12-31' }, amount: { amount: '0.00' }, previousPeriod: null }); // November has 30 days
    expect(days.previousPeriod!.period).toMatchObject({ from: '2026-11-01', to: '2026-11-30' });
    const quarters = await report({ period: { year: 2026 }, granularity: 'QUARTER' });
    expect(quarters.rows.map((row) => [row.period.label, row.amount.amount])).toEqual([
      ['2026-Q1', '0.00'],
      ['2026-Q2', '0.00'],
      ['2026-Q3', '0.00'],
      ['2026-Q4', '4570.00'],
    ]);
    expect(quarters.rows[3].yearBefore).toMatchObject({ period: { label: '2025-Q4' }, amount: { amount: '50.00' } });
  });

  it('rolls departments up to the children of the root: the top level for an admin, the own department for a manager', async () => {
    const admin = await report({ period: week, granularity: 'WEEK', groupBy: ['DEPARTMENT'], compare: [] });
    expect(admin.rows.map(brief)).toEqual([['2026-W49', '总部', '2370.00', 3]]);
    const hq = await report({
      period: week,
      granularity: 'WEEK',
      groupBy: ['DEPARTMENT'],
      compare: [],
      departmentRootId: toGlobalId('Department', f.departments.hq),
    });
    expect(hq.rows.map(brief)).toEqual([
      ['2026-W49', '华东', '2270.00', 2],
      ['2026-W49', '华南', '100.00', 1],
    ]);
    const manager = await report(
      { period: week, granularity: 'WEEK', groupBy: ['DEPARTMENT'], compare: [] },
      { token: f.managerEast.token },
    );
    expect(manager.rows.map(brief)).toEqual([['2026-W49', '上海', '2270.00', 2]]);
  });

  it('labels values in Chinese or English and groups by two dimensions', async () => {
    const r = await report({
      period: { from: '2026-11-23', to: '2026-12-06' },
      granularity: 'YEAR',
      groupBy: ['CUSTOMER_SOURCE', 'PRODUCT'],
      compare: [],
      locale: 'en',
    });
    expect(r.rows.map(brief)).toEqual([
      ['2026', 'Exhibition', '打印机', '2000.00', 1],
      ['2026', 'Referral', '打印机', '1900.00', 1],
      ['2026', 'Referral', '硒鼓', '570.00', 3],
      ['2026', 'Source unknown', '硒鼓', '100.00', 1],
    ]);
    expect(r.rows[0].keys[0]).toMatchObject({ dimension: 'CUSTOMER_SOURCE', id: null, value: 'EXHIBITION' });
  });

  it('filters by product lines, category, salesperson, department, store and source, and includes pending orders when asked', async () => {
    const total = async (filter: SalesReportQueryVariables['filter']) =>
      (await report({ period: week, compare: [], filter })).totals.amount.amount;
    expect(await total({ productIds: [toGlobalId('Product', p.toner)] })).toBe('470.00');
    expect(await total({ categoryIds: [toGlobalId('ProductCategory', p.category)] })).toBe('470.00');
    expect(await total({ salespersonIds: [f.salesSouth.gid] })).toBe('100.00');
    expect(await total({ departmentIds: [toGlobalId('Department', f.departments.east)] })).toBe('2270.00');
    expect(await total({ storeIds: [toGlobalId('Store', f.stores.south)] })).toBe('100.00');
    expect(await total({ sources: ['REFERRAL'] })).toBe('2270.00');
    expect(await total({ includePending: true })).toBe('2870.00');
  });

  it("keeps to the viewer's data scope and needs reports:read from a key", async () => {
    const own = await report({ period: week, granularity: 'WEEK', groupBy: ['SALESPERSON'], compare: [] }, { token: f.salesSouth.token });
    expect(own.rows.map((row) => [row.keys[0].id, row.amount.amount])).toEqual([[f.salesSouth.gid, '100.00']]);
    expect((await report({ period: week, compare: [] }, { token: f.salesSh2.token })).totals.amount.amount).toBe('0.00');
    expect((await report({ period: week, compare: [] }, keys.reports)).totals.amount.amount).toBe('2370.00');
    expect(errorCode(await app.gql(SalesReportDocument, { period: week }, keys.orders))).toBe('FORBIDDEN');
    expect(errorCode(await app.gql(SalesReportDocument, { period: week }))).toBe('UNAUTHENTICATED');
  });

  it.each<[string, SalesReportQueryVariables, RegExp]>([
    ['an inverted period', { period: { from: '2026-12-06', to: '2026-11-30' } }, /period: from \(2026-12-06\) is after to \(2026-11-30\)/],
    [
      'a period too long for DAY',
      { period: { from: '2025-01-01', to: '2026-12-31' }, granularity: 'DAY' },
      /DAY: at most 366 days, the period has 730/,
    ],
    ['two forms of period', { period: { year: 2026, month: '2026-12' } }, /only one of/],
    ['a malformed month', { period: { month: '2026-1' } }, /period\.month/],
    ['a dimension twice', { period: { year: 2026 }, groupBy: ['STORE', 'STORE'] }, /twice/],
    ['four dimensions', { period: { year: 2026 }, groupBy: ['STORE', 'PRODUCT', 'SALESPERSON', 'CITY_TIER'] }, /at most 3/],
    ['an id of another type', { period: { year: 2026 }, filter: { storeIds: [toGlobalId('Order', 1)] } }, /filter\.storeIds/],
    ['a city tier of 7', { period: { year: 2026 }, filter: { cityTiers: [7] } }, /filter\.cityTiers: 7/],
    ['a month past the calendar', { period: { month: '9999-12' }, granularity: 'DAY' }, /period\.month/],
    [
      'a day past the last report day',
      { period: { from: '9998-12-31', to: '9999-12-31' }, granularity: 'DAY' },
      /period\.to: reports end on 9998-12-31/,
    ],
    [
      'an unknown department root',
      { period: { year: 2026 }, groupBy: ['DEPARTMENT'], departmentRootId: toGlobalId('Department', 999_999) },
      /departmentRootId/,
    ],
  ])('refuses %s with BAD_USER_INPUT', async (_name, variables, message) => {
    const res = await app.gql(SalesReportDocument, variables, { token: f.admin.token });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toMatch(message);
  });

  it('answers at the ends of the calendar, and a leap year of days compared with the 367 days a year earlier', async () => {
    const last = await report({ period: { from: '9998-12-30', to: '9998-12-31' }, granularity: 'WEEK' });
    expect(last.rows.map((row) => [row.period.from, row.period.to])).toEqual([['9998-12-30', '9998-12-31']]);
    const first = await report({ period: { month: '1901-01' }, granularity: 'DAY' });
    expect(first.rows).toHaveLength(31);
    expect(first.yearBefore!.period).toMatchObject({ from: '1900-01-01', to: '1900-01-31' });
    const leap = await report({ period: { from: '2024-03-01', to: '2025-03-01' }, granularity: 'DAY' });
    expect(leap.rows).toHaveLength(366);
    expect(leap.yearBefore!.period).toMatchObject({ from: '2023-03-01', to: '2024-03-01' });
  });

  it('refuses a key that narrows the report to customers without the scopes that read their orders', async () => {
    const narrowed: SalesReportQueryVariables = { period: week, compare: [], filter: { customerIds: [toGlobalId('Customer', c.sh1)] } };
    const res = await app.gql(SalesReportDocument, narrowed, keys.reports);
    expect(errorCode(res)).toBe('FORBIDDEN');
    expect(res.errors![0].message).toMatch(/customers:read scope to narrow a report to customers/);
    const full = await app.gql(
      ApiKeyCreateDocument,
      { input: { name: 'reports of customers', scopes: ['reports:read', 'customers:read', 'orders:read'] } },
      { token: f.admin.token },
    );
    expect((await report(narrowed, { apiKey: full.data!.apiKeyCreate.secret! })).totals.amount.amount).toBe('2270.00');
    expect((await report(narrowed, { token: f.salesSh1.token })).totals.amount.amount).toBe('2270.00');
  });

  it('costs the same statements for a day and for a year by product and salesperson', async () => {
    const statements = (variables: SalesReportQueryVariables) =>
      countStatements(async () => {
        expect((await app.gql(SalesReportDocument, variables, { token: f.admin.token })).errors).toBeUndefined();
      });
    const one = await statements({ period: { from: '2026-12-06', to: '2026-12-06' } });
    expect(await statements({ period: { year: 2026 }, granularity: 'DAY', groupBy: ['PRODUCT', 'SALESPERSON'] })).toBe(one);
  });
});
