import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import type { CurrencyCode } from '../domain/records/records.enums';
import { reportKeyLabel } from '../domain/reports/report-labels';
import type { DayRange, ReportBucket } from '../domain/reports/report-period';
import type { SalesFigures } from '../domain/reports/sales-figures';
import type { SalesDimension } from '../domain/reports/sales-report.sql';
import { RequestError } from '../domain/common/domain-error';
import { customerReportKeyRefusal } from '../domain/reports/report-access';
import { toGlobalId } from '../schema/global-id';
import { money } from '../schema/types/money.type';
import { SalesReportArgs } from '../schema/types/sales-report.input';
import { SalesReportKeyType, SalesReportType, type ReportPeriodType, type SalesFiguresType } from '../schema/types/sales-report.type';
import type { SalesComparisonFigures, SalesPeriodTotals, SalesReport } from '../services/sales-report.service';
import { needs } from './access';
import type { GraphQLContext } from './context';
import { filterLocalIds as filterIds, requiredLocalId } from './given-id';
import { LOCALE_ARG, localeOf } from './locale';
import { selects } from './selection';

/** A report reads every order of the period in the viewer's scope: priced like a segment's evaluation. */
export const REPORT_COST = 500;

/** The node type of an entity dimension's key ids (the file exports use it too). */
export const SALES_KEY_TYPES: Partial<Record<SalesDimension, string>> = {
  DEPARTMENT: 'Department',
  SALESPERSON: 'User',
  STORE: 'Store',
  PRODUCT: 'Product',
  CATEGORY: 'ProductCategory',
};

const periodOf = (range: DayRange): ReportPeriodType => ({ ...range, label: `${range.from}/${range.to}` });
const bucketOf = (bucket: ReportBucket): ReportPeriodType => ({ ...bucket });

function figuresOf(f: SalesFigures, currency: CurrencyCode): SalesFiguresType {
  return {
    amount: money(f.amount, currency),
    salesAmount: money(f.salesAmount, currency),
    refundAmount: money(f.refundAmount, currency),
    grossProfit: money(f.grossProfit, currency),
    margin: f.margin,
    averageOrderValue: f.averageOrderValue == null ? null : money(f.averageOrderValue, currency),
    orderCount: f.orderCount,
    refundCount: f.refundCount,
    customerCount: f.customerCount,
    // Computed whenever `units` is selected (`withUnits`), so never null where it is read.
    units: f.units as string,
  };
}

function comparisonOf(c: SalesComparisonFigures | SalesPeriodTotals | null, currency: CurrencyCode) {
  if (!c) return null;
  const [period, figures] = 'bucket' in c ? [bucketOf(c.bucket), c.figures] : [periodOf(c.period), c.totals];
  return { ...figuresOf(figures, currency), period, growth: c.growth };
}

function reportView(r: SalesReport, currency: CurrencyCode): SalesReportType {
  return {
    period: periodOf(r.period),
    granularity: r.granularity,
    groupBy: r.groupBy,
    rows: r.rows.map((row) => ({
      ...figuresOf(row.figures, currency),
      period: bucketOf(row.bucket),
      keys: row.keys.map((k) =>
        Object.assign(new SalesReportKeyType(), {
          dimension: k.dimension,
          id: k.id == null ? null : toGlobalId(SALES_KEY_TYPES[k.dimension]!, k.id),
          value: k.value,
          name: k.name,
          nameHidden: k.nameHidden,
        }),
      ),
      previousPeriod: comparisonOf(row.previousPeriod, currency),
      yearBefore: comparisonOf(row.yearBefore, currency),
    })),
    totals: figuresOf(r.totals, currency),
    previousPeriod: comparisonOf(r.previousPeriod, currency),
    yearBefore: comparisonOf(r.yearBefore, currency),
  };
}

function departmentRootOf(globalId: string | null | undefined): number | null {
  return globalId == null ? null : requiredLocalId(globalId, 'Department', 'departmentRootId');
}

/** `salesReport` (issue 14 item 2, DOMAIN A1). */
@Resolver()
export class SalesReportResolver {
  @Authorized(...needs({ scope: 'reports:read' }))
  @Query(() => SalesReportType, {
    complexity: REPORT_COST,
    description:
      'Sales of a period by DAY, WEEK, MONTH, QUARTER or YEAR, grouped by up to 3 dimensions, with the previous period and the year before: ' +
      '"this month vs last month vs the same month last year" in one query. In your data scope (the orders of your customers).',
  })
  async salesReport(@Args() args: SalesReportArgs, @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<SalesReportType> {
    const f = args.filter ?? { includePending: false };
    const customerIds = filterIds(f.customerIds, 'Customer', 'customerIds');
    const refusal = customerReportKeyRefusal(ctx.viewer, 'SALES', customerIds);
    if (refusal) throw new RequestError('FORBIDDEN', refusal);
    const report = await ctx.services.salesReports.report({
      period: args.period,
      granularity: args.granularity,
      groupBy: args.groupBy,
      compare: args.compare,
      departmentRootId: departmentRootOf(args.departmentRootId),
      filter: {
        salespersonIds: filterIds(f.salespersonIds, 'User', 'salespersonIds'),
        departmentIds: filterIds(f.departmentIds, 'Department', 'departmentIds'),
        storeIds: filterIds(f.storeIds, 'Store', 'storeIds'),
        customerIds,
        productIds: filterIds(f.productIds, 'Product', 'productIds'),
        categoryIds: filterIds(f.categoryIds, 'ProductCategory', 'categoryIds'),
        sources: f.sources ?? [],
        cityTiers: f.cityTiers ?? [],
        includePending: f.includePending,
      },
      withUnits: selects(info, 'units'),
    });
    return reportView(report, ctx.config.companyCurrency);
  }
}

@Resolver(() => SalesReportKeyType)
export class SalesReportKeyResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description:
      "The entity's name, the value's label, or what none means (无销售员 / No salesperson). Null for an API key without the scope that reads " +
      'the names: org:read for departments, salespeople and stores, products:read for products and categories (the id is still given).',
  })
  label(
    @Root() key: SalesReportKeyType,
    @Arg('locale', () => String, LOCALE_ARG) locale: string | null,
    @Ctx() ctx: GraphQLContext,
  ): string | null {
    return key.nameHidden ? null : reportKeyLabel(key.dimension, key.value, key.name, localeOf(ctx, locale));
  }
}
