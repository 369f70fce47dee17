import 'reflect-metadata';
import pino from 'pino';
import { createApp } from './http/app';
import { loadConfig } from './config';
import { openDatabase } from './db/database';
import { installShutdownGate } from './http/shutdown';
import { settleWithin } from './lib/settle-within';
import { seedIfEmpty } from './db/seeders/demo-data.seeder';
import { ensureCurrentFactsBasis } from './services/customer-facts.service';
import { runAssociationsRefresh, runFactsRefresh, runScheduledSnapshot, startScheduler } from './jobs/scheduler';
import { startWebhookDispatcher } from './jobs/webhook-dispatcher';

/** start: config → database → migrations → demo data → app → listen; graceful shutdown. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = pino({ level: config.logLevel });
  log.info({ embedded: !config.databaseUrl }, 'starting database');
  const db = await openDatabase(config, (m) => log.debug(m.trim()), log);
  // The stored customer facts follow the scoring rules and COMPANY_TIME_ZONE: writes keep them
  // under this basis from now on; the facts job (scheduler) fills what is stale.
  const basis = await ensureCurrentFactsBasis(db.orm.em.fork(), config.companyTimeZone, new Date());
  if (basis.moved) log.info({ basis: basis.basis }, 'customer facts basis set; the facts job recomputes every customer');
  if (config.seedOnEmpty) {
    const seeded = await seedIfEmpty(db.orm.em.fork(), { customers: config.seedCustomers, log, timeZone: config.companyTimeZone });
    if (seeded) {
      log.info(seeded, 'seeded demo data');
      await runFactsRefresh(db.orm, config, log);
      // A first value-tier snapshot, so tier histories start on the day the demo does.
      await runScheduledSnapshot(db.orm, config, 'ON_DEMAND');
      // The cross-sell rules of the demo's orders, so suggestions answer from the start.
      await runAssociationsRefresh(db.orm, config, 'ON_DEMAND');
    }
  }
  const { httpServer, apollo } = await createApp(db.orm, config, log);
  const gate = installShutdownGate(httpServer);
  const scheduler = config.schedulerEnabled ? await startScheduler(db.orm, db.url, config, log) : null;
  if (scheduler) log.info({ timeZone: config.companyTimeZone }, 'scheduler started: value-tier snapshot daily at 02:00');
  const webhooks = config.webhooks.enabled ? startWebhookDispatcher(db.orm, config, log) : null;
  await new Promise<void>((resolve) => httpServer.listen(config.port, resolve));
  log.info(`GraphQL API ready at http://localhost:${config.port}/graphql`);

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
      await apollo.stop(); // the HTTP server is closed already; Apollo only stops its plugins
      const stopped = await schedulerStopped;
      if (stopped && stopped.state !== 'done') log.warn(stopped, 'scheduler did not stop cleanly');
      const webhooksDone = await webhooksStopped;
      if (webhooksDone && webhooksDone.state !== 'done') log.warn(webhooksDone, 'webhook worker did not stop cleanly');
      await db.close(); // pool first, then the embedded server; each step bounded
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
