import { createUnionType, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import * as M from '../../domain/reminders/reminder.enums';
import type { ReminderKind, ReminderState, ReminderUrgency, TouchPurpose } from '../../domain/reminders/reminder.enums';
import type { ValueTier } from '../../domain/scoring/scoring.enums';
import type { FollowUpChannel } from '../../domain/records/records.enums';
import { nodeTypeOf } from '../node-type';
import { CalendarDateScalar } from '../scalars/calendar-date.scalar';
import { Node, UserError } from './common.type';
import { ConnectionType } from './connection.type';
import { FollowUpType } from './follow-up.type';
import { InquiryType } from './inquiry.type';
import { OrderType } from './order.type';
import { TouchPurposeEnum } from './marketing.type';
import { PayloadType } from './payload.type';
import { ProductType } from './product.type';
import { enumOf } from './enums';
import { FollowUpChannelEnum } from './records.enums';
import { ServiceCaseType } from './service-case.type';
import { ValueTierEnum } from './scoring.enums';

export const ReminderKindEnum = enumOf(
  M.REMINDER_KINDS,
  'ReminderKind',
  'A built-in reminder rule (DOMAIN M1); each is switched and tuned in `reminderSettings`.',
);
export const ReminderUrgencyEnum = enumOf(M.REMINDER_URGENCIES, 'ReminderUrgency', 'How pressing a reminder is now.');
export const ReminderStateEnum = enumOf(M.REMINDER_STATES, 'ReminderState', 'What was done with a reminder (DOMAIN M3).');

/** Labels of the reminder vocabularies, served by `vocabularies`. */
export const REMINDER_VOCABULARIES = {
  ReminderKind: M.REMINDER_KINDS,
  ReminderUrgency: M.REMINDER_URGENCIES,
  ReminderState: M.REMINDER_STATES,
} as const;

export const ReminderSubjectUnion = createUnionType({
  name: 'ReminderSubject',
  description:
    'What a reminder is about, where it is one record: the purchase, the product, the follow-up, the inquiry or the service case.',
  types: () => [OrderType, ProductType, FollowUpType, InquiryType, ServiceCaseType] as const,
  // Resolvers answer entities: the same map as the Node interface tells their type.
  resolveType: (value) => nodeTypeOf(value),
});

@ObjectType('ReminderFigure', { description: 'A figure that fired the reminder (dates as YYYY-MM-DD in the company calendar).' })
export class ReminderFigureType {
  @Field(() => String) key!: string;
  @Field(() => String, { nullable: true }) value!: string | null;
}

@ObjectType('Reminder', {
  implements: Node,
  description:
    'One occurrence of a reminder rule for a customer (DOMAIN M1–M3), computed when asked. Its id names the rule, the customer and ' +
    'what the occurrence comes from (the purchase, the follow-up, the year of the birthday…): done or dismissed, it does not come back; ' +
    'snoozed, it comes back on its day; the next occurrence (next year, the next purchase) is a new reminder.',
})
export class ReminderType implements Node {
  /** Tells the Node interface which type this plain object is. */
  readonly __typename = 'Reminder';
  @Field(() => ID) id!: string;
  @Field(() => ReminderKindEnum) kind!: ReminderKind;
  @Field(() => CalendarDateScalar, { description: 'The day it is due, company calendar (an inquiry: the day of its deadline).' })
  dueOn!: string;
  @Field(() => Date, { description: 'The instant it is due: the start of `dueOn`, or the inquiry’s response deadline.' }) dueAt!: Date;
  @Field(() => ReminderUrgencyEnum, {
    description:
      'OVERDUE: due before today (a deadline: passed); DUE_TODAY; UPCOMING: listed ahead of its day (greetings, renewals, planned follow-ups).',
  })
  urgency!: ReminderUrgency;
  @Field(() => ValueTierEnum, { description: 'The customer’s value tier now; VIP first among reminders due at the same time.' })
  valueTier!: ValueTier;
  @Field(() => [ReminderFigureType], { description: 'The figures that fired it, also spelled out in `reason`.' })
  figures!: ReminderFigureType[];
  @Field(() => ReminderStateEnum) state!: ReminderState;
  @Field(() => CalendarDateScalar, { nullable: true, description: 'For SNOOZED: the day it comes back.' }) snoozedUntil!: string | null;
  @Field(() => String, { nullable: true, description: 'The reason given when it was dismissed.' }) stateReason!: string | null;
  @Field(() => Date, { nullable: true, description: 'When it was last done, snoozed or dismissed.' }) actedAt!: Date | null;
}

@ObjectType()
export class ReminderConnection extends ConnectionType(ReminderType, 'Reminder') {}

@ObjectType()
export class ReminderPayload extends PayloadType(ReminderType, 'reminder') {}

@ObjectType('ReminderRule', { description: 'One reminder rule as configured; a threshold the rule does not have is null.' })
export class ReminderRuleType {
  @Field(() => ReminderKindEnum) kind!: ReminderKind;
  @Field(() => Boolean) enabled!: boolean;
  @Field(() => String, { description: 'What the rule does with its thresholds, in the reader’s language.' }) description!: string;
  @Field(() => Int, {
    nullable: true,
    description: 'NO_FOLLOW_UP: days since the last follow-up; NEVER_FOLLOWED_UP / NEVER_PURCHASED: days since creation.',
  })
  days!: number | null;
  @Field(() => Int, { nullable: true, description: 'Listed this many days before the due day.' }) aheadDays!: number | null;
  @Field(() => Int, { nullable: true, description: 'PRODUCT_USED_UP / MAINTENANCE_DUE: due this many days before the day itself.' })
  warningDays!: number | null;
  @Field(() => Int, { nullable: true, description: 'NO_REPURCHASE: at least this many days.' }) minDays!: number | null;
  @Field(() => Float, { nullable: true, description: 'NO_REPURCHASE: times the customer’s own median days between orders (1.5).' })
  multiplier!: number | null;
  @Field(() => Int, {
    nullable: true,
    description: 'VIP_REVIEW_DUE: months between business reviews (3 quarterly, 6 half-yearly, 12 yearly).',
  })
  everyMonths!: number | null;
  @Field(() => [ValueTierEnum], { nullable: true, description: 'HOLIDAY / VIP_REVIEW_DUE: the value tiers concerned.' }) tiers!:
    ValueTier[] | null;
  @Field(() => [FollowUpChannelEnum], { nullable: true, description: 'VIP_REVIEW_DUE: a follow-up on one of these channels is a review.' })
  reviewChannels!: FollowUpChannel[] | null;
}

@ObjectType('MarketingCap', {
  description: 'At most `maxTouches` touches of the capped purposes per customer in any `days` days (DOMAIN M4).',
})
export class MarketingCapType {
  @Field(() => Int) maxTouches!: number;
  @Field(() => Int) days!: number;
  @Field(() => [TouchPurposeEnum], {
    description: 'The purposes that count against the cap (greetings and service messages do not, by default).',
  })
  cappedPurposes!: TouchPurpose[];
}

@ObjectType('CompanyHoliday', {
  description: 'A company holiday (HOLIDAY greetings). Lunar holidays (春节, 中秋) move: each year has its own list.',
})
export class CompanyHolidayType {
  @Field(() => CalendarDateScalar) day!: string;
  @Field(() => String) nameZh!: string;
  @Field(() => String) nameEn!: string;
}

@ObjectType('ReminderSettings', { description: 'The company’s reminder rules and marketing cap (DOMAIN M1, M4), as data.' })
export class ReminderSettingsType {
  @Field(() => Int, { description: 'Moves with every change; pass it as expectedVersion to refuse a change made meanwhile.' })
  version!: number;
  @Field(() => Date, { nullable: true, description: 'Null while the defaults are in force.' }) updatedAt!: Date | null;
  @Field(() => [ReminderRuleType]) rules!: ReminderRuleType[];
  @Field(() => MarketingCapType) marketingCap!: MarketingCapType;
}

@ObjectType()
export class ReminderSettingsPayload extends PayloadType(ReminderSettingsType, 'reminderSettings') {}

@ObjectType('CompanyHolidaysPayload')
export class CompanyHolidaysPayload {
  @Field(() => [CompanyHolidayType], { nullable: true, description: 'The year’s holidays; null when there are user errors.' }) holidays!:
    CompanyHolidayType[] | null;
  @Field(() => [UserError], { description: 'Empty when the mutation succeeded.' }) userErrors!: UserError[];
}
