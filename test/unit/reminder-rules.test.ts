import {
  dayInYear,
  daysOfUse,
  evaluateReminders,
  nextYearly,
  repurchaseDays,
  urgencyOf,
  type ReminderFacts,
} from '../../src/domain/reminders/reminder-rules';
import { reminderReason } from '../../src/domain/reminders/reminder-reason';
import { DEFAULT_REMINDER_SETTINGS } from '../../src/domain/reminders/reminder-settings';
import { reminderSettingsProblems } from '../../src/domain/reminders/reminder-settings.validate';
import { REMINDER_KINDS } from '../../src/domain/reminders/reminder.enums';

const TODAY = '2027-02-25';
const NOW = new Date('2027-02-25T04:00:00Z');
const base: ReminderFacts = {
  customerId: 1,
  createdOn: '2027-02-20',
  hasOwner: true,
  tier: 'ORDINARY',
  birthday: null,
  importantDates: [],
  orderCount: 1,
  firstOrderOn: '2027-02-01',
  lastOrderOn: '2027-02-01',
  medianIntervalDays: null,
  lastFollowUpOn: '2027-02-24',
  nextFollowUp: null,
  lastReviewOn: null,
  consumables: [],
  durables: [],
  coverages: [],
  unansweredInquiries: [],
  trend: null,
};
const ctx = { settings: DEFAULT_REMINDER_SETTINGS, today: TODAY, now: NOW, timeZone: 'Asia/Shanghai', holidays: [] };

describe('yearly dates', () => {
  it.each([
    ['2000-02-29', 2027, '2027-02-28'],
    ['2000-02-29', 2028, '2028-02-29'],
    ['1990-12-31', 2027, '2027-12-31'],
  ])('%s falls on its day in %i: %s', (date, year, expected) => {
    expect(dayInYear(date, year)).toBe(expected);
  });

  it.each([
    ['1990-02-25', '2027-02-25', '2027-02-25'],
    ['1990-02-24', '2027-02-25', '2028-02-24'],
    ['2000-02-29', '2027-02-25', '2027-02-28'],
    ['2000-02-29', '2027-03-01', '2028-02-29'],
    ['1990-01-02', '2026-12-28', '2027-01-02'],
  ])('%s next on or after %s: %s', (date, today, expected) => {
    expect(nextYearly(date, today)).toBe(expected);
  });

  it('a 29 February birthday is greeted in a common year, from 7 days before 28 February', () => {
    const [b] = evaluateReminders({ ...base, birthday: '2000-02-29' }, ctx);
    expect(b).toMatchObject({ kind: 'BIRTHDAY', key: '2027', dueOn: '2027-02-28', figures: { age: 27 } });
  });
});

describe('thresholds', () => {
  it.each([
    ['3', 30, 90],
    ['0.500', 30, 15],
    ['1.999', 7, 13],
  ])('%s units of a %i-day cycle last %i days', (quantity, cycle, days) => {
    expect(daysOfUse(quantity, cycle)).toBe(days);
  });

  it.each([
    [null, 60],
    [20, 60],
    [50, 75],
    [41, 62],
    [40.5, 61],
  ])('median %p days: no repurchase after %i days', (median, days) => {
    expect(repurchaseDays(median, 150, 60)).toBe(days);
  });

  it.each([
    [{ dueOn: '2027-02-24', dueAt: null }, 'OVERDUE'],
    [{ dueOn: TODAY, dueAt: null }, 'DUE_TODAY'],
    [{ dueOn: '2027-02-26', dueAt: null }, 'UPCOMING'],
    [{ dueOn: TODAY, dueAt: new Date(NOW.getTime() - 1) }, 'OVERDUE'],
  ] as const)('%p is %s', (due, urgency) => {
    expect(urgencyOf(due, TODAY, NOW)).toBe(urgency);
  });
});

describe('reasons', () => {
  const figures = {
    PRODUCT_USED_UP: { product: '墨盒', orderedOn: '2026-08-02', quantity: '3.000', usageCycleDays: 30, usedUpOn: '2026-11-01' },
    MAINTENANCE_DUE: {
      product: '打印机',
      since: '2026-06-01',
      sinceMaintenance: true,
      maintenanceIntervalDays: 180,
      maintenanceOn: '2026-11-28',
    },
    NO_FOLLOW_UP: { lastFollowUpOn: '2026-10-01', days: 30 },
    NEVER_FOLLOWED_UP: { createdOn: '2026-11-01', days: 7 },
    NO_REPURCHASE: { lastOrderOn: '2026-08-01', medianIntervalDays: 40.5, days: 61 },
    NEVER_PURCHASED: { createdOn: '2026-10-01', days: 30 },
    NEXT_FOLLOW_UP_DUE: { plannedOn: '2026-11-23' },
    BIRTHDAY: { date: '1990-11-30', on: '2026-11-30', age: 36 },
    ANNIVERSARY: { dateKind: 'COMPANY_ANNIVERSARY', label: null, date: '2001-11-25', on: '2026-11-25', years: 25 },
    HOLIDAY: { holidayZh: '春节', holidayEn: 'Spring Festival', on: '2027-02-06', tier: 'VIP' },
    RENEWAL_DUE: { caseType: 'WARRANTY', endsOn: '2026-12-01' },
    INQUIRY_RESPONSE_OVERDUE: {},
    PURCHASE_TREND_FALLING: { decliningVolume: true, shrinkingVariety: true, priorProducts: 5, recentProducts: 2 },
    VIP_REVIEW_DUE: { since: '2026-08-20', reviewed: true, everyMonths: 3, tier: 'VIP' },
  } as const;

  it('the issue’s example reads as written', () => {
    expect(reminderReason('PRODUCT_USED_UP', figures.PRODUCT_USED_UP, { dueOn: '2026-10-25', dueAt: null }, 'en', 'Asia/Shanghai')).toBe(
      'last purchase 2026-08-02 of 3 × 墨盒, usage cycle 30 days: used up around 2026-11-01',
    );
  });

  it.each(REMINDER_KINDS.values.map((k) => [k]))('%s is explained in Chinese and English with its figures', (kind) => {
    const due = { dueOn: '2026-11-23', dueAt: kind === 'INQUIRY_RESPONSE_OVERDUE' ? new Date('2026-11-23T02:00:00Z') : null };
    const zh = reminderReason(kind, figures[kind], due, 'zh', 'Asia/Shanghai');
    const en = reminderReason(kind, figures[kind], due, 'en', 'Asia/Shanghai');
    expect(zh).toMatch(/[\u4e00-\u9fff]/);
    expect(en).not.toBe(zh);
    const some =
      Object.values(figures[kind]).find((v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) ??
      (kind === 'INQUIRY_RESPONSE_OVERDUE' ? '2026-11-23 10:00' : null);
    if (some) expect(en).toContain(some);
  });
});

describe('reminderSettingsProblems', () => {
  it('accepts the defaults', () => {
    expect(reminderSettingsProblems(DEFAULT_REMINDER_SETTINGS)).toEqual([]);
  });

  it.each([
    ['NO_FOLLOW_UP days 0', (s: typeof DEFAULT_REMINDER_SETTINGS) => (s.rules.NO_FOLLOW_UP.days = 0), 'rules.NO_FOLLOW_UP.days'],
    ['a fractional ahead', (s: typeof DEFAULT_REMINDER_SETTINGS) => (s.rules.BIRTHDAY.aheadDays = 1.5), 'rules.BIRTHDAY.aheadDays'],
    ['an unknown tier', (s: typeof DEFAULT_REMINDER_SETTINGS) => (s.rules.HOLIDAY.tiers = ['GOLD' as never]), 'rules.HOLIDAY.tiers'],
    [
      'no review channel',
      (s: typeof DEFAULT_REMINDER_SETTINGS) => (s.rules.VIP_REVIEW_DUE.reviewChannels = []),
      'rules.VIP_REVIEW_DUE.reviewChannels',
    ],
    [
      'a multiplier under 1',
      (s: typeof DEFAULT_REMINDER_SETTINGS) => (s.rules.NO_REPURCHASE.multiplierPercent = 90),
      'rules.NO_REPURCHASE.multiplierPercent',
    ],
    ['a cap window of 0 days', (s: typeof DEFAULT_REMINDER_SETTINGS) => (s.marketingCap.days = 0), 'marketingCap.days'],
  ])('refuses %s at its path', (_name, change, path) => {
    const s = structuredClone(DEFAULT_REMINDER_SETTINGS);
    change(s);
    expect(reminderSettingsProblems(s).map((p) => p.path.join('.'))).toEqual([path]);
  });
});
