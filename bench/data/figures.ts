import type { Client } from 'pg';
import { refreshCustomerStatsSql } from '../../src/services/customer-stats.sql';
import { quote } from './sql';

export const STATS_CHUNK = 20_000;

/**
 * Customer figures with the application's own statement (refreshCustomerStatsSql, the one
 * refreshCustomerStats runs after every record write), over id ranges of 20,000 customers,
 * shared out among the given sessions (each takes the next range when it is done: the ranges
 * are disjoint, so the result does not depend on the order). Its `updated_at` is the
 * transaction's now(); it is then set to the dataset's anchor so a re-run gives the same rows.
 */
export async function refreshAllStats(
  clients: Client | Client[],
  anchor: string,
  onChunk?: (done: number, total: number) => void,
): Promise<number> {
  const sessions = Array.isArray(clients) ? clients : [clients];
  const first = sessions[0]!;
  const { rows } = await first.query<{ lo: number; hi: number }>('select min(id) as lo, max(id) as hi from customer');
  const { lo, hi } = rows[0];
  if (lo == null) return 0;
  const sql = refreshCustomerStatsSql('c.id between $1 and $2');
  let next = lo;
  let total = 0;
  await Promise.all(
    sessions.map(async (client) => {
      while (next <= hi) {
        const from = next;
        next += STATS_CHUNK;
        const result = await client.query(sql, [from, Math.min(from + STATS_CHUNK - 1, hi)]);
        total += result.rowCount ?? 0;
        onChunk?.(total, hi - lo + 1);
      }
    }),
  );
  await first.query(`update customer_stats set updated_at = ${quote(anchor)}::timestamptz`);
  return total;
}
