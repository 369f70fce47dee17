import { Arg, Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { customerReportKeyRefusal } from '../domain/reports/report-access';
import { RequestError } from '../domain/common/domain-error';
import type { InquiryDrillDown, InquiryFigures } from '../domain/reports/inquiry-figures';
import { inquiryKeyLabel } from '../domain/reports/inquiry-report-labels';
import type { InquiryChannel, InquiryStatus, InquiryUrgency } from '../domain/records/records.enums';
import { toGlobalId } from '../schema/global-id';
import { InquiryReportArgs } from '../schema/types/inquiry-report.input';
import {
  InquiryReportKeyType,
  InquiryReportType,
  type InquiryDrillDownType,
  type InquiryFiguresType,
} from '../schema/types/inquiry-report.type';
import type { InquiryReport } from '../services/inquiry-report.service';
import { needs } from './access';
import type { GraphQLContext } from './context';
import { filterLocalIds as filterIds } from './given-id';
import { LOCALE_ARG, localeOf } from './locale';
import { REPORT_COST } from './sales-report.resolver';

const figuresOf = (f: InquiryFigures): InquiryFiguresType => ({ ...f });

const listOf = <T extends string>(values: readonly string[]) => (values.length ? ([...values] as T[]) : null);
const idsOf = (type: string, ids: readonly number[]) => (ids.length ? ids.map((id) => toGlobalId(type, id)) : null);

function drillDownView(d: InquiryDrillDown): InquiryDrillDownType {
  return {
    statuses: listOf<InquiryStatus>(d.statuses),
    channels: listOf<InquiryChannel>(d.channels),
    urgencies: listOf<InquiryUrgency>(d.urgencies),
    receivedOn: { ...d.receivedOn },
    salespersonIds: idsOf('User', d.salespersonIds),
    departmentIds: idsOf('Department', d.departmentIds),
    customerIds: idsOf('Customer', d.customerIds),
    countries: listOf(d.countries),
    overdue: d.overdue,
    repeatOrder: d.repeatOrder,
    hasSalesperson: d.hasSalesperson,
    hasCountry: d.hasCountry,
  };
}

function reportView(r: InquiryReport): InquiryReportType {
  return {
    ...figuresOf(r.figures),
    period: { ...r.period, label: `${r.period.from}/${r.period.to}` },
    groupBy: r.groupBy,
    lostReasons: r.lostReasons,
    rows: r.rows.map((row) => ({
      ...figuresOf(row.figures),
      keys: row.keys.map((k) =>
        Object.assign(new InquiryReportKeyType(), {
          dimension: k.dimension,
          id: k.id == null ? null : toGlobalId('User', k.id),
          value: k.value,
          name: k.name,
          nameHidden: k.nameHidden,
        }),
      ),
      drillDown: drillDownView(row.drillDown),
    })),
    drillDown: drillDownView(r.drillDown),
  };
}

/** `inquiryReport` (issue 14 item 3, DOMAIN A2). */
@Resolver()
export class InquiryReportResolver {
  @Authorized(...needs({ scope: 'reports:read' }))
  @Query(() => InquiryReportType, {
    complexity: REPORT_COST,
    description:
      'The inquiries received in a period (company calendar days) and what became of them: won, lost, open, conversion rate, first-response median and p90, ' +
      'the share answered by responseDueAt, repeat orders and lost reasons, grouped by up to 3 dimensions; each row carries the `inquiries` filter that lists it. ' +
      'In your data scope (the inquiries of your customers).',
  })
  async inquiryReport(@Args() args: InquiryReportArgs, @Ctx() ctx: GraphQLContext): Promise<InquiryReportType> {
    const f = args.filter ?? {};
    const customerIds = filterIds(f.customerIds, 'Customer', 'customerIds');
    const refusal = customerReportKeyRefusal(ctx.viewer, 'INQUIRIES', customerIds);
    if (refusal) throw new RequestError('FORBIDDEN', refusal);
    const report = await ctx.services.inquiryReports.report({
      period: args.period,
      groupBy: args.groupBy,
      lostReasonLimit: args.lostReasonLimit,
      filter: {
        statuses: f.statuses ?? [],
        channels: f.channels ?? [],
        urgencies: f.urgencies ?? [],
        salespersonIds: filterIds(f.salespersonIds, 'User', 'salespersonIds'),
        departmentIds: filterIds(f.departmentIds, 'Department', 'departmentIds'),
        customerIds,
        countries: f.countries ?? [],
        overdue: f.overdue ?? null,
        repeatOrder: f.repeatOrder ?? null,
        hasSalesperson: f.hasSalesperson ?? null,
        hasCountry: f.hasCountry ?? null,
      },
    });
    return reportView(report);
  }
}

@Resolver(() => InquiryReportKeyType)
export class InquiryReportKeyResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description:
      "The user's name, the value's label, the country's name, or what none means (无销售员 / No salesperson). " +
      'Null for a salesperson read by an API key without org:read (the id is still given).',
  })
  label(
    @Root() key: InquiryReportKeyType,
    @Arg('locale', () => String, LOCALE_ARG) locale: string | null,
    @Ctx() ctx: GraphQLContext,
  ): string | null {
    return key.nameHidden ? null : inquiryKeyLabel(key.dimension, key.value, key.name, localeOf(ctx, locale));
  }
}
