import type { MikroORM } from '@mikro-orm/postgresql';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { ProductAssociationRun, ScoringSnapshotRun } from '../entities';
import { refreshAssociations } from '../services/cross-sell.service';
import { onFactsRefreshRequested, refreshStaleFacts, type FactsRefreshRun } from '../services/customer-facts.service';
import { refreshLifecycleHistory, type HistoryRun } from '../services/lifecycle-history.service';
import { detectDueReminders } from '../services/reminder-due-events';
import { ScoringSnapshotService } from '../services/scoring-snapshot.service';
import { observedJob, type JobObserver } from './job-observer';

/** The queue of the daily value-tier snapshot (DOMAIN S5) and when it runs by default (VALUE_TIER_SNAPSHOT_CRON): 02:00 company time. */
export const SNAPSHOT_QUEUE = 'value-tier-snapshot';
export const SNAPSHOT_CRON = '0 2 * * *';

/** The queue of the customer facts job and when it runs: company midnight, when the day's window edges pass. */
export const FACTS_QUEUE = 'customer-facts-refresh';
export const FACTS_CRON = '0 0 * * *';

/** The queue of the lifecycle history job (DOMAIN L4) and when it runs: 00:30 company time, after the facts job. */
export const HISTORY_QUEUE = 'lifecycle-history-refresh';
export const HISTORY_CRON = '30 0 * * *';

/** The queue of the cross-sell association rules (DOMAIN A4) and when they are recomputed: 03:00 company time. */
export const ASSOCIATIONS_QUEUE = 'product-associations-refresh';
export const ASSOCIATIONS_CRON = '0 3 * * *';

/** The queue of the REMINDER_DUE webhook scan (reminder-due-events.ts); when it runs is WEBHOOK_REMINDER_CRON. */
export const REMINDER_WEBHOOKS_QUEUE = 'webhook-reminders-due';

/** pg-boss keeps its tables in this schema of the application's database. */
export const SCHEDULER_SCHEMA = 'pgboss';

export interface Scheduler {
  boss: PgBoss;
  /** Stops polling, lets a running job finish (up to the shutdown time-out), and closes the pool. */
  stop(): Promise<void>;
}

/** One scheduled snapshot: the job handler, also callable directly (ON_DEMAND after the demo data is seeded). */
export async function runScheduledSnapshot(
  orm: MikroORM,
  config: Config,
  trigger: 'SCHEDULE' | 'ON_DEMAND' = 'SCHEDULE',
): Promise<ScoringSnapshotRun> {
  const service = new ScoringSnapshotService({ em: orm.em.fork(), viewer: null, now: () => new Date(), config });
  return service.takeSnapshot(trigger, null);
}

/** One run of the customer facts job (customer-facts.service.ts), logged batch by batch. */
export async function runFactsRefresh(orm: MikroORM, config: Config, log?: Logger): Promise<FactsRefreshRun> {
  const started = Date.now();
  const run = await refreshStaleFacts(orm.em.fork(), {
    timeZone: config.companyTimeZone,
    now: new Date(),
    onBatch: (progress) => {
      if (progress.batches % 50 === 0) log?.info(progress, 'customer facts: refreshing');
    },
  });
  log?.info({ ...run, ms: Date.now() - started }, 'customer facts refreshed');
  return run;
}

/** One run of the lifecycle history job (lifecycle-history.service.ts): the back-fill the first time, then the customers whose replay changed. */
export async function runHistoryRefresh(orm: MikroORM, config: Config, log?: Logger): Promise<HistoryRun> {
  const started = Date.now();
  const run = await refreshLifecycleHistory(orm.em.fork(), {
    timeZone: config.companyTimeZone,
    now: new Date(),
    onBatch: (progress) => {
      if (progress.batches % 50 === 0) log?.info(progress, 'lifecycle history: replaying');
    },
  });
  log?.info({ ...run, ms: Date.now() - started }, 'lifecycle history replayed');
  return run;
}

/** One refresh of the association rules with the configured minimum support (CROSS_SELL_MIN_SUPPORT). */
export async function runAssociationsRefresh(
  orm: MikroORM,
  config: Config,
  trigger: 'SCHEDULE' | 'ON_DEMAND' = 'SCHEDULE',
): Promise<ProductAssociationRun> {
  return refreshAssociations(orm.em.fork(), { trigger, minSupport: config.crossSellMinSupport, byUserId: null, now: new Date() });
}

/**
 * Starts pg-boss on the application's database (`url`), schedules the daily snapshot and the
 * facts job in the company time zone and works their jobs, and asks for one facts run now
 * (it fills the facts after a migration or a change of time zone, and finds nothing to do
 * otherwise). With several API processes pg-boss creates each day's job once and one process
 * works it; a snapshot run that finds another under way fails and is retried later, and
 * one that finds the company day's scheduled run done takes nothing (pg-boss delivers at
 * least once); the facts queue holds at most one waiting and one running job ('stately').
 */
export async function startScheduler(orm: MikroORM, url: string, config: Config, log: Logger, observer?: JobObserver): Promise<Scheduler> {
  const boss = new PgBoss({ connectionString: url, schema: SCHEDULER_SCHEMA, max: 2, application_name: 'customer-ops-scheduler' });
  // Each run of a queue's handler is reported to the observer (the metrics: job runs by queue and outcome).
  const work = (queue: string, handler: () => Promise<unknown>) => boss.work(queue, observedJob(observer, queue, handler));
  boss.on('error', (error) => log.error({ err: error }, 'scheduler error'));
  await boss.start();
  try {
    await boss.createQueue(SNAPSHOT_QUEUE, { name: SNAPSHOT_QUEUE, retryLimit: 3, retryDelay: 300, expireInSeconds: 3600 });
    await boss.schedule(SNAPSHOT_QUEUE, config.snapshotCron, {}, { tz: config.companyTimeZone });
    await work(SNAPSHOT_QUEUE, async () => {
      const startedAt = Date.now();
      const run = await runScheduledSnapshot(orm, config);
      if (run.takenAt.getTime() < startedAt)
        log.info({ runId: run.id, takenOn: run.takenOn }, 'value-tier snapshot: already taken today, skipped');
      else log.info({ runId: run.id, customers: run.customerCount, changes: run.changeCount }, 'value-tier snapshot taken');
      return { runId: run.id };
    });
    await boss.createQueue(FACTS_QUEUE, {
      name: FACTS_QUEUE,
      policy: 'stately',
      retryLimit: 5,
      retryDelay: 60,
      retryBackoff: true,
      expireInSeconds: 3600,
    });
    await boss.schedule(FACTS_QUEUE, FACTS_CRON, {}, { tz: config.companyTimeZone });
    await work(FACTS_QUEUE, async () => {
      const run = await runFactsRefresh(orm, config, log);
      return { refreshed: run.refreshed, skipped: run.skipped };
    });
    // At most one waiting and one running refresh ('stately'); a refresh that finds an admin's under way fails and is retried.
    await boss.createQueue(ASSOCIATIONS_QUEUE, {
      name: ASSOCIATIONS_QUEUE,
      policy: 'stately',
      retryLimit: 3,
      retryDelay: 120,
      expireInSeconds: 3600,
    });
    await boss.schedule(ASSOCIATIONS_QUEUE, ASSOCIATIONS_CRON, {}, { tz: config.companyTimeZone });
    await work(ASSOCIATIONS_QUEUE, async () => {
      const run = await runAssociationsRefresh(orm, config);
      log.info({ runId: run.id, population: run.population, rules: run.ruleCount, ms: run.durationMs }, 'product associations refreshed');
      return { runId: run.id };
    });
    const request = () => {
      boss.send(FACTS_QUEUE, {}).catch((error: unknown) => log.error({ err: error }, 'could not ask for a customer facts run'));
    };
    onFactsRefreshRequested(request);
    request();
    await boss.createQueue(HISTORY_QUEUE, {
      name: HISTORY_QUEUE,
      policy: 'stately',
      retryLimit: 5,
      retryDelay: 60,
      retryBackoff: true,
      expireInSeconds: 3 * 3600,
    });
    await boss.schedule(HISTORY_QUEUE, HISTORY_CRON, {}, { tz: config.companyTimeZone });
    await work(HISTORY_QUEUE, async () => {
      const run = await runHistoryRefresh(orm, config, log);
      return { replayed: run.replayed, moves: run.moves };
    });
    // At start-up too: the back-fill after the migration, or the replays after a change of rules or time zone.
    boss.send(HISTORY_QUEUE, {}).catch((error: unknown) => log.error({ err: error }, 'could not ask for a lifecycle history run'));
    await boss.createQueue(REMINDER_WEBHOOKS_QUEUE, {
      name: REMINDER_WEBHOOKS_QUEUE,
      policy: 'stately',
      retryLimit: 2,
      retryDelay: 300,
      expireInSeconds: 1800,
    });
    await boss.schedule(REMINDER_WEBHOOKS_QUEUE, config.webhooks.reminderCron, {}, { tz: config.companyTimeZone });
    await work(REMINDER_WEBHOOKS_QUEUE, async () => {
      const started = Date.now();
      const events = await detectDueReminders(orm.em.fork(), config, new Date());
      log.info({ events, ms: Date.now() - started }, 'webhooks: due reminders looked for');
      return { events };
    });
  } catch (error) {
    await boss.stop({ graceful: false });
    throw error;
  }
  return {
    boss,
    stop: () => {
      onFactsRefreshRequested(null);
      return boss.stop({ graceful: true, timeout: config.shutdownTimeoutMs });
    },
  };
}
