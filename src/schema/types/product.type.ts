import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Node } from './common.type';
import { ConnectionType } from './connection.type';
import { PayloadType } from './payload.type';

@ObjectType('ProductCategory', { implements: Node, description: 'A product category; categories form a tree.' })
export class ProductCategoryType implements Node {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  createdAt!: Date;
}

@ObjectType('Product', { implements: Node, description: 'A product or service the company sells (DOMAIN R3).' })
export class ProductType implements Node {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Stock-keeping unit, unique across products.' })
  sku!: string;

  @Field()
  name!: string;

  @Field(() => Int, { nullable: true, description: 'Consumables: how many days one unit lasts (drives the "probably used up" reminder).' })
  usageCycleDays!: number | null;

  @Field(() => Int, { nullable: true, description: 'Durables: days between maintenance visits.' })
  maintenanceIntervalDays!: number | null;

  @Field({ description: 'Inactive products are no longer sold: new orders refuse them.' })
  active!: boolean;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@ObjectType()
export class ProductCategoryConnection extends ConnectionType(ProductCategoryType, 'ProductCategory') {}

@ObjectType()
export class ProductConnection extends ConnectionType(ProductType, 'Product') {}

@ObjectType()
export class ProductCategoryPayload extends PayloadType(ProductCategoryType, 'productCategory') {}

@ObjectType()
export class ProductPayload extends PayloadType(ProductType, 'product') {}
