import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { MikroORM } from '@mikro-orm/postgresql';
import pino from 'pino';
import { loadConfig } from '../src/config';
import { ormOptions } from '../src/db/orm.config';
import type { Viewer } from '../src/domain/access/viewer';
import { InquiryReportService, type InquiryReportCommand } from '../src/services/inquiry-report.service';
import type { ServiceContext } from '../src/services/service-context';
import { query, startBenchServer } from './harness/bench-database';

/**
 * `npm run build && node dist/bench/inquiry-report.js` (with BENCH_DATABASE=bench_1m and the
 * server's DATABASE_URL or BENCH_PG_DATA_DIR/BENCH_PG_PORT for the 944,000 inquiries):
 * `inquiryReport` (issue 14 item 3) against a hand-written statement answering the same
 * question in the same run, BENCH_ROUNDS rounds (default 5) interleaved, medians:
 * "an inquiry month": the last full month before the last inquiry, company-wide (an admin),
 *   - MONTH_BY_STATUS: grouped by status;
 *   - MONTH_BY_SALESPERSON: grouped by salesperson (with the salesperson's name);
 *   - MONTH_TOTALS: no dimension;
 * each with won / lost / open, first-response median and p90 (percentile_disc), answered in
 * time, repeat orders and the top 10 lost reasons. Goal ≤ 1.2× the hand-written statement.
 * The service path is what the resolver calls (the GraphQL layer adds only the mapping).
 * Both answers' totals are compared. Writes bench/results/inquiry-report-<date>-<database>.json.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS || 5);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

/** The hand-written answer: one pass over the month's inquiries, the total as a grouping set, the lost reasons beside. */
function handWritten(from: string, to: string, key: 'status' | 'salesperson_id' | null, timeZone: string, now: Date) {
  const group = key ? `group by grouping sets ((${key}), ())` : '';
  const label = key === 'salesperson_id' ? `, (select u.name from app_user u where u.id = g.k) as name` : '';
  return `
    with x as materialized (
      select status, salesperson_id, repeat_order, lost_reason, extract(epoch from first_responded_at - received_at) as s,
             first_responded_at <= response_due_at as in_time,
             status in ('NEW', 'QUOTED', 'NEGOTIATING') and first_responded_at is null and response_due_at >= '${now.toISOString()}' as awaiting
        from inquiry
       where received_at >= ('${from}'::timestamp at time zone '${timeZone}') and received_at < (('${to}'::date + 1)::timestamp at time zone '${timeZone}')),
    g as (
      select ${key ? `grouping(${key}) = 1` : 'true'} as is_total, ${key ?? 'null::int'} as k, count(*) as total,
             count(*) filter (where status = 'WON') as won, count(*) filter (where status = 'LOST') as lost,
             count(*) filter (where status in ('NEW', 'QUOTED', 'NEGOTIATING')) as open, count(s) as answered,
             count(*) filter (where in_time) as in_time, count(*) filter (where awaiting) as awaiting, count(*) filter (where repeat_order) as repeats,
             percentile_disc(0.5) within group (order by s) as median_s, percentile_disc(0.9) within group (order by s) as p90_s
        from x ${group}),
    r as (
      select lower(btrim(lost_reason)) as reason, count(*) as n from x where status = 'LOST' group by 1 order by n desc, 1 limit 10)
    select g.*${label}, case when g.is_total then (select json_agg(r order by n desc, reason) from r) end as reasons from g`;
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
    const [span] = await query<{ last: string; inquiries: number }>(
      server.url,
      `select (max(received_at) at time zone $1)::date::text as last, count(*)::int as inquiries from inquiry`,
      [tz],
    );
    // The last full month before the month of the last inquiry.
    const [month] = await query<{ from: string; to: string; label: string }>(
      server.url,
      `select (date_trunc('month', $1::date::timestamp) - interval '1 month')::date::text as from, (date_trunc('month', $1::date::timestamp)::date - 1)::text as to,
              to_char(date_trunc('month', $1::date::timestamp) - interval '1 month', 'YYYY-MM') as label`,
      [span.last],
    );
    const [count] = await query<{ n: number }>(
      server.url,
      `select count(*)::int as n from inquiry where received_at >= ($1::date::timestamp at time zone $3) and received_at < (($2::date + 1)::timestamp at time zone $3)`,
      [month.from, month.to, tz],
    );
    result.dataset = { ...span, month: month.label, monthInquiries: count.n };
    const [admin] = await query<{ id: number }>(server.url, `select id from app_user where role = 'ADMIN' and active order by id limit 1`);
    const viewer: Viewer = { kind: 'staff', userId: admin.id, role: 'ADMIN', departmentId: null, departmentPath: null };
    const now = new Date();
    const service = () => new InquiryReportService({ em: orm.em.fork(), viewer, config, now: () => now } satisfies ServiceContext);

    const command = (groupBy: InquiryReportCommand['groupBy']): InquiryReportCommand => ({
      period: { month: month.label },
      groupBy,
      filter: {},
      lostReasonLimit: 10,
    });
    const scenarios: Record<string, { command: InquiryReportCommand; hand: string }> = {
      MONTH_BY_STATUS: { command: command(['STATUS']), hand: handWritten(month.from, month.to, 'status', tz, now) },
      MONTH_BY_SALESPERSON: { command: command(['SALESPERSON']), hand: handWritten(month.from, month.to, 'salesperson_id', tz, now) },
      MONTH_TOTALS: { command: command([]), hand: handWritten(month.from, month.to, null, tz, now) },
    };
    const measured: Record<string, unknown> = {};
    for (const [name, s] of Object.entries(scenarios)) {
      const api: number[] = [];
      const hand: number[] = [];
      let answer: Record<string, unknown> = {};
      let handAnswer: Record<string, unknown> = {};
      for (let round = 0; round < ROUNDS; round++) {
        let t = performance.now();
        const report = await service().report(s.command);
        api.push(performance.now() - t);
        const f = report.figures;
        answer = {
          total: f.total,
          won: f.won,
          lost: f.lost,
          answeredInTime: f.answeredInTime,
          median: f.firstResponseMedianMinutes,
          p90: f.firstResponseP90Minutes,
          rows: report.rows.length,
          topReason: report.lostReasons[0]?.count ?? null,
        };
        t = performance.now();
        const rows = await query<Record<string, unknown>>(server.url, s.hand);
        hand.push(performance.now() - t);
        const total = rows.find((r) => r.is_total)!;
        const minutes = (v: unknown) => (v == null ? null : (Math.round((Number(v) / 60) * 100) / 100).toFixed(2));
        handAnswer = {
          total: Number(total.total),
          won: Number(total.won),
          lost: Number(total.lost),
          answeredInTime: Number(total.in_time),
          median: minutes(total.median_s),
          p90: minutes(total.p90_s),
          rows: rows.length - 1,
          topReason: (total.reasons as Array<{ n: number }> | null)?.[0]?.n ?? null,
        };
      }
      const entry = {
        apiMs: Math.round(median(api)),
        handWrittenMs: Math.round(median(hand)),
        ratio: Number((median(api) / median(hand)).toFixed(2)),
        apiRoundsMs: api.map(Math.round),
        handRoundsMs: hand.map(Math.round),
        sameAnswer: JSON.stringify(answer) === JSON.stringify({ ...handAnswer, rows: s.command.groupBy.length ? handAnswer.rows : 0 }),
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
      `inquiry-report-${new Date().toISOString().slice(0, 10)}-${server.database}.json`,
    );
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    log.info({ file }, 'written');
  } finally {
    await orm.close();
    await server.embedded?.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
