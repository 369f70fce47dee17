import { loadConfig } from '../../src/config';
import { healthOf, type ReplicaSample } from '../../src/db/read-replica';

/**
 * The lag rule of the read replica (src/db/read-replica.ts): both times are the primary's
 * clock (its sample time and the commit time of the replica's last replayed transaction), so
 * no clock skew between hosts enters; a replica that has replayed up to the primary's WAL
 * position lags 0 however long ago the last commit was.
 */
describe('healthOf', () => {
  const at = new Date('2026-12-07T10:00:00Z');
  const primary = { lsn: '0/3000060', at };
  const secondsBefore = (s: number) => new Date(at.getTime() - s * 1000);

  it.each<[string, ReplicaSample, number, { usable: boolean; state: string; lagSeconds: number | null; freshAsOf: Date | null }]>([
    [
      'caught up after an hour without writes: lag 0',
      { inRecovery: true, caughtUp: true, replayedAt: secondsBefore(3600) },
      5,
      { usable: true, state: 'OK', lagSeconds: 0, freshAsOf: at },
    ],
    [
      'behind, last replayed commit 2 s ago: within 5 s',
      { inRecovery: true, caughtUp: false, replayedAt: secondsBefore(2) },
      5,
      { usable: true, state: 'OK', lagSeconds: 2, freshAsOf: secondsBefore(2) },
    ],
    [
      'behind, exactly at the bound',
      { inRecovery: true, caughtUp: false, replayedAt: secondsBefore(5) },
      5,
      { usable: true, state: 'OK', lagSeconds: 5, freshAsOf: secondsBefore(5) },
    ],
    [
      'behind, 6 s: over 5 s',
      { inRecovery: true, caughtUp: false, replayedAt: secondsBefore(6) },
      5,
      { usable: false, state: 'BEHIND', lagSeconds: 6, freshAsOf: secondsBefore(6) },
    ],
    [
      'behind with a bound of 0: only a caught-up replica is read',
      { inRecovery: true, caughtUp: false, replayedAt: secondsBefore(0.2) },
      0,
      { usable: false, state: 'BEHIND', lagSeconds: 0.2, freshAsOf: secondsBefore(0.2) },
    ],
    [
      'behind and nothing replayed since the standby started: lag unknown',
      { inRecovery: true, caughtUp: false, replayedAt: null },
      5,
      { usable: false, state: 'LAG_UNKNOWN', lagSeconds: null, freshAsOf: null },
    ],
    [
      'not in recovery (a primary, a promoted replica): never read',
      { inRecovery: false, caughtUp: null, replayedAt: null },
      5,
      { usable: false, state: 'NOT_STANDBY', lagSeconds: null, freshAsOf: null },
    ],
  ])('%s', (_name, replica, maxLag, expected) => {
    expect(healthOf(primary, replica, maxLag, 0)).toEqual({ ...expected, checkedAt: 0 });
  });
});

describe('DATABASE_READ_URL and DATABASE_READ_MAX_LAG_SECONDS', () => {
  it('default to no replica and a 5 s bound', () => {
    expect(loadConfig({}).readReplica).toEqual({ url: undefined, maxLagSeconds: 5 });
  });

  it('take a postgres URL and a whole number of seconds', () => {
    const config = loadConfig({ DATABASE_READ_URL: 'postgres://app@replica:5432/customer_ops', DATABASE_READ_MAX_LAG_SECONDS: '2' });
    expect(config.readReplica).toEqual({ url: 'postgres://app@replica:5432/customer_ops', maxLagSeconds: 2 });
  });

  it.each([['replica:5432'], ['http://replica/customer_ops']])('refuse %s as a URL', (url) => {
    expect(() => loadConfig({ DATABASE_READ_URL: url })).toThrow(/DATABASE_READ_URL must be a postgres/);
  });

  it('refuses a lag bound that is not a whole number', () => {
    expect(() => loadConfig({ DATABASE_READ_MAX_LAG_SECONDS: '1.5' })).toThrow(/DATABASE_READ_MAX_LAG_SECONDS/);
  });
});
