import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { startBenchServer } from './harness/bench-database';

/**
 * `npm run build && node dist/bench/scaling.js` (with the `bench_1m` variables of bench/README.md):
 * the figures docs/scaling.md quotes about a move to a distributed PostgreSQL, read from the
 * benchmark database and changing nothing in it:
 * - every table's rows (exact counts), heap, index and total size;
 * - how the rows spread over customers (orders, order lines, follow-ups per customer) and how
 *   customers spread over owners and departments (what a salesperson's or a manager's page
 *   would touch once rows are placed by customer);
 * - whether the order a payment, an inquiry or a service case names belongs to the same
 *   customer (what a foreign key on (customer_id, order_id) needs);
 * - the cost of the first schema steps on this data, each in a transaction that is rolled
 *   back: the unique index `sales_order (customer_id, id)`, the composite foreign keys checked
 *   over the existing rows, and a copy of `order_line` with its order's `customer_id`
 *   (a temporary table: no WAL, no bloat left behind).
 * Writes bench/results/scaling-<date>-<database>.json. Does not apply migrations.
 */
async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: Math.round(performance.now() - start), value };
}

async function main(): Promise<void> {
  const server = await startBenchServer();
  const client = new Client({ connectionString: server.url });
  await client.connect();
  const q = async <T = Record<string, unknown>>(text: string): Promise<T[]> => (await client.query(text)).rows as T[];
  const result: Record<string, unknown> = { database: server.database, date: new Date().toISOString() };
  try {
    await q(`set statement_timeout = 0`);
    const [version] = await q<{ server_version: string }>(`show server_version`);
    result.postgres = version.server_version;
    result.migrations = (await q<{ name: string }>(`select name from mikro_orm_migrations order by id`)).map((m) => m.name);
    const [db] = await q<{ bytes: string }>(`select pg_database_size(current_database())::text as bytes`);
    result.databaseBytes = Number(db.bytes);

    const tables = await q<{ table: string; heap: string; indexes: string; total: string }>(
      `select c.relname as table, pg_relation_size(c.oid)::text as heap, pg_indexes_size(c.oid)::text as indexes,
              pg_total_relation_size(c.oid)::text as total
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r' order by pg_total_relation_size(c.oid) desc`,
    );
    const rows: Array<Record<string, unknown>> = [];
    for (const t of tables) {
      const { ms, value } = await timed(() => q<{ n: string }>(`select count(*)::text as n from "${t.table}"`));
      rows.push({
        table: t.table,
        rows: Number(value[0].n),
        heapMB: mb(t.heap),
        indexesMB: mb(t.indexes),
        totalMB: mb(t.total),
        countMs: ms,
      });
      console.log(rows.at(-1));
    }
    result.tables = rows;
    result.indexes = await q(
      `select t.relname as table, i.relname as index, round(pg_relation_size(i.oid) / 1048576.0, 1)::float as mb, x.indisunique as unique
         from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid join pg_namespace n on n.oid = t.relnamespace
        where n.nspname = 'public' and t.relname in ('customer', 'sales_order', 'order_line', 'payment', 'follow_up', 'inquiry', 'service_case', 'customer_stats')
        order by t.relname, i.relname`,
    );

    // How rows spread over customers, and customers over owners and departments.
    const perCustomer = async (from: string) =>
      (
        await q(
          `select count(*)::int as customers, round(avg(n), 2)::float as avg,
                  percentile_disc(0.5) within group (order by n) as p50, percentile_disc(0.99) within group (order by n) as p99, max(n) as max
             from (${from}) x`,
        )
      )[0];
    result.spread = {
      ordersPerCustomer: await perCustomer(`select customer_id, count(*) as n from sales_order group by customer_id`),
      orderLinesPerCustomer: await perCustomer(
        `select o.customer_id, count(*) as n from order_line l join sales_order o on o.id = l.order_id group by o.customer_id`,
      ),
      followUpsPerCustomer: await perCustomer(`select customer_id, count(*) as n from follow_up group by customer_id`),
      activeCustomersPerOwner: await perCustomer(
        `select owner_id, count(*) as n from customer where archived_at is null and owner_id is not null group by owner_id`,
      ),
      activeCustomersPerDepartment: await perCustomer(
        `select department_id, count(*) as n from customer where archived_at is null and department_id is not null group by department_id`,
      ),
      activeCustomersWithoutOwner: (await q(`select count(*)::int as n from customer where archived_at is null and owner_id is null`))[0],
    };
    console.log(result.spread);

    // Records naming an order of another customer (a composite foreign key would refuse them).
    result.crossCustomerOrderReferences = (
      await q(
        `select (select count(*) from payment p join sales_order o on o.id = p.order_id where o.customer_id <> p.customer_id)::int as payments,
                (select count(*) from inquiry i join sales_order o on o.id = i.order_id where o.customer_id <> i.customer_id)::int as inquiries,
                (select count(*) from service_case s join sales_order o on o.id = s.order_id where o.customer_id <> s.customer_id)::int as service_cases,
                (select count(*) from inquiry where order_id is not null)::int as inquiries_with_order,
                (select count(*) from service_case where order_id is not null)::int as service_cases_with_order`,
      )
    )[0];
    console.log(result.crossCustomerOrderReferences);

    // The first schema steps, timed on this data and rolled back.
    const steps: Record<string, unknown> = {};
    await q(`begin`);
    try {
      steps.uniqueIndexMs = (await timed(() => q(`create unique index scaling_probe_idx on sales_order (customer_id, id)`))).ms;
      steps.uniqueIndexMB = mb((await q<{ b: string }>(`select pg_relation_size('scaling_probe_idx')::text as b`))[0].b);
      await q(`alter table sales_order add constraint scaling_probe_key unique using index scaling_probe_idx`);
      for (const table of ['payment', 'inquiry', 'service_case']) {
        steps[`${table}ForeignKeyMs`] = (
          await timed(() =>
            q(
              `alter table ${table} add constraint ${table}_scaling_probe_fk foreign key (customer_id, order_id)
                 references sales_order (customer_id, id) deferrable initially deferred`,
            ),
          )
        ).ms;
      }
      const copy = await timed(() =>
        q(
          `create temporary table order_line_probe as
             select l.*, o.customer_id from order_line l join sales_order o on o.id = l.order_id`,
        ),
      );
      steps.orderLineCopyWithCustomerMs = copy.ms;
      steps.orderLineCopyMB = mb((await q<{ b: string }>(`select pg_relation_size('order_line_probe')::text as b`))[0].b);
    } finally {
      await q(`rollback`);
    }
    result.steps = steps;
    console.log(steps);
  } finally {
    await client.end();
    await server.embedded?.stop();
  }
  const file = path.join(process.cwd(), 'bench', 'results', `scaling-${new Date().toISOString().slice(0, 10)}-${server.database}.json`);
  writeFileSync(file, JSON.stringify(result, null, 1) + '\n');
  console.log(`written ${file}`);
}

function mb(bytes: string): number {
  return Math.round((Number(bytes) / 1048576) * 10) / 10;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
