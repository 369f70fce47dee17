import { Field, ID, ObjectType } from 'type-graphql';
import { RoleEnum } from './enums';
import { Node } from './common.type';
import { ConnectionType } from './connection.type';
import { PayloadType } from './payload.type';
import type { Role } from '../../domain/access/role';

@ObjectType('Department', { implements: Node, description: 'A department; departments form a tree.' })
export class DepartmentType implements Node {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@ObjectType('Store', { implements: Node, description: 'A store / sales point (销售点) of a department.' })
export class StoreType implements Node {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  city!: string | null;

  @Field(() => String, { nullable: true })
  address!: string | null;

  @Field()
  active!: boolean;

  @Field()
  createdAt!: Date;
}

@ObjectType('User', { implements: Node, description: 'A member of staff.' })
export class UserType implements Node {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  email!: string;

  @Field(() => String, { nullable: true, description: 'E.164' })
  phone!: string | null;

  @Field(() => RoleEnum)
  role!: Role;

  @Field()
  active!: boolean;

  @Field()
  createdAt!: Date;
}

@ObjectType()
export class DepartmentConnection extends ConnectionType(DepartmentType, 'Department') {}

@ObjectType()
export class StoreConnection extends ConnectionType(StoreType, 'Store') {}

@ObjectType()
export class UserConnection extends ConnectionType(UserType, 'User') {}

@ObjectType()
export class DepartmentPayload extends PayloadType(DepartmentType, 'department') {}

@ObjectType()
export class StorePayload extends PayloadType(StoreType, 'store') {}

@ObjectType()
export class UserPayload extends PayloadType(UserType, 'user') {}
