import type { OrderStatus } from './records.enums';

/** Legal order moves: pending orders complete or cancel; completed orders may be refunded. */
const MOVES: Record<OrderStatus, readonly OrderStatus[]> = {
  PENDING: ['COMPLETED', 'CANCELLED'],
  COMPLETED: ['REFUNDED'],
  CANCELLED: [],
  REFUNDED: [],
};

export function canMoveOrder(from: OrderStatus, to: OrderStatus): boolean {
  return MOVES[from].includes(to);
}

/** Payments are taken against orders that are still live. */
export function acceptsPayment(status: OrderStatus): boolean {
  return status === 'PENDING' || status === 'COMPLETED';
}
