import { Args, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { InquiriesArgs } from '../schema/types/inquiry-list.input';
import { InquiryConnection } from '../schema/types/inquiry.type';
import type { InquiryListCommand } from '../services/inquiry-query.service';
import { needs } from './access';
import type { GraphQLContext } from './context';
import { filterLocalIds as filterIds } from './given-id';

/** The top-level list of inquiries across customers (issue 14 item 1). */
@Resolver()
export class InquiryListResolver {
  @Authorized(...needs({ scope: 'inquiries:read' }))
  @Query(() => InquiryConnection, {
    description:
      'Inquiries of the customers in your data scope, oldest received first by default, with filters by status, channel, urgency, ' +
      'company-calendar day received, salesperson, department subtree, customer, country, overdue now and repeat order.',
  })
  inquiries(@Args() args: InquiriesArgs, @Ctx() ctx: GraphQLContext) {
    const f = args.filter ?? {};
    const command: InquiryListCommand = {
      statuses: f.statuses ?? null,
      channels: f.channels ?? null,
      urgencies: f.urgencies ?? null,
      receivedFrom: f.receivedOn?.from ?? null,
      receivedTo: f.receivedOn?.to ?? null,
      salespersonIds: filterIds(f.salespersonIds, 'User', 'salespersonIds'),
      departmentIds: filterIds(f.departmentIds, 'Department', 'departmentIds'),
      customerIds: filterIds(f.customerIds, 'Customer', 'customerIds'),
      countries: f.countries ?? null,
      overdue: f.overdue ?? null,
      repeatOrder: f.repeatOrder ?? null,
      hasSalesperson: f.hasSalesperson ?? null,
      hasCountry: f.hasCountry ?? null,
    };
    return ctx.services.inquiryQueries.list(args, command, args.sortKey, args.reverse);
  }
}
