import type { FollowUpChannel } from '../records/records.enums';
import type { ValueTier } from '../scoring/scoring.enums';
import type { ReminderKind, TouchPurpose } from './reminder.enums';

/**
 * The company's reminder rules and marketing cap, as data (DOMAIN M1, M4, "Default rules").
 * One TypeScript evaluator explains one customer with them (`reminder-rules.ts`), one SQL
 * compiler lists them for a set (`reminder-rules.sql.ts`); both read only this.
 *
 * "Days" are calendar days in the company time zone. A day-based reminder is due at the
 * first instant of its due day; it is listed from `aheadDays` before that day on (0: from the
 * due day), and stays listed until it is done, dismissed or replaced by the next occurrence.
 */
export interface ReminderSettings {
  rules: ReminderRules;
  marketingCap: MarketingCap;
}

interface Rule {
  enabled: boolean;
}

export interface ReminderRules {
  /** Consumables: last purchase day + quantity × usage cycle − warningDays. */
  PRODUCT_USED_UP: Rule & { warningDays: number };
  /** Durables: the later of the last purchase and the last resolved maintenance case for the product + the maintenance interval − warningDays. */
  MAINTENANCE_DUE: Rule & { warningDays: number };
  /** Customers with an owner whose last follow-up is `days` days old (their first one counts from creation: see NEVER_FOLLOWED_UP). */
  NO_FOLLOW_UP: Rule & { days: number };
  /** Customers with an owner, never followed up, created `days` days ago. */
  NEVER_FOLLOWED_UP: Rule & { days: number };
  /** Last completed order + max(minDays, ⌈multiplierPercent % × own median interval⌉). */
  NO_REPURCHASE: Rule & { multiplierPercent: number; minDays: number };
  /** No completed order, created `days` days ago. */
  NEVER_PURCHASED: Rule & { days: number };
  /** The latest follow-up's next follow-up day, listed `aheadDays` before. */
  NEXT_FOLLOW_UP_DUE: Rule & { aheadDays: number };
  /** The birthday's next day (29 February on 28 February in common years), listed `aheadDays` before. */
  BIRTHDAY: Rule & { aheadDays: number };
  /** Each important date but birthdays (wedding, company anniversary, other), yearly, like BIRTHDAY. */
  ANNIVERSARY: Rule & { aheadDays: number };
  /** Each company holiday, listed `aheadDays` before, for customers in these value tiers. */
  HOLIDAY: Rule & { aheadDays: number; tiers: ValueTier[] };
  /** A warranty or maintenance contract (a service case's coverage end) ending, listed `aheadDays` before. */
  RENEWAL_DUE: Rule & { aheadDays: number };
  /** An open inquiry not answered by its response deadline (R4); due at the deadline. */
  INQUIRY_RESPONSE_OVERDUE: Rule;
  /** A trend flag of S6 (falling volume or shrinking variety) over the last full months; due on the first day of this month. */
  PURCHASE_TREND_FALLING: Rule;
  /** Customers in these tiers: the last review (a follow-up on one of `reviewChannels`), or becoming a customer, + everyMonths months. */
  VIP_REVIEW_DUE: Rule & { everyMonths: number; tiers: ValueTier[]; reviewChannels: FollowUpChannel[]; aheadDays: number };
}

export interface MarketingCap {
  /** At most `maxTouches` touches of the capped purposes per customer in any `days` days. */
  maxTouches: number;
  days: number;
  cappedPurposes: TouchPurpose[];
}

export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = {
  rules: {
    PRODUCT_USED_UP: { enabled: true, warningDays: 7 },
    MAINTENANCE_DUE: { enabled: true, warningDays: 7 },
    NO_FOLLOW_UP: { enabled: true, days: 30 },
    NEVER_FOLLOWED_UP: { enabled: true, days: 7 },
    NO_REPURCHASE: { enabled: true, multiplierPercent: 150, minDays: 60 },
    NEVER_PURCHASED: { enabled: true, days: 30 },
    NEXT_FOLLOW_UP_DUE: { enabled: true, aheadDays: 0 },
    BIRTHDAY: { enabled: true, aheadDays: 7 },
    ANNIVERSARY: { enabled: true, aheadDays: 7 },
    HOLIDAY: { enabled: true, aheadDays: 7, tiers: ['VIP', 'MAJOR'] },
    RENEWAL_DUE: { enabled: true, aheadDays: 30 },
    INQUIRY_RESPONSE_OVERDUE: { enabled: true },
    PURCHASE_TREND_FALLING: { enabled: true },
    VIP_REVIEW_DUE: { enabled: true, everyMonths: 3, tiers: ['VIP'], reviewChannels: ['VISIT', 'MEETING'], aheadDays: 7 },
  },
  marketingCap: { maxTouches: 2, days: 30, cappedPurposes: ['PROMOTION', 'NEW_PRODUCT'] },
};

export function isReminderKind(value: string): value is ReminderKind {
  return Object.prototype.hasOwnProperty.call(DEFAULT_REMINDER_SETTINGS.rules, value);
}
