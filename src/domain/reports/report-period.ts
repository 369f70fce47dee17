import { say, type Bilingual } from '../common/bilingual';
import { RequestError } from '../common/domain-error';
import { addDays, addMonths, dayNumber, daysBetween, lastDayOfMonth } from '../common/calendar';

/**
 * The periods of reports (issue 14, DOMAIN A1): calendar days of the company time zone as
 * `YYYY-MM-DD`, both ends included. Weeks start on Monday (ISO 8601, as in China and Europe).
 */
export const REPORT_GRANULARITIES = ['DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'] as const;
export type ReportGranularity = (typeof REPORT_GRANULARITIES)[number];

export interface DayRange {
  from: string;
  to: string;
}

/** One row period of a report: the part of a day, week, month, quarter or year inside the period. */
export interface ReportBucket extends DayRange {
  /** `2026-12-06`, `2026-W49` (ISO week), `2026-12`, `2026-Q4`, `2026`. */
  label: string;
}

/** A period as asked: `from` and `to`, or a `year`, or a `month` (`YYYY-MM`). */
export interface ReportPeriodInput {
  from?: string | null;
  to?: string | null;
  year?: number | null;
  month?: string | null;
}

/** How many buckets a report may have, per granularity (a DAY report covers at most a leap year). */
export const MAX_BUCKETS: Record<ReportGranularity, { count: number; unit: Bilingual }> = {
  DAY: { count: 366, unit: say('天', 'days') },
  WEEK: { count: 260, unit: say('周', 'weeks') },
  MONTH: { count: 240, unit: say('个月', 'months') },
  QUARTER: { count: 80, unit: say('个季度', 'quarters') },
  YEAR: { count: 200, unit: say('年', 'years') },
};

/**
 * Reports cover 1901–9998: earlier or later days are a typing mistake, not sales, and the
 * periods a report is compared with (a year earlier) and its buckets (a week, a quarter past
 * its last day) stay within the calendar that dates, PostgreSQL and spreadsheets share.
 */
export const FIRST_REPORT_DAY = '1901-01-01';
export const LAST_REPORT_DAY = '9998-12-31';

const bad = (zh: string, en: string) => new RequestError('BAD_USER_INPUT', say(zh, en));

/** The last day of a calendar month (`YYYY-MM-DD`), for any year 0001–9999. */
export function resolvePeriod(input: ReportPeriodInput, field = 'period'): DayRange {
  const forms = [input.from != null || input.to != null, input.year != null, input.month != null].filter(Boolean).length;
  if (forms === 0) throw bad(`${field}：请给出 from 和 to、year 或 month`, `${field}: give from and to, a year or a month`);
  if (forms > 1) throw bad(`${field}：from/to、year 和 month 只能给出一种`, `${field}: give only one of from/to, year or month`);
  let range: DayRange;
  if (input.year != null) {
    if (!Number.isInteger(input.year) || input.year < 1901 || input.year > 9998)
      throw bad(`${field}.year：年份须在 1901 到 9998 之间`, `${field}.year: a year from 1901 to 9998`);
    range = { from: `${input.year}-01-01`, to: `${input.year}-12-31` };
  } else if (input.month != null) {
    const m = /^(\d{4})-(\d{2})$/.exec(input.month);
    const year = Number(m?.[1]);
    const month = Number(m?.[2]);
    if (!m || month < 1 || month > 12 || year < 1901 || year > 9998) {
      throw bad(
        `${field}.month：月份格式为 YYYY-MM，范围 1901-01 到 9998-12，例如 2026-11（收到的是“${input.month}”）`,
        `${field}.month: a month as YYYY-MM from 1901-01 to 9998-12, e.g. 2026-11 (got "${input.month}")`,
      );
    }
    range = { from: `${m[1]}-${m[2]}-01`, to: lastDayOfMonth(year, month) };
  } else {
    if (input.from == null) throw bad(`${field}.from：给出 to 时也要给出 from`, `${field}.from: needed with to`);
    if (input.to == null) throw bad(`${field}.to：给出 from 时也要给出 to`, `${field}.to: needed with from`);
    if (input.from > input.to)
      throw bad(`${field}：from（${input.from}）晚于 to（${input.to}）`, `${field}: from (${input.from}) is after to (${input.to})`);
    range = { from: input.from, to: input.to };
  }
  if (range.from < FIRST_REPORT_DAY)
    throw bad(`${field}.from：报表最早从 ${FIRST_REPORT_DAY} 开始`, `${field}.from: reports start on ${FIRST_REPORT_DAY}`);
  if (range.to > LAST_REPORT_DAY)
    throw bad(`${field}.to：报表最晚到 ${LAST_REPORT_DAY} 为止`, `${field}.to: reports end on ${LAST_REPORT_DAY}`);
  return range;
}

/** The first day of the day's bucket (unclipped): the day, its Monday, the 1st of its month, quarter or year. */
export function bucketStart(day: string, granularity: ReportGranularity): string {
  switch (granularity) {
    case 'DAY':
      return day;
    case 'WEEK': {
      // Day 0 (1970-01-01) was a Thursday: Monday is 0 in ((n + 3) mod 7).
      const n = dayNumber(day);
      return addDays(day, -(((n + 3) % 7) + 7) % 7);
    }
    case 'MONTH':
      return `${day.slice(0, 8)}01`;
    case 'QUARTER': {
      const month = Math.floor((Number(day.slice(5, 7)) - 1) / 3) * 3 + 1;
      return `${day.slice(0, 5)}${String(month).padStart(2, '0')}-01`;
    }
    case 'YEAR':
      return `${day.slice(0, 5)}01-01`;
  }
}

function nextBucketStart(start: string, granularity: ReportGranularity): string {
  switch (granularity) {
    case 'DAY':
      return addDays(start, 1);
    case 'WEEK':
      return addDays(start, 7);
    case 'MONTH':
      return addMonths(start, 1);
    case 'QUARTER':
      return addMonths(start, 3);
    case 'YEAR':
      return addMonths(start, 12);
  }
}

/** ISO 8601 week label of the week starting on `monday`: the week belongs to the year of its Thursday. */
function isoWeekLabel(monday: string): string {
  const thursday = addDays(monday, 3);
  const year = thursday.slice(0, 4);
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

function bucketLabel(start: string, granularity: ReportGranularity): string {
  switch (granularity) {
    case 'DAY':
      return start;
    case 'WEEK':
      return isoWeekLabel(start);
    case 'MONTH':
      return start.slice(0, 7);
    case 'QUARTER':
      return `${start.slice(0, 4)}-Q${Math.floor((Number(start.slice(5, 7)) - 1) / 3) + 1}`;
    case 'YEAR':
      return start.slice(0, 4);
  }
}

/**
 * The buckets of a period in order; too many for the granularity is BAD_USER_INPUT with the
 * limit. A period compared with (`limited: false`) is not refused: a year of 366 days is
 * compared with the 365 of the year before, and only as many of its buckets are used.
 */
export function reportBuckets(period: DayRange, granularity: ReportGranularity, field = 'granularity', limited = true): ReportBucket[] {
  const limit = MAX_BUCKETS[granularity];
  const count = bucketCount(period, granularity);
  if (limited && count > limit.count) {
    throw bad(
      `${field}：${granularity}：最多 ${limit.count} ${limit.unit.zh}，该期间有 ${count} ${limit.unit.zh}；请选择更粗的粒度或更短的期间`,
      `${field}: ${granularity}: at most ${limit.count} ${limit.unit.en}, the period has ${count}; choose a coarser granularity or a shorter period`,
    );
  }
  const buckets: ReportBucket[] = [];
  for (let start = bucketStart(period.from, granularity); start <= period.to; start = nextBucketStart(start, granularity)) {
    const end = addDays(nextBucketStart(start, granularity), -1);
    buckets.push({
      from: start < period.from ? period.from : start,
      to: end > period.to ? period.to : end,
      label: bucketLabel(start, granularity),
    });
  }
  return buckets;
}

function bucketCount(period: DayRange, granularity: ReportGranularity): number {
  const months = (day: string) => Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;
  switch (granularity) {
    case 'DAY':
      return daysBetween(period.from, period.to) + 1;
    case 'WEEK':
      return daysBetween(bucketStart(period.from, 'WEEK'), bucketStart(period.to, 'WEEK')) / 7 + 1;
    case 'MONTH':
      return months(period.to) - months(period.from) + 1;
    case 'QUARTER':
      return Math.floor(months(period.to) / 3) - Math.floor(months(period.from) / 3) + 1;
    case 'YEAR':
      return Number(period.to.slice(0, 4)) - Number(period.from.slice(0, 4)) + 1;
  }
}

/** Whether the period is whole calendar months (1st of a month to the last day of a month). */
function isWholeMonths(period: DayRange): boolean {
  return period.from.endsWith('-01') && addDays(period.to, 1).endsWith('-01');
}

/**
 * What a period is compared with. Whole months: the same number of months just before, and
 * the same months a year earlier (March ↔ February; a month ↔ the same month last year).
 * Other periods: as many days just before (a week ↔ the week before), and the same days a
 * year earlier (29 February → 28 February). By WEEK, whole weeks, so that weeks line up with
 * weeks: the previous period is as many weeks before as it takes to cover the period, the year
 * before is 52 weeks (364 days) earlier (ISO week 49 ↔ week 49, Monday ↔ Monday).
 */
export function comparisonPeriods(period: DayRange, granularity: ReportGranularity = 'DAY'): { previous: DayRange; yearBefore: DayRange } {
  const days = daysBetween(period.from, period.to) + 1;
  if (granularity === 'WEEK') {
    const shift = Math.ceil(days / 7) * 7;
    return {
      previous: { from: addDays(period.from, -shift), to: addDays(period.to, -shift) },
      yearBefore: { from: addDays(period.from, -364), to: addDays(period.to, -364) },
    };
  }
  if (isWholeMonths(period)) {
    const months = bucketCount(period, 'MONTH');
    return {
      previous: { from: addMonths(period.from, -months), to: addDays(period.from, -1) },
      yearBefore: { from: addMonths(period.from, -12), to: addDays(addMonths(addDays(period.to, 1), -12), -1) },
    };
  }
  return {
    previous: { from: addDays(period.from, -days), to: addDays(period.from, -1) },
    yearBefore: { from: addMonths(period.from, -12), to: addMonths(period.to, -12) },
  };
}

/** What a report is compared with (`comparisonPeriods`). */
export const REPORT_COMPARISONS = ['PREVIOUS_PERIOD', 'YEAR_BEFORE'] as const;
export type ReportComparison = (typeof REPORT_COMPARISONS)[number];
