import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import pino from 'pino';
import { loadConfig } from '../src/config';
import { withDatabase } from '../src/db/database';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { ormOptions } from '../src/db/orm.config';
import { seedIfEmpty } from '../src/db/seeders/demo-data.seeder';
import { cpuSeconds } from './harness/process-stats';

/**
 * Fair use of the database (issue 11): the latency of light requests (`{ viewer { id } }`,
 * `customer(id)`) of one salesperson while an admin runs the two heavy repros of the issue
 * in loops: 24 aliases × `nodes(100 ids)` with scoring fields, and 30 aliased
 * `segmentPreview { count }` with 200 conditions each.
 *
 * The API runs as its own process (production mode, the default pool of 10) against the demo
 * data in an embedded PostgreSQL of its own (`.data/fair-use-postgres`, port 54331). Each mode
 * restarts it: `off` with the fair-use limits switched off (DB_REQUEST_CONNECTIONS=0,
 * VIEWER_CONCURRENT_EVALUATIONS=0), `on` with the defaults. `FAIR_USE_SERVER=/path/main.js`
 * runs another build (e.g. the commit before the change) as the `before` mode.
 *
 *   npx tsc -p tsconfig.build.json --outDir /tmp/fair-use-build && ln -sfn $PWD/node_modules /tmp/fair-use-build/node_modules &&
 *     node /tmp/fair-use-build/bench/fair-use.js
 * (or `npm run build && node dist/bench/fair-use.js`; a build of its own leaves a shared dist/ alone)
 *
 * Settings: FAIR_USE_SECONDS (15 of heavy load per mode), FAIR_USE_LIGHT_CLIENTS (4),
 * FAIR_USE_HEAVY_CLIENTS (2 loops of each repro), FAIR_USE_CUSTOMERS (2,400, the demo's),
 * FAIR_USE_MODES (`off,on`; `before` needs FAIR_USE_SERVER), FAIR_USE_MAX_COST (GRAPHQL_MAX_COST of
 * the server; unset = the server's default, which may refuse repro 1 with QUERY_TOO_COSTLY
 * once list arguments are priced by length: set it high to measure the pool under that load),
 * FAIR_USE_REPROS (`nodes,previews`: which heavy repros run). The API process's CPU use during
 * the heavy phase is reported too: repro 1 is mostly work in Node (scoring 2,400 customers and
 * serialising them), which no database limit can share out.
 */
const SECONDS = Number(process.env.FAIR_USE_SECONDS || 15);
const LIGHT_CLIENTS = Number(process.env.FAIR_USE_LIGHT_CLIENTS || 4);
const HEAVY_CLIENTS = Number(process.env.FAIR_USE_HEAVY_CLIENTS || 2);
const CUSTOMERS = Number(process.env.FAIR_USE_CUSTOMERS || 2_400);
const MODES = (process.env.FAIR_USE_MODES || 'off,on').split(',').map((m) => m.trim());
const REPROS = (process.env.FAIR_USE_REPROS || 'nodes,previews').split(',').map((m) => m.trim());
const PORT = 4520;
const URL_BASE = `http://127.0.0.1:${PORT}`;
const DATABASE = 'fair_use';

const MODE_ENV: Record<string, Record<string, string>> = {
  before: {},
  off: { DB_REQUEST_CONNECTIONS: '0', VIEWER_CONCURRENT_EVALUATIONS: '0' },
  on: {},
};

interface Sample {
  op: string;
  ms: number;
  status: number;
  code?: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a benchmark reads any field of the answer
type AnyData = any;

async function post(
  body: unknown,
  token?: string,
): Promise<{ status: number; json: { data?: AnyData; errors?: Array<{ message: string; extensions?: { code?: string } }> } }> {
  const res = await fetch(`${URL_BASE}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  try {
    return { status: res.status, json: JSON.parse(text) };
  } catch {
    return { status: res.status, json: { errors: [{ message: text.slice(0, 200) }] } };
  }
}

async function timed(op: string, body: unknown, token: string): Promise<Sample> {
  const started = performance.now();
  try {
    const { status, json } = await post(body, token);
    return { op, ms: performance.now() - started, status, code: json.errors?.[0]?.extensions?.code ?? (json.errors ? 'ERROR' : undefined) };
  } catch (error) {
    return { op, ms: performance.now() - started, status: 0, code: (error as Error).message };
  }
}

async function login(email: string, password: string): Promise<string> {
  const { json } = await post({
    query: 'mutation($i: LoginInput!) { login(input: $i) { token userErrors { message } } }',
    variables: { i: { email, password } },
  });
  const token = json.data?.login?.token;
  if (!token) throw new Error(`login ${email} failed: ${JSON.stringify(json)}`);
  return token;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((sorted.length * p) / 100) - 1))];
}

function summary(samples: Sample[]) {
  const ms = samples.map((s) => s.ms);
  const outcomes: Record<string, number> = {};
  for (const s of samples) {
    const key = `${s.status}${s.code ? ` ${s.code}` : ''}`;
    outcomes[key] = (outcomes[key] ?? 0) + 1;
  }
  return {
    n: samples.length,
    p50: Math.round(percentile(ms, 50)),
    p95: Math.round(percentile(ms, 95)),
    max: Math.round(Math.max(...ms, 0)),
    outcomes,
  };
}

/** Issue repro 1: 24 aliases × nodes(100 ids) with the scoring fields. */
function nodesRepro(ids: string[]): unknown {
  const fields =
    'id name value { score tier } rfm { group } trend { direction } lifecycle { stage } abcClass memberLevel relationshipDepth';
  const aliases = Array.from({ length: 24 }, (_, i) => `n${i}: nodes(ids: $ids) { ... on Customer { ${fields} } }`);
  return { query: `query($ids: [ID!]!) { ${aliases.join(' ')} }`, variables: { ids } };
}

/** Issue repro 2: 30 aliased previews, 200 conditions each (different per alias and per request). */
let previewSeed = 0;
function previewRepro(): unknown {
  const seed = previewSeed++;
  const aliases = Array.from({ length: 30 }, (_, a) => {
    const rule = Array.from({ length: 200 }, (_, i) => `name CONTAINS "q${seed}-${a}-${i}"`).join(' OR ');
    return `p${a}: segmentPreview(query: ${JSON.stringify(rule)}) { count }`;
  });
  return { query: `{ ${aliases.join(' ')} }` };
}

async function waitReady(child: ChildProcess): Promise<void> {
  for (let i = 0; i < 240; i++) {
    if (child.exitCode != null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${URL_BASE}/readyz`)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('server not ready');
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode != null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  if (child.exitCode == null) child.kill('SIGKILL');
}

async function prepare(url: string): Promise<void> {
  const orm = await MikroORM.init(ormOptions(url, loadConfig({ NODE_ENV: 'production' }).db));
  try {
    await orm.getMigrator().up();
    const seeded = await seedIfEmpty(orm.em.fork(), { customers: CUSTOMERS, log: pino({ level: 'warn' }), timeZone: 'Asia/Shanghai' });
    if (seeded) console.log('seeded', seeded);
    await orm.em.fork().execute('analyze');
  } finally {
    await orm.close(true);
  }
}

async function runMode(mode: string, databaseUrl: string) {
  const script = mode === 'before' ? process.env.FAIR_USE_SERVER : path.join(__dirname, '..', 'src', 'main.js');
  if (!script) throw new Error('mode "before" needs FAIR_USE_SERVER=/path/to/main.js of the build to compare with');
  const child = fork(script, [], {
    env: {
      ...process.env,
      ...MODE_ENV[mode],
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      PORT: String(PORT),
      SEED_ON_EMPTY: 'false',
      SCHEDULER_ENABLED: 'false',
      LOG_LEVEL: 'silent',
      ...(process.env.FAIR_USE_MAX_COST ? { GRAPHQL_MAX_COST: process.env.FAIR_USE_MAX_COST } : {}),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    await waitReady(child);
    const admin = await login('admin@example.com', 'admin123');
    const sales = await login('sales01@example.com', 'sales123');
    const own = await post({ query: '{ customers(first: 1) { nodes { id } } }' }, sales);
    const customerId: string = own.json.data.customers.nodes[0].id;
    const hundred = await post({ query: '{ customers(first: 100) { nodes { id } } }' }, admin);
    const ids: string[] = hundred.json.data.customers.nodes.map((n: { id: string }) => n.id);
    const lightBodies: Array<[string, unknown]> = [
      ['viewer', { query: '{ viewer { id } }' }],
      ['customer(id)', { query: 'query($id: ID!) { customer(id: $id) { id name } }', variables: { id: customerId } }],
    ];

    const lightLoop = async (until: () => boolean, into: Sample[], offset: number) => {
      for (let i = offset; !until(); i++) {
        const [op, body] = lightBodies[i % lightBodies.length];
        into.push(await timed(op, body, sales));
      }
    };

    // Light requests alone, for reference.
    const alone: Sample[] = [];
    const aloneUntil = Date.now() + 4_000;
    await Promise.all(Array.from({ length: LIGHT_CLIENTS }, (_, c) => lightLoop(() => Date.now() > aloneUntil, alone, c)));

    // The heavy caller's loops, with the light clients running meanwhile.
    const heavy: Sample[] = [];
    const during: Sample[] = [];
    let stop = false;
    const heavyLoop = async (op: string, body: () => unknown) => {
      while (!stop) heavy.push(await timed(op, body(), admin));
    };
    const cpuBefore = cpuSeconds(child.pid!);
    const heavyStarted = performance.now();
    const heavyLoops = [
      ...(REPROS.includes('nodes') ? Array.from({ length: HEAVY_CLIENTS }, () => heavyLoop('24 × nodes(100)', () => nodesRepro(ids))) : []),
      ...(REPROS.includes('previews')
        ? Array.from({ length: HEAVY_CLIENTS }, () => heavyLoop('30 × segmentPreview(200)', previewRepro))
        : []),
    ];
    await new Promise((r) => setTimeout(r, 500)); // let the heavy requests take their connections first
    const lightUntil = Date.now() + SECONDS * 1000;
    await Promise.all(Array.from({ length: LIGHT_CLIENTS }, (_, c) => lightLoop(() => Date.now() > lightUntil, during, c)));
    const apiCpu = (cpuSeconds(child.pid!) - cpuBefore) / ((performance.now() - heavyStarted) / 1000);
    stop = true;
    await Promise.all(heavyLoops);

    const byOp = (samples: Sample[]) =>
      Object.fromEntries([...new Set(samples.map((s) => s.op))].map((op) => [op, summary(samples.filter((s) => s.op === op))]));
    return {
      mode,
      repros: REPROS,
      apiCpuCores: Number(apiCpu.toFixed(2)),
      lightAlone: summary(alone),
      light: summary(during),
      lightByOp: byOp(during),
      heavy: byOp(heavy),
    };
  } finally {
    await stopServer(child);
  }
}

async function main(): Promise<void> {
  const embedded = await startEmbeddedPostgres({
    dataDir: path.resolve(process.env.FAIR_USE_PG_DATA_DIR || path.join(process.cwd(), '.data', 'fair-use-postgres')),
    port: Number(process.env.FAIR_USE_PG_PORT || 54331),
  });
  try {
    const admin = new Client({ connectionString: embedded.url });
    await admin.connect();
    const exists = await admin.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (exists.rowCount === 0) await admin.query(`create database ${DATABASE}`);
    await admin.end();
    const url = withDatabase(embedded.url, DATABASE);
    await prepare(url);
    const results = [];
    for (const mode of MODES) {
      console.log(`mode ${mode}: ${SECONDS} s of heavy load, ${LIGHT_CLIENTS} light clients, ${HEAVY_CLIENTS} loops of each heavy repro`);
      const result = await runMode(mode, url);
      console.log(JSON.stringify(result, null, 2));
      results.push(result);
    }
    const lines = [
      '| mode | repros | API CPU (cores) | light alone p50/p95 (ms) | light under load n | p50 | p95 | max | light outcomes | heavy outcomes |',
      '|---|---|---|---|---|---|---|---|---|---|',
      ...results.map(
        (r) =>
          `| ${r.mode} | ${r.repros.join('+')} | ${r.apiCpuCores} | ${r.lightAlone.p50}/${r.lightAlone.p95} | ${r.light.n} | ${r.light.p50} | ${r.light.p95} | ${r.light.max} | ${JSON.stringify(r.light.outcomes)} | ${Object.entries(
            r.heavy,
          )
            .map(([op, s]) => `${op}: ${JSON.stringify(s.outcomes)} p50 ${s.p50} ms`)
            .join('; ')} |`,
      ),
    ];
    console.log(lines.join('\n'));
    const dir = path.join(process.cwd(), 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, `fair-use-${new Date().toISOString().slice(0, 10)}${process.env.FAIR_USE_REPROS ? `-${REPROS.join('+')}` : ''}.json`),
      JSON.stringify(
        { settings: { SECONDS, LIGHT_CLIENTS, HEAVY_CLIENTS, CUSTOMERS, maxCost: process.env.FAIR_USE_MAX_COST ?? 'default' }, results },
        null,
        2,
      ),
    );
  } finally {
    await embedded.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
