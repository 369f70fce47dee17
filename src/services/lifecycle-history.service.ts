import type { EntityManager } from '@mikro-orm/postgresql';
import { replayLifecycle } from '../domain/lifecycle/lifecycle-history';
import { calendarDayIn } from '../domain/common/calendar';
import { historyBasisKey, movesOf, nextReplayDay } from '../domain/reports/lifecycle-transitions';
import { pgArray } from '../domain/common/sql';
import { loadTimelines } from './lifecycle-timeline';
import { readScoringState } from './scoring-settings.service';

/**
 * The lifecycle history job (DOMAIN L4): keeps `lifecycle_transition` equal to what
 * `replayLifecycle` says of every customer's records as of today, so the transitions report
 * counts moves set-wise on a million customers. The first run is the back-fill; later runs
 * replay only the customers whose replay may have changed:
 * - never replayed, or under other rules or another time zone (`lifecycle_history_basis`);
 * - records written since: every write of an order, follow-up, inquiry or service case
 *   rewrites the customer's `customer_stats` row, so its row version (`xmin`) differs from the
 *   one read before the last replay; overrides are compared by their last id and clear count;
 * - a day has come on which time alone can move the stage (`next_on`, see `nextReplayDay`).
 * The row version is read before the timeline, so a write committed in between only causes
 * one more replay, never a missed one. Idempotent and resumable like the facts job; the basis
 * row records the day of the last complete pass (`filled_through`), which the report shows.
 */
export interface HistoryRun {
  today: string;
  basisVersion: number;
  replayed: number;
  moves: number;
  batches: number;
}

export interface HistoryRunOptions {
  timeZone: string;
  now: Date;
  /** Customers per batch (default 2,000). */
  batchSize?: number;
  onBatch?: (run: HistoryRun) => void;
}

/** The basis row for these rules and time zone: a new version (and no complete pass yet) when they changed. */
async function ensureHistoryBasis(em: EntityManager, key: string, now: Date): Promise<{ version: number }> {
  const [row] = await em.execute<Array<{ version: number }>>(
    `insert into lifecycle_history_basis (id, version, basis_key, updated_at) values (1, 1, ?, ?)
     on conflict (id) do update set version = lifecycle_history_basis.version + 1, basis_key = excluded.basis_key,
            updated_at = excluded.updated_at, filled_at = null, filled_through = null
      where lifecycle_history_basis.basis_key <> excluded.basis_key
     returning version`,
    [key, now],
  );
  if (row) return row;
  const [current] = await em.execute<Array<{ version: number }>>(`select version from lifecycle_history_basis where id = 1`);
  return current;
}

export async function refreshLifecycleHistory(em: EntityManager, options: HistoryRunOptions): Promise<HistoryRun> {
  const batchSize = options.batchSize ?? 2_000;
  const state = await readScoringState(em);
  const rules = state.settings.lifecycle;
  const today = calendarDayIn(options.now, options.timeZone);
  const basis = await ensureHistoryBasis(em, historyBasisKey(rules, options.timeZone), options.now);
  const run: HistoryRun = { today, basisVersion: basis.version, replayed: 0, moves: 0, batches: 0 };
  let after = 0;
  for (;;) {
    const [window] = await em.execute<Array<{ last: number | null }>>(
      `select max(id) as last from (select id from customer where id > ? order by id limit ?) b`,
      [after, batchSize],
    );
    if (window?.last == null) break;
    const stale = await em.execute<Array<{ id: number; stats_xmin: string | null; overrides: string | null }>>(
      `select c.id, s.xmin::text as stats_xmin, ov.key as overrides
         from customer c
         left join customer_stats s on s.customer_id = c.id
         left join lifecycle_replay r on r.customer_id = c.id
         left join lateral (select max(o.id) || '/' || count(o.cleared_at) as key from lifecycle_override o where o.customer_id = c.id) ov on true
        where c.id > ? and c.id <= ?
          and (r.customer_id is null or r.basis <> ? or r.through > ?::date
               or r.stats_xmin::text is distinct from s.xmin::text or r.overrides is distinct from ov.key
               or (r.through < ?::date and r.next_on <= ?::date))
        order by c.id`,
      [after, window.last, basis.version, today, today, today],
    );
    if (stale.length > 0) {
      const timelines = await loadTimelines(
        em,
        stale.map((r) => r.id),
        options.timeZone,
      );
      const moves: unknown[] = [];
      const replays: unknown[] = [];
      for (const row of stale) {
        const timeline = timelines.get(row.id);
        if (!timeline) continue; // deleted meanwhile
        for (const m of movesOf(replayLifecycle(timeline, rules, today))) {
          moves.push({ customer_id: row.id, seq: m.seq, on: m.on, from_stage: m.from, to_stage: m.to, cause: m.cause });
        }
        replays.push({
          customer_id: row.id,
          next_on: nextReplayDay(timeline, rules, today),
          stats_xmin: row.stats_xmin,
          overrides: row.overrides,
        });
      }
      await em.transactional(async (tx) => {
        await tx.execute(`delete from lifecycle_transition where customer_id = any(?::int[])`, [pgArray(stale.map((r) => r.id))]);
        await tx.execute(
          `insert into lifecycle_transition (customer_id, seq, "on", from_stage, to_stage, cause)
           select x.customer_id, x.seq, x.on, x.from_stage, x.to_stage, x.cause
             from json_to_recordset(?::json) as x(customer_id int, seq smallint, "on" date, from_stage text, to_stage text, cause text)
             join customer c on c.id = x.customer_id`,
          [JSON.stringify(moves)],
        );
        await tx.execute(
          `insert into lifecycle_replay (customer_id, basis, through, next_on, stats_xmin, overrides, replayed_at)
           select x.customer_id, ?, ?::date, x.next_on, x.stats_xmin::xid, x.overrides, ?
             from json_to_recordset(?::json) as x(customer_id int, next_on date, stats_xmin text, overrides text)
             join customer c on c.id = x.customer_id
           on conflict (customer_id) do update set basis = excluded.basis, through = excluded.through, next_on = excluded.next_on,
                  stats_xmin = excluded.stats_xmin, overrides = excluded.overrides, replayed_at = excluded.replayed_at`,
          [basis.version, today, options.now, JSON.stringify(replays)],
        );
      });
      run.replayed += replays.length;
      run.moves += moves.length;
    }
    after = window.last;
    run.batches++;
    options.onBatch?.({ ...run });
  }
  await em.execute(`update lifecycle_history_basis set filled_at = ?, filled_through = ?::date where id = 1 and version = ?`, [
    options.now,
    today,
    basis.version,
  ]);
  return run;
}
