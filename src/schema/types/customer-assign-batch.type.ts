import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { LifecycleStage, ValueTier } from '../../domain/scoring/scoring.enums';
import { PayloadType } from './payload.type';
import { LifecycleStageEnum, ValueTierEnum } from './scoring.enums';

@ObjectType()
abstract class MixLineFields {
  @Field(() => Float, {
    nullable: true,
    description: 'The share asked for (0 for a class left out of the mix); null without a mix for this dimension.',
  })
  requestedShare!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'The share as a count of the customers handed over; null without a mix for this dimension.',
  })
  requestedCount!: number | null;

  @Field(() => Int, { description: 'Candidates of this class.' })
  availableCount!: number;

  @Field(() => Int, { description: 'Customers of this class handed over (or, on a dry run, chosen).' })
  achievedCount!: number;
}

@ObjectType('ValueTierMixLine', { description: 'One value tier of a batch assignment: asked for, available, achieved.' })
export class ValueTierMixLineType extends MixLineFields {
  @Field(() => ValueTierEnum)
  tier!: ValueTier;
}

@ObjectType('LifecycleStageMixLine', { description: 'One lifecycle stage of a batch assignment: asked for, available, achieved.' })
export class LifecycleStageMixLineType extends MixLineFields {
  @Field(() => LifecycleStageEnum)
  stage!: LifecycleStage;
}

/** A batch as the resolver passes it on: the service's value, customers as ids. */
export interface CustomerAssignmentBatchView {
  dryRun: boolean;
  replayed: boolean;
  ownerId: number;
  candidateCount: number;
  alreadyOwnedCount: number;
  assignedCount: number;
  customerIds: number[];
  valueTiers: ValueTierMixLineType[];
  stages: LifecycleStageMixLineType[];
}

@ObjectType('CustomerAssignmentBatch', {
  description:
    'Customers handed to a salesperson by customerAssignBatch (分配客户), and the mix of value tiers and lifecycle stages achieved ' +
    '(tiers and stages as computed when the batch ran).',
})
export class CustomerAssignmentBatchType {
  @Field({ description: 'True: chosen and reported, nothing handed over.' })
  dryRun!: boolean;

  @Field({ description: 'True: a retry with the same idempotency key; this is the first request’s result and nothing was written.' })
  replayed!: boolean;

  @Field(() => Int, { description: 'Active customers of your scope that could be handed over.' })
  candidateCount!: number;

  @Field(() => Int, { description: 'Customers named or in the segment who already belong to the new owner (left as they are).' })
  alreadyOwnedCount!: number;

  @Field(() => Int)
  assignedCount!: number;

  @Field(() => [ValueTierMixLineType], { description: 'Every value tier, VIP first.' })
  valueTiers!: ValueTierMixLineType[];

  @Field(() => [LifecycleStageMixLineType], { description: 'Every lifecycle stage, LEAD first.' })
  stages!: LifecycleStageMixLineType[];
}

@ObjectType('CustomerAssignBatchPayload')
export class CustomerAssignBatchPayload extends PayloadType(CustomerAssignmentBatchType, 'batch') {}
