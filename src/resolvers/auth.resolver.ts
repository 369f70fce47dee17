import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { LoginThrottled } from '../domain/access/login-throttle';
import { rethrowUnavailable } from '../server/unavailable.plugin';
import type { ApiKey } from '../entities';
import { localIdOf, toGlobalId } from '../schema/global-id';
import { checked } from './records.mapper';
import { ApiKeyCreateInput, ApiKeyRevokeInput, LoginInput } from '../schema/types/org.input';
import {
  ApiKeyConnection,
  ApiKeyCreatePayload,
  ApiKeyRevokePayload,
  ApiKeyType,
  LoginPayload,
  LogoutPayload,
  RateLimit,
} from '../schema/types/auth.type';
import { tooManyRequests } from '../server/too-many-requests';
import { say } from '../domain/common/bilingual';
import { needs } from './access';
import type { GraphQLContext } from './context';
import { PaginationArgs, PAGE_ARGS } from './pagination.args';

const ADMIN = needs({ roles: ['ADMIN'] });
const STAFF = needs({ roles: ['ADMIN', 'MANAGER', 'SALES'] });

@Resolver(() => ApiKeyType)
export class AuthResolver {
  @Mutation(() => LoginPayload, {
    description:
      'Staff sign-in. The token expires; send it as `Authorization: Bearer <token>`. One `login` per request. After repeated failures for an account or from an address, attempts are refused for a while, doubling each time: HTTP 429, `extensions.code` TOO_MANY_REQUESTS, the wait in `extensions.retryAfterSeconds` and `Retry-After`.',
  })
  async login(@Arg('input', { validate: false }) input: LoginInput, @Ctx() ctx: GraphQLContext) {
    try {
      return await ctx.services.auth.login(await checked(input), { ip: ctx.ip, requestId: ctx.requestId, log: ctx.log });
    } catch (error) {
      if (error instanceof LoginThrottled) {
        throw tooManyRequests(
          say(
            `此账号或此地址登录失败次数过多；请 ${error.retryAfterSeconds} 秒后再试。`,
            `Too many failed logins for this account or from this address; try again in ${error.retryAfterSeconds} s.`,
          ),
          error.retryAfterSeconds,
        );
      }
      // The throttle's transaction passes on the driver's own error (not MikroORM's wrapper);
      // graphql-js keeps only the message of a thrown value that is not an Error of its realm
      // (so under jest), so a database that cannot serve is coded here, where it is still known.
      return rethrowUnavailable(error);
    }
  }

  @Authorized(STAFF)
  @Mutation(() => LogoutPayload, { description: 'Ends the session of the bearer token of this request.' })
  async logout(@Ctx() ctx: GraphQLContext): Promise<LogoutPayload> {
    return { loggedOut: await ctx.services.auth.logout(ctx.bearerToken) };
  }

  @Authorized(ADMIN)
  @Mutation(() => ApiKeyCreatePayload, { description: 'Creates a partner key. The secret is in this payload only.' })
  async apiKeyCreate(@Arg('input', { validate: false }) input: ApiKeyCreateInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.auth.createApiKey(await checked(input));
  }

  @Authorized(ADMIN)
  @Mutation(() => ApiKeyRevokePayload, { description: 'The key stops working at once.' })
  apiKeyRevoke(@Arg('input') input: ApiKeyRevokeInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.auth.revokeApiKey(localIdOf(input.id, 'ApiKey'));
  }

  @Authorized(ADMIN)
  @Query(() => ApiKeyConnection, { description: 'Partner keys, newest first, revoked ones included.' })
  apiKeys(@Args(PAGE_ARGS) args: PaginationArgs, @Ctx() ctx: GraphQLContext) {
    return ctx.services.auth.listApiKeys(args);
  }

  @FieldResolver(() => String)
  id(@Root() key: ApiKey) {
    return toGlobalId('ApiKey', key.id);
  }

  @FieldResolver(() => RateLimit, { nullable: true })
  rateLimit(@Root() key: ApiKey) {
    return key.rateCapacity != null && key.rateRestorePerSecond != null
      ? { capacity: key.rateCapacity, restorePerSecond: key.rateRestorePerSecond }
      : null;
  }
}
