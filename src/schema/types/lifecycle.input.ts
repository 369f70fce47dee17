import { IsOptional, Length } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import type { LifecycleStage } from '../../domain/scoring/scoring.enums';
import { LifecycleStageEnum } from './scoring.enums';
import { NotBlank } from './validators';

@InputType()
export class CustomerLifecycleOverrideInput {
  @Field(() => ID)
  customerId!: string;

  @Field(() => LifecycleStageEnum, { description: 'The stage in force until the override is cleared, whatever the rules say.' })
  stage!: LifecycleStage;

  @Field({ description: 'Why, 1–500 characters, not blank; shown with the stage and in its history.' })
  @Length(1, 500)
  @NotBlank()
  reason!: string;
}

@InputType()
export class CustomerLifecycleOverrideClearInput {
  @Field(() => ID)
  customerId!: string;

  @Field(() => String, { nullable: true, description: 'Why, up to 500 characters; optional.' })
  @IsOptional()
  @Length(1, 500)
  @NotBlank()
  reason?: string | null;
}
