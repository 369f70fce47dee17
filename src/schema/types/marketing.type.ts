import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { TouchRefusal } from '../../domain/reminders/reminder.enums';
import * as M from '../../domain/reminders/reminder.enums';
import { CalendarDateScalar } from '../scalars/calendar-date.scalar';
import { UserError } from './common.type';
import { CustomerType } from './customer.type';
import { enumOf } from './enums';

export const TouchPurposeEnum = enumOf(
  M.TOUCH_PURPOSES,
  'TouchPurpose',
  'What a marketing touch is for (DOMAIN M4). PROMOTION and NEW_PRODUCT count against the company cap (by default); GREETING and SERVICE are neither capped nor counted.',
);
export const TouchRefusalEnum = enumOf(
  M.TOUCH_REFUSALS,
  'TouchRefusal',
  'Why a customer may not be touched on a channel for a purpose now; in this order of priority.',
);

/** Labels of the marketing vocabularies, served by `vocabularies`. */
export const MARKETING_VOCABULARIES = {
  TouchPurpose: M.TOUCH_PURPOSES,
  TouchRefusal: M.TOUCH_REFUSALS,
} as const;

@ObjectType('MarketingEligibility', {
  description:
    'Whether the customer may be sent a marketing message on a channel for a purpose now (DOMAIN M4): not archived, consent granted on the channel, ' +
    'and for a capped purpose fewer than the company cap (default 2) of capped touches in the rolling window (default the last 30 × 24 hours).',
})
export class MarketingEligibilityType {
  @Field()
  eligible!: boolean;

  @Field(() => TouchRefusalEnum, {
    nullable: true,
    description: 'Null when eligible; else the first of ARCHIVED, NO_CONSENT, CAP_REACHED that applies.',
  })
  reason!: TouchRefusal | null;

  @Field(() => CalendarDateScalar, {
    nullable: true,
    description:
      'For CAP_REACHED: the company-local day the touch that must leave the window leaves it (its time + the window), from which time of that day a touch is possible again; otherwise null.',
  })
  nextPossibleOn!: string | null;

  @Field(() => Int, { description: 'Touches of the capped purposes (any channel) in the window now, whatever purpose was asked about.' })
  recentTouchCount!: number;
}

/** A customer a request did not touch; what the resolver returns. */
export interface MarketingTouchSkipView {
  customerId: number;
  reason: TouchRefusal;
  nextPossibleOn: string | null;
}

@ObjectType('MarketingTouchSkip', { description: 'A customer marketingTouchesRecord did not touch, and why.' })
export class MarketingTouchSkipType {
  @Field(() => ID, { description: "The customer's id, also for an API key without customers:read." })
  customerId!: string;

  @Field(() => CustomerType, { nullable: true, description: 'Null for an API key without customers:read.' })
  customer!: CustomerType | null;

  @Field(() => TouchRefusalEnum)
  reason!: TouchRefusal;

  @Field(() => CalendarDateScalar, {
    nullable: true,
    description: 'For CAP_REACHED: the day a touch becomes possible again (see MarketingEligibility).',
  })
  nextPossibleOn!: string | null;
}

@ObjectType('MarketingTouchesRecordPayload')
export class MarketingTouchesRecordPayload {
  @Field(() => Int, { nullable: true, description: 'Touches recorded (one per eligible customer); null when there are user errors.' })
  recordedCount!: number | null;

  @Field(() => [MarketingTouchSkipType], {
    nullable: true,
    description: 'The customers not touched, in the order given (a segment: by customer id); null when there are user errors.',
  })
  skipped!: MarketingTouchSkipView[] | null;

  @Field(() => [UserError], { description: 'Empty when the mutation succeeded; then nothing was written.' })
  userErrors!: UserError[];
}
