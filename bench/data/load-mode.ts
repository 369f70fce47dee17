import type { Client } from 'pg';

/** The tables filled in bulk: their secondary indexes are built once, after the load. */
const BULK_TABLES = [
  'customer',
  'customer_assignment',
  'sales_order',
  'order_line',
  'payment',
  'follow_up',
  'inquiry',
  'service_case',
  'customer_stats',
];

interface Deferred {
  /** Statements that put back what was dropped, in order: indexes, unique constraints, foreign keys. */
  restore: Array<{ table: string; name: string; sql: string }>;
}

/**
 * Drops every foreign key of the schema and the secondary indexes and unique constraints of
 * the bulk tables, remembering their exact definitions (pg_get_indexdef /
 * pg_get_constraintdef) as pg_restore does. Loading without them is several times faster;
 * `restoreDeferred` then builds each index in one pass and validates each foreign key in
 * one join, so the loaded data is checked against every constraint of the migrations.
 */
export async function deferConstraints(client: Client): Promise<Deferred> {
  const fks = (
    await client.query<{ table: string; name: string; def: string }>(
      `select conrelid::regclass::text as table, conname as name, pg_get_constraintdef(oid) as def
         from pg_constraint where contype = 'f' and connamespace = 'public'::regnamespace order by conrelid::regclass::text, conname`,
    )
  ).rows;
  const uniques = (
    await client.query<{ table: string; name: string; def: string }>(
      `select conrelid::regclass::text as table, conname as name, pg_get_constraintdef(oid) as def
         from pg_constraint where contype = 'u' and conrelid::regclass::text = any($1) order by 1, 2`,
      [BULK_TABLES],
    )
  ).rows;
  const indexes = (
    await client.query<{ table: string; name: string; def: string }>(
      `select t.relname as table, ic.relname as name, pg_get_indexdef(i.indexrelid) as def
         from pg_index i join pg_class t on t.oid = i.indrelid join pg_class ic on ic.oid = i.indexrelid
        where t.relname = any($1) and t.relnamespace = 'public'::regnamespace and not i.indisprimary
          and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
        order by 1, 2`,
      [BULK_TABLES],
    )
  ).rows;
  for (const fk of fks) await client.query(`alter table ${fk.table} drop constraint "${fk.name}"`);
  for (const u of uniques) await client.query(`alter table ${u.table} drop constraint "${u.name}"`);
  for (const ix of indexes) await client.query(`drop index "${ix.name}"`);
  return {
    restore: [
      ...indexes.map((ix) => ({ table: ix.table, name: ix.name, sql: ix.def })),
      ...uniques.map((u) => ({ table: u.table, name: u.name, sql: `alter table ${u.table} add constraint "${u.name}" ${u.def}` })),
      ...fks.map((fk) => ({ table: fk.table, name: fk.name, sql: `alter table ${fk.table} add constraint "${fk.name}" ${fk.def}` })),
    ],
  };
}

export async function restoreDeferred(client: Client, deferred: Deferred): Promise<number> {
  for (const item of deferred.restore) {
    const started = Date.now();
    await client.query(item.sql);
    if (process.env.BENCH_DEBUG) console.log(`    ${item.name} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return deferred.restore.length;
}
