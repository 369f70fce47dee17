import type { UserErrorData } from '../domain/common/domain-error';

/**
 * What every write command carries besides its fields: the problems the GraphQL boundary's
 * validation rules found in the input, which the service reports together with its own, in
 * the same order and at the same point of the write as before.
 */
export interface Checked {
  invalid: UserErrorData[];
}
