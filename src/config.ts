import path from 'node:path';
import { CURRENCY_CODES, type CurrencyCode } from './domain/records/records.enums';

/**
 * Every setting of the service, typed, with its default, read from the environment in
 * this one place. The defaults run the demo on a developer's machine.
 */
export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  /** External PostgreSQL; when unset an embedded server is started. */
  databaseUrl: string | undefined;
  embeddedPg: { dataDir: string; port: number };
  db: {
    poolMax: number;
    acquireTimeoutMs: number;
    statementTimeoutMs: number;
    lockTimeoutMs: number;
    idleInTransactionTimeoutMs: number;
  };
  /** Seed the demo data when the database has no users. */
  seedOnEmpty: boolean;
  seedCustomers: number;
  auth: { tokenTtlHours: number; apiKeyTouchIntervalMs: number };
  limits: { maxPageSize: number; maxDepth: number; maxAliases: number; maxCost: number };
  companyTimeZone: string;
  /** The company's currency: orders, payments and figures are in it. */
  companyCurrency: CurrencyCode;
  /** Seconds a stale company-wide scoring population may still be served while a fresh one is computed; 0 = always exact. */
  scoringPopulationMaxStaleSeconds: number;
  /** Statement time-out of the company-wide population statement (its own read-only transaction): it scans every active customer. 0 = none. */
  scoringPopulationTimeoutMs: number;
  /** Run the scheduled jobs (the daily value-tier snapshot) in this process; off under NODE_ENV=test. */
  schedulerEnabled: boolean;
  logLevel: string;
  shutdownTimeoutMs: number;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,9}$/.test(raw)) throw new Error(`${name} must be an integer, got "${env[name]}"`);
  return Number(raw);
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new Error(`${name} must be true or false, got "${raw}"`);
}

function currency(raw: string | undefined): CurrencyCode {
  if (!raw) return 'CNY';
  if (!(CURRENCY_CODES.values as readonly string[]).includes(raw)) {
    throw new Error(`COMPANY_CURRENCY must be one of ${CURRENCY_CODES.values.join(', ')}, got "${raw}"`);
  }
  return raw as CurrencyCode;
}

function nodeEnv(raw: string | undefined): Config['nodeEnv'] {
  if (raw === 'production' || raw === 'test') return raw;
  return 'development';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    nodeEnv: nodeEnv(env.NODE_ENV),
    port: int(env, 'PORT', 4000),
    databaseUrl: env.DATABASE_URL || undefined,
    embeddedPg: {
      dataDir: path.resolve(env.PG_DATA_DIR || path.join(process.cwd(), '.data', 'postgres')),
      port: int(env, 'PG_EMBEDDED_PORT', 54329),
    },
    db: {
      poolMax: int(env, 'DB_POOL_MAX', 10),
      acquireTimeoutMs: int(env, 'DB_ACQUIRE_TIMEOUT_MS', 5_000),
      statementTimeoutMs: int(env, 'DB_STATEMENT_TIMEOUT_MS', 15_000),
      lockTimeoutMs: int(env, 'DB_LOCK_TIMEOUT_MS', 5_000),
      idleInTransactionTimeoutMs: int(env, 'DB_IDLE_IN_TRANSACTION_TIMEOUT_MS', 30_000),
    },
    seedOnEmpty: bool(env, 'SEED_ON_EMPTY', true),
    seedCustomers: int(env, 'SEED_CUSTOMERS', 2_400),
    auth: {
      tokenTtlHours: int(env, 'AUTH_TOKEN_TTL_HOURS', 12),
      apiKeyTouchIntervalMs: int(env, 'API_KEY_TOUCH_INTERVAL_MS', 60_000),
    },
    limits: {
      maxPageSize: 100,
      maxDepth: int(env, 'GRAPHQL_MAX_DEPTH', 12),
      maxAliases: int(env, 'GRAPHQL_MAX_ALIASES', 30),
      maxCost: int(env, 'GRAPHQL_MAX_COST', 20_000),
    },
    companyTimeZone: env.COMPANY_TIME_ZONE || 'Asia/Shanghai',
    companyCurrency: currency(env.COMPANY_CURRENCY),
    scoringPopulationMaxStaleSeconds: int(env, 'SCORING_POPULATION_MAX_STALE_SECONDS', 0),
    scoringPopulationTimeoutMs: int(env, 'SCORING_POPULATION_TIMEOUT_MS', 120_000),
    schedulerEnabled: bool(env, 'SCHEDULER_ENABLED', env.NODE_ENV !== 'test'),
    logLevel: env.LOG_LEVEL || (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    shutdownTimeoutMs: int(env, 'SHUTDOWN_TIMEOUT_MS', 10_000),
  };
}
