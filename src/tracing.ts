import { context, diag, propagation, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { isWrapped, registerInstrumentations } from '@opentelemetry/instrumentation';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, ConsoleSpanExporter, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_DB_QUERY_TEXT, ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { TracingConfig } from './config';

export interface Tracing {
  provider: NodeTracerProvider;
  /** Flushes, unpatches `pg` and unregisters the provider, context manager and propagator. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  /** Replaces the exporters of the settings (tests: an in-memory exporter behind a SimpleSpanProcessor). */
  spanProcessors?: SpanProcessor[];
}

/** `service.name` unless OTEL_SERVICE_NAME (or `service.name` in OTEL_RESOURCE_ATTRIBUTES) names another. */
const DEFAULT_SERVICE_NAME = 'customer-ops-api';

/**
 * Starts OpenTelemetry traces when the settings turn them on (null otherwise, and nothing is
 * loaded or patched): a NodeTracerProvider registered globally with the AsyncLocalStorage
 * context manager and the W3C trace-context propagator, a batch span processor per exporter,
 * and the pg instrumentation, so that every statement of a request is a child span of it.
 *
 * The pg instrumentation patches `pg` when it is required, so this must run before anything
 * loads it: main.ts imports src/instrument.ts first. Where `pg` was loaded already, or a
 * module system bypasses require hooks (jest's), the module this file resolves is patched
 * in place, which is the same `pg` knex and pg-boss use.
 *
 * Statements outside a traced request (pg-boss polling, the scheduler, migrations) make no
 * spans (`requireParentSpan`): a trace per poll would bury the requests. A statement's text
 * is recorded with its literals masked (`maskSqlLiterals`).
 */
export function startTracing(settings: TracingConfig, options: TracingOptions = {}): Tracing | null {
  if (!settings.enabled) return null;
  const resource = defaultResource()
    .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: DEFAULT_SERVICE_NAME }))
    .merge(detectResources({ detectors: [envDetector] }));
  const spanProcessors = options.spanProcessors ?? settings.exporters.map((name) => new BatchSpanProcessor(exporterOf(name, settings)));
  const provider = new NodeTracerProvider({ resource, spanProcessors });
  provider.register();

  const pg = new PgInstrumentation({
    requireParentSpan: true,
    // The statement's text without its values (parameter values are not recorded either: enhancedDatabaseReporting is off).
    requestHook: (span, { query }) => span.setAttribute(ATTR_DB_QUERY_TEXT, maskSqlLiterals(query.text)),
  });
  const unregister = registerInstrumentations({ instrumentations: [pg], tracerProvider: provider });
  const unpatchLoadedPg = patchLoadedPg(pg);

  let stopped: Promise<void> | undefined;
  return {
    provider,
    shutdown() {
      stopped ??= (async () => {
        unregister(); // unpatches what the require hook patched
        unpatchLoadedPg();
        trace.disable();
        context.disable();
        propagation.disable();
        await provider.shutdown();
      })();
      return stopped;
    },
  };
}

function exporterOf(name: TracingConfig['exporters'][number], settings: TracingConfig): SpanExporter {
  switch (name) {
    case 'otlp':
      // Headers, time-out and compression from OTEL_EXPORTER_OTLP_(TRACES_)* as the exporter reads them.
      return new OTLPTraceExporter({ url: settings.endpoint });
    case 'console':
      return new ConsoleSpanExporter();
  }
}

/** Patches the `pg` this module resolves unless the require hook did already; returns the undo. */
function patchLoadedPg(instrumentation: PgInstrumentation): () => void {
  // Required here, after the hook is registered: a static import would load pg (and pg-pool) before it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pg = require('pg') as typeof import('pg');
  if (isWrapped((pg.Client.prototype as unknown as { query: unknown }).query)) return () => undefined;
  const definition = instrumentation.getModuleDefinitions().find((d) => d.name === 'pg');
  if (!definition?.patch) {
    diag.warn('tracing: the pg instrumentation has no patch for pg; SQL statements will have no spans');
    return () => undefined;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const version = (require('pg/package.json') as { version: string }).version;
  definition.patch(pg, version);
  return () => definition.unpatch?.(pg, version);
}

/** Quoted identifiers and `$n` placeholders (kept), dollar-quoted strings, E-strings, strings, numbers. */
const SQL_TOKENS =
  /"(?:[^"]|"")*"|\$\d+|(\$[A-Za-z_]*\$)[\s\S]*?\1|(?<!\w)[eE]'(?:[^'\\]|''|\\[\s\S])*'|'(?:[^']|'')*'|(?<![\w$])(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?(?!\w)/g;

/**
 * A statement's text with every literal replaced by `?`. MikroORM inlines parameter values
 * into the SQL it sends (names, phone numbers, token hashes, password hashes on login), and
 * those must not leave the process in a trace; the statement's shape is what a trace needs.
 */
export function maskSqlLiterals(sql: string): string {
  return sql.replace(SQL_TOKENS, (token) => (token.startsWith('"') || /^\$\d+$/.test(token) ? token : '?'));
}
