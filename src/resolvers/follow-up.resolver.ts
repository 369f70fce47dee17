import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { followUpProgress, type FollowUpProgress } from '../domain/records/follow-up-progress';
import type { Customer, FollowUp, FollowUpStep } from '../entities';
import { toGlobalId } from '../schema/global-id';
import { CustomerType } from '../schema/types/customer.type';
import {
  FollowUpCreateInput,
  FollowUpStepCreateInput,
  FollowUpStepUpdateInput,
  FollowUpUpdateInput,
} from '../schema/types/follow-up.input';
import {
  FollowUpConnection,
  FollowUpPayload,
  FollowUpProgressType,
  FollowUpStepPayload,
  FollowUpStepType,
  FollowUpType,
} from '../schema/types/follow-up.type';
import { money, MoneyType } from '../schema/types/money.type';
import { UserType } from '../schema/types/org.type';
import { needs } from './access';
import type { GraphQLContext } from './context';
import { staffUser } from './customer.resolver';
import { givenId, optionalGivenId } from './given-id';
import { PAGE_ARGS, TwoWayChildPageArgs } from './pagination.args';
import { checked } from './records.mapper';

const READ = needs({ scope: 'followups:read' });
const WRITE = needs({ scope: 'followups:write' });
const ADMIN = needs({ roles: ['ADMIN'] });

@ArgsType()
class FollowUpStepsArgs {
  @Field({ defaultValue: false, description: 'Also list steps taken out of the process.' })
  includeInactive!: boolean;
}

@Resolver(() => FollowUpType)
export class FollowUpResolver {
  @Authorized(WRITE)
  @Mutation(() => FollowUpPayload, { description: "Records a contact with a customer in your data scope; updates the customer's figures." })
  async followUpCreate(@Arg('input', { validate: false }) input: FollowUpCreateInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.followUps.create({
      ...(await checked(input)),
      customerId: givenId(input.customerId, 'Customer'),
      salespersonId: optionalGivenId(input.salespersonId, 'User'),
    });
  }

  @Authorized(WRITE)
  @Mutation(() => FollowUpPayload, { description: 'Corrects a follow-up; channel, time and customer are kept as recorded.' })
  async followUpUpdate(@Arg('input', { validate: false }) input: FollowUpUpdateInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.followUps.update({ ...(await checked(input)), id: givenId(input.id, 'FollowUp') });
  }

  @FieldResolver(() => String)
  id(@Root() followUp: FollowUp): string {
    return toGlobalId('FollowUp', followUp.id);
  }

  @FieldResolver(() => MoneyType, {
    nullable: true,
    description: 'The budget the prospect stated on this contact, in the company currency.',
  })
  budget(@Root() followUp: FollowUp, @Ctx() ctx: GraphQLContext): MoneyType | null {
    return followUp.budget == null ? null : money(followUp.budget, ctx.config.companyCurrency);
  }

  @FieldResolver(() => CustomerType, { nullable: true, description: 'Null for an API key without customers:read.' })
  customer(@Root() followUp: FollowUp, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.customerOfRecord.load(followUp.customer.id);
  }

  @FieldResolver(() => UserType, {
    nullable: true,
    description: 'Who made the contact; null when a partner recorded it without one, or for an API key without org:read.',
  })
  salesperson(@Root() followUp: FollowUp, @Ctx() ctx: GraphQLContext) {
    return staffUser(ctx, followUp.salesperson?.id);
  }

  @FieldResolver(() => FollowUpStepType, { nullable: true, description: 'The step of the standard process this contact completed.' })
  async step(@Root() followUp: FollowUp, @Ctx() ctx: GraphQLContext) {
    if (!followUp.step) return null;
    const steps = await ctx.loaders.followUpSteps.load('all');
    return steps.find((s) => s.id === followUp.step!.id) ?? null;
  }
}

@Resolver(() => FollowUpStepType)
export class FollowUpStepResolver {
  @Authorized(READ)
  @Query(() => [FollowUpStepType], {
    description:
      'The standard follow-up process, by position. A plain list rather than a connection: a company has a handful of steps and always needs them all.',
  })
  followUpSteps(@Args() args: FollowUpStepsArgs, @Ctx() ctx: GraphQLContext) {
    return ctx.services.followUps.listSteps(args.includeInactive);
  }

  @Authorized(ADMIN)
  @Mutation(() => FollowUpStepPayload, { description: 'Adds a step to the standard process.' })
  async followUpStepCreate(@Arg('input', { validate: false }) input: FollowUpStepCreateInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.followUps.createStep(await checked(input));
  }

  @Authorized(ADMIN)
  @Mutation(() => FollowUpStepPayload, { description: 'Renames, moves or (de)activates a step; the key cannot change.' })
  async followUpStepUpdate(@Arg('input', { validate: false }) input: FollowUpStepUpdateInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.followUps.updateStep({ ...(await checked(input)), id: givenId(input.id, 'FollowUpStep') });
  }

  @FieldResolver(() => String)
  id(@Root() step: FollowUpStep): string {
    return toGlobalId('FollowUpStep', step.id);
  }
}

@Resolver(() => CustomerType)
export class CustomerFollowUpResolver {
  @Authorized(READ)
  @FieldResolver(() => FollowUpConnection, { description: 'Follow-ups, newest first.' })
  followUps(@Root() customer: Customer, @Args(PAGE_ARGS) args: TwoWayChildPageArgs, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.followUpsByCustomer(customer.id, args);
  }

  @Authorized(READ)
  @FieldResolver(() => FollowUpProgressType, { description: 'Which steps of the standard process are done and which is next.' })
  async followUpProgress(@Root() customer: Customer, @Ctx() ctx: GraphQLContext): Promise<FollowUpProgress<FollowUpStep>> {
    const [steps, records] = await Promise.all([ctx.loaders.followUpSteps.load('all'), ctx.loaders.followUpStepRecords.load(customer.id)]);
    return followUpProgress(steps, records);
  }
}

/** Every resolver class of this area, for build-schema. */
export const FOLLOW_UP_RESOLVERS = [FollowUpResolver, FollowUpStepResolver, CustomerFollowUpResolver];
