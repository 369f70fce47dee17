import { ArrayMaxSize, IsOptional, MaxLength } from 'class-validator';
import { ArgsType, Field, Float, ID, InputType, Int } from 'type-graphql';
import type { ReminderKind, ReminderState, TouchPurpose } from '../../domain/reminders/reminder.enums';
import type { FollowUpChannel, FollowUpOutcome } from '../../domain/records/records.enums';
import type { ValueTier } from '../../domain/scoring/scoring.enums';
import { CalendarDateScalar } from '../scalars/calendar-date.scalar';
import { TouchPurposeEnum } from './marketing.type';
import { FollowUpChannelEnum, FollowUpOutcomeEnum } from './records.enums';
import { ReminderKindEnum, ReminderStateEnum } from './reminder.type';
import { ValueTierEnum } from './scoring.enums';
import { NotBlank } from './validators';

@InputType({ description: 'Which reminders; every field narrows the list.' })
export class ReminderFilterInput {
  @Field(() => [ReminderKindEnum], { nullable: true }) kinds?: ReminderKind[] | null;
  @Field(() => [ReminderStateEnum], {
    nullable: true,
    description: 'Default [OPEN]: what is to do (a snoozed reminder whose day came is OPEN again).',
  })
  states?: ReminderState[] | null;
  @Field(() => ID, { nullable: true, description: 'The customers’ owner (a salesperson; managers and admins).' }) ownerId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Customers of this department and its subtree.' }) departmentId?: string | null;
  @Field(() => ID, { nullable: true }) storeId?: string | null;
  @Field(() => [ValueTierEnum], { nullable: true, description: 'The customers’ value tier now.' }) valueTiers?: ValueTier[] | null;
  @Field(() => CalendarDateScalar, { nullable: true, description: 'Due on or after this day.' }) dueFrom?: string | null;
  @Field(() => CalendarDateScalar, { nullable: true, description: 'Due on or before this day.' }) dueTo?: string | null;
}

@ArgsType()
export class RemindersArgs {
  @Field(() => ReminderFilterInput, { nullable: true }) filter?: ReminderFilterInput | null;
  @Field(() => Int, { nullable: true, description: 'At most 100; default 20.' }) first?: number | null;
  @Field(() => String, { nullable: true }) after?: string | null;
}

@InputType({ description: 'A follow-up recorded with the completion, for the reminder’s customer.' })
export class ReminderFollowUpInput {
  @Field(() => FollowUpChannelEnum) channel!: FollowUpChannel;
  @Field({ description: '1–5000 characters, not blank.' })
  @MaxLength(5000)
  @NotBlank()
  summary!: string;
  @Field(() => FollowUpOutcomeEnum, { nullable: true }) outcome?: FollowUpOutcome | null;
  @Field(() => CalendarDateScalar, { nullable: true, description: 'The next follow-up day, if one is planned.' }) nextFollowUpOn?:
    string | null;
}

@InputType()
export class ReminderCompleteInput {
  @Field(() => ID) id!: string;
  @Field(() => ReminderFollowUpInput, {
    nullable: true,
    description: 'Also record this follow-up (e.g. the call a NO_FOLLOW_UP reminder asked for), in the same transaction.',
  })
  followUp?: ReminderFollowUpInput | null;
}

@InputType()
export class ReminderSnoozeInput {
  @Field(() => ID) id!: string;
  @Field(() => CalendarDateScalar, { description: 'The day it comes back: after today, within a year (company calendar).' }) until!: string;
}

@InputType()
export class ReminderDismissInput {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true, description: 'Why (at most 500 characters).' })
  @IsOptional()
  @MaxLength(500)
  reason?: string | null;
}

@InputType({ description: 'Changes one rule; the fields given replace its thresholds. A threshold the rule does not have is an error.' })
export class ReminderRuleInput {
  @Field(() => ReminderKindEnum) kind!: ReminderKind;
  @Field(() => Boolean, { nullable: true }) enabled?: boolean | null;
  @Field(() => Int, { nullable: true }) days?: number | null;
  @Field(() => Int, { nullable: true }) aheadDays?: number | null;
  @Field(() => Int, { nullable: true }) warningDays?: number | null;
  @Field(() => Int, { nullable: true }) minDays?: number | null;
  @Field(() => Float, { nullable: true, description: 'At most two decimals, 1 to 10.' }) multiplier?: number | null;
  @Field(() => Int, { nullable: true }) everyMonths?: number | null;
  @Field(() => [ValueTierEnum], { nullable: true }) tiers?: ValueTier[] | null;
  @Field(() => [FollowUpChannelEnum], { nullable: true }) reviewChannels?: FollowUpChannel[] | null;
}

@InputType()
export class MarketingCapInput {
  @Field(() => Int, { nullable: true, description: '0–100.' }) maxTouches?: number | null;
  @Field(() => Int, { nullable: true, description: '1–365.' }) days?: number | null;
  @Field(() => [TouchPurposeEnum], { nullable: true }) cappedPurposes?: TouchPurpose[] | null;
}

@InputType()
export class ReminderSettingsInput {
  @Field(() => Int, { nullable: true, description: 'Refuse the change (CONFLICT) unless the settings are still at this version.' })
  expectedVersion?: number | null;
  @Field(() => Boolean, { nullable: true, description: 'Start from the defaults; the other fields then apply on top.' }) resetToDefaults?:
    boolean | null;
  @Field(() => [ReminderRuleInput], { nullable: true })
  @ArrayMaxSize(50)
  rules?: ReminderRuleInput[] | null;
  @Field(() => MarketingCapInput, { nullable: true }) marketingCap?: MarketingCapInput | null;
}

@InputType()
export class CompanyHolidayInput {
  @Field(() => CalendarDateScalar) day!: string;
  @Field(() => String, { description: '中文名, e.g. 春节.' })
  @MaxLength(100)
  nameZh!: string;
  @Field(() => String, { description: 'English name, e.g. Spring Festival.' })
  @MaxLength(100)
  nameEn!: string;
}

@InputType()
export class CompanyHolidaysSetInput {
  @Field(() => Int) year!: number;
  @Field(() => [CompanyHolidayInput], { description: 'The whole list for the year (replaces it).' })
  @ArrayMaxSize(100)
  holidays!: CompanyHolidayInput[];
}
