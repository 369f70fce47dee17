import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLContext } from '../resolvers/context';
import { isExpected } from './errors';

/** Logs unexpected errors with the request id, and hands the id to the client. */
export function errorLogPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            if (!isExpected(error)) contextValue.log.error({ err: error.originalError ?? error, requestId: contextValue.requestId }, 'unexpected error');
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
