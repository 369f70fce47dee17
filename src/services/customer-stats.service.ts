import type { EntityManager } from '@mikro-orm/postgresql';
import { QUALIFYING_OUTCOMES } from '../domain/records/records.enums';
import { userError, UserInputFailure } from '../domain/common/domain-error';
import { Customer } from '../entities';
import { localIdOf } from '../schema/global-id';
import { applyCustomerScope, scopeFor } from './customer-scope';
import type { ServiceContext } from './service-context';

const OPEN_INQUIRY = `('NEW', 'QUOTED', 'NEGOTIATING')`;

/**
 * Recomputes the figures of the given customers from their records and writes them, in the
 * caller's transaction. Callers hold the customer's row lock (lockCustomerForRecords), so
 * concurrent writers of one customer apply one after the other and the row stays exact.
 */
export async function refreshCustomerStats(em: EntityManager, customerIds: readonly number[]): Promise<void> {
  if (customerIds.length === 0) return;
  const qualifying = QUALIFYING_OUTCOMES.map((o) => `'${o}'`).join(', ');
  await em.execute(
    `insert into customer_stats (customer_id, first_order_at, last_order_at, order_count, total_spent, gross_profit, outstanding,
        last_follow_up_at, follow_up_count, last_qualifying_follow_up_at, open_inquiry_count, open_inquiry_amount,
        satisfaction_count, satisfaction_sum, updated_at)
     select c.id, o.first_at, o.last_at, coalesce(o.n, 0), coalesce(o.spent, 0), coalesce(o.profit, 0), coalesce(ob.owed, 0),
            f.last_at, coalesce(f.n, 0), f.last_qualifying, coalesce(i.n, 0), coalesce(i.amount, 0),
            coalesce(s.n, 0), coalesce(s.total, 0), now()
       from customer c
       left join lateral (
         select min(ordered_at) first_at, max(ordered_at) last_at, count(*) n, sum(total) spent, sum(total - cost_total) profit
           from sales_order where customer_id = c.id and status = 'COMPLETED') o on true
       left join lateral (
         select sum(total - paid_total) owed from sales_order where customer_id = c.id and status in ('PENDING', 'COMPLETED')) ob on true
       left join lateral (
         select max(occurred_at) last_at, count(*) n, max(occurred_at) filter (where outcome in (${qualifying})) last_qualifying
           from follow_up where customer_id = c.id) f on true
       left join lateral (
         select count(*) n, sum(coalesce(amount, 0)) amount from inquiry where customer_id = c.id and status in ${OPEN_INQUIRY}) i on true
       left join lateral (
         select count(satisfaction) n, sum(satisfaction) total from service_case where customer_id = c.id) s on true
      where c.id in (?)
     on conflict (customer_id) do update set
        first_order_at = excluded.first_order_at, last_order_at = excluded.last_order_at, order_count = excluded.order_count,
        total_spent = excluded.total_spent, gross_profit = excluded.gross_profit, outstanding = excluded.outstanding,
        last_follow_up_at = excluded.last_follow_up_at, follow_up_count = excluded.follow_up_count,
        last_qualifying_follow_up_at = excluded.last_qualifying_follow_up_at, open_inquiry_count = excluded.open_inquiry_count,
        open_inquiry_amount = excluded.open_inquiry_amount, satisfaction_count = excluded.satisfaction_count,
        satisfaction_sum = excluded.satisfaction_sum, updated_at = excluded.updated_at`,
    [[...customerIds]],
  );
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
