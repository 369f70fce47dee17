import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Locale } from '../domain/customer/customer.enums';
import { explainProspectReason, type ProspectComponent } from '../domain/segments/prospect-ranking';
import type { SegmentFilterInput } from '../domain/segments/segment-input';
import { segmentToText } from '../domain/segments/segment-parser';
import type { Segment } from '../entities';
import { localIdOf, toGlobalId } from '../schema/global-id';
import { CustomerConnection } from '../schema/types/customer.type';
import { UserType } from '../schema/types/org.type';
import { MarketingEligibilityInput } from '../schema/types/marketing.input';
import { CustomerSegmentFilter, SegmentCreateInput, SegmentDeleteInput, SegmentUpdateInput } from '../schema/types/segment.input';
import {
  ProspectScoreComponentType,
  RankedProspectConnection,
  SegmentConnection,
  SegmentDeletePayload,
  SegmentPayload,
  SegmentPreviewType,
  SegmentType,
} from '../schema/types/segment.type';
import type { RankedProspect } from '../services/prospect-ranking.service';
import { SegmentService, type SegmentTarget } from '../services/segment.service';
import { checkInput } from '../services/validate-input';
import { needs } from './access';
import type { GraphQLContext } from './context';
import { givenId } from './given-id';
import { staffUser } from './customer.resolver';
import { ChildPaginationArgs, PaginationArgs, PAGE_ARGS, TwoWayChildPageArgs } from './pagination.args';
import { LOCALE_ARG, localeOf } from './locale';

const READ = needs({ scope: 'segments:read' });
const WRITE = needs({ scope: 'segments:write' });

/** `eligibleFor`: only the members who may be sent a marketing message on this channel for this purpose now (DOMAIN M4). */
const ELIGIBLE_FOR_ARG = {
  nullable: true,
  description:
    'Only the members who may be sent a marketing message on this channel for this purpose now (consent, not archived, under the company cap): see MarketingEligibility.',
};

@ArgsType()
class SegmentPreviewArgs {
  @Field(() => String, {
    nullable: true,
    description:
      'The filter in the text form. Give exactly one of `query` and `filter`; a query that does not parse is BAD_USER_INPUT with its line and column.',
  })
  query?: string | null;

  @Field(() => CustomerSegmentFilter, { nullable: true })
  filter?: CustomerSegmentFilter | null;
}

@ArgsType()
class ProspectRankingArgs extends ChildPaginationArgs {
  @Field(() => String, LOCALE_ARG)
  locale?: string | null;
}

/**
 * The query cost of evaluating a filter (a count, or a page of members): one statement over
 * the customers, seconds on a million of them. At 500, the default maximum cost of 20,000
 * allows a list of about 40 segments with their counts, not 100.
 */
export const SEGMENT_EVALUATION_COST = 500;

/** The typed filter of an input, as the domain reads it. */
function filterOf(filter: CustomerSegmentFilter | null | undefined): SegmentFilterInput | null | undefined {
  return filter;
}

/** The same object for a segment row within a request, so its count runs once. */
const targets = new WeakMap<Segment, SegmentTarget>();
function targetOf(segment: Segment): SegmentTarget {
  let target = targets.get(segment);
  if (!target) {
    target = { rule: SegmentService.ruleOf(segment) };
    targets.set(segment, target);
  }
  return target;
}

@Resolver(() => SegmentType)
export class SegmentResolver {
  @Authorized(READ)
  @Query(() => SegmentConnection, {
    description: 'Saved segments, newest first. Every staff member reads them; members are always within your data scope.',
  })
  segments(@Args(PAGE_ARGS) args: PaginationArgs, @Ctx() ctx: GraphQLContext) {
    return ctx.services.segments.list(args);
  }

  @Authorized(READ)
  @Query(() => SegmentType, { nullable: true, description: 'Null when it does not exist or was deleted.' })
  segment(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.segments.byId(localIdOf(id, 'Segment'));
  }

  @Authorized(WRITE)
  @Mutation(() => SegmentPayload, {
    description:
      'Saves a named filter, given as a text `query` or a typed `filter`. A query that does not parse is a BAD_USER_INPUT error with its line and column; ' +
      'a filter that breaks the rules of a field is a user error with the path to it.',
  })
  async segmentCreate(@Arg('input', { validate: false }) input: SegmentCreateInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.segments.create({
      invalid: await checkInput(input),
      name: input.name,
      description: input.description,
      query: input.query,
      filter: filterOf(input.filter),
    });
  }

  @Authorized(WRITE)
  @Mutation(() => SegmentPayload, { description: 'Changes a segment you created (admins: any; API keys: those made with a key).' })
  async segmentUpdate(@Arg('input', { validate: false }) input: SegmentUpdateInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.segments.update({
      invalid: await checkInput(input),
      segment: givenId(input.id, 'Segment'),
      expectedVersion: input.expectedVersion,
      name: input.name,
      description: input.description,
      query: input.query,
      filter: filterOf(input.filter),
    });
  }

  @Authorized(WRITE)
  @Mutation(() => SegmentDeletePayload, {
    description: 'Deletes a segment you created (admins: any; API keys: those made with a key). Customers are untouched.',
  })
  async segmentDelete(@Arg('input') input: SegmentDeleteInput, @Ctx() ctx: GraphQLContext) {
    const result = await ctx.services.segments.delete({ segment: givenId(input.id, 'Segment'), expectedVersion: input.expectedVersion });
    return { deletedSegmentId: result.segment ? toGlobalId('Segment', result.segment.id) : null, userErrors: result.userErrors };
  }

  @FieldResolver(() => ID)
  id(@Root() segment: Segment): string {
    return toGlobalId('Segment', segment.id);
  }

  @FieldResolver(() => String, {
    description: 'The filter in the text form: as written, or in canonical form when saved from a typed filter.',
  })
  query(@Root() segment: Segment): string {
    return targetOf(segment).rule.text;
  }

  @FieldResolver(() => Int, {
    description:
      'How many customers in your data scope the segment holds now (archived customers never count). API keys: customers:read too.',
    complexity: SEGMENT_EVALUATION_COST,
  })
  count(
    @Root() segment: Segment,
    @Ctx() ctx: GraphQLContext,
    @Arg('eligibleFor', () => MarketingEligibilityInput, ELIGIBLE_FOR_ARG) eligibleFor?: MarketingEligibilityInput | null,
  ): Promise<number> {
    return ctx.services.segments.count(targetOf(segment), eligibleFor ?? null);
  }

  @FieldResolver(() => CustomerConnection, {
    description: 'The customers in your data scope the segment holds now, by customer id. API keys: customers:read too.',
    complexity: SEGMENT_EVALUATION_COST,
  })
  members(
    @Root() segment: Segment,
    @Args(PAGE_ARGS) args: TwoWayChildPageArgs,
    @Ctx() ctx: GraphQLContext,
    @Arg('eligibleFor', () => MarketingEligibilityInput, ELIGIBLE_FOR_ARG) eligibleFor?: MarketingEligibilityInput | null,
  ) {
    return ctx.services.segments.members(targetOf(segment), args, eligibleFor ?? null);
  }

  @FieldResolver(() => UserType, { nullable: true, description: 'Null when an API key made it, or for an API key without org:read.' })
  createdBy(@Root() segment: Segment, @Ctx() ctx: GraphQLContext) {
    return staffUser(ctx, segment.createdBy?.id);
  }

  @FieldResolver(() => UserType, {
    nullable: true,
    description: 'Null when an API key changed it last, or for an API key without org:read.',
  })
  updatedBy(@Root() segment: Segment, @Ctx() ctx: GraphQLContext) {
    return staffUser(ctx, segment.updatedBy?.id);
  }
}

@Resolver(() => SegmentPreviewType)
export class SegmentPreviewResolver {
  @Authorized(READ)
  @Query(() => SegmentPreviewType, {
    description:
      'What a filter selects before it is saved. A query that does not parse, or a filter that breaks the rules, is a BAD_USER_INPUT error.',
  })
  async segmentPreview(@Args() args: SegmentPreviewArgs, @Ctx() ctx: GraphQLContext): Promise<SegmentTarget> {
    return { rule: await ctx.services.segments.previewRule(args.query, filterOf(args.filter)) };
  }

  @FieldResolver(() => String, { description: 'The filter in the canonical text form.' })
  query(@Root() preview: SegmentTarget): string {
    return segmentToText(preview.rule.node);
  }

  @FieldResolver(() => Int, {
    description: 'How many customers in your data scope the filter selects. API keys: customers:read too.',
    complexity: SEGMENT_EVALUATION_COST,
  })
  count(
    @Root() preview: SegmentTarget,
    @Ctx() ctx: GraphQLContext,
    @Arg('eligibleFor', () => MarketingEligibilityInput, ELIGIBLE_FOR_ARG) eligibleFor?: MarketingEligibilityInput | null,
  ): Promise<number> {
    return ctx.services.segments.count(preview, eligibleFor ?? null);
  }

  @FieldResolver(() => CustomerConnection, {
    description: 'The customers in your data scope the filter selects, by customer id. API keys: customers:read too.',
    complexity: SEGMENT_EVALUATION_COST,
  })
  members(
    @Root() preview: SegmentTarget,
    @Args(PAGE_ARGS) args: TwoWayChildPageArgs,
    @Ctx() ctx: GraphQLContext,
    @Arg('eligibleFor', () => MarketingEligibilityInput, ELIGIBLE_FOR_ARG) eligibleFor?: MarketingEligibilityInput | null,
  ) {
    return ctx.services.segments.members(preview, args, eligibleFor ?? null);
  }
}

interface RankedProspectView {
  customer: object;
  score: number;
  urgency: ProspectScoreComponentType;
  quickResults: ProspectScoreComponentType;
  budgetFit: ProspectScoreComponentType;
}

function componentView(c: ProspectComponent, locale: Locale): ProspectScoreComponentType {
  return {
    key: c.key,
    points: c.points,
    weight: c.weight,
    contribution: Number(c.contribution),
    reason: explainProspectReason(c.reason, locale),
  };
}

@Resolver()
export class ProspectRankingResolver {
  @Authorized(READ)
  @Query(() => RankedProspectConnection, {
    description:
      'Prospects (lifecycle stage PROSPECT) in your data scope, best target first (DOMAIN G2): by score, then customer id. ' +
      'Urgency, quick results and budget fit come from what follow-ups recorded (needUrgency, resultsHorizonDays, budget) and open inquiries. ' +
      'API keys: customers:read too.',
    // One statement ranking every prospect in scope, like a segment's evaluation.
    complexity: SEGMENT_EVALUATION_COST,
  })
  async prospectRanking(@Args() args: ProspectRankingArgs, @Ctx() ctx: GraphQLContext) {
    const locale: Locale = localeOf(ctx, args.locale);
    const page = await ctx.services.prospects.page(args);
    const view = (p: RankedProspect): RankedProspectView => ({
      customer: p.customer,
      score: Number(p.ranking.score),
      urgency: componentView(p.ranking.urgency, locale),
      quickResults: componentView(p.ranking.quickResults, locale),
      budgetFit: componentView(p.ranking.budgetFit, locale),
    });
    const nodes = page.nodes.map(view);
    return {
      edges: page.edges.map((e, i) => ({ cursor: e.cursor, node: nodes[i] })),
      nodes,
      pageInfo: page.pageInfo,
      get totalCount() {
        return page.totalCount;
      },
    };
  }
}

export const SEGMENT_RESOLVERS = [SegmentResolver, SegmentPreviewResolver, ProspectRankingResolver] as const;
