import type { AddressInfo } from 'node:net';
import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import pino from 'pino';
import { createApp, type App } from '../../src/http/app';
import { loadConfig } from '../../src/config';
import { ormOptions } from '../../src/db/orm.config';
import { createFixture, PASSWORD, type Fixture } from '../support/fixture';
import { startTestApp, type TestApp } from '../support/test-app';
import { freePort } from '../support/ports';
import { adminQuery } from '../support/test-database';

/**
 * Fair use of the database (issue 11, "Fair use"): one caller's heavy request queues behind
 * itself instead of taking the whole pool, one viewer's expensive evaluations run a few at a
 * time across its requests, and when the pool is exhausted or the database unreachable every
 * answer is a fast 503 SERVICE_UNAVAILABLE with Retry-After, never a 500.
 */

const CUSTOMERS = 2_000;
const MARKER = 'zz-heavy';

/** 200 conditions (the language's limit), each a substring search over every customer's name. */
function heavyQuery(variant: number): string {
  return Array.from({ length: 200 }, (_, i) => `name CONTAINS "${MARKER}-${variant}-${i}"`).join(' OR ');
}

/** `n` aliased segment previews, each a different 200-condition rule (so none is answered from another's result). */
function heavyDocument(n: number, seed: number): string {
  const fields = Array.from(
    { length: n },
    (_, i) => `p${i}: segmentPreview(query: ${JSON.stringify(heavyQuery(seed * 100 + i))}) { count }`,
  );
  return `{ ${fields.join(' ')} }`;
}

/** Samples the API's statements running in PostgreSQL while `work` runs; returns the peak of those matching `marker`. */
async function peakActive(url: string, marker: string, work: () => Promise<unknown>): Promise<number> {
  const client = new Client({ connectionString: url, application_name: 'pool-exhaustion-sampler' });
  await client.connect();
  let peak = 0;
  let done = false;
  const sampling = (async () => {
    while (!done) {
      const { rows } = await client.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity
          where datname = current_database() and application_name = 'customer-ops-api' and state = 'active' and query like $1`,
        [`%${marker}%`],
      );
      peak = Math.max(peak, rows[0].n);
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  try {
    await work();
  } finally {
    done = true;
    await sampling;
    await client.end();
  }
  return peak;
}

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)];
}

describe('a heavy caller and everyone else', () => {
  let app: TestApp;
  let f: Fixture;
  let ownCustomerId: string;

  beforeAll(async () => {
    // The viewer's evaluation limit (3) above the request's connection budget (2), so each test shows which limit holds.
    app = await startTestApp({ DB_REQUEST_CONNECTIONS: '2', VIEWER_CONCURRENT_EVALUATIONS: '3', DB_POOL_MAX: '10' });
    f = await createFixture(app);
    await adminQuery(
      app.db.url,
      `insert into customer (kind, name, phones, emails, wechat_ids, addresses, important_dates, previous_categories, main_suppliers, types, tags,
                             custom_fields, consents, city, search_text, created_at, updated_at)
       select 'PERSON', '客户' || g || repeat(' 名字', 8), '{}', '{}', '{}', '[]', '[]', '{}', '[]', '{}', '{}', '{}', '[]', '南京市', '', now(), now()
         from generate_series(1, $1::int) g`,
      [CUSTOMERS],
    );
    await adminQuery(app.db.url, 'analyze');
    const [own] = await app.db.orm.em.fork().execute(
      `insert into customer (kind, name, phones, emails, wechat_ids, addresses, important_dates, previous_categories, main_suppliers, types, tags,
                               custom_fields, consents, search_text, owner_id, created_at, updated_at)
         values ('PERSON', '自己的客户', '{}', '{}', '{}', '[]', '[]', '{}', '[]', '{}', '{}', '{}', '[]', '', ?, now(), now()) returning id`,
      [f.salesSh1.id],
    );
    const { toGlobalId } = await import('../../src/schema/global-id');
    ownCustomerId = toGlobalId('Customer', Number(own.id));
  }, 180_000);
  afterAll(() => app.close());

  it('runs one request’s 30 aliased previews at most two at a time (its connection budget)', async () => {
    let res: Awaited<ReturnType<TestApp['post']>> | undefined;
    const peak = await peakActive(app.db.url, MARKER, async () => {
      res = await app.post({ query: heavyDocument(30, 1) }, { token: f.admin.token });
    });
    expect(res!.errors).toBeUndefined();
    expect(res!.status).toBe(200);
    expect(Object.keys(res!.data as object)).toHaveLength(30);
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(2);
  });

  it('runs one viewer’s evaluations at most three at a time across its parallel requests, while another user’s light requests all succeed', async () => {
    const light: Array<{ status: number; ms: number; errors?: unknown }> = [];
    let heavyDone = false;
    const lightLoop = async (body: unknown) => {
      while (!heavyDone) {
        const started = performance.now();
        const r = await app.post(body, { token: f.salesSh1.token });
        light.push({ status: r.status, ms: performance.now() - started, errors: r.errors });
        await new Promise((resolve) => setTimeout(resolve, 20)); // a user clicking, not a tight loop
      }
    };
    let heavy: Array<Awaited<ReturnType<TestApp['post']>>> = [];
    const peak = await peakActive(app.db.url, MARKER, async () => {
      const loops = [
        lightLoop({ query: '{ viewer { id } }' }),
        lightLoop({ query: 'query($id: ID!) { customer(id: $id) { id name } }', variables: { id: ownCustomerId } }),
      ];
      heavy = await Promise.all([2, 3, 4, 5].map((seed) => app.post({ query: heavyDocument(8, seed) }, { token: f.admin.token })));
      heavyDone = true;
      await Promise.all(loops);
    });
    for (const r of heavy) {
      expect(r.errors).toBeUndefined();
      expect(r.status).toBe(200);
    }
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(3);
    expect(light.length).toBeGreaterThan(10);
    expect(light.filter((r) => r.status !== 200 || r.errors)).toEqual([]);
    // Measured, not asserted: the p95 of the light requests while the heavy caller ran.
    console.log(
      `light requests during the heavy caller: ${light.length}, p95 ${p95(light.map((r) => r.ms)).toFixed(0)} ms, max ${Math.max(...light.map((r) => r.ms)).toFixed(0)} ms`,
    );
  });
});

describe('an exhausted pool', () => {
  const ACQUIRE_TIMEOUT_MS = 800;
  let app: TestApp;
  let f: Fixture;

  beforeAll(async () => {
    app = await startTestApp({ DB_POOL_MAX: '2', DB_ACQUIRE_TIMEOUT_MS: String(ACQUIRE_TIMEOUT_MS) });
    f = await createFixture(app);
  }, 60_000);
  afterAll(() => app.close());

  /** Holds every connection of the app's pool (as a stuck caller would) while `work` runs. */
  async function withPoolHeld(work: () => Promise<void>): Promise<void> {
    const client = app.db.orm.em.getKnex().client as { acquireConnection(): Promise<object>; releaseConnection(c: object): Promise<void> };
    const held = [await client.acquireConnection(), await client.acquireConnection()];
    try {
      await work();
    } finally {
      for (const c of held) await client.releaseConnection(c);
    }
  }

  async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
    const started = performance.now();
    const value = await work();
    return { value, ms: performance.now() - started };
  }

  it('answers 503 SERVICE_UNAVAILABLE with Retry-After, never 500, in context creation, in a resolver and on the export route', async () => {
    await withPoolHeld(async () => {
      // Authentication runs SQL in the context function.
      const viewer = await timed(() =>
        fetch(app.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${f.salesSh1.token}` },
          body: JSON.stringify({ query: '{ viewer { id } }' }),
        }),
      );
      expect(viewer.value.status).toBe(503);
      expect(viewer.value.headers.get('retry-after')).toBe('1');
      const viewerBody = (await viewer.value.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
      expect(viewerBody.errors.map((e) => e.extensions.code)).toEqual(['SERVICE_UNAVAILABLE']);
      expect(viewerBody.errors[0].message).not.toMatch(/Context creation failed|Knex/);
      expect(viewer.ms).toBeLessThan(ACQUIRE_TIMEOUT_MS + 2_000);

      // `login` has no viewer: its SQL runs in the resolver.
      const login = await fetch(app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `mutation { login(input: { email: "${f.admin.email}", password: "${PASSWORD}" }) { token } }` }),
      });
      expect(login.status).toBe(503);
      expect(login.headers.get('retry-after')).toBe('1');
      const loginBody = (await login.json()) as { errors: Array<{ extensions: { code: string } }> };
      expect(loginBody.errors.map((e) => e.extensions.code)).toEqual(['SERVICE_UNAVAILABLE']);

      const exported = await fetch(`${app.url.replace(/\/graphql$/, '')}/exports/segments/U2VnbWVudDox.csv`, {
        headers: { authorization: `Bearer ${f.admin.token}` },
      });
      expect(exported.status).toBe(503);
      expect(exported.headers.get('retry-after')).toBe('1');
      expect(((await exported.json()) as { code: string }).code).toBe('SERVICE_UNAVAILABLE');
    });
    // Connections back: service is back at once.
    const after = await app.post({ query: '{ viewer { id } }' }, { token: f.salesSh1.token });
    expect(after.status).toBe(200);
    expect(after.data).toEqual({ viewer: { id: f.salesSh1.gid } });
  });
});

describe('an unreachable database', () => {
  let app: App;
  let orm: MikroORM;
  let url: string;

  beforeAll(async () => {
    // A port nobody listens on: every connection attempt is refused.
    const port = await freePort();
    const config = loadConfig({ ...process.env, NODE_ENV: 'test', DB_ACQUIRE_TIMEOUT_MS: '3000' });
    orm = await MikroORM.init({ ...ormOptions(`postgresql://postgres@127.0.0.1:${port}/nowhere`, config.db), connect: false });
    app = await createApp(orm, config, pino({ level: 'silent' }));
    await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    await app.apollo.stop();
    await orm.close(true);
  });

  it.each([
    ['a signed-in request (SQL in the context)', { query: '{ viewer { id } }' }, { authorization: 'Bearer some-token' }],
    ['an API key (SQL in the context)', { query: '{ viewer { id } }' }, { 'x-api-key': 'sk_some-key' }],
    ['login (SQL in the resolver)', { query: 'mutation { login(input: { email: "a@b.cn", password: "whatever-long" }) { token } }' }, {}],
  ])('answers %s with a fast 503 and Retry-After', async (_label, body, headers) => {
    const started = performance.now();
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const ms = performance.now() - started;
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    const json = (await res.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(json.errors.map((e) => e.extensions.code)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(ms).toBeLessThan(3_000);
  });
});
