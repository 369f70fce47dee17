import 'reflect-metadata';
import pino from 'pino';
import { loadConfig } from '../config';
import { verifyCustomerFacts } from '../services/customer-facts.verify';
import { runFactsRefresh } from '../jobs/scheduler';
import { openDatabase } from './database';

/**
 * `npm run facts:verify`: recomputes every customer's figures and facts from the records and
 * compares them with the stored ones; prints the customers checked and the mismatches (the
 * first few with their columns) and exits 1 when there is any.
 * `npm run facts:refresh`: one run of the facts job now (what the scheduler runs at company
 * midnight and at start-up), e.g. after a bulk load that bypassed the API.
 * Both use the application's database (DATABASE_URL, else the embedded one of `npm start`).
 */
async function main(command: string | undefined): Promise<number> {
  if (command !== 'verify' && command !== 'refresh') {
    console.error('usage: node dist/src/db/facts.cli.js verify|refresh');
    return 2;
  }
  const config = loadConfig();
  const log = pino({ level: config.logLevel });
  const db = await openDatabase(config);
  try {
    if (command === 'refresh') {
      await runFactsRefresh(db.orm, config, log);
      return 0;
    }
    const started = Date.now();
    const result = await verifyCustomerFacts(db.orm.em.fork(), { timeZone: config.companyTimeZone, now: new Date() });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `customer facts as of ${result.today} (${config.companyTimeZone}): ${result.customers} customers checked, ` +
        `${result.fresh} with stored facts in use today, ${result.mismatches} mismatches (${seconds} s)`,
    );
    if (!result.basisCurrent)
      console.log('no stored basis matches the current rules and time zone: only the figures were compared (run facts:refresh)');
    for (const e of result.examples) console.log(`  customer ${e.customerId}: ${e.columns.join(', ')}`);
    return result.mismatches > 0 ? 1 : 0;
  } finally {
    await db.close();
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
