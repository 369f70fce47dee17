import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { subjectGlobalType } from '../domain/audit/change-history';
import { webhookMessageId } from '../domain/webhooks/webhooks';
import { toGlobalId } from '../schema/global-id';
import { ApiKeyType } from '../schema/types/auth.type';
import { DepartmentType, UserType } from '../schema/types/org.type';
import {
  WebhookDeliveriesArgs,
  WebhookDeliveryConnection,
  WebhookDeliveryRetryInput,
  WebhookDeliveryRetryPayload,
  WebhookDeliveryType,
  WebhookSubscriptionConnection,
  WebhookSubscriptionCreateInput,
  WebhookSubscriptionDeleteInput,
  WebhookSubscriptionDeletePayload,
  WebhookSubscriptionSecretPayload,
  WebhookSubscriptionType,
  WebhookSubscriptionUpdateInput,
} from '../schema/types/webhook.type';
import type { WebhookDelivery, WebhookSubscription } from '../services/webhook.service';
import { needs } from './access';
import type { GraphQLContext } from './context';
import { filterLocalIds, givenId, optionalGivenId } from './given-id';
import { scopedLoaders } from './loaders';
import { PAGE_ARGS, PaginationArgs } from './pagination.args';

/** Admins manage every subscription; an API key with webhooks:write its own. */
const WEBHOOKS = needs({ roles: ['ADMIN'], scope: 'webhooks:write' });

@Resolver(() => WebhookSubscriptionType)
export class WebhookSubscriptionResolver {
  @Authorized(...WEBHOOKS)
  @Query(() => WebhookSubscriptionConnection, {
    description: 'Webhook subscriptions, newest first: every one for an admin, its own for an API key (webhooks:write).',
  })
  webhookSubscriptions(@Args(PAGE_ARGS) args: PaginationArgs, @Ctx() ctx: GraphQLContext) {
    return ctx.services.webhooks.list(args);
  }

  @Authorized(...WEBHOOKS)
  @Query(() => WebhookDeliveryConnection, {
    description:
      'The delivery log, newest first: status, attempts, the last answer and its latency. An API key sees its own subscriptions.',
  })
  webhookDeliveries(@Args() args: WebhookDeliveriesArgs, @Ctx() ctx: GraphQLContext) {
    const f = args.filter ?? {};
    return ctx.services.webhooks.deliveries(args, {
      subscriptionIds: filterLocalIds(f.subscriptionIds, 'WebhookSubscription', 'subscriptionIds'),
      statuses: f.statuses ?? null,
    });
  }

  @Authorized(...WEBHOOKS)
  @Mutation(() => WebhookSubscriptionSecretPayload, {
    description:
      'Subscribes a URL to topics; the payload shows the signing secret once. An API key subscribes only to topics its read scopes cover, ' +
      'and its subscription stops delivering when the key is revoked or expires.',
  })
  webhookSubscriptionCreate(@Arg('input', { validate: false }) input: WebhookSubscriptionCreateInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.webhooks.create({
      url: input.url,
      topics: input.topics,
      department: optionalGivenId(input.departmentId, 'Department') ?? null,
      owner: optionalGivenId(input.ownerId, 'User') ?? null,
    });
  }

  @Authorized(...WEBHOOKS)
  @Mutation(() => WebhookSubscriptionSecretPayload, {
    description: 'Changes a subscription, pauses or resumes it, or rotates its secret (the new one in the payload, once).',
  })
  webhookSubscriptionUpdate(@Arg('input', { validate: false }) input: WebhookSubscriptionUpdateInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.webhooks.update({
      id: givenId(input.id, 'WebhookSubscription'),
      url: input.url ?? undefined,
      topics: input.topics ?? undefined,
      department: optionalGivenId(input.departmentId, 'Department'),
      owner: optionalGivenId(input.ownerId, 'User'),
      active: input.active ?? undefined,
      rotateSecret: input.rotateSecret ?? false,
    });
  }

  @Authorized(...WEBHOOKS)
  @Mutation(() => WebhookSubscriptionDeletePayload, {
    description: 'Deletes a subscription and its delivery log; nothing more is sent to it.',
  })
  async webhookSubscriptionDelete(@Arg('input') input: WebhookSubscriptionDeleteInput, @Ctx() ctx: GraphQLContext) {
    const result = await ctx.services.webhooks.delete(givenId(input.id, 'WebhookSubscription'));
    return {
      deletedWebhookSubscriptionId: result.deletedId == null ? null : toGlobalId('WebhookSubscription', result.deletedId),
      userErrors: result.userErrors,
    };
  }

  @Authorized(...WEBHOOKS)
  @Mutation(() => WebhookDeliveryRetryPayload, {
    description: 'Sends a delivery again at once, with the same webhook-id (a delivered one too).',
  })
  webhookDeliveryRetry(@Arg('input') input: WebhookDeliveryRetryInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.webhooks.retryDelivery(givenId(input.id, 'WebhookDelivery'));
  }

  @FieldResolver(() => ID)
  id(@Root() s: WebhookSubscription) {
    return toGlobalId('WebhookSubscription', s.id);
  }

  @FieldResolver(() => DepartmentType, { nullable: true, description: "Only customers in this department's subtree; null for all." })
  department(@Root() s: WebhookSubscription, @Ctx() ctx: GraphQLContext) {
    return s.departmentId == null ? null : ctx.loaders.department.load(s.departmentId);
  }

  @FieldResolver(() => UserType, { nullable: true, description: "Only this user's customers; null for all." })
  owner(@Root() s: WebhookSubscription, @Ctx() ctx: GraphQLContext) {
    return s.ownerId == null ? null : ctx.loaders.user.load(s.ownerId);
  }

  @FieldResolver(() => UserType, { nullable: true, description: 'The admin who created it; null when an API key did.' })
  createdByUser(@Root() s: WebhookSubscription, @Ctx() ctx: GraphQLContext) {
    return s.createdByUserId == null ? null : ctx.loaders.user.load(s.createdByUserId);
  }

  @FieldResolver(() => ApiKeyType, { nullable: true, description: 'The API key that created it (visible to admins).' })
  createdByApiKey(@Root() s: WebhookSubscription, @Ctx() ctx: GraphQLContext) {
    return s.createdByApiKeyId == null || ctx.viewer?.kind !== 'staff' ? null : ctx.loaders.apiKey.load(s.createdByApiKeyId);
  }
}

@Resolver(() => WebhookDeliveryType)
export class WebhookDeliveryResolver {
  @FieldResolver(() => ID)
  id(@Root() d: WebhookDelivery) {
    return toGlobalId('WebhookDelivery', d.id);
  }

  @FieldResolver(() => String)
  messageId(@Root() d: WebhookDelivery) {
    return webhookMessageId(d.eventId);
  }

  @FieldResolver(() => ID)
  subjectId(@Root() d: WebhookDelivery) {
    return toGlobalId(subjectGlobalType(d.subjectType), d.subjectId);
  }

  @FieldResolver(() => WebhookSubscriptionType, { nullable: true })
  subscription(@Root() d: WebhookDelivery, @Ctx() ctx: GraphQLContext) {
    return scopedLoaders(ctx).webhookSubscription.load(d.subscriptionId);
  }
}

export const WEBHOOK_RESOLVERS = [WebhookSubscriptionResolver, WebhookDeliveryResolver] as const;
