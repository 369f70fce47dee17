import { Args, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { RequestError } from '../domain/common/domain-error';
import { localIdOf } from '../schema/global-id';
import { OrdersArgs } from '../schema/types/order-list.input';
import { OrderConnection } from '../schema/types/order.type';
import type { OrderListCommand } from '../services/order-query.service';
import { needs } from './access';
import type { GraphQLContext } from './context';

/** Local ids of a filter's global ids of one type; a wrong one is BAD_USER_INPUT naming the field. */
function ids(globalIds: string[] | null | undefined, type: string, field: string): number[] {
  return (globalIds ?? []).map((g) => {
    const id = localIdOf(g, type);
    if (id == null) throw new RequestError('BAD_USER_INPUT', `filter.${field}: "${g}" is not the id of a ${type}`);
    return id;
  });
}

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
