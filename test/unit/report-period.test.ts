import { RequestError } from '../../src/domain/common/domain-error';
import {
  bucketStart,
  comparisonPeriods,
  reportBuckets,
  resolvePeriod,
  type ReportGranularity,
} from '../../src/domain/reports/report-period';

/** Report periods (issue 14, A1): the forms of a period, its buckets and what it is compared with. */

const badInput = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(RequestError);
    return (e as RequestError).message;
  }
  throw new Error('expected a RequestError');
};

describe('resolvePeriod', () => {
  it('takes from/to, a year or a month', () => {
    expect(resolvePeriod({ from: '2026-11-03', to: '2026-11-09' })).toEqual({ from: '2026-11-03', to: '2026-11-09' });
    expect(resolvePeriod({ year: 2024 })).toEqual({ from: '2024-01-01', to: '2024-12-31' });
    expect(resolvePeriod({ month: '2024-02' })).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(resolvePeriod({ month: '2026-12' })).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });

  it('refuses an inverted, missing, mixed or malformed period, naming the field', () => {
    expect(badInput(() => resolvePeriod({ from: '2026-11-09', to: '2026-11-03' }))).toMatch(
      /period: from \(2026-11-09\) is after to \(2026-11-03\)/,
    );
    expect(badInput(() => resolvePeriod({ from: '2026-11-09' }))).toMatch(/period\.to/);
    expect(badInput(() => resolvePeriod({}))).toMatch(/period: give from and to, a year or a month/);
    expect(badInput(() => resolvePeriod({ year: 2026, month: '2026-11' }))).toMatch(/only one of/);
    expect(badInput(() => resolvePeriod({ month: '2026-13' }))).toMatch(/period\.month/);
    expect(badInput(() => resolvePeriod({ month: '26-1' }))).toMatch(/period\.month/);
    expect(badInput(() => resolvePeriod({ year: 1899 }))).toMatch(/period\.year/);
    expect(badInput(() => resolvePeriod({ year: 10_000 }))).toMatch(/period\.year/);
    expect(badInput(() => resolvePeriod({ from: '1899-12-31', to: '1900-01-05' }))).toMatch(/period\.from/);
  });

  it('keeps to 1901–9998, so that comparisons and buckets stay inside the calendar', () => {
    expect(resolvePeriod({ year: 1901 })).toEqual({ from: '1901-01-01', to: '1901-12-31' });
    expect(resolvePeriod({ month: '9998-12' })).toEqual({ from: '9998-12-01', to: '9998-12-31' });
    expect(badInput(() => resolvePeriod({ year: 1900 }))).toMatch(/period\.year: a year from 1901 to 9998/);
    expect(badInput(() => resolvePeriod({ year: 9999 }))).toMatch(/period\.year/);
    expect(badInput(() => resolvePeriod({ month: '9999-12' }))).toMatch(/period\.month/);
    expect(badInput(() => resolvePeriod({ from: '9998-12-30', to: '9999-12-31' }))).toMatch(/period\.to: reports end on 9998-12-31/);
    expect(badInput(() => resolvePeriod({ from: '1900-12-31', to: '1901-01-05' }))).toMatch(/period\.from: reports start on 1901-01-01/);
    for (const g of ['DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'] as const) {
      const last = reportBuckets({ from: '9998-12-31', to: '9998-12-31' }, g);
      expect(last).toHaveLength(1);
      expect(last[0]).toMatchObject({ from: '9998-12-31', to: '9998-12-31' });
      const first = reportBuckets({ from: '1901-01-01', to: '1901-01-01' }, g);
      expect(first[0]).toMatchObject({ from: '1901-01-01', to: '1901-01-01' });
      const { previous, yearBefore } = comparisonPeriods({ from: '1901-01-01', to: '1901-01-31' }, g);
      expect(previous.from >= '1900-01-01' && yearBefore.from >= '1900-01-01').toBe(true);
    }
    expect(reportBuckets({ from: '9998-12-25', to: '9998-12-31' }, 'WEEK').map((b) => b.label)).toEqual(['9998-W52', '9998-W53']);
  });
});

describe('bucketStart', () => {
  it.each<[string, ReportGranularity, string]>([
    ['2026-12-06', 'DAY', '2026-12-06'],
    ['2026-12-06', 'WEEK', '2026-11-30'], // a Sunday belongs to the week from Monday
    ['2026-11-30', 'WEEK', '2026-11-30'],
    ['2027-01-01', 'WEEK', '2026-12-28'],
    ['2026-12-06', 'MONTH', '2026-12-01'],
    ['2026-12-06', 'QUARTER', '2026-10-01'],
    ['2026-03-31', 'QUARTER', '2026-01-01'],
    ['2026-12-06', 'YEAR', '2026-01-01'],
  ])('%s by %s starts %s', (day, granularity, start) => {
    expect(bucketStart(day, granularity)).toBe(start);
  });
});

describe('reportBuckets', () => {
  it('covers the period, the first and last bucket clipped to it, with ISO labels', () => {
    expect(reportBuckets({ from: '2026-12-02', to: '2026-12-15' }, 'WEEK')).toEqual([
      { from: '2026-12-02', to: '2026-12-06', label: '2026-W49' },
      { from: '2026-12-07', to: '2026-12-13', label: '2026-W50' },
      { from: '2026-12-14', to: '2026-12-15', label: '2026-W51' },
    ]);
    expect(reportBuckets({ from: '2024-12-30', to: '2025-01-05' }, 'WEEK')).toEqual([
      { from: '2024-12-30', to: '2025-01-05', label: '2025-W01' },
    ]);
    expect(reportBuckets({ from: '2021-01-01', to: '2021-01-03' }, 'WEEK')[0].label).toBe('2020-W53');
    expect(reportBuckets({ from: '2026-02-15', to: '2026-05-01' }, 'MONTH').map((b) => [b.from, b.to, b.label])).toEqual([
      ['2026-02-15', '2026-02-28', '2026-02'],
      ['2026-03-01', '2026-03-31', '2026-03'],
      ['2026-04-01', '2026-04-30', '2026-04'],
      ['2026-05-01', '2026-05-01', '2026-05'],
    ]);
    expect(reportBuckets({ from: '2026-01-01', to: '2026-12-31' }, 'QUARTER').map((b) => b.label)).toEqual([
      '2026-Q1',
      '2026-Q2',
      '2026-Q3',
      '2026-Q4',
    ]);
    expect(reportBuckets({ from: '2024-06-01', to: '2026-01-01' }, 'YEAR').map((b) => b.label)).toEqual(['2024', '2025', '2026']);
    expect(reportBuckets({ from: '2026-12-06', to: '2026-12-06' }, 'DAY')).toEqual([
      { from: '2026-12-06', to: '2026-12-06', label: '2026-12-06' },
    ]);
  });

  it('refuses a period too long for its granularity with the limit in the message', () => {
    expect(reportBuckets({ from: '2024-01-01', to: '2024-12-31' }, 'DAY')).toHaveLength(366);
    expect(badInput(() => reportBuckets({ from: '2024-01-01', to: '2025-01-01' }, 'DAY'))).toMatch(
      /DAY: at most 366 days, the period has 367/,
    );
    expect(badInput(() => reportBuckets({ from: '1900-01-01', to: '2026-12-31' }, 'MONTH'))).toMatch(/MONTH: at most 240 months/);
    expect(reportBuckets({ from: '1900-01-01', to: '2026-12-31' }, 'YEAR')).toHaveLength(127);
    expect(badInput(() => reportBuckets({ from: '1900-01-01', to: '9999-12-31' }, 'YEAR'))).toMatch(/YEAR: at most 200 years/);
  });

  it('does not refuse a period compared with: a leap year of days against the 367 days a year earlier', () => {
    const compared = comparisonPeriods({ from: '2024-03-01', to: '2025-03-01' }).yearBefore;
    expect(compared).toEqual({ from: '2023-03-01', to: '2024-03-01' });
    expect(badInput(() => reportBuckets(compared, 'DAY'))).toMatch(/at most 366 days, the period has 367/);
    expect(reportBuckets(compared, 'DAY', 'granularity', false)).toHaveLength(367);
  });
});

describe('comparisonPeriods', () => {
  it('compares whole months with the months before and the same months a year earlier', () => {
    expect(comparisonPeriods({ from: '2026-03-01', to: '2026-03-31' })).toEqual({
      previous: { from: '2026-02-01', to: '2026-02-28' },
      yearBefore: { from: '2025-03-01', to: '2025-03-31' },
    });
    expect(comparisonPeriods({ from: '2024-01-01', to: '2024-03-31' })).toEqual({
      previous: { from: '2023-10-01', to: '2023-12-31' },
      yearBefore: { from: '2023-01-01', to: '2023-03-31' },
    });
    expect(comparisonPeriods({ from: '2025-02-01', to: '2025-02-28' }).yearBefore).toEqual({ from: '2024-02-01', to: '2024-02-29' });
  });

  it('compares other periods with as many days just before, and the same days a year earlier (29 February → 28)', () => {
    expect(comparisonPeriods({ from: '2026-11-30', to: '2026-12-06' })).toEqual({
      previous: { from: '2026-11-23', to: '2026-11-29' },
      yearBefore: { from: '2025-11-30', to: '2025-12-06' },
    });
    expect(comparisonPeriods({ from: '2024-02-29', to: '2024-03-02' })).toEqual({
      previous: { from: '2024-02-26', to: '2024-02-28' },
      yearBefore: { from: '2023-02-28', to: '2023-03-02' },
    });
  });

  it('by WEEK, compares whole weeks: as many weeks before, and 52 weeks earlier, Monday with Monday', () => {
    expect(comparisonPeriods({ from: '2026-11-30', to: '2026-12-06' }, 'WEEK')).toEqual({
      previous: { from: '2026-11-23', to: '2026-11-29' },
      yearBefore: { from: '2025-12-01', to: '2025-12-07' },
    });
    // A month by week: 31 days → 35 days (5 weeks) earlier, so each week's bucket starts on a Monday.
    expect(comparisonPeriods({ from: '2026-12-01', to: '2026-12-31' }, 'WEEK').previous).toEqual({ from: '2026-10-27', to: '2026-11-26' });
  });
});
