import { decideAccess } from '../domain/access/viewer';
import { say, type Bilingual } from '../domain/common/bilingual';
import { RequestError } from '../domain/common/domain-error';
import {
  drillDownOf,
  inquiryFigures,
  shareOf,
  ZERO_INQUIRY_SUMS,
  type InquiryDrillDown,
  type InquiryFigures,
  type InquiryKeyValue,
  type InquirySums,
} from '../domain/reports/inquiry-figures';
import {
  INQUIRY_TIME_DIMENSIONS,
  inquiryReportSql,
  type InquiryDimension,
  type InquiryReportFilter,
} from '../domain/reports/inquiry-report.sql';
import { reportBuckets, resolvePeriod, type DayRange, type ReportBucket, type ReportPeriodInput } from '../domain/reports/report-period';
import { customerScopeSql } from '../domain/segments/segment.sql';
import { scopeFor } from './customer-scope';
import { limitEvaluation } from './evaluation-limit';
import { heavyRead } from './read-routing';
import type { ServiceContext } from './service-context';

/** What `inquiryReport` takes: local ids, decoded by the resolver. */
export interface InquiryReportCommand {
  period: ReportPeriodInput;
  groupBy: readonly InquiryDimension[];
  filter: InquiryReportFilter;
  /** How many lost reasons, the most frequent first. */
  lostReasonLimit: number;
}

/** A row's key in one dimension: a user's local id and name, or a value (a code, a country, true/false, a period label). */
export interface InquiryReportKey {
  dimension: InquiryDimension;
  id: number | null;
  value: string | null;
  name: string | null;
  /** The user's name is withheld: an API key without org:read (the rule of User, src/resolvers/type-access.ts). */
  nameHidden: boolean;
}

export interface InquiryReportRow {
  keys: InquiryReportKey[];
  figures: InquiryFigures;
  /** The `inquiries` filter listing exactly this row's inquiries. */
  drillDown: InquiryDrillDown;
}

export interface InquiryLostReason {
  /** The text in the spelling that sorts first of those grouped; null: lost without a reason. */
  reason: string | null;
  count: number;
  /** Of the lost inquiries of the period. */
  share: string | null;
}

export interface InquiryReport {
  period: DayRange;
  groupBy: InquiryDimension[];
  figures: InquiryFigures;
  lostReasons: InquiryLostReason[];
  rows: InquiryReportRow[];
  drillDown: InquiryDrillDown;
}

export const MAX_INQUIRY_DIMENSIONS = 3;
export const MAX_INQUIRY_REPORT_ROWS = 10_000;
export const MAX_LOST_REASONS = 100;

type Row = Record<string, unknown> & { is_total: boolean; lost_reasons: Array<{ reason: string | null; count: number }> | null };

const sumsOf = (row: Row): InquirySums => ({
  total: Number(row.total),
  won: Number(row.won),
  lost: Number(row.lost),
  open: Number(row.open),
  answered: Number(row.answered),
  answeredInTime: Number(row.answered_in_time),
  awaitingResponse: Number(row.awaiting_response),
  repeatOrders: Number(row.repeat_orders),
  medianSeconds: row.median_seconds == null ? null : String(row.median_seconds),
  p90Seconds: row.p90_seconds == null ? null : String(row.p90_seconds),
});

/** A key column as text: a date as its day, a boolean as true/false, an id as digits. */
function valueOf(raw: unknown): string | null {
  if (raw == null) return null;
  if (raw instanceof Date) return raw.toISOString().slice(0, 10);
  return String(raw);
}

const bad = (message: Bilingual) => new RequestError('BAD_USER_INPUT', message);

/** Inquiries of a period and what became of them (issue 14 item 3, DOMAIN A2), in the viewer's data scope. */
export class InquiryReportService {
  constructor(private readonly ctx: ServiceContext) {}

  async report(command: InquiryReportCommand): Promise<InquiryReport> {
    const period = resolvePeriod(command.period);
    const groupBy = [...command.groupBy];
    if (groupBy.length !== new Set(groupBy).size) throw bad(say('groupBy：有维度重复给出', 'groupBy: a dimension is given twice'));
    if (groupBy.length > MAX_INQUIRY_DIMENSIONS)
      throw bad(say(`groupBy：最多 ${MAX_INQUIRY_DIMENSIONS} 个维度`, `groupBy: at most ${MAX_INQUIRY_DIMENSIONS} dimensions`));
    const times = groupBy.filter((d) => INQUIRY_TIME_DIMENSIONS[d]);
    if (times.length > 1)
      throw bad(
        say(
          `groupBy：DAY、WEEK、MONTH 最多只能选一个（给出了 ${times.join('、')}）`,
          `groupBy: at most one of DAY, WEEK and MONTH (got ${times.join(' and ')})`,
        ),
      );
    const time = times[0] ?? null;
    const buckets: ReportBucket[] = time ? reportBuckets(period, INQUIRY_TIME_DIMENSIONS[time]!, 'groupBy') : [];
    if (!Number.isInteger(command.lostReasonLimit) || command.lostReasonLimit < 0 || command.lostReasonLimit > MAX_LOST_REASONS) {
      throw bad(say(`lostReasonLimit：取值为 0 到 ${MAX_LOST_REASONS}`, `lostReasonLimit: from 0 to ${MAX_LOST_REASONS}`));
    }
    const countries = command.filter.countries?.map((c) => {
      if (!/^[A-Za-z]{2}$/.test(c))
        throw bad(
          say(`filter.countries："${c}" 不是 ISO 3166 两位字母国家代码`, `filter.countries: "${c}" is not an ISO 3166 alpha-2 code`),
        );
      return c.toUpperCase();
    });
    const filter: InquiryReportFilter = { ...command.filter, countries: countries ?? [] };

    const scope = scopeFor(this.ctx.viewer);
    const statement = inquiryReportSql({
      timeZone: this.ctx.config.companyTimeZone,
      period,
      dimensions: groupBy,
      customerScope: scope.kind === 'all' ? null : customerScopeSql(scope),
      filter,
      now: this.ctx.now(),
      lostReasonLimit: command.lostReasonLimit,
      // The total and at most the rows allowed: one more cell means too many.
      rowLimit: MAX_INQUIRY_REPORT_ROWS + 2,
    });
    const rows = await limitEvaluation(this.ctx, () => heavyRead(this.ctx, (em) => em.execute<Row[]>(statement.sql, statement.params)));
    if (rows.length >= MAX_INQUIRY_REPORT_ROWS + 2) {
      throw bad(
        say(
          `报表将超过 ${MAX_INQUIRY_REPORT_ROWS} 行：请减少维度、改用更粗的时间维度或加筛选条件`,
          `the report would have more than ${MAX_INQUIRY_REPORT_ROWS} rows: choose fewer dimensions, a coarser period dimension or a filter`,
        ),
      );
    }

    const column = (d: InquiryDimension) => `k_${d.toLowerCase()}`;
    const others = groupBy.filter((d) => d !== time);
    const comboOf = (row: Row) => JSON.stringify(others.map((d) => valueOf(row[column(d)])));
    const totalRow = rows.find((r) => r.is_total);
    const cells = new Map<string, Row>();
    const combos = new Map<string, Row>();
    for (const row of rows) {
      if (row.is_total) continue;
      const combo = comboOf(row);
      if (!combos.has(combo)) combos.set(combo, row);
      cells.set(`${time ? valueOf(row[column(time)]) : ''}|${combo}`, row);
    }
    if (time && others.length === 0) combos.set('[]', {} as Row);
    const count = time ? combos.size * buckets.length : combos.size;
    if (count > MAX_INQUIRY_REPORT_ROWS) {
      throw bad(
        say(
          `报表将有 ${count} 行，超过 ${MAX_INQUIRY_REPORT_ROWS} 行：请减少维度、改用更粗的时间维度或加筛选条件`,
          `the report would have ${count} rows, more than ${MAX_INQUIRY_REPORT_ROWS}: choose fewer dimensions, a coarser period dimension or a filter`,
        ),
      );
    }

    const viewer = this.ctx.viewer;
    const namesHidden = viewer?.kind === 'partner' && decideAccess(viewer, { scope: 'org:read' }) !== 'ALLOWED';
    const rowOf = (sample: Row, bucket: ReportBucket | null, cell: Row | undefined): InquiryReportRow => {
      const keyValues: InquiryKeyValue[] = groupBy.map((dimension) =>
        dimension === time
          ? { dimension, value: bucket!.label, days: { from: bucket!.from, to: bucket!.to } }
          : { dimension, value: valueOf(sample[column(dimension)]) },
      );
      return {
        keys: keyValues.map(({ dimension, value }) => {
          const user = dimension === 'SALESPERSON';
          return {
            dimension,
            id: user && value != null ? Number(value) : null,
            value: user ? null : value,
            name: user && !namesHidden ? ((sample.l_salesperson as string | null | undefined) ?? null) : null,
            nameHidden: user && value != null && namesHidden,
          };
        }),
        figures: inquiryFigures(cell ? sumsOf(cell) : ZERO_INQUIRY_SUMS),
        drillDown: drillDownOf(filter, period, keyValues),
      };
    };
    // The most inquiries first, then by the keys: sort keys computed once per row.
    const sorted = (page: InquiryReportRow[]) =>
      page
        .map((row) => ({ row, keys: JSON.stringify(row.keys.map((k) => k.id ?? k.value)) }))
        .sort((a, b) => b.row.figures.total - a.row.figures.total || (a.keys < b.keys ? -1 : a.keys > b.keys ? 1 : 0))
        .map(({ row }) => row);
    const result: InquiryReportRow[] = [];
    if (time) {
      for (const bucket of buckets)
        result.push(...sorted([...combos].map(([combo, sample]) => rowOf(sample, bucket, cells.get(`${bucket.from}|${combo}`)))));
    } else {
      result.push(...sorted([...combos.values()].map((sample) => rowOf(sample, null, sample))));
    }

    const totals = inquiryFigures(totalRow ? sumsOf(totalRow) : ZERO_INQUIRY_SUMS);
    return {
      period,
      groupBy,
      figures: totals,
      lostReasons: (totalRow?.lost_reasons ?? []).map((r) => ({
        reason: r.reason,
        count: Number(r.count),
        share: shareOf(Number(r.count), totals.lost),
      })),
      rows: result,
      drillDown: drillDownOf(filter, period, []),
    };
  }
}
