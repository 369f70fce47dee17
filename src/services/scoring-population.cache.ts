import { performance } from 'node:perf_hooks';
import type { ScoringPopulation } from '../domain/scoring/customer-facts';

/** Hears each computation of a population (its outcome and duration): the metrics, without this file importing them. */
export type PopulationObserver = (outcome: 'ok' | 'error', seconds: number) => void;

/** Process-wide, like the caches: every registry of the process hears every computation. */
const observers = new Set<PopulationObserver>();

/** Calls `observer` after every population computed in this process, until the returned function is called. */
export function observePopulationComputations(observer: PopulationObserver): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

function observed(compute: () => Promise<ScoringPopulation>): Promise<ScoringPopulation> {
  if (observers.size === 0) return compute();
  const started = performance.now();
  const tell = (outcome: 'ok' | 'error') => {
    const seconds = (performance.now() - started) / 1000;
    for (const observer of observers) observer(outcome, seconds);
  };
  const population = compute();
  population.then(
    () => tell('ok'),
    () => tell('error'),
  );
  return population;
}

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
    const entry: Entry = { key, computedAt: now, population: observed(compute) };
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
