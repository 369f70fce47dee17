import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { ReflectMetadataProvider } from '@mikro-orm/core';
import type { Config } from '../config';
import { ENTITIES } from '../entities';
import { MIGRATIONS } from './migrations';

/**
 * The one ORM configuration, for the server, the seed command and the tests. Time-outs are
 * set on both sides so one outage cannot hang every request: the pool gives up acquiring
 * after a few seconds and Postgres cancels long statements, lock waits and idle transactions.
 */
export function ormOptions(clientUrl: string, db: Config['db']): Options {
  return defineConfig({
    clientUrl,
    entities: ENTITIES,
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    forceUtcTimezone: true,
    allowGlobalContext: false,
    debug: false,
    pool: { min: 0, max: db.poolMax, acquireTimeoutMillis: db.acquireTimeoutMs },
    driverOptions: {
      acquireConnectionTimeout: db.acquireTimeoutMs,
      connection: {
        statement_timeout: db.statementTimeoutMs,
        lock_timeout: db.lockTimeoutMs,
        idle_in_transaction_session_timeout: db.idleInTransactionTimeoutMs,
        application_name: 'customer-ops-api',
      },
    },
    migrations: {
      migrationsList: MIGRATIONS,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
      emit: 'ts',
      path: 'src/db/migrations',
    },
  });
}
