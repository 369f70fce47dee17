import Decimal from 'decimal.js';
import { formatAmount } from '../scoring/explanations';
import { addDays, daysBetween } from '../common/calendar';
import type { Locale } from '../customer/customer.enums';
import type { NeedUrgency } from '../records/records.enums';

/**
 * Prospect ranking (DOMAIN G2, step 3 of [000]): which prospects to work on first, by how
 * urgent their need is, how soon buying could show them results, and whether the price fits
 * the budget they stated. The rules are data (`ProspectRankingRules`, defaults below); this
 * evaluator explains one prospect, `prospect-ranking.sql.ts` ranks them all in one statement
 * with the same branches, and a test checks that both agree.
 */
export interface ProspectRankingRules {
  /** Percent weights of the components; they sum to 100. */
  weights: { urgency: number; quickResults: number; budgetFit: number };
  urgency: {
    /** Points for the need urgency recorded on the latest follow-up that recorded one. */
    needPoints: Record<NeedUrgency, number>;
    /** Points when the prospect has an open URGENT inquiry (the higher of the two counts). */
    urgentInquiryPoints: number;
    /** Points when neither is known. */
    unknownPoints: number;
    /** A next follow-up planned from today to this many days ahead adds `soonFollowUpBonus` (at most 100 in all). */
    soonFollowUpDays: number;
    soonFollowUpBonus: number;
  };
  quickResults: {
    /** Results within `maxDays` days give `points`; the first band that holds wins, bands in ascending `maxDays`. */
    bands: Array<{ maxDays: number; points: number }>;
    laterPoints: number;
    unknownPoints: number;
  };
  budgetFit: {
    /** The stated budget covers the amount of the open inquiry. */
    coversPoints: number;
    /** The budget reaches `nearPercent`% of the amount. */
    nearPercent: number;
    nearPoints: number;
    shortPoints: number;
    /** No stated budget, or no amount to compare it with. */
    unknownPoints: number;
  };
}

export const DEFAULT_PROSPECT_RANKING_RULES: ProspectRankingRules = {
  weights: { urgency: 40, quickResults: 30, budgetFit: 30 },
  urgency: {
    needPoints: { HIGH: 100, MEDIUM: 60, LOW: 20 },
    urgentInquiryPoints: 100,
    unknownPoints: 40,
    soonFollowUpDays: 7,
    soonFollowUpBonus: 20,
  },
  quickResults: {
    bands: [
      { maxDays: 30, points: 100 },
      { maxDays: 90, points: 60 },
    ],
    laterPoints: 20,
    unknownPoints: 40,
  },
  budgetFit: { coversPoints: 100, nearPercent: 80, nearPoints: 60, shortPoints: 20, unknownPoints: 40 },
};

/** What the ranking reads about one prospect, as of `today` (company calendar day). */
export interface ProspectFacts {
  customerId: number;
  /** From the latest follow-up that recorded it. */
  needUrgency: NeedUrgency | null;
  /** From the latest follow-up that recorded it: days until results can show. */
  resultsHorizonDays: number | null;
  /** From the latest follow-up that recorded it: the budget stated, a decimal string. */
  budget: string | null;
  /** The next follow-up day planned on the latest follow-up. */
  nextFollowUpOn: string | null;
  /** Open (NEW, QUOTED, NEGOTIATING) inquiries marked URGENT. */
  urgentOpenInquiries: number;
  /** The latest open inquiry with an amount: its amount, else target price × quantity; a decimal string. */
  inquiryAmount: string | null;
}

export type ProspectReason =
  | { code: 'NEED_URGENCY'; needUrgency: NeedUrgency; urgentInquiries: number; soonFollowUpOn: string | null; daysAhead: number | null }
  | { code: 'URGENT_INQUIRY'; urgentInquiries: number; soonFollowUpOn: string | null; daysAhead: number | null }
  | { code: 'URGENCY_UNKNOWN'; soonFollowUpOn: string | null; daysAhead: number | null }
  | { code: 'RESULTS_WITHIN'; days: number; maxDays: number }
  | { code: 'RESULTS_LATER'; days: number; afterDays: number }
  | { code: 'RESULTS_UNKNOWN' }
  | { code: 'BUDGET_COVERS'; budget: string; amount: string }
  | { code: 'BUDGET_NEAR'; budget: string; amount: string; percent: number }
  | { code: 'BUDGET_SHORT'; budget: string; amount: string; percent: number }
  | { code: 'BUDGET_UNKNOWN'; budget: string | null; amount: string | null };

export type ProspectComponentKey = 'URGENCY' | 'QUICK_RESULTS' | 'BUDGET_FIT';

export interface ProspectComponent {
  key: ProspectComponentKey;
  /** 0–100. */
  points: number;
  /** Percent weight of the component in the score. */
  weight: number;
  /** points × weight / 100: what the component adds to the score (0–100 scale). */
  contribution: string;
  reason: ProspectReason;
}

export interface ProspectRanking {
  customerId: number;
  /** Σ weight × points, an integer: the exact sort key (score × 100). */
  score100: number;
  /** 0–100 with two decimals. */
  score: string;
  urgency: ProspectComponent;
  quickResults: ProspectComponent;
  budgetFit: ProspectComponent;
}

/** Problems with a set of rules (weights must sum to 100, points within 0–100, bands ascending). */
export function prospectRulesProblems(rules: ProspectRankingRules): string[] {
  const problems: string[] = [];
  const w = rules.weights;
  const points = (label: string, value: number) => {
    if (!Number.isInteger(value) || value < 0 || value > 100) problems.push(`${label} must be an integer from 0 to 100`);
  };
  for (const [k, v] of Object.entries(w)) points(`weights.${k}`, v);
  if (w.urgency + w.quickResults + w.budgetFit !== 100) problems.push('weights must sum to 100');
  for (const [k, v] of Object.entries(rules.urgency.needPoints)) points(`urgency.needPoints.${k}`, v);
  points('urgency.urgentInquiryPoints', rules.urgency.urgentInquiryPoints);
  points('urgency.unknownPoints', rules.urgency.unknownPoints);
  points('urgency.soonFollowUpBonus', rules.urgency.soonFollowUpBonus);
  if (!Number.isInteger(rules.urgency.soonFollowUpDays) || rules.urgency.soonFollowUpDays < 0)
    problems.push('urgency.soonFollowUpDays must be a whole number of days');
  rules.quickResults.bands.forEach((b, i) => {
    points(`quickResults.bands.${i}.points`, b.points);
    if (!Number.isInteger(b.maxDays) || b.maxDays < 0) problems.push(`quickResults.bands.${i}.maxDays must be a whole number of days`);
    if (i > 0 && b.maxDays <= rules.quickResults.bands[i - 1].maxDays) problems.push('quickResults.bands must ascend in maxDays');
  });
  points('quickResults.laterPoints', rules.quickResults.laterPoints);
  points('quickResults.unknownPoints', rules.quickResults.unknownPoints);
  const b = rules.budgetFit;
  for (const k of ['coversPoints', 'nearPoints', 'shortPoints', 'unknownPoints'] as const) points(`budgetFit.${k}`, b[k]);
  if (!Number.isInteger(b.nearPercent) || b.nearPercent < 0 || b.nearPercent > 100)
    problems.push('budgetFit.nearPercent must be an integer from 0 to 100');
  return problems;
}

/** The day window in which a planned next follow-up counts as soon: [today, today + days]. */
export function soonFollowUpWindow(today: string, rules: ProspectRankingRules): { from: string; to: string } {
  return { from: today, to: addDays(today, rules.urgency.soonFollowUpDays) };
}

function urgency(facts: ProspectFacts, rules: ProspectRankingRules, today: string): { points: number; reason: ProspectReason } {
  const u = rules.urgency;
  const window = soonFollowUpWindow(today, rules);
  const next = facts.nextFollowUpOn;
  const soon = next != null && next >= window.from && next <= window.to;
  const soonFollowUpOn = soon ? next : null;
  const daysAhead = soon ? daysBetween(today, next) : null;
  const need = facts.needUrgency == null ? null : u.needPoints[facts.needUrgency];
  const inquiry = facts.urgentOpenInquiries > 0 ? u.urgentInquiryPoints : null;
  let base: number;
  let reason: ProspectReason;
  if (need == null && inquiry == null) {
    base = u.unknownPoints;
    reason = { code: 'URGENCY_UNKNOWN', soonFollowUpOn, daysAhead };
  } else if (need != null && (inquiry == null || need >= inquiry)) {
    base = need;
    reason = {
      code: 'NEED_URGENCY',
      needUrgency: facts.needUrgency!,
      urgentInquiries: facts.urgentOpenInquiries,
      soonFollowUpOn,
      daysAhead,
    };
  } else {
    base = inquiry!;
    reason = { code: 'URGENT_INQUIRY', urgentInquiries: facts.urgentOpenInquiries, soonFollowUpOn, daysAhead };
  }
  return { points: Math.min(100, base + (soon ? u.soonFollowUpBonus : 0)), reason };
}

function quickResults(facts: ProspectFacts, rules: ProspectRankingRules): { points: number; reason: ProspectReason } {
  const q = rules.quickResults;
  const days = facts.resultsHorizonDays;
  if (days == null) return { points: q.unknownPoints, reason: { code: 'RESULTS_UNKNOWN' } };
  const band = q.bands.find((b) => days <= b.maxDays);
  if (band) return { points: band.points, reason: { code: 'RESULTS_WITHIN', days, maxDays: band.maxDays } };
  return { points: q.laterPoints, reason: { code: 'RESULTS_LATER', days, afterDays: q.bands[q.bands.length - 1]?.maxDays ?? 0 } };
}

function budgetFit(facts: ProspectFacts, rules: ProspectRankingRules): { points: number; reason: ProspectReason } {
  const b = rules.budgetFit;
  if (facts.budget == null || facts.inquiryAmount == null) {
    return { points: b.unknownPoints, reason: { code: 'BUDGET_UNKNOWN', budget: facts.budget, amount: facts.inquiryAmount } };
  }
  const budget = new Decimal(facts.budget);
  const amount = new Decimal(facts.inquiryAmount);
  const shown = { budget: budget.toFixed(2), amount: amount.toFixed(2) };
  if (budget.gte(amount)) return { points: b.coversPoints, reason: { code: 'BUDGET_COVERS', ...shown } };
  // Percent of the amount the budget reaches, rounded down (shown in the reason only).
  const percent = amount.lte(0) ? 100 : budget.mul(100).div(amount).floor().toNumber();
  if (budget.mul(100).gte(amount.mul(b.nearPercent))) return { points: b.nearPoints, reason: { code: 'BUDGET_NEAR', ...shown, percent } };
  return { points: b.shortPoints, reason: { code: 'BUDGET_SHORT', ...shown, percent } };
}

function component(key: ProspectComponentKey, weight: number, part: { points: number; reason: ProspectReason }): ProspectComponent {
  return { key, points: part.points, weight, contribution: new Decimal(part.points * weight).div(100).toFixed(2), reason: part.reason };
}

/** Ranks one prospect as of `today` (a company calendar day). */
export function rankProspect(facts: ProspectFacts, rules: ProspectRankingRules, today: string): ProspectRanking {
  const w = rules.weights;
  const u = component('URGENCY', w.urgency, urgency(facts, rules, today));
  const q = component('QUICK_RESULTS', w.quickResults, quickResults(facts, rules));
  const b = component('BUDGET_FIT', w.budgetFit, budgetFit(facts, rules));
  const score100 = w.urgency * u.points + w.quickResults * q.points + w.budgetFit * b.points;
  return {
    customerId: facts.customerId,
    score100,
    score: new Decimal(score100).div(100).toFixed(2),
    urgency: u,
    quickResults: q,
    budgetFit: b,
  };
}

const NEED_LABELS: Record<NeedUrgency, { zh: string; en: string }> = {
  HIGH: { zh: '急需', en: 'high' },
  MEDIUM: { zh: '一般', en: 'medium' },
  LOW: { zh: '不急', en: 'low' },
};

function soonText(reason: { soonFollowUpOn: string | null; daysAhead: number | null }, locale: Locale): string {
  if (reason.soonFollowUpOn == null) return '';
  const days = reason.daysAhead ?? 0;
  if (locale === 'zh')
    return days === 0 ? `;今天(${reason.soonFollowUpOn})计划跟进,加分` : `;${days}天后(${reason.soonFollowUpOn})计划跟进,加分`;
  return days === 0
    ? `; next follow-up planned today (${reason.soonFollowUpOn}), bonus added`
    : `; next follow-up planned in ${days} day${days === 1 ? '' : 's'} (${reason.soonFollowUpOn}), bonus added`;
}

/** One sentence for a component's reason, in Chinese or English. */
export function explainProspectReason(reason: ProspectReason, locale: Locale): string {
  const zh = locale === 'zh';
  switch (reason.code) {
    case 'NEED_URGENCY':
      return (
        (zh
          ? `最近跟进记录的需求紧迫度:${NEED_LABELS[reason.needUrgency].zh}`
          : `Latest follow-up rated the need ${NEED_LABELS[reason.needUrgency].en}`) +
        (reason.urgentInquiries > 0
          ? zh
            ? `(另有${reason.urgentInquiries}条紧急询盘)`
            : ` (also ${reason.urgentInquiries} urgent open inquir${reason.urgentInquiries === 1 ? 'y' : 'ies'})`
          : '') +
        soonText(reason, locale)
      );
    case 'URGENT_INQUIRY':
      return (
        (zh
          ? `有${reason.urgentInquiries}条未结的紧急询盘`
          : `${reason.urgentInquiries} open urgent inquir${reason.urgentInquiries === 1 ? 'y' : 'ies'}`) + soonText(reason, locale)
      );
    case 'URGENCY_UNKNOWN':
      return (zh ? '未记录需求紧迫度,也无紧急询盘' : 'No need urgency recorded and no urgent inquiry') + soonText(reason, locale);
    case 'RESULTS_WITHIN':
      return zh
        ? `预计${reason.days}天内见效(不超过${reason.maxDays}天)`
        : `Results expected in ${reason.days} days (within ${reason.maxDays})`;
    case 'RESULTS_LATER':
      return zh
        ? `预计${reason.days}天后才见效(超过${reason.afterDays}天)`
        : `Results expected only in ${reason.days} days (over ${reason.afterDays})`;
    case 'RESULTS_UNKNOWN':
      return zh ? '未记录见效时间' : 'No results horizon recorded';
    case 'BUDGET_COVERS':
      return zh
        ? `预算${formatAmount(reason.budget)}足以覆盖询盘金额${formatAmount(reason.amount)}`
        : `Budget ${formatAmount(reason.budget)} covers the inquiry amount ${formatAmount(reason.amount)}`;
    case 'BUDGET_NEAR':
      return zh
        ? `预算${formatAmount(reason.budget)}达到询盘金额${formatAmount(reason.amount)}的${reason.percent}%`
        : `Budget ${formatAmount(reason.budget)} is ${reason.percent}% of the inquiry amount ${formatAmount(reason.amount)}`;
    case 'BUDGET_SHORT':
      return zh
        ? `预算${formatAmount(reason.budget)}仅为询盘金额${formatAmount(reason.amount)}的${reason.percent}%`
        : `Budget ${formatAmount(reason.budget)} is only ${reason.percent}% of the inquiry amount ${formatAmount(reason.amount)}`;
    case 'BUDGET_UNKNOWN':
      if (reason.budget == null && reason.amount == null)
        return zh ? '未记录预算,也无带金额的未结询盘' : 'No budget recorded and no open inquiry with an amount';
      if (reason.budget == null)
        return zh
          ? `未记录预算(询盘金额${formatAmount(reason.amount)})`
          : `No budget recorded (inquiry amount ${formatAmount(reason.amount)})`;
      return zh
        ? `预算${formatAmount(reason.budget)},但无带金额的未结询盘可比`
        : `Budget ${formatAmount(reason.budget)}, but no open inquiry with an amount to compare`;
  }
}
