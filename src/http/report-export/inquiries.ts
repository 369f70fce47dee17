import { customerReportKeyRefusal } from '../../domain/reports/report-access';
import { INQUIRY_CHANNELS, INQUIRY_STATUSES, INQUIRY_URGENCIES } from '../../domain/records/records.enums';
import type { InquiryFigures } from '../../domain/reports/inquiry-figures';
import { inquiryKeyLabel } from '../../domain/reports/inquiry-report-labels';
import { INQUIRY_DIMENSIONS, INQUIRY_TIME_DIMENSIONS, type InquiryDimension } from '../../domain/reports/inquiry-report.sql';
import type { DayRange } from '../../domain/reports/report-period';
import { toGlobalId } from '../../domain/common/global-id';
import { InquiryReportService, type InquiryReportCommand, type InquiryReportKey } from '../../services/inquiry-report.service';
import type { ReportExport } from './report-export';
import { reportFile, type Localized, type ReportColumn } from './table';

/**
 * `GET /exports/reports/inquiries.csv|xlsx` (issue 14 items 3, 6): `inquiryReport` as a table.
 * The parameters are the query's arguments: `from`&`to` | `year` | `month`, `groupBy`, and the
 * filter's fields flat (`statuses`, `channels`, `urgencies`, `salespersonIds`, `departmentIds`,
 * `customerIds`, `countries`, `overdue`, `repeatOrder`, `hasSalesperson`, `hasCountry`). A
 * DAY, WEEK or MONTH dimension is the row's period; the lost reasons are not in the table.
 */

interface InquiryLine {
  period: string;
  days: DayRange;
  keys: readonly InquiryReportKey[];
  figures: InquiryFigures;
}

const TOTAL: Localized = { zh: '合计', en: 'Total' };

const DIMENSION_NAMES: Record<InquiryDimension, Localized> = {
  OUTCOME: { zh: '结果', en: 'Outcome' },
  STATUS: { zh: '状态', en: 'Status' },
  CHANNEL: { zh: '渠道', en: 'Channel' },
  URGENCY: { zh: '紧急程度', en: 'Urgency' },
  SALESPERSON: { zh: '销售员', en: 'Salesperson' },
  COUNTRY: { zh: '国家', en: 'Country' },
  REPEAT_ORDER: { zh: '返单', en: 'Repeat order' },
  DAY: { zh: '日', en: 'Day' },
  WEEK: { zh: '周', en: 'Week' },
  MONTH: { zh: '月', en: 'Month' },
};

function keyColumns(dimension: InquiryDimension, index: number): Array<ReportColumn<InquiryLine>> {
  const name = DIMENSION_NAMES[dimension];
  const user = dimension === 'SALESPERSON';
  const key = (l: InquiryLine) => l.keys[index];
  return [
    {
      header: name,
      width: 14,
      kind: 'text',
      value: (l, locale) => {
        const k = key(l);
        return k ? inquiryKeyLabel(k.dimension, k.value, k.name, locale) : null;
      },
    },
    {
      header: user ? { zh: `${name.zh}ID`, en: `${name.en} ID` } : { zh: `${name.zh}代码`, en: `${name.en} code` },
      width: user ? 18 : 10,
      kind: 'text',
      value: (l) => {
        const k = key(l);
        if (!k) return null;
        return user ? (k.id == null ? null : toGlobalId('User', k.id)) : k.value;
      },
    },
  ];
}

function figureColumns(): Array<ReportColumn<InquiryLine>> {
  const f = (key: keyof InquiryFigures) => (l: InquiryLine) => l.figures[key] ?? null;
  return [
    { header: { zh: '询盘数', en: 'Inquiries' }, width: 9, kind: 'integer', value: f('total') },
    { header: { zh: '成交', en: 'Won' }, width: 8, kind: 'integer', value: f('won') },
    { header: { zh: '丢失', en: 'Lost' }, width: 8, kind: 'integer', value: f('lost') },
    { header: { zh: '跟进中', en: 'Open' }, width: 8, kind: 'integer', value: f('open') },
    { header: { zh: '成交率', en: 'Conversion rate' }, width: 10, kind: 'percent', value: f('conversionRate') },
    { header: { zh: '成交占比', en: 'Won share' }, width: 10, kind: 'percent', value: f('wonShare') },
    { header: { zh: '已回复', en: 'Answered' }, width: 8, kind: 'integer', value: f('answered') },
    {
      header: { zh: '首次回复中位数(分钟)', en: 'First response median (min)' },
      width: 14,
      kind: 'number',
      value: f('firstResponseMedianMinutes'),
    },
    { header: { zh: '首次回复P90(分钟)', en: 'First response p90 (min)' }, width: 14, kind: 'number', value: f('firstResponseP90Minutes') },
    { header: { zh: '按时回复率', en: 'Answered in time' }, width: 10, kind: 'percent', value: f('answeredInTimeShare') },
    { header: { zh: '待回复(未到期)', en: 'Awaiting response' }, width: 10, kind: 'integer', value: f('awaitingResponse') },
    { header: { zh: '返单询盘', en: 'Repeat orders' }, width: 9, kind: 'integer', value: f('repeatOrders') },
    { header: { zh: '返单占比', en: 'Repeat order share' }, width: 10, kind: 'percent', value: f('repeatOrderShare') },
  ];
}

export const inquiriesExport: ReportExport<InquiryReportCommand> = {
  name: 'inquiries',
  parse(q) {
    return {
      period: q.period(),
      groupBy: q.choices('groupBy', INQUIRY_DIMENSIONS),
      // The lost reasons are not rows of this table.
      lostReasonLimit: 0,
      filter: {
        statuses: q.choices('statuses', INQUIRY_STATUSES.values),
        channels: q.choices('channels', INQUIRY_CHANNELS.values),
        urgencies: q.choices('urgencies', INQUIRY_URGENCIES.values),
        salespersonIds: q.ids('salespersonIds', 'User'),
        departmentIds: q.ids('departmentIds', 'Department'),
        customerIds: q.ids('customerIds', 'Customer'),
        countries: q.list('countries') ?? [],
        overdue: q.optionalBoolean('overdue'),
        repeatOrder: q.optionalBoolean('repeatOrder'),
        hasSalesperson: q.optionalBoolean('hasSalesperson'),
        hasCountry: q.optionalBoolean('hasCountry'),
      },
    };
  },
  keyRefusal: (viewer, command) => customerReportKeyRefusal(viewer, 'INQUIRIES', command.filter.customerIds),
  async run(ctx, command, locale) {
    const report = await new InquiryReportService(ctx).report(command);
    const time = report.groupBy.findIndex((d) => INQUIRY_TIME_DIMENSIONS[d]);
    const keyed = report.groupBy.map((dimension, index) => ({ dimension, index })).filter(({ index }) => index !== time);
    const whole = `${report.period.from}/${report.period.to}`;
    const columns: Array<ReportColumn<InquiryLine>> = [
      { header: { zh: '期间', en: 'Period' }, width: 22, kind: 'text', value: (l) => l.period },
      { header: { zh: '开始日', en: 'From' }, width: 11, kind: 'date', value: (l) => l.days.from },
      { header: { zh: '结束日', en: 'To' }, width: 11, kind: 'date', value: (l) => l.days.to },
      ...keyed.flatMap(({ dimension, index }) => keyColumns(dimension, index)),
      ...figureColumns(),
    ];
    const lines: InquiryLine[] = report.rows.map((row) => ({
      period: time >= 0 ? (row.keys[time]?.value ?? whole) : whole,
      days: row.drillDown.receivedOn,
      keys: row.keys,
      figures: row.figures,
    }));
    lines.push({ period: TOTAL[locale], days: report.period, keys: [], figures: report.figures });
    const span = `${report.period.from}_${report.period.to}`;
    return reportFile(columns, lines, locale, {
      fileName: { ascii: `inquiries-${span}`, local: locale === 'zh' ? `询盘报表-${span}` : `inquiries-${span}` },
      sheetName: locale === 'zh' ? '询盘报表' : 'Inquiries',
    });
  },
};
