import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import autocannon from 'autocannon';
import { loadConfig } from '../src/config';
import { ormOptions } from '../src/db/orm.config';
import { query, startBenchServer } from './harness/bench-database';
import { cpuSeconds, rssMb, sampleHeap, sampleRss } from './harness/process-stats';
import {
  renderMarkdown,
  type ExportResult,
  type ScenarioResult,
  type SequentialPageTimes,
  type Side,
  type StatementTime,
} from './harness/report';
import { isPeerName, PEERS, type PeerName } from './peer/peers';
import { readOnlyRoleSql, type PeerQuery } from './peer/postgraphile';
import { exportCases, scenarios, type ExportCase, type Fixtures, type Scenario } from './scenarios';

/**
 * `npm run bench`: starts the API in production mode and the hand-written baseline against
 * the benchmark database, and for each scenario runs them alternately at a fixed
 * concurrency. Every figure is reported with its API/baseline ratio from the same run.
 * `BENCH_ONLY=S1` (or `B1,B7`) runs only those scenarios. `BENCH_DATABASE=bench_1m` runs
 * against another dataset (the 1,000,000 customers of `bench:data -- --database bench_1m`).
 * G3 and G3X are not load tests: one streamed export each, the API's RSS sampled meanwhile.
 * `npm run bench -- --peer postgraphile` adds PostGraphile as a third side of the scenarios
 * it can answer (B1, B2, B7; only those unless BENCH_ONLY says otherwise): bench/peer/.
 */
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 10);
const SECONDS = Number(process.env.BENCH_SECONDS || 6);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const ONLY = (process.env.BENCH_ONLY ?? '')
  .split(',')
  .map((id) => id.trim().toUpperCase())
  .filter(Boolean);
const COUNT_REQUESTS = 50;
/** Single requests timed one after another, per side and state, for `sequentialPageTimes`. */
const SEQUENTIAL_REQUESTS = Number(process.env.BENCH_SEQUENTIAL || 7);
const API_PORT = 4510;
const BASELINE_PORT = 4511;
const ROLE_PASSWORD = 'bench';

/** The servers measured: the API, the hand-written baseline, and (opt-in) a peer. */
type SideName = 'api' | 'baseline' | 'peer';
const PORTS: Record<SideName, number> = { api: API_PORT, baseline: BASELINE_PORT, peer: 4512 };
/** Each server's database role, so pg_stat_statements tells their statements apart. */
const ROLES: Record<SideName, string> = { api: 'bench_api', baseline: 'bench_baseline', peer: 'bench_peer' };

/** `--peer postgraphile` or `--peer apollo-floor` (bench/peer/peers.ts). */
function peerArgument(argv: string[]): PeerName | null {
  const i = argv.indexOf('--peer');
  if (i < 0) return null;
  const name = argv[i + 1];
  if (!isPeerName(name)) throw new Error(`--peer takes one of ${Object.keys(PEERS).join(', ')}, got "${name ?? ''}"`);
  return name;
}
const PEER = peerArgument(process.argv.slice(2));
/** The peer's cache (Node 22 and its packages): `.cache/bench-peer` in the checkout unless BENCH_PEER_CACHE says. */
const PEER_CACHE = path.resolve(process.env.BENCH_PEER_CACHE || path.join(process.cwd(), '.cache', 'bench-peer'));
/** With a peer and no BENCH_ONLY, the scenarios the peer answers. */
const SELECTED = ONLY.length ? ONLY : PEER ? Object.keys(PEERS[PEER].queries) : [];

/** The peer's form of a scenario, when there is a peer and it answers that scenario (reads only). */
const peerQuery = (scenario: Scenario): PeerQuery | undefined =>
  PEER && !scenario.writes ? (PEERS[PEER].queries as Record<string, PeerQuery>)[scenario.id] : undefined;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * Extra Node options for the API process only, e.g. `BENCH_API_NODE_ARGS="--cpu-prof
 * --cpu-prof-dir=/tmp/prof"` for a CPU profile of the API under load (written when it exits).
 */
const API_NODE_ARGS = (process.env.BENCH_API_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);

function start(
  script: string,
  env: Record<string, string>,
  execArgv: string[] = [],
  runtime: { execPath?: string; cwd?: string } = {},
): ChildProcess {
  return fork(script, [], {
    env: { ...process.env, ...env },
    // The memory probe answers the harness's heap samples (bench/harness/memory-probe.ts).
    execArgv: [...(runtime.execPath ? [] : process.execArgv), '--require', path.join(__dirname, 'harness/memory-probe.js'), ...execArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    ...runtime,
  });
}

async function waitReady(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if (child.exitCode != null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} not ready`);
}

/**
 * The committed migrations, applied as the superuser before the servers start: the API's
 * role may not create tables (nor the indexes a migration adds to existing ones).
 */
async function applyMigrations(url: string): Promise<string[]> {
  const orm = await MikroORM.init(ormOptions(url, loadConfig().db));
  try {
    return (await orm.getMigrator().up()).map((m) => m.name);
  } finally {
    await orm.close(true);
  }
}

/** Roles of their own, so pg_stat_statements tells the two servers' statements apart. */
async function prepareRoles(url: string): Promise<void> {
  for (const role of ['bench_api', 'bench_baseline']) {
    await query(
      url,
      `do $$ begin if not exists (select from pg_roles where rolname = '${role}') then create role ${role} login password '${ROLE_PASSWORD}'; end if; end $$`,
    );
    await query(url, `grant all on all tables in schema public to ${role}; grant all on all sequences in schema public to ${role}`);
  }
  await query(url, 'create extension if not exists pg_stat_statements');
}

function roleUrl(url: string, role: string): string {
  const parsed = new URL(url);
  parsed.username = role;
  parsed.password = ROLE_PASSWORD;
  return parsed.toString();
}

async function fixtures(url: string): Promise<Fixtures> {
  let busy = await query<{ id: number }>(
    url,
    `select customer_id as id from sales_order group by customer_id having count(*) >= 20 order by customer_id limit 200`,
  );
  // A dataset with fewer orders a customer (the 1,000,000 customers at 3 each) may have none with 20: B2 then takes the busiest.
  if (!busy.length) {
    busy = await query<{ id: number }>(
      url,
      `select customer_id as id from sales_order group by customer_id order by count(*) desc, customer_id limit 200`,
    );
  }
  const customers = await query<{ id: number }>(url, 'select id from customer where archived_at is null order by id limit 20000');
  const products = await query<{ id: number }>(url, 'select id from product where active order by id');
  if (!busy.length || !customers.length || !products.length)
    throw new Error('the bench database has no data: run `npm run bench:data` first');
  return { busyCustomers: busy.map((r) => r.id), customers: customers.map((r) => r.id), products: products.map((r) => r.id) };
}

/** A session token both servers accept (the baseline checks it the same way). */
async function benchToken(url: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const [admin] = await query<{ id: number }>(url, `select id from app_user where role = 'ADMIN' and active order by id limit 1`);
  if (!admin) throw new Error('the bench database has no active admin');
  await query(
    url,
    `insert into auth_token (user_id, token_hash, expires_at, created_at) values ($1, $2, now() + interval '1 day', now())`,
    [admin.id, createHash('sha256').update(token).digest('hex')],
  );
  return token;
}

function request(side: SideName, scenario: Scenario) {
  if (side === 'peer') {
    const peer = peerQuery(scenario)!;
    return { path: '/graphql', body: () => JSON.stringify({ query: peer.graphql, variables: peer.variables(scenario.variables()) }) };
  }
  const body = () =>
    side === 'api'
      ? JSON.stringify({ query: scenario.graphql, variables: scenario.variables() })
      : JSON.stringify({ variables: scenario.variables() });
  return {
    path: side === 'api' ? '/graphql' : scenario.baselinePath,
    body,
  };
}

async function load(side: SideName, scenario: Scenario, token: string, child: ChildProcess, seconds: number) {
  const pid = child.pid!;
  const port = PORTS[side];
  const req = request(side, scenario);
  const cpuBefore = cpuSeconds(pid);
  const stopRss = sampleRss(pid);
  const stopHeap = sampleHeap(child);
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: scenario.load?.connections ?? CONNECTIONS,
    duration: seconds,
    timeout: 120,
    requests: [
      {
        method: 'POST',
        path: req.path,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        setupRequest: (r) => ({ ...r, body: req.body() }),
      },
    ],
  });
  const peakRss = stopRss();
  const heap = stopHeap();
  const cpu = cpuSeconds(pid) - cpuBefore;
  const total = result.requests.total;
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${scenario.id} ${side}: ${result.non2xx} non-2xx answers and ${result.errors} errors of ${total}`);
  }
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuMsPerRequest: (cpu * 1000) / total,
    peakRss,
    heap,
    requests: total,
  };
}

/** Statements per request from pg_stat_statements, by the role of each server; with the statements themselves when `breakdown`. */
async function statementsPerRequest(
  url: string,
  side: SideName,
  scenario: Scenario,
  token: string,
  breakdown?: (statements: StatementTime[]) => void,
): Promise<number> {
  await query(url, 'select pg_stat_statements_reset()');
  const port = PORTS[side];
  const req = request(side, scenario);
  const count = scenario.countRequests ?? COUNT_REQUESTS;
  for (let i = 0; i < count; i++) {
    const res = await fetch(`http://127.0.0.1:${port}${req.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: req.body(),
    });
    await res.arrayBuffer();
  }
  const [row] = await query<{ calls: string }>(
    url,
    // The statements the server sends (round trips): not those a trigger runs inside them (the change history's insert).
    `select coalesce(sum(calls), 0) as calls from pg_stat_statements s join pg_roles r on r.oid = s.userid
      where r.rolname = $1 and s.toplevel and s.query not like '%pg_stat_statements%'`,
    [ROLES[side]],
  );
  if (breakdown) {
    const round2 = (v: number) => Math.round(v * 100) / 100;
    breakdown((await statementTimes(url, ROLES[side], 160)).map((st) => ({ ...st, meanMs: round2(st.meanMs) })));
  }
  return Number(row.calls) / count;
}

/** One request, timed from sending to the last byte of the answer. */
async function timedRequest(side: 'api' | 'baseline', scenario: Scenario, token: string): Promise<number> {
  const req = request(side, scenario);
  const started = performance.now();
  const res = await fetch(`http://127.0.0.1:${side === 'api' ? API_PORT : BASELINE_PORT}${req.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: req.body(),
  });
  const body = await res.text();
  const ms = performance.now() - started;
  if (!res.ok || body.includes('"errors"')) throw new Error(`${scenario.id} ${side}: ${res.status} ${body.slice(0, 300)}`);
  return ms;
}

/** The statements of a role since the last reset, slowest (mean) first. */
async function statementTimes(url: string, role: string, chars = 80): Promise<StatementTime[]> {
  const rows = await query<{ calls: string; mean: number; query: string }>(
    url,
    `select s.calls, s.mean_exec_time as mean, s.query from pg_stat_statements s join pg_roles r on r.oid = s.userid
      where r.rolname = $1 and s.query not like '%pg_stat_statements%' order by s.mean_exec_time desc`,
    [role],
  );
  return rows.map((r) => ({ calls: Number(r.calls), meanMs: r.mean, query: r.query.replace(/\s+/g, ' ').trim().slice(0, chars) }));
}

/**
 * Single requests one after another (no concurrency), medians of SEQUENTIAL_REQUESTS:
 * the API with its company-wide cut-points cached (warm), the API with the cache missed
 * (cold: the data version is bumped before each request, as a committed write does), and
 * the baseline; with the time of the API's population statement (the slowest statement of
 * the cold requests, from pg_stat_statements) and of the baseline's statement.
 */
async function sequentialPageTimes(url: string, scenario: Scenario, token: string): Promise<SequentialPageTimes> {
  const n = SEQUENTIAL_REQUESTS;
  const times = async (side: 'api' | 'baseline', before?: () => Promise<unknown>) => {
    const ms: number[] = [];
    for (let i = 0; i < n; i++) {
      await before?.();
      ms.push(await timedRequest(side, scenario, token));
    }
    return ms;
  };
  // A sequence's first nextval leaves last_value as it was (only is_called changes): bump once
  // so that every bump below is a new data version.
  await query(url, `select nextval('scoring_data_version')`);
  await timedRequest('api', scenario, token); // the cache filled
  const warm = await times('api');
  await query(url, 'select pg_stat_statements_reset()');
  const cold = await times('api', () => query(url, `select nextval('scoring_data_version')`));
  const coldStatements = await statementTimes(url, 'bench_api');
  await query(url, 'select pg_stat_statements_reset()');
  const baseline = await times('baseline');
  const baselineStatements = await statementTimes(url, 'bench_baseline');
  const population = coldStatements[0];
  const round1 = (v: number) => Math.round(v * 10) / 10;
  return {
    requests: n,
    apiWarmMs: round1(median(warm)),
    apiColdMs: round1(median(cold)),
    baselineMs: round1(median(baseline)),
    apiPopulationMs: round1(population?.meanMs ?? 0),
    baselineStatementMs: round1(baselineStatements[0]?.meanMs ?? 0),
    apiColdStatementsPerRequest: coldStatements.reduce((sum, s) => sum + s.calls, 0) / n,
    apiColdStatements: coldStatements.slice(0, 8).map((s) => ({ ...s, meanMs: round1(s.meanMs) })),
    samples: { apiWarm: warm.map(round1), apiCold: cold.map(round1), baseline: baseline.map(round1) },
  };
}

/**
 * The API and the baseline (and the peer, its answer mapped onto the API's shape) must give
 * the same answer: the same keys (in any order) and values, ids aside for writes, the
 * scenario's `notCompared` fields left out of the API's, and decimal strings compared by
 * value ("12.50" = "12.5", "0.00" = "0").
 */
async function sameAnswer(scenario: Scenario, token: string): Promise<{ baseline: boolean; peer?: boolean }> {
  const variables = scenario.variables();
  const ask = async (port: number, p: string, body: unknown) =>
    (await (
      await fetch(`http://127.0.0.1:${port}${p}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      })
    ).json()) as { data: unknown };
  const api = await ask(API_PORT, '/graphql', { query: scenario.graphql, variables });
  const base = await ask(BASELINE_PORT, scenario.baselinePath, { variables });
  const notCompared = new Set(scenario.notCompared ?? []);
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical);
    if (v && typeof v === 'object') {
      const entries = Object.entries(v as Record<string, unknown>).filter(([k]) => !notCompared.has(k));
      return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, value]) => [k, canonical(value)]));
    }
    if (typeof v === 'string' && /^-?\d+\.\d+$/.test(v)) return v.replace(/\.?0+$/, '');
    return v;
  };
  const shape = (v: unknown) =>
    JSON.stringify(canonical(v), (k, value) => (scenario.writes && ['id', 'number'].includes(k) ? typeof value : value));
  const same = shape(api.data) === shape(base.data);
  if (!same)
    console.log(
      `  ${scenario.id}: the answers differ\n    api:      ${shape(api.data).slice(0, 400)}\n    baseline: ${shape(base.data).slice(0, 400)}`,
    );
  const peer = peerQuery(scenario);
  if (!peer) return { baseline: same };
  const answer = (await ask(PORTS.peer, '/graphql', { query: peer.graphql, variables: peer.variables(variables) })) as {
    data?: unknown;
    errors?: unknown;
  };
  const peerShape = answer.data ? shape(peer.toApiShape(answer.data)) : JSON.stringify(answer.errors);
  const peerSame = shape(api.data) === peerShape;
  if (!peerSame)
    console.log(
      `  ${scenario.id}: the peer's answer differs\n    api:  ${shape(api.data).slice(0, 400)}\n    peer: ${peerShape.slice(0, 400)}`,
    );
  return { baseline: same, peer: peerSame };
}

/** A GraphQL request to the API as the bench's admin; throws on errors. */
async function apiGraphql<T>(token: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${API_PORT}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (!res.ok || body.errors?.length || !body.data) throw new Error(`API: ${res.status} ${JSON.stringify(body).slice(0, 400)}`);
  return body.data;
}

/** Least-squares slope of y over x. */
function slope(points: ReadonlyArray<readonly [number, number]>): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const sxx = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return sxx === 0 ? 0 : points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0) / sxx;
}

/**
 * One streamed export of a saved segment (made through segmentCreate for the run, deleted
 * after): the API's RSS sampled every 100 ms from 2 s before the request (at rest) to the
 * last byte; the time, bytes and rows (lines of the CSV after the header); and the RSS slope
 * over the streaming (least squares, MB per minute), which is ~0 when memory stays flat.
 */
async function exportMemory(c: ExportCase, token: string, pid: number, pass: number): Promise<ExportResult> {
  const name = `bench ${c.id} ${pass} ${new Date().toISOString()}`;
  const created = await apiGraphql<{ segmentCreate: { segment: { id: string; count: number } | null; userErrors: unknown[] } }>(
    token,
    `mutation SegmentBenchCreate($input: SegmentCreateInput!) { segmentCreate(input: $input) { segment { id count } userErrors { field message } } }`,
    { input: { name, query: c.query } },
  );
  const segment = created.segmentCreate.segment;
  if (!segment) throw new Error(`${c.id}: segmentCreate failed: ${JSON.stringify(created.segmentCreate.userErrors)}`);
  try {
    const samples: Array<{ ms: number; rssMb: number; bytes: number }> = [];
    let bytes = 0;
    const t0 = performance.now();
    const sample = () => {
      try {
        samples.push({ ms: performance.now() - t0, rssMb: rssMb(pid), bytes });
      } catch {
        /* the process ended */
      }
    };
    const timer = setInterval(sample, 100);
    try {
      await new Promise((r) => setTimeout(r, 2000));
      const restSamples = samples.map((s) => s.rssMb);
      const cpuBefore = cpuSeconds(pid);
      const started = performance.now();
      const res = await fetch(`http://127.0.0.1:${API_PORT}/exports/segments/${encodeURIComponent(segment.id)}.${c.format}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (res.status !== 200 || !res.body) throw new Error(`${c.id}: ${res.status} ${(await res.text()).slice(0, 300)}`);
      let firstByteMs = 0;
      let newlines = 0;
      let bom = false;
      let error: string | undefined;
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          if (bytes === 0) {
            firstByteMs = performance.now() - started;
            bom = chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf;
          }
          bytes += chunk.length;
          if (c.format === 'csv') for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) newlines++;
        }
      } catch (e) {
        // The server cut the response (a failure while streaming): reported, not thrown, with what arrived until then.
        error = `${e instanceof Error ? e.message : String(e)}${(e as { cause?: Error })?.cause ? `: ${(e as { cause: Error }).cause.message}` : ''}`;
      }
      const ms = performance.now() - started;
      const cpu = cpuSeconds(pid) - cpuBefore;
      sample();
      const streaming = samples.filter((s) => s.ms >= 2000);
      const rest = median(restSamples);
      const peak = Math.max(...streaming.map((s) => s.rssMb));
      // The slope after the first tenth of the download (buffers and the cursor's first batches filling).
      const steady = streaming.filter((s) => s.ms - 2000 >= ms / 10);
      const perMs = slope(steady.map((s) => [s.ms, s.rssMb] as const));
      const quarter = (q: number) => {
        const part = streaming.filter((s) => s.ms - 2000 >= (q * ms) / 4 && s.ms - 2000 < ((q + 1) * ms) / 4);
        return part.length ? Math.max(...part.map((s) => s.rssMb)) : 0;
      };
      return {
        id: c.id,
        pass,
        title: c.title,
        format: c.format,
        query: c.query,
        members: segment.count,
        rows: c.format === 'csv' ? Math.max(0, newlines - 1) : error ? 0 : segment.count,
        bytes,
        ms: Math.round(ms),
        firstByteMs: Math.round(firstByteMs),
        bom,
        apiCpuSeconds: Math.round(cpu * 10) / 10,
        restRssMb: Math.round(rest * 10) / 10,
        peakRssMb: Math.round(peak * 10) / 10,
        peakQuartersMb: [0, 1, 2, 3].map((q) => Math.round(quarter(q) * 10) / 10),
        // Over a download of a few seconds the fit measures the garbage collector's saw-tooth, not a trend.
        slopeMbPerMin: ms >= 10_000 ? Math.round(perMs * 60_000 * 100) / 100 : null,
        samples: streaming.length,
        // One sample a second: [seconds since the request, RSS MB, MiB received].
        series: streaming
          .filter((_, i) => i % 10 === 0)
          .map((s) => [Math.round((s.ms - 2000) / 100) / 10, Math.round(s.rssMb), Math.round((s.bytes / 2 ** 20) * 10) / 10]),
        loadAverage: os.loadavg()[0],
        ...(error ? { error } : {}),
      };
    } finally {
      clearInterval(timer);
    }
  } finally {
    await apiGraphql(
      token,
      `mutation SegmentBenchDelete($input: SegmentDeleteInput!) { segmentDelete(input: $input) { deletedSegmentId userErrors { message } } }`,
      {
        input: { id: segment.id },
      },
    ).catch((error) => console.log(`  could not delete the bench segment: ${error}`));
  }
}

async function main(): Promise<void> {
  const server = await startBenchServer();
  const { url, database } = server;
  const children: ChildProcess[] = [];
  try {
    const migrated = await applyMigrations(url);
    if (migrated.length) console.log(`applied migrations: ${migrated.join(', ')}`);
    await prepareRoles(url);
    const fx = await fixtures(url);
    const token = await benchToken(url);
    const dataset = (
      await query<{ customers: string; orders: string; lines: string }>(
        url,
        `select (select count(*) from customer) customers, (select count(*) from sales_order) orders, (select count(*) from order_line) lines`,
      )
    )[0];
    const dist = path.resolve(__dirname, '..');
    const apiChild = start(
      path.join(dist, 'src/main.js'),
      {
        NODE_ENV: 'production',
        PORT: String(API_PORT),
        DATABASE_URL: roleUrl(url, 'bench_api'),
        SEED_ON_EMPTY: 'false',
        // No daily snapshot job in the measured process: its polling would add statements.
        SCHEDULER_ENABLED: 'false',
        // Nor the webhook worker's rounds (none are subscribed in the bench database).
        WEBHOOKS_ENABLED: 'false',
        // The rate limit's check runs on every request (its statement is measured) with a bucket no run can empty;
        // BENCH_RATE_LIMIT=off measures the API without it.
        RATE_LIMIT_ENABLED: process.env.BENCH_RATE_LIMIT === 'off' ? 'false' : 'true',
        RATE_LIMIT_CAPACITY: '999999999',
        RATE_LIMIT_RESTORE_PER_SECOND: '999999999',
        LOG_LEVEL: 'warn',
      },
      API_NODE_ARGS,
    );
    children.push(apiChild);
    const baseline = start(path.join(__dirname, 'baseline-server.js'), {
      PORT: String(BASELINE_PORT),
      DATABASE_URL: roleUrl(url, 'bench_baseline'),
    });
    children.push(baseline);
    const servers: Partial<Record<SideName, ChildProcess>> = { api: apiChild, baseline };
    if (PEER) {
      const { script, ...runtime } = PEERS[PEER].prepare(PEER_CACHE);
      for (const sql of readOnlyRoleSql(ROLES.peer, ROLE_PASSWORD)) await query(url, sql);
      servers.peer = start(
        script,
        {
          PORT: String(PORTS.peer),
          DATABASE_URL: roleUrl(url, ROLES.peer),
          POOL_MAX: String(loadConfig().db.poolMax),
          GRAPHILE_ENV: 'production',
        },
        [],
        runtime,
      );
      children.push(servers.peer);
    }
    await waitReady(`http://127.0.0.1:${API_PORT}/readyz`, apiChild);
    await waitReady(`http://127.0.0.1:${BASELINE_PORT}/healthz`, baseline);
    if (servers.peer) await waitReady(`http://127.0.0.1:${PORTS.peer}/healthz`, servers.peer);

    const selected = scenarios(fx).filter((s) => SELECTED.length === 0 || SELECTED.includes(s.id));
    const exports = exportCases().filter((e) => SELECTED.length === 0 || SELECTED.includes(e.id));
    if (selected.length === 0 && exports.length === 0) throw new Error(`BENCH_ONLY=${process.env.BENCH_ONLY} matches no scenario`);
    const results: ScenarioResult[] = [];
    const loadAverageAtStart = os.loadavg()[0];
    for (const scenario of selected) {
      console.log(`\n${scenario.id}: ${scenario.title}`);
      const matches = await sameAnswer(scenario, token);
      const seconds = scenario.load?.seconds ?? SECONDS;
      const warmUp = Math.max(2, Math.round(seconds / 4));
      const sides: SideName[] = peerQuery(scenario) ? ['api', 'baseline', 'peer'] : ['api', 'baseline'];
      for (const side of sides) await load(side, scenario, token, servers[side]!, warmUp);
      const runs: Record<SideName, Array<Awaited<ReturnType<typeof load>>>> = { api: [], baseline: [], peer: [] };
      for (let round = 0; round < ROUNDS; round++) {
        for (const side of sides) {
          const run = await load(side, scenario, token, servers[side]!, seconds);
          runs[side].push(run);
          console.log(
            `  ${side.padEnd(8)} round ${round + 1}: ${run.rps.toFixed(run.rps < 10 ? 1 : 0)} req/s, p50 ${run.p50} ms, p99 ${run.p99} ms`,
          );
        }
      }
      const statements: Partial<Record<SideName, StatementTime[]>> = {};
      const summarize = async (side: SideName): Promise<Side> => ({
        rps: median(runs[side].map((r) => r.rps)),
        p50: median(runs[side].map((r) => r.p50)),
        p99: median(runs[side].map((r) => r.p99)),
        cpuMsPerRequest: median(runs[side].map((r) => r.cpuMsPerRequest)),
        peakRssMb: Math.max(...runs[side].map((r) => r.peakRss)),
        peakHeapUsedMb: Math.max(...runs[side].map((r) => r.heap.heapUsedMb)),
        peakHeapTotalMb: Math.max(...runs[side].map((r) => r.heap.heapTotalMb)),
        statementsPerRequest: await statementsPerRequest(
          url,
          side,
          scenario,
          token,
          scenario.statementBreakdown ? (st) => (statements[side] = st) : undefined,
        ),
      });
      const result: ScenarioResult = {
        id: scenario.id,
        title: scenario.title,
        sameAnswer: matches.baseline,
        api: await summarize('api'),
        baseline: await summarize('baseline'),
      };
      if (sides.includes('peer')) {
        result.peer = await summarize('peer');
        result.peerSameAnswer = matches.peer;
      }
      if (scenario.load) result.load = { connections: scenario.load.connections, secondsPerRun: seconds };
      if (scenario.notCompared?.length) result.notCompared = [...scenario.notCompared];
      if (statements.api && statements.baseline) {
        result.statements = { requests: scenario.countRequests ?? COUNT_REQUESTS, api: statements.api, baseline: statements.baseline };
        for (const side of ['api', 'baseline'] as const) {
          for (const st of statements[side]!)
            console.log(`  ${side.padEnd(8)} ${st.meanMs.toFixed(1).padStart(8)} ms × ${st.calls}: ${st.query.slice(0, 100)}`);
        }
      }
      if (scenario.sequentialPageTimes) {
        const t = await sequentialPageTimes(url, scenario, token);
        console.log(
          `  one at a time: API warm ${t.apiWarmMs} ms, API cold ${t.apiColdMs} ms (population ${t.apiPopulationMs} ms), baseline ${t.baselineMs} ms`,
        );
        result.sequential = t;
      }
      result.loadAverage = os.loadavg()[0];
      results.push(result);
    }
    const exportResults: ExportResult[] = [];
    for (const c of exports) {
      console.log(`\n${c.id}: ${c.title}`);
      for (let pass = 1; pass <= c.passes; pass++) {
        const r = await exportMemory(c, token, apiChild.pid!, pass);
        console.log(
          (r.error ? `  #${pass} FAILED after ${(r.ms / 1000).toFixed(1)} s (${r.error}): ` : `  #${pass} `) +
            `${r.rows.toLocaleString('en')} rows, ${(r.bytes / 2 ** 20).toFixed(1)} MiB in ${(r.ms / 1000).toFixed(1)} s; ` +
            `RSS at rest ${r.restRssMb.toFixed(0)} MB, peak ${r.peakRssMb.toFixed(0)} MB, slope ${r.slopeMbPerMin == null ? '— (under 10 s)' : `${r.slopeMbPerMin.toFixed(2)} MB/min`}`,
        );
        exportResults.push(r);
      }
    }

    const [{ server_version: version }] = await query<{ server_version: string }>(url, 'show server_version');
    const report = {
      date: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        model: os.cpus()[0]?.model,
        memoryGb: Math.round(os.totalmem() / 2 ** 30),
        platform: `${os.platform()} ${os.release()}`,
      },
      versions: { node: process.version, postgres: version },
      ...(PEER ? { peer: PEERS[PEER].name } : {}),
      settings: {
        connections: CONNECTIONS,
        secondsPerRun: SECONDS,
        rounds: ROUNDS,
        // The API inherits the environment: a statement timeout set for the run is part of what was measured.
        ...(process.env.DB_STATEMENT_TIMEOUT_MS ? { apiStatementTimeoutMs: Number(process.env.DB_STATEMENT_TIMEOUT_MS) } : {}),
      },
      conditions: { loadAverageAtStart, loadAverageAtEnd: os.loadavg()[0] },
      dataset: { database, customers: Number(dataset.customers), orders: Number(dataset.orders), orderLines: Number(dataset.lines) },
      results,
      ...(exportResults.length ? { exports: exportResults } : {}),
    };
    const dir = path.resolve(process.cwd(), 'bench/results');
    mkdirSync(dir, { recursive: true });
    // A partial run (BENCH_ONLY) never replaces the day's full report.
    // Another dataset than `bench` is named in the file: `<date>-bench_1m-only-G1-G3`.
    const stamp =
      report.date.slice(0, 10) +
      (database === 'bench' ? '' : `-${database}`) +
      (ONLY.length ? `-only-${ONLY.join('-')}` : '') +
      (PEER ? `-peer-${PEER}` : '');
    writeFileSync(path.join(dir, `${stamp}.json`), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(path.join(dir, `${stamp}.md`), renderMarkdown(report));
    console.log(`\n${renderMarkdown(report)}\nwrote bench/results/${stamp}.md and .json`);
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1500));
    await server.embedded?.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
