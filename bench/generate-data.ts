import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { loadConfig } from '../src/config';
import { factsBasisOf } from '../src/domain/scoring/facts-basis';
import { DEFAULT_SCORING_SETTINGS } from '../src/domain/scoring/scoring-settings';
import { ormOptions } from '../src/db/orm.config';
import { insertFollowUps, insertInquiries, insertServiceCases } from './data/activities';
import { createCustomers } from './data/customers';
import { refreshAllStats } from './data/figures';
import { deferConstraints, restoreDeferred } from './data/load-mode';
import { buildOrders, insertOrderLines, insertOrders, insertPayments, planOrders } from './data/orders';
import { createOrganisation } from './data/organisation';
import { SqlRandom, type GeneratorContext } from './data/sql';
import { verifyData } from './data/verify';
import { benchDatabaseName, startBenchServer } from './harness/bench-database';

/**
 * `npm run bench:data -- --customers 100000 [--seed 42] [--orders-per-customer 10] [--now ISO] [--database bench] [--jobs 2] [--no-verify]`
 *
 * (Re)creates the `bench` database (or `--database` / `BENCH_DATABASE`, e.g. `bench_1m`)
 * (DATABASE_URL's server, else the embedded cluster in .data/bench-postgres on port 54330,
 * or BENCH_PG_DATA_DIR / BENCH_PG_PORT — never the demo's), applies the migrations with the
 * application's migrator, and fills it set-based in SQL: the company scaled to the customer
 * count, customers in buying classes, orders with lines and payments, follow-ups, inquiries,
 * service cases, and every customer's figures by the application's own statement. The same
 * seed and anchor day give the same rows; the summary prints a fingerprint to compare.
 */
interface Options {
  customers: number;
  seed: number;
  ordersPerCustomer: number;
  now: string | null;
  verify: boolean;
  database: string;
  /** Sessions for the customer figures and the verification (the loading steps are single statements). */
  jobs: number;
}

const USAGE =
  'usage: npm run bench:data -- --customers N [--seed 42] [--orders-per-customer 10] [--now 2026-11-23T00:00:00+08:00] [--database bench] [--jobs 2] [--no-verify]';

function parseArgs(argv: string[]): Options {
  const options: Options = {
    customers: 0,
    seed: 42,
    ordersPerCustomer: 10,
    now: null,
    verify: true,
    database: benchDatabaseName(),
    jobs: 2,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value\n${USAGE}`);
      return v;
    };
    const integer = (v: string, min: number, max: number) => {
      if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max)
        throw new Error(`${arg} must be an integer in ${min}..${max}, got "${v}"`);
      return Number(v);
    };
    switch (arg) {
      case '--customers':
        options.customers = integer(value(), 1, 10_000_000);
        break;
      case '--seed':
        options.seed = integer(value(), 0, 2_147_483_647);
        break;
      case '--orders-per-customer': {
        const v = value();
        if (!/^\d+(\.\d+)?$/.test(v) || Number(v) <= 0 || Number(v) > 200)
          throw new Error(`--orders-per-customer must be a number in (0, 200], got "${v}"`);
        options.ordersPerCustomer = Number(v);
        break;
      }
      case '--now': {
        const v = value();
        if (Number.isNaN(Date.parse(v))) throw new Error(`--now must be an ISO-8601 time, got "${v}"`);
        options.now = new Date(v).toISOString();
        break;
      }
      case '--jobs':
        options.jobs = integer(value(), 1, 8);
        break;
      case '--database':
        options.database = benchDatabaseName(value());
        break;
      case '--no-verify':
        options.verify = false;
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
      default:
        throw new Error(`unknown argument "${arg}"\n${USAGE}`);
    }
  }
  if (!options.customers) throw new Error(`--customers is required\n${USAGE}`);
  return options;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const fmt = (n: number) => n.toLocaleString('en-US');

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const config = loadConfig();
  const started = performance.now();
  const timings: Array<{ step: string; ms: number }> = [];
  const step = async <T>(name: string, run: () => Promise<T>, describe?: (result: T) => string): Promise<T> => {
    const t0 = performance.now();
    process.stdout.write(`  ${name.padEnd(34, '.')} `);
    const result = await run();
    const ms = performance.now() - t0;
    timings.push({ step: name, ms });
    console.log(`${seconds(ms).padStart(8)}${describe ? `  ${describe(result)}` : ''}`);
    return result;
  };

  console.log(
    `bench:data — ${fmt(options.customers)} customers, seed ${options.seed}, ${options.ordersPerCustomer} orders per customer on average`,
  );
  const server = await step(
    'start PostgreSQL',
    () => startBenchServer(options.database),
    (s) => (s.embedded ? `embedded, port ${s.embedded.port}` : 'DATABASE_URL'),
  );
  const sessions: Client[] = [];
  try {
    await step(
      'recreate database',
      async () => {
        const admin = new Client({ connectionString: server.adminUrl });
        await admin.connect();
        try {
          await admin.query(`drop database if exists ${options.database} with (force)`);
          await admin.query(`create database ${options.database}`);
        } finally {
          await admin.end();
        }
      },
      () => `"${options.database}" on ${new URL(server.url).host}`,
    );
    await step(
      'migrations',
      async () => {
        const orm = await MikroORM.init(ormOptions(server.url, config.db));
        try {
          return (await orm.getMigrator().up()).length;
        } finally {
          await orm.close(true);
        }
      },
      (n) => `${n} applied`,
    );

    // Sessions: big sort/hash memory, temp tables in memory, no parallel plans (their row order
    // could vary), no commit flushes, no triggers. Index builds may still use parallel workers. The first
    // loads everything; the others join it for the figures and the verification.
    const session = async (name: string) => {
      const s = new Client({ connectionString: server.url, application_name: name });
      sessions.push(s);
      await s.connect();
      for (const setting of [
        `set synchronous_commit = off`,
        `set work_mem = '256MB'`,
        `set maintenance_work_mem = '1GB'`,
        `set temp_buffers = '512MB'`,
        `set max_parallel_workers_per_gather = 0`,
        `set synchronize_seqscans = off`,
        `set jit = off`,
        `set statement_timeout = 0`,
        `set timezone = 'UTC'`,
        // A generated dataset is nobody's change: no trigger fires (the change history's, the webhooks', and the foreign-key
        // checks: the rows are built from the ids just written). Superuser only, as the bench connects.
        `set session_replication_role = replica`,
      ]) {
        await s.query(setting);
      }
      return s;
    };
    const c = await session('bench-data');
    await c.query('select setseed($1)', [options.seed / 2_147_483_647]);
    const anchor =
      options.now ??
      new Date(
        (await c.query<{ t: Date }>(`select date_trunc('day', now() at time zone $1) at time zone $1 as t`, [config.companyTimeZone]))
          .rows[0].t,
      ).toISOString();
    console.log(`  anchor "now" ${anchor} (start of today in ${config.companyTimeZone} unless --now), time zone ${config.companyTimeZone}`);
    const ctx: GeneratorContext = {
      client: c,
      seed: options.seed,
      customers: options.customers,
      ordersPerCustomer: options.ordersPerCustomer,
      now: anchor,
      timeZone: config.companyTimeZone,
      rnd: new SqlRandom(options.seed),
    };

    const deferred = await step(
      'defer indexes and foreign keys',
      () => deferConstraints(c),
      (d) => `${d.restore.length} to rebuild`,
    );
    const org = await step(
      'organisation and catalogue',
      () => createOrganisation(ctx),
      (o) => `${o.departments} departments, ${o.stores} stores, ${o.users} users (${o.salespeople} salespeople), ${o.products} products`,
    );
    await step(
      'customers',
      () => createCustomers(ctx, org.products),
      (n) => `${fmt(n)} rows`,
    );
    await step('order plan', () => planOrders(ctx));
    await step('order figures', () => buildOrders(ctx, org.prices, org.costs));
    await step(
      'sales_order',
      () => insertOrders(ctx),
      (n) => `${fmt(n)} rows`,
    );
    await step(
      'order_line',
      () => insertOrderLines(ctx, org.prices, org.costs),
      (n) => `${fmt(n)} rows`,
    );
    await step(
      'payment',
      () => insertPayments(ctx),
      (n) => `${fmt(n)} rows`,
    );
    await step(
      'follow_up',
      () => insertFollowUps(ctx),
      (n) => `${fmt(n)} rows`,
    );
    await step(
      'inquiry',
      () => insertInquiries(ctx),
      (n) => `${fmt(n)} rows`,
    );
    await step(
      'service_case',
      () => insertServiceCases(ctx),
      (n) => `${fmt(n)} rows`,
    );
    await step('sequences', async () => {
      const { rows } = await c.query<{ table: string }>(
        `select table_name as table from information_schema.columns
          where table_schema = 'public' and column_name = 'id' and column_default like 'nextval(%' order by 1`,
      );
      for (const { table } of rows) {
        await c.query(`select setval(pg_get_serial_sequence('${table}', 'id'), coalesce(max(id), 1), max(id) is not null) from ${table}`);
      }
    });
    await c.query('drop table if exists t_ord, t_cplan, t_city_owner');
    await step(
      'indexes and foreign keys',
      () => restoreDeferred(c, deferred),
      (n) => `${n} rebuilt and validated`,
    );
    // Vacuum before the figures: hint bits and the visibility map set once, and statistics for the plans.
    await step('vacuum (freeze, analyze)', () => c.query('vacuum (freeze, analyze)'));
    for (let i = 1; i < options.jobs; i++) await session(`bench-data-${i + 1}`);
    // The facts basis of the default rules, as the API sets it at start-up, so the figures below
    // also store every customer's facts (the whole table: marked filled).
    const basis = factsBasisOf(DEFAULT_SCORING_SETTINGS, config.companyTimeZone);
    await c.query(
      `insert into customer_facts_basis (id, version, time_zone, window_days, growth_days, follow_up_days, updated_at, filled_at)
       values (1, 1, $1, $2, $3, $4, now(), now())`,
      [basis.timeZone, basis.windowDays, basis.growthDays, basis.followUpDays],
    );
    await step(
      'customer figures',
      () => refreshAllStats(sessions, anchor),
      (n) =>
        `${fmt(n)} customers (refreshCustomerStatsSql, 20,000 a statement, ${sessions.length} session${sessions.length > 1 ? 's' : ''})`,
    );
    await step('vacuum customer_stats', () => c.query('vacuum (freeze, analyze) customer_stats'));

    const verification = options.verify ? await step('verify', () => verifyData(sessions, config.companyTimeZone, anchor)) : null;
    const counts = (
      await c.query<{ table: string; rows: string }>(
        `select t as table, (xpath('/row/c/text()', query_to_xml('select count(*) as c from ' || t, false, true, '')))[1]::text as rows
           from unnest(array['department','store','app_user','product_category','product','customer','customer_assignment','sales_order',
                             'order_line','payment','follow_up','inquiry','service_case','customer_stats']) t`,
      )
    ).rows;
    const total = performance.now() - started;

    console.log('\nrows');
    for (const r of counts) console.log(`  ${r.table.padEnd(22)} ${fmt(Number(r.rows)).padStart(12)}`);
    const orders = Number(counts.find((r) => r.table === 'sales_order')!.rows);
    const lines = Number(counts.find((r) => r.table === 'order_line')!.rows);
    console.log(`  orders per customer ${(orders / options.customers).toFixed(2)}, lines per order ${(lines / orders).toFixed(2)}`);
    const classes = verification
      ? `  falling-trend customers ${fmt(verification.fallingCustomers)}, seasonal customers ${fmt(verification.seasonalCustomers)}`
      : '';
    if (classes) console.log(classes);
    if (verification) {
      console.log('\nchecks');
      console.log(`  (a) orders whose totals differ from their lines     ${verification.ordersNotMatchingLines}`);
      console.log(`      orders whose paid_total differs from payments   ${verification.ordersNotMatchingPayments}`);
      console.log(`  (b) customers whose figures differ from recompute  ${verification.statsMismatches}`);
      console.log(`      search_text ≠ searchTextOf (sample of ${verification.searchTextSample})     ${verification.searchTextMismatches}`);
      console.log(`  (c) fingerprint ${verification.fingerprints.all} (same seed and --now → same fingerprint)`);
      for (const [table, md5] of Object.entries(verification.fingerprints))
        if (table !== 'all') console.log(`      ${table.padEnd(20)} ${md5}`);
    }
    console.log(`\ndone in ${seconds(total)}`);
    if (
      verification &&
      (verification.ordersNotMatchingLines ||
        verification.ordersNotMatchingPayments ||
        verification.statsMismatches ||
        verification.searchTextMismatches)
    ) {
      process.exitCode = 1;
      console.error('verification FAILED');
    }
  } finally {
    for (const s of sessions) await s.end().catch(() => undefined);
    await server.embedded?.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  if (error instanceof Error && error.stack && !/^usage|needs a value|must be|unknown argument|is required/.test(error.message))
    console.error(error.stack);
  process.exit(1);
});
