import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { traceLogFields, tracer } from '../lib/spans';

/**
 * One span per GraphQL request, in two halves: `requestSpanMiddleware` (express, in front of
 * Apollo) starts it and makes it the active span for the rest of the request, so that the
 * statements (pg instrumentation) and DataLoader batches under it are its children, and puts
 * its trace and span ids in the request's log lines; `requestSpanPlugin` (Apollo) names it
 * after the operation once Apollo has resolved it and records the outcome. An Apollo plugin
 * alone cannot make a span active for the execution it observes.
 *
 * Installed only when tracing is on (config.tracing.enabled); off, the request path is as before.
 */

/** The custom attribute linking a span to the request's log lines and its `x-request-id` header. */
export const ATTR_REQUEST_ID = 'request.id';

const logFieldsByRequest = new WeakMap<IncomingMessage, ReturnType<typeof traceLogFields>>();

/**
 * The trace fields of a request for pino-http's `customProps`: its "request completed" line is
 * written by a logger made before the span existed.
 */
export function traceFieldsOf(req: IncomingMessage): Record<string, string> {
  return logFieldsByRequest.get(req) ?? {};
}

/** Express middleware for /graphql; mount it after pino-http (it reads `req.id`, binds `req.log`). */
export function requestSpanMiddleware() {
  return (req: IncomingMessage & { id?: unknown; log?: Logger }, res: ServerResponse, next: () => void): void => {
    // A caller's W3C `traceparent` (a gateway, a traced front end) makes this request part of its trace.
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const span = tracer().startSpan(
      `${req.method} /graphql`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': req.method ?? 'POST',
          'http.route': '/graphql',
          ...(req.id !== undefined ? { [ATTR_REQUEST_ID]: String(req.id) } : {}),
        },
      },
      parent,
    );
    if (span.isRecording()) {
      const fields = traceLogFields(span);
      logFieldsByRequest.set(req, fields);
      if (req.log) req.log = req.log.child(fields);
    }
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message: `HTTP ${res.statusCode}` });
      else if (!res.writableFinished) span.setAttribute('http.response.aborted', true); // the client went away first
      span.end();
    };
    res.once('finish', end);
    res.once('close', end);
    context.with(trace.setSpan(parent, span), next);
  };
}

/** Names the active request span after the operation and records its outcome. */
export function requestSpanPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const span: Span | undefined = trace.getActiveSpan();
      if (!span?.isRecording()) return;
      return {
        async didResolveOperation({ operation, operationName }) {
          if (!operation) return;
          const type = operation.operation;
          span.updateName(operationName ? `${type} ${operationName}` : type);
          span.setAttribute('graphql.operation.type', type);
          if (operationName) span.setAttribute('graphql.operation.name', operationName);
        },
        async willSendResponse({ response }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          if (!errors?.length) {
            span.setAttribute('graphql.outcome', 'ok');
            return;
          }
          // The first error's code (formatted: what the client sees), never its message (it may quote input).
          const code = String(errors[0].extensions?.code ?? 'INTERNAL_SERVER_ERROR');
          span.setAttributes({ 'graphql.outcome': 'error', 'graphql.error.code': code, 'graphql.error.count': errors.length });
          if (code === 'INTERNAL_SERVER_ERROR') span.setStatus({ code: SpanStatusCode.ERROR, message: code });
        },
      };
    },
  };
}
