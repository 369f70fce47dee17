import { SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';

/** The instrumentation scope of this service's own spans (request, DataLoader batches). */
export const TRACER_NAME = 'customer-ops-api';

/**
 * The tracer, looked up on each use: a tracer kept from before a provider was registered (or
 * after one was shut down, in tests) would keep writing to the wrong one.
 */
export function tracer(): Tracer {
  return trace.getTracer(TRACER_NAME);
}

/** The fields that put a log line in its trace (the names OpenTelemetry's pino instrumentation uses). */
export function traceLogFields(span: Span): { trace_id: string; span_id: string; trace_flags: string } {
  const { traceId, spanId, traceFlags } = span.spanContext();
  return { trace_id: traceId, span_id: spanId, trace_flags: `0${traceFlags.toString(16)}`.slice(-2) };
}

/**
 * A DataLoader batch function that runs in a span of its own (`dataloader.batch <name>`, with
 * the batch size) when it is called inside a traced request. Outside one (tracing off: no
 * context manager, so never a span; or no request span, e.g. a job) it calls `batch` as it
 * is, at the cost of one context lookup.
 */
export function tracedBatch<K, V>(
  name: string,
  batch: (keys: readonly K[]) => PromiseLike<ArrayLike<V | Error>>,
): (keys: readonly K[]) => PromiseLike<ArrayLike<V | Error>> {
  return (keys) => {
    if (trace.getActiveSpan() === undefined) return batch(keys);
    return tracer().startActiveSpan(
      `dataloader.batch ${name}`,
      { attributes: { 'dataloader.name': name, 'dataloader.batch.size': keys.length } },
      async (span) => {
        try {
          return await batch(keys);
        } catch (error) {
          // The error's kind only: driver messages can carry the statement's values.
          span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
          throw error;
        } finally {
          span.end();
        }
      },
    );
  };
}
