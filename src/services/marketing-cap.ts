import type { EntityManager } from '@mikro-orm/postgresql';
import type { ContactChannel } from '../domain/customer/customer.enums';
import { capWindowStart } from '../domain/reminders/marketing-eligibility';
import { marketingEligibleSql, type EligibilitySqlInput } from '../domain/reminders/marketing-eligibility.sql';
import type { MarketingCap } from '../domain/reminders/reminder-settings';
import type { TouchPurpose } from '../domain/reminders/reminder.enums';
import type { SqlFragment } from '../domain/common/sql';
import { readReminderState } from './reminder-settings.service';
import type { ServiceContext } from './service-context';

/** A channel and a purpose: "may we send this customer an SMS promotion now?" */
export interface EligibleFor {
  channel: ContactChannel;
  purpose: TouchPurpose;
}

/** The company's marketing cap, part of its reminder settings (DOMAIN M4, "Default rules"; admins change it with the reminder settings). */
export async function readMarketingCap(em: EntityManager): Promise<MarketingCap> {
  return (await readReminderState(em)).settings.marketingCap;
}

/**
 * The cap read once per service instance (one request), and the SQL input of the eligibility
 * rule as of the request's clock: one window for the whole request, so a count and a page of
 * members asked together agree.
 */
export class MarketingCapReader {
  private cap?: Promise<MarketingCap>;
  private now?: Date;

  constructor(private readonly ctx: ServiceContext) {}

  current(): Promise<MarketingCap> {
    this.cap ??= readMarketingCap(this.ctx.em);
    return this.cap;
  }

  async sqlInput(eligibleFor: EligibleFor): Promise<EligibilitySqlInput> {
    const cap = await this.current();
    this.now ??= this.ctx.now();
    return { ...eligibleFor, cap, windowStart: capWindowStart(this.now, cap) };
  }

  /** The eligibility predicate over `customer c`, for the members filter and the export. */
  async predicate(eligibleFor: EligibleFor): Promise<SqlFragment> {
    return marketingEligibleSql(await this.sqlInput(eligibleFor));
  }
}
