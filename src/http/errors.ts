import { STATUS_CODES } from 'node:http';
import type express from 'express';
import type { Logger } from 'pino';
import { assertNever } from '../domain/common/assert-never';
import { RequestError, UserInputFailure, type RequestErrorCode, type UserErrorCode } from '../domain/common/domain-error';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS, UNAVAILABLE_MESSAGE } from '../db/unavailable';
import { say, textIn, type Bilingual } from '../domain/common/bilingual';
import { localeFromAcceptLanguage, type Locale } from '../domain/common/locale';

/**
 * The one error mapper of the edge. A failure the API means to report (a coded domain error,
 * a database that cannot serve now, a statement time-out) becomes an `EdgeError`: a code, a
 * message, and the facts beside them. GraphQL gives it its wire shape in `formatError`
 * (`src/server/errors.ts`: `errors[].extensions.code`); the HTTP routes answer it as RFC 9457
 * problem JSON (`sendProblem`). Each code has one HTTP status (`statusOf`, exhaustive).
 */
export type EdgeErrorCode =
  RequestErrorCode | 'NOT_FOUND' | 'CONFLICT' | 'TOO_MANY_REQUESTS' | 'SERVICE_UNAVAILABLE' | 'TIMEOUT' | 'INTERNAL_SERVER_ERROR';

export interface EdgeError {
  code: EdgeErrorCode;
  /** For the client: GraphQL `message`, problem `detail`, in the request's language. */
  message: Bilingual;
  /** The query parameter at fault (HTTP routes). */
  parameter?: string;
  /** Further facts beside the code: GraphQL `extensions`, extension members of a problem. */
  details?: Readonly<Record<string, unknown>>;
  /** Seconds before a retry may succeed (`Retry-After`). */
  retryAfterSeconds?: number;
}

export function statusOf(code: EdgeErrorCode): number {
  switch (code) {
    case 'BAD_USER_INPUT':
      return 400;
    case 'UNAUTHENTICATED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'CONFLICT':
      return 409;
    case 'TOO_MANY_REQUESTS':
      return 429;
    case 'SERVICE_UNAVAILABLE':
    case 'TIMEOUT':
      return 503;
    case 'INTERNAL_SERVER_ERROR':
      return 500;
    default:
      return assertNever(code);
  }
}

/** A request error keeps its code on the wire. */
function requestCode(code: RequestErrorCode): EdgeErrorCode {
  switch (code) {
    case 'BAD_USER_INPUT':
    case 'UNAUTHENTICATED':
    case 'FORBIDDEN':
      return code;
    default:
      return assertNever(code);
  }
}

/**
 * A user error that reaches an HTTP route (GraphQL answers them as `userErrors` in the
 * payload, never here): the code of the whole request.
 */
export function userErrorCode(code: UserErrorCode): EdgeErrorCode {
  switch (code) {
    case 'INVALID':
    case 'REQUIRED':
    case 'TOO_LONG':
      return 'BAD_USER_INPUT';
    case 'NOT_FOUND':
      return 'NOT_FOUND';
    case 'TAKEN':
    case 'CONFLICT':
    case 'ILLEGAL_TRANSITION':
    case 'IDEMPOTENCY_KEY_REUSED':
    case 'DUPLICATE':
      return 'CONFLICT';
    case 'FORBIDDEN':
      return 'FORBIDDEN';
    case 'INVALID_CREDENTIALS':
      return 'UNAUTHENTICATED';
    default:
      return assertNever(code);
  }
}

/** PostgreSQL cancelled a statement at its `statement_timeout` (SQLSTATE 57014, not a cancel by request). */
export function isStatementTimeout(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  return e?.code === '57014' && typeof e.message === 'string' && e.message.includes('statement timeout');
}

export const TIMEOUT_MESSAGE = say(
  '数据库执行一条语句的时间超过了本服务器允许的上限，已被中止。请缩小请求范围（更窄的筛选条件、更小的分页）或稍后再试。',
  'The database took longer than this server allows for one statement and stopped it. Ask for less (a narrower filter, a smaller page) or try again later.',
);

export const INTERNAL_ERROR: EdgeError = { code: 'INTERNAL_SERVER_ERROR', message: say('服务器内部错误', 'Internal server error') };

/**
 * The failures both edges report as they are: a RequestError (its code and details), a
 * database that cannot serve now (SERVICE_UNAVAILABLE, retry after a second), a statement
 * time-out (TIMEOUT). Anything else is null: unexpected, logged and masked by the caller.
 */
export function edgeErrorOf(error: unknown): EdgeError | null {
  if (error instanceof RequestError) return { code: requestCode(error.code), message: error.text, details: error.details };
  if (isDatabaseUnavailable(error)) {
    return {
      code: 'SERVICE_UNAVAILABLE',
      message: UNAVAILABLE_MESSAGE,
      details: { retryAfterSeconds: RETRY_AFTER_SECONDS },
      retryAfterSeconds: RETRY_AFTER_SECONDS,
    };
  }
  if (isStatementTimeout(error)) return { code: 'TIMEOUT', message: TIMEOUT_MESSAGE };
  return null;
}

/** `errors[].extensions` of a GraphQL error: the code first, then the details. */
export function graphqlExtensionsOf(error: EdgeError): Record<string, unknown> {
  return { code: error.code, ...error.details };
}

/** What an HTTP route answers for an error: `edgeErrorOf`, and a user error by its first code. */
export function httpErrorOf(error: unknown): EdgeError | null {
  if (error instanceof UserInputFailure && error.userErrors.length > 0) {
    const first = error.userErrors[0];
    const message = { zh: error.userErrors.map((e) => `${e.field.join('.')}：${e.message.zh}`).join('；'), en: error.message };
    return { code: userErrorCode(first.code), message, parameter: first.field.length ? first.field.join('.') : undefined };
  }
  return edgeErrorOf(error);
}

/** RFC 9457 problem details, with the API's code (what a client switches on) and the request id. */
export interface ProblemJson {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: EdgeErrorCode;
  parameter?: string;
  requestId?: string;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export function problemJson(error: EdgeError, locale: Locale, requestId?: string): ProblemJson {
  const status = statusOf(error.code);
  return {
    ...error.details,
    // No problem type of our own: `about:blank` and the status phrase; `code` says which failure.
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail: textIn(error.message, locale),
    code: error.code,
    ...(error.parameter ? { parameter: error.parameter } : {}),
    ...(requestId ? { requestId } : {}),
  };
}

/** Answers an error as problem JSON in the request's language, with `WWW-Authenticate` for 401 and `Retry-After` when there is one. */
export function sendProblem(req: express.Request, res: express.Response, error: EdgeError): void {
  if (error.code === 'UNAUTHENTICATED') res.setHeader('WWW-Authenticate', 'Bearer');
  if (error.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(error.retryAfterSeconds));
  res.removeHeader('Content-Disposition');
  res.status(statusOf(error.code));
  res.setHeader('Content-Type', PROBLEM_CONTENT_TYPE);
  const locale = localeFromAcceptLanguage(req.get('accept-language'));
  res.send(JSON.stringify(problemJson(error, locale, req.id === undefined ? undefined : String(req.id))));
}

/**
 * The last word of an HTTP route on a failure: problem JSON for what `httpErrorOf` knows, a
 * logged and masked 500 for the rest; a response already under way is cut instead, so it is
 * not taken for a whole file.
 */
export function answerError(req: express.Request, res: express.Response, error: unknown, log: Logger, what: string): void {
  if (res.headersSent || res.destroyed) {
    if ((error as { code?: string } | null)?.code !== 'ERR_STREAM_PREMATURE_CLOSE')
      log.error({ err: error, requestId: req.id }, `${what} failed while streaming`);
    res.destroy(error instanceof Error ? error : undefined);
    return;
  }
  const known = httpErrorOf(error);
  if (!known) log.error({ err: error, requestId: req.id }, `${what} failed`);
  sendProblem(req, res, known ?? INTERNAL_ERROR);
}
