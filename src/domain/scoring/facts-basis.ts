import type { ScoringSettings } from './scoring-settings';

/**
 * What the stored customer facts depend on besides the records: the company time zone
 * (which day an order or a follow-up falls on) and the lengths of the rule windows. Stored
 * facts are used only under the basis they were computed with (`customer_facts_basis`,
 * numbered by `version`); a change of any of these makes every stored row stale until the
 * facts job has recomputed it, and the readers compute stale rows from the records meanwhile.
 */
export interface FactsBasis {
  timeZone: string;
  /** `windowDays`: F, M, gross profit, membership spend. */
  windowDays: number;
  /** `value.potential.growthWindowDays`: the recent and prior spend of the growth figure. */
  growthDays: number;
  /** `depth.deepFollowUpDays`: the recent follow-up count. */
  followUpDays: number;
}

export function factsBasisOf(settings: ScoringSettings, timeZone: string): FactsBasis {
  return {
    timeZone,
    windowDays: settings.windowDays,
    growthDays: settings.value.potential.growthWindowDays,
    followUpDays: settings.depth.deepFollowUpDays,
  };
}

export function sameFactsBasis(a: FactsBasis, b: FactsBasis): boolean {
  return a.timeZone === b.timeZone && a.windowDays === b.windowDays && a.growthDays === b.growthDays && a.followUpDays === b.followUpDays;
}

/** The stored basis and its version, as read with the scoring state. */
export interface StoredFactsBasis extends FactsBasis {
  version: number;
  /** When the facts job last finished a pass over every customer under this version; null before. */
  filledAt: Date | null;
}
