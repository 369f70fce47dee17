import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { MikroORM } from '@mikro-orm/postgresql';
import pino from 'pino';
import { loadConfig } from '../src/config';
import { ormOptions } from '../src/db/orm.config';
import { seedHolidaysAndCoverage } from '../src/db/seeders/demo-reminders.seeder';
import type { StaffViewer } from '../src/domain/access/viewer';
import { refreshStaleFacts } from '../src/services/customer-facts.service';
import { FollowUpService } from '../src/services/follow-up.service';
import { ReminderService } from '../src/services/reminder.service';
import { ScoringService } from '../src/services/scoring.service';
import type { ServiceContext } from '../src/services/service-context';
import { startBenchServer, query } from './harness/bench-database';
import { HAND_WRITTEN_REMINDERS } from './reminders.hand-written';

/**
 * `npm run build && node dist/bench/reminders.js` (BENCH_DATABASE=bench_1m BENCH_PG_DATA_DIR=…
 * BENCH_PG_PORT=… for the 1,000,000 customers): reminders (issue 13) on a bench database.
 *
 * Prepares: the committed migrations, the facts job (so today's facts are stored), the demo
 * company's holidays and coverage ends (RENEWAL_DUE), ANALYZE. Then BENCH_ROUNDS rounds
 * (default 3), the API and the hand-written statement interleaved, medians, the scoring
 * population cached (it is shared by every scoring question and cached per data version):
 *   - a salesperson's first page of 50 (the one with the most customers; goal ≤ 100 ms);
 *   - a manager's first page of 50: of a sales department (goal ≤ 500 ms), and of the largest
 *     region (a subtree of hundreds of thousands of customers, for the record);
 *   - the company's first page of 50 and its totalCount (an admin; goal ≤ 1 s each).
 * The hand-written statement (bench/reminders.hand-written.ts) answers the same question with
 * the default rules written out by hand over the stored facts. Both answers are compared.
 * Writes bench/results/reminders-<date>-<database>.json.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
const ms = (from: number) => Math.round(performance.now() - from);

async function main(): Promise<void> {
  const server = await startBenchServer();
  // The API's statement time-out (15 s by default) would stop the company-wide evaluation on a
  // million customers; it is lifted here to measure what that evaluation costs (reported).
  const timeoutMs = Number(process.env.BENCH_STATEMENT_TIMEOUT_MS || 600_000);
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'production',
    SCHEDULER_ENABLED: 'false',
    DB_STATEMENT_TIMEOUT_MS: String(timeoutMs),
  });
  const orm = await MikroORM.init(ormOptions(server.url, config.db));
  const log = pino({ level: 'info' });
  const result: Record<string, unknown> = {
    database: server.database,
    date: new Date().toISOString(),
    rounds: ROUNDS,
    statementTimeoutMs: timeoutMs,
  };
  try {
    let t = performance.now();
    result.migration = { applied: (await orm.getMigrator().up()).map((m) => m.name), ms: ms(t) };
    const timeZone = config.companyTimeZone;
    t = performance.now();
    result.facts = { ...(await refreshStaleFacts(orm.em.fork(), { timeZone, now: new Date(), batchSize: 20_000 })), ms: ms(t) };
    await orm.em.fork().transactional((em) => seedHolidaysAndCoverage(em, new Date(), timeZone));
    await query(server.url, 'analyze');
    log.info(result, 'prepared');

    const [counts] = await query<Record<string, number>>(
      server.url,
      `select (select count(*) from customer where archived_at is null)::int as active, (select count(*) from sales_order)::int as orders,
              (select count(*) from follow_up)::int as follow_ups, (select count(*) from service_case where coverage_ends_on is not null)::int as coverages`,
    );
    result.dataset = counts;
    const [sales] = await query<{ id: number; department_id: number; path: string; n: number }>(
      server.url,
      `select u.id, u.department_id, d.path, count(*)::int as n from customer c join app_user u on u.id = c.owner_id join department d on d.id = u.department_id
        where c.archived_at is null and u.role = 'SALES' group by u.id, d.path order by n desc limit 1`,
    );
    // Managers: of a sales department (a leaf of the tree), and of a region (the largest subtree).
    const managers = await query<{ id: number; department_id: number; path: string; n: number; leaf: boolean }>(
      server.url,
      `select u.id, u.department_id, d.path, (select count(*) from customer c join department cd on cd.id = c.department_id where c.archived_at is null and cd.path like d.path || '%')::int as n,
              not exists (select 1 from department k where k.parent_id = d.id) as leaf
         from app_user u join department d on d.id = u.department_id where u.role = 'MANAGER' order by n desc`,
    );
    const manager = managers.find((m) => m.leaf);
    const region = managers[0];
    const [admin] = await query<{ id: number }>(server.url, `select id from app_user where role = 'ADMIN' and active order by id limit 1`);
    const viewers: Record<string, { viewer: StaffViewer; customers: number | null }> = {
      salesperson: {
        viewer: { kind: 'staff', userId: sales.id, role: 'SALES', departmentId: sales.department_id, departmentPath: sales.path },
        customers: sales.n,
      },
      manager: {
        viewer: {
          kind: 'staff',
          userId: manager!.id,
          role: 'MANAGER',
          departmentId: manager!.department_id,
          departmentPath: manager!.path,
        },
        customers: manager!.n,
      },
      region: {
        viewer: { kind: 'staff', userId: region.id, role: 'MANAGER', departmentId: region.department_id, departmentPath: region.path },
        customers: region.n,
      },
      company: {
        viewer: { kind: 'staff', userId: admin.id, role: 'ADMIN', departmentId: null, departmentPath: null },
        customers: counts.active,
      },
    };
    // BENCH_VIEWERS=salesperson,manager runs only those (the company's rounds take minutes).
    const only = process.env.BENCH_VIEWERS?.split(',');
    if (only) for (const name of Object.keys(viewers)) if (!only.includes(name)) delete viewers[name];
    result.viewers = Object.fromEntries(Object.entries(viewers).map(([k, v]) => [k, { userId: v.viewer.userId, customers: v.customers }]));
    const service = (viewer: StaffViewer) => {
      const ctx: ServiceContext = { em: orm.em.fork(), viewer, config, now: () => new Date() };
      return new ReminderService(ctx, new ScoringService(ctx), new FollowUpService(ctx));
    };
    // The population once, as the first request of the day pays it (then cached per data version).
    t = performance.now();
    const input = await service(Object.values(viewers)[0].viewer).sqlInput();
    result.populationMs = ms(t);

    const questions: Record<string, { api: number[]; handWritten: number[]; same?: boolean; firstIds?: string[] }> = {};
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, { viewer }] of Object.entries(viewers)) {
        const q = (questions[`${name}Page`] ??= { api: [], handWritten: [] });
        t = performance.now();
        const page = await service(viewer).page({}, { first: 50 });
        q.api.push(ms(t));
        const apiIds = page.nodes.map((r) => `${r.customerId}:${r.kind}:${r.key}`);
        const hand = HAND_WRITTEN_REMINDERS.page(input, viewer);
        t = performance.now();
        const rows = await query<{ id: string }>(server.url, hand.sql, hand.params);
        q.handWritten.push(ms(t));
        q.same = JSON.stringify(rows.map((r) => r.id)) === JSON.stringify(apiIds);
        q.firstIds = apiIds.slice(0, 3);
        if (name === 'company') {
          const c = (questions.companyTotalCount ??= { api: [], handWritten: [] });
          t = performance.now();
          const total = await page.totalCount;
          c.api.push(ms(t));
          const count = HAND_WRITTEN_REMINDERS.count(input, viewer);
          t = performance.now();
          const [row] = await query<{ n: number }>(server.url, count.sql, count.params);
          c.handWritten.push(ms(t));
          c.same = Number(row.n) === total;
          (c as Record<string, unknown>).total = total;
        }
      }
      log.info({ round, questions }, 'round');
    }
    result.questions = Object.fromEntries(
      Object.entries(questions).map(([key, q]) => [
        key,
        { ...q, apiMedianMs: median(q.api), handWrittenMedianMs: median(q.handWritten), ratio: median(q.handWritten) / median(q.api) },
      ]),
    );
    const suffix = only ? `-only-${only.join('-')}` : '';
    const file = path.join(
      process.cwd(),
      'bench',
      'results',
      `reminders-${new Date().toISOString().slice(0, 10)}-${server.database}${suffix}.json`,
    );
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    log.info({ file, questions: result.questions }, 'written');
  } finally {
    await orm.close(true);
    await server.embedded?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
