import { ArrayMaxSize, IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import type * as V from '../../domain/customer/customer.enums';
import { BehaviouralTypeEnum, CustomerKindEnum, CustomerSourceEnum } from './enums';

export enum CustomerSortKey {
  CREATED_AT = 'CREATED_AT',
  UPDATED_AT = 'UPDATED_AT',
  NAME = 'NAME',
  ID = 'ID',
}
registerEnumType(CustomerSortKey, { name: 'CustomerSortKey' });

@InputType()
export class DateTimeRange {
  @Field(() => Date, { nullable: true, description: 'Inclusive.' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Exclusive.' })
  to?: Date | null;
}

@InputType({ description: 'All given conditions must hold. Lists match any of their values.' })
export class CustomerFilter {
  @Field(() => String, { nullable: true, description: 'Part of the name, company, a phone (any format) or an email.' })
  @IsOptional()
  @MaxLength(100)
  search?: string | null;

  @Field(() => [CustomerKindEnum], { nullable: true })
  kinds?: V.CustomerKind[];

  @Field(() => [ID], { nullable: true, description: 'Owned by any of these users.' })
  @IsOptional()
  @ArrayMaxSize(100)
  ownerIds?: string[];

  @Field({ nullable: true, description: 'true: customers with no owner.' })
  unassigned?: boolean;

  @Field(() => [ID], { nullable: true, description: 'In any of these departments or their subtrees.' })
  @IsOptional()
  @ArrayMaxSize(100)
  departmentIds?: string[];

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(100)
  storeIds?: string[];

  @Field(() => [CustomerSourceEnum], { nullable: true })
  sources?: V.CustomerSource[];

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2' })
  country?: string | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @MaxLength(100, { each: true })
  provinces?: string[];

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(100)
  @MaxLength(100, { each: true })
  cities?: string[];

  @Field(() => [Int], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(5)
  cityTiers?: number[];

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @MaxLength(100, { each: true })
  industries?: string[];

  @Field(() => [String], { nullable: true, description: 'Has any of these tags.' })
  @IsOptional()
  @ArrayMaxSize(50)
  @MaxLength(100, { each: true })
  tags?: string[];

  @Field(() => [String], { nullable: true, description: 'Has all of these tags.' })
  @IsOptional()
  @ArrayMaxSize(50)
  @MaxLength(100, { each: true })
  allTags?: string[];

  @Field(() => [BehaviouralTypeEnum], { nullable: true, description: 'Has any of these behavioural types.' })
  types?: V.BehaviouralType[];

  @Field(() => DateTimeRange, { nullable: true })
  createdAt?: DateTimeRange | null;

  @Field({ nullable: true, description: 'Archived customers are hidden unless this is true.' })
  includeArchived?: boolean;

  @Field({ nullable: true, description: 'true: only archived customers.' })
  archivedOnly?: boolean;
}
