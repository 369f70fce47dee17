import {
  FIRST_DAY,
  LAST_DAY,
  addDays,
  addMonths,
  calendarDayIn,
  dayNumber,
  dayString,
  daysBetween,
  daysInMonth,
  isCalendarDay,
  isLeapYear,
  lastDayOfMonth,
} from '../../src/domain/common/calendar';

/** The reference: `Date` arithmetic in UTC, valid for the years `Date.parse` reads literally (0000–9999). */
const viaDate = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('calendar', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2000-02-28', 1, '2000-02-29'],
    ['1900-02-28', 1, '1900-03-01'],
    ['2026-12-31', 365, '2027-12-31'],
    ['0001-01-02', -1, '0001-01-01'],
    ['9999-12-30', 1, '9999-12-31'],
  ])('addDays(%s, %i) is %s', (day, days, expected) => {
    expect(addDays(day, days)).toBe(expected);
    expect(daysBetween(day, expected)).toBe(days);
  });

  it.each([
    ['9999-12-31', 1],
    ['9999-12-31', 100_000],
    ['9000-01-01', 1_000_000],
  ])('addDays(%s, %i) stops at 9999-12-31 (never "+010000-…")', (day, days) => {
    expect(addDays(day, days)).toBe(LAST_DAY);
  });

  it.each([
    ['0001-01-01', -1],
    ['0500-06-15', -1_000_000],
  ])('addDays(%s, %i) stops at 0001-01-01', (day, days) => {
    expect(addDays(day, days)).toBe(FIRST_DAY);
  });

  it('agrees with Date arithmetic over the whole range, both ways', () => {
    for (let n = dayNumber(FIRST_DAY); n <= dayNumber(LAST_DAY); n += 997) {
      const day = dayString(n);
      expect(day).toBe(viaDate('1970-01-01', n));
      expect(dayNumber(day)).toBe(n);
      expect(addDays(day, 31)).toBe(n + 31 <= dayNumber(LAST_DAY) ? viaDate(day, 31) : LAST_DAY);
    }
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(daysBetween(FIRST_DAY, LAST_DAY)).toBe(3_652_058);
  });

  it('reads a day that is not one as NaN and refuses to move it', () => {
    expect(dayNumber('2026-13-01')).toBeNaN();
    expect(daysBetween('nope', '2026-01-01')).toBeNaN();
    expect(() => addDays('nope', 1)).toThrow(RangeError);
  });

  it.each([
    ['2026-05-31', 3, '2026-08-31'],
    ['2025-11-30', 3, '2026-02-28'],
    ['2023-11-30', 3, '2024-02-29'],
    ['2026-12-31', 2, '2027-02-28'],
    ['2026-03-15', -15, '2024-12-15'],
    ['0004-03-31', -1, '0004-02-29'],
    ['9999-10-31', 2, '9999-12-31'],
    ['9999-12-31', 1, '9999-12-31'],
    ['9999-12-15', 1200, '9999-12-15'],
    ['0001-01-31', -1, '0001-01-31'],
    ['0001-03-31', -2, '0001-01-31'],
  ])('addMonths(%s, %i) is %s', (day, months, expected) => {
    expect(addMonths(day, months)).toBe(expected);
  });

  it.each([
    [2024, true],
    [2023, false],
    [2000, true],
    [1900, false],
    [4, true],
    [9996, true],
  ])('isLeapYear(%i) is %s', (year, expected) => {
    expect(isLeapYear(year)).toBe(expected);
  });

  it.each([
    [2026, 2, 28, '2026-02-28'],
    [2024, 2, 29, '2024-02-29'],
    [2026, 4, 30, '2026-04-30'],
    [9999, 12, 31, '9999-12-31'],
    [1, 1, 31, '0001-01-31'],
  ])('%i-%i has %i days, the last %s', (year, month, days, last) => {
    expect(daysInMonth(year, month)).toBe(days);
    expect(lastDayOfMonth(year, month)).toBe(last);
  });

  it.each([
    ['2026-02-28', true],
    ['2024-02-29', true],
    ['2026-02-29', false],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['0001-01-01', true],
    ['0050-02-28', true],
    ['9999-12-31', true],
    ['0000-01-01', false],
    ['2026-1-01', false],
    ['+010000-01-01', false],
  ])('isCalendarDay(%s) is %s', (value, expected) => {
    expect(isCalendarDay(value)).toBe(expected);
  });

  it('gives the calendar day of an instant in a time zone', () => {
    const instant = new Date('2026-03-31T17:30:00Z');
    expect(calendarDayIn(instant, 'Asia/Shanghai')).toBe('2026-04-01');
    expect(calendarDayIn(instant, 'UTC')).toBe('2026-03-31');
    expect(calendarDayIn(instant, 'America/Los_Angeles')).toBe('2026-03-31');
  });
});
