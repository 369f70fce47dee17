import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Node, UserError } from './common.type';
import { ConnectionType } from './connection.type';
import { UserType } from './org.type';
import { PayloadType } from './payload.type';

@ObjectType()
export class LoginPayload {
  @Field(() => String, { nullable: true, description: 'Send as `Authorization: Bearer <token>`.' })
  token!: string | null;

  @Field(() => Date, { nullable: true })
  expiresAt!: Date | null;

  @Field(() => UserType, { nullable: true })
  user!: unknown;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType()
export class LogoutPayload {
  @Field({ description: 'Whether a session was ended.' })
  loggedOut!: boolean;
}

@ObjectType({ description: 'A rate-limit bucket: how many points it holds when full, and how many it gets back each second.' })
export class RateLimit {
  @Field(() => Int)
  capacity!: number;

  @Field(() => Int)
  restorePerSecond!: number;
}

@ObjectType('ApiKey', { implements: Node, description: "A partner's API key. The secret itself is never shown again." })
export class ApiKeyType implements Node {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field({ description: 'The visible start of the secret, to tell keys apart.' })
  prefix!: string;

  @Field(() => [String])
  scopes!: string[];

  @Field(() => Date, { nullable: true })
  expiresAt!: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'Updated at most once a minute.' })
  lastUsedAt!: Date | null;

  @Field()
  createdAt!: Date;

  @Field(() => RateLimit, {
    nullable: true,
    description: "The key's own rate-limit bucket; null when it has the company's (RATE_LIMIT_CAPACITY, RATE_LIMIT_RESTORE_PER_SECOND).",
  })
  rateLimit!: RateLimit | null;
}

@ObjectType()
export class ApiKeyCreatePayload {
  @Field(() => ApiKeyType, { nullable: true })
  apiKey!: unknown;

  @Field(() => String, { nullable: true, description: 'Shown once: send as `X-Api-Key: <secret>`.' })
  secret!: string | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType()
export class ApiKeyRevokePayload extends PayloadType(ApiKeyType, 'apiKey') {}

@ObjectType()
export class ApiKeyConnection extends ConnectionType(ApiKeyType, 'ApiKey') {}
