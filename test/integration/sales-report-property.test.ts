import fc from 'fast-check';
import { addDays, addMonths } from '../../src/domain/common/calendar';
import type { ReportGranularity } from '../../src/domain/reports/report-period';
import type { SalesDimension } from '../../src/domain/reports/sales-report.sql';

import { SalesReportAmountsDocument, SalesReportDocument } from '../generated/graphql';
import { createFixture, type Fixture, createCompanyCustomer } from '../support/fixture';
import {
  insertOrders,
  referenceReport,
  type ReferenceFigures,
  type SaleLine,
  type SaleOrder,
  type SalesWorld,
} from '../support/sales-data';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * `salesReport` against an independent TypeScript computation (test/support/sales-data.ts)
 * over random orders and periods: instants on both sides of local midnights, refunds on
 * other days, every granularity, up to two dimensions, the previous period and the year
 * before. In Asia/Shanghai (UTC+8 all year) and Europe/Berlin, whose days around the clock
 * changes (30 March and 26 October 2025, 29 March and 25 October 2026) have 23 and 25 hours.
 */

const WINDOW_START = '2025-01-01';
const WINDOW_DAYS = 640;
const DST_DAYS = ['2025-03-30', '2025-10-26', '2026-03-29', '2026-10-25'];
const DIMENSIONS: SalesDimension[] = [
  'SALESPERSON',
  'DEPARTMENT',
  'STORE',
  'PRODUCT',
  'CATEGORY',
  'CUSTOMER_SOURCE',
  'CITY_TIER',
  'COMPANY',
];

interface ApiFigures {
  amount: { amount: string };
  salesAmount: { amount: string };
  refundAmount: { amount: string };
  grossProfit: { amount: string };
  orderCount: number;
  refundCount: number;
  customerCount: number;
  units: string;
}
const figures = (f: ApiFigures): ReferenceFigures => ({
  amount: f.amount.amount,
  salesAmount: f.salesAmount.amount,
  refundAmount: f.refundAmount.amount,
  grossProfit: f.grossProfit.amount,
  orderCount: f.orderCount,
  refundCount: f.refundCount,
  customerCount: f.customerCount,
  units: f.units,
});

/** An instant near a UTC hour of a day: every whole-hour zone's local midnight is among them, ± 1 s. */
const instantArb = fc
  .record({
    day: fc.oneof(
      fc.constantFrom(...DST_DAYS),
      fc.integer({ min: 0, max: WINDOW_DAYS }).map((n) => addDays(WINDOW_START, n)),
    ),
    hour: fc.integer({ min: 0, max: 23 }),
    second: fc.oneof(fc.constantFrom(-1, 0, 1), fc.integer({ min: 0, max: 3599 })),
  })
  .map(({ day, hour, second }) => new Date(Date.parse(`${day}T00:00:00Z`) + (hour * 3600 + second) * 1000));

describe.each(['Asia/Shanghai', 'Europe/Berlin'])('salesReport in %s equals the TypeScript computation', (timeZone) => {
  let app: TestApp;
  let f: Fixture;
  const world: SalesWorld = { customers: new Map(), userDepartmentPaths: new Map(), productCategories: new Map() };
  let customers: number[] = [];
  let products: number[] = [];
  let salespeople: Array<number | null> = [];
  let stores: Array<number | null> = [];

  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> =>
    app.db.orm.em.fork().getConnection().execute(query, params);

  beforeAll(async () => {
    app = await startTestApp({ COMPANY_TIME_ZONE: timeZone });
    f = await createFixture(app);
    const customer = async (name: string, token: string, source: string | null, cityTier: number | null) => {
      const id = await createCompanyCustomer(app, name, token);
      await sql(`update customer set source = ?, city_tier = ? where id = ?`, [source, cityTier, id]);
      world.customers.set(id, { source, cityTier });
      return id;
    };
    customers = [
      await customer('甲客户', f.salesSh1.token, 'REFERRAL', 1),
      await customer('乙客户', f.salesSh2.token, 'EXHIBITION', 2),
      await customer('丙客户', f.salesSouth.token, null, 1),
      await customer('丁客户', f.managerEast.token, 'REFERRAL', null),
    ];
    const [category] = await sql<{ id: number }>(
      `insert into product_category (name, path, created_at) values ('耗材', '/', now()) returning id`,
    );
    await sql(`update product_category set path = '/' || id || '/' where id = ?`, [category.id]);
    const rows = await sql<{ id: number; category_id: number | null }>(
      `insert into product (sku, name, category_id, list_price, cost, currency, active, created_at, updated_at)
       values ('A-1', '硒鼓', ?, 100, 50, 'CNY', true, now(), now()), ('A-2', '墨盒', ?, 80, 30, 'CNY', true, now(), now()),
              ('B-1', '打印机', null, 2000, 1200, 'CNY', true, now(), now()) returning id, category_id`,
      [category.id, category.id],
    );
    products = rows.map((r) => r.id);
    for (const r of rows) world.productCategories.set(r.id, r.category_id);
    for (const u of await sql<{ id: number; path: string | null }>(
      `select u.id, d.path from app_user u left join department d on d.id = u.department_id`,
    )) {
      world.userDepartmentPaths.set(u.id, u.path);
    }
    salespeople = [f.salesSh1.id, f.salesSh2.id, f.salesSouth.id, f.managerEast.id, null];
    stores = [f.stores.shanghai, f.stores.south, null];
  }, 120_000);
  afterAll(() => app.close());

  const lineArb = () =>
    fc.record<SaleLine>({
      productId: fc.constantFrom(...products),
      quantity: fc.constantFrom('1', '2', '0.5', '12.125'),
      unitPrice: fc.constantFrom('10.00', '99.99', '1234.56', '33.33'),
      discount: fc.constantFrom('0', '0', '0.50', '3.00'),
      unitCost: fc.constantFrom('5.00', '7.33', '0'),
    });
  const orderArb = () =>
    fc
      .record({
        customerId: fc.constantFrom(...customers),
        salespersonId: fc.constantFrom(...salespeople),
        storeId: fc.constantFrom(...stores),
        status: fc.constantFrom<SaleOrder['status']>('COMPLETED', 'COMPLETED', 'COMPLETED', 'REFUNDED', 'REFUNDED', 'PENDING', 'CANCELLED'),
        orderedAt: instantArb,
        refundAfter: fc.oneof(fc.integer({ min: 0, max: 3600 * 30 }), fc.integer({ min: 0, max: 86_400 * 400 })),
        lines: fc.array(lineArb(), { minLength: 1, maxLength: 3 }),
      })
      .map(({ refundAfter, ...o }): SaleOrder => ({
        ...o,
        refundedAt: o.status === 'REFUNDED' ? new Date(o.orderedAt.getTime() + refundAfter * 1000) : null,
      }));

  const queryArb = fc.record({
    start: fc.oneof(
      fc.constantFrom(...DST_DAYS),
      fc.integer({ min: 0, max: WINDOW_DAYS }).map((n) => addDays(WINDOW_START, n)),
    ),
    length: fc.oneof(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 120 })),
    months: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
    granularity: fc.constantFrom<ReportGranularity>('DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'),
    groupBy: fc.uniqueArray(fc.constantFrom(...DIMENSIONS), { maxLength: 2 }),
  });

  it('for random orders, periods, granularities and dimensions', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(orderArb(), { minLength: 0, maxLength: 14 }), queryArb, async (orders, q) => {
        await sql(`delete from order_line`);
        await sql(`delete from sales_order`);
        const ids = await insertOrders(app, orders);
        const from = q.months ? `${q.start.slice(0, 8)}01` : q.start;
        const to = q.months ? addDays(addMonths(from, q.months), -1) : addDays(q.start, q.length);
        const res = await app.gql(
          SalesReportDocument,
          { period: { from, to }, granularity: q.granularity, groupBy: q.groupBy },
          { token: f.admin.token },
        );
        expect(res.errors).toBeUndefined();
        const report = res.data!.salesReport;
        const expected = referenceReport(
          orders.map((o, i) => ({ ...o, id: ids[i] })),
          world,
          { timeZone, period: { from, to }, granularity: q.granularity, groupBy: q.groupBy },
        );
        const labels = [...new Set(report.rows.map((r) => r.period.label))];
        const keyOf = (keys: Array<{ id?: string | null; value?: string | null }>) =>
          JSON.stringify(keys.map((k) => (k.id != null ? String(decodeLocal(k.id)) : k.value)));
        const actual = report.rows
          .map((r) => ({
            label: r.period.label,
            keys: keyOf(r.keys),
            figures: figures(r),
            previous: r.previousPeriod ? figures(r.previousPeriod) : null,
            yearBefore: r.yearBefore ? figures(r.yearBefore) : null,
          }))
          .sort((a, b) => labels.indexOf(a.label) - labels.indexOf(b.label) || (a.keys < b.keys ? -1 : a.keys > b.keys ? 1 : 0));
        expect(actual).toEqual(expected.rows.map((r) => ({ ...r, keys: JSON.stringify(r.keys) })));
        expect(figures(report.totals)).toEqual(expected.totals);
        expect(figures(report.previousPeriod!)).toEqual(expected.previousTotals);
        expect(figures(report.yearBefore!)).toEqual(expected.yearBeforeTotals);

        // Without units, lines are read only for a product or category dimension: the orders'
        // stored totals give the same amounts.
        const amounts = await app.gql(
          SalesReportAmountsDocument,
          { period: { from, to }, granularity: q.granularity, groupBy: q.groupBy },
          { token: f.admin.token },
        );
        expect(amounts.errors).toBeUndefined();
        const withoutUnits = ({ units: _units, ...rest }: ReferenceFigures) => rest;
        const amountsOf = (f: Omit<ApiFigures, 'units'>) => withoutUnits(figures({ ...f, units: '' }));
        expect(
          amounts
            .data!.salesReport.rows.map((r) => ({
              label: r.period.label,
              keys: keyOf(r.keys),
              figures: amountsOf(r),
              previous: r.previousPeriod && amountsOf(r.previousPeriod),
              yearBefore: r.yearBefore && amountsOf(r.yearBefore),
            }))
            .sort((a, b) => labels.indexOf(a.label) - labels.indexOf(b.label) || (a.keys < b.keys ? -1 : a.keys > b.keys ? 1 : 0)),
        ).toEqual(
          actual.map((r) => ({
            ...r,
            figures: withoutUnits(r.figures),
            previous: r.previous && withoutUnits(r.previous),
            yearBefore: r.yearBefore && withoutUnits(r.yearBefore),
          })),
        );
        expect(amountsOf(amounts.data!.salesReport.totals)).toEqual(withoutUnits(expected.totals));
      }),
      { numRuns: 30, seed: 20261206 },
    );
  }, 600_000);
});

/** The local id inside any global id (`Type:123`), whatever the type. */
function decodeLocal(globalId: string): number {
  return Number(Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]);
}
