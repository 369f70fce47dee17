import { decideAccess, type ApiScope, type Viewer } from '../access/viewer';
import { say, type Bilingual } from '../common/bilingual';

/**
 * Who may read which report, beyond `reports:read` (issue 14 item 7): one copy for the
 * GraphQL fields and the file exports (`/exports/reports/…`).
 */

/** The customers a distribution counts: all of the scope, those a query or filter selects, a saved segment's members. */
export type DistributionCustomers = 'ALL' | 'FILTER' | 'SEGMENT';

const DISTRIBUTION_KEY_SCOPES: Record<DistributionCustomers, { scopes: ApiScope[]; why: Bilingual }> = {
  ALL: { scopes: [], why: say('', '') },
  // A filter narrows a count down to single customers, as a segment count does (docs/tour/segments.md).
  FILTER: { scopes: ['customers:read'], why: say('统计筛选选出的客户', 'to count customers selected by a filter') },
  SEGMENT: { scopes: ['segments:read', 'customers:read'], why: say('统计客户分群的成员', 'to count the members of a segment') },
};

/** Why an API key may not read this distribution (the scope it lacks), or null when it may; staff are never refused here. */
export function distributionKeyRefusal(viewer: Viewer | null, customers: DistributionCustomers): Bilingual | null {
  if (viewer?.kind !== 'partner') return null;
  const { scopes, why } = DISTRIBUTION_KEY_SCOPES[customers];
  const missing = scopes.find((scope) => decideAccess(viewer, { scope }) !== 'ALLOWED');
  return missing ? say(`API 密钥需要 ${missing} 权限范围才能${why.zh}。`, `An API key needs the ${missing} scope ${why.en}.`) : null;
}

/** Whether a report shows the names of departments and users: to an API key only with org:read. */
export function readsOrgNames(viewer: Viewer | null): boolean {
  return viewer?.kind !== 'partner' || decideAccess(viewer, { scope: 'org:read' }) === 'ALLOWED';
}

/** The records a report of one customer's sales or inquiries spells out, and the scopes that read them. */
const RECORD_SCOPES: Record<'SALES' | 'INQUIRIES', ApiScope[]> = {
  SALES: ['customers:read', 'orders:read'],
  INQUIRIES: ['customers:read', 'inquiries:read'],
};

/**
 * Why an API key may not narrow a sales or inquiry report to given customers (`customerIds`),
 * or null: a report of one customer is that customer's orders or inquiries (a day by product,
 * its lost reasons), so it needs the scopes that read them. Staff are never refused here.
 */
export function customerReportKeyRefusal(
  viewer: Viewer | null,
  report: 'SALES' | 'INQUIRIES',
  customerIds: readonly number[] | undefined,
): Bilingual | null {
  if (viewer?.kind !== 'partner' || !customerIds?.length) return null;
  const missing = RECORD_SCOPES[report].find((scope) => decideAccess(viewer, { scope }) !== 'ALLOWED');
  return missing
    ? say(
        `API 密钥需要 ${missing} 权限范围才能把报表限定到指定客户（customerIds）。`,
        `An API key needs the ${missing} scope to narrow a report to customers (customerIds).`,
      )
    : null;
}
