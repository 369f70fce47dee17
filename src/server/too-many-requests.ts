import { HeaderMap } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import type { Bilingual } from '../domain/common/bilingual';
import { bilingualError } from './request-locale';

export const TOO_MANY_REQUESTS = 'TOO_MANY_REQUESTS';

/**
 * A refusal because the caller tried too often (the login throttle): HTTP 429 with
 * `Retry-After`, `extensions.code` TOO_MANY_REQUESTS and the wait in
 * `extensions.retryAfterSeconds`. Thrown from a resolver; Apollo takes the status and header
 * from `extensions.http` and leaves that out of the response.
 */
export function tooManyRequests(message: Bilingual, retryAfterSeconds: number): GraphQLError {
  return bilingualError(message, {
    extensions: {
      code: TOO_MANY_REQUESTS,
      retryAfterSeconds,
      http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) },
    },
  });
}
