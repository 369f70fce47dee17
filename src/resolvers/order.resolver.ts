import Decimal from 'decimal.js';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, Info, Mutation, Resolver, Root } from 'type-graphql';
import type { CurrencyCode } from '../domain/records/records.enums';
import type { Customer, CustomerStats, Order, OrderLine, Payment } from '../entities';
import { toGlobalId } from '../schema/global-id';
import { CustomerType } from '../schema/types/customer.type';
import { money, MoneyType } from '../schema/types/money.type';
import { OrderCreateInput, OrderTransitionInput, PaymentRecordInput } from '../schema/types/order.input';
import {
  CustomerStatsType,
  OrderConnection,
  OrderLineType,
  OrderPayload,
  OrderType,
  PaymentConnection,
  PaymentPayload,
  PaymentType,
} from '../schema/types/order.type';
import { StoreType, UserType } from '../schema/types/org.type';
import { ProductType } from '../schema/types/product.type';
import { subtract } from '../domain/records/order-pricing';
import type { OrderTransitionCommand } from '../services/order.service';
import { needs } from './access';
import type { GraphQLContext } from './context';
import { staffUser } from './customer.resolver';
import { givenId, optionalGivenId } from './given-id';
import { PAGE_ARGS, TwoWayChildPageArgs } from './pagination.args';
import { selectedProps } from './projection';
import { ORDER_PROJECTION } from './projections';
import { checked, idempotencyOf, orderLines } from './records.mapper';

async function transition(input: OrderTransitionInput): Promise<OrderTransitionCommand> {
  return { ...(await checked(input)), id: givenId(input.id, 'Order') };
}

const READ = needs({ scope: 'orders:read' });
const WRITE = needs({ scope: 'orders:write' });

@Resolver(() => OrderType)
export class OrderResolver {
  @Authorized(WRITE)
  @Mutation(() => OrderPayload, {
    description: 'Creates a PENDING order; totals, cost and profit are computed here. Retry-safe with idempotencyKey.',
  })
  async orderCreate(@Arg('input', { validate: false }) input: OrderCreateInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.orders.create({
      ...(await checked(input)),
      customerId: givenId(input.customerId, 'Customer'),
      lines: orderLines(input.lines ?? []),
      storeId: optionalGivenId(input.storeId, 'Store'),
      salespersonId: optionalGivenId(input.salespersonId, 'User'),
      idempotency: idempotencyOf(input),
    });
  }

  @Authorized(WRITE)
  @Mutation(() => OrderPayload, { description: 'PENDING → COMPLETED: the order now counts in the customer figures.' })
  async orderComplete(@Arg('input', { validate: false }) input: OrderTransitionInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.orders.complete(await transition(input));
  }

  @Authorized(WRITE)
  @Mutation(() => OrderPayload, { description: 'PENDING → CANCELLED, when no payment was taken.' })
  async orderCancel(@Arg('input', { validate: false }) input: OrderTransitionInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.orders.cancel(await transition(input));
  }

  @Authorized(WRITE)
  @Mutation(() => OrderPayload, { description: 'COMPLETED → REFUNDED: the order stops counting as a purchase.' })
  async orderRefund(@Arg('input', { validate: false }) input: OrderTransitionInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.orders.refund(await transition(input));
  }

  @FieldResolver(() => String)
  id(@Root() order: Order) {
    return toGlobalId('Order', order.id);
  }

  @FieldResolver(() => CustomerType, { nullable: true, description: 'Null for an API key without customers:read.' })
  customer(@Root() order: Order, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.customerOfRecord.load(order.customer.id);
  }

  @FieldResolver(() => UserType, { nullable: true })
  salesperson(@Root() order: Order, @Ctx() ctx: GraphQLContext) {
    return staffUser(ctx, order.salesperson?.id);
  }

  @FieldResolver(() => StoreType, { nullable: true, description: 'Null for an API key without org:read.' })
  store(@Root() order: Order, @Ctx() ctx: GraphQLContext) {
    return order.store ? ctx.loaders.store.load(order.store.id) : null;
  }

  @FieldResolver(() => MoneyType, { description: 'Σ quantity × unit price.' })
  subtotal(@Root() o: Order) {
    return money(o.subtotal, o.currency);
  }

  @FieldResolver(() => MoneyType)
  discountTotal(@Root() o: Order) {
    return money(o.discountTotal, o.currency);
  }

  @FieldResolver(() => MoneyType, { description: 'subtotal − discounts.' })
  total(@Root() o: Order) {
    return money(o.total, o.currency);
  }

  @FieldResolver(() => MoneyType, { description: 'Σ quantity × product cost when ordered.' })
  cost(@Root() o: Order) {
    return money(o.costTotal, o.currency);
  }

  @FieldResolver(() => MoneyType, { description: 'total − cost.' })
  grossProfit(@Root() o: Order) {
    return money(subtract(o.total, o.costTotal), o.currency);
  }

  @FieldResolver(() => MoneyType)
  paidTotal(@Root() o: Order) {
    return money(o.paidTotal, o.currency);
  }

  @FieldResolver(() => MoneyType, { description: 'total − payments; 0 for cancelled and refunded orders.' })
  outstanding(@Root() o: Order) {
    const live = o.status === 'PENDING' || o.status === 'COMPLETED';
    return money(live ? subtract(o.total, o.paidTotal) : '0.00', o.currency);
  }

  @FieldResolver(() => [OrderLineType])
  lines(@Root() order: Order, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.linesByOrder.load(order.id);
  }

  @FieldResolver(() => [PaymentType], { description: 'Payments of this order, oldest first.' })
  payments(@Root() order: Order, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.paymentsByOrder.load(order.id);
  }
}

@Resolver(() => OrderLineType)
export class OrderLineResolver {
  @FieldResolver(() => ProductType, { nullable: true, description: 'Null for an API key without products:read.' })
  product(@Root() line: OrderLine, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.product.load(line.product.id);
  }

  @FieldResolver(() => MoneyType)
  unitPrice(@Root() line: OrderLine, @Ctx() ctx: GraphQLContext) {
    return money(line.unitPrice, ctx.config.companyCurrency);
  }

  @FieldResolver(() => MoneyType)
  discount(@Root() line: OrderLine, @Ctx() ctx: GraphQLContext) {
    return money(line.discount, ctx.config.companyCurrency);
  }

  @FieldResolver(() => MoneyType, { description: 'quantity × unit price − discount.' })
  lineTotal(@Root() line: OrderLine, @Ctx() ctx: GraphQLContext) {
    return money(line.lineTotal, ctx.config.companyCurrency);
  }

  @FieldResolver(() => MoneyType, { description: 'Product cost when ordered.' })
  unitCost(@Root() line: OrderLine, @Ctx() ctx: GraphQLContext) {
    return money(line.unitCost, ctx.config.companyCurrency);
  }
}

@Resolver(() => PaymentType)
export class PaymentResolver {
  @Authorized(WRITE)
  @Mutation(() => PaymentPayload, {
    description: 'Records money received; at most the outstanding balance. Retry-safe with idempotencyKey.',
  })
  async paymentRecord(@Arg('input', { validate: false }) input: PaymentRecordInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.orders.recordPayment({
      ...(await checked(input)),
      orderId: givenId(input.orderId, 'Order'),
      idempotency: idempotencyOf(input),
    });
  }

  @FieldResolver(() => String)
  id(@Root() p: Payment) {
    return toGlobalId('Payment', p.id);
  }

  @FieldResolver(() => MoneyType)
  amount(@Root() p: Payment) {
    return money(p.amount, p.currency);
  }

  @FieldResolver(() => OrderType)
  order(@Root() p: Payment, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.order.load(p.order.id);
  }

  @FieldResolver(() => CustomerType, { nullable: true, description: 'Null for an API key without customers:read.' })
  customer(@Root() p: Payment, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.customerOfRecord.load(p.customer.id);
  }

  @FieldResolver(() => UserType, { nullable: true })
  recordedBy(@Root() p: Payment, @Ctx() ctx: GraphQLContext) {
    return staffUser(ctx, p.recordedBy?.id);
  }
}

/** Orders, payments and figures under a customer. */
@Resolver(() => CustomerType)
export class CustomerOrdersResolver {
  @Authorized(READ)
  @FieldResolver(() => OrderConnection, { description: 'Orders, newest first.' })
  orders(
    @Root() customer: Customer,
    @Args(PAGE_ARGS) args: TwoWayChildPageArgs,
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return ctx.loaders.ordersByCustomer(customer.id, args, selectedProps(info, ORDER_PROJECTION, 'connection'));
  }

  @Authorized(READ)
  @FieldResolver(() => PaymentConnection, { description: 'Payments received, newest first.' })
  payments(@Root() customer: Customer, @Args(PAGE_ARGS) args: TwoWayChildPageArgs, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.paymentsByCustomer(customer.id, args);
  }

  @Authorized(READ)
  @FieldResolver(() => CustomerStatsType, {
    description: 'The customer figures that scoring, segments and reminders stand on (partners: orders:read).',
  })
  async stats(@Root() customer: Customer, @Ctx() ctx: GraphQLContext): Promise<CustomerStatsType> {
    const [row, recentProducts] = await Promise.all([
      ctx.loaders.statsByCustomer.load(customer.id),
      ctx.loaders.recentProductCounts.load(customer.id),
    ]);
    return statsOf(row, recentProducts, ctx.config.companyCurrency);
  }
}

function statsOf(row: CustomerStats | null, recentProducts: number, currency: CurrencyCode): CustomerStatsType {
  const zero = '0.00';
  const orderCount = row?.orderCount ?? 0;
  const totalSpent = row?.totalSpent ?? zero;
  const satisfactionCount = row?.satisfactionCount ?? 0;
  return {
    firstOrderAt: row?.firstOrderAt ?? null,
    lastOrderAt: row?.lastOrderAt ?? null,
    orderCount,
    totalSpent: money(new Decimal(totalSpent).toFixed(2), currency),
    grossProfit: money(new Decimal(row?.grossProfit ?? zero).toFixed(2), currency),
    averageOrderValue: orderCount ? money(new Decimal(totalSpent).div(orderCount).toFixed(2), currency) : null,
    outstanding: money(new Decimal(row?.outstanding ?? zero).toFixed(2), currency),
    distinctProductsLast90Days: recentProducts,
    lastFollowUpAt: row?.lastFollowUpAt ?? null,
    followUpCount: row?.followUpCount ?? 0,
    lastQualifyingFollowUpAt: row?.lastQualifyingFollowUpAt ?? null,
    openInquiryCount: row?.openInquiryCount ?? 0,
    openInquiryAmount: money(new Decimal(row?.openInquiryAmount ?? zero).toFixed(2), currency),
    averageSatisfaction: satisfactionCount ? new Decimal(row!.satisfactionSum).div(satisfactionCount).toFixed(2) : null,
    satisfactionCount,
  };
}

/** Every resolver class of this area, for build-schema. */
export const ORDER_RESOLVERS = [OrderResolver, OrderLineResolver, PaymentResolver, CustomerOrdersResolver];
