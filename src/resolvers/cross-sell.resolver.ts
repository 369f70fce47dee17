import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { associationReason, suggestionReason } from '../domain/cross-sell/cross-sell-reason';
import type { StoredRule } from '../domain/cross-sell/suggestions';
import type { Customer, Product, ProductAssociationRun } from '../entities';
import { toGlobalId } from '../schema/global-id';
import { CustomerType } from '../schema/types/customer.type';
import {
  associationView,
  ProductAssociationConnection,
  ProductAssociationRunType,
  ProductAssociationsRefreshInput,
  ProductAssociationsRefreshPayload,
  ProductAssociationType,
  ProductSuggestionConnection,
  ProductSuggestionType,
  suggestionView,
} from '../schema/types/cross-sell.type';
import { ProductType } from '../schema/types/product.type';
import { checkPageArgs, decodeCursor, encodeCursor, pageConnection } from '../lib/pagination';
import { actingUserId } from '../services/service-context';
import { needs } from './access';
import type { GraphQLContext } from './context';
import { LOCALE_ARG, localeOf } from './locale';
import { connectionFromList, PAGE_ARGS, TwoWayChildPageArgs } from './pagination.args';

const ADMIN = needs({ roles: ['ADMIN'] });
const CURSOR = 'ASSOCIATION';

async function names(ctx: GraphQLContext, rule: StoredRule): Promise<{ antecedent: string; consequent: string }> {
  const [x, y] = await Promise.all([ctx.loaders.product.load(rule.antecedentId), ctx.loaders.product.load(rule.consequentId)]);
  return { antecedent: x?.name ?? '', consequent: y?.name ?? '' };
}

@Resolver(() => ProductType)
export class ProductBoughtTogetherResolver {
  // Keys: products:read (the ProductAssociation rule in type-access.ts); rules are company-wide figures, no customer's data.
  @FieldResolver(() => ProductAssociationConnection, {
    description:
      'Products often bought by the customers who bought this one (DOMAIN A4): the rules with lift above 1, by lift, then confidence. ' +
      'From the latest refresh of the rules (nightly, or `productAssociationsRefresh`). One statement for a whole page of products.',
  })
  async boughtTogether(@Root() product: Product, @Args(PAGE_ARGS) args: TwoWayChildPageArgs, @Ctx() ctx: GraphQLContext) {
    const { limit, backward } = checkPageArgs(args);
    const after = args.after ? decodeCursor(args.after, CURSOR, 'after') : null;
    const before = args.before ? decodeCursor(args.before, CURSOR, 'before') : null;
    const page =
      limit === 0 ? { rules: [], hasMore: false } : await ctx.loaders.associationPage({ limit, backward, after, before }).load(product.id);
    const edges = page.rules.map((rule) => ({ cursor: encodeCursor(CURSOR, rule.consequentId), node: associationView(rule) }));
    return pageConnection(edges, { hasMore: page.hasMore, backward, cursorGiven: (backward ? before : after) != null }, () =>
      ctx.loaders.associationCount.load(product.id),
    );
  }
}

@Resolver(() => ProductAssociationType)
export class ProductAssociationResolver {
  @FieldResolver(() => ProductType, { description: 'The product bought together (Y).' })
  async product(@Root() view: ProductAssociationType, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.product.load(view.rule.consequentId);
  }

  @FieldResolver(() => String, {
    description: 'The rule in words, with its figures: "bought by 42% of the 310 customers who bought X; 3.1× the usual rate".',
  })
  async reason(
    @Root() view: ProductAssociationType,
    @Ctx() ctx: GraphQLContext,
    @Arg('locale', () => String, LOCALE_ARG) locale?: string | null,
  ): Promise<string> {
    return associationReason(view.rule, await names(ctx, view.rule), localeOf(ctx, locale));
  }
}

@Resolver(() => CustomerType)
export class CustomerSuggestionsResolver {
  // Keys: the ProductSuggestion rule (orders:read: a suggestion discloses what the customer bought and when) and
  // products:read on the field (FIELD_ACCESS), on top of the Customer's customers:read.
  @FieldResolver(() => ProductSuggestionConnection, {
    description:
      'Products to offer this customer (DOMAIN A4): from the rules of the products it bought, without what it has in use (a durable it bought, a consumable not yet due), ' +
      'consumables due for repurchase first, then by score. In your data scope. One set of statements for a whole page of customers.',
  })
  async productSuggestions(@Root() customer: Customer, @Args(PAGE_ARGS) args: TwoWayChildPageArgs, @Ctx() ctx: GraphQLContext) {
    checkPageArgs(args);
    const all = await ctx.loaders.suggestionsOfCustomer.load(customer.id);
    const items = all.map((s) => Object.assign(suggestionView(s), { id: s.productId }));
    return connectionFromList(items, args, 'SUGGESTION');
  }
}

@Resolver(() => ProductSuggestionType)
export class ProductSuggestionResolver {
  @FieldResolver(() => ProductType, { description: 'The product to offer.' })
  product(@Root() view: ProductSuggestionType, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.product.load(view.suggestion.productId);
  }

  @FieldResolver(() => ProductType, { description: 'The product the customer bought whose rule explains the suggestion.' })
  basedOn(@Root() view: ProductSuggestionType, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.product.load(view.suggestion.rule.antecedentId);
  }

  @FieldResolver(() => String, {
    description:
      'Why, in Chinese or English, from the figures: the rule ("bought by 42% of the 310 customers who bought X; 3.1× the usual rate"), after the used-up figures for a due consumable.',
  })
  async reason(
    @Root() view: ProductSuggestionType,
    @Ctx() ctx: GraphQLContext,
    @Arg('locale', () => String, LOCALE_ARG) locale?: string | null,
  ): Promise<string> {
    return suggestionReason(view.suggestion, await names(ctx, view.suggestion.rule), localeOf(ctx, locale));
  }
}

@Resolver(() => ProductAssociationRunType)
export class ProductAssociationRunResolver {
  @Authorized(ADMIN)
  @Mutation(() => ProductAssociationsRefreshPayload, {
    description:
      'Recomputes the cross-sell association rules now (admin only); the nightly job does so at 03:00 company time. The rules are replaced in one transaction: ' +
      'readers see the old rules or the new ones. CONFLICT while another refresh runs; a minimum support outside 0–1 is INVALID.',
  })
  async productAssociationsRefresh(
    @Ctx() ctx: GraphQLContext,
    @Arg('input', () => ProductAssociationsRefreshInput, { nullable: true }) input?: ProductAssociationsRefreshInput | null,
  ) {
    const result = await ctx.services.crossSell.refreshOnDemand(input?.minSupport, actingUserId(ctx));
    return { run: result.run, userErrors: result.userErrors };
  }

  @FieldResolver(() => String)
  id(@Root() run: ProductAssociationRun): string {
    return toGlobalId('ProductAssociationRun', run.id);
  }

  @FieldResolver(() => Number)
  minSupport(@Root() run: ProductAssociationRun): number {
    return Number(run.minSupport);
  }
}

/** Every resolver class of this area, for build-schema. */
export const CROSS_SELL_RESOLVERS = [
  ProductBoughtTogetherResolver,
  ProductAssociationResolver,
  CustomerSuggestionsResolver,
  ProductSuggestionResolver,
  ProductAssociationRunResolver,
];
