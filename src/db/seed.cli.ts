import 'reflect-metadata';
import pino from 'pino';
import { loadConfig } from '../config';
import { openDatabase } from './database';
import { runFactsRefresh, runScheduledSnapshot } from '../jobs/scheduler';
import { bumpScoringDataVersion } from '../services/scoring-data-version';
import { clearData, seedDemoData } from './seeders/demo-data.seeder';

/** `npm run seed`: wipes the application's data and seeds the demo company again. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = pino({ level: config.logLevel });
  const db = await openDatabase(config);
  try {
    // One transaction: a reseed that fails leaves the previous data in place.
    const summary = await db.orm.em.fork().transactional(async (em) => {
      await clearData(em);
      return seedDemoData(em, { customers: config.seedCustomers, log, timeZone: config.companyTimeZone });
    });
    // A running API recomputes its cached scoring cut-points; tier histories start today.
    await bumpScoringDataVersion(db.orm.em.fork());
    await runFactsRefresh(db.orm, config, log);
    await runScheduledSnapshot(db.orm, config, 'ON_DEMAND');
    log.info(summary, 'reseeded demo data');
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
