import { Field, ID, Int, InterfaceType, ObjectType } from 'type-graphql';
import type { SalesDimension } from '../../domain/reports/sales-report.sql';
import { CalendarDateScalar } from '../scalars/calendar-date.scalar';
import { DecimalScalar } from '../scalars/decimal.scalar';
import { MoneyType } from './money.type';
import { ReportGranularityEnum, SalesDimensionEnum } from './sales-report.input';

@ObjectType('ReportPeriod', { description: 'Calendar days of the company time zone, both included.' })
export class ReportPeriodType {
  @Field(() => CalendarDateScalar) from!: string;
  @Field(() => CalendarDateScalar) to!: string;
  @Field(() => String, { description: '`2026-12-06`, `2026-W49` (ISO week), `2026-12`, `2026-Q4`, `2026`; a whole period as `from/to`.' })
  label!: string;
}

@ObjectType('SalesGrowth', { description: '(this − that) / |that| as a decimal fraction (0.125 = 12.5%); null when that is 0.' })
export class SalesGrowthType {
  @Field(() => DecimalScalar, { nullable: true }) amount!: string | null;
  @Field(() => DecimalScalar, { nullable: true }) grossProfit!: string | null;
  @Field(() => DecimalScalar, { nullable: true }) orderCount!: string | null;
  @Field(() => DecimalScalar, { nullable: true }) customerCount!: string | null;
}

@InterfaceType('SalesFigures', {
  description:
    'Sales of a period, exact. An order is a sale on the company-calendar day it was placed once COMPLETED (a REFUNDED one was completed first); ' +
    'a refund is taken off on the day of the refund. Money in the company currency.',
})
export abstract class SalesFiguresType {
  @Field(() => MoneyType, { description: 'Net sales: salesAmount − refundAmount.' }) amount!: MoneyType;
  @Field(() => MoneyType, { description: 'The line totals of the orders sold.' }) salesAmount!: MoneyType;
  @Field(() => MoneyType, { description: 'The line totals of the orders refunded in the period.' }) refundAmount!: MoneyType;
  @Field(() => MoneyType, { description: 'Net sales − their cost (refunds take their cost back).' }) grossProfit!: MoneyType;
  @Field(() => DecimalScalar, { nullable: true, description: 'grossProfit / amount, 4 decimals; null when the amount is 0.' }) margin!:
    string | null;
  @Field(() => MoneyType, { nullable: true, description: 'salesAmount / orderCount; null without orders.' })
  averageOrderValue!: MoneyType | null;
  @Field(() => Int, { description: 'Orders sold.' }) orderCount!: number;
  @Field(() => Int, { description: 'Orders refunded in the period.' }) refundCount!: number;
  @Field(() => Int, { description: 'Distinct customers of the orders sold.' }) customerCount!: number;
  @Field(() => DecimalScalar, { description: 'Σ quantity of the lines sold − refunded.' }) units!: string;
}

@ObjectType('SalesTotals', { implements: SalesFiguresType, description: 'The figures of a whole period.' })
export class SalesTotalsType extends SalesFiguresType {}

@ObjectType('SalesComparisonFigures', {
  implements: SalesFiguresType,
  description: 'The same figures of an earlier period, and the growth to now.',
})
export class SalesComparisonFiguresType extends SalesFiguresType {
  @Field(() => ReportPeriodType) period!: ReportPeriodType;
  @Field(() => SalesGrowthType) growth!: SalesGrowthType;
}

@ObjectType('SalesReportKey', { description: 'What a row is about in one dimension.' })
export class SalesReportKeyType {
  @Field(() => SalesDimensionEnum) dimension!: SalesDimension;
  @Field(() => ID, { nullable: true, description: 'The User, Department, Store, Product or ProductCategory; null for a value or none.' })
  id!: string | null;
  @Field(() => String, { nullable: true, description: 'The CustomerSource code or the city tier (1–5); null for an entity or none.' })
  value!: string | null;
  /** The entity's name, for `label`. */
  name!: string | null;
  /** The name is withheld from this API key (`label` is null). */
  nameHidden!: boolean;
}

@ObjectType('SalesReportRow', {
  implements: SalesFiguresType,
  description: 'The figures of one period and key, with the same key in the earlier periods asked (the bucket at the same position).',
})
export class SalesReportRowType extends SalesFiguresType {
  @Field(() => ReportPeriodType) period!: ReportPeriodType;
  @Field(() => [SalesReportKeyType]) keys!: SalesReportKeyType[];
  @Field(() => SalesComparisonFiguresType, { nullable: true }) previousPeriod!: SalesComparisonFiguresType | null;
  @Field(() => SalesComparisonFiguresType, { nullable: true }) yearBefore!: SalesComparisonFiguresType | null;
}

@ObjectType('SalesReport', {
  description:
    'Sales by period and dimension (DOMAIN A1): every period of the granularity and every key found in any period compared appear, with zeros where nothing was sold.',
})
export class SalesReportType {
  @Field(() => ReportPeriodType) period!: ReportPeriodType;
  @Field(() => ReportGranularityEnum) granularity!: string;
  @Field(() => [SalesDimensionEnum]) groupBy!: SalesDimension[];
  @Field(() => [SalesReportRowType], { description: 'By period, then the largest net amount first.' }) rows!: SalesReportRowType[];
  @Field(() => SalesTotalsType) totals!: SalesTotalsType;
  @Field(() => SalesComparisonFiguresType, { nullable: true, description: 'The totals of the previous period, when asked in `compare`.' })
  previousPeriod!: SalesComparisonFiguresType | null;
  @Field(() => SalesComparisonFiguresType, {
    nullable: true,
    description: 'The totals of the same period a year earlier, when asked in `compare`.',
  })
  yearBefore!: SalesComparisonFiguresType | null;
}
