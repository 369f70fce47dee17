import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { rateLimiter } from '../server/rate-limit';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { MikroORM } from '@mikro-orm/postgresql';
import cors from 'cors';
import express from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { jitGateway } from '../server/jit-gateway';
import type { Config } from '../config';
import { buildContext, localeFrom, type GraphQLContext } from '../resolvers/context';
import { buildSchema } from '../schema/build-schema';
import { errorLogPlugin } from '../server/error-log.plugin';
import { requestSpanMiddleware, requestSpanPlugin, traceFieldsOf } from '../server/request-span';
import { formatError } from '../server/errors';
import { nulInputPlugin } from '../server/nul-input.plugin';
import { queryCostPlugin } from '../server/query-cost.plugin';
import { singleLoginRule } from '../server/single-login.rule';
import { knownOperationTypesRule, maxAliasesRule, maxDepthRule } from '../server/request-limits';
import { rethrowUnavailable, unavailablePlugin } from '../server/unavailable.plugin';
import { connectionBudgetPerRequest } from '../db/connection-budget';
import { authenticate } from '../services/auth.service';
import { bearerOf, header } from './headers';
import { graphiqlRouter, landingPageWithLocalExplorer } from './graphiql';
import { segmentExportHandler } from './segment-export';
import { reportExportHandler } from './report-export/report-export';
import { withRequestLocale } from '../server/request-locale';
import { say, textIn, type Bilingual } from '../domain/common/bilingual';
import { INTERNAL_ERROR } from './errors';
import { readRouteFor } from './read-route';
import { readReplicaOf } from '../db/read-replica';
import { Metrics, metricsServerOf } from './metrics';

export interface App {
  app: express.Express;
  httpServer: http.Server;
  apollo: ApolloServer<GraphQLContext>;
  /** The app's metrics (METRICS_ENABLED): the job runners report to `metrics.jobs`. */
  metrics: Metrics | null;
  /** METRICS_PORT: the server answering /metrics there, for the caller to listen on. */
  metricsServer: http.Server | null;
}

/** The express app: /graphql, /healthz, /readyz. Call `apollo.start()` is done here. */
export async function createApp(orm: MikroORM, config: Config, log: Logger): Promise<App> {
  const app = express();
  const httpServer = http.createServer(app);
  const production = config.nodeEnv === 'production';
  const schema = buildSchema();
  // One per process: it carries the refunds this process owes to the buckets.
  const limiter = rateLimiter(config.rateLimit);
  const metrics = config.metrics.enabled ? new Metrics(config.metrics) : null;
  metrics?.observeDatabase('primary', orm.em.getKnex());
  const readReplica = readReplicaOf(orm);
  if (readReplica) metrics?.observeDatabase('replica', readReplica.orm.em.getKnex());

  const apollo = new ApolloServer<GraphQLContext>({
    ...(config.graphqlJit ? { gateway: jitGateway(schema) } : { schema }),
    introspection: !production,
    includeStacktraceInErrorResponses: config.nodeEnv === 'development',
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    stopOnTerminationSignals: false, // main.ts orders the shutdown itself
    formatError: formatError(production),
    validationRules: [
      // GRAPHQL_VALIDATION_FAILED (400) naming the limit and, in extensions.limit, its maximum.
      knownOperationTypesRule,
      maxDepthRule(config.limits.maxDepth),
      maxAliasesRule(config.limits.maxAliases),
      singleLoginRule,
    ],
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      production ? ApolloServerPluginLandingPageDisabled() : landingPageWithLocalExplorer(),
      // No HTTP caching of GraphQL answers here; without this plugin Apollo also skips
      // instrumenting every field resolver (a measurable cost on large pages).
      ApolloServerPluginCacheControlDisabled(),
      ...(metrics ? [metrics.plugin()] : []),
      nulInputPlugin(),
      queryCostPlugin(schema, config.limits.maxCost, limiter),
      errorLogPlugin(),
      ...(config.tracing.enabled ? [requestSpanPlugin()] : []),
      unavailablePlugin(),
    ],
  });
  await apollo.start();

  app.disable('x-powered-by');
  // Whose address req.ip is (the login throttle counts by it): the socket's unless proxies are trusted.
  app.set('trust proxy', config.trustProxy);
  if (config.trustProxy === false) {
    // Behind an untrusted proxy every client has the proxy's address, so 20 failed logins
    // anywhere would lock everyone out: say so once, the first time a proxy header shows.
    let warned = false;
    app.use((req, _res, next) => {
      if (!warned && req.headers['x-forwarded-for'] !== undefined) {
        warned = true;
        log.warn(
          { remoteAddress: req.socket.remoteAddress },
          'requests carry X-Forwarded-For but TRUST_PROXY is off: the login throttle counts every client behind that proxy as one address; set TRUST_PROXY to the proxy hops or subnets',
        );
      }
      next();
    });
  }
  app.use(
    pinoHttp({
      logger: log,
      redact: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie'],
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w-]{1,100}$/.test(given) ? given : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' || req.url === '/metrics' },
      // The "request completed" line is at info: when info is off (LOG_LEVEL=warn in production
      // benchmarks), skip building its object and message for every request.
      customLogLevel: () => (log.isLevelEnabled('info') ? 'info' : 'silent'),
      // With tracing on, the "request completed" line of /graphql carries the trace and span ids too.
      ...(config.tracing.enabled ? { customProps: traceFieldsOf } : {}),
    }),
  );

  // The offline explorer, beside the landing page (development only, like it).
  if (!production) app.use('/graphiql', graphiqlRouter());

  // Prometheus metrics: here unless METRICS_PORT gives them a port of their own (METRICS_TOKEN: a bearer token).
  if (metrics && config.metrics.port === undefined) app.get('/metrics', metrics.handler);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    try {
      await orm.em.getConnection().execute('select 1');
      res.json({ status: 'ready' });
    } catch (error) {
      log.warn({ err: error }, 'readiness check failed');
      res.status(503).json({ status: 'unavailable', reason: 'database unreachable' });
    }
  });

  app.use(
    '/graphql',
    cors<cors.CorsRequest>({ exposedHeaders: ['x-request-id'] }),
    // Before the body parser, so that a malformed body is counted; the record is entered after it.
    ...(metrics ? [metrics.beginGraphqlRequest] : []),
    express.json({ limit: '1mb' }),
    ...(metrics ? [metrics.enterGraphqlRequest] : []),
    // After the body is read: the request span is active for Apollo, the SQL and the loaders.
    ...(config.tracing.enabled ? [requestSpanMiddleware()] : []),
    connectionBudgetPerRequest(orm, config.db.requestConnections),
    (req, _res, next) => withRequestLocale(localeFrom(header(req, 'accept-language')), next),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const em = orm.em.fork();
        const now = new Date();
        const bearerToken = bearerOf(req);
        const viewer = await authenticate(
          em,
          { bearerToken, apiKey: header(req, 'x-api-key') },
          now,
          config.auth.apiKeyTouchIntervalMs,
        ).catch(rethrowUnavailable);
        return buildContext({
          em,
          viewer,
          reads: readRouteFor(orm, em, viewer, req),
          config,
          bearerToken,
          ip: req.ip,
          requestId: String(req.id),
          locale: localeFrom(header(req, 'accept-language')),
          log: req.log,
        });
      },
    }),
  );

  // Segment exports (DOMAIN G3): CSV and Excel, streamed, authorized like the API.
  app.get(
    '/exports/segments/:file',
    cors<cors.CorsRequest>({ exposedHeaders: ['x-request-id', 'content-disposition'] }),
    ...(metrics ? [metrics.exportRequests('segment')] : []),
    segmentExportHandler(orm, config, log, limiter),
  );
  // Report exports (issue 14 item 6): every report as CSV or Excel, authorized like the API.
  app.get(
    '/exports/reports/:file',
    cors<cors.CorsRequest>({ exposedHeaders: ['x-request-id', 'content-disposition'] }),
    ...(metrics ? [metrics.exportRequests('report')] : []),
    reportExportHandler(orm, config, log, limiter),
  );

  // Body-parser failures (malformed or oversized JSON) answer in GraphQL's shape, not HTML.
  app.use((error: Error & { status?: number; type?: string }, req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(error);
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) log.error({ err: error }, 'unhandled HTTP error');
    const message = status === 500 ? INTERNAL_ERROR.message : bodyParserMessage(error);
    res.status(status).json({
      errors: [
        {
          message: textIn(message, localeFrom(header(req, 'accept-language'))),
          extensions: { code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' },
        },
      ],
    });
  });

  return {
    app,
    httpServer,
    apollo,
    metrics,
    metricsServer: metrics && config.metrics.port !== undefined ? metricsServerOf(metrics) : null,
  };
}

/** body-parser's refusals (`error.type`) in Chinese beside its own English message. */
const BODY_PARSER_ZH: Readonly<Record<string, string>> = {
  'entity.parse.failed': '请求体不是有效的 JSON',
  'entity.too.large': '请求体过大',
  'request.size.invalid': '请求体长度与 Content-Length 不符',
  'request.aborted': '请求体还未读完，请求就已中止',
  'encoding.unsupported': '不支持请求体的内容编码（Content-Encoding）',
  'charset.unsupported': '不支持请求体的字符集',
};

function bodyParserMessage(error: Error & { type?: string }): Bilingual {
  const zh =
    error.type !== undefined && Object.hasOwn(BODY_PARSER_ZH, error.type) ? BODY_PARSER_ZH[error.type] : `请求无法处理：${error.message}`;
  return say(zh, error.message);
}
