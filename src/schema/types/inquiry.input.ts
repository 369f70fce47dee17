import { ArrayMaxSize, ArrayMinSize, IsOptional, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import type { CurrencyCode, InquiryChannel, InquiryStatus, InquiryUrgency } from '../../domain/records/records.enums';
import { DecimalScalar } from '../scalars/decimal.scalar';
import { CurrencyCodeEnum } from './money.type';
import { OrderLineInput } from './order.input';
import { InquiryChannelEnum, InquiryStatusEnum, InquiryUrgencyEnum } from './records.enums';
import { ruleText } from './rule-text';
import { Amount, NotBlank, Quantity } from './validators';

const COUNTRY = /^[A-Z]{2}$/;
const COUNTRY_RULE = ruleText('必须是 ISO 3166-1 两位字母代码，例如 CN', 'country must be an ISO 3166-1 alpha-2 code such as CN');

@InputType()
export class InquiryCreateInput {
  @Field(() => ID)
  customerId!: string;

  @Field(() => Date, { nullable: true, description: 'Default now; at most 5 minutes in the future.' })
  receivedAt?: Date | null;

  @Field(() => InquiryChannelEnum)
  channel!: InquiryChannel;

  @Field(() => InquiryUrgencyEnum, { nullable: true, description: 'Default NORMAL.' })
  urgency?: InquiryUrgency | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 of the buyer.' })
  @IsOptional()
  @Matches(COUNTRY, COUNTRY_RULE)
  country?: string | null;

  @Field({ description: '1–5000 characters, not blank.' })
  @Length(1, 5000)
  @NotBlank()
  projectDetails!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  applicationArea?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Greater than 0, at most 3 decimals.' })
  @IsOptional()
  @Quantity()
  quantity?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(20)
  quantityUnit?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Unit price the customer hopes for; 0 or more, at most 2 decimals.' })
  @IsOptional()
  @Amount()
  targetPrice?: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Expected amount of the deal; counts in the open inquiry amount of the customer.',
  })
  @IsOptional()
  @Amount()
  amount?: string | null;

  @Field(() => CurrencyCodeEnum, { nullable: true, description: "The company's currency (the default) is the only one accepted." })
  currency?: CurrencyCode | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  packaging?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  deliveryRequirements?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(5000)
  customerBackground?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Default: true when the customer already has a COMPLETED order.' })
  repeatOrder?: boolean | null;

  @Field(() => ID, {
    nullable: true,
    description: "Default: the customer's owner, else the signed-in staff user. A SALES user may only name itself.",
  })
  salespersonId?: string | null;
}

/**
 * Absent fields stay as they are; null clears. projectDetails, channel, urgency and
 * repeatOrder cannot be cleared. A new channel or urgency recomputes responseDueAt.
 */
@InputType()
export class InquiryUpdateInput {
  @Field(() => ID)
  id!: string;

  @Field(() => InquiryChannelEnum, { nullable: true })
  channel?: InquiryChannel | null;

  @Field(() => InquiryUrgencyEnum, { nullable: true })
  urgency?: InquiryUrgency | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(COUNTRY, COUNTRY_RULE)
  country?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 5000)
  @NotBlank()
  projectDetails?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  applicationArea?: string | null;

  @Field(() => DecimalScalar, { nullable: true })
  @IsOptional()
  @Quantity()
  quantity?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(20)
  quantityUnit?: string | null;

  @Field(() => DecimalScalar, { nullable: true })
  @IsOptional()
  @Amount()
  targetPrice?: string | null;

  @Field(() => DecimalScalar, { nullable: true })
  @IsOptional()
  @Amount()
  amount?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  packaging?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  deliveryRequirements?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(5000)
  customerBackground?: string | null;

  @Field(() => Boolean, { nullable: true })
  repeatOrder?: boolean | null;

  @Field(() => ID, { nullable: true, description: 'A SALES user may only name itself.' })
  salespersonId?: string | null;
}

@InputType()
export class InquiryRespondInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Date, { nullable: true, description: 'Default now; not before receivedAt, at most 5 minutes in the future.' })
  respondedAt?: Date | null;
}

@InputType()
export class InquiryMoveInput {
  @Field(() => ID)
  id!: string;

  @Field(() => InquiryStatusEnum, { description: 'QUOTED, NEGOTIATING or LOST; WON comes with inquiryConvertToOrder.' })
  status!: InquiryStatus;

  @Field(() => String, { nullable: true, description: 'Required for LOST, not blank, at most 500 characters; only for LOST.' })
  lostReason?: string | null;
}

@InputType()
export class InquiryConvertToOrderInput {
  @Field(() => ID)
  id!: string;

  @Field(() => [OrderLineInput])
  @ArrayMinSize(1, ruleText('订单至少需要一行明细', 'an order needs at least one line'))
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  lines!: OrderLineInput[];

  @Field(() => Date, { nullable: true, description: 'Defaults to now; not in the future.' })
  orderedAt?: Date | null;

  @Field(() => ID, { nullable: true, description: "Defaults to the salesperson's store." })
  storeId?: string | null;

  @Field(() => ID, { nullable: true, description: "Defaults to the inquiry's salesperson when still active, else the customer's owner." })
  salespersonId?: string | null;
}
