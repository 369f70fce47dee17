import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { MikroORM } from '@mikro-orm/postgresql';
import pino from 'pino';
import { loadConfig } from '../src/config';
import { ormOptions } from '../src/db/orm.config';
import type { ServiceContext } from '../src/services/service-context';
import { refreshStaleFacts } from '../src/services/customer-facts.service';
import { verifyCustomerFacts } from '../src/services/customer-facts.verify';
import { ScoringService } from '../src/services/scoring.service';
import { SegmentService } from '../src/services/segment.service';
import { startBenchServer, query } from './harness/bench-database';
import { FACTS, FRESH, SCORE, STAGE } from './hand-written-scoring';

/**
 * `npm run build && node dist/bench/facts.js` (with BENCH_DATABASE=bench_1m BENCH_PG_DATA_DIR=…
 * BENCH_PG_PORT=… for the 1,000,000 customers): the customer facts on a bench database.
 *
 * 1. Applies the committed migrations (timed), then the facts job back-fills every stale row
 *    (timed; a second run shows it finds nothing), then `facts:verify`'s check (timed).
 * 2. The company-wide questions, BENCH_ROUNDS rounds (default 3), the two sides interleaved,
 *    medians: the API's own path (ScoringService.population() with its cache missed, the
 *    segment service's count for an admin) against a hand-written statement over the same
 *    tables that answers the same question (default rules, written without the compilers).
 * Writes bench/results/facts-<date>-<database>.json.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
const ms = (from: number) => Math.round(performance.now() - from);

const PROFIT_CUTS = `(select array(select -x from unnest(percentile_disc(array(select k / 100.0 from generate_series(99, 1, -1) k))
      within group (order by s.window_profit)) x order by 1) as neg ${FACTS} and s.window_profit > 0) pc`;
const HAND_WRITTEN = {
  population: `with f as materialized (select s.*, c.company_size, o.stage ${FACTS}),
    b as (select percentile_disc(array[0.2, 0.4, 0.6, 0.8]) within group (order by $1::date - last_order_on) as r,
                 percentile_disc(array[0.2, 0.4, 0.6, 0.8]) within group (order by window_order_count) as f,
                 percentile_disc(array[0.2, 0.4, 0.6, 0.8]) within group (order by window_spend) as m
            from f where window_order_count > 0),
    sc as (select ${SCORE.replaceAll('s.', 'f.').replaceAll('c.company_size', 'f.company_size').replaceAll('o.stage', 'f.stage')} as score100
             from f cross join (select array(select -x from unnest(percentile_disc(array(select k / 100.0 from generate_series(99, 1, -1) k))
                  within group (order by window_profit)) x order by 1) as neg from f where window_profit > 0) pc)
    select b.r, b.f, b.m, percentile_disc(array[0.95, 0.8, 0.5]) within group (order by sc.score100) as value_cuts, count(*) as n from b, sc group by b.r, b.f, b.m`,
  dormant: `select count(*)::int as n ${FACTS} and ${STAGE} = 'DORMANT'`,
  vip: `select count(*)::int as n from customer c join customer_stats s on s.customer_id = c.id
      left join lifecycle_override o on o.customer_id = c.id and o.cleared_at is null cross join ${PROFIT_CUTS}
     where c.archived_at is null and ${FRESH} and ${SCORE} > $2::int`,
};

async function main(): Promise<void> {
  const server = await startBenchServer();
  const config = loadConfig({ ...process.env, NODE_ENV: 'production', SCHEDULER_ENABLED: 'false' });
  const orm = await MikroORM.init(ormOptions(server.url, config.db));
  const log = pino({ level: 'info' });
  const result: Record<string, unknown> = { database: server.database, date: new Date().toISOString(), rounds: ROUNDS };
  try {
    const [counts] = await query<{ customers: number; active: number; orders: number }>(
      server.url,
      `select (select count(*) from customer)::int as customers, (select count(*) from customer where archived_at is null)::int as active,
              (select count(*) from sales_order)::int as orders`,
    );
    result.dataset = counts;
    log.info(counts, 'dataset');

    let t = performance.now();
    const migrations = (await orm.getMigrator().up()).map((m) => m.name);
    result.migration = { applied: migrations, ms: ms(t) };
    log.info(result.migration, 'migrations');

    const timeZone = config.companyTimeZone;
    t = performance.now();
    const backfill = await refreshStaleFacts(orm.em.fork(), {
      timeZone,
      now: new Date(),
      batchSize: 20_000,
      onBatch: (run) => {
        if (run.batches % 10 === 0) log.info(run, 'back-fill');
      },
    });
    result.backfill = { ...backfill, ms: ms(t) };
    log.info(result.backfill, 'facts back-filled');
    t = performance.now();
    result.secondRun = { ...(await refreshStaleFacts(orm.em.fork(), { timeZone, now: new Date(), batchSize: 20_000 })), ms: ms(t) };
    log.info(result.secondRun, 'facts job again');
    await query(server.url, 'analyze customer_stats');
    t = performance.now();
    result.verify = { ...(await verifyCustomerFacts(orm.em.fork(), { timeZone, now: new Date() })), ms: ms(t) };
    log.info(result.verify, 'verified');

    const [admin] = await query<{ id: number }>(server.url, `select id from app_user where role = 'ADMIN' and active order by id limit 1`);
    const context = (): ServiceContext => ({
      em: orm.em.fork(),
      viewer: { kind: 'staff', userId: admin.id, role: 'ADMIN', departmentId: null, departmentPath: null },
      config,
      now: () => new Date(),
    });
    const today = new ScoringService(context()).today();
    const questions: Record<string, { api: number[]; handWritten: number[]; apiAnswer?: unknown; handAnswer?: unknown }> = {
      population: { api: [], handWritten: [] },
      vip: { api: [], handWritten: [] },
      dormant: { api: [], handWritten: [] },
    };
    for (let round = 0; round < ROUNDS; round++) {
      // The population, cold: a new data version misses the cache.
      await query(server.url, `select nextval('scoring_data_version')`);
      const scoring = new ScoringService(context());
      t = performance.now();
      const population = await scoring.population();
      questions.population.api.push(ms(t));
      questions.population.apiAnswer = { rfm: population.rfm, valueCuts: population.valueCuts, customers: population.customerCount };
      t = performance.now();
      const [hand] = await query(server.url, HAND_WRITTEN.population, [today]);
      questions.population.handWritten.push(ms(t));
      questions.population.handAnswer = hand;

      // Segment counts for an admin, the population cached (as the API's segment resolver runs them).
      for (const [key, text] of [
        ['vip', 'value_tier = VIP'],
        ['dormant', 'stage = DORMANT'],
      ] as const) {
        const ctx = context();
        const segments = new SegmentService(ctx, new ScoringService(ctx));
        const target = { rule: await segments.previewRule(text, null) };
        await segments.sqlContextFor(target.rule.node);
        t = performance.now();
        questions[key].apiAnswer = await segments.count(target);
        questions[key].api.push(ms(t));
        t = performance.now();
        const [row] = await query<{ n: number }>(
          server.url,
          HAND_WRITTEN[key],
          key === 'vip' ? [today, population.valueCuts?.vip ?? 0] : [today],
        );
        questions[key].handWritten.push(ms(t));
        questions[key].handAnswer = row.n;
      }
      log.info({ round, questions }, 'round');
    }
    result.questions = Object.fromEntries(
      Object.entries(questions).map(([key, q]) => [key, { ...q, apiMedianMs: median(q.api), handWrittenMedianMs: median(q.handWritten) }]),
    );
    const file = path.join(process.cwd(), 'bench', 'results', `facts-${new Date().toISOString().slice(0, 10)}-${server.database}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    log.info({ file }, 'written');
  } finally {
    await orm.close(true);
    await server.embedded?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
