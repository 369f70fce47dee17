import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_ADMIN, loginToken, spawnApi, type ApiProcess } from '../support/spawn-api';
import { sleep } from '../support/ports';

/**
 * Traces from the real process (issue 19 item 2): main.ts starts tracing before anything
 * loads `pg`, so the pg instrumentation patches it through its require hook (the in-process
 * test, test/integration/tracing.test.ts, goes through jest's module registry instead), and
 * the batch span processor sends OTLP over HTTP to the endpoint of the standard variables:
 * here a small receiver in the test.
 */

interface OtlpValue {
  stringValue?: string;
  intValue?: number | string;
  boolValue?: boolean;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: Array<{ key: string; value: OtlpValue }>;
}
interface OtlpExport {
  resourceSpans: Array<{
    resource: { attributes: Array<{ key: string; value: OtlpValue }> };
    scopeSpans: Array<{ spans: OtlpSpan[] }>;
  }>;
}

const valueOf = (v: OtlpValue) => v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : v.boolValue);
const attr = (span: OtlpSpan, key: string) => {
  const found = span.attributes.find((a) => a.key === key);
  return found ? valueOf(found.value) : undefined;
};

describe('OTLP export from the API process', () => {
  let api: ApiProcess;
  let receiver: http.Server;
  const exports: OtlpExport[] = [];
  const requests: Array<{ path?: string; contentType?: string }> = [];

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        requests.push({ path: req.url, contentType: req.headers['content-type'] });
        exports.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as AddressInfo;
    api = await spawnApi({
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
        OTEL_SERVICE_NAME: 'customer-ops-api-test',
        OTEL_BSP_SCHEDULE_DELAY: '100', // export every 100 ms instead of every 5 s
      },
    });
  });
  afterAll(async () => {
    await api?.cleanup();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it('sends the request span with its SQL and DataLoader batch spans, and logs its trace id', async () => {
    expect(api.logs()).toMatch(/"msg":"tracing on"/);
    const token = await loginToken(api.url, DEMO_ADMIN.email, DEMO_ADMIN.password);
    const res = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': 'otlp-1' },
      body: JSON.stringify({ query: 'query OwnersPage { customers(first: 20) { nodes { name owner { name } } } }' }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { errors?: unknown }).errors).toBeUndefined();

    const spans = () => exports.flatMap((e) => e.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)));
    let request: OtlpSpan | undefined;
    for (let i = 0; i < 300 && !request; i++) {
      request = spans().find((s) => attr(s, 'request.id') === 'otlp-1');
      if (!request) await sleep(50);
    }
    expect(request).toBeDefined();
    expect(request!.name).toBe('query OwnersPage');
    expect(requests[0]).toMatchObject({ path: '/v1/traces', contentType: 'application/json' });
    const service = exports[0].resourceSpans[0].resource.attributes.find((a) => a.key === 'service.name');
    expect(service && valueOf(service.value)).toBe('customer-ops-api-test');

    // The children may come in a later batch than the request span (they ended first, though).
    await sleep(300);
    const trace = spans().filter((s) => s.traceId === request!.traceId);
    const byId = new Map(trace.map((s) => [s.spanId, s]));
    const reachesRequest = (span: OtlpSpan) => {
      for (let p = span.parentSpanId; p; p = byId.get(p)?.parentSpanId) if (p === request!.spanId) return true;
      return false;
    };
    const sql = trace.filter((s) => attr(s, 'db.system.name') === 'postgresql');
    expect(sql.length).toBeGreaterThanOrEqual(3); // the token, the page, the owners
    for (const statement of sql) expect(reachesRequest(statement)).toBe(true);
    const owners = trace.find((s) => s.name === 'dataloader.batch User.byId');
    expect(owners?.parentSpanId).toBe(request!.spanId);
    expect(attr(owners!, 'dataloader.batch.size')).toBeGreaterThanOrEqual(1);
    expect(sql.some((s) => s.parentSpanId === owners!.spanId)).toBe(true);

    const completed = api
      .logs()
      .split('\n')
      .find((l) => l.includes('"request completed"') && l.includes('"otlp-1"'));
    expect(completed).toContain(`"trace_id":"${request!.traceId}"`);
  });
});
