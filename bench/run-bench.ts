import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { query, startBenchServer } from './harness/bench-database';
import { cpuSeconds, sampleRss } from './harness/process-stats';
import { renderMarkdown, type ScenarioResult, type Side } from './harness/report';
import { scenarios, type Fixtures, type Scenario } from './scenarios';

/**
 * `npm run bench`: starts the API in production mode and the hand-written baseline against
 * the benchmark database, and for each scenario runs them alternately at a fixed
 * concurrency. Every figure is reported with its API/baseline ratio from the same run.
 */
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 10);
const SECONDS = Number(process.env.BENCH_SECONDS || 6);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const COUNT_REQUESTS = 50;
const API_PORT = 4510;
const BASELINE_PORT = 4511;
const ROLE_PASSWORD = 'bench';

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function start(script: string, env: Record<string, string>): ChildProcess {
  return fork(script, [], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
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

/** Roles of their own, so pg_stat_statements tells the two servers' statements apart. */
async function prepareRoles(url: string): Promise<void> {
  for (const role of ['bench_api', 'bench_baseline']) {
    await query(url, `do $$ begin if not exists (select from pg_roles where rolname = '${role}') then create role ${role} login password '${ROLE_PASSWORD}'; end if; end $$`);
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
  const busy = await query<{ id: number }>(
    url,
    `select customer_id as id from sales_order group by customer_id having count(*) >= 20 order by customer_id limit 200`,
  );
  const customers = await query<{ id: number }>(url, 'select id from customer where archived_at is null order by id limit 20000');
  const products = await query<{ id: number }>(url, 'select id from product where active order by id');
  if (!busy.length || !customers.length || !products.length) throw new Error('the bench database has no data: run `npm run bench:data` first');
  return { busyCustomers: busy.map((r) => r.id), customers: customers.map((r) => r.id), products: products.map((r) => r.id) };
}

/** A session token both servers accept (the baseline checks it the same way). */
async function benchToken(url: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const [admin] = await query<{ id: number }>(url, `select id from app_user where role = 'ADMIN' and active order by id limit 1`);
  if (!admin) throw new Error('the bench database has no active admin');
  await query(url, `insert into auth_token (user_id, token_hash, expires_at, created_at) values ($1, $2, now() + interval '1 day', now())`, [
    admin.id,
    createHash('sha256').update(token).digest('hex'),
  ]);
  return token;
}

function request(side: 'api' | 'baseline', scenario: Scenario) {
  const body = () =>
    side === 'api' ? JSON.stringify({ query: scenario.graphql, variables: scenario.variables() }) : JSON.stringify({ variables: scenario.variables() });
  return {
    path: side === 'api' ? '/graphql' : scenario.baselinePath,
    body,
  };
}

async function load(side: 'api' | 'baseline', scenario: Scenario, token: string, pid: number, seconds: number) {
  const port = side === 'api' ? API_PORT : BASELINE_PORT;
  const req = request(side, scenario);
  const cpuBefore = cpuSeconds(pid);
  const stopRss = sampleRss(pid);
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
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
  const cpu = cpuSeconds(pid) - cpuBefore;
  const total = result.requests.total;
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${scenario.id} ${side}: ${result.non2xx} non-2xx answers and ${result.errors} errors of ${total}`);
  }
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, cpuMsPerRequest: (cpu * 1000) / total, peakRss, requests: total };
}

/** Statements per request from pg_stat_statements, by the role of each server. */
async function statementsPerRequest(url: string, side: 'api' | 'baseline', scenario: Scenario, token: string): Promise<number> {
  await query(url, 'select pg_stat_statements_reset()');
  const port = side === 'api' ? API_PORT : BASELINE_PORT;
  const req = request(side, scenario);
  for (let i = 0; i < COUNT_REQUESTS; i++) {
    const res = await fetch(`http://127.0.0.1:${port}${req.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: req.body(),
    });
    await res.arrayBuffer();
  }
  const [row] = await query<{ calls: string }>(
    url,
    `select coalesce(sum(calls), 0) as calls from pg_stat_statements s join pg_roles r on r.oid = s.userid
      where r.rolname = $1 and s.query not like '%pg_stat_statements%'`,
    [side === 'api' ? 'bench_api' : 'bench_baseline'],
  );
  return Number(row.calls) / COUNT_REQUESTS;
}

/** The API and the baseline must give the same answer (ids aside for writes). */
async function sameAnswer(scenario: Scenario, token: string): Promise<boolean> {
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
  const shape = (v: unknown) => JSON.stringify(v, (k, value) => (scenario.writes && ['id', 'number'].includes(k) ? typeof value : value));
  return shape(api.data) === shape(base.data);
}

async function main(): Promise<void> {
  const server = await startBenchServer();
  const { url } = server;
  const children: ChildProcess[] = [];
  try {
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
    const apiChild = start(path.join(dist, 'src/main.js'), {
      NODE_ENV: 'production',
      PORT: String(API_PORT),
      DATABASE_URL: roleUrl(url, 'bench_api'),
      SEED_ON_EMPTY: 'false',
      LOG_LEVEL: 'warn',
    });
    children.push(apiChild);
    const baseline = start(path.join(__dirname, 'baseline-server.js'), { PORT: String(BASELINE_PORT), DATABASE_URL: roleUrl(url, 'bench_baseline') });
    children.push(baseline);
    await waitReady(`http://127.0.0.1:${API_PORT}/readyz`, apiChild);
    await waitReady(`http://127.0.0.1:${BASELINE_PORT}/healthz`, baseline);

    const results: ScenarioResult[] = [];
    for (const scenario of scenarios(fx)) {
      console.log(`\n${scenario.id}: ${scenario.title}`);
      const matches = await sameAnswer(scenario, token);
      await load('api', scenario, token, apiChild.pid!, 2); // warm-up
      await load('baseline', scenario, token, baseline.pid!, 2);
      const runs: Record<'api' | 'baseline', Array<Awaited<ReturnType<typeof load>>>> = { api: [], baseline: [] };
      for (let round = 0; round < ROUNDS; round++) {
        for (const side of ['api', 'baseline'] as const) {
          const run = await load(side, scenario, token, side === 'api' ? apiChild.pid! : baseline.pid!, SECONDS);
          runs[side].push(run);
          console.log(`  ${side.padEnd(8)} round ${round + 1}: ${run.rps.toFixed(0)} req/s, p50 ${run.p50} ms, p99 ${run.p99} ms`);
        }
      }
      const summarize = async (side: 'api' | 'baseline'): Promise<Side> => ({
        rps: median(runs[side].map((r) => r.rps)),
        p50: median(runs[side].map((r) => r.p50)),
        p99: median(runs[side].map((r) => r.p99)),
        cpuMsPerRequest: median(runs[side].map((r) => r.cpuMsPerRequest)),
        peakRssMb: Math.max(...runs[side].map((r) => r.peakRss)),
        statementsPerRequest: await statementsPerRequest(url, side, scenario, token),
      });
      results.push({ id: scenario.id, title: scenario.title, sameAnswer: matches, api: await summarize('api'), baseline: await summarize('baseline') });
    }

    const [{ server_version: version }] = await query<{ server_version: string }>(url, 'show server_version');
    const report = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), platform: `${os.platform()} ${os.release()}` },
      versions: { node: process.version, postgres: version },
      settings: { connections: CONNECTIONS, secondsPerRun: SECONDS, rounds: ROUNDS },
      dataset: { customers: Number(dataset.customers), orders: Number(dataset.orders), orderLines: Number(dataset.lines) },
      results,
    };
    const dir = path.resolve(process.cwd(), 'bench/results');
    mkdirSync(dir, { recursive: true });
    const stamp = report.date.slice(0, 10);
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
