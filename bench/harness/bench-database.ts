import path from 'node:path';
import { Client } from 'pg';
import { withDatabase } from '../../src/db/database';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../src/db/embedded-postgres';

export const BENCH_DATABASE = 'bench';

export interface BenchServer {
  /** Maintenance URL (database `postgres`) as the superuser. */
  adminUrl: string;
  /** The `bench` database as the superuser. */
  url: string;
  embedded: EmbeddedPostgresHandle | null;
}

/**
 * The benchmark's PostgreSQL: DATABASE_URL's server when set, else an embedded cluster of
 * its own in `.data/bench-postgres` (never the demo database), with pg_stat_statements
 * loaded so statements per request can be counted.
 */
export async function startBenchServer(): Promise<BenchServer> {
  if (process.env.DATABASE_URL) {
    return { adminUrl: withDatabase(process.env.DATABASE_URL, 'postgres'), url: withDatabase(process.env.DATABASE_URL, BENCH_DATABASE), embedded: null };
  }
  const embedded = await startEmbeddedPostgres({
    dataDir: path.resolve(process.env.BENCH_PG_DATA_DIR || path.join(process.cwd(), '.data', 'bench-postgres')),
    port: Number(process.env.BENCH_PG_PORT || 54330),
    settings: {
      shared_preload_libraries: 'pg_stat_statements',
      'pg_stat_statements.track': 'all',
      shared_buffers: '512MB',
      work_mem: '16MB',
    },
  });
  return { adminUrl: embedded.url, url: withDatabase(embedded.url, BENCH_DATABASE), embedded };
}

export async function query<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}
