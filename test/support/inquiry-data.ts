import Decimal from 'decimal.js';
import { calendarDayIn } from '../../src/domain/common/calendar';
import type { InquiryDimension } from '../../src/domain/reports/inquiry-report.sql';
import { reportBuckets, type DayRange, type ReportGranularity } from '../../src/domain/reports/report-period';
import type { TestApp } from './test-app';

/**
 * Inquiries written straight into the table for the inquiry report tests, and an independent
 * TypeScript computation of the report over them: local days through `Intl` (not PostgreSQL's
 * `at time zone`), percentiles by sorting, ratios with decimal.js.
 */
export interface ReportInquiry {
  customerId: number;
  salespersonId: number | null;
  receivedAt: Date;
  channel: string;
  urgency: string;
  status: 'NEW' | 'QUOTED' | 'NEGOTIATING' | 'WON' | 'LOST';
  country: string | null;
  repeatOrder: boolean;
  responseDueAt: Date;
  firstRespondedAt: Date | null;
  lostReason: string | null;
}

export async function insertInquiries(app: TestApp, inquiries: readonly ReportInquiry[]): Promise<number[]> {
  const c = app.db.orm.em.fork().getConnection();
  const ids: number[] = [];
  for (const q of inquiries) {
    const [row] = await c.execute(
      `insert into inquiry (customer_id, salesperson_id, received_at, channel, urgency, status, country, project_details, currency, repeat_order,
                            response_due_at, first_responded_at, lost_reason, closed_at, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, '询价', 'CNY', ?, ?, ?, ?, ?, now(), now()) returning id`,
      [
        q.customerId,
        q.salespersonId,
        q.receivedAt,
        q.channel,
        q.urgency,
        q.status,
        q.country,
        q.repeatOrder,
        q.responseDueAt,
        q.firstRespondedAt,
        q.lostReason,
        q.status === 'WON' || q.status === 'LOST' ? q.receivedAt : null,
      ],
    );
    ids.push(row.id as number);
  }
  return ids;
}

export interface ReferenceInquiryFigures {
  total: number;
  won: number;
  lost: number;
  open: number;
  conversionRate: string | null;
  wonShare: string | null;
  answered: number;
  firstResponseMedianMinutes: string | null;
  firstResponseP90Minutes: string | null;
  answeredInTime: number;
  awaitingResponse: number;
  answeredInTimeShare: string | null;
  repeatOrders: number;
  repeatOrderShare: string | null;
}

const OPEN = ['NEW', 'QUOTED', 'NEGOTIATING'];
const TIME: Partial<Record<InquiryDimension, ReportGranularity>> = { DAY: 'DAY', WEEK: 'WEEK', MONTH: 'MONTH' };

const ratio = (a: number, b: number) => (b === 0 ? null : new Decimal(a).div(b).toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toFixed(4));

/** PostgreSQL's percentile_disc: the first value (in order) whose position k / n reaches the fraction. */
function percentileDisc(sorted: readonly number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(1, Math.ceil(fraction * sorted.length)) - 1];
}
const minutes = (ms: number | null) =>
  ms == null ? null : new Decimal(ms).div(60_000).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);

export function referenceFigures(list: readonly ReportInquiry[], now: Date): ReferenceInquiryFigures {
  const count = (p: (q: ReportInquiry) => boolean) => list.filter(p).length;
  const won = count((q) => q.status === 'WON');
  const lost = count((q) => q.status === 'LOST');
  const responses = list
    .filter((q) => q.firstRespondedAt)
    .map((q) => q.firstRespondedAt!.getTime() - q.receivedAt.getTime())
    .sort((a, b) => a - b);
  const inTime = count((q) => q.firstRespondedAt != null && q.firstRespondedAt.getTime() <= q.responseDueAt.getTime());
  const awaiting = count((q) => OPEN.includes(q.status) && q.firstRespondedAt == null && q.responseDueAt.getTime() >= now.getTime());
  const repeats = count((q) => q.repeatOrder);
  return {
    total: list.length,
    won,
    lost,
    open: count((q) => OPEN.includes(q.status)),
    conversionRate: ratio(won, won + lost),
    wonShare: ratio(won, list.length),
    answered: responses.length,
    firstResponseMedianMinutes: minutes(percentileDisc(responses, 0.5)),
    firstResponseP90Minutes: minutes(percentileDisc(responses, 0.9)),
    answeredInTime: inTime,
    awaitingResponse: awaiting,
    answeredInTimeShare: ratio(inTime, list.length - awaiting),
    repeatOrders: repeats,
    repeatOrderShare: ratio(repeats, list.length),
  };
}

export interface ReferenceInquiryQuery {
  timeZone: string;
  period: DayRange;
  groupBy: InquiryDimension[];
  now: Date;
  lostReasonLimit: number;
}

function keyOf(d: InquiryDimension, q: ReportInquiry, day: string, period: DayRange): string | null {
  switch (d) {
    case 'OUTCOME':
      return OPEN.includes(q.status) ? 'OPEN' : q.status;
    case 'STATUS':
      return q.status;
    case 'CHANNEL':
      return q.channel;
    case 'URGENCY':
      return q.urgency;
    case 'SALESPERSON':
      return q.salespersonId == null ? null : String(q.salespersonId);
    case 'COUNTRY':
      return q.country;
    case 'REPEAT_ORDER':
      return String(q.repeatOrder);
    case 'DAY':
    case 'WEEK':
    case 'MONTH':
      return reportBuckets(period, TIME[d]!).find((b) => day >= b.from && day <= b.to)!.label;
  }
}

/** The report computed in TypeScript: rows sorted by their keys (JSON), totals and lost reasons. */
export function referenceInquiryReport(inquiries: readonly ReportInquiry[], q: ReferenceInquiryQuery) {
  const inPeriod = inquiries
    .map((i) => ({ i, day: calendarDayIn(i.receivedAt, q.timeZone) }))
    .filter(({ day }) => day >= q.period.from && day <= q.period.to);
  const time = q.groupBy.find((d) => TIME[d]);
  const groups = new Map<string, { keys: Array<string | null>; list: ReportInquiry[] }>();
  for (const { i, day } of inPeriod) {
    const keys = q.groupBy.map((d) => keyOf(d, i, day, q.period));
    const id = JSON.stringify(keys);
    if (!groups.has(id)) groups.set(id, { keys, list: [] });
    groups.get(id)!.list.push(i);
  }
  if (time) {
    // Every period of every combination of the other keys.
    const at = q.groupBy.indexOf(time);
    const others = new Map<string, Array<string | null>>();
    for (const g of groups.values())
      others.set(
        JSON.stringify(g.keys.filter((_, n) => n !== at)),
        g.keys.filter((_, n) => n !== at),
      );
    if (q.groupBy.length === 1) others.set('[]', []);
    for (const bucket of reportBuckets(q.period, TIME[time]!)) {
      for (const rest of others.values()) {
        const keys = [...rest.slice(0, at), bucket.label, ...rest.slice(at)];
        const id = JSON.stringify(keys);
        if (!groups.has(id)) groups.set(id, { keys, list: [] });
      }
    }
  }
  const rows = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, g]) => ({ keys: g.keys, figures: referenceFigures(g.list, q.now) }));
  const all = inPeriod.map(({ i }) => i);
  const reasons = new Map<string | null, { spellings: string[]; count: number }>();
  for (const i of all.filter((x) => x.status === 'LOST')) {
    const trimmed = (i.lostReason ?? '').replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
    const key = trimmed === '' ? null : trimmed.toLowerCase();
    const entry = reasons.get(key) ?? { spellings: [], count: 0 };
    entry.spellings.push(trimmed);
    entry.count++;
    reasons.set(key, entry);
  }
  const lost = all.filter((x) => x.status === 'LOST').length;
  const lostReasons = [...reasons.entries()]
    .sort(([ka, a], [kb, b]) => b.count - a.count || (ka === kb ? 0 : ka === null ? 1 : kb === null ? -1 : ka < kb ? -1 : 1))
    .slice(0, q.lostReasonLimit)
    .map(([key, e]) => ({ reason: key === null ? null : [...e.spellings].sort()[0], count: e.count, share: ratio(e.count, lost) }));
  return { rows, totals: referenceFigures(all, q.now), lostReasons };
}
