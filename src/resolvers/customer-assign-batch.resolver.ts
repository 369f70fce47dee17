import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { UserErrorData } from '../domain/common/domain-error';
import type { Customer } from '../entities';
import { CustomerAssignBatchInput } from '../schema/types/customer-assign-batch.input';
import {
  CustomerAssignBatchPayload,
  CustomerAssignmentBatchType,
  type CustomerAssignmentBatchView,
} from '../schema/types/customer-assign-batch.type';
import { CustomerType } from '../schema/types/customer.type';
import { UserType } from '../schema/types/org.type';
import { needs } from './access';
import type { GraphQLContext } from './context';
import { staffUser } from './customer.resolver';
import { givenId } from './given-id';
import { checked, idempotencyOf } from './records.mapper';

/** Handing a set of customers to a salesperson with a matched mix (issue 17 item 5): admins, and managers within their department subtree. */
@Resolver(() => CustomerAssignmentBatchType)
export class CustomerAssignBatchResolver {
  @Authorized(...needs({ roles: ['ADMIN', 'MANAGER'] }))
  @Mutation(() => CustomerAssignBatchPayload, {
    description:
      'Hands customers to a salesperson (分配客户, DOMAIN C7), in one transaction: from the customers named or a segment’s members, ' +
      'those of your data scope that are active and not already the new owner’s, up to `count`, chosen so that their value tiers and ' +
      'lifecycle stages come as close as possible to `mix` ("an easy and a challenging half"); the report gives the mix asked for, ' +
      'available and achieved. Each customer’s department and store follow the new owner, and its assignmentHistory keeps the reason. ' +
      '`dryRun` chooses and reports without handing over. Admins, and managers for customers and staff of their department subtree.',
  })
  async customerAssignBatch(
    @Arg('input', { validate: false }) input: CustomerAssignBatchInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<{ batch: CustomerAssignmentBatchView | null; userErrors: UserErrorData[] }> {
    const valid = await checked(input);
    const { batch, userErrors } = await ctx.services.customerAssignBatch.assign({
      invalid: valid.invalid,
      owner: givenId(input.ownerId, 'User'),
      customerIds: input.customerIds?.map((id) => givenId(id, 'Customer')) ?? null,
      segment: input.segmentId == null ? null : givenId(input.segmentId, 'Segment'),
      count: input.count ?? null,
      valueTiers: input.mix?.valueTiers?.map((l) => ({ key: l.tier, share: l.share })) ?? null,
      stages: input.mix?.stages?.map((l) => ({ key: l.stage, share: l.share })) ?? null,
      reason: input.reason,
      dryRun: input.dryRun,
      idempotency: idempotencyOf(input),
    });
    if (!batch) return { batch: null, userErrors };
    return {
      batch: {
        ...batch,
        assignedCount: batch.customerIds.length,
        valueTiers: batch.valueTiers.map(({ key, ...line }) => ({ tier: key, ...line })),
        stages: batch.stages.map(({ key, ...line }) => ({ stage: key, ...line })),
      },
      userErrors,
    };
  }

  @FieldResolver(() => UserType, { nullable: true, description: 'The new owner.' })
  owner(@Root() batch: CustomerAssignmentBatchView, @Ctx() ctx: GraphQLContext) {
    return staffUser(ctx, batch.ownerId);
  }

  @FieldResolver(() => [CustomerType], { description: 'The customers handed over (on a dry run: chosen), by id.' })
  async customers(@Root() batch: CustomerAssignmentBatchView, @Ctx() ctx: GraphQLContext): Promise<Customer[]> {
    const customers = await ctx.loaders.customerOfRecord.loadMany(batch.customerIds);
    return customers.filter((c): c is Customer => c != null && !(c instanceof Error));
  }
}
