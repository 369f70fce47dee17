import { Args, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { ServiceCasesArgs } from '../schema/types/service-case-list.input';
import { ServiceCaseConnection } from '../schema/types/service-case.type';
import type { ServiceCaseListCommand } from '../services/service-case-query.service';
import { needs } from './access';
import type { GraphQLContext } from './context';
import { filterLocalIds as ids } from './given-id';

/** The top-level list of after-sale cases across customers (issue 14 item 1). */
@Resolver()
export class ServiceCaseListResolver {
  @Authorized(...needs({ scope: 'service:read' }))
  @Query(() => ServiceCaseConnection, {
    description:
      'After-sale cases of the customers in your data scope, oldest first by default, with filters by status, type, open (work still to do), ' +
      'customer, order, product, assignee, department subtree (of the assignee), company-calendar day opened, day of the appointment and day the coverage ends.',
  })
  serviceCases(@Args() args: ServiceCasesArgs, @Ctx() ctx: GraphQLContext) {
    const f = args.filter ?? {};
    const command: ServiceCaseListCommand = {
      statuses: f.statuses ?? null,
      types: f.types ?? null,
      open: f.open ?? null,
      customerIds: ids(f.customerIds, 'Customer', 'customerIds'),
      orderIds: ids(f.orderIds, 'Order', 'orderIds'),
      productIds: ids(f.productIds, 'Product', 'productIds'),
      assigneeIds: ids(f.assigneeIds, 'User', 'assigneeIds'),
      departmentIds: ids(f.departmentIds, 'Department', 'departmentIds'),
      createdFrom: f.createdOn?.from ?? null,
      createdTo: f.createdOn?.to ?? null,
      appointmentFrom: f.appointmentOn?.from ?? null,
      appointmentTo: f.appointmentOn?.to ?? null,
      coverageFrom: f.coverageEndsOn?.from ?? null,
      coverageTo: f.coverageEndsOn?.to ?? null,
    };
    return ctx.services.serviceCaseQueries.list(args, command, args.sortKey, args.reverse);
  }
}
