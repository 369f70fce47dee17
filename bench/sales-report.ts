import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { MikroORM } from '@mikro-orm/postgresql';
import pino from 'pino';
import { loadConfig } from '../src/config';
import { ormOptions } from '../src/db/orm.config';
import type { Viewer } from '../src/domain/access/viewer';
import { SalesReportService, type SalesReportCommand } from '../src/services/sales-report.service';
import type { ServiceContext } from '../src/services/service-context';
import { query, startBenchServer } from './harness/bench-database';

/**
 * `npm run build && node dist/bench/sales-report.js` (with BENCH_DATABASE=bench_1m and the
 * server's DATABASE_URL or BENCH_PG_DATA_DIR/BENCH_PG_PORT for the 1,000,000 customers):
 * `salesReport` (issue 14 item 2) against a hand-written statement answering the same question
 * in the same run, BENCH_ROUNDS rounds (default 3) interleaved, medians:
 *   - YEAR_BY_DEPARTMENT: the last full year by top-level department by month, with the previous
 *     period (= the year before) — goal ≤ 1.2× the hand-written statement; and the same with
 *     units (the lines read: 7.2M of them on bench_1m);
 *   - WEEK_BY_SALESPERSON: last week by salesperson against the week before and 52 weeks earlier,
 *     for the company (an admin).
 * The service path is what the resolver calls (the GraphQL layer adds only the mapping).
 * Both answers' totals are compared. Writes bench/results/sales-report-<date>-<database>.json.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

/**
 * The hand-written answer: the same figures, with the department roll-up and the ranges written
 * out; order by order from the stored totals, or line by line when units are asked; distinct
 * customers counted per customer first (the way an expert writes it on a million customers).
 */
function handWritten(
  ranges: Array<{ from: string; to: string }>,
  trunc: string,
  dimension: 'DEPARTMENT' | 'SALESPERSON',
  timeZone: string,
  lines: boolean,
) {
  const key = dimension === 'DEPARTMENT' ? `dk.k` : `e.salesperson_id`;
  const join = dimension === 'DEPARTMENT' ? `left join dk on dk.id = e.salesperson_id` : '';
  const values = ranges.map((r, i) => `(${i}, date '${r.from}', date '${r.to}')`).join(', ');
  const entry = (column: string, sign: number, status: string) => `
      select rg.r, rg.f, (o.${column} at time zone '${timeZone}')::date as day, ${sign} as sign, o.id, o.customer_id, o.salesperson_id, o.total, o.cost_total
        from rg join sales_order o on o.${column} >= (rg.f::timestamp at time zone '${timeZone}') and o.${column} < ((rg.t + 1)::timestamp at time zone '${timeZone}')
       where o.status ${status}`;
  const figures = lines
    ? `sum(e.sign * l.line_total) as amount, sum(e.sign * (l.line_total - round(l.quantity * l.unit_cost, 2))) as profit, sum(e.sign * l.quantity) as units,
       count(distinct e.id) filter (where e.sign = 1) as orders`
    : `sum(e.sign * e.total) as amount, sum(e.sign * (e.total - e.cost_total)) as profit, null::numeric as units, count(*) filter (where e.sign = 1) as orders`;
  return `
    with rg(r, f, t) as (values ${values}),
    e as (${entry('ordered_at', 1, "in ('COMPLETED', 'REFUNDED')")}
      union all${entry('refunded_at', -1, "= 'REFUNDED'")}),
    dk as (select u.id, (string_to_array(trim(both '/' from d.path), '/')::int[])[1] as k from app_user u join department d on d.id = u.department_id),
    a as (
      select e.r, greatest(date_trunc('${trunc}', e.day::timestamp)::date, e.f) as bucket, ${key} as k, e.customer_id, ${figures}, bool_or(e.sign = 1) as bought
        from e ${join}${lines ? ' join order_line l on l.order_id = e.id' : ''}
       group by grouping sets ((e.r, bucket, ${key}, e.customer_id), (e.r, e.customer_id)))
    select r, bucket, k, sum(amount) as amount, sum(profit) as profit, sum(units) as units, sum(orders) as orders, count(*) filter (where bought) as customers
      from a group by r, bucket, k`;
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
  const tz = config.companyTimeZone;
  const result: Record<string, unknown> = { database: server.database, date: new Date().toISOString(), rounds: ROUNDS };
  try {
    const [span] = await query<{ last: string; orders: number; lines: number }>(
      server.url,
      `select max(ordered_at)::date::text as last, (select count(*) from sales_order)::int as orders, (select count(*) from order_line)::int as lines from sales_order`,
    );
    const lastYear = Number(span.last.slice(0, 4)) - 1;
    result.dataset = span;
    const [admin] = await query<{ id: number }>(server.url, `select id from app_user where role = 'ADMIN' and active order by id limit 1`);
    const viewer: Viewer = { kind: 'staff', userId: admin.id, role: 'ADMIN', departmentId: null, departmentPath: null };
    const service = () => new SalesReportService({ em: orm.em.fork(), viewer, config, now: () => new Date() } satisfies ServiceContext);

    // Last week: the Monday-to-Sunday week before the one of the last order.
    const [week] = await query<{ from: string; to: string }>(
      server.url,
      `select (date_trunc('week', $1::date::timestamp)::date - 7)::text as from, (date_trunc('week', $1::date::timestamp)::date - 1)::text as to`,
      [span.last],
    );
    const years = [
      { from: `${lastYear}-01-01`, to: `${lastYear}-12-31` },
      { from: `${lastYear - 1}-01-01`, to: `${lastYear - 1}-12-31` },
    ];
    const scenarios: Record<string, { command: SalesReportCommand; hand: string }> = {
      YEAR_BY_DEPARTMENT: {
        command: {
          period: { year: lastYear },
          granularity: 'MONTH',
          groupBy: ['DEPARTMENT'],
          compare: ['PREVIOUS_PERIOD', 'YEAR_BEFORE'],
          departmentRootId: null,
          filter: {},
          withUnits: false,
        },
        hand: handWritten(years, 'month', 'DEPARTMENT', tz, false),
      },
      YEAR_BY_DEPARTMENT_WITH_UNITS: {
        command: {
          period: { year: lastYear },
          granularity: 'MONTH',
          groupBy: ['DEPARTMENT'],
          compare: ['PREVIOUS_PERIOD', 'YEAR_BEFORE'],
          departmentRootId: null,
          filter: {},
          withUnits: true,
        },
        hand: handWritten(years, 'month', 'DEPARTMENT', tz, true),
      },
      WEEK_BY_SALESPERSON: {
        command: {
          period: { from: week.from, to: week.to },
          granularity: 'WEEK',
          groupBy: ['SALESPERSON'],
          compare: ['PREVIOUS_PERIOD', 'YEAR_BEFORE'],
          departmentRootId: null,
          filter: {},
          withUnits: false,
        },
        hand: handWritten(
          [
            { from: week.from, to: week.to },
            { from: shift(week.from, -7), to: shift(week.to, -7) },
            { from: shift(week.from, -364), to: shift(week.to, -364) },
          ],
          'week',
          'SALESPERSON',
          tz,
          false,
        ),
      },
    };
    const measured: Record<string, unknown> = {};
    for (const [name, s] of Object.entries(scenarios)) {
      const api: number[] = [];
      const hand: number[] = [];
      let answer: { amount: string; orders: number; rows: number } | null = null;
      let handAnswer: { amount: string; orders: number } | null = null;
      for (let round = 0; round < ROUNDS; round++) {
        let t = performance.now();
        const report = await service().report(s.command);
        api.push(performance.now() - t);
        answer = { amount: report.totals.amount, orders: report.totals.orderCount, rows: report.rows.length };
        t = performance.now();
        const rows = await query<{ r: number; bucket: string | null; amount: string; orders: number }>(server.url, s.hand);
        hand.push(performance.now() - t);
        const total = rows.find((r) => r.r === 0 && r.bucket === null)!;
        handAnswer = { amount: String(total.amount), orders: Number(total.orders) };
      }
      const entry = {
        apiMs: Math.round(median(api)),
        handWrittenMs: Math.round(median(hand)),
        ratio: Number((median(api) / median(hand)).toFixed(2)),
        sameTotals: answer!.amount === handAnswer!.amount && answer!.orders === handAnswer!.orders,
        answer,
        handAnswer,
      };
      measured[name] = entry;
      log.info({ scenario: name, ...entry }, 'measured');
    }
    result.scenarios = measured;
    const file = path.join(
      process.cwd(),
      'bench',
      'results',
      `sales-report-${new Date().toISOString().slice(0, 10)}-${server.database}.json`,
    );
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    log.info({ file }, 'written');
  } finally {
    await orm.close();
    await server.embedded?.stop();
  }
}

function shift(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
