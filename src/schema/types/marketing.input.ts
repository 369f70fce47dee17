import { Field, ID, InputType } from 'type-graphql';
import type { ContactChannel } from '../../domain/customer/customer.enums';
import type { TouchPurpose } from '../../domain/reminders/reminder.enums';
import { ContactChannelEnum } from './enums';
import { TouchPurposeEnum } from './marketing.type';

@InputType('MarketingEligibilityInput', {
  description: 'A channel and a purpose: whom may we send this kind of message on this channel now?',
})
export class MarketingEligibilityInput {
  @Field(() => ContactChannelEnum)
  channel!: ContactChannel;

  @Field(() => TouchPurposeEnum)
  purpose!: TouchPurpose;
}

@InputType('MarketingTouchesRecordInput')
export class MarketingTouchesRecordInput {
  @Field(() => [ID], {
    nullable: true,
    description: 'The customers messaged: 1 to 1,000, each in your data scope. Give this or segmentId.',
  })
  customerIds?: string[] | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'Every member of this segment in your data scope (at most 1,000; API keys: segments:read and customers:read too). Give this or customerIds.',
  })
  segmentId?: string | null;

  @Field(() => ContactChannelEnum)
  channel!: ContactChannel;

  @Field(() => TouchPurposeEnum)
  purpose!: TouchPurpose;

  @Field(() => String, { nullable: true, description: 'What was sent, at most 500 characters.' })
  note?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Retry-safe key: the same key with the same input returns the first result and writes nothing new; with another input it is IDEMPOTENCY_KEY_REUSED.',
  })
  idempotencyKey?: string | null;
}
