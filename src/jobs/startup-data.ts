import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { seedIfEmpty } from '../db/seeders/demo-data.seeder';
import { ensureCurrentFactsBasis } from '../services/customer-facts.service';
import { runAssociationsRefresh, runFactsRefresh, runScheduledSnapshot } from './scheduler';

/**
 * What `npm start` does to the data before it serves: the stored customer facts follow the
 * scoring rules and COMPANY_TIME_ZONE (a new basis makes the facts job recompute every
 * customer); on an empty database with SEED_ON_EMPTY, the demo company, its facts, a first
 * value-tier snapshot (tier histories start on the day the demo does) and the cross-sell
 * rules of its orders (suggestions answer from the start). The tour's examples test runs the
 * same steps.
 */
export async function prepareStartupData(orm: MikroORM, config: Config, log: Logger): Promise<void> {
  const basis = await ensureCurrentFactsBasis(orm.em.fork(), config.companyTimeZone, new Date());
  if (basis.moved) log.info({ basis: basis.basis }, 'customer facts basis set; the facts job recomputes every customer');
  if (!config.seedOnEmpty) return;
  const seeded = await seedIfEmpty(orm.em.fork(), { customers: config.seedCustomers, log, timeZone: config.companyTimeZone });
  if (!seeded) return;
  log.info(seeded, 'seeded demo data');
  await runFactsRefresh(orm, config, log);
  await runScheduledSnapshot(orm, config, 'ON_DEMAND');
  await runAssociationsRefresh(orm, config, 'ON_DEMAND');
}
