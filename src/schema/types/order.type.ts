import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { OrderStatus, PaymentMethod } from '../../domain/records/records.enums';
import { DecimalScalar } from '../scalars/decimal.scalar';
import { Node } from './common.type';
import { ConnectionType } from './connection.type';
import { CurrencyCodeEnum, MoneyType } from './money.type';
import { PayloadType } from './payload.type';
import { OrderStatusEnum, PaymentMethodEnum } from './records.enums';

@ObjectType('Order', { implements: Node, description: 'An order (DOMAIN R2). Totals are computed by the server, exactly.' })
export class OrderType implements Node {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'SO<yyyymmdd>-<sequence>, unique.' })
  number!: string;

  @Field(() => OrderStatusEnum)
  status!: OrderStatus;

  @Field(() => CurrencyCodeEnum)
  currency!: string;

  @Field()
  orderedAt!: Date;

  @Field(() => Date, { nullable: true })
  completedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  cancelledAt!: Date | null;

  @Field(() => Date, { nullable: true })
  refundedAt!: Date | null;

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field()
  createdAt!: Date;
}

@ObjectType('OrderLine', { description: 'One product on an order, priced when the order was made.' })
export class OrderLineType {
  @Field(() => Int, { description: 'Place on the order, from 0.' })
  position!: number;

  @Field(() => DecimalScalar)
  quantity!: string;
}

@ObjectType('Payment', { implements: Node, description: 'Money received against an order (回款).' })
export class PaymentType implements Node {
  @Field(() => ID)
  id!: string;

  @Field()
  paidAt!: Date;

  @Field(() => PaymentMethodEnum)
  method!: PaymentMethod;

  @Field(() => String, { nullable: true })
  reference!: string | null;

  @Field()
  createdAt!: Date;
}

@ObjectType('CustomerStats', { description: 'Figures of a customer, exact and current; only completed orders count as purchases.' })
export class CustomerStatsType {
  @Field(() => Date, { nullable: true, description: 'Time of the first completed order.' })
  firstOrderAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'Time of the last completed order.' })
  lastOrderAt!: Date | null;

  @Field(() => Int, { description: 'Completed orders.' })
  orderCount!: number;

  @Field(() => MoneyType, { description: 'Sum of completed order totals.' })
  totalSpent!: MoneyType;

  @Field(() => MoneyType, { description: 'Completed order totals minus their cost.' })
  grossProfit!: MoneyType;

  @Field(() => MoneyType, { nullable: true, description: 'totalSpent / orderCount; null without orders.' })
  averageOrderValue!: MoneyType | null;

  @Field(() => MoneyType, { description: 'Still owed on pending and completed orders.' })
  outstanding!: MoneyType;

  @Field(() => Int, { description: 'Distinct products in completed orders of the last 90 days.' })
  distinctProductsLast90Days!: number;

  @Field(() => Date, { nullable: true })
  lastFollowUpAt!: Date | null;

  @Field(() => Int)
  followUpCount!: number;

  @Field(() => Date, { nullable: true, description: 'Last follow-up whose outcome showed intent to buy.' })
  lastQualifyingFollowUpAt!: Date | null;

  @Field(() => Int, { description: 'Inquiries that are NEW, QUOTED or NEGOTIATING.' })
  openInquiryCount!: number;

  @Field(() => MoneyType, { description: 'Sum of the amounts of open inquiries.' })
  openInquiryAmount!: MoneyType;

  @Field(() => DecimalScalar, { nullable: true, description: 'Mean 1–5 satisfaction of service cases, 2 decimals; null without any.' })
  averageSatisfaction!: string | null;

  @Field(() => Int, { description: 'Service cases with a satisfaction score.' })
  satisfactionCount!: number;
}

@ObjectType()
export class OrderConnection extends ConnectionType(OrderType, 'Order') {}

@ObjectType()
export class PaymentConnection extends ConnectionType(PaymentType, 'Payment') {}

@ObjectType()
export class OrderPayload extends PayloadType(OrderType, 'order') {}

@ObjectType()
export class PaymentPayload extends PayloadType(PaymentType, 'payment') {}
