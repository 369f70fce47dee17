import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLContext } from '../resolvers/context';
import { isExpected } from './errors';

/**
 * Database errors carry the failing SQL with its parameters (a password hash, personal
 * data): log their kind, code, constraint and stack, never the statement.
 */
export function loggable(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const e = error as Error & { code?: string; constraint?: string; sqlMessage?: string };
  const isDriverError = typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code);
  const message = isDriverError ? e.message.split(' - ').pop() : e.message;
  return {
    type: e.name,
    message,
    code: e.code,
    constraint: e.constraint,
    stack: e.stack
      ?.split('\n')
      .filter((l) => l.trim().startsWith('at '))
      .join('\n'),
  };
}

/** Logs unexpected errors with the request id, and hands the id to the client. */
export function errorLogPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            if (!isExpected(error))
              contextValue.log.error(
                { err: loggable(error.originalError ?? error), requestId: contextValue.requestId },
                'unexpected error',
              );
          }
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          for (const error of response.body.singleResult.errors ?? []) {
            if (error.extensions?.code === 'INTERNAL_SERVER_ERROR') {
              (error.extensions as Record<string, unknown>).requestId = contextValue.requestId;
            }
          }
        },
      };
    },
  };
}
