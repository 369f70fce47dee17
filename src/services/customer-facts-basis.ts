import type { EntityManager } from '@mikro-orm/postgresql';
import { factsBasisOf, sameFactsBasis, type FactsBasis, type StoredFactsBasis } from '../domain/scoring/facts-basis';
import type { ScoringState } from './scoring-settings.service';

/**
 * Makes `basis` the stored one: inserts it as version 1, or moves the version (every stored
 * row becomes stale, `filled_at` is cleared) when it differs; leaves it alone when it is the
 * same. Answers the basis in force and whether it moved. Called in the scoring settings' own transaction when
 * they change, and by the facts job (which the API starts) for the company time zone.
 */
export async function ensureFactsBasis(
  em: EntityManager,
  basis: FactsBasis,
  now: Date,
): Promise<{ basis: StoredFactsBasis; moved: boolean }> {
  const [row] = await em.execute<Array<BasisRow & { moved: boolean }>>(
    `with upserted as (
       insert into customer_facts_basis as b (id, version, time_zone, window_days, growth_days, follow_up_days, updated_at)
       values (1, 1, ?, ?, ?, ?, ?)
       on conflict (id) do update set version = b.version + 1, time_zone = excluded.time_zone, window_days = excluded.window_days,
              growth_days = excluded.growth_days, follow_up_days = excluded.follow_up_days, updated_at = excluded.updated_at, filled_at = null
        where (b.time_zone, b.window_days, b.growth_days, b.follow_up_days)
              is distinct from (excluded.time_zone, excluded.window_days, excluded.growth_days, excluded.follow_up_days)
       returning *)
     select *, true as moved from upserted
     union all
     select *, false as moved from customer_facts_basis where id = 1 and not exists (select 1 from upserted)`,
    [basis.timeZone, basis.windowDays, basis.growthDays, basis.followUpDays, now],
  );
  return { basis: basisFromRow(row), moved: row.moved };
}

interface BasisRow {
  version: number;
  time_zone: string;
  window_days: number;
  growth_days: number;
  follow_up_days: number;
  filled_at: string | Date | null;
}

function basisFromRow(row: BasisRow): StoredFactsBasis {
  return {
    version: row.version,
    timeZone: row.time_zone,
    windowDays: row.window_days,
    growthDays: row.growth_days,
    followUpDays: row.follow_up_days,
    filledAt: row.filled_at == null ? null : new Date(row.filled_at),
  };
}

/** How the readers may use the stored facts under the current rules (`ScoringSqlInput.storedFacts`). */
export function storedFactsFor(state: ScoringState, timeZone: string): { basisVersion: number; filled: boolean } | null {
  const stored = state.factsBasis;
  if (!stored || !sameFactsBasis(stored, factsBasisOf(state.settings, timeZone))) return null;
  return { basisVersion: stored.version, filled: stored.filledAt != null };
}
