import { ArgsType, Field, ID, InputType, registerEnumType } from 'type-graphql';
import type { InquiryChannel, InquiryStatus, InquiryUrgency } from '../../domain/records/records.enums';
import { PaginationArgs } from '../../resolvers/pagination.args';
import { DayRangeInput } from './order-list.input';
import { InquiryChannelEnum, InquiryStatusEnum, InquiryUrgencyEnum } from './records.enums';

export enum InquirySortKey {
  RECEIVED_AT = 'RECEIVED_AT',
  RESPONSE_DUE_AT = 'RESPONSE_DUE_AT',
  ID = 'ID',
}
registerEnumType(InquirySortKey, { name: 'InquirySortKey', description: 'Ties are broken by id.' });

@InputType({ description: 'Which inquiries; every field narrows the list (within your data scope: the inquiries of your customers).' })
export class InquiryListFilter {
  @Field(() => [InquiryStatusEnum], { nullable: true }) statuses?: InquiryStatus[] | null;
  @Field(() => [InquiryChannelEnum], { nullable: true }) channels?: InquiryChannel[] | null;
  @Field(() => [InquiryUrgencyEnum], { nullable: true }) urgencies?: InquiryUrgency[] | null;
  @Field(() => DayRangeInput, { nullable: true, description: 'The day the inquiry was received, company calendar.' })
  receivedOn?: DayRangeInput | null;
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
export class InquiriesArgs extends PaginationArgs {
  @Field(() => InquiryListFilter, { nullable: true }) filter?: InquiryListFilter | null;
  @Field(() => InquirySortKey, { defaultValue: InquirySortKey.RECEIVED_AT }) sortKey!: InquirySortKey;
  @Field(() => Boolean, { defaultValue: false, description: 'Newest (or latest due) first when true.' }) reverse!: boolean;
}
