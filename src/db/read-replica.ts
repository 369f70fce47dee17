import { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../config';
import { settleWithin } from '../lib/settle-within';
import { enforceConnectionBudgets } from './connection-budget';
import { ormOptions } from './orm.config';

/**
 * A streaming replica (DATABASE_READ_URL) for heavy read-only work: segment counts and
 * members, reports, exports, the scoring population (issue 19 item 4). Its own pool, every
 * session read-only (`default_transaction_read_only = on`, so a URL pointing at a primary by
 * mistake can never be written through), connected lazily: an unreachable replica neither
 * stops the API from starting nor fails a request, the primary serves instead.
 *
 * How far behind it is, is measured at most once a second per process (`health`), without
 * trusting two hosts' clocks to agree: the primary's WAL position and clock are sampled
 * first, then the replica says whether it has replayed up to that position. If it has, it
 * holds every commit made before the sample (lag 0). If not, it holds every commit up to its
 * last replayed transaction's commit time, a time stamped by the primary's clock, so the lag
 * is the primary's sample time minus that. An idle primary therefore never looks "behind"
 * (the flaw of `now() - pg_last_xact_replay_timestamp()` alone), and a paused or stuck
 * replay shows as a lag that grows with the primary's clock.
 */

export interface ReplicaLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

/** The primary's side of a check: its WAL write position and its clock, sampled before the replica is asked. */
export interface PrimarySample {
  lsn: string;
  at: Date;
}

/** The replica's side of a check. */
export interface ReplicaSample {
  /** `pg_is_in_recovery()`: a standby. A server that is not in recovery could be anything (a promoted replica going its own way): never read. */
  inRecovery: boolean;
  /** Replayed at least up to the primary's sampled position (null when not a standby). */
  caughtUp: boolean | null;
  /** Commit time (primary's clock) of the last transaction replayed; null before the first since the standby started. */
  replayedAt: Date | null;
}

export type ReplicaState = 'OK' | 'BEHIND' | 'UNREACHABLE' | 'NOT_STANDBY' | 'LAG_UNKNOWN';

export interface ReplicaHealth {
  usable: boolean;
  state: ReplicaState;
  /** Seconds of commits the replica may lack; null when unknown. */
  lagSeconds: number | null;
  /** The replica holds every commit made on the primary up to this instant (primary's clock); null when unknown. */
  freshAsOf: Date | null;
  /** When this was found (this process's clock, ms). */
  checkedAt: number;
}

/** What a check of the two samples finds: pure, so the rule is unit-tested. */
export function healthOf(primary: PrimarySample, replica: ReplicaSample, maxLagSeconds: number, checkedAt: number): ReplicaHealth {
  if (!replica.inRecovery) return { usable: false, state: 'NOT_STANDBY', lagSeconds: null, freshAsOf: null, checkedAt };
  if (replica.caughtUp) return { usable: true, state: 'OK', lagSeconds: 0, freshAsOf: primary.at, checkedAt };
  if (!replica.replayedAt) return { usable: false, state: 'LAG_UNKNOWN', lagSeconds: null, freshAsOf: null, checkedAt };
  const lagSeconds = Math.max(0, (primary.at.getTime() - replica.replayedAt.getTime()) / 1000);
  const usable = lagSeconds <= maxLagSeconds;
  return { usable, state: usable ? 'OK' : 'BEHIND', lagSeconds, freshAsOf: replica.replayedAt, checkedAt };
}

/** How long a check is trusted, per process. */
export const CHECK_INTERVAL_MS = 1_000;
/** A check that takes longer counts as unreachable (the pool's own time-out may be longer). */
const CHECK_TIMEOUT_MS = 1_000;
/** A read that must see every commit made so far waits at most this long for the replica to replay up to the primary's position. */
const CATCH_UP_WAIT_MS = 1_000;
const CATCH_UP_POLL_MS = 20;

const PRIMARY_SAMPLE = `select pg_current_wal_lsn()::text as lsn, clock_timestamp() as at`;
const REPLICA_SAMPLE = `select pg_is_in_recovery() as in_recovery, pg_last_wal_replay_lsn() >= ?::pg_lsn as caught_up,
                               pg_last_xact_replay_timestamp() as replayed_at`;

const WHY_NOT: Record<ReplicaState, string> = {
  OK: '',
  BEHIND: 'read replica lags more than DATABASE_READ_MAX_LAG_SECONDS: heavy reads go to the primary',
  UNREACHABLE: 'read replica unavailable: heavy reads go to the primary',
  NOT_STANDBY: 'DATABASE_READ_URL is not a standby (pg_is_in_recovery() is false): heavy reads go to the primary',
  LAG_UNKNOWN: 'read replica has replayed no transaction since it started, so its lag is unknown: heavy reads go to the primary',
};

const toDate = (value: unknown): Date | null => (value == null ? null : value instanceof Date ? value : new Date(String(value)));

export class ReadReplica {
  private last: ReplicaHealth | null = null;
  private checking: Promise<ReplicaHealth> | null = null;

  constructor(
    /** The replica's ORM: fork its entity manager for a read. */
    readonly orm: MikroORM,
    private readonly primary: MikroORM,
    readonly maxLagSeconds: number,
    private readonly log: ReplicaLog,
  ) {}

  /**
   * The replica's state, checked at most once a second per process; concurrent callers share
   * one check. While the last check found it unusable, callers are not made to wait for the
   * next one (a replica that is down may take the whole time-out to say so): they get the
   * last state, and the primary serves them, while the check runs on.
   */
  health(): Promise<ReplicaHealth> {
    const last = this.last;
    if (last && Date.now() - last.checkedAt < CHECK_INTERVAL_MS) return Promise.resolve(last);
    this.checking ??= this.check().finally(() => {
      this.checking = null;
    });
    return last && !last.usable ? Promise.resolve(last) : this.checking;
  }

  /** A read on the replica failed as if it were down: unusable until the next check (a second later) finds otherwise. */
  failed(error: unknown): void {
    this.record({ usable: false, state: 'UNREACHABLE', lagSeconds: null, freshAsOf: null, checkedAt: Date.now() }, error);
  }

  /**
   * Whether the replica has replayed everything the primary has committed now (its WAL
   * position sampled at this call), waiting up to a second for it: for results shared by
   * everyone (the cached scoring population), which must be as current as the primary's.
   */
  async caughtUpWithPrimaryNow(): Promise<boolean> {
    const health = await this.health();
    if (!health.usable) return false;
    let caughtUp = false;
    const wait = async () => {
      const [primary] = await this.primary.em.getConnection().execute<Array<{ lsn: string }>>(PRIMARY_SAMPLE);
      const deadline = Date.now() + CATCH_UP_WAIT_MS;
      for (;;) {
        const [row] = await this.orm.em
          .getConnection()
          .execute<Array<{ in_recovery: boolean; caught_up: boolean | null }>>(REPLICA_SAMPLE, [primary.lsn]);
        caughtUp = row.in_recovery && row.caught_up === true;
        if (caughtUp || !row.in_recovery || Date.now() >= deadline) return;
        await new Promise((resolve) => setTimeout(resolve, CATCH_UP_POLL_MS));
      }
    };
    const settled = await settleWithin(wait(), CATCH_UP_WAIT_MS + CHECK_TIMEOUT_MS);
    if (settled.state === 'failed') this.failed(settled.error);
    return settled.state === 'done' && caughtUp;
  }

  private async check(): Promise<ReplicaHealth> {
    const started = Date.now();
    let health: ReplicaHealth;
    let problem: unknown;
    const probe = async () => {
      const [p] = await this.primary.em.getConnection().execute<Array<{ lsn: string; at: unknown }>>(PRIMARY_SAMPLE);
      const [r] = await this.orm.em
        .getConnection()
        .execute<Array<{ in_recovery: boolean; caught_up: boolean | null; replayed_at: unknown }>>(REPLICA_SAMPLE, [p.lsn]);
      return healthOf(
        { lsn: p.lsn, at: toDate(p.at)! },
        { inRecovery: r.in_recovery, caughtUp: r.caught_up, replayedAt: toDate(r.replayed_at) },
        this.maxLagSeconds,
        Date.now(),
      );
    };
    let found: ReplicaHealth | undefined;
    const settled = await settleWithin(
      probe().then((h) => {
        found = h;
      }),
      CHECK_TIMEOUT_MS,
    );
    if (settled.state === 'done' && found) health = found;
    else {
      problem = settled.state === 'failed' ? settled.error : new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`);
      health = { usable: false, state: 'UNREACHABLE', lagSeconds: null, freshAsOf: null, checkedAt: started };
    }
    this.record(health, problem);
    return health;
  }

  /** Keeps the state; says so in the log when it changes (not on every check). */
  private record(health: ReplicaHealth, problem?: unknown): void {
    const before = this.last;
    this.last = health;
    if (before?.usable === health.usable && before.state === health.state) return;
    const details = { replica: { state: health.state, lagSeconds: health.lagSeconds, maxLagSeconds: this.maxLagSeconds } };
    if (health.usable) this.log.info(details, 'read replica in use for heavy reads');
    else this.log.warn({ ...details, err: problem }, WHY_NOT[health.state]);
  }

  async close(timeoutMs: number): Promise<void> {
    const closed = await settleWithin(this.orm.close(true), timeoutMs);
    if (closed.state !== 'done') this.log.warn({ ...closed, timeoutMs }, 'read replica pool did not close cleanly');
  }
}

/**
 * Opens the replica's pool (no connection yet: the first check makes one). Its sessions are
 * read-only and named `customer-ops-api-read`; the same pool size and time-outs as the
 * primary's, and the per-request connection budget covers it too.
 */
export async function openReadReplica(url: string, primary: MikroORM, config: Config, log: ReplicaLog): Promise<ReadReplica> {
  const options = ormOptions(url, config.db);
  const driverOptions = (options.driverOptions ?? {}) as { connection?: Record<string, unknown> };
  const orm = await MikroORM.init({
    ...options,
    connect: false,
    driverOptions: {
      ...driverOptions,
      connection: {
        ...driverOptions.connection,
        application_name: 'customer-ops-api-read',
        options: '-c default_transaction_read_only=on',
        connectionTimeoutMillis: config.db.acquireTimeoutMs,
      },
    },
  });
  enforceConnectionBudgets(orm.em.getKnex());
  const replica = new ReadReplica(orm, primary, config.readReplica.maxLagSeconds, log);
  replicas.set(primary, replica);
  return replica;
}

/** The replica opened for the primary `orm` (by `openDatabase`), if any. */
export function readReplicaOf(primary: MikroORM): ReadReplica | undefined {
  return replicas.get(primary);
}

/** Keyed by the primary's ORM, so the express app and the export routes find the replica from the ORM they are given. */
const replicas = new WeakMap<MikroORM, ReadReplica>();
