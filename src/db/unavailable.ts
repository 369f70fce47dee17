import { say } from '../domain/common/bilingual';
import { RequestError, UserInputFailure } from '../domain/common/domain-error';

/**
 * Errors that say "the database cannot serve this request now" rather than "this request is
 * wrong": the pool had no connection within its time-out, the server refused or dropped the
 * connection, or it is starting up or shutting down. Clients get 503 SERVICE_UNAVAILABLE
 * with `Retry-After` for these (src/server/unavailable.plugin.ts), never a 500.
 *
 * The shapes matched, wherever they sit in the chain (`cause`, `originalError`, the `errors`
 * of an AggregateError, MikroORM's DriverException that copies the driver error's fields):
 * - knex: `KnexTimeoutError` "Knex: Timeout acquiring a connection" (pool exhausted or the
 *   server not answering), "Unable to acquire a connection" (pool closed during shutdown);
 * - node-postgres / Node sockets: codes ECONNREFUSED, ECONNRESET, ETIMEDOUT, EPIPE,
 *   EHOSTUNREACH, ENETUNREACH, ENOTFOUND, EAI_AGAIN; messages "Connection terminated",
 *   "Connection terminated unexpectedly", "Client has encountered a connection error and
 *   is not queryable", "Client was closed and is not queryable";
 * - knex "Transaction query already complete": what a transaction's statements get when its
 *   BEGIN failed on a connection the server had terminated (the first error is not passed on);
 *   the services never run a statement after their transaction ends;
 * - PostgreSQL SQLSTATE classes 08 (connection exception) and 57P01 admin_shutdown,
 *   57P02 crash_shutdown, 57P03 cannot_connect_now, 53300 too_many_connections.
 * Not matched: 57014 (a statement time-out: the request asked too much, see TIMEOUT). The
 * API's own errors (a GraphQL error, a request or user-input failure) are never read by
 * their text, which may quote the client's input; only the error a GraphQL error wraps is.
 */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const MESSAGES = [
  /Timeout acquiring a connection/i,
  /Unable to acquire a connection/i,
  /Connection terminated/i,
  /is not queryable/i,
  /Transaction query already complete/i,
  /terminating connection due to administrator command/i,
  /the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)/i,
];

/** Seconds a client should wait before retrying a 503. */
export const RETRY_AFTER_SECONDS = 1;

export const UNAVAILABLE_MESSAGE = say(
  '数据库此刻繁忙或无法连接；失败的部分没有做任何更改。请在 Retry-After 给出的时间之后重试。',
  'The database is busy or unreachable right now; nothing was changed by the part that failed. Retry after the time in Retry-After.',
);

/** knex prefixes a driver's message with the failing SQL and its bindings (`<sql> - <message>`): only the last part is the driver's. */
function driverMessage(message: string): string {
  const at = message.lastIndexOf(' - ');
  return at < 0 ? message : message.slice(at + 3);
}

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (error == null || typeof error !== 'object' || depth > 6) return false;
  const e = error as { name?: unknown; code?: unknown; message?: unknown; cause?: unknown; originalError?: unknown; errors?: unknown };
  if (error instanceof RequestError || error instanceof UserInputFailure) return false;
  if ('extensions' in error) return isDatabaseUnavailable(e.originalError, depth + 1);
  if (e.name === 'KnexTimeoutError') return true;
  if (typeof e.code === 'string' && (SOCKET_CODES.has(e.code) || SQLSTATES.has(e.code) || /^08[0-9A-Z]{3}$/.test(e.code))) return true;
  // A PostgreSQL error is decided by its SQLSTATE alone: its message quotes the statement and
  // its parameters (the client's text), which must not turn a real failure into a retryable 503.
  if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return false;
  if (typeof e.message === 'string' && MESSAGES.some((m) => m.test(driverMessage(e.message as string)))) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(e.cause, depth + 1) || isDatabaseUnavailable(e.originalError, depth + 1);
}
