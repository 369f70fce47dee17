import type { EntityManager } from '@mikro-orm/postgresql';
import { userError, UserInputFailure } from '../domain/common/domain-error';
import { Customer } from '../entities';
import { localIdOf } from '../schema/global-id';
import { applyCustomerScope, scopeFor } from './customer-scope';
import { refreshCustomerStatsSql } from './customer-stats.sql';
import type { ServiceContext } from './service-context';

/**
 * Recomputes the figures of the given customers from their records and writes them, in the
 * caller's transaction. Callers hold the customer's row lock (lockCustomerForRecords), so
 * concurrent writers of one customer apply one after the other and the row stays exact.
 */
export async function refreshCustomerStats(em: EntityManager, customerIds: readonly number[]): Promise<void> {
  if (customerIds.length === 0) return;
  await em.execute(refreshCustomerStatsSql('c.id in (?)'), [[...customerIds]]);
}

/**
 * The customer a record write is about, locked for the rest of the transaction, or a
 * NOT_FOUND user error at `field` when it does not exist or is outside the viewer's scope.
 */
export async function lockCustomerForRecords(
  ctx: ServiceContext,
  em: EntityManager,
  customerGlobalId: string,
  field: string[],
): Promise<Customer> {
  const id = localIdOf(customerGlobalId, 'Customer');
  if (id) {
    const query = em.getKnex().from('customer as c').select('c.*').where('c.id', id).forUpdate();
    applyCustomerScope(query, scopeFor(ctx.viewer));
    const rows = await em.execute(query);
    if (rows[0]) return em.map(Customer, rows[0]);
  }
  throw new UserInputFailure([userError(field, `no customer with id "${customerGlobalId}"`, 'NOT_FOUND')]);
}

/** Locks a customer by local id (the record was already found within the scope). */
export async function lockCustomerById(em: EntityManager, customerId: number): Promise<void> {
  await em.execute('select id from customer where id = ? for update', [customerId]);
}
