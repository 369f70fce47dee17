import { Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import {
  CustomerDuplicateGroupConnection,
  CustomerDuplicateGroupType,
  CustomerDuplicatesArgs,
  DuplicateCandidateType,
} from '../schema/types/customer-duplicates.type';
import { CustomerType } from '../schema/types/customer.type';
import type { DuplicateCandidate, DuplicateGroup } from '../services/customer-duplicates.service';
import { needs } from './access';
import type { GraphQLContext } from './context';
import { scopedLoaders } from './loaders';

/** Duplicate customers (issue 17 item 4, DOMAIN C6): the candidates of a write, and the list to clean up. */
@Resolver(() => CustomerDuplicateGroupType)
export class CustomerDuplicateGroupResolver {
  @Authorized(...needs({ scope: 'customers:read' }))
  @Query(() => CustomerDuplicateGroupConnection, {
    complexity: 500,
    description:
      'Customers of your data scope that may be the same (查重): sharing a phone, an email or a WeChat id, or with the same name and company ' +
      '(ignoring case, spaces and punctuation), by the customer with the smaller id. Similar but not equal names are shown when a customer ' +
      'is created or changed (`duplicates` in the payload). A phone or name shared by more than 50 customers makes no group.',
  })
  customerDuplicates(@Args() args: CustomerDuplicatesArgs, @Ctx() ctx: GraphQLContext) {
    return ctx.services.customerDuplicates.list(args, args.filter?.reasons ?? null);
  }

  @FieldResolver(() => CustomerType, { nullable: true, description: 'Null if it left your data scope meanwhile.' })
  customer(@Root() group: DuplicateGroup, @Ctx() ctx: GraphQLContext) {
    return scopedLoaders(ctx).customer.load(group.customerId);
  }
}

@Resolver(() => DuplicateCandidateType)
export class DuplicateCandidateResolver {
  @FieldResolver(() => CustomerType, { nullable: true, description: 'Null if it left your data scope meanwhile.' })
  customer(@Root() candidate: DuplicateCandidate, @Ctx() ctx: GraphQLContext) {
    return scopedLoaders(ctx).customer.load(candidate.customerId);
  }
}

export const CUSTOMER_DUPLICATE_RESOLVERS = [CustomerDuplicateGroupResolver, DuplicateCandidateResolver] as const;
