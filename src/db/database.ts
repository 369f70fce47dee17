import { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../config';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './embedded-postgres';
import { settleWithin } from '../lib/settle-within';
import { ormOptions } from './orm.config';
import { supervisePostgres, type SupervisorLog } from './postgres-supervisor';
import { openReadReplica, type ReadReplica } from './read-replica';

export const EMBEDDED_DATABASE_NAME = 'customer_ops';

export interface Database {
  orm: MikroORM;
  url: string;
  embedded: EmbeddedPostgresHandle | null;
  /**
   * `listener` runs once if the embedded server died and every restart attempt failed: the
   * process should then exit non-zero so that an outer supervisor starts it again.
   */
  onFatal(listener: (error: Error) => void): void;
  /**
   * Stops restarting the embedded server, closes the pool, then stops the server; each step
   * bounded by `db.closeTimeoutMs`, so it returns whatever state the database is in.
   */
  close(): Promise<void>;
}

const quiet: SupervisorLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

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

/**
 * Connects, applies the committed migrations, and returns the ORM. An embedded server is
 * restarted when it dies (`embeddedPg.restartAttempts`); `events` hears about it.
 */
export async function openDatabase(
  config: Config,
  log: (m: string) => void = () => undefined,
  events: SupervisorLog = quiet,
): Promise<Database> {
  const { url, embedded } = await resolveDatabaseUrl(config, log);
  let orm: MikroORM;
  let replica: ReadReplica | null = null;
  try {
    orm = await MikroORM.init(ormOptions(url, config.db));
    await orm.getMigrator().up();
    // DATABASE_READ_URL: heavy reads on a streaming replica; connected on first use, so one that is down stops nothing.
    if (config.readReplica.url) replica = await openReadReplica(config.readReplica.url, orm, config, events);
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  const fatalListeners: Array<(error: Error) => void> = [];
  const supervisor = embedded
    ? supervisePostgres(embedded, {
        attempts: config.embeddedPg.restartAttempts,
        backoffMs: config.embeddedPg.restartBackoffMs,
        log: events,
        onGiveUp: (error) => fatalListeners.forEach((listener) => listener(error)),
      })
    : null;
  const closeTimeoutMs = config.db.closeTimeoutMs;
  return {
    orm,
    url,
    embedded,
    onFatal(listener) {
      fatalListeners.push(listener);
    },
    async close() {
      // No restart from now on; one under way is stopped with the server below.
      void supervisor?.stop();
      // The pool waits for the connections checked out; a request stuck on a dead server
      // must not hold the shutdown.
      // The replica's pool beside the primary's, so the shutdown still has two bounded database steps.
      const [closed] = await Promise.all([settleWithin(orm.close(true), closeTimeoutMs), replica?.close(closeTimeoutMs)]);
      if (closed.state !== 'done')
        events.warn({ ...closed, timeoutMs: closeTimeoutMs }, 'database pool did not close cleanly; stopping anyway');
      await embedded?.stop(closeTimeoutMs);
    },
  };
}
