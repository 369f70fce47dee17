import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Decimal from 'decimal.js';
import { MikroORM } from '@mikro-orm/postgresql';
import pino from 'pino';
import { loadConfig } from '../src/config';
import { ormOptions } from '../src/db/orm.config';
import type { StaffViewer } from '../src/domain/access/viewer';
import { calendarDayIn } from '../src/domain/common/calendar';
import { refreshStaleFacts } from '../src/services/customer-facts.service';
import { CustomerDistributionService } from '../src/services/customer-distribution.service';
import { refreshLifecycleHistory } from '../src/services/lifecycle-history.service';
import { LifecycleTransitionQueryService } from '../src/services/lifecycle-transition-query.service';
import { ScoringService } from '../src/services/scoring.service';
import type { ServiceContext } from '../src/services/service-context';
import { FACTS, SCORE } from './hand-written-scoring';
import { query, startBenchServer } from './harness/bench-database';

/**
 * `npm run build && node dist/bench/distribution.js` (DATABASE_URL=…/postgres BENCH_DATABASE=bench_1m
 * for the 1,000,000 customers): distributions and the lifecycle funnel (issue 14 item 4).
 *
 * Prepares: the committed migrations, the facts job and the lifecycle history job (the
 * back-fill on its first run: timed), ANALYZE. Then BENCH_ROUNDS rounds (default 3), the
 * service and a hand-written statement interleaved, medians, the scoring population cached:
 *   - the value-tier distribution of the whole company (an admin) and of a sales department's
 *     manager: the hand-written statement scores the stored facts with the default rules written
 *     out (bench/hand-written-scoring.ts) against the same cut-points and groups by tier;
 *   - the moves of the last full quarter, company-wide and by department: the hand-written
 *     statement counts the stored moves directly.
 * Answers are compared. Writes bench/results/distribution-<date>-<database>.json.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
const ms = (from: number) => Math.round(performance.now() - from);

/** The last full calendar quarter before `today`. */
function lastQuarter(today: string): { since: string; until: string } {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const q = Math.floor((m - 1) / 3); // this quarter, 0-based
  const year = q === 0 ? y - 1 : y;
  const start = q === 0 ? 9 : (q - 1) * 3; // 0-based month
  const end = new Date(Date.UTC(year, start + 3, 0)).toISOString().slice(0, 10);
  return { since: `${year}-${String(start + 1).padStart(2, '0')}-01`, until: end };
}

async function main(): Promise<void> {
  const server = await startBenchServer();
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
    t = performance.now();
    result.history = { ...(await refreshLifecycleHistory(orm.em.fork(), { timeZone, now: new Date() })), ms: ms(t) };
    await query(server.url, 'analyze');
    log.info(result, 'prepared');

    const [counts] = await query<Record<string, number>>(
      server.url,
      `select (select count(*) from customer where archived_at is null)::int as active, (select count(*) from lifecycle_transition)::int as moves`,
    );
    result.dataset = counts;
    const [manager] = await query<{ id: number; department_id: number; path: string; n: number }>(
      server.url,
      `select u.id, u.department_id, d.path, (select count(*) from customer c where c.archived_at is null and c.department_id = d.id)::int as n
         from app_user u join department d on d.id = u.department_id
        where u.role = 'MANAGER' and not exists (select 1 from department k where k.parent_id = d.id) order by n desc limit 1`,
    );
    // The largest region (a subtree of hundreds of thousands of customers), for the record.
    const [region] = await query<{ id: number; department_id: number; path: string; n: number }>(
      server.url,
      `select u.id, u.department_id, d.path, (select count(*) from customer c join department cd on cd.id = c.department_id where c.archived_at is null and cd.path like d.path || '%')::int as n
         from app_user u join department d on d.id = u.department_id where u.role = 'MANAGER' order by n desc limit 1`,
    );
    const [admin] = await query<{ id: number }>(server.url, `select id from app_user where role = 'ADMIN' and active order by id limit 1`);
    const viewers: Record<string, { viewer: StaffViewer; customers: number }> = {
      company: {
        viewer: { kind: 'staff', userId: admin.id, role: 'ADMIN', departmentId: null, departmentPath: null },
        customers: counts.active,
      },
      manager: {
        viewer: {
          kind: 'staff',
          userId: manager.id,
          role: 'MANAGER',
          departmentId: manager.department_id,
          departmentPath: manager.path,
        },
        customers: manager.n,
      },
      region: {
        viewer: { kind: 'staff', userId: region.id, role: 'MANAGER', departmentId: region.department_id, departmentPath: region.path },
        customers: region.n,
      },
    };
    // BENCH_VIEWERS=manager,region runs only those (the company's rounds take a while).
    const only = process.env.BENCH_VIEWERS?.split(',');
    if (only) for (const name of Object.keys(viewers)) if (!only.includes(name)) delete viewers[name];
    result.viewers = Object.fromEntries(
      Object.entries(viewers).map(([k, v]) => [
        k,
        { userId: v.viewer.userId, departmentPath: v.viewer.departmentPath, customers: v.customers },
      ]),
    );
    const context = (viewer: StaffViewer): ServiceContext => ({ em: orm.em.fork(), viewer, config, now: () => new Date() });
    t = performance.now();
    const population = await new ScoringService(context(Object.values(viewers)[0].viewer)).population();
    result.populationMs = ms(t);
    const today = calendarDayIn(new Date(), timeZone);
    const quarter = lastQuarter(today);
    result.quarter = quarter;

    const neg = `{${[...population.profitPercentiles]
      .reverse()
      .map((c) => new Decimal(c).neg().toString())
      .join(',')}}`;
    const cuts = population.valueCuts!;
    const handTiers = (viewer: StaffViewer) => {
      const scope = viewer.departmentPath
        ? ` and (c.owner_id = $7 or c.department_id = any(array(select d.id from department d where d.path like $6 || '%')))`
        : '';
      const sql = `select case when x.sc > $3 then 'VIP' when x.sc > $4 then 'MAJOR' when x.sc > $5 then 'ORDINARY' else 'SMALL' end as key, count(*)::int as n
          from (select ${SCORE} as sc ${FACTS.replace('from customer c', 'from (select $2::numeric[] as neg) pc cross join customer c')}${scope}) x group by 1`;
      const params: unknown[] = [today, neg, cuts.vip, cuts.major, cuts.ordinary];
      if (viewer.departmentPath) params.push(viewer.departmentPath, viewer.userId);
      return { sql, params };
    };
    const handMoves = (viewer: StaffViewer, byDepartment: boolean) => {
      const scope = viewer.departmentPath
        ? ` and (c.owner_id = $4 or c.department_id = any(array(select d.id from department d where d.path like $3 || '%')))`
        : '';
      const sql = `select t.from_stage, t.to_stage, ${byDepartment ? 'c.department_id' : 'null::int'} as g, count(*)::int as n
          from lifecycle_transition t join customer c on c.id = t.customer_id
         where t."on" between $1::date and $2::date and c.archived_at is null${scope} group by 1, 2, 3`;
      return { sql, params: [quarter.since, quarter.until, ...(viewer.departmentPath ? [viewer.departmentPath, viewer.userId] : [])] };
    };
    const key = (rows: Array<Record<string, unknown>>) => JSON.stringify(rows.map((r) => Object.values(r).map(String).join('|')).sort());

    const questions: Record<string, { api: number[]; handWritten: number[]; same?: boolean; answer?: unknown }> = {};
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, { viewer }] of Object.entries(viewers)) {
        const tiers = (questions[`${name}ValueTiers`] ??= { api: [], handWritten: [] });
        t = performance.now();
        const d = await new CustomerDistributionService(context(viewer), new ScoringService(context(viewer))).distribution({
          by: 'VALUE_TIER',
          filter: null,
          locale: 'en',
        });
        tiers.api.push(ms(t));
        const hand = handTiers(viewer);
        t = performance.now();
        const rows = await query<{ key: string; n: number }>(server.url, hand.sql, hand.params);
        tiers.handWritten.push(ms(t));
        const api = d.buckets.filter((b) => b.count > 0).map((b) => ({ key: b.key, n: b.count }));
        tiers.same = key(api) === key(rows);
        tiers.answer = { api, handWritten: rows };

        for (const byDepartment of [false, true]) {
          const moves = (questions[`${name}QuarterMoves${byDepartment ? 'ByDepartment' : ''}`] ??= { api: [], handWritten: [] });
          t = performance.now();
          const service = new LifecycleTransitionQueryService(context(viewer), new ScoringService(context(viewer)));
          const r = await service.report({ ...quarter, from: [], to: [], groupBy: byDepartment ? 'DEPARTMENT' : 'NONE' });
          moves.api.push(ms(t));
          const h = handMoves(viewer, byDepartment);
          t = performance.now();
          const handRows = await query<Record<string, unknown>>(server.url, h.sql, h.params);
          moves.handWritten.push(ms(t));
          moves.same = key(r.rows.map((x) => ({ from: x.from, to: x.to, g: x.groupId, n: x.count }))) === key(handRows);
          moves.answer = byDepartment
            ? { rows: r.rows.length, total: r.total }
            : { total: r.total, rows: r.rows.map((x) => `${x.from}→${x.to} ${x.count}`) };
        }
      }
      log.info(
        {
          round,
          questions: Object.fromEntries(
            Object.entries(questions).map(([k, q]) => [k, { api: q.api, handWritten: q.handWritten, same: q.same }]),
          ),
        },
        'round',
      );
    }
    result.questions = Object.fromEntries(
      Object.entries(questions).map(([k, q]) => [
        k,
        {
          ...q,
          apiMedianMs: median(q.api),
          handWrittenMedianMs: median(q.handWritten),
          apiOverHand: median(q.api) / Math.max(1, median(q.handWritten)),
        },
      ]),
    );
    const file = path.join(
      process.cwd(),
      'bench',
      'results',
      `distribution-${new Date().toISOString().slice(0, 10)}-${server.database}${only ? `-only-${only.join('-')}` : ''}.json`,
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
