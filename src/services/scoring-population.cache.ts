import type { ScoringPopulation } from '../domain/scoring/customer-facts';

interface Entry {
  key: string;
  computedAt: number;
  population: Promise<ScoringPopulation>;
}

/**
 * The company-wide cut-points, computed by one SQL statement over every active customer and
 * kept until the settings version, the data version or the company day changes. Requests
 * that miss at the same time share one computation. With `maxStaleMs` > 0 a stale entry
 * younger than that is served while a fresh one is computed (busy systems trade exactness
 * of the cut-points for latency; individual figures are always current).
 */
export class ScoringPopulationCache {
  private current: Entry | null = null;
  private pending: Entry | null = null;

  constructor(private readonly maxStaleMs = 0) {}

  /** `key` is `dataVersion|settingsVersion|day`; `compute` runs only when no entry has that key. */
  get(key: string, compute: () => Promise<ScoringPopulation>, now: number): Promise<ScoringPopulation> {
    if (this.current?.key === key) return this.current.population;
    if (this.pending?.key === key) return this.pending.population;
    const entry: Entry = { key, computedAt: now, population: compute() };
    this.pending = entry;
    entry.population.then(
      () => {
        if (this.pending === entry) this.pending = null;
        this.current = entry;
      },
      () => {
        if (this.pending === entry) this.pending = null;
      },
    );
    const stale = this.current;
    if (stale && this.maxStaleMs > 0 && now - stale.computedAt < this.maxStaleMs && sameDay(stale.key, key)) {
      entry.population.catch(() => undefined);
      return stale.population;
    }
    return entry.population;
  }
}

/** Keys end with the settings version and the day: those always need a fresh population. */
function sameDay(a: string, b: string): boolean {
  const [, settingsA, dayA] = a.split('|');
  const [, settingsB, dayB] = b.split('|');
  return settingsA === settingsB && dayA === dayB;
}

/** One cache per process and database. */
const caches = new Map<string, ScoringPopulationCache>();

export function populationCacheFor(database: string, maxStaleMs: number): ScoringPopulationCache {
  let cache = caches.get(database);
  if (!cache) {
    cache = new ScoringPopulationCache(maxStaleMs);
    caches.set(database, cache);
  }
  return cache;
}
