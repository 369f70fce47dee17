import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, Info, Mutation, Resolver, Root } from 'type-graphql';
import { RequestError } from '../domain/common/domain-error';
import { say } from '../domain/common/bilingual';
import { decideAccess } from '../domain/access/viewer';
import { isOverdue } from '../domain/records/inquiry-response';
import type { Customer, Inquiry } from '../entities';
import { toGlobalId } from '../schema/global-id';
import { CustomerType } from '../schema/types/customer.type';
import {
  InquiryConvertToOrderInput,
  InquiryCreateInput,
  InquiryMoveInput,
  InquiryRespondInput,
  InquiryUpdateInput,
} from '../schema/types/inquiry.input';
import { InquiryConnection, InquiryConvertToOrderPayload, InquiryPayload, InquiryType } from '../schema/types/inquiry.type';
import { money, MoneyType } from '../schema/types/money.type';
import { OrderType } from '../schema/types/order.type';
import { UserType } from '../schema/types/org.type';
import { needs } from './access';
import type { GraphQLContext } from './context';
import { staffUser } from './customer.resolver';
import { givenId, optionalGivenId } from './given-id';
import { PAGE_ARGS, TwoWayChildPageArgs } from './pagination.args';
import { selectedProps } from './projection';
import { INQUIRY_PROJECTION } from './projections';
import { checked, orderLines } from './records.mapper';

const READ = needs({ scope: 'inquiries:read' });
const WRITE = needs({ scope: 'inquiries:write' });

@Resolver(() => InquiryType)
export class InquiryResolver {
  @Authorized(WRITE)
  @Mutation(() => InquiryPayload, { description: 'Records an inquiry as NEW; responseDueAt follows from urgency and channel.' })
  async inquiryCreate(@Arg('input', { validate: false }) input: InquiryCreateInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.inquiries.create({
      ...(await checked(input)),
      customerId: givenId(input.customerId, 'Customer'),
      salespersonId: optionalGivenId(input.salespersonId, 'User'),
    });
  }

  @Authorized(WRITE)
  @Mutation(() => InquiryPayload, {
    description: 'Changes the details of an open inquiry; WON and LOST inquiries no longer change (CONFLICT).',
  })
  async inquiryUpdate(@Arg('input', { validate: false }) input: InquiryUpdateInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.inquiries.update({
      ...(await checked(input)),
      id: givenId(input.id, 'Inquiry'),
      salespersonId: optionalGivenId(input.salespersonId, 'User'),
    });
  }

  @Authorized(WRITE)
  @Mutation(() => InquiryPayload, {
    description: 'Records the first answer to the customer. Idempotent: once recorded, later calls return the inquiry unchanged.',
  })
  async inquiryRespond(@Arg('input', { validate: false }) input: InquiryRespondInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.inquiries.respond({ ...(await checked(input)), id: givenId(input.id, 'Inquiry') });
  }

  @Authorized(WRITE)
  @Mutation(() => InquiryPayload, {
    description:
      'NEW → QUOTED | NEGOTIATING, QUOTED → NEGOTIATING, any open status → LOST (with lostReason). QUOTED and NEGOTIATING ' +
      'also record the first response when none was. Other moves are ILLEGAL_TRANSITION; WON comes with inquiryConvertToOrder.',
  })
  async inquiryMove(@Arg('input', { validate: false }) input: InquiryMoveInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.inquiries.move({ ...(await checked(input)), id: givenId(input.id, 'Inquiry') });
  }

  @Authorized(WRITE)
  @Mutation(() => InquiryConvertToOrderPayload, {
    description:
      'Creates a PENDING order from an open inquiry and marks the inquiry WON, in one transaction. An API key needs orders:write too.',
  })
  async inquiryConvertToOrder(@Arg('input', { validate: false }) input: InquiryConvertToOrderInput, @Ctx() ctx: GraphQLContext) {
    if (decideAccess(ctx.viewer, { scope: 'orders:write' }) !== 'ALLOWED') {
      throw new RequestError(
        'FORBIDDEN',
        say(
          '把询盘转为订单会创建订单：API 密钥还需要 orders:write 权限范围。',
          'Converting an inquiry creates an order: the API key needs orders:write as well.',
        ),
      );
    }
    return ctx.services.inquiries.convertToOrder({
      ...(await checked(input)),
      id: givenId(input.id, 'Inquiry'),
      lines: orderLines(input.lines ?? []),
      storeId: optionalGivenId(input.storeId, 'Store'),
      // Not given (or null): the inquiry's handler; an empty id names no one, as it always has.
      salespersonId: input.salespersonId == null ? undefined : optionalGivenId(input.salespersonId, 'User'),
    });
  }

  @FieldResolver(() => String)
  id(@Root() inquiry: Inquiry) {
    return toGlobalId('Inquiry', inquiry.id);
  }

  @FieldResolver(() => CustomerType, { nullable: true, description: 'Null for an API key without customers:read.' })
  customer(@Root() inquiry: Inquiry, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.customerOfRecord.load(inquiry.customer.id);
  }

  @FieldResolver(() => UserType, { nullable: true, description: 'Who handles the inquiry (null for an API key without org:read).' })
  salesperson(@Root() inquiry: Inquiry, @Ctx() ctx: GraphQLContext) {
    return staffUser(ctx, inquiry.salesperson?.id);
  }

  @FieldResolver(() => MoneyType, { nullable: true, description: 'Unit price the customer hopes for.' })
  targetPrice(@Root() inquiry: Inquiry) {
    return inquiry.targetPrice == null ? null : money(inquiry.targetPrice, inquiry.currency);
  }

  @FieldResolver(() => MoneyType, { nullable: true, description: 'Expected amount of the deal.' })
  amount(@Root() inquiry: Inquiry) {
    return inquiry.amount == null ? null : money(inquiry.amount, inquiry.currency);
  }

  @FieldResolver(() => Boolean, { description: 'Open, not answered yet, and past responseDueAt now.' })
  overdue(@Root() inquiry: Inquiry, @Ctx() ctx: GraphQLContext) {
    return isOverdue(inquiry, ctx.now());
  }

  @FieldResolver(() => OrderType, { nullable: true, description: 'The order a WON inquiry became.' })
  order(@Root() inquiry: Inquiry, @Ctx() ctx: GraphQLContext) {
    return inquiry.order ? ctx.loaders.order.load(inquiry.order.id) : null;
  }
}

/** Inquiries under a customer. */
@Resolver(() => CustomerType)
export class CustomerInquiriesResolver {
  @Authorized(READ)
  @FieldResolver(() => InquiryConnection, { description: 'Inquiries, newest received first.' })
  inquiries(
    @Root() customer: Customer,
    @Args(PAGE_ARGS) args: TwoWayChildPageArgs,
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return ctx.loaders.inquiriesByCustomer(customer.id, args, selectedProps(info, INQUIRY_PROJECTION, 'connection'));
  }
}

/** Every resolver class of this area, for build-schema. */
export const INQUIRY_RESOLVERS = [InquiryResolver, CustomerInquiriesResolver];
