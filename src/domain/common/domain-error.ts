import type { Bilingual } from './bilingual';

/**
 * Codes for the failures the domain and services report. One exhaustive switch at the
 * GraphQL edge maps each code to a user error or a GraphQL error.
 */
export const USER_ERROR_CODES = [
  'INVALID',
  'REQUIRED',
  'NOT_FOUND',
  'TAKEN',
  'CONFLICT',
  'TOO_LONG',
  'FORBIDDEN',
  'INVALID_CREDENTIALS',
  'ILLEGAL_TRANSITION',
  'IDEMPOTENCY_KEY_REUSED',
  'DUPLICATE',
] as const;
export type UserErrorCode = (typeof USER_ERROR_CODES)[number];

export interface UserErrorData {
  /** Path to the input field, e.g. ['input', 'email']; empty when the error is not about one field. */
  field: string[];
  /** What is wrong, in Chinese and English; the GraphQL edge answers the request's language. */
  message: Bilingual;
  code: UserErrorCode;
}

/** Thrown inside a service transaction to roll it back and report user errors. */
export class UserInputFailure extends Error {
  constructor(readonly userErrors: UserErrorData[]) {
    super(userErrors.map((e) => `${e.field.join('.')}: ${e.message.en}`).join('; '));
  }
}

export function userError(field: string[], message: Bilingual, code: UserErrorCode = 'INVALID'): UserErrorData {
  return { field, message, code };
}

/** Codes of errors that fail a whole request (GraphQL `errors[].extensions.code`). */
export type RequestErrorCode = 'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'FORBIDDEN';

/** A failure of the request itself (bad argument, no viewer, missing role or scope). */
export class RequestError extends Error {
  /** The message in both languages (`message` is the English one, for logs). */
  readonly text: Bilingual;

  constructor(
    readonly code: RequestErrorCode,
    message: Bilingual,
    /** Further facts for the client beside the code (GraphQL `extensions`), e.g. the line and column of a query that does not parse. */
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message.en);
    this.text = message;
  }
}
