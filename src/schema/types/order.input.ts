import { ArrayMaxSize, ArrayMinSize, IsOptional, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import type { CurrencyCode, PaymentMethod } from '../../domain/records/records.enums';
import { DecimalScalar } from '../scalars/decimal.scalar';
import { CurrencyCodeEnum } from './money.type';
import { PaymentMethodEnum } from './records.enums';
import { ruleText } from './rule-text';
import { Amount, PositiveAmount, Quantity } from './validators';

export const IDEMPOTENCY_KEY = /^[\w.:-]{1,100}$/;
export const IDEMPOTENCY_RULE = ruleText(
  '必须是 1–100 个字符，只能包含字母、数字和 _ . : -',
  'must be 1–100 characters of letters, digits, _ . : -',
);

@InputType()
export class OrderLineInput {
  @Field(() => ID)
  productId!: string;

  @Field(() => DecimalScalar, { description: 'Greater than 0, at most 3 decimals and 9 digits before the point.' })
  @Quantity()
  quantity!: string;

  @Field(() => DecimalScalar, { nullable: true, description: "Defaults to the product's list price." })
  @IsOptional()
  @Amount()
  unitPrice?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Amount taken off this line; default 0.' })
  @IsOptional()
  @Amount()
  discount?: string | null;
}

@InputType()
export class OrderCreateInput {
  @Field(() => ID)
  customerId!: string;

  @Field(() => [OrderLineInput])
  @ArrayMinSize(1, ruleText('订单至少需要一行明细', 'an order needs at least one line'))
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  lines!: OrderLineInput[];

  @Field(() => ID, { nullable: true, description: "Defaults to the salesperson's store." })
  storeId?: string | null;

  @Field(() => ID, { nullable: true, description: "Defaults to the customer's owner, else the staff viewer." })
  salespersonId?: string | null;

  @Field(() => Date, { nullable: true, description: 'Defaults to now; not in the future.' })
  orderedAt?: Date | null;

  @Field(() => CurrencyCodeEnum, { nullable: true, description: "The company's currency (the default) is the only one accepted." })
  currency?: CurrencyCode | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  note?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Retry-safe key: the same key with the same input returns the first order and writes nothing new.',
  })
  @IsOptional()
  @Matches(IDEMPOTENCY_KEY, IDEMPOTENCY_RULE)
  idempotencyKey?: string | null;
}

@InputType()
export class OrderTransitionInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true, description: 'Why (kept in the order note).' })
  @IsOptional()
  @Length(1, 300)
  reason?: string | null;
}

@InputType()
export class PaymentRecordInput {
  @Field(() => ID)
  orderId!: string;

  @Field(() => DecimalScalar, { description: 'Greater than 0, at most the outstanding balance.' })
  @PositiveAmount()
  amount!: string;

  @Field(() => Date, { nullable: true, description: 'Defaults to now; not in the future.' })
  paidAt?: Date | null;

  @Field(() => PaymentMethodEnum)
  method!: PaymentMethod;

  @Field(() => String, { nullable: true, description: 'Bank or payment reference.' })
  @IsOptional()
  @MaxLength(100)
  reference?: string | null;

  @Field(() => String, { nullable: true, description: 'Retry-safe key, as for orderCreate.' })
  @IsOptional()
  @Matches(IDEMPOTENCY_KEY, IDEMPOTENCY_RULE)
  idempotencyKey?: string | null;
}
