import type { EntityManager } from '@mikro-orm/postgresql';
import Decimal from 'decimal.js';
import { say } from '../domain/common/bilingual';
import { userError, UserInputFailure, type UserErrorData } from '../domain/common/domain-error';
import { responseDueAt } from '../domain/records/inquiry-response';
import { conversionProblem, inquiryMoveProblem, isOpenInquiry, moveRecordsResponse } from '../domain/records/inquiry-status';
import type { CurrencyCode, InquiryChannel, InquiryStatus, InquiryUrgency } from '../domain/records/records.enums';
import { Customer, Inquiry, Order, User } from '../entities';
import { lockCustomerById, lockCustomerForRecords, noteStatsEffect, refreshCustomerStats } from './customer-stats.service';
import type { Checked } from './checked';
import type { GivenId } from './given-id';
import { OrderService, type OrderDraft } from './order.service';
import { inTransaction, type Result } from './transaction';
import { visibleRecordRows } from './record-visibility';
import type { ServiceContext } from './service-context';
import { namedStaff } from './staff';
import { failIfAny } from './validate-input';

const FUTURE_TOLERANCE_MS = 5 * 60_000;

const text = (value: string | null | undefined) => value?.trim() || null;
const amount = (value: string | null | undefined) => (value == null ? null : new Decimal(value).toFixed(2));
const quantity = (value: string | null | undefined) => (value == null ? null : new Decimal(value).toFixed(3));

/** A closed inquiry (WON or LOST) takes no more changes. */
const closedInquiry = (status: InquiryStatus) =>
  new UserInputFailure([
    userError(['input', 'id'], say(`询盘已是 ${status} 状态，不能再修改`, `the inquiry is ${status} and can no longer change`), 'CONFLICT'),
  ]);

/** The describing fields of an inquiry; in an update, absent stays and null clears (or is refused where required). */
interface InquiryFields {
  country?: string | null;
  applicationArea?: string | null;
  quantity?: string | null;
  quantityUnit?: string | null;
  targetPrice?: string | null;
  amount?: string | null;
  packaging?: string | null;
  deliveryRequirements?: string | null;
  customerBackground?: string | null;
  repeatOrder?: boolean | null;
  salespersonId?: GivenId | null;
}

export interface InquiryCreateCommand extends InquiryFields, Checked {
  customerId: GivenId;
  receivedAt?: Date | null;
  channel: InquiryChannel;
  urgency?: InquiryUrgency | null;
  projectDetails: string;
  currency?: CurrencyCode | null;
}

export interface InquiryUpdateCommand extends InquiryFields, Checked {
  id: GivenId;
  channel?: InquiryChannel | null;
  urgency?: InquiryUrgency | null;
  projectDetails?: string | null;
}

export interface InquiryRespondCommand extends Checked {
  id: GivenId;
  respondedAt?: Date | null;
}

export interface InquiryMoveCommand extends Checked {
  id: GivenId;
  status: InquiryStatus;
  lostReason?: string | null;
}

/**
 * The order to create. `salespersonId` undefined: the inquiry's handler while active, else as
 * for any order; null: as for any order (the customer's owner, else the staff viewer).
 */
export interface InquiryConvertToOrderCommand extends Checked, Pick<OrderDraft, 'lines' | 'orderedAt' | 'storeId' | 'salespersonId'> {
  id: GivenId;
}

export interface Conversion {
  inquiry: Inquiry | null;
  order: Order | null;
  userErrors: UserErrorData[];
}

/**
 * Inquiries (DOMAIN R4). Every write locks the customer first, so the open inquiry count
 * and amount of customer_stats are rewritten one writer at a time, in the same transaction.
 */
export class InquiryService {
  constructor(protected readonly ctx: ServiceContext) {}

  create(input: InquiryCreateCommand): Promise<Result<'inquiry', Inquiry>> {
    return inTransaction(this.ctx, 'inquiry', async (em, notes) => {
      const errors = [...input.invalid];
      const now = this.ctx.now();
      const receivedAt = input.receivedAt ?? now;
      if (receivedAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS)
        errors.push(userError(['input', 'receivedAt'], say('不能晚于当前时间', 'must not be in the future')));
      const currency = this.currency(input.currency, errors);
      const named = input.salespersonId ? await this.salesperson(em, input.salespersonId, errors) : null;
      failIfAny(errors);
      const customer = await lockCustomerForRecords(this.ctx, em, input.customerId, ['input', 'customerId']);
      const repeatOrder = input.repeatOrder ?? (await this.hasCompletedOrder(em, customer.id));
      const urgency = input.urgency ?? 'NORMAL';
      const viewer = this.ctx.viewer;
      const inquiry = em.create(Inquiry, {
        customer,
        salesperson: named ?? customer.owner ?? (viewer?.kind === 'staff' ? em.getReference(User, viewer.userId) : null),
        receivedAt,
        channel: input.channel,
        urgency,
        status: 'NEW',
        country: input.country ?? null,
        projectDetails: input.projectDetails.trim(),
        applicationArea: text(input.applicationArea),
        quantity: quantity(input.quantity),
        quantityUnit: text(input.quantityUnit),
        currency,
        targetPrice: amount(input.targetPrice),
        amount: amount(input.amount),
        packaging: text(input.packaging),
        deliveryRequirements: text(input.deliveryRequirements),
        customerBackground: text(input.customerBackground),
        repeatOrder,
        responseDueAt: responseDueAt(receivedAt, urgency, input.channel, this.ctx.config.companyTimeZone),
        createdAt: now,
        updatedAt: now,
      });
      await em.flush();
      noteStatsEffect(notes, await refreshCustomerStats(em, [customer.id]), 'an inquiry');
      return inquiry;
    });
  }

  update(input: InquiryUpdateCommand): Promise<Result<'inquiry', Inquiry>> {
    return inTransaction(this.ctx, 'inquiry', async (em, notes) => {
      const errors = [...input.invalid];
      const inquiry = await this.lockVisible(em, input.id);
      if (!isOpenInquiry(inquiry.status)) throw closedInquiry(inquiry.status);
      for (const field of ['projectDetails', 'channel', 'urgency', 'repeatOrder'] as const) {
        if (input[field] === null)
          errors.push(userError(['input', field], say(`${field} 不能清空`, `${field} cannot be cleared`), 'REQUIRED'));
      }
      const salesperson = input.salespersonId ? await this.salesperson(em, input.salespersonId, errors) : null;
      failIfAny(errors);
      if (input.projectDetails != null) inquiry.projectDetails = input.projectDetails.trim();
      if (input.repeatOrder != null) inquiry.repeatOrder = input.repeatOrder;
      if (input.country !== undefined) inquiry.country = input.country;
      if (input.applicationArea !== undefined) inquiry.applicationArea = text(input.applicationArea);
      if (input.quantity !== undefined) inquiry.quantity = quantity(input.quantity);
      if (input.quantityUnit !== undefined) inquiry.quantityUnit = text(input.quantityUnit);
      if (input.targetPrice !== undefined) inquiry.targetPrice = amount(input.targetPrice);
      if (input.amount !== undefined) inquiry.amount = amount(input.amount);
      if (input.packaging !== undefined) inquiry.packaging = text(input.packaging);
      if (input.deliveryRequirements !== undefined) inquiry.deliveryRequirements = text(input.deliveryRequirements);
      if (input.customerBackground !== undefined) inquiry.customerBackground = text(input.customerBackground);
      if (input.salespersonId !== undefined) inquiry.salesperson = salesperson;
      if (input.channel != null || input.urgency != null) {
        inquiry.channel = input.channel ?? inquiry.channel;
        inquiry.urgency = input.urgency ?? inquiry.urgency;
        inquiry.responseDueAt = responseDueAt(inquiry.receivedAt, inquiry.urgency, inquiry.channel, this.ctx.config.companyTimeZone);
      }
      await em.flush();
      noteStatsEffect(notes, await refreshCustomerStats(em, [inquiry.customer.id]), 'an inquiry');
      return inquiry;
    });
  }

  /**
   * Records the first answer to the customer. Idempotent: once recorded, later calls return
   * the inquiry unchanged, so a retried request cannot move the response time; the first
   * answer is the one the response-time figures are about.
   */
  respond(input: InquiryRespondCommand): Promise<Result<'inquiry', Inquiry>> {
    return inTransaction(this.ctx, 'inquiry', async (em, notes) => {
      failIfAny(input.invalid);
      const inquiry = await this.lockVisible(em, input.id);
      if (inquiry.firstRespondedAt) return inquiry;
      if (!isOpenInquiry(inquiry.status)) throw closedInquiry(inquiry.status);
      const now = this.ctx.now();
      const respondedAt = input.respondedAt ?? now;
      if (respondedAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
        throw new UserInputFailure([userError(['input', 'respondedAt'], say('不能晚于当前时间', 'must not be in the future'))]);
      }
      if (respondedAt < inquiry.receivedAt) {
        throw new UserInputFailure([
          userError(['input', 'respondedAt'], say('不能早于收到询盘的时间', 'must not be before the inquiry was received')),
        ]);
      }
      inquiry.firstRespondedAt = respondedAt;
      await em.flush();
      noteStatsEffect(notes, await refreshCustomerStats(em, [inquiry.customer.id]), 'an inquiry');
      return inquiry;
    });
  }

  move(input: InquiryMoveCommand): Promise<Result<'inquiry', Inquiry>> {
    return inTransaction(this.ctx, 'inquiry', async (em, notes) => {
      failIfAny(input.invalid);
      const inquiry = await this.lockVisible(em, input.id);
      const problem = inquiryMoveProblem(inquiry.status, input.status, input.lostReason);
      if (problem) throw new UserInputFailure([userError(['input', problem.field], problem.message, problem.code)]);
      const now = this.ctx.now();
      inquiry.status = input.status;
      if (moveRecordsResponse(input.status)) inquiry.firstRespondedAt ??= now;
      if (input.status === 'LOST') {
        inquiry.lostReason = input.lostReason!.trim();
        inquiry.closedAt = now;
      }
      await em.flush();
      noteStatsEffect(notes, await refreshCustomerStats(em, [inquiry.customer.id]), 'an inquiry');
      return inquiry;
    });
  }

  /** Creates the order and marks the inquiry WON, linked to it, in one transaction. */
  async convertToOrder(input: InquiryConvertToOrderCommand): Promise<Conversion> {
    const result = await inTransaction(this.ctx, 'conversion', async (em, notes) => {
      failIfAny(input.invalid);
      const inquiry = await this.lockVisible(em, input.id);
      const problem = conversionProblem(inquiry.status);
      if (problem) throw new UserInputFailure([userError(['input', 'id'], problem.message, problem.code)]);
      const customer = await em.findOneOrFail(Customer, inquiry.customer.id);
      const handler = inquiry.salesperson ? await em.findOne(User, inquiry.salesperson.id) : null;
      const draft: OrderDraft = {
        lines: input.lines,
        orderedAt: input.orderedAt,
        storeId: input.storeId,
        // The handler was read active just now, in this transaction: its id text is never quoted in a NOT_FOUND.
        salespersonId:
          input.salespersonId !== undefined ? input.salespersonId : handler?.active ? { id: handler.id, raw: String(handler.id) } : null,
      };
      const order = await new OrderService(this.ctx).createForCustomer(em, customer, draft);
      const now = this.ctx.now();
      inquiry.status = 'WON';
      inquiry.order = em.getReference(Order, order.id);
      inquiry.closedAt = now;
      inquiry.firstRespondedAt ??= now;
      await em.flush();
      // The new order is PENDING, which the population does not read; the inquiry is seen through customer_stats.
      noteStatsEffect(notes, await refreshCustomerStats(em, [customer.id]), 'converting an inquiry');
      return { inquiry, order };
    });
    return { inquiry: result.conversion?.inquiry ?? null, order: result.conversion?.order ?? null, userErrors: result.userErrors };
  }

  /** The inquiry when its customer is in scope, with that customer locked, then the inquiry. */
  private async lockVisible(em: EntityManager, given: GivenId): Promise<Inquiry> {
    const id = given.id;
    const row = id ? (await visibleRecordRows(em, this.ctx.viewer, 'inquiry', [id])).get(id) : undefined;
    if (!row)
      throw new UserInputFailure([
        userError(['input', 'id'], say(`没有 id 为“${given.raw}”的询盘`, `no inquiry with id "${given.raw}"`), 'NOT_FOUND'),
      ]);
    await lockCustomerById(em, row.customer_id as number);
    const [fresh] = await em.execute('select * from inquiry where id = ? for update', [id]);
    return em.map(Inquiry, fresh);
  }

  private currency(given: CurrencyCode | null | undefined, errors: UserErrorData[]): CurrencyCode {
    const company = this.ctx.config.companyCurrency;
    // Open inquiry amounts are summed into one customer figure, so they share the company currency.
    if (given && given !== company)
      errors.push(
        userError(['input', 'currency'], say(`询盘须使用公司币种 ${company}`, `inquiries are in the company currency ${company}`)),
      );
    return company;
  }

  private async hasCompletedOrder(em: EntityManager, customerId: number): Promise<boolean> {
    const [row] = await em.execute(`select exists(select 1 from sales_order where customer_id = ? and status = 'COMPLETED') as found`, [
      customerId,
    ]);
    return row.found === true;
  }

  /** The named salesperson: an active user; a SALES user may only name itself. */
  private async salesperson(em: EntityManager, staff: GivenId, errors: UserErrorData[]): Promise<User | null> {
    return namedStaff(em, this.ctx.viewer, staff, 'salespersonId', errors, { what: say('处理询盘', 'handles inquiries') });
  }
}
