import { Field, ID, ObjectType } from 'type-graphql';
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
