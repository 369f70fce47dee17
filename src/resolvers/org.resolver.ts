import { ValidateNested } from 'class-validator';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Department, Store, User } from '../entities';
import { toGlobalId } from '../schema/global-id';
import {
  DepartmentCreateInput,
  DepartmentFilter,
  DepartmentUpdateInput,
  StoreCreateInput,
  StoreFilter,
  StoreUpdateInput,
  UserCreateInput,
  UserFilter,
  UserUpdateInput,
} from '../schema/types/org.input';
import {
  DepartmentConnection,
  DepartmentPayload,
  DepartmentType,
  StoreConnection,
  StorePayload,
  StoreType,
  UserConnection,
  UserPayload,
  UserType,
} from '../schema/types/org.type';
import { needs } from './access';
import {
  departmentCreateCommand,
  departmentListFilter,
  departmentUpdateCommand,
  storeCreateCommand,
  storeListFilter,
  storeUpdateCommand,
  userCreateCommand,
  userListFilter,
  userUpdateCommand,
} from './org.mapper';
import type { GraphQLContext } from './context';
import { PaginationArgs } from './pagination.args';

const READ = needs({ scope: 'org:read' });
const ADMIN = needs({ roles: ['ADMIN'] });

@ArgsType()
class DepartmentsArgs extends PaginationArgs {
  @Field(() => DepartmentFilter, { nullable: true })
  @ValidateNested() // run the filter's own rules too (e.g. the length of search)
  filter?: DepartmentFilter | null;
}

@ArgsType()
class StoresArgs extends PaginationArgs {
  @Field(() => StoreFilter, { nullable: true })
  @ValidateNested() // run the filter's own rules too (e.g. the length of search)
  filter?: StoreFilter | null;
}

@ArgsType()
class UsersArgs extends PaginationArgs {
  @Field(() => UserFilter, { nullable: true })
  @ValidateNested() // run the filter's own rules too (e.g. the length of search)
  filter?: UserFilter | null;
}

@Resolver(() => DepartmentType)
export class DepartmentResolver {
  @Authorized(READ)
  @Query(() => DepartmentConnection, { description: 'Departments in tree order (parents before children).' })
  departments(@Args() args: DepartmentsArgs, @Ctx() ctx: GraphQLContext) {
    return ctx.services.org.listDepartments(args, departmentListFilter(args.filter));
  }

  @Authorized(ADMIN)
  @Mutation(() => DepartmentPayload)
  async departmentCreate(@Arg('input', { validate: false }) input: DepartmentCreateInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.org.createDepartment(await departmentCreateCommand(input));
  }

  @Authorized(ADMIN)
  @Mutation(() => DepartmentPayload, { description: 'Renames or moves a department; its subtree moves with it.' })
  async departmentUpdate(@Arg('input', { validate: false }) input: DepartmentUpdateInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.org.updateDepartment(await departmentUpdateCommand(input));
  }

  @FieldResolver(() => String)
  id(@Root() d: Department) {
    return toGlobalId('Department', d.id);
  }

  @FieldResolver(() => DepartmentType, { nullable: true })
  parent(@Root() d: Department, @Ctx() ctx: GraphQLContext) {
    return d.parent ? ctx.loaders.department.load(d.parent.id) : null;
  }
}

@Resolver(() => StoreType)
export class StoreResolver {
  @Authorized(READ)
  @Query(() => StoreConnection)
  stores(@Args() args: StoresArgs, @Ctx() ctx: GraphQLContext) {
    return ctx.services.org.listStores(args, storeListFilter(args.filter));
  }

  @Authorized(ADMIN)
  @Mutation(() => StorePayload)
  async storeCreate(@Arg('input', { validate: false }) input: StoreCreateInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.org.createStore(await storeCreateCommand(input));
  }

  @Authorized(ADMIN)
  @Mutation(() => StorePayload)
  async storeUpdate(@Arg('input', { validate: false }) input: StoreUpdateInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.org.updateStore(await storeUpdateCommand(input));
  }

  @FieldResolver(() => String)
  id(@Root() s: Store) {
    return toGlobalId('Store', s.id);
  }

  @FieldResolver(() => DepartmentType)
  department(@Root() s: Store, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.department.load(s.department.id);
  }
}

@Resolver(() => UserType)
export class UserResolver {
  @Authorized(READ)
  @Query(() => UserConnection, { description: 'Staff, sorted by name.' })
  users(@Args() args: UsersArgs, @Ctx() ctx: GraphQLContext) {
    return ctx.services.org.listUsers(args, userListFilter(args.filter));
  }

  @Authorized()
  @Query(() => UserType, { nullable: true, description: 'The signed-in staff user; null for a partner API key.' })
  viewer(@Ctx() ctx: GraphQLContext) {
    return ctx.viewer?.kind === 'staff' ? ctx.loaders.user.load(ctx.viewer.userId) : null;
  }

  @Authorized(ADMIN)
  @Mutation(() => UserPayload)
  async userCreate(@Arg('input', { validate: false }) input: UserCreateInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.org.createUser(await userCreateCommand(input));
  }

  @Authorized(ADMIN)
  @Mutation(() => UserPayload, { description: 'Deactivating a user or setting a password ends their sessions.' })
  async userUpdate(@Arg('input', { validate: false }) input: UserUpdateInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.org.updateUser(await userUpdateCommand(input));
  }

  @FieldResolver(() => String)
  id(@Root() u: User) {
    return toGlobalId('User', u.id);
  }

  @FieldResolver(() => DepartmentType, { nullable: true })
  department(@Root() u: User, @Ctx() ctx: GraphQLContext) {
    return u.department ? ctx.loaders.department.load(u.department.id) : null;
  }

  @FieldResolver(() => StoreType, { nullable: true })
  store(@Root() u: User, @Ctx() ctx: GraphQLContext) {
    return u.store ? ctx.loaders.store.load(u.store.id) : null;
  }
}
