import { rmSync } from 'node:fs';
import { adminQuery } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const adminUrl = process.env.TEST_PG_ADMIN_URL;
  const template = process.env.TEST_PG_TEMPLATE;
  if (adminUrl && template) {
    // Leftover clones (a crashed file) and the template itself.
    const { Client } = await import('pg');
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    const { rows } = await client.query<{ datname: string }>('select datname from pg_database where datname like $1', [`${template}%`]);
    await client.end();
    for (const { datname } of rows) await adminQuery(adminUrl, `drop database if exists "${datname}" with (force)`);
  }
  const pg = (globalThis as Record<string, unknown>).__EMBEDDED_PG__ as { stop(): Promise<void> } | undefined;
  await pg?.stop();
  const home = (globalThis as Record<string, unknown>).__EMBEDDED_PG_HOME__ as string | undefined;
  if (home) rmSync(home, { recursive: true, force: true });
}
