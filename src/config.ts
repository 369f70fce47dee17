import type { DuplicatePolicy } from './domain/customer/duplicates';
import path from 'node:path';
import { DEFAULT_MIN_SUPPORT, parseMinSupport } from './domain/cross-sell/association-rules';
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
  /** A streaming replica of that database for heavy read-only work (src/db/read-replica.ts); unset = everything on the primary. */
  readReplica: {
    url: string | undefined;
    /** The replica is used while it lags the primary by at most this many seconds; beyond, the primary serves. */
    maxLagSeconds: number;
  };
  embeddedPg: {
    dataDir: string;
    port: number;
    /** Restarts of a crashed embedded server before the API exits non-zero (0 = exit at once). */
    restartAttempts: number;
    /** Wait before the first restart, doubled before each next one (at most 8×). */
    restartBackoffMs: number;
  };
  db: {
    poolMax: number;
    acquireTimeoutMs: number;
    statementTimeoutMs: number;
    lockTimeoutMs: number;
    idleInTransactionTimeoutMs: number;
    /** Bound on each step of closing the database at shutdown (pool, then embedded server). */
    closeTimeoutMs: number;
    /** Pool connections one request may hold at once: its own statements queue behind each other, not in front of other requests. 0 = no limit. */
    requestConnections: number;
    /** Expensive evaluations (segment counts and members) one viewer may run at once, across all its requests, in this process. 0 = no limit. */
    viewerEvaluations: number;
    /** Segment exports (each holds a connection while it streams) one viewer may run at once; all viewers together at most a quarter of the pool. */
    viewerExports: number;
  };
  /** Seed the demo data when the database has no users. */
  seedOnEmpty: boolean;
  seedCustomers: number;
  auth: {
    tokenTtlHours: number;
    apiKeyTouchIntervalMs: number;
    /** Login throttle (state in PostgreSQL, shared by replicas); see src/domain/access/login-throttle.ts. */
    loginThrottle: {
      enabled: boolean;
      /** Failed logins of one account (email) before it is locked; a success forgets them. */
      accountFreeFailures: number;
      /** Failed logins from one source address (an IPv6 /64) before it is locked. */
      addressFreeFailures: number;
      /** First lock, doubled on each further failure, up to lockMaxSeconds. */
      lockBaseSeconds: number;
      lockMaxSeconds: number;
      /** A streak of failures is forgotten this long after its last failure or lock end. */
      forgetAfterSeconds: number;
    };
  };
  /** Express `trust proxy`: false (default) takes the socket's address as the client's; true, a hop count or addresses/subnets trust X-Forwarded-For from those proxies. */
  trustProxy: boolean | number | string;
  limits: { maxPageSize: number; maxDepth: number; maxAliases: number; maxCost: number };
  companyTimeZone: string;
  /** The company's currency: orders, payments and figures are in it. */
  companyCurrency: CurrencyCode;
  /** Seconds a stale company-wide scoring population may still be served while a fresh one is computed; 0 = always exact. */
  scoringPopulationMaxStaleSeconds: number;
  /** Statement time-out of the company-wide population statement (its own read-only transaction): it scans every active customer. 0 = none. */
  scoringPopulationTimeoutMs: number;
  /** Cross-sell (DOMAIN A4): the minimum support of an association rule, a fraction of the customers with a completed order (decimal string). */
  crossSellMinSupport: string;
  /** Run the scheduled jobs (the daily value-tier snapshot) in this process; off under NODE_ENV=test. */
  schedulerEnabled: boolean;
  /** When the value-tier snapshot is taken: cron, company time; one scheduled run per company day whatever it says. */
  snapshotCron: string;
  /** Execute operations with graphql-jit (compiled once per document) instead of graphql-js. */
  graphqlJit: boolean;
  /** A new or changed customer matching another (phone, email, WeChat id, similar name and company): warn with the candidates, or refuse (DUPLICATE). */
  customerDuplicates: DuplicatePolicy;
  /** Cost-based rate limits (issue 17): every key's and user's bucket, unless the key has its own size; off under NODE_ENV=test (its own tests turn it on). */
  rateLimit: {
    enabled: boolean;
    /** Points a full bucket holds: the most one burst of requests may cost. */
    capacity: number;
    /** Points restored each second. */
    restorePerSecond: number;
    /** What one file export (`/exports/...`) costs. */
    exportCost: number;
  };
  /** Webhooks (issue 17): the delivery worker and what a subscription may point at. */
  webhooks: {
    /** Run the delivery worker in this process; off under NODE_ENV=test (tests run its rounds themselves). */
    enabled: boolean;
    /** The worker's pause between rounds when it found nothing to do. */
    pollMs: number;
    /** When the scheduler looks for reminders whose day has come (REMINDER_DUE), while someone subscribes: cron, company time. */
    reminderCron: string;
    /** One attempt's time-out (connect to last byte). */
    timeoutMs: number;
    /** The wait after a first failed attempt; it doubles with each further failure, up to `retryMaxMs`. */
    retryBaseMs: number;
    retryMaxMs: number;
    /** A subscription failing without one success for this long is disabled, with the reason. */
    disableAfterMs: number;
    /** Plain http to a loopback address (a receiver on the developer's machine); https only when off. */
    allowLoopbackHttp: boolean;
  };
  /** Prometheus metrics (`/metrics`, src/http/metrics.ts). */
  metrics: {
    /** Default: on, except in production without METRICS_TOKEN or METRICS_PORT (the figures would be public). */
    enabled: boolean;
    /** A scrape must send `Authorization: Bearer <token>`; unset = no token asked. */
    token: string | undefined;
    /** Serve /metrics on this port only (not on the API's); unset = on the API's port. */
    port: number | undefined;
    /** The address METRICS_PORT binds. */
    host: string;
    /** Distinct operation names given their own label; the ones after count as `other`. */
    maxOperations: number;
  };
  /** OpenTelemetry traces (src/tracing.ts), off by default; set by the standard OTEL_* variables. */
  tracing: TracingConfig;
  logLevel: string;
  shutdownTimeoutMs: number;
}

export interface TracingConfig {
  enabled: boolean;
  /** Where spans go (OTEL_TRACES_EXPORTER): OTLP over HTTP and/or the console; none = only trace ids in the logs. */
  exporters: Array<'otlp' | 'console'>;
  /** The OTLP traces endpoint (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, or OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces). */
  endpoint: string;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,9}$/.test(raw)) throw new Error(`${name} must be an integer, got "${env[name]}"`);
  return Number(raw);
}

/** A five-field cron expression (minute hour day month weekday), as pg-boss schedules take it. */
function cron(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^[\d*/,-]+(\s+[\d*/,-]+){4}$/.test(raw)) {
    throw new Error(`${name} must be a cron expression of five fields (minute hour day month weekday), got "${env[name]}"`);
  }
  return raw;
}

/** A PostgreSQL connection URL (postgres:// or postgresql://), or undefined when unset. */
function postgresUrl(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  if (!URL.canParse(raw) || !/^postgres(ql)?:$/.test(new URL(raw).protocol))
    throw new Error(`${name} must be a postgres:// or postgresql:// URL, got "${env[name]}"`);
  return raw;
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

/** TRUST_PROXY: unset/false/0 = off, true = every hop, a number = that many hops, else addresses/subnets for express (`loopback, 10.0.0.0/8`). */
function trustProxy(raw: string | undefined): Config['trustProxy'] {
  const value = raw?.trim() ?? '';
  if (value === '' || ['false', 'no', '0'].includes(value.toLowerCase())) return false;
  if (['true', 'yes'].includes(value.toLowerCase())) return true;
  if (/^\d{1,3}$/.test(value)) return Number(value);
  return value;
}

/** CUSTOMER_DUPLICATES: warn (the default) or refuse. */
function duplicatePolicy(raw: string | undefined): DuplicatePolicy {
  if (!raw || raw === 'warn') return 'warn';
  if (raw === 'refuse') return 'refuse';
  throw new Error(`CUSTOMER_DUPLICATES must be warn or refuse, got "${raw}"`);
}

/** CROSS_SELL_MIN_SUPPORT: a fraction in [0, 1], e.g. 0.005 (0.5% of the customers). */
function minSupport(raw: string | undefined): string {
  const parsed = parseMinSupport(raw?.trim() || DEFAULT_MIN_SUPPORT);
  if ('problem' in parsed) throw new Error(`CROSS_SELL_MIN_SUPPORT: ${parsed.problem.en}`);
  return parsed.value;
}

/**
 * METRICS_*: on by default except in production, where the figures (operation names, error
 * rates, pool use) would be public unless a token or a port of their own protects them.
 */
function metrics(env: NodeJS.ProcessEnv, apiPort: number): Config['metrics'] {
  const token = env.METRICS_TOKEN?.trim() || undefined;
  if (token !== undefined && !/^[\x21-\x7e]{16,}$/.test(token))
    throw new Error('METRICS_TOKEN must be at least 16 printable characters without spaces');
  const port = env.METRICS_PORT?.trim() ? int(env, 'METRICS_PORT', 0) : undefined;
  if (port !== undefined && (port < 1 || port > 65_535 || port === apiPort))
    throw new Error(`METRICS_PORT must be a port (1-65535) other than PORT, got "${env.METRICS_PORT}"`);
  const production = env.NODE_ENV === 'production';
  const enabled = bool(env, 'METRICS_ENABLED', !production || token !== undefined || port !== undefined);
  if (enabled && production && token === undefined && port === undefined)
    throw new Error('METRICS_ENABLED in production needs METRICS_TOKEN or METRICS_PORT: the figures would be public on the API port');
  const maxOperations = int(env, 'METRICS_MAX_OPERATIONS', 100);
  if (maxOperations < 1) throw new Error('METRICS_MAX_OPERATIONS must be at least 1');
  return { enabled, token, port, host: env.METRICS_HOST?.trim() || '127.0.0.1', maxOperations };
}

const TRACE_EXPORTERS = ['otlp', 'console', 'none'] as const;

/**
 * Traces follow OpenTelemetry's variables: on when OTEL_TRACES_ENABLED=true, or when an
 * exporter (OTEL_TRACES_EXPORTER other than none) or an OTLP endpoint is set;
 * OTEL_TRACES_ENABLED=false or OTEL_SDK_DISABLED=true turn them off whatever else is set.
 * The SDK reads the rest itself (OTEL_SERVICE_NAME, OTEL_TRACES_SAMPLER, OTEL_BSP_*,
 * OTEL_EXPORTER_OTLP_HEADERS, ...). Read by src/instrument.ts before anything else starts.
 */
export function tracingConfig(env: NodeJS.ProcessEnv = process.env): TracingConfig {
  const named = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e !== '');
  for (const name of named) {
    if (!(TRACE_EXPORTERS as readonly string[]).includes(name))
      throw new Error(`OTEL_TRACES_EXPORTER must be otlp, console or none (comma-separated), got "${env.OTEL_TRACES_EXPORTER}"`);
  }
  const protocol = (env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL || env.OTEL_EXPORTER_OTLP_PROTOCOL)?.trim();
  if (protocol && protocol !== 'http/json' && protocol !== 'http/protobuf')
    throw new Error(`only OTLP over HTTP is supported (the exporter sends http/json), got OTEL_EXPORTER_OTLP_PROTOCOL "${protocol}"`);
  const tracesEndpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  const baseEndpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  const endpoint = tracesEndpoint || (baseEndpoint ? `${baseEndpoint.replace(/\/+$/, '')}/v1/traces` : 'http://localhost:4318/v1/traces');
  if (!URL.canParse(endpoint) || !/^https?:$/.test(new URL(endpoint).protocol))
    throw new Error(`the OTLP traces endpoint must be an http(s) URL, got "${endpoint}"`);
  const exporters = named.filter((e): e is 'otlp' | 'console' => e !== 'none');
  // An exporter named decides (none = no export); otherwise an OTLP endpoint asks for traces.
  const asked = named.length > 0 ? exporters.length > 0 : Boolean(tracesEndpoint || baseEndpoint);
  const enabled = !bool(env, 'OTEL_SDK_DISABLED', false) && bool(env, 'OTEL_TRACES_ENABLED', asked);
  return { enabled, exporters: named.length === 0 ? ['otlp'] : [...new Set(exporters)], endpoint };
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
    readReplica: {
      url: postgresUrl(env, 'DATABASE_READ_URL'),
      maxLagSeconds: int(env, 'DATABASE_READ_MAX_LAG_SECONDS', 5),
    },
    embeddedPg: {
      dataDir: path.resolve(env.PG_DATA_DIR || path.join(process.cwd(), '.data', 'postgres')),
      port: int(env, 'PG_EMBEDDED_PORT', 54329),
      restartAttempts: int(env, 'PG_RESTART_ATTEMPTS', 5),
      restartBackoffMs: int(env, 'PG_RESTART_BACKOFF_MS', 250),
    },
    db: {
      poolMax: int(env, 'DB_POOL_MAX', 10),
      acquireTimeoutMs: int(env, 'DB_ACQUIRE_TIMEOUT_MS', 2_000),
      statementTimeoutMs: int(env, 'DB_STATEMENT_TIMEOUT_MS', 15_000),
      lockTimeoutMs: int(env, 'DB_LOCK_TIMEOUT_MS', 5_000),
      idleInTransactionTimeoutMs: int(env, 'DB_IDLE_IN_TRANSACTION_TIMEOUT_MS', 30_000),
      closeTimeoutMs: int(env, 'DB_CLOSE_TIMEOUT_MS', 2_000),
      requestConnections: int(env, 'DB_REQUEST_CONNECTIONS', 2),
      viewerEvaluations: int(env, 'VIEWER_CONCURRENT_EVALUATIONS', 2),
      viewerExports: int(env, 'VIEWER_CONCURRENT_EXPORTS', 2),
    },
    seedOnEmpty: bool(env, 'SEED_ON_EMPTY', true),
    seedCustomers: int(env, 'SEED_CUSTOMERS', 2_400),
    auth: {
      tokenTtlHours: int(env, 'AUTH_TOKEN_TTL_HOURS', 12),
      apiKeyTouchIntervalMs: int(env, 'API_KEY_TOUCH_INTERVAL_MS', 60_000),
      loginThrottle: {
        enabled: bool(env, 'LOGIN_THROTTLE_ENABLED', true),
        accountFreeFailures: int(env, 'LOGIN_ACCOUNT_FREE_FAILURES', 5),
        addressFreeFailures: int(env, 'LOGIN_ADDRESS_FREE_FAILURES', 20),
        lockBaseSeconds: int(env, 'LOGIN_LOCK_BASE_SECONDS', 30),
        lockMaxSeconds: int(env, 'LOGIN_LOCK_MAX_SECONDS', 900),
        forgetAfterSeconds: int(env, 'LOGIN_FORGET_AFTER_SECONDS', 3_600),
      },
    },
    trustProxy: trustProxy(env.TRUST_PROXY),
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
    crossSellMinSupport: minSupport(env.CROSS_SELL_MIN_SUPPORT),
    schedulerEnabled: bool(env, 'SCHEDULER_ENABLED', env.NODE_ENV !== 'test'),
    snapshotCron: cron(env, 'VALUE_TIER_SNAPSHOT_CRON', '0 2 * * *'),
    graphqlJit: bool(env, 'GRAPHQL_JIT', true),
    customerDuplicates: duplicatePolicy(env.CUSTOMER_DUPLICATES),
    rateLimit: {
      enabled: bool(env, 'RATE_LIMIT_ENABLED', env.NODE_ENV !== 'test'),
      capacity: int(env, 'RATE_LIMIT_CAPACITY', 2_000),
      restorePerSecond: int(env, 'RATE_LIMIT_RESTORE_PER_SECOND', 100),
      exportCost: int(env, 'RATE_LIMIT_EXPORT_COST', 500),
    },
    webhooks: {
      enabled: bool(env, 'WEBHOOKS_ENABLED', env.NODE_ENV !== 'test'),
      pollMs: int(env, 'WEBHOOK_POLL_MS', 1_000),
      reminderCron: cron(env, 'WEBHOOK_REMINDER_CRON', '5 * * * *'),
      timeoutMs: int(env, 'WEBHOOK_TIMEOUT_MS', 10_000),
      retryBaseMs: int(env, 'WEBHOOK_RETRY_BASE_MS', 10_000),
      retryMaxMs: int(env, 'WEBHOOK_RETRY_MAX_MS', 3_600_000),
      disableAfterMs: int(env, 'WEBHOOK_DISABLE_AFTER_MS', 86_400_000),
      allowLoopbackHttp: bool(env, 'WEBHOOK_ALLOW_LOOPBACK_HTTP', env.NODE_ENV !== 'production'),
    },
    metrics: metrics(env, int(env, 'PORT', 4000)),
    tracing: tracingConfig(env),
    logLevel: env.LOG_LEVEL || (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    shutdownTimeoutMs: int(env, 'SHUTDOWN_TIMEOUT_MS', 10_000),
  };
}
