import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { FollowUpChannel, FollowUpOutcome, NeedUrgency } from '../../domain/records/records.enums';
import { CalendarDateScalar } from '../scalars/calendar-date.scalar';
import { Node } from './common.type';
import { ConnectionType } from './connection.type';
import { PayloadType } from './payload.type';
import { FollowUpChannelEnum, FollowUpOutcomeEnum, NeedUrgencyEnum } from './records.enums';

@ObjectType('FollowUpStep', {
  description:
    "A step of the company's standard follow-up process for prospects (R1), e.g. 初次联系 → 需求确认 → 报价 → 签约. " +
    'Not a Node: the process is a short list that is always read whole with `followUpSteps`.',
})
export class FollowUpStepType {
  @Field(() => ID, { description: 'Opaque ID, for followUpStepUpdate.' })
  id!: string;

  @Field({ description: 'Stable key used by followUpCreate `stepKey`: a-z, 0-9 and _, starting with a letter; cannot change.' })
  key!: string;

  @Field()
  name!: string;

  @Field(() => Int, { description: 'Order of the step in the process; ties keep creation order.' })
  position!: number;

  @Field({ description: 'Inactive steps take no new follow-ups and are left out of progress.' })
  active!: boolean;
}

@ObjectType('FollowUp', { implements: Node, description: 'One contact with a customer: call, visit, message or meeting (R1).' })
export class FollowUpType implements Node {
  @Field(() => ID)
  id!: string;

  @Field(() => FollowUpChannelEnum)
  channel!: FollowUpChannel;

  @Field({ description: 'When the contact happened.' })
  occurredAt!: Date;

  @Field()
  summary!: string;

  @Field(() => FollowUpOutcomeEnum, { nullable: true })
  outcome!: FollowUpOutcome | null;

  @Field(() => String, { nullable: true })
  outcomeNote!: string | null;

  @Field(() => CalendarDateScalar, { nullable: true, description: 'The day planned for the next contact, in the company time zone.' })
  nextFollowUpOn!: string | null;

  @Field(() => NeedUrgencyEnum, { nullable: true, description: "How urgent the prospect's need is, as judged on this contact." })
  needUrgency!: NeedUrgency | null;

  @Field(() => Int, { nullable: true, description: 'In how many days the prospect could see results from buying.' })
  resultsHorizonDays!: number | null;

  @Field()
  createdAt!: Date;
}

@ObjectType('FollowUpStepProgress')
export class FollowUpStepProgressType {
  @Field(() => FollowUpStepType)
  step!: FollowUpStepType;

  @Field({ description: 'A follow-up of the customer records this step.' })
  done!: boolean;

  @Field(() => Date, { nullable: true, description: 'When the step was first done.' })
  doneAt!: Date | null;
}

@ObjectType('FollowUpProgress', { description: 'Where a customer stands in the standard process: its active steps, in order.' })
export class FollowUpProgressType {
  @Field(() => [FollowUpStepProgressType])
  steps!: FollowUpStepProgressType[];

  @Field(() => Int)
  completedCount!: number;

  @Field(() => Int, { description: 'Number of active steps.' })
  totalCount!: number;

  @Field(() => FollowUpStepType, { nullable: true, description: 'The first step by position not done yet; null when all are done.' })
  next!: FollowUpStepType | null;
}

@ObjectType()
export class FollowUpConnection extends ConnectionType(FollowUpType, 'FollowUp') {}

@ObjectType()
export class FollowUpPayload extends PayloadType(FollowUpType, 'followUp') {}

@ObjectType()
export class FollowUpStepPayload extends PayloadType(FollowUpStepType, 'followUpStep') {}
