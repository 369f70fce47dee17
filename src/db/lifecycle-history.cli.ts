import 'reflect-metadata';
import pino from 'pino';
import { loadConfig } from '../config';
import { runHistoryRefresh } from '../jobs/scheduler';
import { openDatabase } from './database';

/**
 * `npm run build && node dist/src/db/lifecycle-history.cli.js`: one run of the lifecycle
 * history job now (what the scheduler runs nightly and at start-up): the back-fill of every
 * customer's stage moves on a database that has none, e.g. after a bulk load. Uses the
 * application's database (DATABASE_URL), migrating it first as the API does.
 */
async function main(): Promise<number> {
  const config = loadConfig();
  const log = pino({ level: config.logLevel });
  const db = await openDatabase(config);
  try {
    const run = await runHistoryRefresh(db.orm, config, log);
    console.log(
      `lifecycle history as of ${run.today}: ${run.replayed} customers replayed, ${run.moves} moves stored, ${run.batches} batches`,
    );
    return 0;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
