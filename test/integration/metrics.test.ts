import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { startScheduler, FACTS_QUEUE } from '../../src/jobs/scheduler';
import { startWebhookDispatcher, WEBHOOK_DISPATCH_JOB } from '../../src/jobs/webhook-dispatcher';
import { CustomerCreateDocument, SegmentCreateDocument } from '../generated/graphql';
import { countStatements, createFixture, type Fixture } from '../support/fixture';
import { startTestApp, type TestApp } from '../support/test-app';
import { adminQuery } from '../support/test-database';

/**
 * Issue 19 item 1: `/metrics` in Prometheus format. Scraped before and after a small load,
 * the series of that load move: requests by operation and outcome, their durations and
 * statements, errors by code, the scoring population, exports, statement time-outs, job
 * runs; the pool and process series are there. The token is required when set; a port of
 * its own takes /metrics off the API's port; operation names are bounded.
 */
const TOKEN = 'metrics-token-0123456789abcdef';

let app: TestApp;
let f: Fixture;

beforeAll(async () => {
  app = await startTestApp({ METRICS_TOKEN: TOKEN });
  f = await createFixture(app);
}, 60_000);
afterAll(() => app.close());

const origin = (a: TestApp) => a.url.replace(/\/graphql$/, '');
const admin = () => ({ token: f.admin.token });

async function scrape(url = `${origin(app)}/metrics`, token: string | undefined = TOKEN): Promise<string> {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  expect(res.status).toBe(200);
  return res.text();
}

/** The sum of the samples named `name` whose labels include `labels`; NaN when there is none. */
function value(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = NaN;
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const own: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) own[l[1]] = l[2];
    if (Object.entries(labels).every(([k, v]) => own[k] === v)) total = (Number.isNaN(total) ? 0 : total) + Number(m[3]);
  }
  return total;
}

/** How much a series grew between two scrapes (a series absent before counts from 0). */
function grew(before: string, after: string, name: string, labels: Record<string, string> = {}): number {
  const b = value(before, name, labels);
  return value(after, name, labels) - (Number.isNaN(b) ? 0 : b);
}

async function until(what: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await what()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

describe('/metrics under a small load', () => {
  let before: string;
  let after: string;
  let oneRequestStatements: number;

  beforeAll(async () => {
    before = await scrape();
    // A mutation that succeeds, then one refused with a user error (bad email).
    const created = await app.gql(CustomerCreateDocument, { input: { kind: 'PERSON', name: '指标客户' } }, admin());
    expect(created.data?.customerCreate.userErrors).toEqual([]);
    const refused = await app.gql(CustomerCreateDocument, { input: { kind: 'PERSON', name: '李娜', email: 'not-an-email' } }, admin());
    expect(refused.data?.customerCreate.userErrors[0]?.code).toBe('INVALID');
    // Scores need the company-wide population: computed by the first, cached for the next two.
    const customers = 'query MetricsCustomers { customers(first: 5) { nodes { id value { tier } } } }';
    oneRequestStatements = await countStatements(async () => {
      const res = await app.post({ query: customers }, admin());
      expect(res.errors).toBeUndefined();
    });
    for (let i = 0; i < 2; i++) expect((await app.post({ query: customers }, admin())).errors).toBeUndefined();
    expect((await app.post({ query: '{ __typename }' }, admin())).errors).toBeUndefined();
    // A resolver's error (no credentials), a query that does not parse, a body that is not JSON.
    const anonymous = await app.post({ query: 'query MetricsNoToken { customers(first: 1) { nodes { id } } }' });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const unparsed = await app.post({ query: '{ customers(' }, admin());
    expect(unparsed.status).toBe(400);
    const malformed = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(malformed.status).toBe(400);
    // An export.
    const report = await fetch(
      `${origin(app)}/exports/reports/sales.csv?from=2026-11-30&to=2026-12-06&granularity=WEEK&groupBy=SALESPERSON`,
      {
        headers: { authorization: `Bearer ${f.admin.token}` },
      },
    );
    expect(report.status).toBe(200);
    await report.text();
    // A statement PostgreSQL stops at its statement_timeout.
    await expect(
      app.db.orm.em.fork().transactional(async (em) => {
        await em.execute(`set local statement_timeout = 20`);
        await em.execute('select pg_sleep(1)');
      }),
    ).rejects.toMatchObject({ code: '57014' });
    after = await scrape();
  }, 60_000);

  it.each<[Record<string, string>, number]>([
    [{ operation: 'CustomerCreate', outcome: 'ok', code: '' }, 1],
    [{ operation: 'CustomerCreate', outcome: 'user_error', code: 'INVALID' }, 1],
    [{ operation: 'MetricsCustomers', outcome: 'ok', code: '' }, 3],
    [{ operation: 'anonymous', outcome: 'ok', code: '' }, 1],
    [{ operation: 'unauthenticated', outcome: 'error', code: 'UNAUTHENTICATED' }, 1],
    [{ operation: 'unresolved', outcome: 'error', code: 'GRAPHQL_PARSE_FAILED' }, 1],
    [{ operation: 'unresolved', outcome: 'error', code: 'BAD_REQUEST' }, 1],
  ])('counts the requests %p: %p', (labels, count) => {
    expect(grew(before, after, 'graphql_requests_total', labels)).toBe(count);
  });

  it('times every request by operation and outcome', () => {
    expect(grew(before, after, 'graphql_request_duration_seconds_count')).toBe(9);
    expect(grew(before, after, 'graphql_request_duration_seconds_count', { operation: 'MetricsCustomers', outcome: 'ok' })).toBe(3);
    expect(grew(before, after, 'graphql_request_duration_seconds_sum', { operation: 'MetricsCustomers', outcome: 'ok' })).toBeGreaterThan(
      0,
    );
    // A bucket's count is cumulative: +Inf holds every one.
    expect(
      grew(before, after, 'graphql_request_duration_seconds_bucket', { operation: 'MetricsCustomers', outcome: 'ok', le: '+Inf' }),
    ).toBe(3);
  });

  it('counts errors by code: a resolver’s as field, the whole request’s as request', () => {
    expect(grew(before, after, 'graphql_errors_total', { code: 'UNAUTHENTICATED', kind: 'field' })).toBe(1);
    expect(grew(before, after, 'graphql_errors_total', { code: 'GRAPHQL_PARSE_FAILED', kind: 'request' })).toBe(1);
    expect(grew(before, after, 'graphql_errors_total', { code: 'BAD_REQUEST', kind: 'request' })).toBe(1);
  });

  it('counts the statements of each request, as many as reached PostgreSQL', () => {
    expect(grew(before, after, 'graphql_request_statements_count')).toBe(9);
    // The three MetricsCustomers requests sent at least the first one's statements (the others reuse the population).
    expect(oneRequestStatements).toBeGreaterThan(2);
    expect(grew(before, after, 'graphql_request_statements_sum')).toBeGreaterThanOrEqual(oneRequestStatements);
    expect(grew(before, after, 'db_statements_total', { pool: 'primary' })).toBeGreaterThanOrEqual(
      grew(before, after, 'graphql_request_statements_sum'),
    );
  });

  it('counts as many statements for a request as reached PostgreSQL', async () => {
    const query = 'query MetricsCustomers { customers(first: 5) { nodes { id value { tier } } } }';
    const first = await scrape();
    const sent = await countStatements(() => app.post({ query }, admin()));
    const second = await scrape();
    expect(sent).toBeGreaterThan(0);
    expect(grew(first, second, 'graphql_request_statements_count')).toBe(1);
    expect(grew(first, second, 'graphql_request_statements_sum')).toBe(sent);
  });

  it('counts the statement stopped at its time-out', () => {
    expect(grew(before, after, 'db_statement_timeouts_total', { pool: 'primary' })).toBe(1);
  });

  it('counts and times the scoring population computation', () => {
    const computed = grew(before, after, 'scoring_population_computations_total', { outcome: 'ok' });
    expect(computed).toBeGreaterThanOrEqual(1);
    expect(grew(before, after, 'scoring_population_computation_seconds_count', { outcome: 'ok' })).toBe(computed);
  });

  it('counts the export and has none in flight once it is done', () => {
    expect(grew(before, after, 'exports_total', { kind: 'report', status: '200' })).toBe(1);
    expect(value(after, 'exports_in_flight', { kind: 'report' })).toBe(0);
  });

  it('shows the pool: its size, in use and waiting', () => {
    expect(value(after, 'db_pool_max', { pool: 'primary' })).toBe(app.config.db.poolMax);
    expect(value(after, 'db_pool_size', { pool: 'primary' })).toBeGreaterThanOrEqual(1);
    expect(value(after, 'db_pool_in_use', { pool: 'primary' })).toBeGreaterThanOrEqual(0);
    expect(value(after, 'db_pool_waiting', { pool: 'primary' })).toBe(0);
  });

  it('has the process metrics', () => {
    expect(value(after, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(value(after, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    expect(after).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
  });
});

describe('a segment export in flight', () => {
  const ROWS = 60_000;

  it('is counted while it streams and holds a pool connection', async () => {
    // Wide rows, far more than the socket buffers hold, so the export is still streaming while the reader pauses.
    await adminQuery(
      app.db.url,
      `insert into customer (kind, name, phones, emails, wechat_ids, addresses, important_dates, previous_categories, main_suppliers, types, tags,
                             custom_fields, consents, city, company_name, industry, search_text, created_at, updated_at)
       select 'COMPANY', '指标导出' || g, '{}', '{}', '{}', '[]', '[]', '{}', '[]', '{}', '{}', '{}', '[]', '宁波市',
              repeat('宁波某某贸易有限公司', 5), repeat('批发零售', 5), '', now(), now()
         from generate_series(1, $1::int) g`,
      [ROWS],
    );
    const segment = await app.gql(SegmentCreateDocument, { input: { name: '宁波客户', query: 'city = "宁波市"' } }, admin());
    expect(segment.data!.segmentCreate.userErrors).toEqual([]);
    const before = await scrape();
    const res = await fetch(`${origin(app)}/exports/segments/${segment.data!.segmentCreate.segment!.id}.csv`, {
      headers: { authorization: `Bearer ${f.admin.token}` },
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    await reader.read();
    const during = await scrape();
    expect(value(during, 'exports_in_flight', { kind: 'segment' })).toBe(1);
    expect(value(during, 'db_pool_in_use', { pool: 'primary' })).toBeGreaterThanOrEqual(1);
    let bytes = 0;
    for (let next = await reader.read(); !next.done; next = await reader.read()) bytes += next.value.length;
    expect(bytes).toBeGreaterThan(1_000_000);
    // The response's close event may come a moment after the last byte.
    let done = '';
    await until(async () => value((done = await scrape()), 'exports_in_flight', { kind: 'segment' }) === 0, 5_000);
    expect(value(done, 'exports_in_flight', { kind: 'segment' })).toBe(0);
    expect(grew(before, done, 'exports_total', { kind: 'segment', status: '200' })).toBe(1);
  }, 120_000);
});

describe('job runs', () => {
  it('counts the scheduler’s runs by queue and outcome (the facts job runs at start)', async () => {
    const before = await scrape();
    const scheduler = await startScheduler(app.db.orm, app.db.url, app.config, pino({ level: 'silent' }), app.app.metrics!.jobs);
    let after = before;
    try {
      await until(async () => grew(before, (after = await scrape()), 'job_runs_total', { queue: FACTS_QUEUE, outcome: 'ok' }) >= 1);
    } finally {
      await scheduler.stop();
    }
    expect(grew(before, after, 'job_runs_total', { queue: FACTS_QUEUE, outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(grew(before, after, 'job_run_duration_seconds_count', { queue: FACTS_QUEUE, outcome: 'ok' })).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('counts the webhook worker’s rounds', async () => {
    const before = await scrape();
    const config = { ...app.config, webhooks: { ...app.config.webhooks, pollMs: 20 } };
    const worker = startWebhookDispatcher(app.db.orm, config, pino({ level: 'silent' }), app.app.metrics!.jobs);
    let after = before;
    try {
      await until(
        async () => grew(before, (after = await scrape()), 'job_runs_total', { queue: WEBHOOK_DISPATCH_JOB, outcome: 'ok' }) >= 1,
      );
    } finally {
      await worker.stop();
    }
    expect(grew(before, after, 'job_runs_total', { queue: WEBHOOK_DISPATCH_JOB, outcome: 'ok' })).toBeGreaterThanOrEqual(1);
  });
});

describe('METRICS_TOKEN', () => {
  it('refuses a scrape without the token, or with another, with 401 and WWW-Authenticate', async () => {
    const attempts: Array<Record<string, string>> = [{}, { authorization: 'Bearer not-the-token-at-all' }, { authorization: TOKEN }];
    for (const headers of attempts) {
      const res = await fetch(`${origin(app)}/metrics`, { headers: { ...headers, 'accept-language': 'en' } });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      const body = (await res.json()) as { code: string; detail: string };
      expect(body).toMatchObject({ code: 'UNAUTHENTICATED', detail: expect.stringContaining('METRICS_TOKEN') });
      expect(JSON.stringify(body)).not.toContain('graphql_requests_total');
    }
  });

  it('answers the Prometheus text format with the token', async () => {
    const res = await fetch(`${origin(app)}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await res.text()).toContain('# TYPE graphql_requests_total counter');
  });
});

describe('METRICS_PORT and bounded operation names', () => {
  let second: TestApp;
  let metricsUrl: string;
  let signedIn: { token: string };

  beforeAll(async () => {
    second = await startTestApp({ METRICS_PORT: '65001', METRICS_MAX_OPERATIONS: '2' });
    signedIn = { token: (await createFixture(second)).admin.token };
    const server = second.app.metricsServer!;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    metricsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
  }, 60_000);
  afterAll(async () => {
    second.app.metricsServer?.close();
    second.app.metricsServer?.closeAllConnections();
    await second.close();
  });

  it('serves /metrics on its own port only (no token asked when none is set)', async () => {
    expect((await fetch(`${origin(second)}/metrics`)).status).toBe(404);
    expect(await scrape(metricsUrl, undefined)).toContain('# TYPE graphql_requests_total counter');
    expect((await fetch(metricsUrl.replace(/metrics$/, 'graphql'))).status).toBe(404);
  });

  it('labels the first METRICS_MAX_OPERATIONS names and counts the others as other', async () => {
    const before = await scrape(metricsUrl, undefined);
    // Without credentials a name takes no label of its own (nor one of the METRICS_MAX_OPERATIONS).
    for (const name of ['Invented1', 'Invented2', 'Invented3']) {
      expect((await second.post({ query: `query ${name} { __typename }` })).errors).toBeUndefined();
    }
    for (const name of ['First', 'Second', 'Third', 'Fourth', 'First']) {
      expect((await second.post({ query: `query ${name} { __typename }` }, signedIn)).errors).toBeUndefined();
    }
    const after = await scrape(metricsUrl, undefined);
    expect(grew(before, after, 'graphql_requests_total', { operation: 'unauthenticated', outcome: 'ok' })).toBe(3);
    expect(after).not.toContain('operation="Invented1"');
    expect(grew(before, after, 'graphql_requests_total', { operation: 'First', outcome: 'ok' })).toBe(2);
    expect(grew(before, after, 'graphql_requests_total', { operation: 'Second', outcome: 'ok' })).toBe(1);
    expect(grew(before, after, 'graphql_requests_total', { operation: 'other', outcome: 'ok' })).toBe(2);
    expect(after).not.toContain('operation="Third"');
    expect(after).not.toContain('operation="Fourth"');
  });
});
