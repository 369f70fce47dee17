import type { MikroORM } from '@mikro-orm/postgresql';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { ScoringSnapshotRun } from '../entities';
import { ScoringSnapshotService } from './scoring-snapshot.service';

/** The queue of the daily value-tier snapshot (DOMAIN S5) and when it runs: 02:00 company time. */
export const SNAPSHOT_QUEUE = 'value-tier-snapshot';
export const SNAPSHOT_CRON = '0 2 * * *';

/** pg-boss keeps its tables in this schema of the application's database. */
export const SCHEDULER_SCHEMA = 'pgboss';

export interface Scheduler {
  boss: PgBoss;
  /** Stops polling, lets a running job finish (up to the shutdown time-out), and closes the pool. */
  stop(): Promise<void>;
}

/** One scheduled snapshot: the job handler, also callable directly (ON_DEMAND after the demo data is seeded). */
export async function runScheduledSnapshot(orm: MikroORM, config: Config, trigger: 'SCHEDULE' | 'ON_DEMAND' = 'SCHEDULE'): Promise<ScoringSnapshotRun> {
  const service = new ScoringSnapshotService({ em: orm.em.fork(), viewer: null, now: () => new Date(), config });
  return service.takeSnapshot(trigger, null);
}

/**
 * Starts pg-boss on the application's database (`url`), schedules the daily snapshot in the
 * company time zone and works its jobs. With several API processes pg-boss creates each
 * day's job once and one process works it; a run that finds another snapshot under way
 * fails and is retried later.
 */
export async function startScheduler(orm: MikroORM, url: string, config: Config, log: Logger): Promise<Scheduler> {
  const boss = new PgBoss({ connectionString: url, schema: SCHEDULER_SCHEMA, max: 2, application_name: 'customer-ops-scheduler' });
  boss.on('error', (error) => log.error({ err: error }, 'scheduler error'));
  await boss.start();
  try {
    await boss.createQueue(SNAPSHOT_QUEUE, { name: SNAPSHOT_QUEUE, retryLimit: 3, retryDelay: 300, expireInSeconds: 3600 });
    await boss.schedule(SNAPSHOT_QUEUE, SNAPSHOT_CRON, {}, { tz: config.companyTimeZone });
    await boss.work(SNAPSHOT_QUEUE, async () => {
      const run = await runScheduledSnapshot(orm, config);
      log.info({ runId: run.id, customers: run.customerCount, changes: run.changeCount }, 'value-tier snapshot taken');
      return { runId: run.id };
    });
  } catch (error) {
    await boss.stop({ graceful: false });
    throw error;
  }
  return {
    boss,
    stop: () => boss.stop({ graceful: true, timeout: config.shutdownTimeoutMs }),
  };
}
