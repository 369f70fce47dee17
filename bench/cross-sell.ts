import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { MikroORM } from '@mikro-orm/postgresql';
import { execute, parse } from 'graphql';
import { Client } from 'pg';
import pino from 'pino';
import { loadConfig } from '../src/config';
import { ormOptions } from '../src/db/orm.config';
import type { StaffViewer } from '../src/domain/access/viewer';
import { calendarDayIn } from '../src/domain/common/calendar';
import { buildContext } from '../src/resolvers/context';
import { buildSchema } from '../src/schema/build-schema';
import { localIdOf, toGlobalId } from '../src/schema/global-id';
import { refreshAssociations } from '../src/services/cross-sell.service';
import { readReminderState } from '../src/services/reminder-settings.service';
import { startBenchServer } from './harness/bench-database';
import { handWrittenSuggestionsSql } from './cross-sell.hand-written';

/**
 * `npm run build && node dist/bench/cross-sell.js` (DATABASE_URL=postgres://…:54331/postgres
 * BENCH_DATABASE=bench_1m for the 1,000,000 customers): cross-sell (issue 14 item 5).
 *
 * Applies this area's migration only (additive), then:
 *   - the refresh (the nightly job's SQL: baskets, rules, atomic replace), BENCH_REFRESHES times
 *     (default 2), at CROSS_SELL_MIN_SUPPORT;
 *   - `customer.productSuggestions(first: 10)` for BENCH_CUSTOMERS customers with completed
 *     orders (default 50, a fixed sample), each as its own GraphQL request through the schema,
 *     resolvers, loaders and service as an admin (the API path, without HTTP), against the
 *     hand-written statement (bench/cross-sell.hand-written.ts) on its own connection, in the
 *     same run, interleaved; goal ≤ 50 ms per customer. Both answers are compared.
 * Writes bench/results/cross-sell-<date>-<database>.json.
 */
const REFRESHES = Number(process.env.BENCH_REFRESHES || 2);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS || 50);
const MIGRATION = 'Migration20261206130000ProductAssociations';
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const pct = (values: number[], p: number) => sorted(values)[Math.min(values.length - 1, Math.floor((values.length - 1) * p))];
const round1 = (x: number) => Math.round(x * 10) / 10;

const QUERY = parse(
  `query($id: ID!) { customer(id: $id) { productSuggestions(first: 10) { nodes { product { id name } basedOn { id } score lift repurchaseDueOn reason(locale: "en") } } } }`,
);

async function main(): Promise<void> {
  const server = await startBenchServer();
  const config = loadConfig({ ...process.env, NODE_ENV: 'production', SCHEDULER_ENABLED: 'false' });
  const orm = await MikroORM.init(ormOptions(server.url, config.db));
  const log = pino({ level: 'info' });
  const hand = new Client({ connectionString: server.url });
  await hand.connect();
  const result: Record<string, unknown> = {
    database: server.database,
    date: new Date().toISOString(),
    minSupport: config.crossSellMinSupport,
  };
  try {
    let t = performance.now();
    const pending = (await orm.getMigrator().getPendingMigrations()).map((m) => m.name);
    const applied = pending.includes(MIGRATION) ? (await orm.getMigrator().up({ migrations: [MIGRATION] })).map((m) => m.name) : [];
    result.migration = { applied, ms: Math.round(performance.now() - t) };
    const [counts] = (
      await hand.query(
        `select (select count(*) from customer)::int as customers, (select count(*) from sales_order where status = 'COMPLETED')::int as completed_orders,
                (select count(*) from order_line)::int as order_lines, (select count(*) from product)::int as products`,
      )
    ).rows;
    result.dataset = counts;
    log.info(result, 'prepared');

    const refreshes: Array<Record<string, unknown>> = [];
    for (let i = 0; i < REFRESHES; i++) {
      t = performance.now();
      const run = await refreshAssociations(orm.em.fork(), {
        trigger: 'ON_DEMAND',
        minSupport: config.crossSellMinSupport,
        byUserId: null,
        now: new Date(),
      });
      refreshes.push({
        ms: Math.round(performance.now() - t),
        durationMs: run.durationMs,
        population: run.population,
        products: run.productCount,
        rules: run.ruleCount,
      });
      log.info(refreshes[i], 'refresh');
    }
    result.refresh = {
      runs: refreshes,
      medianMs: pct(
        refreshes.map((r) => r.ms as number),
        0.5,
      ),
    };

    const [adminRow] = (await hand.query(`select id from app_user where role = 'ADMIN' and active order by id limit 1`)).rows;
    const viewer: StaffViewer = { kind: 'staff', userId: adminRow.id, role: 'ADMIN', departmentId: null, departmentPath: null };
    // A fixed sample of buyers: every (buyers / CUSTOMERS)-th customer with a completed order, by id.
    const sample: number[] = (
      await hand.query(
        `with buyers as (select distinct customer_id from sales_order where status = 'COMPLETED'),
              numbered as (select customer_id, row_number() over (order by customer_id) as n, count(*) over () as total from buyers)
         select customer_id as id from numbered where n % greatest(1, total / $1) = 0 order by id limit $1`,
        [CUSTOMERS],
      )
    ).rows.map((r) => r.id as number);
    const schema = buildSchema();
    const warningDays = (await readReminderState(orm.em.fork())).settings.rules.PRODUCT_USED_UP.warningDays;
    const handSql = handWrittenSuggestionsSql(config.companyTimeZone, calendarDayIn(new Date(), config.companyTimeZone), warningDays);
    const api: number[] = [];
    const handMs: number[] = [];
    let same = 0;
    let withSuggestions = 0;
    const examples: unknown[] = [];
    // One warm-up request (schema, metadata, JIT) not counted.
    for (const [i, customerId] of [sample[0], ...sample].entries()) {
      t = performance.now();
      const ctx = buildContext({ em: orm.em.fork(), viewer, config, requestId: `bench-${i}`, locale: 'en', log });
      const res = await execute({ schema, document: QUERY, variableValues: { id: toGlobalId('Customer', customerId) }, contextValue: ctx });
      const apiTime = performance.now() - t;
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      const nodes = (
        res.data as {
          customer: { productSuggestions: { nodes: Array<{ product: { id: string; name: string }; reason: string; score: number }> } };
        }
      ).customer.productSuggestions.nodes;
      t = performance.now();
      const rows = (await hand.query(handSql.sql, handSql.params(customerId, 10))).rows;
      const handTime = performance.now() - t;
      if (i === 0) continue;
      api.push(apiTime);
      handMs.push(handTime);
      const apiIds = nodes.map((n) => localIdOf(n.product.id, 'Product'));
      if (JSON.stringify(apiIds) === JSON.stringify(rows.map((r) => r.product_id))) same++;
      if (nodes.length) withSuggestions++;
      if (examples.length < 2 && nodes.length)
        examples.push({
          customerId,
          suggestions: nodes.slice(0, 3).map((n) => ({ product: n.product.name, score: n.score, reason: n.reason })),
        });
    }
    result.suggestions = {
      customers: api.length,
      withSuggestions,
      sameAnswer: same,
      apiMs: { median: round1(pct(api, 0.5)), p90: round1(pct(api, 0.9)), max: round1(Math.max(...api)) },
      handWrittenMs: { median: round1(pct(handMs, 0.5)), p90: round1(pct(handMs, 0.9)), max: round1(Math.max(...handMs)) },
      ratio: round1(pct(api, 0.5) / pct(handMs, 0.5)),
      goalMs: 50,
      goalMet: pct(api, 0.9) <= 50,
      examples,
    };
    const file = path.join(
      process.cwd(),
      'bench',
      'results',
      `cross-sell-${new Date().toISOString().slice(0, 10)}-${server.database}.json`,
    );
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    log.info({ file, refresh: result.refresh, suggestions: result.suggestions }, 'written');
  } finally {
    await hand.end();
    await orm.close(true);
    await server.embedded?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
