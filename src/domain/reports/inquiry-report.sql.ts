import { userInDepartmentsSql } from '../access/customer-scope.sql';
import { OPEN_INQUIRY_STATUSES } from '../records/inquiry-status';
import { joinSql, pgArray, raw, sql, type SqlFragment } from '../common/sql';
import type { DayRange, ReportGranularity } from './report-period';

/**
 * The inquiry report as one statement (issue 14 item 3, DOMAIN A2; the figures' rules are in
 * `inquiry-figures.ts`): the inquiries received in the period (company calendar days), grouped
 * by the dimensions asked, with the whole period as a grouping set of its own (medians do not
 * add up across rows), and the top lost reasons on that total row.
 *
 * Columns: is_total, one `k_<dimension>` per dimension, total, won, lost, open, answered,
 * answered_in_time, awaiting_response, repeat_orders, median_seconds, p90_seconds, then
 * `l_salesperson` (the user's name) and, on the total row, lost_reasons (json: [{reason, count}]).
 */
export const INQUIRY_DIMENSIONS = [
  'OUTCOME',
  'STATUS',
  'CHANNEL',
  'URGENCY',
  'SALESPERSON',
  'COUNTRY',
  'REPEAT_ORDER',
  'DAY',
  'WEEK',
  'MONTH',
] as const;
export type InquiryDimension = (typeof INQUIRY_DIMENSIONS)[number];

/** The dimensions that are days of receipt: a report has at most one, its buckets come from `reportBuckets`. */
export const INQUIRY_TIME_DIMENSIONS: Readonly<Partial<Record<InquiryDimension, ReportGranularity>>> = {
  DAY: 'DAY',
  WEEK: 'WEEK',
  MONTH: 'MONTH',
};

/** What became of an inquiry: WON, LOST, or OPEN (NEW, QUOTED, NEGOTIATING). */
export const INQUIRY_OUTCOMES = ['WON', 'LOST', 'OPEN'] as const;
export type InquiryOutcome = (typeof INQUIRY_OUTCOMES)[number];

/** The `inquiries` list's filter without the day range (the report's period is the days received). */
export interface InquiryReportFilter {
  statuses?: readonly string[];
  channels?: readonly string[];
  urgencies?: readonly string[];
  salespersonIds?: readonly number[];
  /** The salesperson's department in these departments' subtrees. */
  departmentIds?: readonly number[];
  customerIds?: readonly number[];
  /** ISO 3166 alpha-2, upper case. */
  countries?: readonly string[];
  /** Open, not answered and past the deadline at `now` (true), or not (false). */
  overdue?: boolean | null;
  repeatOrder?: boolean | null;
  /** Handled by someone (true) or by no one (false). */
  hasSalesperson?: boolean | null;
  /** With a country (true) or without (false). */
  hasCountry?: boolean | null;
}

export interface InquiryReportSqlInput {
  timeZone: string;
  period: DayRange;
  dimensions: readonly InquiryDimension[];
  /** The viewer's data scope over `customer c`; null when it is every customer (no join). */
  customerScope: SqlFragment | null;
  filter: InquiryReportFilter;
  /** The instant "overdue" and "not yet due" are judged at. */
  now: Date;
  /** How many lost reasons, the most frequent first. */
  lostReasonLimit: number;
  /** At most this many rows are returned, the total first (the caller refuses a report that reaches it). */
  rowLimit: number;
}

const OPEN = `(${OPEN_INQUIRY_STATUSES.map((s) => `'${s}'`).join(', ')})`;

const text = (values: readonly string[]) => {
  for (const v of values) if (!/^[A-Z0-9_]+$/.test(v)) throw new Error(`not a code: ${v}`);
  return sql`${`{${values.join(',')}}`}::text[]`;
};
const ids = (values: readonly number[]) => sql`${pgArray(values)}::int[]`;

/** The key of a dimension for one inquiry `i` (with its company day `day`). */
function keySql(dimension: InquiryDimension, input: InquiryReportSqlInput): SqlFragment {
  switch (dimension) {
    case 'OUTCOME':
      return raw(`case when i.status in ${OPEN} then 'OPEN' else i.status end`);
    case 'STATUS':
      return raw(`i.status`);
    case 'CHANNEL':
      return raw(`i.channel`);
    case 'URGENCY':
      return raw(`i.urgency`);
    case 'SALESPERSON':
      return raw(`i.salesperson_id`);
    case 'COUNTRY':
      return raw(`i.country`);
    case 'REPEAT_ORDER':
      return raw(`i.repeat_order`);
    case 'DAY':
    case 'WEEK':
    case 'MONTH':
      // The bucket's first day inside the period (a week or month cut by the period starts with it).
      return sql`greatest(date_trunc(${dimension.toLowerCase()}, (i.received_at at time zone ${input.timeZone})::date::timestamp)::date, ${input.period.from}::date)`;
  }
}

/** The conditions of the `inquiries` list (inquiry-query.service.ts), over `i` and its customer `c`. */
function conditions(input: InquiryReportSqlInput): SqlFragment[] {
  const f = input.filter;
  const tz = input.timeZone;
  const out: SqlFragment[] = [
    sql`i.received_at >= (${input.period.from}::date::timestamp at time zone ${tz})`,
    sql`i.received_at < ((${input.period.to}::date + 1)::timestamp at time zone ${tz})`,
  ];
  if (input.customerScope) out.push(input.customerScope);
  if (f.statuses?.length) out.push(sql`i.status = any(${text(f.statuses)})`);
  if (f.channels?.length) out.push(sql`i.channel = any(${text(f.channels)})`);
  if (f.urgencies?.length) out.push(sql`i.urgency = any(${text(f.urgencies)})`);
  if (f.salespersonIds?.length) out.push(sql`i.salesperson_id = any(${ids(f.salespersonIds)})`);
  if (f.departmentIds?.length) {
    out.push(userInDepartmentsSql('i.salesperson_id', f.departmentIds));
  }
  if (f.customerIds?.length) out.push(sql`i.customer_id = any(${ids(f.customerIds)})`);
  if (f.countries?.length) out.push(sql`i.country = any(${text(f.countries)})`);
  const overdue = sql`(i.status in ${raw(OPEN)} and i.first_responded_at is null and i.response_due_at < ${input.now}::timestamptz)`;
  if (f.overdue === true) out.push(overdue);
  if (f.overdue === false) out.push(sql`not ${overdue}`);
  if (f.repeatOrder != null) out.push(sql`i.repeat_order = ${f.repeatOrder}::boolean`);
  if (f.hasSalesperson != null) out.push(raw(f.hasSalesperson ? 'i.salesperson_id is not null' : 'i.salesperson_id is null'));
  if (f.hasCountry != null) out.push(raw(f.hasCountry ? 'i.country is not null' : 'i.country is null'));
  return out;
}

export function inquiryReportSql(input: InquiryReportSqlInput): SqlFragment {
  const dims = input.dimensions;
  const keyNames = dims.map((d) => `k_${d.toLowerCase()}`);
  const keyColumns = dims.map((d, n) => sql`, ${keySql(d, input)} as ${raw(keyNames[n])}`);
  const grouping = dims.length ? raw(`group by grouping sets ((${keyNames.join(', ')}), ())`) : raw('');
  const isTotal = dims.length ? raw(`grouping(${keyNames.join(', ')}) <> 0`) : raw('true');
  const label = dims.includes('SALESPERSON')
    ? raw(`, (select u.name from app_user u where u.id = g.k_salesperson) as l_salesperson`)
    : raw('');
  return sql`
    with x as (
      select i.status, i.repeat_order, i.lost_reason,
             extract(epoch from i.first_responded_at - i.received_at) as response_seconds,
             i.first_responded_at <= i.response_due_at as in_time,
             (i.status in ${raw(OPEN)} and i.first_responded_at is null and i.response_due_at >= ${input.now}::timestamptz) as awaiting${joinSql(keyColumns, '')}
        from inquiry i${
          input.customerScope
            ? raw(`
        join customer c on c.id = i.customer_id`)
            : raw('')
        }
       where ${joinSql(conditions(input), '\n         and ')}),
    g as (
      select ${isTotal} as is_total${raw(keyNames.map((k) => `, ${k}`).join(''))},
             count(*)::int as total,
             (count(*) filter (where status = 'WON'))::int as won,
             (count(*) filter (where status = 'LOST'))::int as lost,
             (count(*) filter (where status in ${raw(OPEN)}))::int as open,
             count(response_seconds)::int as answered,
             (count(*) filter (where in_time))::int as answered_in_time,
             (count(*) filter (where awaiting))::int as awaiting_response,
             (count(*) filter (where repeat_order))::int as repeat_orders,
             percentile_disc(0.5) within group (order by response_seconds) as median_seconds,
             percentile_disc(0.9) within group (order by response_seconds) as p90_seconds
        from x
       ${grouping}),
    -- Lost reasons grouped by their trimmed, lower-cased text; shown in the spelling that sorts first.
    r as (
      select reason, min(spelling) as spelling, count(*)::int as n
        from (select nullif(lower(btrim(lost_reason, E' \\t\\r\\n')), '') as reason, btrim(lost_reason, E' \\t\\r\\n') collate "C" as spelling
                from x where status = 'LOST') l
       group by reason
       order by n desc, reason collate "C" nulls last
       limit ${input.lostReasonLimit}::int)
    select g.*${label},
           case when g.is_total then (select coalesce(json_agg(json_build_object('reason', nullif(r.spelling, ''), 'count', r.n)
                                                               order by r.n desc, r.reason collate "C" nulls last), '[]') from r) end as lost_reasons
      from g
     order by g.is_total desc
     limit ${input.rowLimit}::int`;
}
