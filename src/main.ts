import 'reflect-metadata';
// First: starts the traces (when configured) before anything below loads `pg`.
import { tracing } from './instrument';
import pino from 'pino';
import { createApp } from './http/app';
import { loadConfig } from './config';
import { openDatabase } from './db/database';
import { installShutdownGate } from './http/shutdown';
import { settleWithin } from './lib/settle-within';
import { startScheduler } from './jobs/scheduler';
import { prepareStartupData } from './jobs/startup-data';
import { startWebhookDispatcher } from './jobs/webhook-dispatcher';

/** start: config → database → migrations → demo data → app → listen; graceful shutdown. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = pino({ level: config.logLevel });
  if (tracing) log.info({ exporters: config.tracing.exporters, endpoint: config.tracing.endpoint }, 'tracing on');
  log.info({ embedded: !config.databaseUrl }, 'starting database');
  const db = await openDatabase(config, (m) => log.debug(m.trim()), log);
  await prepareStartupData(db.orm, config, log);
  const { httpServer, apollo, metrics, metricsServer } = await createApp(db.orm, config, log);
  const gate = installShutdownGate(httpServer);
  const scheduler = config.schedulerEnabled ? await startScheduler(db.orm, db.url, config, log, metrics?.jobs) : null;
  if (scheduler) log.info({ timeZone: config.companyTimeZone, snapshotCron: config.snapshotCron }, 'scheduler started');
  const webhooks = config.webhooks.enabled ? startWebhookDispatcher(db.orm, config, log, metrics?.jobs) : null;
  await new Promise<void>((resolve) => httpServer.listen(config.port, resolve));
  log.info(`GraphQL API ready at http://localhost:${config.port}/graphql`);
  if (metricsServer) {
    await new Promise<void>((resolve) => metricsServer.listen(config.metrics.port, config.metrics.host, resolve));
    log.info(
      { host: config.metrics.host, port: config.metrics.port, token: config.metrics.token !== undefined },
      'metrics served on their own port',
    );
  }

  /**
   * Bounded in every state, the database's included: drain HTTP (in-flight requests finish,
   * late ones get 503), stop Apollo and the scheduler, close the pool, stop the embedded
   * server. Each database step has its own time-out (DB_CLOSE_TIMEOUT_MS); requests get
   * what remains of SHUTDOWN_TIMEOUT_MS. Past that, a forced exit 1.
   */
  let stopping = false;
  const shutdown = async (reason: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    const startedAt = Date.now();
    log.info({ reason }, 'shutting down: draining requests');
    const force = setTimeout(() => {
      log.error('shutdown timed out; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    try {
      // Requests get the time left once the pool and the embedded server have theirs; the
      // scheduler finishes its job meanwhile.
      const drainMs = Math.max(1_000, config.shutdownTimeoutMs - 2 * config.db.closeTimeoutMs - 500);
      const schedulerStopped = scheduler ? settleWithin(scheduler.stop(), drainMs) : null;
      const webhooksStopped = webhooks ? settleWithin(webhooks.stop(), drainMs) : null;
      const drained = await gate.drain(drainMs);
      log.info({ ...drained, afterMs: Date.now() - startedAt }, 'requests drained');
      metricsServer?.close();
      metricsServer?.closeAllConnections();
      await apollo.stop(); // the HTTP server is closed already; Apollo only stops its plugins
      const stopped = await schedulerStopped;
      if (stopped && stopped.state !== 'done') log.warn(stopped, 'scheduler did not stop cleanly');
      const webhooksDone = await webhooksStopped;
      if (webhooksDone && webhooksDone.state !== 'done') log.warn(webhooksDone, 'webhook worker did not stop cleanly');
      // The spans still buffered are sent while the database closes (pool first, then the embedded server; each step bounded).
      const spansSent = tracing ? settleWithin(tracing.shutdown(), config.db.closeTimeoutMs) : null;
      await db.close();
      await spansSent;
      log.info({ afterMs: Date.now() - startedAt }, 'stopped');
      process.exit(exitCode);
    } catch (error) {
      log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  db.onFatal(() => void shutdown('database lost', 1));
  process.on('SIGINT', () => void shutdown('SIGINT', 0));
  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
