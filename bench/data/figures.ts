import type { Client } from 'pg';
import { refreshCustomerStatsSql } from '../../src/services/customer-stats.sql';
import { quote } from './sql';

export const STATS_CHUNK = 20_000;

/**
 * Customer figures with the application's own statement (refreshCustomerStatsSql, the one
 * refreshCustomerStats runs after every record write), over id ranges of 20,000 customers.
 * Its `updated_at` is the transaction's now(); it is then set to the dataset's anchor so a
 * re-run gives the same rows.
 */
export async function refreshAllStats(client: Client, anchor: string, onChunk?: (done: number, total: number) => void): Promise<number> {
  const { rows } = await client.query<{ lo: number; hi: number }>('select min(id) as lo, max(id) as hi from customer');
  const { lo, hi } = rows[0];
  if (lo == null) return 0;
  const sql = refreshCustomerStatsSql('c.id between $1 and $2');
  let total = 0;
  for (let from = lo; from <= hi; from += STATS_CHUNK) {
    const result = await client.query(sql, [from, Math.min(from + STATS_CHUNK - 1, hi)]);
    total += result.rowCount ?? 0;
    onChunk?.(total, hi - lo + 1);
  }
  await client.query(`update customer_stats set updated_at = ${quote(anchor)}::timestamptz`);
  return total;
}
