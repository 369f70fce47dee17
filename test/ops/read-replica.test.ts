import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { loadConfig, type Config } from '../../src/config';
import { openDatabase, type Database } from '../../src/db/database';
import { readReplicaOf } from '../../src/db/read-replica';
import { createApp, type App } from '../../src/http/app';
import { hashPassword } from '../../src/lib/password';
import { currentRead, heavyRead, readRoute } from '../../src/services/read-routing';
import { pgClusters, type PgCluster, type PgClusters } from '../support/pg-cluster';
import { sleep } from '../support/ports';

/**
 * Read routing on a real streaming replica (issue 19 item 4): two PostgreSQL clusters from the
 * system's binaries, a primary and a `pg_basebackup -R` standby; the API (the app main.ts
 * builds, in this process) with DATABASE_URL on the primary and DATABASE_READ_URL on the
 * standby. With the standby's replay paused, a write on the primary is visible there and not
 * on the standby, so every answer says which server gave it:
 * - heavy reads (segment count and members, customer distribution, segment export) of
 *   another viewer come from the standby while its lag is within the bound;
 * - the writer itself (read-your-writes by session) and a request with
 *   `X-Read-Your-Writes: true` get the primary's answer;
 * - a shared result (`currentRead`, the scoring population's path) never reads a standby that
 *   has not replayed what the primary has;
 * - past DATABASE_READ_MAX_LAG_SECONDS the primary serves everyone;
 * - with the standby stopped, the primary serves, and no request fails.
 */

const MAX_LAG_SECONDS = 4;
const CITY = '复制城';
const PASSWORD = 'replica-test-pass-1';
const SEGMENT_QUERY = `city = "${CITY}"`;

let clusters: PgClusters;
let primary: PgCluster;
let standby: PgCluster;
let db: Database;
let app: App;
let config: Config;
let base: string;
const logLines: string[] = [];
const tokens: Record<'writer' | 'reader', string> = { writer: '', reader: '' };
let segmentId: string;

async function gql<T = Record<string, unknown>>(
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<T> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept-language': 'en', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data as T;
}

/** What a viewer's heavy reads see of the city's customers: count, a page of members, the distribution, the export's rows. */
async function heavyView(token: string, headers: Record<string, string> = {}) {
  const data = await gql<{
    segmentPreview: { count: number; members: { totalCount: number; nodes: Array<{ id: string }> } };
    customerDistribution: { total: number };
  }>(
    token,
    `query($q: String!) {
       segmentPreview(query: $q) { count members(first: 50) { totalCount nodes { id } } }
       customerDistribution(by: CITY_TIER, query: $q) { total }
     }`,
    { q: SEGMENT_QUERY },
    headers,
  );
  const csv = await fetch(`${base}/exports/segments/${segmentId}.csv`, { headers: { authorization: `Bearer ${token}`, ...headers } });
  expect(csv.status).toBe(200);
  const rows = (await csv.text()).split('\r\n').filter((l) => l.length > 0).length - 1; // less the header
  return {
    count: data.segmentPreview.count,
    members: data.segmentPreview.members.nodes.length,
    totalCount: data.segmentPreview.members.totalCount,
    distribution: data.customerDistribution.total,
    exported: rows,
  };
}

const all = (n: number) => ({ count: n, members: n, totalCount: n, distribution: n, exported: n });

async function createCustomer(token: string, name: string): Promise<void> {
  const data = await gql<{ customerCreate: { userErrors: unknown[] } }>(
    token,
    'mutation($input: CustomerCreateInput!) { customerCreate(input: $input) { customer { id } userErrors { message } } }',
    { input: { kind: 'PERSON', name, city: CITY, cityTier: 3 } },
  );
  expect(data.customerCreate.userErrors).toEqual([]);
}

async function login(email: string): Promise<string> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation($input: LoginInput!) { login(input: $input) { token } }',
      variables: { input: { email, password: PASSWORD } },
    }),
  });
  const token = ((await res.json()) as { data?: { login?: { token?: string } } }).data?.login?.token;
  if (!token) throw new Error(`login failed for ${email}`);
  return token;
}

/** Until the standby has replayed everything the primary has written (polling; fails after 30 s). */
async function standbyCaughtUp(): Promise<void> {
  const deadline = Date.now() + 30_000;
  const [{ lsn }] = await primary.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn');
  for (;;) {
    const [{ done }] = await standby.query<{ done: boolean }>('select pg_last_wal_replay_lsn() >= $1::pg_lsn as done', [lsn]);
    if (done) return;
    if (Date.now() > deadline) throw new Error(`the standby did not replay up to ${lsn} within 30 s:\n${standby.log().slice(-3000)}`);
    await sleep(20);
  }
}

/** Seconds of commits the standby lacks, by the primary's clock (what the API's check computes). */
async function lagSeconds(): Promise<number> {
  const [{ replayed }] = await standby.query<{ replayed: Date }>('select pg_last_xact_replay_timestamp() as replayed');
  const [{ now }] = await primary.query<{ now: Date }>('select clock_timestamp() as now');
  return (now.getTime() - replayed.getTime()) / 1000;
}

/** Where a new request's heavy read runs now (the route the API builds, in process). */
async function sourceOfHeavyRead(): Promise<string> {
  const em = db.orm.em.fork();
  const route = readRoute({ replica: readReplicaOf(db.orm)!, em, viewer: null, primaryAsked: false, log: pino({ level: 'silent' }) });
  return heavyRead({ em, reads: route }, async (on, source) => {
    await on.execute('select 1');
    return source;
  });
}

beforeAll(async () => {
  clusters = await pgClusters();
  primary = await clusters.primary();
  await primary.query('create database customer_ops');
  standby = await clusters.standby(primary);

  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const log = pino({ level: 'info' }, stream);
  config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: primary.url('customer_ops'),
    DATABASE_READ_URL: standby.url('customer_ops'),
    DATABASE_READ_MAX_LAG_SECONDS: String(MAX_LAG_SECONDS),
    METRICS_ENABLED: 'false',
  });
  // What main.ts does: the database (migrations on the primary, the replica's pool), then the app.
  db = await openDatabase(config, () => undefined, log);
  app = await createApp(db.orm, config, log);
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;

  // Two administrators: one writes, the other only reads.
  const hash = await hashPassword(PASSWORD);
  for (const who of ['writer', 'reader'] as const) {
    await primary.query(
      `insert into app_user (name, email, role, active, password_hash, created_at, updated_at) values ($1, $2, 'ADMIN', true, $3, now(), now())`,
      [who, `${who}@example.com`, hash],
      'customer_ops',
    );
    tokens[who] = await login(`${who}@example.com`);
  }
  await createCustomer(tokens.writer, '甲');
  await createCustomer(tokens.writer, '乙');
  const saved = await gql<{ segmentCreate: { segment: { id: string } } }>(
    tokens.writer,
    'mutation($input: SegmentCreateInput!) { segmentCreate(input: $input) { segment { id } } }',
    { input: { name: 'Replica city', query: SEGMENT_QUERY } },
  );
  segmentId = saved.segmentCreate.segment.id;
}, 120_000);

afterAll(async () => {
  await app?.apollo.stop();
  await new Promise((resolve) => app?.httpServer.close(resolve));
  await db?.close();
  await clusters?.cleanup();
});

describe('heavy reads on a streaming replica', () => {
  it('serves another viewer from the replica within the lag bound, the writer and X-Read-Your-Writes from the primary', async () => {
    // A commit the standby replays just before its replay is paused: the lag counts from it.
    await primary.query('create table replica_probe (at timestamptz); insert into replica_probe values (now())', [], 'customer_ops');
    await standbyCaughtUp();
    expect(await heavyView(tokens.reader)).toEqual(all(2));
    await standby.query('select pg_wal_replay_pause()');

    await createCustomer(tokens.writer, '丙'); // on the primary only from now on
    const reader = await heavyView(tokens.reader);
    const writer = await heavyView(tokens.writer);
    const asked = await heavyView(tokens.reader, { 'X-Read-Your-Writes': 'true' });
    // The premise: all of the above ran within the bound (else the reader's answer proves nothing).
    expect(await lagSeconds()).toBeLessThan(MAX_LAG_SECONDS);

    expect(reader).toEqual(all(2)); // the standby's answer: it has not replayed the third customer
    expect(writer).toEqual(all(3)); // read-your-writes by session: the writer's own write
    expect(asked).toEqual(all(3)); // read-your-writes by header

    // The same route in process: heavy work on the standby; shared work (the scoring
    // population's path) only on a server that has every commit, here the primary.
    const em = db.orm.em.fork();
    const route = readRoute({ replica: readReplicaOf(db.orm)!, em, viewer: null, primaryAsked: false, log: pino({ level: 'silent' }) });
    const countSql = 'select count(*)::int as n from customer where city = ?';
    const count = (on: typeof em) => on.execute<Array<{ n: number }>>(countSql, [CITY]).then(([r]) => r.n);
    expect(await heavyRead({ em, reads: route }, (on, source) => count(on).then((n) => ({ n, source })))).toEqual({
      n: 2,
      source: 'replica',
    });
    expect(await currentRead({ em, reads: route }, (on, source) => count(on).then((n) => ({ n, source })))).toEqual({
      n: 3,
      source: 'primary',
    });
  });

  it('sends everyone to the primary once the replica lags more than DATABASE_READ_MAX_LAG_SECONDS', async () => {
    // Replay is still paused: the lag grows with the primary's clock. Past the bound and the
    // one-second check cache, the reader's next heavy reads come from the primary.
    while ((await lagSeconds()) <= MAX_LAG_SECONDS + 1.2) await sleep(200);
    expect(await heavyView(tokens.reader)).toEqual(all(3));
    expect(logLines.some((l) => l.includes('lags more than DATABASE_READ_MAX_LAG_SECONDS'))).toBe(true);

    await standby.query('select pg_wal_replay_resume()');
    await standbyCaughtUp();
  });

  it('falls back to the primary when the replica is unreachable, failing no request', async () => {
    // First the replica in use again (replay resumed, caught up, the next check under the bound).
    const replica = readReplicaOf(db.orm)!;
    const deadline = Date.now() + 10_000;
    while (!(await replica.health()).usable && Date.now() < deadline) await sleep(100);
    expect(await sourceOfHeavyRead()).toBe('replica');

    await standby.stop('fast');
    await createCustomer(tokens.writer, '丁'); // only the primary has it (the standby is down)
    // The first read may find the replica's pool broken (the read fails over), later ones find the check failed.
    expect(await heavyView(tokens.reader)).toEqual(all(4));
    expect(await heavyView(tokens.reader)).toEqual(all(4));
    expect(logLines.some((l) => /read replica unavailable|a read on the replica failed/.test(l))).toBe(true);
    expect(await sourceOfHeavyRead()).toBe('primary');
  });
});
