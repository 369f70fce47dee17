import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { LifecycleTransition } from '../domain/lifecycle/lifecycle-history';
import { explainTransition } from '../domain/lifecycle/transition-explanation';
import type { Locale } from '../domain/customer/customer.enums';
import type { Customer, ValueTierSnapshot } from '../entities';
import { toGlobalId } from '../schema/global-id';
import { CustomerLifecycleOverrideClearInput, CustomerLifecycleOverrideInput } from '../schema/types/lifecycle.input';
import { LifecycleTransitionType, ValueTierChangeType } from '../schema/types/lifecycle.type';
import { CustomerPayload, CustomerType } from '../schema/types/customer.type';
import { UserType } from '../schema/types/org.type';
import { needs } from './access';
import type { GraphQLContext } from './context';
import { staffUser } from './customer.resolver';
import { ScoringSnapshotResolver, TierMigrationResolver } from './scoring-snapshot.resolver';
import { LOCALE_ARG, localeOf } from './locale';
import { givenId } from './given-id';
import { checked } from './records.mapper';

const WRITE = needs({ scope: 'customers:write' });

function transitionType(t: LifecycleTransition, locale: Locale): LifecycleTransitionType {
  const c = t.cause;
  return {
    on: t.on,
    from: t.from,
    to: t.to,
    cause: explainTransition(t, locale),
    causeCode: c.code,
    orderId: c.code === 'ORDER' ? toGlobalId('Order', c.orderId) : null,
    inquiryId: c.code === 'INQUIRY_OPENED' || c.code === 'INQUIRY_CLOSED' ? toGlobalId('Inquiry', c.inquiryId) : null,
    overrideReason: c.code === 'OVERRIDE_SET' || c.code === 'OVERRIDE_CLEARED' ? c.reason : null,
    overrideById: c.code === 'OVERRIDE_SET' ? c.byUserId : null,
  };
}

@Resolver()
export class LifecycleOverrideResolver {
  @Authorized(WRITE)
  @Mutation(() => CustomerPayload, {
    description:
      'Sets the customer’s lifecycle stage by hand, with a reason (DOMAIN L1); it wins over the rules until cleared. ' +
      'An override already in force is replaced; both stay in lifecycleHistory. Whoever may edit the customer may do this.',
  })
  async customerLifecycleOverride(@Arg('input', { validate: false }) input: CustomerLifecycleOverrideInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.lifecycleOverrides.set({ ...(await checked(input)), customerId: givenId(input.customerId, 'Customer') });
  }

  @Authorized(WRITE)
  @Mutation(() => CustomerPayload, {
    description: 'Clears the manual stage in force; the rules decide the stage again. CONFLICT when there is none.',
  })
  async customerLifecycleOverrideClear(
    @Arg('input', { validate: false }) input: CustomerLifecycleOverrideClearInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.lifecycleOverrides.clear({ ...(await checked(input)), customerId: givenId(input.customerId, 'Customer') });
  }
}

@Resolver(() => CustomerType)
export class CustomerLifecycleHistoryResolver {
  @FieldResolver(() => [LifecycleTransitionType], {
    description:
      'Every change of the stage in force, oldest first, with its day and cause (DOMAIN L4): replayed from the customer’s ' +
      'orders, follow-ups, inquiries, ratings and manual overrides with the current rules, so it always ends in `lifecycle.stage`.',
  })
  async lifecycleHistory(
    @Root() customer: Customer,
    @Ctx() ctx: GraphQLContext,
    @Arg('locale', () => String, LOCALE_ARG) locale?: string | null,
  ): Promise<LifecycleTransitionType[]> {
    const lang: Locale = localeOf(ctx, locale);
    const history = await ctx.loaders.lifecycleHistory.load(customer.id);
    return history.map((t) => transitionType(t, lang));
  }

  @FieldResolver(() => [ValueTierChangeType], { description: 'Value-tier changes found by the snapshots (DOMAIN S5), oldest first.' })
  async valueTierHistory(@Root() customer: Customer, @Ctx() ctx: GraphQLContext): Promise<ValueTierChangeType[]> {
    const rows: ValueTierSnapshot[] = await ctx.loaders.valueTierHistory.load(customer.id);
    return rows.map((r) => ({ tier: r.tier, previousTier: r.previousTier ?? null, score: r.score, takenAt: r.takenAt }));
  }
}

@Resolver(() => LifecycleTransitionType)
export class LifecycleTransitionResolver {
  @FieldResolver(() => UserType, { nullable: true, description: 'Who set the manual stage (null for an API key, or without org:read).' })
  overrideBy(@Root() t: LifecycleTransitionType, @Ctx() ctx: GraphQLContext) {
    return staffUser(ctx, t.overrideById ?? undefined);
  }
}

export const LIFECYCLE_RESOLVERS = [
  LifecycleOverrideResolver,
  CustomerLifecycleHistoryResolver,
  LifecycleTransitionResolver,
  TierMigrationResolver,
  ScoringSnapshotResolver,
];
