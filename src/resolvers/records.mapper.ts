import type { UserErrorData } from '../domain/common/domain-error';
import type { OrderLineInput } from '../schema/types/order.input';
import { requestHash } from '../services/idempotency';
import type { Idempotency, OrderLineCommand } from '../services/order.service';
import { checkInput } from '../services/validate-input';
import { givenId } from './given-id';

/** The input's own fields plus what its validation rules find: the `Checked` part of a record write command. */
export async function checked<T extends object>(input: T): Promise<T & { invalid: UserErrorData[] }> {
  return { ...input, invalid: await checkInput(input) };
}

/** The retry-safe key of an input, with the fingerprint of the input as the client sent it. */
export function idempotencyOf(input: { idempotencyKey?: string | null }): Idempotency | null {
  return input.idempotencyKey ? { key: input.idempotencyKey, hash: requestHash(input) } : null;
}

export function orderLines(lines: OrderLineInput[]): OrderLineCommand[] {
  return lines.map((line) => ({ ...line, productId: givenId(line.productId, 'Product') }));
}
