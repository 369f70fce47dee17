import { IsInt, IsOptional, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { CUSTOM_FIELD_KEY_PATTERN } from '../../domain/customer/custom-field';
import type { FollowUpChannel, FollowUpOutcome, NeedUrgency } from '../../domain/records/records.enums';
import { CalendarDateScalar } from '../scalars/calendar-date.scalar';
import { DecimalScalar } from '../scalars/decimal.scalar';
import { FollowUpChannelEnum, FollowUpOutcomeEnum, NeedUrgencyEnum } from './records.enums';
import { ruleText } from './rule-text';
import { Amount, NotBlank } from './validators';

const STEP_KEY_RULE = ruleText(
  '只能包含 a-z、0-9 和 _，以字母开头，最多 50 个字符',
  'key must be a-z, 0-9 and _, starting with a letter, at most 50 characters',
);

@InputType()
export class FollowUpCreateInput {
  @Field(() => ID)
  customerId!: string;

  @Field(() => FollowUpChannelEnum)
  channel!: FollowUpChannel;

  @Field(() => Date, { nullable: true, description: 'Default now; at most 5 minutes in the future.' })
  occurredAt?: Date | null;

  @Field({ description: '1–5000 characters, not blank.' })
  @Length(1, 5000)
  @NotBlank()
  summary!: string;

  @Field(() => FollowUpOutcomeEnum, { nullable: true })
  outcome?: FollowUpOutcome | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  outcomeNote?: string | null;

  @Field(() => CalendarDateScalar, { nullable: true, description: 'Not before the day of occurredAt (company time zone).' })
  nextFollowUpOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Key of an active step of the standard process this contact completes.' })
  @IsOptional()
  @MaxLength(50)
  stepKey?: string | null;

  @Field(() => NeedUrgencyEnum, { nullable: true, description: "How urgent the prospect's need is (prospect ranking)." })
  needUrgency?: NeedUrgency | null;

  @Field(() => Int, {
    nullable: true,
    description: 'In how many days the prospect could see results from buying (0–3650; prospect ranking).',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3650)
  resultsHorizonDays?: number | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'The budget the prospect stated, in the company currency; 0 or more, at most 2 decimals.',
  })
  @IsOptional()
  @Amount()
  budget?: string | null;

  @Field(() => ID, { nullable: true, description: 'Default: the signed-in staff user. A SALES user may only name itself.' })
  salespersonId?: string | null;
}

/** Absent fields stay as they are; null clears (summary cannot be cleared). */
@InputType()
export class FollowUpUpdateInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 5000)
  @NotBlank()
  summary?: string | null;

  @Field(() => FollowUpOutcomeEnum, { nullable: true })
  outcome?: FollowUpOutcome | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  outcomeNote?: string | null;

  @Field(() => CalendarDateScalar, { nullable: true })
  nextFollowUpOn?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(50)
  stepKey?: string | null;

  @Field(() => NeedUrgencyEnum, { nullable: true, description: "How urgent the prospect's need is (prospect ranking)." })
  needUrgency?: NeedUrgency | null;

  @Field(() => Int, {
    nullable: true,
    description: 'In how many days the prospect could see results from buying (0–3650; prospect ranking).',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3650)
  resultsHorizonDays?: number | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'The budget the prospect stated, in the company currency; 0 or more, at most 2 decimals.',
  })
  @IsOptional()
  @Amount()
  budget?: string | null;
}

@InputType()
export class FollowUpStepCreateInput {
  @Field({ description: 'Stable key, e.g. `needs_confirmed`: a-z, 0-9 and _, starting with a letter.' })
  @Matches(CUSTOM_FIELD_KEY_PATTERN, STEP_KEY_RULE)
  key!: string;

  @Field()
  @Length(1, 100)
  @NotBlank()
  name!: string;

  @Field(() => Int)
  @IsInt()
  @Min(0)
  @Max(10_000)
  position!: number;
}

@InputType()
export class FollowUpStepUpdateInput {
  @Field(() => ID)
  id!: string;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 100)
  @NotBlank()
  name?: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  position?: number;

  @Field({ nullable: true })
  active?: boolean;
}
