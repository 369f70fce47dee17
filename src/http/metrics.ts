import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Knex } from '@mikro-orm/postgresql';
import express from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Config } from '../config';
import { say } from '../domain/common/bilingual';
import type { JobObserver } from '../jobs/job-observer';
import { metricsPlugin, type GraphqlRequestRecord } from '../server/metrics.plugin';
import { observePopulationComputations } from '../services/scoring-population.cache';
import { bearerOf } from './headers';
import { isStatementTimeout, sendProblem } from './errors';

/**
 * Prometheus metrics (`/metrics`, prom-client). Each app has a registry of its own (tests run
 * several apps in one process); the process metrics (`collectDefaultMetrics`: CPU, memory,
 * event loop lag, GC, handles) are one registry per process, served with every app's.
 *
 * What is recorded where, so that a request pays a few counter increments and nothing per field:
 * - GraphQL requests: an express middleware starts a record before the body parser (a
 *   malformed body is counted too) and records it when the response has gone; the Apollo
 *   plugin (src/server/metrics.plugin.ts) gives it the operation name and outcome; knex's
 *   `query` event adds each statement to the record of the request it runs in (found through
 *   AsyncLocalStorage, entered after the body parser like the connection budget).
 * - the pool: read from knex's tarn pool at scrape time, nothing per request.
 * - statement time-outs (SQLSTATE 57014): knex's `query-error` event, every statement of the pool.
 * - the scoring population, the jobs: observers those modules call, with no prom-client import there.
 * - exports: a middleware in front of the export routes.
 *
 * Labels stay bounded: operation names are the first `maxOperations` seen in resolved
 * operations (later ones are `other`; a request that never resolved one is `unresolved`,
 * an unnamed one `anonymous`), error codes must look like codes and are capped too.
 */

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const STATEMENT_BUCKETS = [0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144];
const JOB_BUCKETS = [0.01, 0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600];
const MAX_CODES = 64;
const MAX_OPERATION_NAME = 100;
const CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

let processRegistry: Registry | undefined;

/** The process metrics, collected once per process however many apps it runs. */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** The code a GraphQL request gets when Apollo never answered it (a malformed body, a failed context), by HTTP status. */
function codeOfStatus(status: number): string {
  switch (status) {
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'FORBIDDEN';
    case 429:
      return 'TOO_MANY_REQUESTS';
    case 503:
      return 'SERVICE_UNAVAILABLE';
    default:
      return status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR';
  }
}

interface RequestRecord extends GraphqlRequestRecord {
  started: number;
}

interface TarnPool {
  max: number;
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

export const METRICS_UNAUTHORIZED = say(
  '读取指标需要 METRICS_TOKEN：请发送 Authorization: Bearer <令牌>。',
  'Reading the metrics needs METRICS_TOKEN: send Authorization: Bearer <token>.',
);

export class Metrics {
  readonly registry = new Registry();
  private readonly requests = new AsyncLocalStorage<RequestRecord>();
  private readonly records = new WeakMap<express.Response, RequestRecord>();
  private readonly operations = new Set<string>();
  private readonly codes = new Set<string>();
  private readonly pools = new Map<string, Knex>();
  private readonly cleanups: Array<() => void> = [];
  private readonly tokenHash: Buffer | undefined;

  private readonly graphqlRequests = new Counter({
    name: 'graphql_requests_total',
    help: 'GraphQL requests by operation name and outcome (ok, user_error: a payload with userErrors, error: by the first error code)',
    labelNames: ['operation', 'outcome', 'code'] as const,
    registers: [this.registry],
  });
  private readonly graphqlDuration = new Histogram({
    name: 'graphql_request_duration_seconds',
    help: 'GraphQL request duration from the first byte read to the response sent, by operation name and outcome',
    labelNames: ['operation', 'outcome'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  private readonly graphqlErrors = new Counter({
    name: 'graphql_errors_total',
    help: 'Errors in GraphQL responses by code; kind field: a resolver failed (it has a path), request: the whole request',
    labelNames: ['code', 'kind'] as const,
    registers: [this.registry],
  });
  private readonly graphqlStatements = new Histogram({
    name: 'graphql_request_statements',
    help: 'SQL statements sent by one GraphQL request',
    buckets: STATEMENT_BUCKETS,
    registers: [this.registry],
  });
  private readonly statements = new Counter({
    name: 'db_statements_total',
    help: 'SQL statements sent through the pool (requests, exports, jobs)',
    labelNames: ['pool'] as const,
    registers: [this.registry],
  });
  private readonly statementTimeouts = new Counter({
    name: 'db_statement_timeouts_total',
    help: 'Statements PostgreSQL cancelled at their statement_timeout (SQLSTATE 57014)',
    labelNames: ['pool'] as const,
    registers: [this.registry],
  });
  private readonly populationComputations = new Counter({
    name: 'scoring_population_computations_total',
    help: 'Computations of the company-wide scoring population (cut-points) in this process, by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly populationDuration = new Histogram({
    name: 'scoring_population_computation_seconds',
    help: 'Duration of a scoring population computation, by outcome',
    labelNames: ['outcome'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [this.registry],
  });
  private readonly exportsInFlight = new Gauge({
    name: 'exports_in_flight',
    help: 'File exports (/exports/...) being served now, by kind',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  private readonly exportsTotal = new Counter({
    name: 'exports_total',
    help: 'File exports (/exports/...) served, by kind and HTTP status',
    labelNames: ['kind', 'status'] as const,
    registers: [this.registry],
  });
  private readonly jobRuns = new Counter({
    name: 'job_runs_total',
    help: 'Job runs by queue (pg-boss queues; webhook-dispatch: a round of the webhook worker) and outcome',
    labelNames: ['queue', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly jobDuration = new Histogram({
    name: 'job_run_duration_seconds',
    help: 'Duration of a job run, by queue and outcome',
    labelNames: ['queue', 'outcome'] as const,
    buckets: JOB_BUCKETS,
    registers: [this.registry],
  });
  private readonly webhookDeliveries = new Counter({
    name: 'webhook_deliveries_total',
    help: 'Webhook delivery attempts by outcome (delivered: a 2xx answer)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  /** For the job runners (src/jobs): the scheduler's queues and the webhook worker's rounds. */
  readonly jobs: JobObserver = {
    jobRan: (queue, outcome, seconds) => {
      this.jobRuns.inc({ queue, outcome });
      this.jobDuration.observe({ queue, outcome }, seconds);
    },
    webhookDeliveries: (delivered, failed) => {
      if (delivered > 0) this.webhookDeliveries.inc({ outcome: 'delivered' }, delivered);
      if (failed > 0) this.webhookDeliveries.inc({ outcome: 'failed' }, failed);
    },
  };

  constructor(private readonly config: Config['metrics']) {
    this.tokenHash = config.token === undefined ? undefined : sha256(config.token);
    this.poolGauge('db_pool_max', 'Connections the pool may open (DB_POOL_MAX)', (p) => p.max);
    this.poolGauge('db_pool_size', 'Connections the pool holds open now', (p) => p.numUsed() + p.numFree());
    this.poolGauge('db_pool_in_use', 'Pool connections checked out now', (p) => p.numUsed());
    this.poolGauge('db_pool_waiting', 'Statements waiting for a pool connection now', (p) => p.numPendingAcquires());
    this.cleanups.push(
      observePopulationComputations((outcome, seconds) => {
        this.populationComputations.inc({ outcome });
        this.populationDuration.observe({ outcome }, seconds);
      }),
    );
  }

  /** Reads `read` of each observed pool at scrape time. */
  private poolGauge(name: string, help: string, read: (pool: TarnPool) => number): void {
    const pools = this.pools;
    new Gauge({
      name,
      help,
      labelNames: ['pool'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [label, knex] of pools) {
          const pool = knex.client.pool as TarnPool | undefined;
          if (pool) this.set({ pool: label }, read(pool));
        }
      },
    });
  }

  /**
   * Watches a pool: its gauges, its statements (each counted for the request it runs in) and
   * its statement time-outs. `name` is the `pool` label (`primary`; a read replica its own).
   */
  observeDatabase(name: string, knex: Knex): void {
    this.pools.set(name, knex);
    const client = knex.client;
    const statements = this.statements.labels({ pool: name });
    const timeouts = this.statementTimeouts.labels({ pool: name });
    const onQuery = () => {
      statements.inc();
      const record = this.requests.getStore();
      if (record) record.statements++;
    };
    const onError = (error: unknown) => {
      if (isStatementTimeout(error)) timeouts.inc();
    };
    client.on('query', onQuery);
    client.on('query-error', onError);
    this.cleanups.push(() => {
      client.off('query', onQuery);
      client.off('query-error', onError);
    });
  }

  /** Stops listening to the pools and the population cache (the counters keep their values). */
  close(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  /** The Apollo plugin that gives each request's record its operation and outcome. */
  plugin(): ApolloServerPlugin {
    return metricsPlugin({
      current: () => this.requests.getStore(),
      error: (code, kind) => this.graphqlErrors.inc({ code: this.codeLabel(code), kind }),
      stop: () => this.close(),
    });
  }

  /** Express middleware before the body parser of /graphql: the request's record, recorded when the response has gone. */
  readonly beginGraphqlRequest: express.RequestHandler = (_req, res, next) => {
    const record: RequestRecord = { started: performance.now(), statements: 0 };
    this.records.set(res, record);
    res.once('close', () => this.recordGraphqlRequest(record, res.statusCode));
    next();
  };

  /** Express middleware after the body parser: the rest of the request runs with its record (the statement counter finds it). */
  readonly enterGraphqlRequest: express.RequestHandler = (_req, res, next) => {
    const record = this.records.get(res);
    if (record) this.requests.run(record, next);
    else next();
  };

  private recordGraphqlRequest(record: RequestRecord, status: number): void {
    let { outcome, code } = record;
    if (outcome === undefined) {
      // Not answered by Apollo: nothing to count if it was no GraphQL request (the landing page).
      if (status < 400) return;
      outcome = 'error';
      code = codeOfStatus(status);
      this.graphqlErrors.inc({ code, kind: 'request' });
    }
    const operation = record.operation === undefined ? 'unresolved' : this.operationLabel(record.operation);
    this.graphqlRequests.inc({ operation, outcome, code: code === undefined ? '' : this.codeLabel(code) });
    this.graphqlDuration.observe({ operation, outcome }, (performance.now() - record.started) / 1000);
    this.graphqlStatements.observe(record.statements);
  }

  /** The operation label: the name if it is one of the first `maxOperations` names seen, else `other`. */
  private operationLabel(name: string): string {
    if (name === '') return 'anonymous';
    // A request without credentials (metrics.plugin.ts): one fixed label, outside the cap.
    if (name === 'unauthenticated' || this.operations.has(name)) return name;
    if (this.operations.size >= this.config.maxOperations || name.length > MAX_OPERATION_NAME) return 'other';
    this.operations.add(name);
    return name;
  }

  /** Codes are the server's own, but a bound costs nothing: an odd or a 65th distinct code is `OTHER`. */
  private codeLabel(code: string): string {
    if (this.codes.has(code)) return code;
    if (this.codes.size >= MAX_CODES || !CODE.test(code)) return 'OTHER';
    this.codes.add(code);
    return code;
  }

  /** Express middleware in front of an export route: in flight while it is served, counted by status when done. */
  exportRequests(kind: 'segment' | 'report'): express.RequestHandler {
    const inFlight = this.exportsInFlight.labels({ kind });
    inFlight.set(0);
    return (_req, res, next) => {
      inFlight.inc();
      res.once('close', () => {
        inFlight.dec();
        this.exportsTotal.inc({ kind, status: String(res.statusCode) });
      });
      next();
    };
  }

  /** Every series in the Prometheus text format: the process's, then this app's. */
  async scrape(): Promise<string> {
    return (await processMetrics().metrics()) + (await this.registry.metrics());
  }

  private authorized(req: express.Request): boolean {
    if (this.tokenHash === undefined) return true;
    const given = bearerOf(req);
    return given !== undefined && timingSafeEqual(sha256(given), this.tokenHash);
  }

  /** GET /metrics: 401 without the token when METRICS_TOKEN is set. */
  readonly handler: express.RequestHandler = async (req, res) => {
    if (!this.authorized(req)) return sendProblem(req, res, { code: 'UNAUTHENTICATED', message: METRICS_UNAUTHORIZED });
    const body = await this.scrape();
    res.setHeader('Content-Type', this.registry.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.send(body);
  };
}

/** METRICS_PORT: a server of its own that answers `/metrics` and nothing else. */
export function metricsServerOf(metrics: Metrics): http.Server {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', metrics.handler);
  return http.createServer(app);
}
