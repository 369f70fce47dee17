import { Field, ID, Int, InterfaceType, ObjectType } from 'type-graphql';
import type { InquiryChannel, InquiryStatus, InquiryUrgency } from '../../domain/records/records.enums';
import type { InquiryDimension } from '../../domain/reports/inquiry-report.sql';
import { CalendarDateScalar } from '../scalars/calendar-date.scalar';
import { DecimalScalar } from '../scalars/decimal.scalar';
import { InquiryDimensionEnum } from './inquiry-report.input';
import { InquiryChannelEnum, InquiryStatusEnum, InquiryUrgencyEnum } from './records.enums';
import { ReportPeriodType } from './sales-report.type';

@InterfaceType('InquiryFigures', {
  description:
    'What became of the inquiries received in a period (their status now). Ratios are decimal fractions with 4 places (0.125 = 12.5%), null when the denominator is 0.',
})
export abstract class InquiryFiguresType {
  @Field(() => Int, { description: 'Inquiries received.' }) total!: number;
  @Field(() => Int, { description: 'Status WON.' }) won!: number;
  @Field(() => Int, { description: 'Status LOST.' }) lost!: number;
  @Field(() => Int, { description: 'Status NEW, QUOTED or NEGOTIATING.' }) open!: number;
  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'won / (won + lost): the decided inquiries that were won (open ones are not failures yet; see wonShare for won / total).',
  })
  conversionRate!: string | null;
  @Field(() => DecimalScalar, { nullable: true, description: 'won / total.' }) wonShare!: string | null;
  @Field(() => Int, { description: 'Inquiries with a first response.' }) answered!: number;
  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      'Median of firstRespondedAt − receivedAt over the answered inquiries, in minutes (2 decimals): percentile_disc, a response time that happened (the lower middle one of an even count).',
  })
  firstResponseMedianMinutes!: string | null;
  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'The 90th percentile the same way (percentile_disc): at least 90% of the answered inquiries were answered within it.',
  })
  firstResponseP90Minutes!: string | null;
  @Field(() => Int, { description: 'Answered by responseDueAt (firstRespondedAt ≤ responseDueAt).' }) answeredInTime!: number;
  @Field(() => Int, { description: 'Open, not answered, and responseDueAt not reached yet: still able to be answered in time.' })
  awaitingResponse!: number;
  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      'answeredInTime / (total − awaitingResponse): of the inquiries whose answer is due, the share answered by responseDueAt. An unanswered one past its deadline, or closed without an answer, counts as late.',
  })
  answeredInTimeShare!: string | null;
  @Field(() => Int, { description: 'Repeat-order inquiries.' }) repeatOrders!: number;
  @Field(() => DecimalScalar, { nullable: true, description: 'repeatOrders / total.' }) repeatOrderShare!: string | null;
}

@ObjectType('DayRange', { description: 'Calendar days of the company time zone, both included (the shape of DayRangeInput).' })
export class DayRangeType {
  @Field(() => CalendarDateScalar) from!: string;
  @Field(() => CalendarDateScalar) to!: string;
}

@ObjectType('InquiryDrillDown', {
  description:
    'An InquiryListFilter: pass it as `inquiries(filter:)` to list exactly the inquiries counted (within the same data scope, `overdue` judged now).',
})
export class InquiryDrillDownType {
  @Field(() => [InquiryStatusEnum], { nullable: true }) statuses!: InquiryStatus[] | null;
  @Field(() => [InquiryChannelEnum], { nullable: true }) channels!: InquiryChannel[] | null;
  @Field(() => [InquiryUrgencyEnum], { nullable: true }) urgencies!: InquiryUrgency[] | null;
  @Field(() => DayRangeType) receivedOn!: DayRangeType;
  @Field(() => [ID], { nullable: true }) salespersonIds!: string[] | null;
  @Field(() => [ID], { nullable: true }) departmentIds!: string[] | null;
  @Field(() => [ID], { nullable: true }) customerIds!: string[] | null;
  @Field(() => [String], { nullable: true }) countries!: string[] | null;
  @Field(() => Boolean, { nullable: true }) overdue!: boolean | null;
  @Field(() => Boolean, { nullable: true }) repeatOrder!: boolean | null;
  @Field(() => Boolean, { nullable: true }) hasSalesperson!: boolean | null;
  @Field(() => Boolean, { nullable: true }) hasCountry!: boolean | null;
}

@ObjectType('InquiryReportKey', { description: 'What a row is about in one dimension.' })
export class InquiryReportKeyType {
  @Field(() => InquiryDimensionEnum) dimension!: InquiryDimension;
  @Field(() => ID, { nullable: true, description: 'The User for SALESPERSON; null for a value or none.' }) id!: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'The code (OUTCOME WON/LOST/OPEN, STATUS, CHANNEL, URGENCY), the country code, "true"/"false", or the period (2026-12-06, 2026-W49, 2026-11); null for a user or none.',
  })
  value!: string | null;
  /** The user's name, for `label`. */
  name!: string | null;
  /** The name is withheld from this API key (`label` is null). */
  nameHidden!: boolean;
}

@ObjectType('InquiryReportRow', { implements: InquiryFiguresType, description: 'The figures of one key combination.' })
export class InquiryReportRowType extends InquiryFiguresType {
  @Field(() => [InquiryReportKeyType]) keys!: InquiryReportKeyType[];
  @Field(() => InquiryDrillDownType, { description: "The `inquiries` filter that lists exactly this row's inquiries." })
  drillDown!: InquiryDrillDownType;
}

@ObjectType('InquiryLostReason', { description: 'Lost inquiries grouped by their reason, trimmed and lower-cased.' })
export class InquiryLostReasonType {
  @Field(() => String, {
    nullable: true,
    description: 'The reason, in the spelling that sorts first of those grouped; null: no reason recorded.',
  })
  reason!: string | null;
  @Field(() => Int) count!: number;
  @Field(() => DecimalScalar, { nullable: true, description: 'count / lost.' }) share!: string | null;
}

@ObjectType('InquiryReport', {
  implements: InquiryFiguresType,
  description:
    'The inquiries received in a period and what became of them (DOMAIN A2): the figures of the whole period, the lost reasons, and rows by the dimensions asked.',
})
export class InquiryReportType extends InquiryFiguresType {
  @Field(() => ReportPeriodType) period!: ReportPeriodType;
  @Field(() => [InquiryDimensionEnum]) groupBy!: InquiryDimension[];
  @Field(() => [InquiryLostReasonType], { description: 'The most frequent first (then by text), at most lostReasonLimit.' })
  lostReasons!: InquiryLostReasonType[];
  @Field(() => [InquiryReportRowType], {
    description:
      'Key combinations with inquiries, the most inquiries first; with DAY, WEEK or MONTH by period first, every period of each combination (zeros included).',
  })
  rows!: InquiryReportRowType[];
  @Field(() => InquiryDrillDownType, { description: 'The `inquiries` filter that lists exactly the inquiries of the report.' })
  drillDown!: InquiryDrillDownType;
}
