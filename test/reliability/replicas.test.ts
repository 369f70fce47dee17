import { Client } from 'pg';
import PgBoss from 'pg-boss';
import { withDatabase } from '../../src/db/database';
import { SCHEDULER_SCHEMA, SNAPSHOT_QUEUE } from '../../src/jobs/scheduler';
import {
  DEMO_ADMIN,
  errorCodes,
  loginToken,
  postGraphql,
  spawnApi,
  spawnPostgres,
  type ApiProcess,
  type HttpAnswer,
  type PostgresProcess,
} from '../support/spawn-api';
import { sleep } from '../support/ports';

/**
 * Two API processes on one PostgreSQL (issue 19, "Replicas"), as behind a load balancer:
 * - the value-tier snapshot is scheduled in both (a cron that fires every minute here) and
 *   taken once per company day, however often pg-boss delivers the job;
 * - a write through one is seen by the other at once: the scoring settings and the data
 *   behind the company-wide cut-points (the population cache is per process, keyed by the
 *   settings version and the `scoring_data_version` sequence read from the database on every
 *   request), the reminder settings, the custom field definitions;
 * - sessions and API keys made, ended or revoked on one hold on the other at once;
 * - one process stops gracefully (SIGTERM, exit 0) under load while the other answers 200
 *   throughout and goes on working the scheduled jobs alone.
 */

const SCORES = `query($id: ID!) {
  scoringSettings { version }
  customer(id: $id) {
    id
    value { tier figures { key value } }
    scoreExplanations { field result figures { key value } }
  }
}`;
const READ = 'query { customers(first: 3) { totalCount nodes { id } } }';

interface Scores {
  settingsVersion: number;
  tier: string;
  /** Every figure of every explanation, as `field.key` → value (vipCut, aCut, windowProfit, …). */
  figures: Record<string, string | null>;
}

/** Answers 200 with data and no errors, or throws with what came instead. */
async function gql<T = Record<string, unknown>>(
  api: ApiProcess,
  query: string,
  variables: Record<string, unknown>,
  auth: { token?: string; apiKey?: string },
): Promise<T> {
  const res = await postGraphql(api.url, query, variables, {
    token: auth.token,
    headers: auth.apiKey ? { 'x-api-key': auth.apiKey } : undefined,
  });
  if (res.status !== 200 || res.body?.errors || !res.body?.data) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(res)}`);
  return res.body.data as T;
}

/** A mutation's payload, checked for user errors. */
async function mutate<T = Record<string, unknown>>(
  api: ApiProcess,
  field: string,
  query: string,
  input: Record<string, unknown>,
  token: string,
): Promise<T> {
  const data = await gql<Record<string, T & { userErrors: unknown[] }>>(api, query, { input }, { token });
  expect(data[field].userErrors).toEqual([]);
  return data[field];
}

async function scoresOn(api: ApiProcess, token: string, customerId: string): Promise<Scores> {
  const data = await gql<{
    scoringSettings: { version: number };
    customer: {
      value: { tier: string; figures: Array<{ key: string; value: string | null }> };
      scoreExplanations: Array<{ field: string; figures: Array<{ key: string; value: string | null }> }>;
    };
  }>(api, SCORES, { id: customerId }, { token });
  const figures: Record<string, string | null> = {};
  for (const e of data.customer.scoreExplanations) for (const f of e.figures) figures[`${e.field}.${f.key}`] = f.value;
  return { settingsVersion: data.scoringSettings.version, tier: data.customer.value.tier, figures };
}

const cutsOf = (s: Scores) => [s.figures['value.vipCut'], s.figures['value.majorCut'], s.figures['value.ordinaryCut']];

let external: PostgresProcess | undefined;
let dbUrl: string;
let db: Client;
let a: ApiProcess;
let b: ApiProcess;
let admin: string;

beforeAll(async () => {
  // With DATABASE_URL, a database of that server; otherwise a PostgreSQL of its own that
  // neither API process owns (an embedded one would stop with the process that started it).
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    external = await spawnPostgres();
    adminUrl = external.url;
  }
  const database = `replicas_${process.pid}_${Date.now()}`;
  const maintenance = new Client({ connectionString: withDatabase(adminUrl, 'postgres') });
  await maintenance.connect();
  await maintenance.query(`create database "${database}"`);
  await maintenance.end();
  dbUrl = withDatabase(adminUrl, database);
  const env = {
    DATABASE_URL: dbUrl,
    SCHEDULER_ENABLED: 'true',
    // Every minute instead of 02:00, so the schedule fires during the test: still one scheduled run per company day.
    VALUE_TIER_SNAPSHOT_CRON: '* * * * *',
    SHUTDOWN_TIMEOUT_MS: '10000',
  };
  // One after the other, as a rolling deployment starts them: the first migrates and seeds the demo company.
  a = await spawnApi({ env });
  db = new Client({ connectionString: dbUrl });
  await db.connect();
  // pg-boss looks at the schedules when it starts and then every 30 s, at most once across all
  // processes (the time of the last look is in its version table). Forgetting A's look lets B's
  // start-up look at them too, so both processes' schedulers act on the same tick now instead
  // of in up to 30 s.
  await db.query(`update ${SCHEDULER_SCHEMA}.version set cron_on = null`);
  b = await spawnApi({ env });
  admin = await loginToken(a.url, DEMO_ADMIN.email, DEMO_ADMIN.password);
});

afterAll(async () => {
  await db?.end();
  await a?.cleanup();
  await b?.cleanup();
  await external?.stop();
});

describe('sessions and API keys', () => {
  it('a session made on A works on B, and ends on B when it is ended on A', async () => {
    const token = await loginToken(a.url, DEMO_ADMIN.email, DEMO_ADMIN.password);
    const onA = await gql<{ viewer: { id: string } }>(a, '{ viewer { id } }', {}, { token });
    expect(await gql(b, '{ viewer { id } }', {}, { token })).toEqual(onA);

    expect(await gql(a, 'mutation { logout { loggedOut } }', {}, { token })).toEqual({ logout: { loggedOut: true } });
    const after = await postGraphql(b.url, '{ viewer { id } }', {}, { token });
    expect([after.status, errorCodes(after)]).toEqual([200, ['UNAUTHENTICATED']]);
  });

  it('an API key made on A works on B, and is refused on B as soon as A revokes it', async () => {
    const created = await mutate<{ apiKey: { id: string }; secret: string }>(
      a,
      'apiKeyCreate',
      'mutation($input: ApiKeyCreateInput!) { apiKeyCreate(input: $input) { apiKey { id } secret userErrors { field message code } } }',
      { name: '副本测试', scopes: ['customers:read'] },
      admin,
    );
    const onB = await gql<{ customers: { totalCount: number } }>(b, READ, {}, { apiKey: created.secret });
    expect(onB.customers.totalCount).toBeGreaterThan(0);

    await mutate(
      a,
      'apiKeyRevoke',
      'mutation($input: ApiKeyRevokeInput!) { apiKeyRevoke(input: $input) { apiKey { id revokedAt } userErrors { field message code } } }',
      { id: created.apiKey.id },
      admin,
    );
    const refused = await postGraphql(b.url, READ, {}, { headers: { 'x-api-key': created.secret } });
    expect([refused.status, errorCodes(refused)]).toEqual([200, ['UNAUTHENTICATED']]);
  });
});

describe('a write on one process is seen by the other at once', () => {
  let x: string;
  let y: string;
  let productId: string;

  beforeAll(async () => {
    const data = await gql<{ customers: { nodes: Array<{ id: string }> }; products: { nodes: Array<{ id: string }> } }>(
      a,
      '{ customers(first: 2) { nodes { id } } products(first: 1) { nodes { id } } }',
      {},
      { token: admin },
    );
    [x, y] = data.customers.nodes.map((n) => n.id);
    productId = data.products.nodes[0].id;
  });

  it('scoring settings: new tier shares on A move the value-tier cut-points B serves', async () => {
    // B computes the cut-points once and serves them from its cache.
    const before = await scoresOn(b, admin, x);
    expect(await scoresOn(b, admin, x)).toEqual(before);
    expect(cutsOf(before).every((c) => c !== null)).toBe(true);

    const updated = await mutate<{ scoringSettings: { version: number } }>(
      a,
      'scoringSettingsUpdate',
      'mutation($input: ScoringSettingsInput!) { scoringSettingsUpdate(input: $input) { scoringSettings { version } userErrors { field message code } } }',
      { value: { tierShares: { vip: 0.4, major: 0.3, ordinary: 0.2 } } },
      admin,
    );
    expect(updated.scoringSettings.version).toBe(before.settingsVersion + 1);

    // At once on B: the new settings version, so new cut-points (VIP at the 60th percentile, not the 95th) …
    const after = await scoresOn(b, admin, x);
    expect(after.settingsVersion).toBe(updated.scoringSettings.version);
    expect(cutsOf(after)).not.toEqual(cutsOf(before));
    // … the same as A computes.
    expect(await scoresOn(a, admin, x)).toEqual(after);
  });

  it('scoring data: an order completed on A moves the ABC cut-point B serves (the data version, not the settings)', async () => {
    const before = await scoresOn(b, admin, x);
    expect(await scoresOn(b, admin, x)).toEqual(before);

    // One order whose profit is far above everyone's together: its customer alone is class A,
    // so the A cut-point becomes that customer's window profit.
    const order = await mutate<{ order: { id: string } }>(
      a,
      'orderCreate',
      'mutation($input: OrderCreateInput!) { orderCreate(input: $input) { order { id } userErrors { field message code } } }',
      { customerId: y, lines: [{ productId, quantity: '1', unitPrice: '50000000' }], note: 'replicas' },
      admin,
    );
    await mutate(
      a,
      'orderComplete',
      'mutation($input: OrderTransitionInput!) { orderComplete(input: $input) { order { id status } userErrors { field message code } } }',
      { id: order.order.id },
      admin,
    );

    const after = await scoresOn(b, admin, x);
    const buyer = await scoresOn(b, admin, y);
    expect(after.settingsVersion).toBe(before.settingsVersion);
    expect(after.figures['abcClass.aCut']).not.toEqual(before.figures['abcClass.aCut']);
    expect(after.figures['abcClass.aCut']).toBe(buyer.figures['abcClass.windowProfit']);
    expect(Number(buyer.figures['abcClass.windowProfit'])).toBeGreaterThan(40_000_000);
    expect(await scoresOn(a, admin, x)).toEqual(after);
  });

  it('reminder settings changed on A are the ones B reads', async () => {
    const READ_SETTINGS = '{ reminderSettings { version rules { kind days } } }';
    type Settings = { reminderSettings: { version: number; rules: Array<{ kind: string; days: number | null }> } };
    const days = (s: Settings) => s.reminderSettings.rules.find((r) => r.kind === 'NO_FOLLOW_UP')?.days;
    const before = await gql<Settings>(b, READ_SETTINGS, {}, { token: admin });
    expect(days(before)).toBe(30);

    await mutate(
      a,
      'reminderSettingsUpdate',
      'mutation($input: ReminderSettingsInput!) { reminderSettingsUpdate(input: $input) { reminderSettings { version } userErrors { field message code } } }',
      { rules: [{ kind: 'NO_FOLLOW_UP', days: 45 }] },
      admin,
    );
    const after = await gql<Settings>(b, READ_SETTINGS, {}, { token: admin });
    expect([after.reminderSettings.version, days(after)]).toEqual([before.reminderSettings.version + 1, 45]);
  });

  it('a custom field defined on A is required, checked and stored by customerCreate on B', async () => {
    const CREATE =
      'mutation($input: CustomerCreateInput!) { customerCreate(input: $input) { customer { id customFields { key value } } userErrors { field code } } }';
    type Created = { customerCreate: { customer: { customFields: Array<{ key: string; value: string }> } | null; userErrors: unknown[] } };
    const defined = await mutate<{ customFieldDefinition: { id: string } }>(
      a,
      'customFieldDefinitionCreate',
      'mutation($input: CustomFieldDefinitionCreateInput!) { customFieldDefinitionCreate(input: $input) { customFieldDefinition { id } userErrors { field message code } } }',
      { key: 'replica_channel', label: '来源渠道', type: 'OPTION', options: ['线上', '线下'], required: true },
      admin,
    );

    const missing = await gql<Created>(b, CREATE, { input: { kind: 'PERSON', name: '副本客户甲' } }, { token: admin });
    expect(missing.customerCreate.userErrors).toEqual([{ field: ['input', 'customFields'], code: 'REQUIRED' }]);
    const unknownOption = await gql<Created>(
      b,
      CREATE,
      { input: { kind: 'PERSON', name: '副本客户甲', customFields: [{ key: 'replica_channel', value: '展会' }] } },
      { token: admin },
    );
    expect(unknownOption.customerCreate.customer).toBeNull();
    const stored = await gql<Created>(
      b,
      CREATE,
      { input: { kind: 'PERSON', name: '副本客户甲', customFields: [{ key: 'replica_channel', value: '线下' }] } },
      { token: admin },
    );
    expect(stored.customerCreate.userErrors).toEqual([]);
    expect(stored.customerCreate.customer?.customFields).toEqual([{ key: 'replica_channel', value: '线下' }]);

    // Changed on A (a new option, no longer required): B follows at once.
    await mutate(
      a,
      'customFieldDefinitionUpdate',
      'mutation($input: CustomFieldDefinitionUpdateInput!) { customFieldDefinitionUpdate(input: $input) { customFieldDefinition { id } userErrors { field message code } } }',
      { id: defined.customFieldDefinition.id, options: ['线上', '线下', '展会'], required: false },
      admin,
    );
    const newOption = await gql<Created>(
      b,
      CREATE,
      { input: { kind: 'PERSON', name: '副本客户乙', customFields: [{ key: 'replica_channel', value: '展会' }] } },
      { token: admin },
    );
    expect(newOption.customerCreate.userErrors).toEqual([]);
    const optional = await gql<Created>(b, CREATE, { input: { kind: 'PERSON', name: '副本客户丙' } }, { token: admin });
    expect(optional.customerCreate.userErrors).toEqual([]);
  });
});

/** The snapshot jobs in pg-boss's queue, by state. */
async function snapshotJobs(): Promise<Record<string, number>> {
  const { rows } = await db.query<{ state: string; n: number }>(
    `select state, count(*)::int as n from ${SCHEDULER_SCHEMA}.job where name = $1 group by state`,
    [SNAPSHOT_QUEUE],
  );
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

async function scheduledRunsByDay(): Promise<Record<string, number>> {
  const { rows } = await db.query<{ day: string; n: number }>(
    `select to_char(taken_on, 'YYYY-MM-DD') as day, count(*)::int as n from scoring_snapshot_run where trigger = 'SCHEDULE' group by 1`,
  );
  return Object.fromEntries(rows.map((r) => [r.day, r.n]));
}

async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await sleep(250);
  }
}

/** Sends snapshot jobs as a scheduler would (one more pg-boss client on the database) and waits until they are worked. */
async function sendSnapshotJobs(count: number): Promise<void> {
  const boss = new PgBoss({ connectionString: dbUrl, schema: SCHEDULER_SCHEMA, supervise: false, schedule: false, migrate: false, max: 1 });
  await boss.start();
  try {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push((await boss.send(SNAPSHOT_QUEUE, {}))!);
    await waitFor(
      'the snapshot jobs sent',
      async () => (await db.query<{ state: string }>(`select state from ${SCHEDULER_SCHEMA}.job where id = any($1::uuid[])`, [ids])).rows,
      (rows) => rows.length === count && rows.every((r) => r.state === 'completed'),
      20_000,
    );
  } finally {
    await boss.stop({ graceful: false, close: true });
  }
}

const logLines = (api: ApiProcess, pattern: RegExp) =>
  api
    .logs()
    .split('\n')
    .filter((l) => pattern.test(l)).length;
const TAKEN = /"msg":"value-tier snapshot taken"/;
const SKIPPED = /"msg":"value-tier snapshot: already taken today, skipped"/;

describe('the scheduled value-tier snapshot', () => {
  it('is taken once per company day with both processes scheduling it, however often the job is delivered', async () => {
    for (const api of [a, b]) expect(api.logs()).toMatch(/"msg":"scheduler started"/);
    // Both processes have looked at the every-minute schedule; pg-boss made a job of this minute's tick.
    await waitFor('the scheduled snapshot job', snapshotJobs, (jobs) => (jobs.completed ?? 0) >= 1, 60_000);
    expect(Object.values(await scheduledRunsByDay()).filter((n) => n !== 1)).toEqual([]);

    // The job again, as each process would send it (or as pg-boss redelivers one whose worker died after its commit).
    await sendSnapshotJobs(2);
    const runs = await scheduledRunsByDay();
    const jobs = await snapshotJobs();
    const taken = logLines(a, TAKEN) + logLines(b, TAKEN);
    const skipped = logLines(a, SKIPPED) + logLines(b, SKIPPED);
    console.log(
      `scheduled snapshot: runs by day ${JSON.stringify(runs)}; snapshot jobs ${JSON.stringify(jobs)}; ` +
        `taken by A ${logLines(a, TAKEN)}, B ${logLines(b, TAKEN)}; skipped by A ${logLines(a, SKIPPED)}, B ${logLines(b, SKIPPED)}`,
    );
    // One run a company day (two only if the test ran across the company's midnight).
    expect(Object.keys(runs).length).toBeGreaterThan(0);
    expect(Object.values(runs).filter((n) => n !== 1)).toEqual([]);
    expect(jobs.failed ?? 0).toBe(0);
    expect(jobs.completed).toBeGreaterThanOrEqual(3);
    expect(taken).toBe(Object.keys(runs).length);
    expect(skipped).toBeGreaterThanOrEqual(2);
  });
});

describe('one process stopped under load', () => {
  it('exits 0 on SIGTERM while the other answers 200 throughout and goes on working the jobs', async () => {
    const token = await loginToken(b.url, DEMO_ADMIN.email, DEMO_ADMIN.password);
    type Sample = HttpAnswer & { on: 'A' | 'B'; afterSignal: boolean };
    const samples: Sample[] = [];
    let signalAt = Infinity;
    let running = true;
    const worker = async (api: ApiProcess, on: 'A' | 'B') => {
      while (running) {
        const res = await postGraphql(api.url, READ, {}, { token });
        samples.push({ ...res, on, afterSignal: res.sentAt >= signalAt });
        if (res.error) return; // A has stopped accepting connections
        await sleep(20);
      }
    };
    const workers = Promise.all([...[1, 2, 3].map(() => worker(a, 'A')), ...[1, 2, 3].map(() => worker(b, 'B'))]);
    await sleep(1_000);
    signalAt = Date.now();
    a.child.kill('SIGTERM');
    const exit = await a.exited;
    const stoppedAfterMs = Date.now() - signalAt;
    const exitedAt = Date.now();
    await sleep(1_500);
    running = false;
    await workers;

    const onA = samples.filter((s) => s.on === 'A');
    const onB = samples.filter((s) => s.on === 'B');
    console.log(
      `SIGTERM to A under load: A exit ${exit.code} after ${stoppedAfterMs} ms; A answered ${onA.filter((s) => !s.afterSignal).length} before the signal, ` +
        `after it ${onA.filter((s) => s.afterSignal && s.status === 200).length} × 200, ${onA.filter((s) => s.status === 503).length} × 503, ` +
        `${onA.filter((s) => s.error).length} refused; B answered ${onB.length} (${onB.filter((s) => s.sentAt > exitedAt).length} after A exited)`,
    );
    expect(exit).toEqual({ code: 0, signal: null });
    expect(a.logs()).toMatch(/"msg":"stopped"/);
    // B: every answer 200 without errors, before, during and after A's shutdown.
    expect(onB.filter((s) => s.status !== 200 || s.error || errorCodes(s).length > 0)).toEqual([]);
    expect(onB.filter((s) => s.sentAt > exitedAt).length).toBeGreaterThan(0);
    // A: served until the signal; after it served, 503 or a refused connection, nothing else.
    expect(onA.filter((s) => !s.afterSignal && s.status !== 200)).toEqual([]);
    expect(onA.filter((s) => s.afterSignal && !(s.status === 200 || s.status === 503 || s.error === 'ECONNREFUSED'))).toEqual([]);

    // The schedule goes on without A: B works the next job alone.
    const skippedByB = logLines(b, SKIPPED);
    await sendSnapshotJobs(1);
    expect(logLines(b, SKIPPED)).toBeGreaterThan(skippedByB);
    expect(Object.values(await scheduledRunsByDay()).filter((n) => n !== 1)).toEqual([]);
  });
});
