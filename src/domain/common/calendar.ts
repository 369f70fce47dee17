/**
 * Calendar days: `YYYY-MM-DD` strings in the proleptic Gregorian calendar, with the arithmetic
 * of PostgreSQL's `date ± integer` and `date - date`. The one home of day arithmetic: every rule
 * that counts days, months or years imports it from here.
 *
 * Days run from 0001-01-01 to 9999-12-31 (what a `YYYY-MM-DD` can write and PostgreSQL's
 * calendar holds); `addDays` and `addMonths` stop at those ends rather than write a year of
 * five digits ("+010000-01-01") that would sort before every other day.
 */

export const FIRST_DAY = '0001-01-01';
export const LAST_DAY = '9999-12-31';
/** `dayNumber(FIRST_DAY)` and `dayNumber(LAST_DAY)`. */
const FIRST_DAY_NUMBER = -719_162;
const LAST_DAY_NUMBER = 2_932_896;
const MS_PER_DAY = 86_400_000;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The number of days of `month` (1–12) in `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The `YYYY-MM-DD` of a year, month (1–12) and day. */
export function formatDay(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/** The last day of `month` (1–12) in `year`. */
export function lastDayOfMonth(year: number, month: number): string {
  return formatDay(year, month, daysInMonth(year, month));
}

/** Whether `value` is a real `YYYY-MM-DD` day from 0001-01-01 to 9999-12-31 (no year 0 in PostgreSQL's calendar). */
export function isCalendarDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const y = Number(value.slice(0, 4));
  const m = Number(value.slice(5, 7));
  const d = Number(value.slice(8, 10));
  return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** Days from `from` to `to` (negative when `to` is earlier), as PostgreSQL's `to - from`. */
export function daysBetween(from: string, to: string): number {
  return Math.round(dayNumber(to) - dayNumber(from));
}

/** `days` days after `day` (before it when negative), kept within 0001-01-01 … 9999-12-31. */
export function addDays(day: string, days: number): string {
  const n = dayNumber(day) + days;
  if (Number.isNaN(n)) throw new RangeError(`not a calendar day: ${day}`);
  return dayString(Math.min(Math.max(n, FIRST_DAY_NUMBER), LAST_DAY_NUMBER));
}

/**
 * `months` calendar months after a day; past the end of a month, its last day (31 May + 3
 * months = 31 August, 30 November + 3 = 28/29 February); kept within 0001-01 … 9999-12.
 */
export function addMonths(day: string, months: number): string {
  const m = Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1 + months;
  const clamped = Math.min(Math.max(m, 12), 9999 * 12 + 11);
  const year = Math.floor(clamped / 12);
  const month = (clamped % 12) + 1;
  return formatDay(year, month, Math.min(Number(day.slice(8, 10)), daysInMonth(year, month)));
}

/**
 * A `YYYY-MM-DD` day as a day number, the days since 1970-01-01 (`daysBetween('1970-01-01', day)`),
 * for loops that would otherwise parse the same days again and again; `dayString` turns it back.
 * Valid days are converted arithmetically; anything else goes through `Date.parse`, so a
 * day that is not one is NaN.
 */
export function dayNumber(day: string): number {
  if (day.length === 10 && day.charCodeAt(4) === 45 && day.charCodeAt(7) === 45) {
    const y = digits(day, 0, 4);
    const m = digits(day, 5, 7);
    const d = digits(day, 8, 10);
    if (y >= 0 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)) return daysFromCivil(y, m, d);
  }
  return Date.parse(`${day}T00:00:00Z`) / MS_PER_DAY;
}

/** The `YYYY-MM-DD` day of a day number (`addDays('1970-01-01', n)`). */
export function dayString(dayNumber: number): string {
  // Years 0000–9999 arithmetically (0000-01-01 is day −719528, 9999-12-31 day 2932896).
  if (Number.isInteger(dayNumber) && dayNumber >= -719_528 && dayNumber <= LAST_DAY_NUMBER) {
    // Civil from days (H. Hinnant), with March-based years of 400-year eras.
    const z = dayNumber + 719_468;
    const era = Math.floor(z / 146_097);
    const doe = z - era * 146_097;
    const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    const mp = Math.floor((5 * doy + 2) / 153);
    const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
    const m = mp < 10 ? mp + 3 : mp - 9;
    return formatDay(yoe + era * 400 + (m <= 2 ? 1 : 0), m, d);
  }
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * One `Intl.DateTimeFormat` per use (`kind`) and time zone: making one costs far more than
 * using it. Bounded, whatever zones callers pass (in practice the company's).
 */
export function dateTimeFormatIn(kind: string, timeZone: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  const key = `${kind}|${timeZone}`;
  let format = formats.get(key);
  if (!format) {
    format = make();
    if (formats.size < 256) formats.set(key, format);
  }
  return format;
}

/** The calendar day (`YYYY-MM-DD`) of an instant in a time zone. */
export function calendarDayIn(instant: Date, timeZone: string): string {
  return dateTimeFormatIn(
    'day',
    timeZone,
    () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
  ).format(instant);
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

/** Days from civil (H. Hinnant): the day number of a valid proleptic Gregorian day. */
function daysFromCivil(y: number, m: number, d: number): number {
  const year = m <= 2 ? y - 1 : y;
  const era = Math.floor(year / 400);
  const yoe = year - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}
