import { Args, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { RequestError } from '../domain/common/domain-error';
import { say } from '../domain/common/bilingual';
import { distributionKeyRefusal, readsOrgNames, type DistributionCustomers } from '../domain/reports/report-access';
import type { SegmentNode } from '../domain/segments/segment-ast';
import { localIdOf, toGlobalId } from '../schema/global-id';
import {
  CustomerDistributionArgs,
  CustomerDistributionType,
  LifecycleTransitionReportType,
  LifecycleTransitionsArgs,
  type LifecycleTransitionCountType,
} from '../schema/types/customer-distribution.type';
import { SegmentService } from '../services/segment.service';
import { needs } from './access';
import type { GraphQLContext } from './context';
import { localeOf } from './locale';
import { SEGMENT_EVALUATION_COST } from './segment.resolver';

const REPORTS = needs({ scope: 'reports:read' });

/** A key's further scopes (`distributionKeyRefusal`: the same rule for the file export). */
function requireKeyScopes(ctx: GraphQLContext, customers: DistributionCustomers): void {
  const refusal = distributionKeyRefusal(ctx.viewer, customers);
  if (refusal) throw new RequestError('FORBIDDEN', refusal);
}

/** The customers of a distribution: a query or filter (checked like segmentPreview's), a saved segment's, or all (null). */
async function customersOf(args: CustomerDistributionArgs, ctx: GraphQLContext): Promise<SegmentNode | null> {
  const given = [args.query, args.filter, args.segmentId].filter((a) => a != null).length;
  if (given > 1) {
    throw new RequestError(
      'BAD_USER_INPUT',
      say('query、filter 和 segmentId 最多给一个', 'give at most one of query, filter and segmentId'),
    );
  }
  if (args.segmentId != null) {
    requireKeyScopes(ctx, 'SEGMENT');
    const id = localIdOf(args.segmentId, 'Segment');
    const [segment] = id == null ? [null] : await ctx.services.segments.byIds([id]);
    if (!segment) {
      throw new RequestError(
        'BAD_USER_INPUT',
        say(`segmentId：没有 id 为“${args.segmentId}”的客户分群`, `segmentId: no segment with id "${args.segmentId}"`),
      );
    }
    return SegmentService.ruleOf(segment).node;
  }
  if (args.query != null || args.filter != null) {
    requireKeyScopes(ctx, 'FILTER');
    return (await ctx.services.segments.previewRule(args.query, args.filter)).node;
  }
  return null;
}

/** Distributions and the lifecycle funnel (issue 14 item 4, DOMAIN A3, S7, L4). */
@Resolver()
export class CustomerDistributionResolver {
  @Authorized(...REPORTS)
  @Query(() => CustomerDistributionType, {
    description:
      'Customers of your data scope by stage, value tier, ABC class, membership level, relationship depth (with the 5-3-2 law beside it), source, ' +
      'region (province), city tier, industry or RFM group: counts and shares, optionally of the customers a segment query, filter or saved segment ' +
      'selects (the same rules as segment counts: a bucket holds the customers `<filter> AND <field> = <key>` counts). API keys: reports:read; ' +
      'with a query or filter also customers:read, with segmentId also segments:read and customers:read.',
    complexity: SEGMENT_EVALUATION_COST,
  })
  async customerDistribution(@Args() args: CustomerDistributionArgs, @Ctx() ctx: GraphQLContext): Promise<CustomerDistributionType> {
    const filter = await customersOf(args, ctx);
    const d = await ctx.services.distributions.distribution({ by: args.by, filter, locale: localeOf(ctx, args.locale) });
    return { by: d.dimension, total: d.total, buckets: d.buckets };
  }

  @Authorized(...REPORTS)
  @Query(() => LifecycleTransitionReportType, {
    description:
      'How many customers of your data scope moved between lifecycle stages on the company-calendar days since … until (both included): ' +
      'e.g. from [NEW] to [REPEAT] (conversion), from [REPEAT, LOYAL] to [DORMANT] (churn), from [DORMANT, LOST] (reactivation). A customer’s ' +
      'first stage is not a move. Grouped by the customer’s current department or owner, or by month. API keys: reports:read.',
  })
  async lifecycleTransitions(@Args() args: LifecycleTransitionsArgs, @Ctx() ctx: GraphQLContext): Promise<LifecycleTransitionReportType> {
    const report = await ctx.services.lifecycleTransitions.report({
      since: args.since,
      until: args.until,
      from: args.from ?? [],
      to: args.to ?? [],
      groupBy: args.groupBy,
    });
    const orgNames = readsOrgNames(ctx.viewer);
    const type = args.groupBy === 'DEPARTMENT' ? 'Department' : 'User';
    const rows: LifecycleTransitionCountType[] = report.rows.map((r) => ({
      from: r.from,
      to: r.to,
      count: r.count,
      group:
        args.groupBy === 'NONE'
          ? null
          : args.groupBy === 'MONTH'
            ? { dimension: 'MONTH', id: null, label: r.groupLabel }
            : {
                dimension: args.groupBy,
                id: r.groupId == null ? null : toGlobalId(type, r.groupId),
                label: orgNames ? r.groupLabel : null,
              },
    }));
    return { since: args.since, until: args.until, total: report.total, rows, historyThrough: report.historyThrough };
  }
}
