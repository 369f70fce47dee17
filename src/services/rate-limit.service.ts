import type { EntityManager } from '@mikro-orm/postgresql';
import type { BucketSize } from '../domain/access/rate-limit';

export interface Charge {
  /** Whether the bucket held the cost (it was then taken). */
  allowed: boolean;
  /** Points left in the bucket after the charge (or, refused, what it holds). */
  available: number;
}

/**
 * Charges `cost` points to the bucket `key` (restored for the time since its last charge,
 * plus `refund` points this process owes it), in one statement under the bucket's row lock,
 * so requests of one key through any number of API processes never overdraw it.
 */
export async function chargeBucket(em: EntityManager, key: string, size: BucketSize, cost: number, refund: number): Promise<Charge> {
  const [row] = await em.execute<Array<{ allowed: boolean; available: number }>>(
    'select allowed, available from rate_charge(?, ?, ?, ?, ?)',
    [key, size.capacity, size.restorePerSecond, cost, refund],
  );
  return { allowed: row.allowed, available: Number(row.available) };
}
