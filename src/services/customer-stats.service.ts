import type { EntityManager } from '@mikro-orm/postgresql';
import { say } from '../domain/common/bilingual';
import { userError, UserInputFailure } from '../domain/common/domain-error';
import { Customer } from '../entities';
import { applyCustomerScope, scopeFor } from './customer-scope';
import { refreshCustomerStatsReportingSql } from './customer-stats.sql';
import type { GivenId } from './given-id';
import type { ServiceContext } from './service-context';
import type { WriteNotes } from './transaction';

/**
 * Recomputes the figures of the given customers from their records and writes them, in the
 * caller's transaction. Callers hold the customer's row lock (lockCustomerForRecords), so
 * concurrent writers of one customer apply one after the other and the row stays exact.
 * Answers whether a figure the scoring population reads changed (same statement, no extra
 * round trip), so a write that touched nothing else may skip the scoring data version.
 */
export async function refreshCustomerStats(em: EntityManager, customerIds: readonly number[]): Promise<{ scoringChanged: boolean }> {
  if (customerIds.length === 0) return { scoringChanged: false };
  const ids = [...customerIds];
  const [row] = await em.execute(refreshCustomerStatsReportingSql('c.id in (?)', 'customer_id in (?)'), [ids, ids]);
  return { scoringChanged: Number(row?.scoring_changed ?? 1) > 0 };
}

/**
 * For a write whose only scoring-relevant effect is on customer_stats (follow-ups,
 * inquiries, service cases): declares the scoring inputs unchanged when the refresh says so.
 */
export function noteStatsEffect(notes: WriteNotes, refreshed: { scoringChanged: boolean }, what: string): void {
  if (!refreshed.scoringChanged) {
    notes.scoringUnchanged(`${what} reaches the scoring population only through customer_stats, whose scoring columns did not change`);
  }
}

/**
 * The customer a record write is about, locked for the rest of the transaction, or a
 * NOT_FOUND user error at `field` when it does not exist or is outside the viewer's scope.
 */
export async function lockCustomerForRecords(
  ctx: ServiceContext,
  em: EntityManager,
  customer: GivenId,
  field: string[],
): Promise<Customer> {
  if (customer.id) {
    const query = em.getKnex().from('customer as c').select('c.*').where('c.id', customer.id).forUpdate();
    applyCustomerScope(query, scopeFor(ctx.viewer));
    const rows = await em.execute(query);
    if (rows[0]) return em.map(Customer, rows[0]);
  }
  throw new UserInputFailure([
    userError(field, say(`没有 id 为“${customer.raw}”的客户`, `no customer with id "${customer.raw}"`), 'NOT_FOUND'),
  ]);
}

/** Locks a customer by local id (the record was already found within the scope). */
export async function lockCustomerById(em: EntityManager, customerId: number): Promise<void> {
  await em.execute('select id from customer where id = ? for update', [customerId]);
}
