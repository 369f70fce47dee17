import ExcelJS from 'exceljs';
import { toGlobalId } from '../../src/schema/global-id';
import { refreshLifecycleHistory } from '../../src/services/lifecycle-history.service';
import {
  ApiKeyCreateDocument,
  CustomerDistributionDocument,
  InquiryReportDocument,
  LifecycleTransitionsDocument,
  SalesReportDocument,
  type SalesReportQuery,
  type SalesReportQueryVariables,
} from '../generated/graphql';
import { createFixture, type Fixture, createCompanyCustomer } from '../support/fixture';
import { insertInquiries, type ReportInquiry } from '../support/inquiry-data';
import { insertProducts } from '../support/products';
import { refreshFigures } from '../support/records';
import { insertOrders, type SaleOrder } from '../support/sales-data';
import { startTestApp, type Auth, type TestApp } from '../support/test-app';

/**
 * Report exports (issue 14 item 6): `/exports/reports/<report>.csv|xlsx`. The CSV read back
 * equals the GraphQL report for the same arguments, row for row and the totals; the workbook
 * has its header, number formats and totals; bad parameters are 400s naming the parameter;
 * credentials, key scopes and the data scope are the API's.
 */

let app: TestApp;
let f: Fixture;
let keys: Record<'reports' | 'orders' | 'reportsCustomers', string>;
const c: Record<string, number> = {};
const FORMULA_PRODUCT = '=HYPERLINK("http://x","打印机")';

const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> =>
  app.db.orm.em.fork().getConnection().execute(query, params);
const at = (day: string, time = '10:00:00') => new Date(`${day}T${time}+08:00`);
const base = () => app.url.replace(/\/graphql$/, '');
const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base()}${path}`, { headers });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** RFC 4180: quoted fields may hold commas, quotes ("") and line breaks; records end with CRLF. */
function parseCsv(bytes: Buffer): string[][] {
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM: Excel reads the file as UTF-8
  const text = bytes.toString('utf8');
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 1; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  expect(cell).toBe('');
  expect(row).toEqual([]);
  return rows;
}

async function csvOf(path: string, headers: Record<string, string>): Promise<string[][]> {
  const res = await get(path, headers);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  return parseCsv(Buffer.from(await res.arrayBuffer()));
}

async function workbookOf(path: string, headers: Record<string, string>): Promise<ExcelJS.Worksheet> {
  const res = await get(path, headers);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
  expect(workbook.worksheets).toHaveLength(1);
  return workbook.worksheets[0];
}

async function salesReport(variables: SalesReportQueryVariables, auth: Auth) {
  const res = await app.gql(SalesReportDocument, variables, auth);
  expect(res.errors).toBeUndefined();
  return res.data!.salesReport;
}

type Report = SalesReportQuery['salesReport'];
type Figures = Report['totals'];
type Compared = NonNullable<Report['previousPeriod']>;
const text = (v: string | number | null | undefined) => (v == null ? '' : String(v));
const figureCells = (x: Figures) =>
  [
    x.amount.amount,
    x.salesAmount.amount,
    x.refundAmount.amount,
    x.grossProfit.amount,
    x.margin,
    x.averageOrderValue?.amount,
    x.orderCount,
    x.refundCount,
    x.customerCount,
    x.units,
  ].map(text);
const comparedCells = (x: Compared | null | undefined) =>
  [
    x?.period.label,
    x?.amount.amount,
    x?.grossProfit.amount,
    x?.orderCount,
    x?.customerCount,
    x?.growth.amount,
    x?.growth.grossProfit,
    x?.growth.orderCount,
    x?.growth.customerCount,
  ].map(text);

/** What the export must hold for a GraphQL report: its rows, then the totals. */
function expectedSalesCsv(r: Report, dimensions: number, total: string): string[][] {
  const rows = r.rows.map((row) => [
    row.period.label,
    row.period.from,
    row.period.to,
    ...row.keys.flatMap((k) => [text(k.label), text(k.id ?? k.value)]),
    ...figureCells(row),
    ...comparedCells(row.previousPeriod),
    ...comparedCells(row.yearBefore),
  ]);
  const totals = [
    total,
    r.period.from,
    r.period.to,
    ...Array.from({ length: dimensions * 2 }, () => ''),
    ...figureCells(r.totals),
    ...comparedCells(r.previousPeriod),
    ...comparedCells(r.yearBefore),
  ];
  return [...rows, totals];
}

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
  const [toner, printer] = await insertProducts(app, [
    { sku: 'T-1', name: '硒鼓', listPrice: '100', cost: '60' },
    { sku: 'M-1', name: FORMULA_PRODUCT, listPrice: '2000', cost: '1500' },
  ]);
  const line = (productId: number, quantity: string, unitPrice: string, unitCost: string) => ({
    productId,
    quantity,
    unitPrice,
    discount: '0',
    unitCost,
  });
  const order = (o: Partial<SaleOrder> & Pick<SaleOrder, 'customerId' | 'orderedAt' | 'lines'>): SaleOrder => ({
    salespersonId: null,
    storeId: null,
    status: 'COMPLETED',
    refundedAt: null,
    ...o,
  });
  await insertOrders(app, [
    order({
      customerId: c.sh1,
      salespersonId: f.salesSh1.id,
      storeId: f.stores.shanghai,
      orderedAt: at('2026-11-23'),
      lines: [line(toner.id, '2', '100.00', '60.00')],
    }),
    order({
      customerId: c.sh2,
      salespersonId: f.salesSh2.id,
      storeId: f.stores.shanghai,
      orderedAt: at('2026-11-29', '23:59:59'),
      lines: [line(printer.id, '1', '2000.00', '1500.00')],
    }),
    order({
      customerId: c.sh1,
      salespersonId: f.salesSh1.id,
      storeId: f.stores.shanghai,
      orderedAt: at('2026-11-30', '00:00:00'),
      lines: [line(toner.id, '1', '100.00', '60.00'), line(printer.id, '1', '1900.00', '1500.00')],
    }),
    order({
      customerId: c.sh1,
      salespersonId: f.salesSh1.id,
      storeId: f.stores.shanghai,
      orderedAt: at('2026-12-02'),
      lines: [line(toner.id, '3', '90.00', '60.00')],
    }),
    order({
      customerId: c.south,
      salespersonId: f.salesSouth.id,
      storeId: f.stores.south,
      orderedAt: at('2026-12-06', '23:59:59'),
      lines: [line(toner.id, '1', '100.00', '60.00')],
    }),
    order({
      customerId: c.sh2,
      salespersonId: f.salesSh2.id,
      status: 'REFUNDED',
      orderedAt: at('2026-10-15'),
      refundedAt: at('2026-11-02'),
      lines: [line(toner.id, '3', '100.00', '60.00')],
    }),
    order({ customerId: c.sh1, orderedAt: at('2025-12-01'), lines: [line(toner.id, '1', '50.00', '30.00')] }),
  ]);
  const inquiry = (o: Partial<ReportInquiry> & Pick<ReportInquiry, 'customerId' | 'receivedAt' | 'status'>): ReportInquiry => ({
    salespersonId: null,
    channel: 'EMAIL',
    urgency: 'NORMAL',
    country: null,
    repeatOrder: false,
    responseDueAt: new Date(o.receivedAt.getTime() + 12 * 3_600_000),
    firstRespondedAt: null,
    lostReason: null,
    ...o,
  });
  await insertInquiries(app, [
    inquiry({
      customerId: c.sh1,
      salespersonId: f.salesSh1.id,
      receivedAt: at('2026-11-02'),
      status: 'WON',
      firstRespondedAt: at('2026-11-02', '10:30:00'),
    }),
    inquiry({
      customerId: c.sh1,
      salespersonId: f.salesSh1.id,
      receivedAt: at('2026-11-12'),
      status: 'LOST',
      channel: 'PHONE',
      lostReason: 'Price',
    }),
    inquiry({
      customerId: c.south,
      salespersonId: f.salesSouth.id,
      receivedAt: at('2026-11-20'),
      status: 'NEW',
      firstRespondedAt: at('2026-11-20', '11:00:00'),
    }),
  ]);
  await refreshFigures(app);
  await refreshLifecycleHistory(app.db.orm.em.fork(), { timeZone: app.config.companyTimeZone, now: new Date('2026-12-07T04:00:00Z') });
  const key = async (scopes: string[]) =>
    (await app.gql(ApiKeyCreateDocument, { input: { name: `export ${scopes.join(' ')}`, scopes } }, { token: f.admin.token })).data!
      .apiKeyCreate.secret!;
  keys = {
    reports: await key(['reports:read']),
    orders: await key(['orders:read']),
    reportsCustomers: await key(['reports:read', 'customers:read']),
  };
}, 120_000);
afterAll(() => app.close());

const WEEK = '/exports/reports/sales.csv?from=2026-11-30&to=2026-12-06&granularity=WEEK&groupBy=SALESPERSON&locale=zh';

describe('GET /exports/reports/sales.csv', () => {
  it('holds the GraphQL report row for row, with its comparisons and totals, under Chinese headers', async () => {
    const res = await get(WEEK, bearer(f.admin.token));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="sales-2026-11-30_2026-12-06.csv"; filename*=UTF-8''${encodeURIComponent('销售报表-2026-11-30_2026-12-06.csv')}`,
    );
    expect(res.headers.get('cache-control')).toBe('no-store');
    const rows = parseCsv(Buffer.from(await res.arrayBuffer()));
    const r = await salesReport(
      { period: { from: '2026-11-30', to: '2026-12-06' }, granularity: 'WEEK', groupBy: ['SALESPERSON'], locale: 'zh' },
      { token: f.admin.token },
    );
    expect(rows[0].slice(0, 7)).toEqual(['期间', '开始日', '结束日', '销售员', '销售员ID', '净销售额', '销售额']);
    expect(rows[0]).toContain('上期净销售额');
    expect(rows[0]).toContain('净销售额同比');
    expect(rows.slice(1)).toEqual(expectedSalesCsv(r, 1, '合计'));
    // The figures checked by hand in sales-report.test.ts: the same numbers here.
    expect(rows[1].slice(0, 7)).toEqual(['2026-W49', '2026-11-30', '2026-12-06', '上海销售一', f.salesSh1.gid, '2270.00', '2270.00']);
    expect(rows.at(-1)!.slice(0, 6)).toEqual(['合计', '2026-11-30', '2026-12-06', '', '', '2370.00']);
    expect(rows.every((row) => row.length === rows[0].length)).toBe(true);
  });

  it('takes English from Accept-Language, several dimensions, no comparisons, and guards a label against formulas', async () => {
    const path = '/exports/reports/sales.csv?year=2026&granularity=MONTH&groupBy=PRODUCT,CUSTOMER_SOURCE&compare=';
    const rows = await csvOf(path, { ...bearer(f.admin.token), 'accept-language': 'en-US,en;q=0.9' });
    const r = await salesReport(
      { period: { year: 2026 }, granularity: 'MONTH', groupBy: ['PRODUCT', 'CUSTOMER_SOURCE'], compare: [], locale: 'en' },
      { token: f.admin.token },
    );
    expect(rows[0]).toEqual([
      'Period',
      'From',
      'To',
      'Product',
      'Product ID',
      'Customer source',
      'Customer source code',
      'Net sales',
      'Sales',
      'Refunds',
      'Gross profit',
      'Margin',
      'Average order value',
      'Orders',
      'Refunded orders',
      'Customers',
      'Units',
    ]);
    const expected = expectedSalesCsv(r, 2, 'Total').map((row) =>
      row.slice(0, 17).map((cell) => (cell === FORMULA_PRODUCT ? `'${cell}` : cell)),
    );
    expect(rows.slice(1)).toEqual(expected);
    expect(rows.some((row) => row[3] === `'${FORMULA_PRODUCT}`)).toBe(true);
    expect(rows.find((row) => row[0] === '2026-11' && row[5] === 'Referral')).toBeDefined();
  });

  it('gives a salesperson only the sales of its own customers, as the API does', async () => {
    const rows = await csvOf(WEEK, bearer(f.salesSh1.token));
    const r = await salesReport(
      { period: { from: '2026-11-30', to: '2026-12-06' }, granularity: 'WEEK', groupBy: ['SALESPERSON'], locale: 'zh' },
      { token: f.salesSh1.token },
    );
    expect(rows.slice(1)).toEqual(expectedSalesCsv(r, 1, '合计'));
    expect(rows.at(-1)![5]).toBe('2270.00'); // not the company's 2370.00: the south sale is not its customer's
    expect(
      rows
        .slice(1, -1)
        .filter((row) => row[5] !== '0.00')
        .map((row) => row[3]),
    ).toEqual(['上海销售一']);
  });
});

describe('GET /exports/reports/sales.xlsx', () => {
  it('opens with a bold header, numbers in number formats, dates as dates and a totals row', async () => {
    const sheet = await workbookOf(WEEK.replace('.csv', '.xlsx'), bearer(f.admin.token));
    expect(sheet.name).toBe('销售报表');
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 7)).toEqual(['期间', '开始日', '结束日', '销售员', '销售员ID', '净销售额', '销售额']);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    const col = (name: string) => header.indexOf(name) + 1;
    const first = sheet.getRow(2);
    expect(first.getCell(1).value).toBe('2026-W49');
    expect(first.getCell(2).value).toEqual(new Date('2026-11-30T00:00:00Z'));
    expect(first.getCell(2).numFmt).toBe('yyyy-mm-dd');
    expect(first.getCell(col('净销售额')).value).toBe(2270);
    expect(first.getCell(col('净销售额')).numFmt).toBe('#,##0.00');
    expect(first.getCell(col('毛利率')).value).toBe(0.2335);
    expect(first.getCell(col('毛利率')).numFmt).toBe('0.0%');
    expect(first.getCell(col('订单数')).value).toBe(2);
    expect(first.getCell(col('订单数')).numFmt).toBe('#,##0');
    expect(first.getCell(col('净销售额环比')).value).toBe(10.35);
    const last = sheet.getRow(sheet.rowCount);
    expect(last.getCell(1).value).toBe('合计');
    expect(last.getCell(col('净销售额')).value).toBe(2370);
    expect(last.getCell(col('订单数')).value).toBe(3);
    expect(last.getCell(col('上期期间')).value).toBe('2026-11-23/2026-11-29');
    expect(sheet.rowCount).toBe(1 + 4 + 1); // header, four salesperson rows, totals
  });
});

describe('GET /exports/reports/inquiries.csv', () => {
  it('holds the GraphQL inquiry report by week and salesperson, and its totals', async () => {
    const rows = await csvOf('/exports/reports/inquiries.csv?month=2026-11&groupBy=WEEK,SALESPERSON&locale=en', bearer(f.admin.token));
    const res = await app.gql(
      InquiryReportDocument,
      { period: { month: '2026-11' }, groupBy: ['WEEK', 'SALESPERSON'], locale: 'en' },
      { token: f.admin.token },
    );
    expect(res.errors).toBeUndefined();
    const r = res.data!.inquiryReport;
    type Figures = Pick<
      typeof r,
      'total' | 'won' | 'lost' | 'open' | 'conversionRate' | 'wonShare' | 'answered' | 'firstResponseMedianMinutes'
    >;
    const figures = (x: Figures) =>
      [x.total, x.won, x.lost, x.open, x.conversionRate, x.wonShare, x.answered, x.firstResponseMedianMinutes].map(text);
    expect(rows[0].slice(0, 9)).toEqual(['Period', 'From', 'To', 'Salesperson', 'Salesperson ID', 'Inquiries', 'Won', 'Lost', 'Open']);
    expect(rows.slice(1).map((row) => [...row.slice(0, 5), ...row.slice(5, 13)])).toEqual([
      ...r.rows.map((row) => [
        row.keys[0].value,
        row.drillDown.receivedOn.from,
        row.drillDown.receivedOn.to,
        text(row.keys[1].label),
        text(row.keys[1].id),
        ...figures(row),
      ]),
      ['Total', '2026-11-01', '2026-11-30', '', '', ...figures(r)],
    ]);
    expect(r.total).toBe(3);
    expect(rows.find((row) => row[0] === '2026-W45' && row[4] === f.salesSh1.gid)?.slice(5, 9)).toEqual(['1', '1', '0', '0']);
  });
});

describe('GET /exports/reports/customer-distribution.csv|xlsx', () => {
  it('holds the GraphQL distribution and its total', async () => {
    const rows = await csvOf('/exports/reports/customer-distribution.csv?by=SOURCE&locale=en', bearer(f.admin.token));
    const res = await app.gql(CustomerDistributionDocument, { by: 'SOURCE', locale: 'en' }, { token: f.admin.token });
    const d = res.data!.customerDistribution;
    expect(d.total).toBe(3);
    expect(rows).toEqual([
      ['Source', 'Code', 'Customers', 'Share'],
      ...d.buckets.map((b) => [b.label, text(b.key), String(b.count), String(b.share)]),
      ['Total', '', '3', '1'],
    ]);
  });

  it('narrows to a query for a key with customers:read, with shares as percentages in Excel', async () => {
    const sheet = await workbookOf('/exports/reports/customer-distribution.xlsx?by=SOURCE&query=source%20%3D%20REFERRAL&locale=zh', {
      'x-api-key': keys.reportsCustomers,
    });
    const rows = sheet
      .getSheetValues()
      .slice(1)
      .map((row) => (row as unknown[]).slice(1));
    expect(rows[0]).toEqual(['客户来源', '代码', '客户数', '占比']);
    const referral = rows.find((row) => row[1] === 'REFERRAL')!;
    expect(referral.slice(2)).toEqual([1, 1]);
    expect(rows.at(-1)).toEqual(['合计', undefined, 1, 1]);
    expect(sheet.getRow(2).getCell(4).numFmt).toBe('0.0%');
  });
});

describe('GET /exports/reports/lifecycle-transitions.csv', () => {
  it('holds the GraphQL moves by month, each in its month inside the period, and the total', async () => {
    const rows = await csvOf(
      '/exports/reports/lifecycle-transitions.csv?since=2026-02-15&until=2026-11-26&groupBy=MONTH',
      bearer(f.admin.token),
    );
    const res = await app.gql(
      LifecycleTransitionsDocument,
      { since: '2026-02-15', until: '2026-11-26', groupBy: 'MONTH' },
      { token: f.admin.token },
    );
    const r = res.data!.lifecycleTransitions;
    expect(r.total).toBeGreaterThan(0);
    expect(rows[0]).toEqual(['期间', '开始日', '结束日', '原阶段', '新阶段', '原阶段代码', '新阶段代码', '变化次数']);
    expect(rows.slice(1, -1).map((row) => [row[0], row[5], row[6], row[7]])).toEqual(
      r.rows.map((m) => [m.group!.label, m.from, m.to, String(m.count)]),
    );
    // The sh1 customer's history: NEW → DORMANT in March 2026, back to REPEAT with the order of 2026-11-23.
    expect(rows.slice(1, -1)).toEqual([
      ['2026-03', '2026-03-01', '2026-03-31', '新客户', '沉睡客户(临时性沉默)', 'NEW', 'DORMANT', '1'],
      ['2026-11', '2026-11-01', '2026-11-26', '沉睡客户(临时性沉默)', '老客户', 'DORMANT', 'REPEAT', '1'],
    ]);
    expect(rows.at(-1)).toEqual(['合计', '2026-02-15', '2026-11-26', '', '', '', '', String(r.total)]);
  });

  it("names each owner, and shows a key without org:read only the owners' ids", async () => {
    const path = '/exports/reports/lifecycle-transitions.csv?since=2026-02-15&until=2026-11-26&groupBy=SALESPERSON&locale=en';
    const staff = await csvOf(path, bearer(f.admin.token));
    expect(staff[0].slice(3, 5)).toEqual(['Owner', 'Owner ID']);
    expect(staff.slice(1, -1).map((row) => row.slice(3, 5))).toEqual([
      ['上海销售一', f.salesSh1.gid],
      ['上海销售一', f.salesSh1.gid],
    ]);
    const byKey = await csvOf(path, { 'x-api-key': keys.reports });
    expect(byKey.slice(1, -1).map((row) => row.slice(3, 5))).toEqual([
      ['', f.salesSh1.gid],
      ['', f.salesSh1.gid],
    ]);
    expect(byKey.at(-1)![0]).toBe('Total');
  });
});

describe('bad parameters', () => {
  const salesOf = (query: string) => `/exports/reports/sales.csv?${query}`;
  it.each([
    [salesOf('granularity=DAY'), 'from', 'the period'],
    [salesOf('from=2026-12-06&to=2026-11-30'), 'from', 'after to'],
    [salesOf('from=2026-11-01'), 'to', 'required with from'],
    [salesOf('from=2026-02-30&to=2026-03-31'), 'from', 'YYYY-MM-DD'],
    [salesOf('month=2026-13'), 'month', 'YYYY-MM'],
    [salesOf('from=2026-11-01&to=2026-11-30&salespersonIds=nope'), 'salespersonIds', '"nope" is not the id of a User'],
    [salesOf(`from=2026-11-01&to=2026-11-30&salespersonIds=${toGlobalId('Customer', 1)}`), 'salespersonIds', 'is not the id of a User'],
    [salesOf('from=2026-11-01&to=2026-11-30&granularity=HOUR'), 'granularity', 'unknown value "HOUR"'],
    [salesOf('from=2020-01-01&to=2026-11-30&granularity=DAY'), 'granularity', 'at most 366 days'],
    [salesOf('from=2026-11-01&to=2026-11-30&groupBy=SALESPERSON&groupBy=COLOR'), 'groupBy', 'unknown value "COLOR"'],
    [salesOf('from=2026-11-01&to=2026-11-30&cityTiers=7'), 'cityTiers', 'not a city tier'],
    [salesOf('from=2026-11-01&to=2026-11-30&grupBy=STORE'), 'grupBy', 'not a parameter of this report'],
    [salesOf('from=2026-11-01&to=2026-11-30&locale=fr'), 'locale', 'not zh or en'],
    ['/exports/reports/inquiries.csv?year=2026&overdue=maybe', 'overdue', 'not true or false'],
    ['/exports/reports/customer-distribution.csv', 'by', 'required'],
    ['/exports/reports/customer-distribution.csv?by=COLOR', 'by', 'unknown value "COLOR"'],
    ['/exports/reports/lifecycle-transitions.xlsx?until=2026-01-31', 'since', 'required'],
    ['/exports/reports/lifecycle-transitions.csv?since=2026-02-01&until=2026-01-01', 'since', 'is after until'],
  ])('answers 400 for %s, naming %s', async (path, parameter, fragment) => {
    const res = await get(path, { ...bearer(f.admin.token), 'accept-language': 'en' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    const body = (await res.json()) as { status: number; code: string; detail: string; parameter?: string };
    expect(body).toMatchObject({ type: 'about:blank', title: 'Bad Request', status: 400, code: 'BAD_USER_INPUT', parameter });
    expect(body.detail.startsWith(parameter)).toBe(true);
    expect(body.detail).toContain(fragment);
    // Without Accept-Language the detail is Chinese, about the same parameter.
    const zh = (await (await get(path, bearer(f.admin.token))).json()) as { code: string; detail: string; parameter?: string };
    expect(zh).toMatchObject({ code: 'BAD_USER_INPUT', parameter });
    expect(zh.detail.startsWith(parameter)).toBe(true);
    expect(zh.detail).toMatch(/[\u4e00-\u9fff]/);
  });

  it.each([['/exports/reports/sales.pdf?year=2026'], ['/exports/reports/forecast.csv?year=2026']])('answers 404 for %s', async (path) => {
    const res = await get(path, bearer(f.admin.token));
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });
});

describe('authorization', () => {
  it.each([
    ['without credentials', {}, 401, 'UNAUTHENTICATED'],
    ['with a bad token', { authorization: 'Bearer nope' }, 401, 'UNAUTHENTICATED'],
    ['for a key without reports:read', { 'x-api-key': 'ORDERS' }, 403, 'FORBIDDEN'],
  ])('refuses an export %s', async (_label, headers: Record<string, string>, status, code) => {
    const resolved = headers['x-api-key'] === 'ORDERS' ? { 'x-api-key': keys.orders } : headers;
    const res = await get(WEEK, resolved);
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ status, code });
  });

  it('lets a key with reports:read export a report, but narrow a distribution by a query only with customers:read', async () => {
    expect((await get(WEEK, { 'x-api-key': keys.reports })).status).toBe(200);
    expect((await get('/exports/reports/customer-distribution.csv?by=STAGE', { 'x-api-key': keys.reports })).status).toBe(200);
    const narrowed = await get('/exports/reports/customer-distribution.csv?by=STAGE&query=source%20%3D%20REFERRAL', {
      'x-api-key': keys.reports,
    });
    expect(narrowed.status).toBe(403);
    expect(await narrowed.json()).toMatchObject({ code: 'FORBIDDEN', detail: expect.stringContaining('customers:read') });
    const segment = await get(`/exports/reports/customer-distribution.csv?by=STAGE&segmentId=${toGlobalId('Segment', 1)}`, {
      'x-api-key': keys.reportsCustomers,
    });
    expect(segment.status).toBe(403);
    expect(await segment.json()).toMatchObject({ detail: expect.stringContaining('segments:read') });
  });

  it('lets a key narrow a sales or inquiry report to customers only with the scopes that read their records', async () => {
    const customer = toGlobalId('Customer', c.sh1);
    for (const path of [`${WEEK}&customerIds=${customer}`, `/exports/reports/inquiries.csv?year=2026&customerIds=${customer}`]) {
      const res = await get(path, { 'x-api-key': keys.reports });
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
      expect(await res.json()).toMatchObject({ code: 'FORBIDDEN', detail: expect.stringContaining('customers:read') });
    }
  });
});
