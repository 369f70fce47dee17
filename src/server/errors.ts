import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { RequestError } from '../domain/common/domain-error';
import { edgeErrorOf, graphqlExtensionsOf, INTERNAL_ERROR } from '../http/errors';
import { textIn } from '../domain/common/bilingual';
import { localizedMessage, requestLocale } from './request-locale';

export { isStatementTimeout, TIMEOUT_MESSAGE } from '../http/errors';

/**
 * Apollo's own refusals of a request (an APQ hash that does not match its query, an
 * unsupported APQ version) carry a 4xx status but no code, so Apollo would code them
 * INTERNAL_SERVER_ERROR: they are the client's, BAD_REQUEST.
 */
function isUncodedClientError(error: unknown): boolean {
  if (!(error instanceof GraphQLError) || error.extensions?.code !== undefined) return false;
  const status = (error.extensions?.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/** graphql-js suggestions (` Did you mean "customers"?`) name the schema's fields, types and values. */
const SUGGESTIONS = / ?Did you mean [^?]*\?/g;

/** Whether an error is one the API means to show (a coded GraphQL error or a RequestError). */
export function isExpected(error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (original instanceof RequestError) return true;
  if (isUncodedClientError(original)) return true;
  if (original instanceof GraphQLError) {
    const code = original.extensions?.code;
    return typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR';
  }
  return false;
}

/**
 * The one place errors get their wire shape. Domain request errors get their code;
 * unexpected errors are masked in production (they are logged with the request id).
 * In production, where introspection is off, messages carry no "Did you mean …" suggestions.
 */
export function formatError(production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    if (production && formatted.message.includes('Did you mean'))
      formatted = { ...formatted, message: formatted.message.replace(SUGGESTIONS, '') };
    const original = unwrapResolverError(error);
    if (isUncodedClientError(original)) return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_REQUEST' } };
    // A coded domain error, a database that cannot serve, a statement time-out: the edge's one mapper (src/http/errors.ts).
    const known = edgeErrorOf(original);
    if (known)
      return {
        message: textIn(known.message, requestLocale()),
        locations: formatted.locations,
        path: formatted.path,
        extensions: graphqlExtensionsOf(known),
      };
    // A value our scalars refuse is BAD_USER_INPUT inline as in a variable (Apollo codes any bad literal as a validation failure).
    if (
      formatted.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' &&
      error instanceof GraphQLError &&
      error.originalError instanceof GraphQLError &&
      error.originalError.extensions?.code === 'BAD_USER_INPUT'
    ) {
      return {
        ...formatted,
        message: localizedMessage(error, formatted.message),
        extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT' },
      };
    }
    if (
      isExpected(error) ||
      formatted.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' ||
      formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED'
    ) {
      // Ours say it in both languages (`bilingualError`); graphql-js's own (an unknown field, a variable of the wrong type) are English.
      return { ...formatted, message: localizedMessage(error, formatted.message) };
    }
    if (!production) return formatted;
    return {
      message: textIn(INTERNAL_ERROR.message, requestLocale()),
      locations: formatted.locations,
      path: formatted.path,
      extensions: graphqlExtensionsOf(INTERNAL_ERROR),
    };
  };
}
