import { ArgsType, Field, ID, InputType, registerEnumType } from 'type-graphql';
import type { FollowUpChannel, FollowUpOutcome } from '../../domain/records/records.enums';
import { PaginationArgs } from '../../resolvers/pagination.args';
import { DayRangeInput } from './order-list.input';
import { FollowUpChannelEnum, FollowUpOutcomeEnum } from './records.enums';

export enum FollowUpSortKey {
  OCCURRED_AT = 'OCCURRED_AT',
  ID = 'ID',
}
registerEnumType(FollowUpSortKey, { name: 'FollowUpSortKey', description: 'Ties are broken by id.' });

@InputType({ description: 'Which follow-ups; every field narrows the list (within your data scope: the follow-ups of your customers).' })
export class FollowUpListFilter {
  @Field(() => [FollowUpChannelEnum], { nullable: true }) channels?: FollowUpChannel[] | null;
  @Field(() => [FollowUpOutcomeEnum], { nullable: true }) outcomes?: FollowUpOutcome[] | null;
  @Field(() => DayRangeInput, { nullable: true, description: 'The day of the contact, company calendar.' })
  occurredOn?: DayRangeInput | null;
  @Field(() => DayRangeInput, { nullable: true, description: 'The next follow-up day planned (e.g. today: who to call today).' })
  nextFollowUpOn?: DayRangeInput | null;
  @Field(() => [ID], { nullable: true, description: 'Made by these users.' }) salespersonIds?: string[] | null;
  @Field(() => [ID], { nullable: true, description: "Made by users of these departments' subtrees." }) departmentIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) customerIds?: string[] | null;
}

@ArgsType()
export class FollowUpsArgs extends PaginationArgs {
  @Field(() => FollowUpListFilter, { nullable: true }) filter?: FollowUpListFilter | null;
  @Field(() => FollowUpSortKey, { defaultValue: FollowUpSortKey.OCCURRED_AT }) sortKey!: FollowUpSortKey;
  @Field(() => Boolean, { defaultValue: false, description: 'Newest first when true.' }) reverse!: boolean;
}
