import { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../config';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './embedded-postgres';
import { ormOptions } from './orm.config';

export const EMBEDDED_DATABASE_NAME = 'customer_ops';

export interface Database {
  orm: MikroORM;
  url: string;
  embedded: EmbeddedPostgresHandle | null;
  /** Closes the pool, then stops the embedded server if there is one. */
  close(): Promise<void>;
}

/** The connection URL of `url` with another database name. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * DATABASE_URL when set; otherwise the embedded server with its data in `.data/postgres`,
 * holding the application's own database.
 */
export async function resolveDatabaseUrl(
  config: Config,
  log: (m: string) => void,
): Promise<{ url: string; embedded: EmbeddedPostgresHandle | null }> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: null };
  const embedded = await startEmbeddedPostgres({ ...config.embeddedPg, log });
  const { Client } = await import('pg');
  const client = new Client({ connectionString: embedded.url });
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [EMBEDDED_DATABASE_NAME]);
    if (exists.rowCount === 0) await client.query(`create database ${EMBEDDED_DATABASE_NAME}`);
  } finally {
    await client.end();
  }
  return { url: withDatabase(embedded.url, EMBEDDED_DATABASE_NAME), embedded };
}

/** Connects, applies the committed migrations, and returns the ORM. */
export async function openDatabase(config: Config, log: (m: string) => void = () => undefined): Promise<Database> {
  const { url, embedded } = await resolveDatabaseUrl(config, log);
  let orm: MikroORM;
  try {
    orm = await MikroORM.init(ormOptions(url, config.db));
    await orm.getMigrator().up();
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  return {
    orm,
    url,
    embedded,
    async close() {
      await orm.close(true);
      await embedded?.stop();
    },
  };
}
