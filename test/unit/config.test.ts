import path from 'node:path';
import { loadConfig } from '../../src/config';

describe('loadConfig defaults (empty environment)', () => {
  const config = loadConfig({});

  it('listens on port 4000', () => {
    expect(config.port).toBe(4000);
  });

  it('embeds PostgreSQL under .data/postgres as an absolute path', () => {
    expect(config.databaseUrl).toBeUndefined();
    expect(path.isAbsolute(config.embeddedPg.dataDir)).toBe(true);
    expect(config.embeddedPg.dataDir.endsWith(path.join('.data', 'postgres'))).toBe(true);
    expect(Number.isInteger(config.embeddedPg.port)).toBe(true);
    expect(config.embeddedPg.port).toBeGreaterThan(0);
  });

  it.each<[string, (c: ReturnType<typeof loadConfig>) => number]>([
    ['db.acquireTimeoutMs', (c) => c.db.acquireTimeoutMs],
    ['db.statementTimeoutMs', (c) => c.db.statementTimeoutMs],
    ['db.lockTimeoutMs', (c) => c.db.lockTimeoutMs],
    ['db.idleInTransactionTimeoutMs', (c) => c.db.idleInTransactionTimeoutMs],
    ['shutdownTimeoutMs', (c) => c.shutdownTimeoutMs],
    ['auth.apiKeyTouchIntervalMs', (c) => c.auth.apiKeyTouchIntervalMs],
    ['auth.tokenTtlHours', (c) => c.auth.tokenTtlHours],
    ['db.poolMax', (c) => c.db.poolMax],
  ])('%s is a positive integer', (_label, pick) => {
    const value = pick(config);
    expect(Number.isInteger(value)).toBe(true);
    expect(value).toBeGreaterThan(0);
  });

  it('keeps the lock timeout below the statement timeout', () => {
    expect(config.db.lockTimeoutMs).toBeLessThanOrEqual(config.db.statementTimeoutMs);
  });

  it.each<[string, unknown]>([
    ['nodeEnv', 'development'],
    ['seedOnEmpty', true],
    ['companyTimeZone', 'Asia/Shanghai'],
    ['logLevel', 'info'],
  ])('%s defaults to %p', (key, expected) => {
    expect(config[key as keyof typeof config]).toEqual(expected);
  });

  it('caps the page size at 100', () => {
    expect(config.limits.maxPageSize).toBe(100);
  });
});

describe('loadConfig from the environment', () => {
  it.each([
    ['4000', 4000],
    ['8080', 8080],
    ['', 4000],
  ])('PORT=%p → %p', (raw, expected) => {
    expect(loadConfig({ PORT: raw }).port).toBe(expected);
  });

  it.each([['abc'], ['4000.5'], ['40 00'], ['4000abc'], ['NaN'], ['Infinity']])('a non-integer PORT=%p throws', (raw) => {
    expect(() => loadConfig({ PORT: raw })).toThrow(`PORT must be an integer, got "${raw}"`);
  });

  // Number(' ') is 0: a blank-but-not-empty PORT must not silently become port 0 (a random port).
  it.each([[' '], ['\t']])('a whitespace-only PORT=%p counts as unset, not as port 0', (raw) => {
    expect(loadConfig({ PORT: raw }).port).toBe(4000);
  });

  it.each([
    ['DB_STATEMENT_TIMEOUT_MS', 'soon'],
    ['SHUTDOWN_TIMEOUT_MS', '1.5'],
  ])('a non-integer %s throws', (name, raw) => {
    expect(() => loadConfig({ [name]: raw })).toThrow(`${name} must be an integer, got "${raw}"`);
  });

  it('uses PG_DATA_DIR when given, resolved to an absolute path', () => {
    const dataDir = loadConfig({ PG_DATA_DIR: 'some/dir' }).embeddedPg.dataDir;
    expect(dataDir).toBe(path.resolve('some/dir'));
  });

  it.each([
    ['test', 'test', 'silent'],
    ['production', 'production', 'info'],
    ['staging', 'development', 'info'],
  ])('NODE_ENV=%p → nodeEnv %p, logLevel %p', (raw, nodeEnv, logLevel) => {
    const config = loadConfig({ NODE_ENV: raw });
    expect(config.nodeEnv).toBe(nodeEnv);
    expect(config.logLevel).toBe(logLevel);
  });

  it.each([
    ['true', true],
    ['YES', true],
    ['1', true],
    ['false', false],
    ['no', false],
    ['0', false],
  ])('SEED_ON_EMPTY=%p → %p', (raw, expected) => {
    expect(loadConfig({ SEED_ON_EMPTY: raw }).seedOnEmpty).toBe(expected);
  });

  it('refuses an unknown boolean', () => {
    expect(() => loadConfig({ SEED_ON_EMPTY: 'maybe' })).toThrow('SEED_ON_EMPTY must be true or false, got "maybe"');
  });

  it('takes a five-field cron for the REMINDER_DUE scan, and refuses anything else by name', () => {
    expect(loadConfig({}).webhooks.reminderCron).toBe('5 * * * *');
    expect(loadConfig({ WEBHOOK_REMINDER_CRON: '*/15 8-20 * * 1-5' }).webhooks.reminderCron).toBe('*/15 8-20 * * 1-5');
    for (const raw of ['hourly', '5 * * *', '5 * * * * *', '@daily']) {
      expect(() => loadConfig({ WEBHOOK_REMINDER_CRON: raw })).toThrow(`WEBHOOK_REMINDER_CRON must be a cron expression of five fields`);
    }
  });

  it('takes a five-field cron for the value-tier snapshot, 02:00 by default', () => {
    expect(loadConfig({}).snapshotCron).toBe('0 2 * * *');
    expect(loadConfig({ VALUE_TIER_SNAPSHOT_CRON: '30 1 * * *' }).snapshotCron).toBe('30 1 * * *');
    expect(() => loadConfig({ VALUE_TIER_SNAPSHOT_CRON: '@daily' })).toThrow(
      'VALUE_TIER_SNAPSHOT_CRON must be a cron expression of five fields',
    );
  });
});
