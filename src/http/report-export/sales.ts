import { customerReportKeyRefusal } from '../../domain/reports/report-access';
import { CUSTOMER_SOURCES, type CustomerSource, type Locale } from '../../domain/customer/customer.enums';
import { reportKeyLabel } from '../../domain/reports/report-labels';
import { REPORT_COMPARISONS, REPORT_GRANULARITIES, type DayRange } from '../../domain/reports/report-period';
import type { SalesFigures, SalesGrowth } from '../../domain/reports/sales-figures';
import { SALES_DIMENSIONS, type SalesDimension } from '../../domain/reports/sales-report.sql';
import { SALES_KEY_TYPES } from '../../resolvers/sales-report.resolver';
import { toGlobalId } from '../../domain/common/global-id';
import { SalesReportService, type SalesReport, type SalesReportCommand, type SalesReportKey } from '../../services/sales-report.service';
import type { ReportExport } from './report-export';
import type { QueryParams } from './params';
import { reportFile, type Localized, type ReportColumn } from './table';

/**
 * `GET /exports/reports/sales.csv|xlsx` (issue 14 item 6): `salesReport` as a table. The
 * parameters are the query's arguments: `from`&`to` | `year` | `month`, `granularity`,
 * `groupBy`, `compare`, `departmentRootId`, and the filter's fields flat (`salespersonIds`,
 * `departmentIds`, `storeIds`, `customerIds`, `productIds`, `categoryIds`, `sources`,
 * `cityTiers`, `includePending`).
 */

interface Comparison {
  label: string;
  figures: SalesFigures;
  growth: SalesGrowth;
}

/** A line of the file: a report row, or the totals (no keys). */
interface SalesLine {
  period: string;
  range: DayRange;
  keys: readonly SalesReportKey[];
  figures: SalesFigures;
  previousPeriod: Comparison | null;
  yearBefore: Comparison | null;
}

const DIMENSION_NAMES: Record<SalesDimension, Localized> = {
  COMPANY: { zh: '公司', en: 'Company' },
  DEPARTMENT: { zh: '部门', en: 'Department' },
  SALESPERSON: { zh: '销售员', en: 'Salesperson' },
  STORE: { zh: '门店', en: 'Store' },
  PRODUCT: { zh: '产品', en: 'Product' },
  CATEGORY: { zh: '产品类别', en: 'Category' },
  CUSTOMER_SOURCE: { zh: '客户来源', en: 'Customer source' },
  CITY_TIER: { zh: '城市级别', en: 'City tier' },
};

const TOTAL: Localized = { zh: '合计', en: 'Total' };

function figureColumns(): Array<ReportColumn<SalesLine>> {
  const f = (key: keyof SalesFigures) => (line: SalesLine) => line.figures[key] ?? null;
  return [
    { header: { zh: '净销售额', en: 'Net sales' }, width: 14, kind: 'money', value: f('amount') },
    { header: { zh: '销售额', en: 'Sales' }, width: 14, kind: 'money', value: f('salesAmount') },
    { header: { zh: '退款额', en: 'Refunds' }, width: 12, kind: 'money', value: f('refundAmount') },
    { header: { zh: '毛利', en: 'Gross profit' }, width: 14, kind: 'money', value: f('grossProfit') },
    { header: { zh: '毛利率', en: 'Margin' }, width: 9, kind: 'percent', value: f('margin') },
    { header: { zh: '客单价', en: 'Average order value' }, width: 12, kind: 'money', value: f('averageOrderValue') },
    { header: { zh: '订单数', en: 'Orders' }, width: 9, kind: 'integer', value: f('orderCount') },
    { header: { zh: '退款单数', en: 'Refunded orders' }, width: 9, kind: 'integer', value: f('refundCount') },
    { header: { zh: '客户数', en: 'Customers' }, width: 9, kind: 'integer', value: f('customerCount') },
    { header: { zh: '件数', en: 'Units' }, width: 9, kind: 'number', value: f('units') },
  ];
}

/** The compared period's label, main figures and growth: 上期 … 环比, or 去年同期 … 同比. */
function comparisonColumns(which: 'previousPeriod' | 'yearBefore'): Array<ReportColumn<SalesLine>> {
  const name: Localized = which === 'previousPeriod' ? { zh: '上期', en: 'Previous period' } : { zh: '去年同期', en: 'Year before' };
  const growth: Localized =
    which === 'previousPeriod' ? { zh: '环比', en: 'growth vs previous period' } : { zh: '同比', en: 'growth vs year before' };
  const h = (zh: string, en: string, g = false): Localized =>
    g ? { zh: `${zh}${growth.zh}`, en: `${en} ${growth.en}` } : { zh: `${name.zh}${zh}`, en: `${name.en} ${en.toLowerCase()}` };
  const c = (line: SalesLine) => line[which];
  return [
    { header: { zh: `${name.zh}期间`, en: name.en }, width: 12, kind: 'text', value: (l) => c(l)?.label ?? null },
    { header: h('净销售额', 'Net sales'), width: 14, kind: 'money', value: (l) => c(l)?.figures.amount ?? null },
    { header: h('毛利', 'Gross profit'), width: 14, kind: 'money', value: (l) => c(l)?.figures.grossProfit ?? null },
    { header: h('订单数', 'Orders'), width: 9, kind: 'integer', value: (l) => c(l)?.figures.orderCount ?? null },
    { header: h('客户数', 'Customers'), width: 9, kind: 'integer', value: (l) => c(l)?.figures.customerCount ?? null },
    { header: h('净销售额', 'Net sales', true), width: 12, kind: 'percent', value: (l) => c(l)?.growth.amount ?? null },
    { header: h('毛利', 'Gross profit', true), width: 12, kind: 'percent', value: (l) => c(l)?.growth.grossProfit ?? null },
    { header: h('订单数', 'Orders', true), width: 12, kind: 'percent', value: (l) => c(l)?.growth.orderCount ?? null },
    { header: h('客户数', 'Customers', true), width: 12, kind: 'percent', value: (l) => c(l)?.growth.customerCount ?? null },
  ];
}

/** Per dimension: the key's label, and its id (an entity's global id) or code (a source, a tier). */
function keyColumns(dimension: SalesDimension, index: number): Array<ReportColumn<SalesLine>> {
  const name = DIMENSION_NAMES[dimension];
  const type = SALES_KEY_TYPES[dimension];
  const key = (line: SalesLine) => line.keys[index];
  return [
    {
      header: name,
      width: 16,
      kind: 'text',
      value: (l, locale) => {
        const k = key(l);
        return k && !k.nameHidden ? reportKeyLabel(k.dimension, k.value, k.name, locale) : null;
      },
    },
    {
      header: type ? { zh: `${name.zh}ID`, en: `${name.en} ID` } : { zh: `${name.zh}代码`, en: `${name.en} code` },
      width: type ? 18 : 10,
      kind: 'text',
      value: (l) => {
        const k = key(l);
        if (!k) return null;
        return type ? (k.id == null ? null : toGlobalId(type, k.id)) : k.value;
      },
    },
  ];
}

export function salesColumns(
  report: Pick<SalesReport, 'groupBy'>,
  command: Pick<SalesReportCommand, 'compare'>,
): Array<ReportColumn<SalesLine>> {
  return [
    { header: { zh: '期间', en: 'Period' }, width: 12, kind: 'text', value: (l) => l.period },
    { header: { zh: '开始日', en: 'From' }, width: 11, kind: 'date', value: (l) => l.range.from },
    { header: { zh: '结束日', en: 'To' }, width: 11, kind: 'date', value: (l) => l.range.to },
    ...report.groupBy.flatMap(keyColumns),
    ...figureColumns(),
    ...(command.compare.includes('PREVIOUS_PERIOD') ? comparisonColumns('previousPeriod') : []),
    ...(command.compare.includes('YEAR_BEFORE') ? comparisonColumns('yearBefore') : []),
  ];
}

const rangeLabel = (r: DayRange) => `${r.from}/${r.to}`;

/** The report's rows, then its totals. */
export function salesLines(report: SalesReport, locale: Locale): SalesLine[] {
  const lines: SalesLine[] = report.rows.map((row) => ({
    period: row.bucket.label,
    range: row.bucket,
    keys: row.keys,
    figures: row.figures,
    previousPeriod: row.previousPeriod && {
      label: row.previousPeriod.bucket.label,
      figures: row.previousPeriod.figures,
      growth: row.previousPeriod.growth,
    },
    yearBefore: row.yearBefore && { label: row.yearBefore.bucket.label, figures: row.yearBefore.figures, growth: row.yearBefore.growth },
  }));
  const total = (c: SalesReport['previousPeriod']): Comparison | null =>
    c && { label: rangeLabel(c.period), figures: c.totals, growth: c.growth };
  lines.push({
    period: TOTAL[locale],
    range: report.period,
    keys: [],
    figures: report.totals,
    previousPeriod: total(report.previousPeriod),
    yearBefore: total(report.yearBefore),
  });
  return lines;
}

export const salesExport: ReportExport<SalesReportCommand> = {
  name: 'sales',
  parse(q: QueryParams): SalesReportCommand {
    const period = q.period();
    return {
      period,
      granularity: q.choice('granularity', REPORT_GRANULARITIES, 'MONTH'),
      groupBy: q.choices('groupBy', SALES_DIMENSIONS),
      compare: q.choices('compare', REPORT_COMPARISONS, REPORT_COMPARISONS),
      departmentRootId: q.id('departmentRootId', 'Department'),
      filter: {
        salespersonIds: q.ids('salespersonIds', 'User'),
        departmentIds: q.ids('departmentIds', 'Department'),
        storeIds: q.ids('storeIds', 'Store'),
        customerIds: q.ids('customerIds', 'Customer'),
        productIds: q.ids('productIds', 'Product'),
        categoryIds: q.ids('categoryIds', 'ProductCategory'),
        sources: q.choices<CustomerSource>('sources', CUSTOMER_SOURCES.values),
        cityTiers: q.ints('cityTiers'),
        includePending: q.boolean('includePending', false),
      },
      // A spreadsheet has every column: units too (they read the order lines).
      withUnits: true,
    };
  },
  keyRefusal: (viewer, command) => customerReportKeyRefusal(viewer, 'SALES', command.filter.customerIds),
  async run(ctx, command, locale) {
    const report = await new SalesReportService(ctx).report(command);
    const span = `${report.period.from}_${report.period.to}`;
    return reportFile(salesColumns(report, command), salesLines(report, locale), locale, {
      fileName: { ascii: `sales-${span}`, local: locale === 'zh' ? `销售报表-${span}` : `sales-${span}` },
      sheetName: locale === 'zh' ? '销售报表' : 'Sales',
    });
  },
};
