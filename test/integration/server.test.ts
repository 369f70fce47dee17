import { serverAudits } from 'graphql-http';
import {
  CostlyQueryDocument,
  CustomersWithOwnersDocument,
  RecordsGraphDocument,
  DeepQueryDocument,
  PingDocument,
  ViewerDocument,
} from '../generated/graphql';
import { createFixture, countStatements, type Fixture } from '../support/fixture';
import { errorCode, startTestApp, type TestApp } from '../support/test-app';
import { seedDemoData } from '../../src/db/seeders/demo-data.seeder';
import { refreshStaleFacts } from '../../src/services/customer-facts.service';
import { verifyCustomerFacts } from '../../src/services/customer-facts.verify';

let app: TestApp;
let f: Fixture;

beforeAll(async () => {
  // Development mode, as a developer runs it (Sandbox landing page, introspection).
  // Development mode, without the rate limit (on in development): its charges are rate-limits.test.ts's.
  app = await startTestApp({ NODE_ENV: 'development', RATE_LIMIT_ENABLED: 'false' });
  f = await createFixture(app);
  await seedDemoData(app.db.orm.em.fork(), { customers: 250 });
});
afterAll(() => app.close());

describe('demo data', () => {
  it('leaves statistics for the tables it loaded, so the planner knows their sizes at once', async () => {
    const rows: Array<{ relname: string; reltuples: number }> = await app.db.orm.em
      .fork()
      .execute(
        `select relname, reltuples::float8 as reltuples from pg_class where relname in ('customer', 'sales_order', 'follow_up') order by relname`,
      );
    expect(rows).toHaveLength(3);
    // Never analysed, reltuples is -1; customers: 250 seeded here plus the fixture's.
    for (const r of rows) expect(r.reltuples).toBeGreaterThan(0);
  });

  it('stores facts for every customer, equal to the recomputation of npm run facts:verify', async () => {
    const timeZone = app.config.companyTimeZone;
    // As npm start does after seeding: the facts job fills the customers the seeder left without a row.
    await refreshStaleFacts(app.db.orm.em.fork(), { timeZone, now: new Date() });
    const result = await verifyCustomerFacts(app.db.orm.em.fork(), { timeZone, now: new Date() });
    expect(result).toMatchObject({ mismatches: 0, examples: [], basisCurrent: true });
    expect(result.customers).toBeGreaterThanOrEqual(250);
    expect(result.fresh).toBe(result.customers);
  });
});

describe('HTTP endpoints', () => {
  const base = () => app.url.replace(/\/graphql$/, '');

  it('answers /healthz while the process is up', async () => {
    const res = await fetch(`${base()}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz when the database is reachable', async () => {
    const res = await fetch(`${base()}/readyz`);
    expect(res.status).toBe(200);
  });

  it('serves the Apollo Sandbox landing page outside production, with a link to the local explorer', async () => {
    const res = await fetch(app.url, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/sandbox/i);
    expect(html).toContain('<a href="/graphiql"');
  });

  it('serves GraphiQL at /graphiql with every script and style from this server, none from another host', async () => {
    const res = await fetch(`${base()}/graphiql`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    // Every URL the page names is on this server: no CDN, no outside font or script.
    expect(html.match(/(?:https?:)?\/\/[a-z0-9.-]+/gi) ?? []).toEqual([]);
    const assets = [...html.matchAll(/<(?:script src|link rel="stylesheet" href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets.sort()).toEqual([
      '/graphiql/assets/graphiql.min.css',
      '/graphiql/assets/graphiql.min.js',
      '/graphiql/assets/react-dom.production.min.js',
      '/graphiql/assets/react.production.min.js',
    ]);
    for (const asset of assets) {
      const file = await fetch(`${base()}${asset}`);
      expect({ asset, status: file.status, type: file.headers.get('content-type') }).toEqual({
        asset,
        status: 200,
        type: asset.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
      });
      const body = await file.text();
      expect(body.length).toBeGreaterThan(5_000);
      // The stylesheet's fonts and images are inlined: it loads nothing else.
      if (asset.endsWith('.css')) expect(body.match(/url\((?!data:)[^)]*\)/g) ?? []).toEqual([]);
    }
    // The demo login is explained and filled in; signing in sets the Authorization header.
    expect(html).toContain('admin@example.com');
    expect(html).toContain("Authorization: 'Bearer ' + token");
    expect((await fetch(`${base()}/graphiql/assets/other.js`)).status).toBe(404);
  });

  it('returns a request id header, echoing a sane one given by the client', async () => {
    const res = await fetch(`${base()}/healthz`, { headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
  });

  it('refuses batched HTTP requests', async () => {
    const res = await app.post([{ query: '{ __typename }' }, { query: '{ __typename }' }]);
    expect(res.status).toBe(400);
  });
});

describe('database session settings', () => {
  it('sets statement, lock and idle-in-transaction time-outs on every connection', async () => {
    const conn = app.db.orm.em.fork().getConnection();
    const rows = await conn.execute(
      `select name, setting from pg_settings where name in ('statement_timeout', 'lock_timeout', 'idle_in_transaction_session_timeout') order by name`,
    );
    expect(rows).toEqual([
      { name: 'idle_in_transaction_session_timeout', setting: String(app.config.db.idleInTransactionTimeoutMs) },
      { name: 'lock_timeout', setting: String(app.config.db.lockTimeoutMs) },
      { name: 'statement_timeout', setting: String(app.config.db.statementTimeoutMs) },
    ]);
  });
});

describe('query limits', () => {
  it('refuses a query deeper than the limit', async () => {
    const res = await app.gql(DeepQueryDocument, {}, { token: f.admin.token });
    expect(res.status).toBe(400);
    expect(res.errors?.[0]).toMatchObject({ message: expect.stringMatching(/depth/i), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(res.data ?? null).toBeNull();
  });

  it('refuses a query costlier than the limit, before running it, and says the cost', async () => {
    const res = await app.gql(CostlyQueryDocument, {}, { token: f.admin.token });
    expect(errorCode(res)).toBe('QUERY_TOO_COSTLY');
    expect(res.errors?.[0]?.message).toMatch(/exceeds the maximum of 20000/);
  });

  it('reports the cost of a query in extensions.cost', async () => {
    const res = await app.gql(CustomersWithOwnersDocument, { first: 10 }, { token: f.admin.token });
    expect(res.extensions?.cost).toEqual({ requestedQueryCost: expect.any(Number), maximumAvailable: 20000 });
  });
});

describe('N+1', () => {
  it('runs the same number of SQL statements for 100 customers with owner and department as for 10', async () => {
    const run = (first: number) =>
      countStatements(async () => {
        const res = await app.gql(CustomersWithOwnersDocument, { first }, { token: f.admin.token });
        expect(res.errors).toBeUndefined();
        expect(res.data!.customers.edges).toHaveLength(first);
        expect(res.data!.customers.edges.filter((e) => e.node.owner?.name && e.node.department?.name).length).toBeGreaterThan(first / 2);
      });
    const ten = await run(10);
    const hundred = await run(100);
    expect(hundred).toBe(ten);
    // authenticate + page + owners + departments
    expect(ten).toBeLessThanOrEqual(4);
  });
});

describe('the graph of records without N+1', () => {
  it('runs the same number of SQL statements for 5 and for 50 customers with orders, lines, products, follow-ups and inquiries', async () => {
    const run = (first: number) =>
      countStatements(async () => {
        const res = await app.gql(RecordsGraphDocument, { first }, { token: f.admin.token });
        expect(res.errors).toBeUndefined();
        expect(res.data!.customers.edges).toHaveLength(first);
      });
    const five = await run(5);
    const fifty = await run(50);
    expect(fifty).toBe(five);
    // authenticate, customers, orders, lines, products, follow-ups, inquiries
    expect(five).toBeLessThanOrEqual(7);
  });

  it('answers the records graph on the demo data with every kind of record present', async () => {
    const res = await app.gql(RecordsGraphDocument, { first: 100 }, { token: f.admin.token });
    const nodes = res.data!.customers.edges.map((e) => e.node);
    expect(nodes.some((n) => n.orders.nodes.some((o) => o.lines.some((l) => (l.product?.name.length ?? 0) > 0)))).toBe(true);
    expect(nodes.some((n) => n.followUps.nodes.length > 0)).toBe(true);
    expect(nodes.some((n) => n.inquiries.nodes.length > 0)).toBe(true);
  });
});

describe('executeOperation', () => {
  it('runs an operation with a given viewer', async () => {
    const res = await app.execute(ViewerDocument, {}, f.salesSh1.viewer);
    expect(res.errors).toBeUndefined();
    expect(res.data?.viewer).toMatchObject({ id: f.salesSh1.gid, role: 'SALES', department: { name: '上海' } });
  });

  it('answers UNAUTHENTICATED without a viewer', async () => {
    const res = await app.execute(ViewerDocument, {}, null);
    expect(errorCode(res)).toBe('UNAUTHENTICATED');
  });

  it('answers a query that needs no viewer', async () => {
    const res = await app.execute(PingDocument, {}, null);
    expect(res.data).toEqual({ __typename: 'Query' });
  });
});

describe('GraphQL over HTTP spec', () => {
  it('passes every MUST audit of graphql-http', async () => {
    const audits = serverAudits({ url: app.url, fetchFn: fetch });
    const results = [];
    for (const audit of audits) results.push(await audit.fn());
    const mustFailures = results.filter((r) => r.status !== 'ok' && r.name.startsWith('MUST'));
    expect(mustFailures.map((r) => `${r.name}: ${'reason' in r ? r.reason : ''}`)).toEqual([]);
    expect(results.filter((r) => r.status === 'ok').length).toBeGreaterThan(20);
  });
});
