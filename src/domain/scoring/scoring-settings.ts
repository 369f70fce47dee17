import type { CompanySize } from '../customer/customer.enums';
import type { LifecycleStage, MemberLevel, RfmGroup, VolumeMeasure } from './scoring.enums';

/**
 * The company's scoring rules, as data (DOMAIN "Default rules"). One evaluator explains one
 * customer with them, one SQL compiler evaluates sets with them; both read only this.
 *
 * Conventions every rule follows:
 * - "days ago" is the number of calendar days, in the company time zone, between a day and
 *   today (today = 0). "Within N days" means days ago ≤ N; "older than N days" means > N.
 * - Money is a decimal string in the company currency; comparisons are exact.
 * - Weights and shares are integer percentages, so TypeScript and SQL compute the same
 *   integers (the API shows them as fractions: 40 → 0.4).
 */
export interface ScoringSettings {
  /** Days of the window for F, M, gross profit (value profit, ABC) and membership spend. */
  windowDays: number;
  lifecycle: LifecycleRules;
  rfm: RfmRules;
  value: ValueRules;
  abc: AbcRules;
  membership: MembershipRules;
  depth: DepthRules;
  trend: TrendRules;
}

export interface LifecycleRules {
  /** A qualifying follow-up makes a customer without orders a PROSPECT for this many days. */
  prospectWindowDays: number;
  /** Dormancy threshold = max(dormancyMinDays, dormancyCycleMultiplier × median days between orders). */
  dormancyMinDays: number;
  dormancyCycleMultiplier: number;
  /** Last completed order older than this: LOST. */
  lostAfterDays: number;
  /** Completed orders for REPEAT (below it: NEW). */
  repeatMinOrders: number;
  /** Completed orders for LOYAL ("about 10 successful deals", [000]). */
  loyalMinOrders: number;
  /** Or: at least this many orders, spread over at least this many days, with this average satisfaction. */
  loyalAltMinOrders: number;
  loyalAltMinSpanDays: number;
  loyalAltMinSatisfaction: number;
}

export interface RfmGroupRule {
  group: RfmGroup;
  /** Inclusive score bounds; a missing bound does not constrain. */
  r?: [number, number];
  f?: [number, number];
  m?: [number, number];
}

export interface RfmRules {
  /** First matching rule names the group; NEEDS_ATTENTION when none matches. */
  groups: RfmGroupRule[];
}

export interface ValueRules {
  /** Integer percentages, summing to 100. */
  weights: { profit: number; potential: number; lifecycle: number; loyalty: number };
  /** Tier shares by value-score rank, integer percentages: VIP top 5, MAJOR next 15, ORDINARY next 30. */
  tierShares: { vip: number; major: number; ordinary: number };
  lifecyclePoints: Record<LifecycleStage, number>;
  potential: {
    /** Integer percentages of the potential indicator, summing to 100. */
    weights: { inquiries: number; size: number; growth: number };
    /** Open inquiry amount worth 100 points. */
    inquiryAmountForFull: string;
    /** Points for having open inquiries whatever their amount. */
    inquiryFloor: number;
    /** Points by company size; UNKNOWN when not recorded (people, unknown companies). */
    sizePoints: Record<CompanySize | 'UNKNOWN', number>;
    /** Growth compares spend in the last N days with the N days before. */
    growthWindowDays: number;
  };
  loyalty: {
    /** Integer percentages of the loyalty indicator, summing to 100. */
    weights: { tenure: number; repeat: number; satisfaction: number };
    /** Days since the first order worth 100 tenure points. */
    tenureFullDays: number;
    /** Completed orders worth 100 repeat points. */
    repeatFullOrders: number;
    /** Satisfaction points when no case was rated. */
    satisfactionNeutral: number;
  };
}

export interface AbcRules {
  /** Cumulative shares of window gross profit, integer percentages: A up to 70, B up to 90. */
  aShare: number;
  bShare: number;
}

export interface MembershipRules {
  /** Minimum window spend per level, ascending; below the first: REGULAR. */
  levels: Array<{ level: Exclude<MemberLevel, 'REGULAR'>; minSpend: string }>;
}

export interface DepthRules {
  /** DEEP: ≥ deepFollowUps follow-ups within deepFollowUpDays, or a follow-up within recentFollowUpDays and an order within recentOrderDays. */
  deepFollowUps: number;
  deepFollowUpDays: number;
  recentFollowUpDays: number;
  recentOrderDays: number;
  /** ORDINARY: any follow-up or order within this many days; FORGOTTEN otherwise. */
  contactDays: number;
}

export interface TrendRules {
  /** Months compared: the last N full months against the N before. */
  months: number;
  /** What "volume" is for DECLINING_VOLUME: quantity (进货数量, [002]) or amount. */
  volumeMeasure: VolumeMeasure;
  /** SHRINKING_VARIETY: distinct products fell by at least this percentage and by at least this many. */
  varietyDropPercent: number;
  varietyDropMin: number;
  /** Direction FLAT when the two periods' volumes differ by less than this percentage. */
  flatPercent: number;
}

export const DEFAULT_SCORING_SETTINGS: ScoringSettings = {
  windowDays: 365,
  lifecycle: {
    prospectWindowDays: 180,
    dormancyMinDays: 90,
    dormancyCycleMultiplier: 2,
    lostAfterDays: 365,
    repeatMinOrders: 2,
    loyalMinOrders: 10,
    loyalAltMinOrders: 5,
    loyalAltMinSpanDays: 365,
    loyalAltMinSatisfaction: 4,
  },
  rfm: {
    groups: [
      { group: 'CHAMPIONS', r: [4, 5], f: [4, 5], m: [4, 5] },
      { group: 'LOYAL', f: [4, 5] },
      { group: 'POTENTIAL_LOYALIST', r: [4, 5], f: [2, 3] },
      { group: 'NEW', r: [5, 5], f: [1, 1] },
      { group: 'AT_RISK', r: [0, 2], f: [3, 5] },
      { group: 'HIBERNATING', r: [0, 2], f: [0, 2] },
    ],
  },
  value: {
    weights: { profit: 40, potential: 20, lifecycle: 20, loyalty: 20 },
    tierShares: { vip: 5, major: 15, ordinary: 30 },
    lifecyclePoints: { LEAD: 10, PROSPECT: 30, NEW: 50, REPEAT: 70, LOYAL: 90, DORMANT: 20, LOST: 0 },
    potential: {
      weights: { inquiries: 40, size: 30, growth: 30 },
      inquiryAmountForFull: '100000',
      inquiryFloor: 20,
      sizePoints: { MICRO: 10, SMALL: 30, MEDIUM: 50, LARGE: 80, ENTERPRISE: 100, UNKNOWN: 20 },
      growthWindowDays: 90,
    },
    loyalty: {
      weights: { tenure: 40, repeat: 30, satisfaction: 30 },
      tenureFullDays: 1095,
      repeatFullOrders: 10,
      satisfactionNeutral: 60,
    },
  },
  abc: { aShare: 70, bShare: 90 },
  membership: {
    levels: [
      { level: 'SILVER', minSpend: '2000' },
      { level: 'GOLD', minSpend: '10000' },
      { level: 'DIAMOND', minSpend: '50000' },
    ],
  },
  depth: { deepFollowUps: 3, deepFollowUpDays: 90, recentFollowUpDays: 30, recentOrderDays: 90, contactDays: 180 },
  trend: { months: 3, volumeMeasure: 'QUANTITY', varietyDropPercent: 50, varietyDropMin: 2, flatPercent: 10 },
};
