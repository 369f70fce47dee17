import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../domain/access/viewer';
import { applyCustomerScope, scopeFor } from './customer-scope';

/**
 * Rows of a customer's record table (orders, payments, follow-ups, inquiries, service
 * cases) by id, keeping only those whose customer is in the viewer's data scope.
 */
export async function visibleRecordRows(
  em: EntityManager,
  viewer: Viewer | null,
  table: string,
  ids: readonly number[],
): Promise<Map<number, Record<string, unknown>>> {
  if (ids.length === 0) return new Map();
  const query = em
    .getKnex()
    .from(`${table} as r`)
    .select('r.*')
    .join('customer as c', 'c.id', 'r.customer_id')
    .whereIn('r.id', [...ids]);
  applyCustomerScope(query, scopeFor(viewer));
  const rows: Array<Record<string, unknown> & { id: number }> = await em.execute(query);
  return new Map(rows.map((r) => [r.id, r]));
}
