import { Field, ID, ObjectType } from 'type-graphql';
import type { CurrencyCode, InquiryChannel, InquiryStatus, InquiryUrgency } from '../../domain/records/records.enums';
import { DecimalScalar } from '../scalars/decimal.scalar';
import { Node } from './common.type';
import { ConnectionType } from './connection.type';
import { CurrencyCodeEnum } from './money.type';
import { OrderType } from './order.type';
import { PayloadType } from './payload.type';
import { InquiryChannelEnum, InquiryStatusEnum, InquiryUrgencyEnum } from './records.enums';

@ObjectType('Inquiry', {
  implements: Node,
  description: 'A request for quote, 询盘 (DOMAIN R4): NEW → QUOTED → NEGOTIATING → WON (converted into an order) or LOST (with a reason).',
})
export class InquiryType implements Node {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'When the inquiry came in.' })
  receivedAt!: Date;

  @Field(() => InquiryChannelEnum)
  channel!: InquiryChannel;

  @Field(() => InquiryUrgencyEnum)
  urgency!: InquiryUrgency;

  @Field(() => InquiryStatusEnum)
  status!: InquiryStatus;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 of the buyer.' })
  country!: string | null;

  @Field({ description: 'What the customer asks for: product, specification, project.' })
  projectDetails!: string;

  @Field(() => String, { nullable: true })
  applicationArea!: string | null;

  @Field(() => DecimalScalar, { nullable: true })
  quantity!: string | null;

  @Field(() => String, { nullable: true, description: 'e.g. 件, 吨, pcs, m².' })
  quantityUnit!: string | null;

  @Field(() => CurrencyCodeEnum, { description: 'Currency of targetPrice and amount.' })
  currency!: CurrencyCode;

  @Field(() => String, { nullable: true })
  packaging!: string | null;

  @Field(() => String, { nullable: true })
  deliveryRequirements!: string | null;

  @Field(() => String, { nullable: true })
  customerBackground!: string | null;

  @Field({ description: 'A repeat order of a customer who has bought before.' })
  repeatOrder!: boolean;

  @Field({
    description:
      'Deadline for the first answer, from urgency and channel: URGENT by 18:00 of the day of receipt in the company ' +
      'time zone (at least 2 hours after receipt); EMAIL or FAX within 12 hours; anything else within 24 hours.',
  })
  responseDueAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When the customer was first answered; set once.' })
  firstRespondedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Why the inquiry was lost; set with status LOST.' })
  lostReason!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the inquiry was won or lost.' })
  closedAt!: Date | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@ObjectType()
export class InquiryConnection extends ConnectionType(InquiryType, 'Inquiry') {}

@ObjectType()
export class InquiryPayload extends PayloadType(InquiryType, 'inquiry') {}

@ObjectType()
export class InquiryConvertToOrderPayload extends PayloadType(InquiryType, 'inquiry') {
  @Field(() => OrderType, { nullable: true, description: 'The PENDING order the inquiry became; null when there are user errors.' })
  order!: OrderType | null;
}
