import 'reflect-metadata';
import pino from 'pino';
import { createApp } from './app';
import { loadConfig } from './config';
import { openDatabase } from './db/database';
import { seedIfEmpty } from './db/seeders/demo-data.seeder';
import { runScheduledSnapshot, startScheduler } from './services/scheduler';

/** start: config → database → migrations → demo data → app → listen; graceful shutdown. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = pino({ level: config.logLevel });
  log.info({ embedded: !config.databaseUrl }, 'starting database');
  const db = await openDatabase(config, (m) => log.debug(m.trim()));
  if (config.seedOnEmpty) {
    const seeded = await seedIfEmpty(db.orm.em.fork(), { customers: config.seedCustomers, log, timeZone: config.companyTimeZone });
    if (seeded) {
      log.info(seeded, 'seeded demo data');
      // A first value-tier snapshot, so tier histories start on the day the demo does.
      await runScheduledSnapshot(db.orm, config, 'ON_DEMAND');
    }
  }
  const { httpServer, apollo } = await createApp(db.orm, config, log);
  const scheduler = config.schedulerEnabled ? await startScheduler(db.orm, db.url, config, log) : null;
  if (scheduler) log.info({ timeZone: config.companyTimeZone }, 'scheduler started: value-tier snapshot daily at 02:00');
  await new Promise<void>((resolve) => httpServer.listen(config.port, resolve));
  log.info(`GraphQL API ready at http://localhost:${config.port}/graphql`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: draining requests');
    const force = setTimeout(() => {
      log.error('shutdown timed out; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    try {
      await apollo.stop(); // stops accepting, waits for in-flight requests (drain plugin)
      log.info('requests drained');
      await scheduler?.stop(); // lets a running job finish, then closes its pool
      await db.close(); // pool first, then the embedded server
      log.info('stopped');
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
