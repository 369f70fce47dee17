import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig } from '../../src/config';
import { withDatabase } from '../../src/db/database';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { ormOptions } from '../../src/db/orm.config';
import { ensureCurrentFactsBasis } from '../../src/services/customer-facts.service';
import { freePort } from './ports';
import { adminQuery } from './test-database';

/**
 * Starts a throw-away embedded PostgreSQL (or uses DATABASE_URL), and migrates one template
 * database that every test file clones.
 */
export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const home = mkdtempSync(path.join(tmpdir(), 'customer-ops-test-'));
    const pg = await startEmbeddedPostgres({ dataDir: path.join(home, 'pg'), port: await freePort(), persistent: false });
    (globalThis as Record<string, unknown>).__EMBEDDED_PG__ = pg;
    // The teardown removes it once the cluster has stopped (the cluster removes only its own data directory).
    (globalThis as Record<string, unknown>).__EMBEDDED_PG_HOME__ = home;
    adminUrl = pg.url;
  }
  const template = `test_template_${process.pid}`;
  await adminQuery(adminUrl, `drop database if exists "${template}" with (force)`);
  await adminQuery(adminUrl, `create database "${template}"`);
  const orm = await MikroORM.init(ormOptions(withDatabase(adminUrl, template), loadConfig({ NODE_ENV: 'test' }).db));
  await orm.getMigrator().up();
  // As the API does at start-up: the stored customer facts get their basis, so writes keep them.
  await ensureCurrentFactsBasis(orm.em.fork(), loadConfig({ NODE_ENV: 'test' }).companyTimeZone, new Date());
  await orm.close(true);
  // Jest hands the globals of this (outer) realm to in-band test files; MikroORM's entity
  // metadata registry must not leak into them, or their Maps come from the wrong realm.
  delete (globalThis as Record<string, unknown>)['mikro-orm-metadata'];
  process.env.TEST_PG_ADMIN_URL = adminUrl;
  process.env.TEST_PG_TEMPLATE = template;
}
