import { daysBetween } from '../common/calendar';
import type { LifecycleStage } from './scoring.enums';

/**
 * Everything the rules read about one customer, as of `today` (a calendar day in the
 * company time zone). Days are `YYYY-MM-DD` strings in the company time zone; money is a
 * decimal string. Only COMPLETED orders count; their day is the day they were ordered.
 * The windowed figures depend on the settings' windows.
 */
export interface CustomerFacts {
  customerId: number;
  /** Company size code, or null when not recorded. */
  companySize: string | null;
  /** Completed orders, all time. */
  orderCount: number;
  firstOrderOn: string | null;
  lastOrderOn: string | null;
  /** Median of the days between consecutive completed orders (null with fewer than 2). */
  medianIntervalDays: number | null;
  /** Rated service cases and the sum of their ratings (1–5). */
  satisfactionCount: number;
  satisfactionSum: number;
  /** Inquiries in NEW, QUOTED or NEGOTIATING, and the sum of their amounts. */
  openInquiryCount: number;
  openInquiryAmount: string;
  /** The latest follow-up, and the latest with a qualifying outcome. */
  lastFollowUpOn: string | null;
  lastQualifyingFollowUpOn: string | null;
  /** Follow-ups within `depth.deepFollowUpDays`. */
  recentFollowUpCount: number;
  /** Completed orders, spend and gross profit within `windowDays`. */
  windowOrderCount: number;
  windowSpend: string;
  windowProfit: string;
  /** Spend within `value.potential.growthWindowDays` (days ago 0…N−1) and in the N days before (N…2N−1). */
  growthRecentSpend: string;
  growthPriorSpend: string;
  /** The manual stage override in force, if any. */
  override: StageOverride | null;
}

export interface StageOverride {
  stage: LifecycleStage;
  reason: string;
  byUserId: number | null;
  at: Date;
}

/**
 * Company-wide cut-points the rank-based rules need, computed in SQL over every active
 * customer (`population.sql.ts`) and cached until the data, the settings or the day change.
 */
export interface ScoringPopulation {
  /** Quintile cut-points (percentile_disc at 0.2, 0.4, 0.6, 0.8) among customers with a window order; null when none. */
  rfm: { recency: number[]; frequency: number[]; monetary: string[] } | null;
  /** Percentile cut-points (percentile_disc at 0.01 … 0.99) of window gross profit among customers with a positive one. */
  profitPercentiles: string[];
  /** Value-score cut-points (score × 100, percentile_disc at 1 − cumulative share); a tier needs a score strictly above its cut. */
  valueCuts: { vip: number; major: number; ordinary: number } | null;
  /** The smallest window gross profit still in A and in B (null when the class is empty). */
  abcCuts: { a: string | null; b: string | null };
  customerCount: number;
  buyerCount: number;
}

/** One figure that produced a result (DOMAIN S8): a stable key and its value as text. */
export interface ScoreFigure {
  key: string;
  value: string | number | null;
}

export function daysAgo(day: string | null, today: string): number | null {
  return day == null ? null : daysBetween(day, today);
}
