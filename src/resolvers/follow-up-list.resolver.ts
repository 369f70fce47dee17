import { Args, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { FollowUpsArgs } from '../schema/types/follow-up-list.input';
import { FollowUpConnection } from '../schema/types/follow-up.type';
import type { FollowUpListCommand } from '../services/follow-up-query.service';
import { needs } from './access';
import type { GraphQLContext } from './context';
import { filterLocalIds as filterIds } from './given-id';

/** The top-level list of follow-ups across customers (issue 14 item 1). */
@Resolver()
export class FollowUpListResolver {
  @Authorized(...needs({ scope: 'followups:read' }))
  @Query(() => FollowUpConnection, {
    description:
      'Follow-ups of the customers in your data scope, oldest first by default, with filters by channel, outcome, company-calendar day of the ' +
      'contact, the next follow-up day planned (who to call today), salesperson, department subtree and customer.',
  })
  followUps(@Args() args: FollowUpsArgs, @Ctx() ctx: GraphQLContext) {
    const f = args.filter ?? {};
    const command: FollowUpListCommand = {
      channels: f.channels ?? null,
      outcomes: f.outcomes ?? null,
      occurredFrom: f.occurredOn?.from ?? null,
      occurredTo: f.occurredOn?.to ?? null,
      nextFrom: f.nextFollowUpOn?.from ?? null,
      nextTo: f.nextFollowUpOn?.to ?? null,
      salespersonIds: filterIds(f.salespersonIds, 'User', 'salespersonIds'),
      departmentIds: filterIds(f.departmentIds, 'Department', 'departmentIds'),
      customerIds: filterIds(f.customerIds, 'Customer', 'customerIds'),
    };
    return ctx.services.followUpQueries.list(args, command, args.sortKey, args.reverse);
  }
}
