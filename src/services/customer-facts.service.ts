import type { EntityManager } from '@mikro-orm/postgresql';
import { calendarDayIn } from '../domain/common/calendar';
import { freshFactsSql } from '../domain/scoring/customer-facts.sql';
import { pgArray } from '../domain/common/sql';
import { factsBasisOf } from '../domain/scoring/facts-basis';
import { ensureFactsBasis } from './customer-facts-basis';
import { refreshCustomerStatsSql } from './customer-stats.sql';
import { readScoringState } from './scoring-settings.service';

/**
 * The facts job of the stored customer facts (`customer_stats`, docs/tour/scoring.md, "Customer facts"):
 * recomputes the rows a write has not reached since a window edge passed them, since the
 * basis changed (customer-facts-basis.ts), or since they were migrated.
 */

/**
 * Makes the stored basis that of the current settings and `timeZone` (at start-up: the
 * company time zone may have changed with the configuration), so that writes compute facts
 * under it from then on.
 */
export async function ensureCurrentFactsBasis(em: EntityManager, timeZone: string, now: Date) {
  const state = await readScoringState(em);
  const { basis, moved } = await ensureFactsBasis(em, factsBasisOf(state.settings, timeZone), now);
  return { state, basis, moved };
}

export interface FactsRefreshRun {
  today: string;
  basisVersion: number;
  /** Rows recomputed. */
  refreshed: number;
  batches: number;
  /** Customers a writer held at the time: their writer recomputes them, or the next run does. */
  skipped: number;
}

export interface FactsRefreshOptions {
  timeZone: string;
  now: Date;
  /** Customers per transaction (default 5,000). */
  batchSize?: number;
  /** Called after each committed batch. */
  onBatch?: (run: FactsRefreshRun) => void;
}

/**
 * The facts job: makes the basis that of the current settings and time zone, then walks
 * every customer by id and recomputes, in transactions of `batchSize`, the rows that are not
 * fresh today (missing, another basis, or a window edge passed since they were computed).
 * Each batch locks its customers as the writers do (the writers' statement, same lock
 * order), skipping those a writer holds. Idempotent: a second run finds nothing to do;
 * resumable: what a stopped run left is still stale and found by the next; two runs at once
 * only skip each other's customers. When a run skipped nothing, the basis is marked filled.
 */
export async function refreshStaleFacts(em: EntityManager, options: FactsRefreshOptions): Promise<FactsRefreshRun> {
  const batchSize = options.batchSize ?? 5_000;
  const { state, basis } = await ensureCurrentFactsBasis(em, options.timeZone, options.now);
  const today = calendarDayIn(options.now, options.timeZone);
  const fresh = freshFactsSql('s', { settings: state.settings, today, timeZone: options.timeZone }, basis.version);
  const run: FactsRefreshRun = { today, basisVersion: basis.version, refreshed: 0, batches: 0, skipped: 0 };
  const refresh = refreshCustomerStatsSql('c.id = any(?::int[])', { today });
  let after = 0;
  for (;;) {
    const done = await em.transactional(async (tx) => {
      // The batch: the next customers by id, and which of them are stale and not held by a writer.
      const [window] = await tx.execute<Array<{ last: number | null }>>(
        `select max(id) as last from (select id from customer where id > ? order by id limit ?) b`,
        [after, batchSize],
      );
      if (window?.last == null) return true;
      const stale = await tx.execute<Array<{ id: number }>>(
        `select c.id from customer c left join customer_stats s on s.customer_id = c.id
          where c.id > ? and c.id <= ? and not coalesce(${fresh.sql}, false)
          order by c.id`,
        [after, window.last, ...fresh.params],
      );
      if (stale.length > 0) {
        const locked = await tx.execute<Array<{ id: number }>>(
          `select id from customer where id = any(?::int[]) order by id for update skip locked`,
          [pgArray(stale.map((r) => r.id))],
        );
        run.skipped += stale.length - locked.length;
        if (locked.length > 0) {
          await tx.execute(refresh, [pgArray(locked.map((r) => r.id))]);
          run.refreshed += locked.length;
        }
      }
      after = window.last;
      run.batches++;
      return false;
    });
    if (done) break;
    options.onBatch?.({ ...run });
  }
  if (run.skipped === 0) {
    await em.execute(`update customer_facts_basis set filled_at = ? where id = 1 and version = ? and filled_at is null`, [
      options.now,
      basis.version,
    ]);
  }
  return run;
}

/**
 * Asks for a run of the facts job soon (after a change of the basis): the scheduler, when
 * this process runs one, registers how (a pg-boss job any API process may work); without a
 * scheduler the readers keep computing stale rows from the records until one runs.
 */
let requestRun: (() => void) | null = null;

export function onFactsRefreshRequested(request: (() => void) | null): void {
  requestRun = request;
}

export function requestFactsRefresh(): void {
  requestRun?.();
}
