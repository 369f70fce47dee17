import { ValidateNested } from 'class-validator';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Customer } from '../entities';
import type { CustomerAssignment } from '../entities';
import { localIdOf, toGlobalId } from '../schema/global-id';
import { CustomerFilter, CustomerSortKey } from '../schema/types/customer-filter.input';
import { CustomerArchiveInput, CustomerAssignInput, CustomerCreateInput, CustomerUpdateInput } from '../schema/types/customer.input';
import {
  ContactPreferenceType,
  CustomerAssignmentConnection,
  CustomerAssignmentType,
  CustomerConnection,
  CustomerPayload,
  CustomerType,
  CustomFieldValueType,
} from '../schema/types/customer.type';
import { DepartmentType, StoreType, UserType } from '../schema/types/org.type';
import { needs } from './access';
import { customerAssignCommand, customerCreateCommand, customerListQuery, customerUpdateCommand } from './customer.mapper';
import { givenId } from './given-id';
import type { GraphQLContext } from './context';
import { connectionFromList, PaginationArgs, PAGE_ARGS } from './pagination.args';
import { selectedProps } from './projection';
import { CUSTOMER_PROJECTION } from './projections';

const READ = needs({ scope: 'customers:read' });

/**
 * A staff member linked from a record. Staff details (email, phone) are organisation data:
 * an API key sees them only with org:read, like `users` (the rule of the User type, type-access.ts).
 */
export function staffUser(ctx: GraphQLContext, userId: number | undefined) {
  return userId == null ? null : ctx.loaders.user.load(userId);
}
const WRITE = needs({ scope: 'customers:write' });

@ArgsType()
class CustomersArgs extends PaginationArgs {
  @Field(() => CustomerFilter, { nullable: true })
  @ValidateNested() // the filter's own rules (search length, list sizes)
  filter?: CustomerFilter | null;

  @Field(() => CustomerSortKey, { defaultValue: CustomerSortKey.CREATED_AT })
  sortKey!: CustomerSortKey;

  @Field({ defaultValue: false, description: 'Reverse the order of sortKey.' })
  reverse!: boolean;
}

@Resolver(() => CustomerType)
export class CustomerResolver {
  @Authorized(READ)
  @Query(() => CustomerType, { nullable: true, description: 'Null when it does not exist or is outside your data scope.' })
  async customer(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<Customer | null> {
    const localId = localIdOf(id, 'Customer');
    if (!localId) return null;
    return (await ctx.services.customerQueries.byIds([localId], selectedProps(info, CUSTOMER_PROJECTION, 'object')))[0];
  }

  @Authorized(READ)
  @Query(() => CustomerConnection, { description: 'Customers in your data scope; archived ones only when the filter asks.' })
  customers(@Args() args: CustomersArgs, @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    const query = customerListQuery(args.filter, args.sortKey, args.reverse);
    return ctx.services.customerQueries.list(args, query, selectedProps(info, CUSTOMER_PROJECTION, 'connection'));
  }

  @Authorized(WRITE)
  @Mutation(() => CustomerPayload)
  async customerCreate(@Arg('input', { validate: false }) input: CustomerCreateInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.customers.create(await customerCreateCommand(input));
  }

  @Authorized(WRITE)
  @Mutation(() => CustomerPayload, {
    description: 'Pass `version` to refuse the write (CONFLICT) when someone changed the customer since you read it.',
  })
  async customerUpdate(@Arg('input', { validate: false }) input: CustomerUpdateInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.customers.update(await customerUpdateCommand(input));
  }

  @Authorized(WRITE)
  @Mutation(() => CustomerPayload, { description: 'Hides the customer from lists; nothing is deleted.' })
  customerArchive(@Arg('input') input: CustomerArchiveInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.customers.setArchived(givenId(input.id, 'Customer'), true);
  }

  @Authorized(WRITE)
  @Mutation(() => CustomerPayload)
  customerRestore(@Arg('input') input: CustomerArchiveInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.customers.setArchived(givenId(input.id, 'Customer'), false);
  }

  @Authorized(WRITE)
  @Mutation(() => CustomerPayload, { description: 'Gives the customer a new owner; the change is kept in assignmentHistory.' })
  async customerAssign(@Arg('input', { validate: false }) input: CustomerAssignInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.customers.assign(await customerAssignCommand(input));
  }

  @FieldResolver(() => String)
  id(@Root() customer: Customer): string {
    return toGlobalId('Customer', customer.id);
  }

  @FieldResolver(() => Boolean)
  archived(@Root() customer: Customer): boolean {
    return customer.archivedAt != null;
  }

  @FieldResolver(() => UserType, { nullable: true, description: 'Owner salesperson (null for an API key without org:read).' })
  owner(@Root() customer: Customer, @Ctx() ctx: GraphQLContext) {
    return staffUser(ctx, customer.owner?.id);
  }

  @FieldResolver(() => DepartmentType, { nullable: true, description: 'Null for an API key without org:read.' })
  department(@Root() customer: Customer, @Ctx() ctx: GraphQLContext) {
    return customer.department ? ctx.loaders.department.load(customer.department.id) : null;
  }

  @FieldResolver(() => StoreType, { nullable: true, description: 'Null for an API key without org:read.' })
  store(@Root() customer: Customer, @Ctx() ctx: GraphQLContext) {
    return customer.store ? ctx.loaders.store.load(customer.store.id) : null;
  }

  @FieldResolver(() => ContactPreferenceType)
  contactPreference(@Root() customer: Customer): ContactPreferenceType {
    return {
      preferredChannel: customer.preferredChannel ?? null,
      preferredTime: customer.preferredContactTime ?? null,
      consents: customer.consents,
    };
  }

  @FieldResolver(() => [CustomFieldValueType], { description: 'Values of the company-defined fields, in definition order.' })
  async customFields(@Root() customer: Customer, @Ctx() ctx: GraphQLContext): Promise<CustomFieldValueType[]> {
    const keys = Object.keys(customer.customFields);
    if (keys.length === 0) return [];
    const definitions = await ctx.loaders.customFieldDefinitions.load('all');
    return definitions
      .filter((d) => Object.hasOwn(customer.customFields, d.key))
      .map((d) => ({ key: d.key, label: d.label, type: d.type, value: customer.customFields[d.key] }));
  }

  @FieldResolver(() => CustomerAssignmentConnection, { description: 'Owner changes, newest first.' })
  async assignmentHistory(@Root() customer: Customer, @Args(PAGE_ARGS) args: PaginationArgs, @Ctx() ctx: GraphQLContext) {
    const all = await ctx.loaders.assignmentsByCustomer.load(customer.id);
    return connectionFromList(all, args, 'ASSIGNMENT');
  }
}

@Resolver(() => CustomerAssignmentType)
export class CustomerAssignmentResolver {
  @FieldResolver(() => UserType, { nullable: true })
  fromOwner(@Root() a: CustomerAssignment, @Ctx() ctx: GraphQLContext) {
    return staffUser(ctx, a.fromOwner?.id);
  }

  @FieldResolver(() => UserType, { nullable: true })
  toOwner(@Root() a: CustomerAssignment, @Ctx() ctx: GraphQLContext) {
    return staffUser(ctx, a.toOwner?.id);
  }

  @FieldResolver(() => UserType, { nullable: true, description: 'Null when a partner API key made the change.' })
  assignedBy(@Root() a: CustomerAssignment, @Ctx() ctx: GraphQLContext) {
    return staffUser(ctx, a.assignedBy?.id);
  }
}
