import { readModel } from '../db/read-model';
import { say } from '../domain/common/bilingual';
import { RequestError } from '../domain/common/domain-error';
import { OPEN_INQUIRY_STATUSES } from '../domain/records/inquiry-status';
import { Inquiry } from '../entities';
import { applyCustomerScope, scopeFor } from './customer-scope';
import { paginate, type KeysetSort, type PageArgs } from '../lib/pagination';
import { whereUserInDepartments, whereCompanyDays } from './sql';
import type { ServiceContext } from './service-context';

/** What the `inquiries` list takes: local ids and company days, decoded by the resolver. */
export interface InquiryListCommand {
  statuses?: readonly string[] | null;
  channels?: readonly string[] | null;
  urgencies?: readonly string[] | null;
  receivedFrom?: string | null;
  receivedTo?: string | null;
  salespersonIds?: readonly number[];
  departmentIds?: readonly number[];
  customerIds?: readonly number[];
  countries?: readonly string[] | null;
  overdue?: boolean | null;
  repeatOrder?: boolean | null;
  /** Handled by someone (true) or by no one (false). */
  hasSalesperson?: boolean | null;
  /** With a country (true) or without (false). */
  hasCountry?: boolean | null;
}

export type InquirySort = 'RECEIVED_AT' | 'RESPONSE_DUE_AT' | 'ID';

const SORTS: Record<InquirySort, KeysetSort> = {
  RECEIVED_AT: { key: 'RECEIVED_AT', column: 'i.received_at' },
  RESPONSE_DUE_AT: { key: 'RESPONSE_DUE_AT', column: 'i.response_due_at' },
  ID: { key: 'ID', column: 'i.id' },
};

const OPEN = `(${OPEN_INQUIRY_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/** Inquiries across customers (issue 14): "this week's overdue inquiries" of the viewer's customers. */
export class InquiryQueryService {
  constructor(private readonly ctx: ServiceContext) {}

  list(args: PageArgs, command: InquiryListCommand, sort: InquirySort, reverse: boolean) {
    for (const country of command.countries ?? []) {
      if (!/^[A-Za-z]{2}$/.test(country))
        throw new RequestError(
          'BAD_USER_INPUT',
          say(
            `filter.countries："${country}" 不是 ISO 3166 两位字母国家代码`,
            `filter.countries: "${country}" is not an ISO 3166 alpha-2 code`,
          ),
        );
    }
    const em = this.ctx.em;
    const tz = this.ctx.config.companyTimeZone;
    const q = em.getKnex().from('inquiry as i').join('customer as c', 'c.id', 'i.customer_id').select('i.*');
    applyCustomerScope(q, scopeFor(this.ctx.viewer));
    if (command.statuses?.length) q.whereIn('i.status', [...command.statuses]);
    if (command.channels?.length) q.whereIn('i.channel', [...command.channels]);
    if (command.urgencies?.length) q.whereIn('i.urgency', [...command.urgencies]);
    whereCompanyDays(q, 'i.received_at', command.receivedFrom, command.receivedTo, tz, 'receivedOn');
    if (command.salespersonIds?.length) q.whereIn('i.salesperson_id', [...command.salespersonIds]);
    if (command.departmentIds?.length) {
      whereUserInDepartments(q, 'i.salesperson_id', command.departmentIds);
    }
    if (command.customerIds?.length) q.whereIn('i.customer_id', [...command.customerIds]);
    if (command.countries?.length)
      q.whereIn(
        'i.country',
        command.countries.map((c) => c.toUpperCase()),
      );
    // Overdue as isOverdue() says (inquiry-response.ts): open, no first answer, past the deadline now.
    const overdue = `(i.status in ${OPEN} and i.first_responded_at is null and i.response_due_at < ?::timestamptz)`;
    if (command.overdue === true) q.whereRaw(overdue, [this.ctx.now()]);
    if (command.overdue === false) q.whereRaw(`not ${overdue}`, [this.ctx.now()]);
    if (command.repeatOrder != null) q.where('i.repeat_order', command.repeatOrder);
    if (command.hasSalesperson === true) q.whereNotNull('i.salesperson_id');
    if (command.hasSalesperson === false) q.whereNull('i.salesperson_id');
    if (command.hasCountry === true) q.whereNotNull('i.country');
    if (command.hasCountry === false) q.whereNull('i.country');
    return paginate({
      em,
      base: q,
      idColumn: 'i.id',
      sort: SORTS[sort],
      reverse,
      args,
      toNodes: (rows: Array<Record<string, unknown>>) => rows.map(readModel(em, Inquiry)),
    });
  }
}
