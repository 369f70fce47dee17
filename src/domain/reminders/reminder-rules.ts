import Decimal from 'decimal.js';
import { addDays, addMonths, calendarDayIn, isLeapYear } from '../common/calendar';
import type { ValueTier } from '../scoring/scoring.enums';
import type { ImportantDateKind } from '../customer/customer.enums';
import type { ReminderKind, ReminderUrgency } from './reminder.enums';
import type { ReminderSettings } from './reminder-settings';

/**
 * The reminder rules (DOMAIN M1) for one customer: which occurrences are listed as of
 * `today` (a calendar day in the company time zone) and `now`, with the figures that fired
 * each. The SQL compiler (`reminder-rules.sql.ts`) lists the same occurrences for a set of
 * customers; a property test checks that both agree.
 *
 * An occurrence is keyed by (kind, customer, key): the key names what this occurrence comes
 * from (the purchase, the follow-up, the year of the birthday, the inquiry…), so the state a
 * salesperson gives it (done, snoozed, dismissed) sticks to it, and the next one (the next
 * purchase's used-up day, next year's birthday) has another key and fires as new.
 */
export interface ReminderFacts {
  customerId: number;
  /** The company day the customer was created. */
  createdOn: string;
  hasOwner: boolean;
  tier: ValueTier;
  birthday: string | null;
  /** Important dates other than birthdays (wedding, company anniversary, other). */
  importantDates: Array<{ kind: ImportantDateKind; label: string | null; date: string }>;
  /** Completed orders: count, first and last company day, median days between them. */
  orderCount: number;
  firstOrderOn: string | null;
  lastOrderOn: string | null;
  medianIntervalDays: number | null;
  lastFollowUpOn: string | null;
  /** The latest follow-up (by time, then id), if it planned a next one. */
  nextFollowUp: { followUpId: number; on: string } | null;
  /** The company day of the latest follow-up on a review channel (VIP_REVIEW_DUE). */
  lastReviewOn: string | null;
  /** Per consumable product: its last completed purchase (latest day, then highest order id) and the quantity of that order. */
  consumables: Array<{
    productId: number;
    productName: string;
    orderId: number;
    orderedOn: string;
    quantity: string;
    usageCycleDays: number;
  }>;
  /** Per durable product: its last completed purchase, and the last resolved maintenance case for it. */
  durables: Array<{
    productId: number;
    productName: string;
    orderId: number;
    orderedOn: string;
    maintenanceIntervalDays: number;
    lastMaintenanceOn: string | null;
  }>;
  /** Service cases (not cancelled) with a coverage end. */
  coverages: Array<{ serviceCaseId: number; type: string; endsOn: string }>;
  /** Open inquiries without a first response. */
  unansweredInquiries: Array<{ inquiryId: number; responseDueAt: Date }>;
  /** The S6 trend over the last full months, when it has a flag. */
  trend: { decliningVolume: boolean; shrinkingVariety: boolean; priorProducts: number; recentProducts: number } | null;
}

export interface CompanyHoliday {
  day: string;
  nameZh: string;
  nameEn: string;
}

export interface ReminderContext {
  settings: ReminderSettings;
  today: string;
  now: Date;
  timeZone: string;
  holidays: readonly CompanyHoliday[];
}

export type ReminderSubject =
  | { type: 'ORDER'; id: number }
  | { type: 'PRODUCT'; id: number }
  | { type: 'FOLLOW_UP'; id: number }
  | { type: 'INQUIRY'; id: number }
  | { type: 'SERVICE_CASE'; id: number };

/** A figure of the explanation; values are strings or numbers so they read the same from SQL's jsonb. */
export type ReminderFigures = Record<string, string | number | boolean | null>;

export interface ReminderOccurrence {
  kind: ReminderKind;
  customerId: number;
  key: string;
  /** The company day it is due (for INQUIRY_RESPONSE_OVERDUE: the day of the deadline). */
  dueOn: string;
  /** The instant it is due: the start of `dueOn`, or the inquiry's deadline. */
  dueAt: Date | null;
  subject: ReminderSubject | null;
  figures: ReminderFigures;
}

/** A `YYYY-MM-DD` day's month-day in a given year; 29 February falls on 28 February in common years. */
export function dayInYear(date: string, year: number): string {
  const month = date.slice(5, 7);
  let day = date.slice(8, 10);
  if (month === '02' && day === '29' && !isLeapYear(year)) day = '28';
  return `${String(year).padStart(4, '0')}-${month}-${day}`;
}

/** The yearly date's next occurrence on or after `today`. */
export function nextYearly(date: string, today: string): string {
  const year = Number(today.slice(0, 4));
  const thisYear = dayInYear(date, year);
  return thisYear >= today ? thisYear : dayInYear(date, year + 1);
}

/** Days a purchase lasts: ⌊quantity × usage cycle⌋. */
export function daysOfUse(quantity: string, usageCycleDays: number): number {
  return new Decimal(quantity).times(usageCycleDays).floor().toNumber();
}

/**
 * DOMAIN "product used up": a consumable's last purchase lasts ⌊quantity × usage cycle⌋ days
 * and is due `warningDays` before it runs out. The reminder rule and the cross-sell
 * suggestions (a consumable not yet due is still in use) share this one copy.
 */
export function productUsedUp(
  p: { orderedOn: string; quantity: string; usageCycleDays: number },
  warningDays: number,
): { usedUpOn: string; dueOn: string } {
  const usedUpOn = addDays(p.orderedOn, daysOfUse(p.quantity, p.usageCycleDays));
  return { usedUpOn, dueOn: addDays(usedUpOn, -warningDays) };
}

/** The repurchase threshold: max(minDays, ⌈multiplier% × median interval⌉); minDays without a median. */
export function repurchaseDays(medianIntervalDays: number | null, multiplierPercent: number, minDays: number): number {
  if (medianIntervalDays == null) return minDays;
  return Math.max(minDays, Math.ceil((multiplierPercent * medianIntervalDays) / 100));
}

/** Every listed occurrence of one customer, in rule order. Archived customers have none (the caller leaves them out). */
export function evaluateReminders(f: ReminderFacts, ctx: ReminderContext): ReminderOccurrence[] {
  const r = ctx.settings.rules;
  const today = ctx.today;
  const out: ReminderOccurrence[] = [];
  const day = (kind: ReminderKind, key: string, dueOn: string, subject: ReminderSubject | null, figures: ReminderFigures) =>
    out.push({ kind, customerId: f.customerId, key, dueOn, dueAt: null, subject, figures });

  if (r.PRODUCT_USED_UP.enabled) {
    for (const p of f.consumables) {
      const { usedUpOn, dueOn } = productUsedUp(p, r.PRODUCT_USED_UP.warningDays);
      if (dueOn <= today) {
        day(
          'PRODUCT_USED_UP',
          `${p.productId}:${p.orderId}`,
          dueOn,
          { type: 'ORDER', id: p.orderId },
          {
            product: p.productName,
            orderedOn: p.orderedOn,
            quantity: p.quantity,
            usageCycleDays: p.usageCycleDays,
            usedUpOn,
          },
        );
      }
    }
  }
  if (r.MAINTENANCE_DUE.enabled) {
    for (const p of f.durables) {
      const since = p.lastMaintenanceOn != null && p.lastMaintenanceOn > p.orderedOn ? p.lastMaintenanceOn : p.orderedOn;
      const maintenanceOn = addDays(since, p.maintenanceIntervalDays);
      const dueOn = addDays(maintenanceOn, -r.MAINTENANCE_DUE.warningDays);
      if (dueOn <= today) {
        day(
          'MAINTENANCE_DUE',
          `${p.productId}:${since}`,
          dueOn,
          { type: 'PRODUCT', id: p.productId },
          {
            product: p.productName,
            since,
            sinceMaintenance: since !== p.orderedOn,
            maintenanceIntervalDays: p.maintenanceIntervalDays,
            maintenanceOn,
          },
        );
      }
    }
  }
  if (f.hasOwner && f.lastFollowUpOn != null && r.NO_FOLLOW_UP.enabled) {
    const dueOn = addDays(f.lastFollowUpOn, r.NO_FOLLOW_UP.days);
    if (dueOn <= today)
      day('NO_FOLLOW_UP', `since:${f.lastFollowUpOn}`, dueOn, null, { lastFollowUpOn: f.lastFollowUpOn, days: r.NO_FOLLOW_UP.days });
  }
  if (f.hasOwner && f.lastFollowUpOn == null && r.NEVER_FOLLOWED_UP.enabled) {
    const dueOn = addDays(f.createdOn, r.NEVER_FOLLOWED_UP.days);
    if (dueOn <= today) day('NEVER_FOLLOWED_UP', 'never', dueOn, null, { createdOn: f.createdOn, days: r.NEVER_FOLLOWED_UP.days });
  }
  if (f.lastOrderOn != null && r.NO_REPURCHASE.enabled) {
    const days = repurchaseDays(f.medianIntervalDays, r.NO_REPURCHASE.multiplierPercent, r.NO_REPURCHASE.minDays);
    const dueOn = addDays(f.lastOrderOn, days);
    if (dueOn <= today) {
      day('NO_REPURCHASE', `since:${f.lastOrderOn}`, dueOn, null, {
        lastOrderOn: f.lastOrderOn,
        medianIntervalDays: f.medianIntervalDays,
        days,
      });
    }
  }
  if (f.orderCount === 0 && r.NEVER_PURCHASED.enabled) {
    const dueOn = addDays(f.createdOn, r.NEVER_PURCHASED.days);
    if (dueOn <= today) day('NEVER_PURCHASED', 'never', dueOn, null, { createdOn: f.createdOn, days: r.NEVER_PURCHASED.days });
  }
  if (f.nextFollowUp != null && r.NEXT_FOLLOW_UP_DUE.enabled) {
    if (addDays(f.nextFollowUp.on, -r.NEXT_FOLLOW_UP_DUE.aheadDays) <= today) {
      day(
        'NEXT_FOLLOW_UP_DUE',
        `follow-up:${f.nextFollowUp.followUpId}`,
        f.nextFollowUp.on,
        { type: 'FOLLOW_UP', id: f.nextFollowUp.followUpId },
        {
          plannedOn: f.nextFollowUp.on,
        },
      );
    }
  }
  // Greetings are listed from `aheadDays` before the day through the day itself, then the next year's comes.
  if (f.birthday != null && r.BIRTHDAY.enabled) {
    const on = nextYearly(f.birthday, today);
    if (addDays(on, -r.BIRTHDAY.aheadDays) <= today)
      day('BIRTHDAY', on.slice(0, 4), on, null, { date: f.birthday, on, age: Number(on.slice(0, 4)) - Number(f.birthday.slice(0, 4)) });
  }
  if (r.ANNIVERSARY.enabled) {
    for (const d of f.importantDates) {
      const on = nextYearly(d.date, today);
      if (addDays(on, -r.ANNIVERSARY.aheadDays) <= today) {
        day('ANNIVERSARY', `${d.kind}:${d.date}:${on.slice(0, 4)}`, on, null, {
          dateKind: d.kind,
          label: d.label,
          date: d.date,
          on,
          years: Number(on.slice(0, 4)) - Number(d.date.slice(0, 4)),
        });
      }
    }
  }
  if (r.HOLIDAY.enabled && r.HOLIDAY.tiers.includes(f.tier)) {
    const last = addDays(today, r.HOLIDAY.aheadDays);
    for (const h of ctx.holidays) {
      if (h.day >= today && h.day <= last)
        day('HOLIDAY', h.day, h.day, null, { holidayZh: h.nameZh, holidayEn: h.nameEn, on: h.day, tier: f.tier });
    }
  }
  if (r.RENEWAL_DUE.enabled) {
    // Listed from `aheadDays` before the end to `aheadDays` after it: a lapsed contract is still worth a call for a while.
    for (const c of f.coverages) {
      if (addDays(c.endsOn, -r.RENEWAL_DUE.aheadDays) <= today && today <= addDays(c.endsOn, r.RENEWAL_DUE.aheadDays)) {
        day(
          'RENEWAL_DUE',
          `${c.serviceCaseId}:${c.endsOn}`,
          c.endsOn,
          { type: 'SERVICE_CASE', id: c.serviceCaseId },
          { caseType: c.type, endsOn: c.endsOn },
        );
      }
    }
  }
  if (r.INQUIRY_RESPONSE_OVERDUE.enabled) {
    for (const q of f.unansweredInquiries) {
      if (q.responseDueAt.getTime() < ctx.now.getTime()) {
        out.push({
          kind: 'INQUIRY_RESPONSE_OVERDUE',
          customerId: f.customerId,
          key: String(q.inquiryId),
          dueOn: calendarDayIn(q.responseDueAt, ctx.timeZone),
          dueAt: q.responseDueAt,
          subject: { type: 'INQUIRY', id: q.inquiryId },
          // The deadline is the reminder's own dueAt; the explanation reads it there.
          figures: {},
        });
      }
    }
  }
  if (r.PURCHASE_TREND_FALLING.enabled && f.trend && (f.trend.decliningVolume || f.trend.shrinkingVariety)) {
    const month = today.slice(0, 7);
    day('PURCHASE_TREND_FALLING', month, `${month}-01`, null, {
      decliningVolume: f.trend.decliningVolume,
      shrinkingVariety: f.trend.shrinkingVariety,
      priorProducts: f.trend.priorProducts,
      recentProducts: f.trend.recentProducts,
    });
  }
  const review = r.VIP_REVIEW_DUE;
  if (review.enabled && review.tiers.includes(f.tier)) {
    const since = f.lastReviewOn ?? f.firstOrderOn ?? f.createdOn;
    const dueOn = addMonths(since, review.everyMonths);
    if (addDays(dueOn, -review.aheadDays) <= today) {
      day('VIP_REVIEW_DUE', `since:${since}`, dueOn, null, {
        since,
        reviewed: f.lastReviewOn != null,
        everyMonths: review.everyMonths,
        tier: f.tier,
      });
    }
  }
  return out;
}

/** The urgency of an occurrence at `now`: its due day before today (or, for a deadline, the deadline passed), today, or later. */
export function urgencyOf(o: Pick<ReminderOccurrence, 'dueOn' | 'dueAt'>, today: string, now: Date): ReminderUrgency {
  if (o.dueAt != null) return o.dueAt.getTime() < now.getTime() ? 'OVERDUE' : o.dueOn === today ? 'DUE_TODAY' : 'UPCOMING';
  return o.dueOn < today ? 'OVERDUE' : o.dueOn === today ? 'DUE_TODAY' : 'UPCOMING';
}
