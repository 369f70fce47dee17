/**
 * Seeded fuzz of the GraphQL endpoint (issue 11): requests generated from the schema
 * (wrong types, extreme numbers and dates, NUL and unicode, forged ids and cursors, missing
 * and null variables, fragment fan-out, deep input objects, alias bombs) and malformed HTTP
 * bodies, each sent as the admin, a salesperson, a partner key and nobody. None may answer
 * HTTP 5xx (a 503 with Retry-After excepted), a non-JSON body, or INTERNAL_SERVER_ERROR.
 *
 *   FUZZ_SEED=…      the run's seed (printed on failure); default fixed
 *   FUZZ_RUNS=…      generated requests against the test-mode server (default 2000)
 *   FUZZ_PROD_RUNS=… the first N of them again against a NODE_ENV=production server (default 400)
 *   FUZZ_ONLY=3,17   only these request indexes (replay)
 *   FUZZ_ALL_SENDERS=1 send every request as each of the four senders (4× the requests)
 *   FUZZ_CONCURRENCY (default 4)
 *   FUZZ_DUMP=file   also write every request and answer there (JSON lines), to study a run
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { buildSchema } from '../../src/schema/build-schema';
import { generateRequest, type FuzzRequest } from '../support/fuzz/requests';
import { classOf, pool, send, summarize, type Outcome } from '../support/fuzz/runner';
import { seedWorld, type FuzzWorld } from '../support/fuzz/seed-data';
import { startTestApp, type TestApp } from '../support/test-app';

const SEED = Number(process.env.FUZZ_SEED ?? 20_251_111);
const RUNS = Number(process.env.FUZZ_RUNS ?? 2_000);
const PROD_RUNS = Math.min(RUNS, Number(process.env.FUZZ_PROD_RUNS ?? 400));
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 4);
const ONLY = process.env.FUZZ_ONLY?.split(',').map(Number);
const DUMP = process.env.FUZZ_DUMP;
const ALL_SENDERS = process.env.FUZZ_ALL_SENDERS === '1';

const schema = buildSchema();

function requests(world: FuzzWorld, count: number): FuzzRequest[] {
  const indexes = ONLY ?? Array.from({ length: count }, (_, i) => i);
  return indexes.map((i) => generateRequest(schema, world.pools, SEED, i));
}

/** Request i goes to sender i mod 4, so each sender gets a quarter of every kind of request (or, with FUZZ_ALL_SENDERS, to each). */
async function fuzz(app: TestApp, world: FuzzWorld, list: FuzzRequest[]): Promise<{ outcomes: Outcome[]; seconds: number }> {
  const started = performance.now();
  const jobs = list.flatMap((req) =>
    (ALL_SENDERS ? world.senders : [world.senders[req.index % world.senders.length]]).map((sender) => ({ req, sender })),
  );
  const outcomes = await pool(jobs, CONCURRENCY, ({ req, sender }) => send(app.url, req, sender));
  return { outcomes, seconds: (performance.now() - started) / 1000 };
}

function dump(mode: string, outcomes: Outcome[]): void {
  if (!DUMP) return;
  if (mode === 'test mode') writeFileSync(DUMP, '');
  for (const o of outcomes) {
    const body = typeof o.request.body === 'string' ? o.request.body.slice(0, 5_000) : o.request.body?.toString('base64');
    appendFileSync(
      DUMP,
      `${JSON.stringify({ mode, index: o.request.index, sender: o.sender, label: o.request.label, method: o.request.method, search: o.request.search.slice(0, 5_000), headers: o.request.headers, body, status: o.status, problems: o.problems, code: o.code, message: o.message, ms: Math.round(o.ms), answer: o.text.slice(0, 20_000) })}\n`,
    );
  }
}

/** Test mode's answer to each request, to explain production's masked "Internal server error". */
const testModeClass = new Map<string, string>();
const keyOf = (o: Outcome) => `${o.request.index}/${o.sender}`;

function report(mode: string, outcomes: Outcome[], seconds: number): Outcome[] {
  dump(mode, outcomes);
  if (mode === 'test mode') for (const o of outcomes) testModeClass.set(keyOf(o), classOf(o));
  const failures = outcomes.filter((o) => o.problems.length > 0);
  const byStatus = new Map<number, number>();
  for (const o of outcomes) byStatus.set(o.status, (byStatus.get(o.status) ?? 0) + 1);
  const slowest = [...outcomes].sort((a, b) => b.ms - a.ms)[0];
  console.log(
    `fuzz ${mode}: ${outcomes.length} requests in ${seconds.toFixed(1)} s (seed ${SEED}); statuses ${JSON.stringify(Object.fromEntries(byStatus))}; ` +
      `slowest #${slowest?.request.index} ${slowest?.ms.toFixed(0)} ms; ${failures.length} failing`,
  );
  if (failures.length > 0)
    console.log(
      `fuzz ${mode} failures:\n${summarize(failures, SEED, mode === 'test mode' ? undefined : (o) => testModeClass.get(keyOf(o)))}`,
    );
  return failures;
}

describe('fuzz: no client request is a 500', () => {
  it(`test mode: ${RUNS} generated requests`, async () => {
    const app = await startTestApp();
    try {
      const world = await seedWorld(app);
      const { outcomes, seconds } = await fuzz(app, world, requests(world, RUNS));
      const failures = report('test mode', outcomes, seconds);
      // The whole table is in the log above; the assertion names the seed for a replay.
      expect({ seed: SEED, failing: failures.length }).toEqual({ seed: SEED, failing: 0 });
    } finally {
      await app.close();
    }
  });

  it(`production mode: the first ${PROD_RUNS} requests again`, async () => {
    const app = await startTestApp({ NODE_ENV: 'production' });
    try {
      const world = await seedWorld(app);
      const { outcomes, seconds } = await fuzz(app, world, requests(world, PROD_RUNS));
      const failures = report('production', outcomes, seconds);
      expect({ seed: SEED, failing: failures.length }).toEqual({ seed: SEED, failing: 0 });
    } finally {
      await app.close();
    }
  });
});
