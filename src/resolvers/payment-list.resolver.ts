import { Args, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { PaymentsArgs } from '../schema/types/payment-list.input';
import { PaymentConnection } from '../schema/types/order.type';
import type { PaymentListCommand } from '../services/payment-query.service';
import { needs } from './access';
import type { GraphQLContext } from './context';
import { filterLocalIds as ids } from './given-id';

/** The top-level list of payments across customers (issue 14 item 1). */
@Resolver()
export class PaymentListResolver {
  @Authorized(...needs({ scope: 'orders:read' }))
  @Query(() => PaymentConnection, {
    description:
      'Payments (回款) of the customers in your data scope, oldest first by default, with filters by company-calendar day received, method, ' +
      "customer, order, the order's salesperson, department subtree and store, and who recorded them.",
  })
  payments(@Args() args: PaymentsArgs, @Ctx() ctx: GraphQLContext) {
    const f = args.filter ?? {};
    const command: PaymentListCommand = {
      paidFrom: f.paidOn?.from ?? null,
      paidTo: f.paidOn?.to ?? null,
      methods: f.methods ?? null,
      customerIds: ids(f.customerIds, 'Customer', 'customerIds'),
      orderIds: ids(f.orderIds, 'Order', 'orderIds'),
      salespersonIds: ids(f.salespersonIds, 'User', 'salespersonIds'),
      departmentIds: ids(f.departmentIds, 'Department', 'departmentIds'),
      storeIds: ids(f.storeIds, 'Store', 'storeIds'),
      recordedByIds: ids(f.recordedByIds, 'User', 'recordedByIds'),
    };
    return ctx.services.paymentQueries.list(args, command, args.sortKey, args.reverse);
  }
}
