import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { RequestError, type RequestErrorCode } from '../domain/common/domain-error';
import { assertNever } from '../domain/common/assert-never';

function httpCodeOf(code: RequestErrorCode): string {
  switch (code) {
    case 'BAD_USER_INPUT':
    case 'UNAUTHENTICATED':
    case 'FORBIDDEN':
      return code;
    default:
      return assertNever(code);
  }
}

/** PostgreSQL cancelled a statement at its `statement_timeout` (SQLSTATE 57014, not a cancel by request). */
export function isStatementTimeout(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  return e?.code === '57014' && typeof e.message === 'string' && e.message.includes('statement timeout');
}

export const TIMEOUT_MESSAGE =
  'The database took longer than this server allows for one statement and stopped it. Ask for less (a narrower filter, a smaller page) or try again later.';

/** Whether an error is one the API means to show (a coded GraphQL error or a RequestError). */
export function isExpected(error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (original instanceof RequestError) return true;
  if (original instanceof GraphQLError) {
    const code = original.extensions?.code;
    return typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR';
  }
  return false;
}

/**
 * The one place errors get their wire shape. Domain request errors get their code;
 * unexpected errors are masked in production (they are logged with the request id).
 */
export function formatError(production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof RequestError) {
      return { message: original.message, locations: formatted.locations, path: formatted.path, extensions: { code: httpCodeOf(original.code) } };
    }
    if (isStatementTimeout(original)) {
      return { message: TIMEOUT_MESSAGE, locations: formatted.locations, path: formatted.path, extensions: { code: 'TIMEOUT' } };
    }
    if (isExpected(error) || formatted.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' || formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED') {
      return formatted;
    }
    if (!production) return formatted;
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
