import type { Locale } from '../../domain/customer/customer.enums';
import { DISTRIBUTION_DIMENSIONS, type DistributionBucket, type DistributionDimension } from '../../domain/reports/customer-distribution';
import { TRANSITION_GROUP_BYS, type TransitionGroupBy, type TransitionQuery } from '../../domain/reports/lifecycle-transitions';
import { distributionKeyRefusal, readsOrgNames } from '../../domain/reports/report-access';
import { reportKeyLabel } from '../../domain/reports/report-labels';
import { lastDayOfMonth } from '../../domain/common/calendar';
import { LIFECYCLE_STAGES, type LifecycleStage } from '../../domain/scoring/scoring.enums';
import { toGlobalId } from '../../domain/common/global-id';
import { CustomerDistributionService } from '../../services/customer-distribution.service';
import { LifecycleTransitionQueryService, type TransitionRow } from '../../services/lifecycle-transition-query.service';
import { ScoringService } from '../../services/scoring.service';
import { SegmentService } from '../../services/segment.service';
import { RequestError } from '../../domain/common/domain-error';
import { say } from '../../domain/common/bilingual';
import { ParamError } from './params';
import type { ReportExport } from './report-export';
import { reportFile, type Localized, type ReportColumn } from './table';

/**
 * `GET /exports/reports/customer-distribution.csv|xlsx?by=VALUE_TIER[&query=…|&segmentId=…]`
 * and `GET /exports/reports/lifecycle-transitions.csv|xlsx?since=…&until=…[&from=…&to=…&groupBy=…]`:
 * `customerDistribution` and `lifecycleTransitions` as tables (issue 14 items 4, 6). The
 * distribution's typed `filter` has no query-string form: its text `query` says the same.
 */

const TOTAL: Localized = { zh: '合计', en: 'Total' };

const DIMENSION_NAMES: Record<DistributionDimension, Localized> = {
  STAGE: { zh: '生命周期阶段', en: 'Lifecycle stage' },
  VALUE_TIER: { zh: '价值分层', en: 'Value tier' },
  ABC_CLASS: { zh: 'ABC分类', en: 'ABC class' },
  MEMBER_LEVEL: { zh: '会员等级', en: 'Member level' },
  RELATIONSHIP_DEPTH: { zh: '关系深度', en: 'Relationship depth' },
  SOURCE: { zh: '客户来源', en: 'Source' },
  REGION: { zh: '地区', en: 'Region' },
  CITY_TIER: { zh: '城市级别', en: 'City tier' },
  INDUSTRY: { zh: '行业', en: 'Industry' },
  RFM_GROUP: { zh: 'RFM分组', en: 'RFM group' },
};

const slug = (code: string) => code.toLowerCase().replace(/_/g, '-');

interface DistributionCommand {
  by: DistributionDimension;
  query: string | null;
  segmentId: number | null;
}

type DistributionLine = Pick<DistributionBucket, 'key' | 'label' | 'count' | 'share' | 'expectedShare'>;

export const distributionExport: ReportExport<DistributionCommand> = {
  name: 'customer-distribution',
  parse(q) {
    const by = q.requiredChoice('by', DISTRIBUTION_DIMENSIONS);
    const query = q.string('query') || null;
    const segmentId = q.id('segmentId', 'Segment');
    if (query != null && segmentId != null)
      throw new ParamError('segmentId', say('query 和 segmentId 最多给一个', 'give at most one of query and segmentId'));
    return { by, query, segmentId };
  },
  keyRefusal: (viewer, c) => distributionKeyRefusal(viewer, c.segmentId != null ? 'SEGMENT' : c.query != null ? 'FILTER' : 'ALL'),
  async run(ctx, command, locale) {
    const scoring = new ScoringService(ctx);
    const segments = new SegmentService(ctx, scoring);
    let filter = null;
    if (command.segmentId != null) {
      const [segment] = await segments.byIds([command.segmentId]);
      if (!segment) {
        const id = toGlobalId('Segment', command.segmentId);
        throw new RequestError('BAD_USER_INPUT', say(`segmentId：没有 id 为“${id}”的客户分群`, `segmentId: no segment with id "${id}"`));
      }
      filter = SegmentService.ruleOf(segment).node;
    } else if (command.query != null) {
      filter = (await segments.previewRule(command.query, null)).node;
    }
    const d = await new CustomerDistributionService(ctx, scoring).distribution({ by: command.by, filter, locale });
    const depth = command.by === 'RELATIONSHIP_DEPTH';
    const columns: Array<ReportColumn<DistributionLine>> = [
      { header: DIMENSION_NAMES[command.by], width: 20, kind: 'text', value: (b) => b.label },
      { header: { zh: '代码', en: 'Code' }, width: 12, kind: 'text', value: (b) => b.key },
      { header: { zh: '客户数', en: 'Customers' }, width: 10, kind: 'integer', value: (b) => b.count },
      { header: { zh: '占比', en: 'Share' }, width: 9, kind: 'percent', value: (b) => b.share },
      ...(depth
        ? [
            {
              header: { zh: '5-3-2法则占比', en: '5-3-2 law share' },
              width: 12,
              kind: 'percent' as const,
              value: (b: DistributionLine) => b.expectedShare,
            },
          ]
        : []),
    ];
    const lines: DistributionLine[] = [
      ...d.buckets,
      { key: null, label: TOTAL[locale], count: d.total, share: d.total === 0 ? 0 : 1, expectedShare: null },
    ];
    const name = DIMENSION_NAMES[command.by];
    const file = `customer-distribution-${slug(command.by)}`;
    return reportFile(columns, lines, locale, {
      fileName: { ascii: file, local: locale === 'zh' ? `客户分布-${name.zh}` : file },
      sheetName: locale === 'zh' ? `客户分布-${name.zh}` : `Customers by ${name.en.toLowerCase()}`,
    });
  },
};

interface TransitionLine {
  period: string;
  from: string;
  to: string;
  row: Pick<TransitionRow, 'from' | 'to' | 'count' | 'groupId' | 'groupLabel'> | null;
  count: number;
}

const GROUP_TYPES: Partial<Record<TransitionGroupBy, { type: string; none: 'DEPARTMENT' | 'SALESPERSON'; name: Localized }>> = {
  DEPARTMENT: { type: 'Department', none: 'DEPARTMENT', name: { zh: '部门', en: 'Department' } },
  SALESPERSON: { type: 'User', none: 'SALESPERSON', name: { zh: '负责人', en: 'Owner' } },
};

const stageLabel = (stage: LifecycleStage | undefined, locale: Locale) =>
  stage ? (LIFECYCLE_STAGES.labels[stage]?.[locale] ?? stage) : null;

export const transitionsExport: ReportExport<TransitionQuery> = {
  name: 'lifecycle-transitions',
  parse(q) {
    return {
      since: q.requiredDate('since', '2026-07-01'),
      until: q.requiredDate('until', '2026-09-30'),
      from: q.choices('from', LIFECYCLE_STAGES.values),
      to: q.choices('to', LIFECYCLE_STAGES.values),
      groupBy: q.choice('groupBy', TRANSITION_GROUP_BYS, 'NONE'),
    };
  },
  keyRefusal: () => null,
  async run(ctx, query, locale) {
    const report = await new LifecycleTransitionQueryService(ctx, new ScoringService(ctx)).report(query);
    const names = readsOrgNames(ctx.viewer);
    const group = GROUP_TYPES[query.groupBy];
    const whole = { period: `${query.since}/${query.until}`, from: query.since, to: query.until };
    // By MONTH, each row's period is its month inside since … until.
    const periodOf = (r: TransitionRow) => {
      if (query.groupBy !== 'MONTH' || r.groupLabel == null) return whole;
      const first = `${r.groupLabel}-01`;
      const last = lastDayOfMonth(Number(first.slice(0, 4)), Number(first.slice(5, 7)));
      return { period: r.groupLabel, from: first < query.since ? query.since : first, to: last > query.until ? query.until : last };
    };
    const columns: Array<ReportColumn<TransitionLine>> = [
      { header: { zh: '期间', en: 'Period' }, width: 22, kind: 'text', value: (l) => l.period },
      { header: { zh: '开始日', en: 'From' }, width: 11, kind: 'date', value: (l) => l.from },
      { header: { zh: '结束日', en: 'To' }, width: 11, kind: 'date', value: (l) => l.to },
      ...(group
        ? [
            {
              header: group.name,
              width: 16,
              kind: 'text' as const,
              value: (l: TransitionLine) => {
                if (!l.row) return null;
                if (l.row.groupId == null) return reportKeyLabel(group.none, null, null, locale);
                return names ? l.row.groupLabel : null;
              },
            },
            {
              header: { zh: `${group.name.zh}ID`, en: `${group.name.en} ID` },
              width: 18,
              kind: 'text' as const,
              value: (l: TransitionLine) => (l.row?.groupId == null ? null : toGlobalId(group.type, l.row.groupId)),
            },
          ]
        : []),
      { header: { zh: '原阶段', en: 'From stage' }, width: 16, kind: 'text', value: (l) => stageLabel(l.row?.from, locale) },
      { header: { zh: '新阶段', en: 'To stage' }, width: 16, kind: 'text', value: (l) => stageLabel(l.row?.to, locale) },
      { header: { zh: '原阶段代码', en: 'From code' }, width: 10, kind: 'text', value: (l) => l.row?.from ?? null },
      { header: { zh: '新阶段代码', en: 'To code' }, width: 10, kind: 'text', value: (l) => l.row?.to ?? null },
      { header: { zh: '变化次数', en: 'Moves' }, width: 10, kind: 'integer', value: (l) => l.count },
    ];
    const lines: TransitionLine[] = report.rows.map((r) => ({ ...periodOf(r), row: r, count: r.count }));
    lines.push({ ...whole, period: TOTAL[locale], row: null, count: report.total });
    const span = `${query.since}_${query.until}`;
    return reportFile(columns, lines, locale, {
      fileName: {
        ascii: `lifecycle-transitions-${span}`,
        local: locale === 'zh' ? `客户阶段变化-${span}` : `lifecycle-transitions-${span}`,
      },
      sheetName: locale === 'zh' ? '客户阶段变化' : 'Lifecycle transitions',
    });
  },
};
