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

/** Calendar-day arithmetic on `YYYY-MM-DD` strings, the same as PostgreSQL's `date - date`. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function daysAgo(day: string | null, today: string): number | null {
  return day == null ? null : daysBetween(day, today);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** `months` calendar months after a day; past the end of a month, its last day (31 May + 3 months = 31 August, 30 November + 3 = 28/29 February). */
export function addMonths(day: string, months: number): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7)) - 1 + months;
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const d = Math.min(Number(day.slice(8, 10)), last);
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * A `YYYY-MM-DD` day as a day number, the days since 1970-01-01 (`daysBetween('1970-01-01', day)`),
 * for loops that would otherwise parse the same days again and again; `dayString` turns it back.
 * Valid days are converted arithmetically; anything else goes through `Date.parse` as in
 * `daysBetween`, so the result is always the same as there.
 */
export function dayNumber(day: string): number {
  if (day.length === 10 && day.charCodeAt(4) === 45 && day.charCodeAt(7) === 45) {
    const y = digits(day, 0, 4);
    const m = digits(day, 5, 7);
    const d = digits(day, 8, 10);
    if (y >= 0 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)) return daysFromCivil(y, m, d);
  }
  return Date.parse(`${day}T00:00:00Z`) / 86_400_000;
}

/** The `YYYY-MM-DD` day of a day number (`addDays('1970-01-01', n)`). */
export function dayString(dayNumber: number): string {
  // Years 0000–9999 arithmetically (0000-01-01 is day −719528, 9999-12-31 day 2932896).
  if (Number.isInteger(dayNumber) && dayNumber >= -719_528 && dayNumber <= 2_932_896) {
    // Civil from days (H. Hinnant), with March-based years of 400-year eras.
    const z = dayNumber + 719_468;
    const era = Math.floor(z / 146_097);
    const doe = z - era * 146_097;
    const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    const mp = Math.floor((5 * doy + 2) / 153);
    const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
    const m = mp < 10 ? mp + 3 : mp - 9;
    const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
  }
  return new Date(dayNumber * 86_400_000).toISOString().slice(0, 10);
}

/** The number written by the ASCII digits of `text` from `start` to `end`, or −1 if any is not a digit. */
function digits(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Days from civil (H. Hinnant): the day number of a valid proleptic Gregorian day. */
function daysFromCivil(y: number, m: number, d: number): number {
  const year = m <= 2 ? y - 1 : y;
  const era = Math.floor(year / 400);
  const yoe = year - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}
