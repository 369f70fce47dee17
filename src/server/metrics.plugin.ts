import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';

export type GraphqlOutcome = 'ok' | 'user_error' | 'error';

/**
 * What the metrics learn of one GraphQL request. The HTTP edge (src/http/metrics.ts) makes one
 * per request and records it when the response has gone; this plugin fills in what only
 * Apollo knows, and the statement counter adds the request's statements.
 */
export interface GraphqlRequestRecord {
  /** The operation's name (`''` when anonymous), once Apollo resolved one; unset after a parse or validation failure. */
  operation?: string;
  /** Unset when Apollo never answered (a malformed body, a failed context): the edge then goes by the HTTP status. */
  outcome?: GraphqlOutcome;
  /** The first error's `extensions.code`, or the first user error's `code`. */
  code?: string;
  /** SQL statements the request sent. */
  statements: number;
}

export interface MetricsPluginHooks {
  /** The record of the request in progress (none for `executeOperation`, which no HTTP request carries). */
  current(): GraphqlRequestRecord | undefined;
  /** One error of a response, by code: `field` when it has a path (a resolver's), else `request`. */
  error(code: string, kind: 'field' | 'request'): void;
  /** Apollo stops: let go of what the metrics listen to. */
  stop(): void;
}

/** The code of a formatted error (formatError has given every error one). */
function codeOf(error: GraphQLFormattedError): string {
  const code = error.extensions?.code;
  return typeof code === 'string' ? code : 'UNKNOWN';
}

/** The code of the first user error in a root field's payload (`{ userErrors: [{ code }] }`), if any. */
function firstUserErrorCode(data: Record<string, unknown> | null | undefined): string | undefined {
  if (!data) return undefined;
  for (const key in data) {
    const payload = data[key] as { userErrors?: unknown } | null;
    if (payload === null || typeof payload !== 'object' || !Array.isArray(payload.userErrors) || payload.userErrors.length === 0) continue;
    const code = (payload.userErrors[0] as { code?: unknown } | null)?.code;
    return typeof code === 'string' ? code : 'USER_ERROR';
  }
  return undefined;
}

/**
 * Operation name and outcome of each request for the metrics: `error` when the response has
 * errors (by the first one's code, every one counted by `hooks.error`), `user_error` when a
 * root field's payload carries `userErrors`, else `ok`. Two hooks and a look at the root
 * fields: nothing per field.
 */
export function metricsPlugin(hooks: MetricsPluginHooks): ApolloServerPlugin {
  return {
    async serverWillStart() {
      return {
        async serverWillStop() {
          hooks.stop();
        },
      };
    },
    async requestDidStart() {
      const record = hooks.current();
      if (!record) return;
      return {
        async didResolveOperation({ operation, contextValue }) {
          // Only a signed-in caller's operation names get labels of their own: a client without
          // credentials cannot use up METRICS_MAX_OPERATIONS with invented names.
          const signedIn = (contextValue as { viewer?: unknown }).viewer != null;
          record.operation = signedIn ? (operation?.name?.value ?? '') : 'unauthenticated';
        },
        async willSendResponse({ response }) {
          const result = response.body.kind === 'single' ? response.body.singleResult : response.body.initialResult;
          const errors = result.errors ?? [];
          if (errors.length > 0) {
            record.outcome = 'error';
            record.code = codeOf(errors[0]);
            for (const error of errors) hooks.error(codeOf(error), error.path ? 'field' : 'request');
            return;
          }
          const userError = firstUserErrorCode(result.data);
          record.outcome = userError === undefined ? 'ok' : 'user_error';
          record.code = userError;
        },
      };
    },
  };
}
