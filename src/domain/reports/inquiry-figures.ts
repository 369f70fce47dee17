import Decimal from 'decimal.js';
import { OPEN_INQUIRY_STATUSES } from '../records/inquiry-status';
import type { InquiryDimension, InquiryReportFilter } from './inquiry-report.sql';
import type { DayRange } from './report-period';

/**
 * The figures of an inquiry report row (issue 14 item 3, DOMAIN A2). The inquiries of a period
 * are those received in it (company calendar days); their status is today's.
 *
 * - won / lost / open: status WON, LOST, or NEW / QUOTED / NEGOTIATING.
 * - conversionRate = won / (won + lost): the share of the decided inquiries that were won. An
 *   open inquiry is not a failure yet; counting it in the denominator (wonShare = won / total,
 *   also given) makes every recent month look worse than an old one only because it is recent.
 * - first response: firstRespondedAt − receivedAt over the answered inquiries; median and p90
 *   are `percentile_disc` (the smallest response time with at least 50% / 90% of the answered
 *   ones at or below it): a time that really happened, so "90% were answered within p90" is
 *   exactly true, in minutes with 2 decimals.
 * - answered in time: firstRespondedAt ≤ responseDueAt. answeredInTimeShare is over the
 *   inquiries whose answer is due: an unanswered one past its deadline (or closed without an
 *   answer) is late; an open, unanswered one whose deadline has not come (awaitingResponse)
 *   can still be answered in time and is left out of the share until it is answered or late.
 * - repeatOrderShare = repeat-order inquiries / total.
 * Ratios are decimal fractions with 4 places (0.125 = 12.5%), null when the denominator is 0.
 */
export interface InquirySums {
  total: number;
  won: number;
  lost: number;
  open: number;
  answered: number;
  answeredInTime: number;
  awaitingResponse: number;
  repeatOrders: number;
  /** Seconds (exact decimal) of the median and p90 first responses; null without answered inquiries. */
  medianSeconds: string | null;
  p90Seconds: string | null;
}

export interface InquiryFigures extends Omit<InquirySums, 'medianSeconds' | 'p90Seconds'> {
  conversionRate: string | null;
  wonShare: string | null;
  firstResponseMedianMinutes: string | null;
  firstResponseP90Minutes: string | null;
  answeredInTimeShare: string | null;
  repeatOrderShare: string | null;
}

export const ZERO_INQUIRY_SUMS: InquirySums = {
  total: 0,
  won: 0,
  lost: 0,
  open: 0,
  answered: 0,
  answeredInTime: 0,
  awaitingResponse: 0,
  repeatOrders: 0,
  medianSeconds: null,
  p90Seconds: null,
};

/**
 * part / whole with 4 decimals, half up, for counts (non-negative integers): exact in integer
 * arithmetic (no decimal.js: a report by salesperson has thousands of rows).
 */
export function shareOf(part: number, whole: number): string | null {
  if (whole === 0) return null;
  const q = Math.floor((2 * part * 10_000 + whole) / (2 * whole));
  return `${Math.floor(q / 10_000)}.${String(q % 10_000).padStart(4, '0')}`;
}

/**
 * Seconds (a decimal string with up to 6 places, PostgreSQL's epoch of an interval) as minutes
 * with 2 places, half away from zero: exact in integer microseconds (safe up to 285 years).
 */
export function minutesOf(seconds: string | null): string | null {
  if (seconds == null) return null;
  const m = /^(-?)(\d+)(?:\.(\d{0,6}))?$/.exec(seconds);
  if (!m) return new Decimal(seconds).div(60).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
  const micros = Number(m[2]) * 1_000_000 + Number((m[3] ?? '').padEnd(6, '0'));
  const q = Math.floor((2 * micros + 600_000) / 1_200_000);
  const sign = m[1] && q > 0 ? '-' : '';
  return `${sign}${Math.floor(q / 100)}.${String(q % 100).padStart(2, '0')}`;
}

export function inquiryFigures(s: InquirySums): InquiryFigures {
  // Written out (no object rest / spread): thousands of rows per report.
  return {
    total: s.total,
    won: s.won,
    lost: s.lost,
    open: s.open,
    answered: s.answered,
    answeredInTime: s.answeredInTime,
    awaitingResponse: s.awaitingResponse,
    repeatOrders: s.repeatOrders,
    conversionRate: shareOf(s.won, s.won + s.lost),
    wonShare: shareOf(s.won, s.total),
    firstResponseMedianMinutes: minutesOf(s.medianSeconds),
    firstResponseP90Minutes: minutesOf(s.p90Seconds),
    answeredInTimeShare: shareOf(s.answeredInTime, s.total - s.awaitingResponse),
    repeatOrderShare: shareOf(s.repeatOrders, s.total),
  };
}

/** A row's key in one dimension as the report reads it: a code, a user id, a country, true/false, or a bucket's first day. */
export interface InquiryKeyValue {
  dimension: InquiryDimension;
  /** null: none (no salesperson, no country). */
  value: string | null;
  /** For DAY / WEEK / MONTH: the bucket's days inside the period. */
  days?: DayRange;
}

/**
 * The filter of the `inquiries` list that lists exactly a row's inquiries: the report's filter,
 * the period as the days received, narrowed by each key of the row (the list of one value, or
 * "none" as hasSalesperson / hasCountry false, or the bucket's days).
 */
export interface InquiryDrillDown extends Required<Omit<InquiryReportFilter, 'overdue' | 'repeatOrder' | 'hasSalesperson' | 'hasCountry'>> {
  receivedOn: DayRange;
  overdue: boolean | null;
  repeatOrder: boolean | null;
  hasSalesperson: boolean | null;
  hasCountry: boolean | null;
}

function narrow(list: readonly string[] | undefined, to: readonly string[]): string[] {
  return list?.length ? to.filter((v) => list.includes(v)) : [...to];
}

export function drillDownOf(filter: InquiryReportFilter, period: DayRange, keys: readonly InquiryKeyValue[]): InquiryDrillDown {
  const out: InquiryDrillDown = {
    statuses: [...(filter.statuses ?? [])],
    channels: [...(filter.channels ?? [])],
    urgencies: [...(filter.urgencies ?? [])],
    receivedOn: { ...period },
    salespersonIds: [...(filter.salespersonIds ?? [])],
    departmentIds: [...(filter.departmentIds ?? [])],
    customerIds: [...(filter.customerIds ?? [])],
    countries: [...(filter.countries ?? [])],
    overdue: filter.overdue ?? null,
    repeatOrder: filter.repeatOrder ?? null,
    hasSalesperson: filter.hasSalesperson ?? null,
    hasCountry: filter.hasCountry ?? null,
  };
  for (const key of keys) {
    const v = key.value;
    switch (key.dimension) {
      case 'OUTCOME':
        out.statuses = narrow(out.statuses, v === 'OPEN' ? OPEN_INQUIRY_STATUSES : [v!]);
        break;
      case 'STATUS':
        out.statuses = narrow(out.statuses, [v!]);
        break;
      case 'CHANNEL':
        out.channels = [v!];
        break;
      case 'URGENCY':
        out.urgencies = [v!];
        break;
      case 'SALESPERSON':
        if (v == null) out.hasSalesperson = false;
        else out.salespersonIds = [Number(v)];
        break;
      case 'COUNTRY':
        if (v == null) out.hasCountry = false;
        else out.countries = [v];
        break;
      case 'REPEAT_ORDER':
        out.repeatOrder = v === 'true';
        break;
      case 'DAY':
      case 'WEEK':
      case 'MONTH':
        out.receivedOn = { ...key.days! };
        break;
    }
  }
  return out;
}
