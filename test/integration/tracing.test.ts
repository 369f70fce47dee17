import { context, propagation, trace } from '@opentelemetry/api';
import { isWrapped } from '@opentelemetry/instrumentation';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import pino from 'pino';
import { tracingConfig } from '../../src/config';
import { startTracing, type Tracing } from '../../src/tracing';
import { CustomersWithOwnersDocument } from '../generated/graphql';
import { createCompanyCustomer, createFixture, type Fixture } from '../support/fixture';
import { startTestApp, type TestApp } from '../support/test-app';
import { Client as PgClient } from 'pg';

/**
 * Traces (issue 19 item 2): one span per GraphQL request, named after the operation, with the
 * SQL statements (pg instrumentation) and DataLoader batches under it, and the trace ids in
 * the request's log lines. The provider exports to memory through a SimpleSpanProcessor, and
 * is unregistered (pg unpatched) after each block. Other test files of the jest worker do not
 * see it anyway: each file has its own module registry (its own `pg`, its own OpenTelemetry
 * globals on its own `globalThis`), and the instrumentation's require hook patches jest's
 * per-file `Module` class, so `src/tracing.ts` patches this file's `pg` in place.
 */

type LogLine = Record<string, unknown> & { msg?: string; req?: { id?: string } };

/** A logger at info whose lines the test reads. */
function memoryLogger() {
  const lines: LogLine[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
  return { log, lines };
}

/** Waits (bounded) for something the server does after the response has gone: the span ends on `finish`. */
async function eventually<T>(find: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const found = find();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`never happened: ${what}`);
}

const isSql = (span: ReadableSpan) => span.attributes['db.system'] === 'postgresql' || span.attributes['db.system.name'] === 'postgresql';

/** The chain of spans from `span` up to its root, through the parents exported with it. */
function ancestors(span: ReadableSpan, byId: Map<string, ReadableSpan>): ReadableSpan[] {
  const chain: ReadableSpan[] = [];
  for (let parent = span.parentSpanContext?.spanId; parent !== undefined;) {
    const next = byId.get(parent);
    if (!next) break;
    chain.push(next);
    parent = next.parentSpanContext?.spanId;
  }
  return chain;
}

async function customersWithOwners(app: TestApp, f: Fixture, requestId: string) {
  const res = await app.gql(CustomersWithOwnersDocument, { first: 10 }, { token: f.admin.token, headers: { 'x-request-id': requestId } });
  expect(res.errors).toBeUndefined();
  expect(res.data!.customers.edges.map((e) => e.node.owner?.name).sort()).toEqual(['上海销售一', '上海销售二', '华南销售']);
}

describe('with tracing on', () => {
  const exporter = new InMemorySpanExporter();
  const { log, lines } = memoryLogger();
  let tracing: Tracing;
  let app: TestApp;
  let f: Fixture;

  beforeAll(async () => {
    const env = { OTEL_TRACES_ENABLED: 'true', OTEL_TRACES_EXPORTER: 'none' };
    tracing = startTracing(tracingConfig(env), { spanProcessors: [new SimpleSpanProcessor(exporter)] })!;
    app = await startTestApp(env, undefined, { log });
    f = await createFixture(app);
    // Three customers, each owned by the salesperson who created it: the owners are one batch of three users.
    await createCompanyCustomer(app, '甲公司', f.salesSh1.token);
    await createCompanyCustomer(app, '乙公司', f.salesSh2.token);
    await createCompanyCustomer(app, '丙公司', f.salesSouth.token);
  });
  afterAll(async () => {
    await app?.close();
    await tracing?.shutdown();
  });

  it('exports the request span, SQL spans under it and a DataLoader batch span with its size', async () => {
    exporter.reset();
    await customersWithOwners(app, f, 'trace-test-1');
    const request = await eventually(
      () => exporter.getFinishedSpans().find((s) => s.attributes['request.id'] === 'trace-test-1'),
      'the request span ended',
    );
    expect(request.name).toBe('query CustomersWithOwners');
    expect(request.attributes).toMatchObject({
      'graphql.operation.name': 'CustomersWithOwners',
      'graphql.operation.type': 'query',
      'graphql.outcome': 'ok',
      'http.response.status_code': 200,
    });
    expect(request.parentSpanContext).toBeUndefined(); // no traceparent sent: a trace of its own

    const spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === request.spanContext().traceId);
    const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
    const underRequest = (s: ReadableSpan) => ancestors(s, byId).includes(request);

    // Every statement of the request (the token's check, the page, the owners, their departments) is under it.
    const sql = spans.filter(isSql);
    expect(sql.length).toBeGreaterThanOrEqual(3);
    for (const statement of sql) expect(underRequest(statement)).toBe(true);

    // The owners: one batch of the three distinct users, a child of the request, running its own select.
    const owners = spans.find((s) => s.name === 'dataloader.batch User.byId');
    expect(owners).toBeDefined();
    expect(owners!.attributes).toMatchObject({ 'dataloader.name': 'User.byId', 'dataloader.batch.size': 3 });
    expect(owners!.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    const ownersSql = sql.filter((s) => s.parentSpanContext?.spanId === owners!.spanContext().spanId);
    expect(ownersSql).toHaveLength(1);
    expect(ownersSql[0].attributes['db.query.text']).toBe('select * from "app_user" where "id" in (?, ?, ?) order by id');
    // MikroORM inlines the values into the statements: none of them is in a span (the token's hash, ids, dates).
    for (const statement of sql) expect(String(statement.attributes['db.query.text'])).not.toMatch(/'|\b\d+\b/);
    expect(sql.some((s) => Object.keys(s.attributes).some((k) => k.startsWith('db.postgresql.values')))).toBe(false);
  });

  it('puts the trace and span ids in the log lines of the request', async () => {
    exporter.reset();
    await customersWithOwners(app, f, 'trace-test-2');
    const request = await eventually(
      () => exporter.getFinishedSpans().find((s) => s.attributes['request.id'] === 'trace-test-2'),
      'the request span ended',
    );
    const completed = await eventually(
      () => lines.find((l) => l.req?.id === 'trace-test-2' && l.msg === 'request completed'),
      'the request was logged',
    );
    expect(completed).toMatchObject({ trace_id: request.spanContext().traceId, span_id: request.spanContext().spanId, trace_flags: '01' });
  });

  it('continues a trace the caller started (W3C traceparent) and records an error code', async () => {
    exporter.reset();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await app.post(
      { query: 'query Broken { customers(first: 1) { nope } }' },
      { token: f.admin.token, headers: { 'x-request-id': 'trace-test-3', traceparent: `00-${traceId}-00f067aa0ba902b7-01` } },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const request = await eventually(
      () => exporter.getFinishedSpans().find((s) => s.attributes['request.id'] === 'trace-test-3'),
      'the request span ended',
    );
    expect(request.spanContext().traceId).toBe(traceId);
    expect(request.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(request.attributes).toMatchObject({ 'graphql.outcome': 'error', 'graphql.error.code': 'GRAPHQL_VALIDATION_FAILED' });
    expect(request.name).toBe('POST /graphql'); // never resolved to an operation
  });

  it('unregisters cleanly: after shutdown pg is unpatched and no span records', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Client } = require('pg') as typeof import('pg');
    const query = () => (Client.prototype as unknown as { query: unknown }).query;
    expect(isWrapped(query())).toBe(true);
    await tracing.shutdown();
    expect(isWrapped(query())).toBe(false);
    expect(trace.getTracer('any').startSpan('after').isRecording()).toBe(false);
  });
});

describe('with tracing off (the default)', () => {
  const exporter = new InMemorySpanExporter();
  const { log, lines } = memoryLogger();
  let provider: NodeTracerProvider;
  let app: TestApp;
  let f: Fixture;

  beforeAll(async () => {
    expect(tracingConfig({}).enabled).toBe(false);
    expect(startTracing(tracingConfig({}))).toBeNull();
    // A provider registered by someone else catches anything the API would still start.
    provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    provider.register();
    app = await startTestApp({}, undefined, { log });
    f = await createFixture(app);
    await createCompanyCustomer(app, '甲公司', f.salesSh1.token);
    await createCompanyCustomer(app, '乙公司', f.salesSh2.token);
    await createCompanyCustomer(app, '丙公司', f.salesSouth.token);
  });
  afterAll(async () => {
    await app?.close();
    trace.disable();
    context.disable();
    propagation.disable();
    await provider?.shutdown();
  });

  it('records no span and logs no trace ids', async () => {
    await customersWithOwners(app, f, 'untraced-1');
    const completed = await eventually(
      () => lines.find((l) => l.req?.id === 'untraced-1' && l.msg === 'request completed'),
      'the request was logged',
    );
    expect(completed).not.toHaveProperty('trace_id');
    expect(exporter.getFinishedSpans()).toEqual([]);
    // Off, pg is not patched at all (with a parent span required, a patched pg would record nothing here either).
    expect((PgClient.prototype.query as { __wrapped?: boolean }).__wrapped).toBeFalsy();
  });
});
