import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../domain/access/viewer';
import type { ReadReplica, ReplicaLog } from '../db/read-replica';
import { isDatabaseUnavailable } from '../db/unavailable';
import { evaluationKeyOf } from './evaluation-limit';
import type { ServiceContext } from './service-context';

/**
 * Where a request's heavy read-only work runs (issue 19 item 4): segment counts and member
 * pages, the reports, the exports and the scoring population go through `heavyRead` (or
 * `currentRead`) instead of `ctx.em`; nothing else changes. Without a replica
 * (DATABASE_READ_URL unset), or outside a request, `ctx.reads` is absent and both run on
 * `ctx.em`, as before.
 *
 * The first heavy read of a request decides for the whole request (its counts, pages and
 * totals then agree with each other). The primary serves when:
 * - the client asks for it: `X-Read-Your-Writes: true` (src/http/read-route.ts);
 * - the replica is unreachable, not a standby, or lags more than DATABASE_READ_MAX_LAG_SECONDS
 *   (checked at most once a second per process, src/db/read-replica.ts);
 * - the viewer (a staff user, all of its sessions; or an API key) committed a write the
 *   replica may not hold yet: every commit of `inTransaction` records the viewer's time in
 *   `recent_write` on the primary, which every API process reads; a read goes to the replica
 *   only once the replica holds every commit up to that time. That is at most
 *   DATABASE_READ_MAX_LAG_SECONDS after the write (else the replica is not used at all),
 *   usually far less. One primary lookup by key, only for requests that would read the replica.
 * A replica that fails a read (connection lost, a statement cancelled by a recovery conflict)
 * costs nothing but time: the work runs again on the primary, with a warning in the log.
 */
export type ReadSource = 'replica' | 'primary';
export type ReadWork<T> = (em: EntityManager, source: ReadSource) => Promise<T>;

export interface ReadRoute {
  /** Heavy read-only work of this request, on the replica or the primary (see above). */
  run<T>(work: ReadWork<T>): Promise<T>;
  /**
   * Read-only work whose result is shared by every viewer (the cached scoring population): on
   * the replica only once it has replayed every commit the primary has now (waiting up to a
   * second), so the result is as current as the primary's.
   */
  runCurrent<T>(work: ReadWork<T>): Promise<T>;
  /** After a commit by this request's viewer: its next reads come from the primary until the replica holds the write. */
  wrote(): Promise<void>;
}

/** Heavy read-only work (see ReadRoute.run); `ctx.em` when the request has no route. */
export function heavyRead<T>(ctx: Pick<ServiceContext, 'em' | 'reads'>, work: ReadWork<T>): Promise<T> {
  return ctx.reads ? ctx.reads.run(work) : work(ctx.em, 'primary');
}

/** Read-only work shared by every viewer (see ReadRoute.runCurrent); `ctx.em` when the request has no route. */
export function currentRead<T>(ctx: Pick<ServiceContext, 'em' | 'reads'>, work: ReadWork<T>): Promise<T> {
  return ctx.reads ? ctx.reads.runCurrent(work) : work(ctx.em, 'primary');
}

export interface ReadRouteInput {
  replica: ReadReplica;
  /** The request's entity manager on the primary. */
  em: EntityManager;
  viewer: Viewer | null;
  /** The client asked for the primary (read-your-writes header). */
  primaryAsked: boolean;
  log: ReplicaLog;
}

/**
 * SQLSTATEs after which a read is run again on the primary: a recovery conflict (replay had to
 * cancel the query, or a deadlock with replay), and a table or column the standby does not
 * have yet (a migration it has not replayed).
 */
const RETRY_ON_PRIMARY = new Set(['40001', '57P04', '40P01', '42P01', '42703']);

function sqlStateOf(error: unknown, depth = 0): string | undefined {
  if (error == null || typeof error !== 'object' || depth > 4) return undefined;
  const e = error as { code?: unknown; sqlState?: unknown; cause?: unknown };
  if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  if (typeof e.sqlState === 'string') return e.sqlState;
  return sqlStateOf(e.cause, depth + 1);
}

/** The route of one request. */
export function readRoute(input: ReadRouteInput): ReadRoute {
  const { replica, em, viewer, log } = input;
  let decision: Promise<ReadSource> | null = null;
  let replicaEm: EntityManager | null = null;
  /** Once a read on the replica failed, the rest of the request stays on the primary. */
  let fellBack = false;

  const decide = async (): Promise<ReadSource> => {
    if (input.primaryAsked) return 'primary';
    const health = await replica.health();
    if (!health.usable || !health.freshAsOf) return 'primary';
    if (viewer) {
      const [mark] = await em.execute<Array<{ at: Date | string }>>('select "at" from recent_write where viewer = ?', [
        evaluationKeyOf(viewer),
      ]);
      if (mark && new Date(mark.at).getTime() > health.freshAsOf.getTime()) return 'primary';
    }
    return 'replica';
  };

  const onReplica = async <T>(work: ReadWork<T>): Promise<T> => {
    replicaEm ??= replica.orm.em.fork();
    try {
      return await work(replicaEm, 'replica');
    } catch (error) {
      const down = isDatabaseUnavailable(error);
      if (!down && !RETRY_ON_PRIMARY.has(sqlStateOf(error) ?? '')) throw error;
      if (down) replica.failed(error);
      fellBack = true;
      log.warn({ err: error }, 'a read on the replica failed; running it on the primary');
      return work(em, 'primary');
    }
  };

  return {
    async run(work) {
      decision ??= decide();
      const source = await decision;
      return source === 'replica' && !fellBack ? onReplica(work) : work(em, 'primary');
    },
    async runCurrent(work) {
      if (input.primaryAsked || fellBack || !(await replica.caughtUpWithPrimaryNow())) return work(em, 'primary');
      return onReplica(work);
    },
    async wrote() {
      // This request's own later heavy reads (a document with several mutations) read the primary.
      decision = Promise.resolve('primary');
      if (!viewer) return;
      try {
        await em.execute(
          `insert into recent_write (viewer, "at") values (?, clock_timestamp())
             on conflict (viewer) do update set "at" = excluded."at"`,
          [evaluationKeyOf(viewer)],
        );
      } catch (error) {
        // The write is committed: report it as done. Only this viewer's next heavy reads may miss it (for at most the lag bound).
        log.warn({ err: error }, 'could not record the write for read-your-writes');
      }
    },
  };
}
