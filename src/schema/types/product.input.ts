import { IsInt, IsOptional, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import type { CurrencyCode } from '../../domain/records/records.enums';
import { DecimalScalar } from '../scalars/decimal.scalar';
import { CurrencyCodeEnum } from './money.type';
import { ruleText } from './rule-text';

/** NUMERIC(14, 2): at most 12 digits before the point and 2 after, never negative. */
const PRICE = /^\d{1,12}(\.\d{1,2})?$/;
const PRICE_RULE = ruleText(
  '必须是不小于 0 的金额，最多 2 位小数，例如 "1299.00"',
  '$property must be an amount of at least 0 with at most 2 decimals, e.g. "1299.00"',
);
const Price = () => Matches(PRICE, PRICE_RULE);

export const MAX_CYCLE_DAYS = 3650;
const DAYS_RULE = ruleText(
  `必须是 1 到 ${MAX_CYCLE_DAYS} 之间的整数天数`,
  `$property must be a whole number of days from 1 to ${MAX_CYCLE_DAYS}`,
);
function Days(): PropertyDecorator {
  return (target, key) => {
    IsOptional()(target, key);
    IsInt(DAYS_RULE)(target, key);
    Min(1, DAYS_RULE)(target, key);
    Max(MAX_CYCLE_DAYS, DAYS_RULE)(target, key);
  };
}

const Sku = () =>
  Matches(/^\S{1,64}$/, ruleText('必须是 1 到 64 个字符，不能含空格', '$property must be 1 to 64 characters without spaces'));

@InputType()
export class ProductCategoryCreateInput {
  @Field()
  @Length(1, 100)
  name!: string;

  @Field(() => ID, { nullable: true, description: 'Parent category; omit for a top-level category.' })
  parentId?: string | null;
}

@InputType()
export class ProductCategoryUpdateInput {
  @Field(() => ID)
  id!: string;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 100)
  name?: string;

  @Field(() => ID, { nullable: true, description: 'Move under another category (not its own subtree); null makes it top-level.' })
  parentId?: string | null;
}

@InputType()
export class ProductCategoryFilter {
  @Field(() => ID, { nullable: true, description: 'Only the direct children of this category.' })
  parentId?: string | null;

  @Field({ nullable: true, description: 'Only top-level categories.' })
  rootsOnly?: boolean;
}

@InputType()
export class ProductCreateInput {
  @Field({ description: 'Unique; surrounding spaces are removed.' })
  @Sku()
  sku!: string;

  @Field()
  @Length(1, 200)
  name!: string;

  @Field(() => ID, { nullable: true })
  categoryId?: string | null;

  @Field(() => DecimalScalar, { description: 'At least 0, at most 2 decimals.' })
  @Price()
  listPrice!: string;

  @Field(() => DecimalScalar, { description: 'Unit cost, for gross profit. At least 0, at most 2 decimals.' })
  @Price()
  cost!: string;

  @Field(() => CurrencyCodeEnum, { nullable: true, description: 'Defaults to the company currency (CNY).' })
  currency?: CurrencyCode | null;

  @Field(() => Int, { nullable: true, description: `Consumables: days one unit lasts, 1 … ${MAX_CYCLE_DAYS}.` })
  @Days()
  usageCycleDays?: number | null;

  @Field(() => Int, { nullable: true, description: `Durables: days between maintenance visits, 1 … ${MAX_CYCLE_DAYS}.` })
  @Days()
  maintenanceIntervalDays?: number | null;
}

/** Absent or null leaves a field as it is, except where null is said to clear it. */
@InputType()
export class ProductUpdateInput {
  @Field(() => ID)
  id!: string;

  @Field({ nullable: true })
  @IsOptional()
  @Sku()
  sku?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 200)
  name?: string;

  @Field(() => ID, { nullable: true, description: 'null removes the product from its category.' })
  categoryId?: string | null;

  @Field(() => DecimalScalar, { nullable: true })
  @IsOptional()
  @Price()
  listPrice?: string;

  @Field(() => DecimalScalar, { nullable: true })
  @IsOptional()
  @Price()
  cost?: string;

  @Field(() => CurrencyCodeEnum, { nullable: true })
  currency?: CurrencyCode;

  @Field(() => Int, { nullable: true, description: 'null clears it.' })
  @Days()
  usageCycleDays?: number | null;

  @Field(() => Int, { nullable: true, description: 'null clears it.' })
  @Days()
  maintenanceIntervalDays?: number | null;

  @Field({ nullable: true, description: 'false stops new orders of the product; existing orders keep it.' })
  active?: boolean;
}

export enum ProductSortKey {
  NAME = 'NAME',
  SKU = 'SKU',
  CREATED_AT = 'CREATED_AT',
}
registerEnumType(ProductSortKey, { name: 'ProductSortKey' });

@InputType({ description: 'All given conditions must hold.' })
export class ProductFilter {
  @Field(() => String, { nullable: true, description: 'Part of the SKU or name, ignoring case.' })
  @IsOptional()
  @MaxLength(100)
  search?: string | null;

  @Field(() => ID, { nullable: true, description: 'In this category or any category below it.' })
  categoryId?: string | null;

  @Field({ nullable: true })
  active?: boolean;
}
