import { Args, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { OrdersArgs } from '../schema/types/order-list.input';
import { OrderConnection } from '../schema/types/order.type';
import type { OrderListCommand } from '../services/order-query.service';
import { needs } from './access';
import type { GraphQLContext } from './context';
import { filterLocalIds as ids } from './given-id';

/** The top-level list of orders across customers (issue 14 item 1). */
@Resolver()
export class OrderListResolver {
  @Authorized(...needs({ scope: 'orders:read' }))
  @Query(() => OrderConnection, {
    description:
      'Orders of the customers in your data scope (a salesperson: its own customers; a manager: its subtree; admins and keys with orders:read: all), ' +
      'oldest first by default (`reverse: true` for the newest), with filters by status, company-calendar day, salesperson, department subtree, store, customer, product and category.',
  })
  orders(@Args() args: OrdersArgs, @Ctx() ctx: GraphQLContext) {
    const f = args.filter ?? {};
    const command: OrderListCommand = {
      statuses: f.statuses ?? null,
      orderedFrom: f.orderedOn?.from ?? null,
      orderedTo: f.orderedOn?.to ?? null,
      salespersonIds: ids(f.salespersonIds, 'User', 'salespersonIds'),
      departmentIds: ids(f.departmentIds, 'Department', 'departmentIds'),
      storeIds: ids(f.storeIds, 'Store', 'storeIds'),
      customerIds: ids(f.customerIds, 'Customer', 'customerIds'),
      productIds: ids(f.productIds, 'Product', 'productIds'),
      categoryIds: ids(f.categoryIds, 'ProductCategory', 'categoryIds'),
    };
    return ctx.services.orderQueries.list(args, command, args.sortKey, args.reverse);
  }
}
