import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { ContactChannel } from '../domain/customer/customer.enums';
import type { TouchPurpose } from '../domain/reminders/reminder.enums';
import type { Customer } from '../entities';
import { localIdOf, toGlobalId } from '../schema/global-id';
import { CustomerType } from '../schema/types/customer.type';
import { ContactChannelEnum } from '../schema/types/enums';
import { MarketingTouchesRecordInput } from '../schema/types/marketing.input';
import {
  MarketingEligibilityType,
  MarketingTouchesRecordPayload,
  MarketingTouchSkipType,
  TouchPurposeEnum,
  type MarketingTouchSkipView,
} from '../schema/types/marketing.type';
import type { RecordTouchesCommand } from '../services/marketing.service';
import { needs } from './access';
import type { GraphQLContext } from './context';

const WRITE = needs({ scope: 'marketing:write' });
const READ_CUSTOMERS = needs({ scope: 'customers:read' });

/** The input as the service's command: global ids decoded (null where one is not a Customer or Segment id). */
function commandOf(input: MarketingTouchesRecordInput): RecordTouchesCommand {
  return {
    customerIds: input.customerIds == null ? null : input.customerIds.map((given) => ({ localId: localIdOf(given, 'Customer'), given })),
    segment: input.segmentId == null ? null : { localId: localIdOf(input.segmentId, 'Segment'), given: input.segmentId },
    channel: input.channel,
    purpose: input.purpose,
    note: input.note ?? null,
    idempotencyKey: input.idempotencyKey ?? null,
  };
}

@Resolver(() => MarketingTouchSkipType)
export class MarketingResolver {
  @Authorized(WRITE)
  @Mutation(() => MarketingTouchesRecordPayload, {
    description:
      'Records that a marketing message went out (DOMAIN M4), for the customers who may receive it now: not archived, consent granted on the channel, ' +
      'and under the company cap for a capped purpose (see MarketingEligibility). The others are `skipped` with the reason. Give customerIds or segmentId. ' +
      'Bad input (unknown or foreign ids, both or neither of customerIds and segmentId, more than 1,000 customers) writes nothing. Retry-safe with idempotencyKey.',
  })
  async marketingTouchesRecord(
    @Arg('input', { validate: false }) input: MarketingTouchesRecordInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<MarketingTouchesRecordPayload> {
    const { batch, userErrors } = await ctx.services.marketing.record(commandOf(input));
    return { recordedCount: batch?.recordedCount ?? null, skipped: batch?.skipped ?? null, userErrors };
  }

  @FieldResolver(() => ID)
  customerId(@Root() skip: MarketingTouchSkipView): string {
    return toGlobalId('Customer', skip.customerId);
  }

  @FieldResolver(() => CustomerType, { nullable: true, description: 'Null for an API key without customers:read.' })
  customer(@Root() skip: MarketingTouchSkipView, @Ctx() ctx: GraphQLContext) {
    // A customer of the viewer's scope when the request ran (the request checked it).
    return ctx.loaders.customerOfRecord.load(skip.customerId);
  }
}

/** Marketing eligibility under a customer. */
@Resolver(() => CustomerType)
export class CustomerMarketingResolver {
  @Authorized(READ_CUSTOMERS)
  @FieldResolver(() => MarketingEligibilityType, {
    description:
      'Whether a marketing message on this channel for this purpose may be sent now, why not, and for the cap the day it becomes possible. ' +
      'One statement for a whole page of customers per channel and purpose.',
  })
  marketingEligibility(
    @Root() customer: Customer,
    @Arg('channel', () => ContactChannelEnum) channel: ContactChannel,
    @Arg('purpose', () => TouchPurposeEnum) purpose: TouchPurpose,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.loaders.marketingEligibility({ channel, purpose }).load(customer.id);
  }
}

/** Every resolver class of this area, for build-schema. */
export const MARKETING_RESOLVERS = [MarketingResolver, CustomerMarketingResolver] as const;
