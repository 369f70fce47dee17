import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { WEBHOOK_TOPICS, type WebhookTopic } from '../../domain/webhooks/webhooks';
import { PaginationArgs } from '../../resolvers/pagination.args';
import { Node, UserError } from './common.type';
import { ConnectionType } from './connection.type';
import { enumOf } from './enums';

export const WebhookTopicEnum = enumOf(WEBHOOK_TOPICS, 'WebhookTopic', 'What a webhook subscription is told about.');

export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  RETRYING = 'RETRYING',
  SUCCEEDED = 'SUCCEEDED',
}
registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description: 'PENDING: not attempted yet; RETRYING: failed, tried again at nextAttemptAt; SUCCEEDED: the receiver answered 2xx.',
});

@ObjectType('WebhookSubscription', {
  implements: Node,
  description:
    'Where the API POSTs events (Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature` headers, body `{ type, timestamp, data }`). ' +
    'The signing secret is shown once, by create and by update with rotateSecret.',
})
export class WebhookSubscriptionType implements Node {
  @Field(() => ID)
  id!: string;

  @Field()
  url!: string;

  @Field(() => [WebhookTopicEnum])
  topics!: WebhookTopic[];

  @Field({ description: 'False when paused by a client or disabled after a day of failed deliveries (see disabledReason).' })
  active!: boolean;

  @Field(() => Date, { nullable: true })
  disabledAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it stopped: paused, or the failures that disabled it.' })
  disabledReason!: string | null;

  @Field(() => Date, { nullable: true, description: 'The first failed delivery since the last success; null while deliveries succeed.' })
  failingSince!: Date | null;

  @Field(() => [String], {
    nullable: true,
    description: "The creating key's scopes: the subscription delivers only topics they can read. Null for an admin's subscription.",
  })
  scopes!: string[] | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@ObjectType()
export class WebhookSubscriptionConnection extends ConnectionType(WebhookSubscriptionType, 'WebhookSubscription') {}

@ObjectType('WebhookDelivery', { implements: Node, description: 'One event sent (or to be sent) to one subscription, with its attempts.' })
export class WebhookDeliveryType implements Node {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'The `webhook-id` header: the same on every attempt, so a receiver drops duplicates by it.' })
  messageId!: string;

  @Field(() => WebhookTopicEnum)
  topic!: WebhookTopic;

  @Field(() => ID, { description: 'The global ID of the record the event is about.' })
  subjectId!: string;

  @Field(() => WebhookDeliveryStatus)
  status!: WebhookDeliveryStatus;

  @Field(() => Int)
  attempts!: number;

  @Field(() => Date, { nullable: true, description: 'When it is tried next; null once delivered.' })
  nextAttemptAt!: Date | null;

  @Field(() => Date, { nullable: true })
  lastAttemptAt!: Date | null;

  @Field(() => Int, { nullable: true, description: "The receiver's HTTP status at the last attempt; null when it did not answer." })
  responseStatus!: number | null;

  @Field(() => Int, { nullable: true, description: 'Milliseconds the last attempt took.' })
  latencyMs!: number | null;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed (`HTTP 500`, `ECONNREFUSED`, a time-out).' })
  lastError!: string | null;

  @Field()
  createdAt!: Date;
}

@ObjectType()
export class WebhookDeliveryConnection extends ConnectionType(WebhookDeliveryType, 'WebhookDelivery') {}

@InputType()
export class WebhookSubscriptionCreateInput {
  @Field({ description: 'https (plain http only to a loopback address, outside production).' })
  url!: string;

  @Field(() => [WebhookTopicEnum])
  topics!: WebhookTopic[];

  @Field(() => ID, { nullable: true, description: "Only events of customers in this department's subtree." })
  departmentId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only events of customers this user owns.' })
  ownerId?: string | null;
}

@InputType()
export class WebhookSubscriptionUpdateInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  url?: string | null;

  @Field(() => [WebhookTopicEnum], { nullable: true })
  topics?: WebhookTopic[] | null;

  @Field(() => ID, { nullable: true, description: 'Null removes the filter; omitted leaves it.' })
  departmentId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Null removes the filter; omitted leaves it.' })
  ownerId?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'false pauses it; true resumes it (a disabled one too: its failures forgotten, its waiting deliveries sent again).',
  })
  active?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'A new signing secret, returned once in the payload; the old one stops at once.' })
  rotateSecret?: boolean | null;
}

@InputType()
export class WebhookSubscriptionDeleteInput {
  @Field(() => ID)
  id!: string;
}

@InputType()
export class WebhookDeliveryRetryInput {
  @Field(() => ID)
  id!: string;
}

@ObjectType()
export class WebhookSubscriptionSecretPayload {
  @Field(() => WebhookSubscriptionType, { nullable: true })
  webhookSubscription!: unknown;

  @Field(() => String, { nullable: true, description: 'The signing secret (`whsec_…`), shown this once: keep it to verify signatures.' })
  secret!: string | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType()
export class WebhookSubscriptionDeletePayload {
  @Field(() => ID, { nullable: true })
  deletedWebhookSubscriptionId!: string | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType()
export class WebhookDeliveryRetryPayload {
  @Field(() => WebhookDeliveryType, { nullable: true })
  webhookDelivery!: unknown;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@InputType({ description: 'Which deliveries; every field narrows the list.' })
export class WebhookDeliveryFilter {
  @Field(() => [ID], { nullable: true }) subscriptionIds?: string[] | null;
  @Field(() => [WebhookDeliveryStatus], { nullable: true }) statuses?: WebhookDeliveryStatus[] | null;
}

@ArgsType()
export class WebhookDeliveriesArgs extends PaginationArgs {
  @Field(() => WebhookDeliveryFilter, { nullable: true }) filter?: WebhookDeliveryFilter | null;
}
