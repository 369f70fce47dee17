import { randomBytes } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { loadConfig } from '../../src/config';
import { withDatabase } from '../../src/db/database';
import { ormOptions } from '../../src/db/orm.config';

/** Set by the global setup: the server's maintenance URL and the migrated template database. */
export function testServer(): { adminUrl: string; template: string } {
  const adminUrl = process.env.TEST_PG_ADMIN_URL;
  const template = process.env.TEST_PG_TEMPLATE;
  if (!adminUrl || !template) throw new Error('the jest global setup did not run');
  return { adminUrl, template };
}

/** One statement on a connection of its own (none of the API's time-outs), e.g. a bulk load into a test database. */
export async function adminQuery(url: string, sql: string, params: unknown[] = []): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql, params);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  orm: MikroORM;
  url: string;
  /** The database's name on the test server. */
  name: string;
  drop(): Promise<void>;
}

/**
 * A fresh database cloned from the migrated template: every test file gets its own. `env` overrides settings (e.g. time-outs).
 * `from` clones another database of the test server instead (one nobody is connected to, e.g. a seeded demo).
 */
export async function createTestDatabase(env: Record<string, string> = {}, from?: string): Promise<TestDatabase> {
  const { adminUrl, template } = testServer();
  const name = `${template}_${randomBytes(4).toString('hex')}`;
  await adminQuery(adminUrl, `create database "${name}" template "${from ?? template}"${from ? ' strategy file_copy' : ''}`);
  const url = withDatabase(adminUrl, name);
  const orm = await MikroORM.init(ormOptions(url, loadConfig({ ...process.env, NODE_ENV: 'test', ...env }).db));
  return {
    orm,
    url,
    name,
    async drop() {
      await orm.close(true);
      await adminQuery(adminUrl, `drop database if exists "${name}" with (force)`);
    },
  };
}
