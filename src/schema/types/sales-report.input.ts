import { ArgsType, Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import type { CustomerSource } from '../../domain/customer/customer.enums';
import {
  REPORT_COMPARISONS,
  REPORT_GRANULARITIES,
  type ReportComparison,
  type ReportGranularity,
} from '../../domain/reports/report-period';
import { SALES_DIMENSIONS, type SalesDimension } from '../../domain/reports/sales-report.sql';
import { CalendarDateScalar } from '../scalars/calendar-date.scalar';
import { CustomerSourceEnum, enumObject } from './enums';

export const ReportGranularityEnum = enumObject<ReportGranularity>(REPORT_GRANULARITIES);
registerEnumType(ReportGranularityEnum, {
  name: 'ReportGranularity',
  description: 'The row periods of a report, company calendar; weeks start on Monday (ISO 8601).',
});

export const SalesDimensionEnum = enumObject<SalesDimension>(SALES_DIMENSIONS);
registerEnumType(SalesDimensionEnum, {
  name: 'SalesDimension',
  description: 'What a sales report groups by.',
  valuesConfig: {
    COMPANY: { description: 'The whole company: one row per period (the same as no dimension).' },
    DEPARTMENT: {
      description:
        "The salesperson's department, rolled up to the children of `departmentRootId` (default: a manager's own department, else the top-level departments); the root's own salespeople under the root; none outside it.",
    },
    SALESPERSON: { description: 'The salesperson of the order.' },
    STORE: { description: 'The store of the order.' },
    PRODUCT: { description: 'The product of the line.' },
    CATEGORY: { description: "The product's category." },
    CUSTOMER_SOURCE: { description: "The customer's source (转介绍, 展会, …)." },
    CITY_TIER: { description: "The customer's city tier (1 一线 … 5 五线)." },
  },
});

export const SalesComparisonEnum = enumObject<ReportComparison>(REPORT_COMPARISONS);
registerEnumType(SalesComparisonEnum, {
  name: 'SalesComparison',
  description:
    'PREVIOUS_PERIOD: whole months against as many months just before, other periods against as many days just before (a week against the week before). ' +
    'YEAR_BEFORE: the same months, or the same days, a year earlier (29 February → 28 February). ' +
    'By WEEK, whole weeks so that weeks line up: as many weeks before as cover the period, and 52 weeks (364 days) earlier. ' +
    'Each row is compared with the bucket at the same position of the earlier period.',
});

@InputType({ description: 'Calendar days of the company time zone, both included: from and to, or a year, or a month.' })
export class ReportPeriodInput {
  @Field(() => CalendarDateScalar, { nullable: true }) from?: string | null;
  @Field(() => CalendarDateScalar, { nullable: true }) to?: string | null;
  @Field(() => Int, { nullable: true, description: 'A calendar year, e.g. 2026.' }) year?: number | null;
  @Field(() => String, { nullable: true, description: 'A calendar month as YYYY-MM, e.g. "2026-11".' }) month?: string | null;
}

@InputType({ description: 'Which sales; every field narrows the report (within your data scope: the orders of your customers).' })
export class SalesReportFilter {
  @Field(() => [ID], { nullable: true, description: 'Sold by these users.' }) salespersonIds?: string[] | null;
  @Field(() => [ID], { nullable: true, description: "Sold by users of these departments' subtrees." }) departmentIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) storeIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) customerIds?: string[] | null;
  @Field(() => [ID], { nullable: true, description: 'Only the lines of these products (the figures are of those lines).' }) productIds?:
    string[] | null;
  @Field(() => [ID], { nullable: true, description: "Only the lines of products in these categories' subtrees." }) categoryIds?:
    string[] | null;
  @Field(() => [CustomerSourceEnum], { nullable: true }) sources?: CustomerSource[] | null;
  @Field(() => [Int], { nullable: true, description: 'City tiers 1–5.' }) cityTiers?: number[] | null;
  @Field(() => Boolean, { defaultValue: false, description: 'Also PENDING orders, as sales on the day they were placed.' })
  includePending!: boolean;
}

@ArgsType()
export class SalesReportArgs {
  @Field(() => ReportPeriodInput) period!: ReportPeriodInput;
  @Field(() => ReportGranularityEnum, { defaultValue: 'MONTH' }) granularity!: ReportGranularity;
  @Field(() => [SalesDimensionEnum], { defaultValue: [], description: 'At most 3 besides COMPANY; none: the whole company.' })
  groupBy!: SalesDimension[];
  @Field(() => SalesReportFilter, { nullable: true }) filter?: SalesReportFilter | null;
  @Field(() => [SalesComparisonEnum], {
    defaultValue: ['PREVIOUS_PERIOD', 'YEAR_BEFORE'],
    description: 'What each row and the totals are compared with.',
  })
  compare!: ReportComparison[];
  @Field(() => ID, { nullable: true, description: 'For DEPARTMENT rows: the department whose children they are.' }) departmentRootId?:
    string | null;
}
