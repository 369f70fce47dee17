import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Customer, ServiceCase } from '../entities';
import { toGlobalId } from '../schema/global-id';
import { CustomerType } from '../schema/types/customer.type';
import { OrderType } from '../schema/types/order.type';
import { UserType } from '../schema/types/org.type';
import { ProductType } from '../schema/types/product.type';
import { ServiceCaseCreateInput, ServiceCaseResolveInput, ServiceCaseUpdateInput } from '../schema/types/service-case.input';
import { ServiceCaseConnection, ServiceCasePayload, ServiceCaseType } from '../schema/types/service-case.type';
import { needs } from './access';
import type { GraphQLContext } from './context';
import { staffUser } from './customer.resolver';
import { PAGE_ARGS, TwoWayChildPageArgs } from './pagination.args';
import { givenId, optionalGivenId } from './given-id';
import { checked } from './records.mapper';

const READ = needs({ scope: 'service:read' });
const WRITE = needs({ scope: 'service:write' });

@Resolver(() => ServiceCaseType)
export class ServiceCaseResolver {
  @Authorized(WRITE)
  @Mutation(() => ServiceCasePayload, { description: 'Opens an after-sale case for a customer in your data scope.' })
  async serviceCaseCreate(@Arg('input', { validate: false }) input: ServiceCaseCreateInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.serviceCases.create({
      ...(await checked(input)),
      customerId: givenId(input.customerId, 'Customer'),
      assigneeId: optionalGivenId(input.assigneeId, 'User'),
      orderId: optionalGivenId(input.orderId, 'Order'),
      productId: optionalGivenId(input.productId, 'Product'),
    });
  }

  @Authorized(WRITE)
  @Mutation(() => ServiceCasePayload, {
    description: 'Moves the case along its statuses, reschedules or reassigns it; CLOSED and CANCELLED cases are final.',
  })
  async serviceCaseUpdate(@Arg('input', { validate: false }) input: ServiceCaseUpdateInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.serviceCases.update({
      ...(await checked(input)),
      id: givenId(input.id, 'ServiceCase'),
      assigneeId: optionalGivenId(input.assigneeId, 'User'),
    });
  }

  @Authorized(WRITE)
  @Mutation(() => ServiceCasePayload, {
    description: "Resolves an IN_PROGRESS case with what was done and, optionally, the customer's satisfaction.",
  })
  async serviceCaseResolve(@Arg('input', { validate: false }) input: ServiceCaseResolveInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.serviceCases.resolve({ ...(await checked(input)), id: givenId(input.id, 'ServiceCase') });
  }

  @FieldResolver(() => String)
  id(@Root() serviceCase: ServiceCase): string {
    return toGlobalId('ServiceCase', serviceCase.id);
  }

  @FieldResolver(() => CustomerType, { nullable: true, description: 'Null for an API key without customers:read.' })
  customer(@Root() serviceCase: ServiceCase, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.customerOfRecord.load(serviceCase.customer.id);
  }

  @FieldResolver(() => OrderType, { nullable: true, description: 'The order the case is about.' })
  order(@Root() c: ServiceCase, @Ctx() ctx: GraphQLContext) {
    return c.order ? ctx.loaders.order.load(c.order.id) : null;
  }

  @FieldResolver(() => ProductType, { nullable: true, description: 'The product the case is about.' })
  product(@Root() c: ServiceCase, @Ctx() ctx: GraphQLContext) {
    return c.product ? ctx.loaders.product.load(c.product.id) : null;
  }

  @FieldResolver(() => UserType, { nullable: true, description: 'Who handles the case (null for an API key without org:read).' })
  assignee(@Root() serviceCase: ServiceCase, @Ctx() ctx: GraphQLContext) {
    return staffUser(ctx, serviceCase.assignee?.id);
  }
}

@Resolver(() => CustomerType)
export class CustomerServiceCaseResolver {
  @Authorized(READ)
  @FieldResolver(() => ServiceCaseConnection, { description: 'After-sale cases, newest first.' })
  serviceCases(@Root() customer: Customer, @Args(PAGE_ARGS) args: TwoWayChildPageArgs, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.serviceCasesByCustomer(customer.id, args);
  }
}

/** Every resolver class of this area, for build-schema. */
export const SERVICE_CASE_RESOLVERS = [ServiceCaseResolver, CustomerServiceCaseResolver];
