import { decideAccess, type ApiScope } from '../domain/access/viewer';
import { say, type Bilingual } from '../domain/common/bilingual';
import { RequestError } from '../domain/common/domain-error';
import {
  comparisonPeriods,
  reportBuckets,
  resolvePeriod,
  type DayRange,
  type ReportBucket,
  type ReportComparison,
  type ReportGranularity,
  type ReportPeriodInput,
} from '../domain/reports/report-period';
import { salesFigures, salesGrowth, ZERO_SUMS, type SalesFigures, type SalesGrowth, type SalesSums } from '../domain/reports/sales-figures';
import { salesReportSql, type SalesDimension, type SalesReportFilter } from '../domain/reports/sales-report.sql';
import { customerScopeSql } from '../domain/segments/segment.sql';
import { scopeFor } from './customer-scope';
import { limitEvaluation } from './evaluation-limit';
import { heavyRead } from './read-routing';
import type { ServiceContext } from './service-context';

/** What `salesReport` takes: local ids, decoded by the resolver. */
export interface SalesReportCommand {
  period: ReportPeriodInput;
  granularity: ReportGranularity;
  groupBy: readonly SalesDimension[];
  compare: readonly ReportComparison[];
  /** DEPARTMENT rows are this department's children; default: a manager's own department, else the top level. */
  departmentRootId: number | null;
  filter: SalesReportFilter;
  /** Whether units are asked (they need the order lines; the other figures read the orders' stored totals). */
  withUnits: boolean;
}

/** A row's key in one dimension: an entity's local id and name, or a value (a source code, a city tier). */
export interface SalesReportKey {
  dimension: SalesDimension;
  id: number | null;
  value: string | null;
  name: string | null;
  /** The entity's name is withheld: an API key without the scope that reads it (org:read, products:read). */
  nameHidden: boolean;
}

/** What an API key needs to read the names of a dimension's entities (their types' rule, src/resolvers/type-access.ts). */
const NAME_SCOPES: Partial<Record<SalesDimension, ApiScope>> = {
  DEPARTMENT: 'org:read',
  SALESPERSON: 'org:read',
  STORE: 'org:read',
  PRODUCT: 'products:read',
  CATEGORY: 'products:read',
};

export interface SalesComparisonFigures {
  bucket: ReportBucket;
  figures: SalesFigures;
  growth: SalesGrowth;
}

export interface SalesReportRow {
  bucket: ReportBucket;
  keys: SalesReportKey[];
  figures: SalesFigures;
  previousPeriod: SalesComparisonFigures | null;
  yearBefore: SalesComparisonFigures | null;
}

export interface SalesPeriodTotals {
  period: DayRange;
  totals: SalesFigures;
  growth: SalesGrowth;
}

export interface SalesReport {
  period: DayRange;
  granularity: ReportGranularity;
  groupBy: SalesDimension[];
  rows: SalesReportRow[];
  totals: SalesFigures;
  previousPeriod: SalesPeriodTotals | null;
  yearBefore: SalesPeriodTotals | null;
}

/** Rows a report may have (buckets × key combinations); more is BAD_USER_INPUT. */
export const MAX_REPORT_ROWS = 10_000;
export const MAX_DIMENSIONS = 3;
const ENTITY_DIMENSIONS = new Set<SalesDimension>(['DEPARTMENT', 'SALESPERSON', 'STORE', 'PRODUCT', 'CATEGORY']);

type Row = Record<string, unknown> & { r: number; bucket: string | null; is_total: boolean };

const sumsOf = (row: Row): SalesSums => ({
  salesAmount: String(row.sales_amount),
  refundAmount: String(row.refund_amount),
  netCost: String(row.net_cost),
  units: row.units == null ? null : String(row.units),
  orderCount: Number(row.order_count),
  refundCount: Number(row.refund_count),
  customerCount: Number(row.customer_count),
});

/** Sales by period and dimension (issue 14 item 2, DOMAIN A1), in the viewer's data scope. */
export class SalesReportService {
  constructor(private readonly ctx: ServiceContext) {}

  async report(command: SalesReportCommand): Promise<SalesReport> {
    const period = resolvePeriod(command.period);
    const buckets = reportBuckets(period, command.granularity);
    const groupBy = [...new Set(command.groupBy.filter((d) => d !== 'COMPANY'))];
    if (command.groupBy.length !== new Set(command.groupBy).size)
      throw new RequestError('BAD_USER_INPUT', say('groupBy：有维度重复给出', 'groupBy: a dimension is given twice'));
    if (groupBy.length > MAX_DIMENSIONS)
      throw new RequestError(
        'BAD_USER_INPUT',
        say(`groupBy：除 COMPANY 外最多 ${MAX_DIMENSIONS} 个维度`, `groupBy: at most ${MAX_DIMENSIONS} dimensions besides COMPANY`),
      );
    const badTier = command.filter.cityTiers?.find((t) => !Number.isInteger(t) || t < 1 || t > 5);
    if (badTier != null)
      throw new RequestError(
        'BAD_USER_INPUT',
        say(`filter.cityTiers：${badTier} 不是有效的城市等级（1–5）`, `filter.cityTiers: ${badTier} is not a city tier (1–5)`),
      );
    const comparisons = comparisonPeriods(period, command.granularity);
    // Distinct ranges only: a year's previous period is the year before.
    const ranges: DayRange[] = [period];
    const rangeOf = (range: DayRange) => {
      const i = ranges.findIndex((r) => r.from === range.from && r.to === range.to);
      return i >= 0 ? i : ranges.push(range) - 1;
    };
    const previousIndex = command.compare.includes('PREVIOUS_PERIOD') ? rangeOf(comparisons.previous) : null;
    const yearBeforeIndex = command.compare.includes('YEAR_BEFORE') ? rangeOf(comparisons.yearBefore) : null;
    const bucketsOf = ranges.map((r, i) => (i === 0 ? buckets : reportBuckets(r, command.granularity, 'granularity', false)));

    const scope = scopeFor(this.ctx.viewer);
    const statement = salesReportSql({
      timeZone: this.ctx.config.companyTimeZone,
      granularity: command.granularity,
      ranges,
      dimensions: groupBy,
      departmentRoot: groupBy.includes('DEPARTMENT') ? await this.departmentRoot(command.departmentRootId) : null,
      customerScope: scope.kind === 'all' ? null : customerScopeSql(scope),
      filter: command.filter,
      withUnits: command.withUnits,
      // Cells of one range hold at most rows-allowed of them; one more over all ranges is too many.
      rowLimit: ranges.length * (MAX_REPORT_ROWS + 1) + 1,
    });
    const rows = await limitEvaluation(this.ctx, () => heavyRead(this.ctx, (em) => em.execute<Row[]>(statement.sql, statement.params)));
    if (rows.length >= ranges.length * (MAX_REPORT_ROWS + 1) + 1)
      throw tooManyRows(say(`超过 ${MAX_REPORT_ROWS} 行`, `more than ${MAX_REPORT_ROWS}`));

    const keyColumns = groupBy.map((d) => `k_${d.toLowerCase()}`);
    const comboOf = (row: Row) => JSON.stringify(keyColumns.map((k) => row[k] ?? null));
    const figures = new Map<string, SalesFigures>();
    const totals = new Map<number, SalesFigures>();
    const combos = new Map<string, Row>();
    for (const row of rows) {
      if (row.is_total) {
        totals.set(row.r, salesFigures(sumsOf(row)));
        continue;
      }
      const combo = comboOf(row);
      if (!combos.has(combo)) combos.set(combo, row);
      figures.set(`${row.r}|${String(row.bucket)}|${combo}`, salesFigures(sumsOf(row)));
    }
    if (combos.size === 0 && groupBy.length === 0) combos.set(comboOf({} as Row), {} as Row);
    const count = combos.size * buckets.length;
    if (count > MAX_REPORT_ROWS)
      throw tooManyRows(
        say(
          `为 ${count}（${buckets.length} 个时段 × ${combos.size} 个分组），超过 ${MAX_REPORT_ROWS}`,
          `${count} (${buckets.length} periods × ${combos.size} keys), more than ${MAX_REPORT_ROWS}`,
        ),
      );
    const zero = salesFigures({ ...ZERO_SUMS, units: command.withUnits ? ZERO_SUMS.units : null });
    const at = (r: number, bucket: ReportBucket, combo: string) => figures.get(`${r}|${bucket.from}|${combo}`) ?? zero;
    const compared = (r: number | null, index: number, combo: string, current: SalesFigures): SalesComparisonFigures | null => {
      const bucket = r == null ? undefined : bucketsOf[r][index];
      if (r == null || !bucket) return null;
      const before = at(r, bucket, combo);
      return { bucket, figures: before, growth: salesGrowth(current, before) };
    };

    const viewer = this.ctx.viewer;
    const hidden = (dimension: SalesDimension) => {
      const scope = NAME_SCOPES[dimension];
      return viewer?.kind === 'partner' && scope != null && decideAccess(viewer, { scope }) !== 'ALLOWED';
    };
    const keysOf = (row: Row): SalesReportKey[] =>
      groupBy.map((dimension) => {
        const raw = row[`k_${dimension.toLowerCase()}`] as string | number | null | undefined;
        const value = raw == null ? null : String(raw);
        const entity = ENTITY_DIMENSIONS.has(dimension);
        return {
          dimension,
          id: entity && value != null ? Number(value) : null,
          value: entity ? null : value,
          name: entity && !hidden(dimension) ? ((row[`l_${dimension.toLowerCase()}`] as string | null | undefined) ?? null) : null,
          nameHidden: entity && value != null && hidden(dimension),
        };
      });
    const result: SalesReportRow[] = [];
    buckets.forEach((bucket, index) => {
      const page: SalesReportRow[] = [];
      for (const [combo, sample] of combos) {
        const current = at(0, bucket, combo);
        page.push({
          bucket,
          keys: keysOf(sample),
          figures: current,
          previousPeriod: compared(previousIndex, index, combo, current),
          yearBefore: compared(yearBeforeIndex, index, combo, current),
        });
      }
      result.push(...page.sort(byAmountThenKeys));
    });
    const totalOf = (r: number | null): SalesPeriodTotals | null =>
      r == null
        ? null
        : { period: ranges[r], totals: totals.get(r) ?? zero, growth: salesGrowth(totals.get(0) ?? zero, totals.get(r) ?? zero) };
    return {
      period,
      granularity: command.granularity,
      groupBy,
      rows: result,
      totals: totals.get(0) ?? zero,
      previousPeriod: totalOf(previousIndex),
      yearBefore: totalOf(yearBeforeIndex),
    };
  }

  private async departmentRoot(id: number | null): Promise<{ id: number; path: string } | null> {
    const viewer = this.ctx.viewer;
    const rootId = id ?? (viewer?.kind === 'staff' && viewer.role === 'MANAGER' ? viewer.departmentId : null);
    if (rootId == null) return null;
    const [row] = await this.ctx.em.execute<Array<{ id: number; path: string }>>(`select id, path from department where id = ?`, [rootId]);
    if (!row)
      throw new RequestError(
        'BAD_USER_INPUT',
        say(`departmentRootId：没有 id 为 ${rootId} 的部门`, `departmentRootId: no department ${rootId}`),
      );
    return row;
  }
}

function tooManyRows(how: Bilingual): RequestError {
  return new RequestError(
    'BAD_USER_INPUT',
    say(
      `报表行数将${how.zh}：请选择更粗的时间粒度、更少的维度或加上筛选条件`,
      `the report would have ${how.en} rows: choose a coarser granularity, fewer dimensions or a filter`,
    ),
  );
}

/** Within a period: the largest net amount first, then by the keys, so the order is stable. */
function byAmountThenKeys(a: SalesReportRow, b: SalesReportRow): number {
  const diff = Number(b.figures.amount) - Number(a.figures.amount);
  if (diff !== 0) return diff;
  const ka = JSON.stringify(a.keys.map((k) => k.id ?? k.value));
  const kb = JSON.stringify(b.keys.map((k) => k.id ?? k.value));
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
