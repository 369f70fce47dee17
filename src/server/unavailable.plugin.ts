import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, OperationTypeNode } from 'graphql';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS, UNAVAILABLE_MESSAGE } from '../db/unavailable';
import { bilingualError } from './request-locale';

/**
 * 503 SERVICE_UNAVAILABLE with `Retry-After` when the database cannot serve a request (the
 * pool is exhausted, the server is down or restarting; see src/db/unavailable.ts), instead of
 * a 500 that tells the client nothing and that monitoring counts as a bug.
 *
 * Three places produce it: the context function (authentication runs SQL before any resolver;
 * a GraphQLError carrying `extensions.http` is the only way to give Apollo's "context creation
 * failed" answer a status other than 500), formatError (the message and code of a resolver's
 * error) and this plugin (the status and header of a response in which a resolver failed so).
 */
export const SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE';

function retryAfter(): HeaderMap {
  return new HeaderMap([['retry-after', String(RETRY_AFTER_SECONDS)]]);
}

/** The error to throw where no resolver runs yet (the context function). */
export function serviceUnavailable(cause?: unknown): GraphQLError {
  return bilingualError(UNAVAILABLE_MESSAGE, {
    originalError: cause instanceof Error ? cause : undefined,
    extensions: { code: SERVICE_UNAVAILABLE, retryAfterSeconds: RETRY_AFTER_SECONDS, http: { status: 503, headers: retryAfter() } },
  });
}

/** Turns a response with a SERVICE_UNAVAILABLE error into HTTP 503 with `Retry-After`. */
export function unavailablePlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      let unavailable = false;
      return {
        async didEncounterErrors({ errors }) {
          if (errors.some((e) => isDatabaseUnavailable(e) || e.extensions?.code === SERVICE_UNAVAILABLE)) unavailable = true;
        },
        async willSendResponse({ response, operation }) {
          const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const errors = result?.errors ?? [];
          if (!unavailable && !errors.some((e) => e.extensions?.code === SERVICE_UNAVAILABLE)) return;
          // A mutation that has already done something keeps 200 with its field error: a 503
          // tells the client to retry the document, which would repeat the part that committed.
          if (operation?.operation === OperationTypeNode.MUTATION && Object.values(result?.data ?? {}).some((v) => v != null)) return;
          response.http.status = 503;
          response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
        },
      };
    },
  };
}

/** For a `.catch` where no resolver runs yet: a database that cannot serve becomes 503, anything else is rethrown. */
export function rethrowUnavailable(error: unknown): never {
  throw isDatabaseUnavailable(error) ? serviceUnavailable(error) : error;
}
