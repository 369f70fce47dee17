import { ArrayMaxSize, IsOptional, Length, Matches, ValidateNested } from 'class-validator';
import { Field, Float, ID, InputType, Int } from 'type-graphql';
import type { LifecycleStage, ValueTier } from '../../domain/scoring/scoring.enums';
import { IDEMPOTENCY_KEY, IDEMPOTENCY_RULE } from './order.input';
import { LifecycleStageEnum, ValueTierEnum } from './scoring.enums';
import { NotBlank } from './validators';

@InputType({ description: 'A value tier and its part of the customers handed over.' })
export class ValueTierShareInput {
  @Field(() => ValueTierEnum)
  tier!: ValueTier;

  @Field(() => Float, { description: 'Above 0 and at most 1; the shares of the list sum to 1.' })
  share!: number;
}

@InputType({ description: 'A lifecycle stage and its part of the customers handed over.' })
export class LifecycleStageShareInput {
  @Field(() => LifecycleStageEnum)
  stage!: LifecycleStage;

  @Field(() => Float, { description: 'Above 0 and at most 1; the shares of the list sum to 1.' })
  share!: number;
}

@InputType({
  description:
    'The mix wanted among the customers handed over, by value tier, by lifecycle stage or both, e.g. an easy half (LOYAL, REPEAT) ' +
    'and a challenging half (DORMANT, PROSPECT). A class left out gets none unless the others run short.',
})
export class PortfolioMixInput {
  @Field(() => [ValueTierShareInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(4)
  valueTiers?: ValueTierShareInput[] | null;

  @Field(() => [LifecycleStageShareInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(7)
  stages?: LifecycleStageShareInput[] | null;
}

@InputType()
export class CustomerAssignBatchInput {
  @Field(() => ID, {
    description: 'The new owner: an active user you may give customers to (a manager: staff of your department subtree).',
  })
  ownerId!: string;

  @Field(() => [ID], {
    nullable: true,
    description: 'The customers to choose from: 1 to 5,000 active customers of your data scope. Give this or segmentId.',
  })
  @IsOptional()
  @ArrayMaxSize(5000)
  customerIds?: string[] | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The segment whose members (of your data scope, at most 5,000) to choose from. Give this or customerIds.',
  })
  segmentId?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'How many to hand over, 1 to 1,000; by default every candidate (then at most 1,000 may be candidates).',
  })
  count?: number | null;

  @Field(() => PortfolioMixInput, { nullable: true, description: 'The mix to come closest to; none: the first candidates by id.' })
  @IsOptional()
  @ValidateNested()
  mix?: PortfolioMixInput | null;

  @Field({ description: 'Why, kept in each customer’s assignmentHistory.' })
  @Length(1, 500)
  @NotBlank()
  reason!: string;

  @Field({ defaultValue: false, description: 'Choose and report, but hand nothing over.' })
  dryRun!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Retry-safe key: the same key with the same input returns the first result and hands nothing more over.',
  })
  @IsOptional()
  @Matches(IDEMPOTENCY_KEY, IDEMPOTENCY_RULE)
  idempotencyKey?: string | null;
}
