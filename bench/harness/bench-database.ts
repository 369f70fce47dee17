import path from 'node:path';
import { Client } from 'pg';
import { withDatabase } from '../../src/db/database';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../src/db/embedded-postgres';

/** The default benchmark database (100,000 customers: B1–B7, S1). */
export const BENCH_DATABASE = 'bench';

/**
 * The database a run uses: `BENCH_DATABASE` (e.g. `bench_1m` for the 1,000,000-customer
 * dataset of G1/G3), else `bench`. A plain lower-case identifier: it is written into SQL.
 */
export function benchDatabaseName(name = process.env.BENCH_DATABASE || BENCH_DATABASE): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name) || ['postgres', 'template0', 'template1'].includes(name)) {
    throw new Error(`BENCH_DATABASE / --database must be a lower-case identifier other than postgres and the templates, got "${name}"`);
  }
  return name;
}

export interface BenchServer {
  /** Maintenance URL (database `postgres`) as the superuser. */
  adminUrl: string;
  /** The benchmark database (`bench`, or `BENCH_DATABASE`) as the superuser. */
  url: string;
  database: string;
  embedded: EmbeddedPostgresHandle | null;
}

/**
 * The benchmark's PostgreSQL: DATABASE_URL's server when set, else an embedded cluster of
 * its own in `.data/bench-postgres` (never the demo database; `BENCH_PG_DATA_DIR` and
 * `BENCH_PG_PORT` choose another cluster, e.g. one kept for the 1,000,000-customer dataset),
 * with pg_stat_statements loaded so statements per request can be counted.
 */
export async function startBenchServer(database = benchDatabaseName()): Promise<BenchServer> {
  if (process.env.DATABASE_URL) {
    return {
      adminUrl: withDatabase(process.env.DATABASE_URL, 'postgres'),
      url: withDatabase(process.env.DATABASE_URL, database),
      database,
      embedded: null,
    };
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
  return { adminUrl: embedded.url, url: withDatabase(embedded.url, database), database, embedded };
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
