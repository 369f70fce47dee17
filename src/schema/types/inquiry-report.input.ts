import { ArgsType, Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import type { InquiryChannel, InquiryStatus, InquiryUrgency } from '../../domain/records/records.enums';
import { INQUIRY_DIMENSIONS, type InquiryDimension } from '../../domain/reports/inquiry-report.sql';
import { enumObject } from './enums';
import { InquiryChannelEnum, InquiryStatusEnum, InquiryUrgencyEnum } from './records.enums';
import { ReportPeriodInput } from './sales-report.input';

export const InquiryDimensionEnum = enumObject<InquiryDimension>(INQUIRY_DIMENSIONS);
registerEnumType(InquiryDimensionEnum, {
  name: 'InquiryDimension',
  description: 'What an inquiry report groups by.',
  valuesConfig: {
    OUTCOME: { description: 'What became of the inquiry: WON, LOST or OPEN (NEW, QUOTED, NEGOTIATING).' },
    STATUS: { description: 'The InquiryStatus now.' },
    CHANNEL: { description: 'The InquiryChannel it came through.' },
    URGENCY: { description: 'The InquiryUrgency.' },
    SALESPERSON: { description: 'The user handling it; none for unassigned inquiries.' },
    COUNTRY: { description: "The buyer's country (ISO 3166 alpha-2); none when not recorded." },
    REPEAT_ORDER: { description: 'Whether it is a repeat-order inquiry: value "true" or "false".' },
    DAY: { description: 'The company-calendar day received (value 2026-12-06). Every day of the period is a row.' },
    WEEK: { description: 'The ISO week received (value 2026-W49), cut to the period. Every week of the period is a row.' },
    MONTH: { description: 'The month received (value 2026-11), cut to the period. Every month of the period is a row.' },
  },
});

@InputType({
  description:
    'Which inquiries: the fields of InquiryListFilter but the day range (the period is the days received); every field narrows the report, within your data scope.',
})
export class InquiryReportFilter {
  @Field(() => [InquiryStatusEnum], { nullable: true }) statuses?: InquiryStatus[] | null;
  @Field(() => [InquiryChannelEnum], { nullable: true }) channels?: InquiryChannel[] | null;
  @Field(() => [InquiryUrgencyEnum], { nullable: true }) urgencies?: InquiryUrgency[] | null;
  @Field(() => [ID], { nullable: true, description: 'Handled by these users.' }) salespersonIds?: string[] | null;
  @Field(() => [ID], { nullable: true, description: "Handled by users of these departments' subtrees." }) departmentIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) customerIds?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'ISO 3166 alpha-2 codes.' }) countries?: string[] | null;
  @Field(() => Boolean, { nullable: true, description: 'true: open, not answered and past responseDueAt now; false: the others.' })
  overdue?: boolean | null;
  @Field(() => Boolean, { nullable: true }) repeatOrder?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'true: handled by someone; false: by no one.' }) hasSalesperson?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'true: with a country; false: without.' }) hasCountry?: boolean | null;
}

@ArgsType()
export class InquiryReportArgs {
  @Field(() => ReportPeriodInput, { description: 'The days the inquiries were received, company calendar.' }) period!: ReportPeriodInput;
  @Field(() => [InquiryDimensionEnum], {
    defaultValue: [],
    description: 'At most 3, at most one of DAY, WEEK and MONTH; none: only the figures of the whole period.',
  })
  groupBy!: InquiryDimension[];
  @Field(() => InquiryReportFilter, { nullable: true }) filter?: InquiryReportFilter | null;
  @Field(() => Int, { defaultValue: 10, description: 'How many lost reasons (0–100), the most frequent first.' }) lostReasonLimit!: number;
}
