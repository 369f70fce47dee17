import type { EntityManager } from '@mikro-orm/postgresql';
import Decimal from 'decimal.js';
import { say } from '../domain/common/bilingual';
import { calendarDayIn } from '../domain/common/calendar';
import { userError, UserInputFailure, type UserErrorData } from '../domain/common/domain-error';
import { checkLine, checkPayment, orderTotals, priceLine, add } from '../domain/records/order-pricing';
import { acceptsPayment, canMoveOrder } from '../domain/records/order-status';
import type { CurrencyCode, OrderStatus, PaymentMethod } from '../domain/records/records.enums';
import { Customer, Order, Payment, Store, User } from '../entities';
import { lockCustomerById, refreshCustomerStats } from './customer-stats.service';
import type { Checked } from './checked';
import type { GivenId } from './given-id';
import { claimIdempotencyKey, recordIdempotentResult } from './idempotency';
import { insertOrder, lockCustomerForOrder, orderFacts, type OrderFacts } from './order-writes';
import { inTransaction } from './transaction';
import { visibleRecordRows } from './record-visibility';
import { actingUserId, type ServiceContext } from './service-context';
import { namedStaff } from './staff';
import { failIfAny } from './validate-input';

const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** NUMERIC(14,2) holds amounts below 10^12. */
const MAX_ORDER_AMOUNT = '1000000000000';

export interface OrderLineCommand {
  productId: GivenId;
  quantity: string;
  /** Defaults to the product's list price. */
  unitPrice?: string | null;
  discount?: string | null;
}

/** What makes an order, whoever asks for it (orderCreate, inquiryConvertToOrder). */
export interface OrderDraft {
  lines: OrderLineCommand[];
  /** Defaults to the salesperson's store. */
  storeId?: GivenId | null;
  /** Defaults to the customer's owner, else the staff viewer. */
  salespersonId?: GivenId | null;
  orderedAt?: Date | null;
  currency?: CurrencyCode | null;
  note?: string | null;
}

/** A retry-safe key and the fingerprint (`requestHash`) of the request it came with. */
export interface Idempotency {
  key: string;
  hash: string;
}

export interface OrderCreateCommand extends OrderDraft, Checked {
  customerId: GivenId;
  idempotency?: Idempotency | null;
}

export interface OrderTransitionCommand extends Checked {
  id: GivenId;
  reason?: string | null;
}

export interface PaymentRecordCommand extends Checked {
  orderId: GivenId;
  amount: string;
  paidAt?: Date | null;
  method: PaymentMethod;
  reference?: string | null;
  idempotency?: Idempotency | null;
}

/** Orders and payments (DOMAIN R2): exact totals, figures kept in the same transaction. */
export class OrderService {
  constructor(protected readonly ctx: ServiceContext) {}

  create(input: OrderCreateCommand) {
    return inTransaction(
      this.ctx,
      'order',
      async (em) => {
        failIfAny(input.invalid);
        const key = input.idempotency?.key;
        if (key) {
          const claim = await claimIdempotencyKey(em, this.ctx.viewer, 'orderCreate', key, input.idempotency!.hash);
          if (claim.kind === 'replay') return em.findOneOrFail(Order, claim.resourceId);
        }
        const productIds = input.lines.flatMap((l) => (l.productId.id != null ? [l.productId.id] : []));
        const { customer, facts } = await lockCustomerForOrder(this.ctx, em, input.customerId, productIds, ['input', 'customerId']);
        const order = await this.writeOrder(em, customer, input, facts);
        await refreshCustomerStats(em, [customer.id]);
        if (key) await recordIdempotentResult(em, this.ctx.viewer, 'orderCreate', key, order.id);
        return order;
      },
      {
        scoringUnchanged: 'a new order is PENDING; the scoring population reads completed orders only',
        // lockCustomerForOrder's statement sets it (after the idempotency claim, which the history does not record).
        actorSetByWork: true,
      },
    );
  }

  /**
   * Creates a PENDING order for a customer the caller has already locked, inside the
   * caller's transaction (also used by inquiryConvertToOrder). Figures are the caller's.
   */
  async createForCustomer(em: EntityManager, customer: Customer, input: OrderDraft): Promise<Order> {
    const productIds = input.lines.flatMap((l) => (l.productId.id != null ? [l.productId.id] : []));
    return this.writeOrder(em, customer, input, await orderFacts(this.ctx, em, customer, productIds));
  }

  /** Validates and prices the draft against what was read (`facts`), then writes the order and its lines in one statement. */
  private async writeOrder(em: EntityManager, customer: Customer, input: OrderDraft, facts: OrderFacts): Promise<Order> {
    const errors: UserErrorData[] = [];
    const now = this.ctx.now();
    const currency = input.currency ?? this.ctx.config.companyCurrency;
    if (currency !== this.ctx.config.companyCurrency) {
      errors.push(
        userError(
          ['input', 'currency'],
          say(
            `订单须使用公司币种 ${this.ctx.config.companyCurrency}`,
            `orders are in the company currency ${this.ctx.config.companyCurrency}`,
          ),
        ),
      );
    }
    const orderedAt = input.orderedAt ?? now;
    if (orderedAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS)
      errors.push(userError(['input', 'orderedAt'], say('不能晚于当前时间', 'must not be in the future')));

    const lines = input.lines.map((line, i) => {
      const at = (f: string) => ['input', 'lines', String(i), f];
      const product = line.productId.id != null ? facts.products.get(line.productId.id) : undefined;
      if (!product) {
        errors.push(
          userError(
            at('productId'),
            say(`没有 id 为“${line.productId.raw}”的产品`, `no product with id "${line.productId.raw}"`),
            'NOT_FOUND',
          ),
        );
        return null;
      }
      if (!product.active)
        errors.push(
          userError(at('productId'), say(`${product.name}（${product.sku}）已停售`, `${product.name} (${product.sku}) is no longer sold`)),
        );
      if (product.currency !== currency)
        errors.push(
          userError(at('productId'), say(`${product.sku} 以 ${product.currency} 计价`, `${product.sku} is priced in ${product.currency}`)),
        );
      const priced = {
        quantity: line.quantity,
        unitPrice: line.unitPrice ?? product.listPrice,
        discount: line.discount ?? '0',
        unitCost: product.cost,
      };
      for (const p of checkLine(priced, i)) errors.push(userError(at(p.field), p.message));
      return { product, priced };
    });
    const salesperson = await this.salesperson(em, customer, facts, input.salespersonId, errors);
    const storeId = await this.store(em, salesperson, input.storeId, errors);
    failIfAny(errors);

    const valid = lines.map((l) => l!);
    const totals = orderTotals(valid.map((l) => l.priced));
    if (new Decimal(totals.subtotal).gte(MAX_ORDER_AMOUNT) || new Decimal(totals.costTotal).gte(MAX_ORDER_AMOUNT)) {
      failIfAny([
        userError(['input', 'lines'], say(`订单总额必须小于 ${MAX_ORDER_AMOUNT}`, `the order total must stay below ${MAX_ORDER_AMOUNT}`)),
      ]);
    }
    const day = calendarDayIn(orderedAt, this.ctx.config.companyTimeZone).replaceAll('-', '');
    return insertOrder(em, {
      number: `SO${day}-${facts.seq.padStart(6, '0')}`,
      customerId: customer.id,
      salespersonId: salesperson?.id ?? null,
      storeId,
      currency,
      subtotal: totals.subtotal,
      discountTotal: totals.discountTotal,
      total: totals.total,
      costTotal: totals.costTotal,
      orderedAt,
      note: input.note?.trim() || null,
      now,
      lines: valid.map(({ product, priced }) => ({ productId: product.id, ...priceLine(priced) })),
    });
  }

  complete(input: OrderTransitionCommand) {
    return this.move(input, 'COMPLETED');
  }

  cancel(input: OrderTransitionCommand) {
    return this.move(input, 'CANCELLED');
  }

  refund(input: OrderTransitionCommand) {
    return this.move(input, 'REFUNDED');
  }

  private move(input: OrderTransitionCommand, to: OrderStatus) {
    return inTransaction(this.ctx, 'order', async (em, notes) => {
      failIfAny(input.invalid);
      const order = await this.lockVisibleOrder(em, input.id, ['input', 'id']);
      if (!canMoveOrder(order.status, to)) {
        throw new UserInputFailure([
          userError(
            ['input', 'id'],
            say(`${order.status} 状态的订单不能变为 ${to}`, `a ${order.status} order cannot become ${to}`),
            'ILLEGAL_TRANSITION',
          ),
        ]);
      }
      if (to === 'CANCELLED' && new Decimal(order.paidTotal).gt(0)) {
        throw new UserInputFailure([
          userError(
            ['input', 'id'],
            say('订单已有回款，不能取消；请先完成订单再退款', 'the order has payments; complete it and refund it instead'),
            'ILLEGAL_TRANSITION',
          ),
        ]);
      }
      if (order.status !== 'COMPLETED' && to !== 'COMPLETED') {
        notes.scoringUnchanged(
          `a ${order.status} order becoming ${to} was never completed, and the scoring population reads completed orders only`,
        );
      }
      const now = this.ctx.now();
      order.status = to;
      if (to === 'COMPLETED') order.completedAt = now;
      if (to === 'CANCELLED') order.cancelledAt = now;
      if (to === 'REFUNDED') order.refundedAt = now;
      if (input.reason?.trim()) order.note = [order.note, `${to}: ${input.reason.trim()}`].filter(Boolean).join('\n').slice(0, 500);
      await em.flush();
      await refreshCustomerStats(em, [order.customer.id]);
      return order;
    });
  }

  recordPayment(input: PaymentRecordCommand) {
    return inTransaction(
      this.ctx,
      'payment',
      async (em) => {
        failIfAny(input.invalid);
        const key = input.idempotency?.key;
        if (key) {
          const claim = await claimIdempotencyKey(em, this.ctx.viewer, 'paymentRecord', key, input.idempotency!.hash);
          if (claim.kind === 'replay') return em.findOneOrFail(Payment, claim.resourceId);
        }
        const order = await this.lockVisibleOrder(em, input.orderId, ['input', 'orderId']);
        const now = this.ctx.now();
        const paidAt = input.paidAt ?? now;
        const errors: UserErrorData[] = [];
        if (!acceptsPayment(order.status))
          errors.push(
            userError(
              ['input', 'orderId'],
              say(`${order.status} 状态的订单不能登记回款`, `a ${order.status} order takes no payments`),
              'ILLEGAL_TRANSITION',
            ),
          );
        const problem = checkPayment(input.amount, order.total, order.paidTotal);
        if (problem) errors.push(userError(['input', 'amount'], problem));
        if (paidAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS)
          errors.push(userError(['input', 'paidAt'], say('不能晚于当前时间', 'must not be in the future')));
        failIfAny(errors);
        const recordedBy = actingUserId(this.ctx);
        const payment = em.create(Payment, {
          order,
          customer: order.customer,
          amount: new Decimal(input.amount).toFixed(2),
          currency: order.currency,
          paidAt,
          method: input.method,
          reference: input.reference?.trim() || null,
          recordedBy: recordedBy ? em.getReference(User, recordedBy) : null,
          createdAt: now,
        });
        order.paidTotal = add(order.paidTotal, input.amount);
        await em.flush();
        await refreshCustomerStats(em, [order.customer.id]);
        if (key) await recordIdempotentResult(em, this.ctx.viewer, 'paymentRecord', key, payment.id);
        return payment;
      },
      { scoringUnchanged: 'payments and paid totals are not read by the scoring population' },
    );
  }

  /** The order when its customer is in scope, with that customer locked. */
  private async lockVisibleOrder(em: EntityManager, given: GivenId, field: string[]): Promise<Order> {
    const id = given.id;
    const row = id ? (await visibleRecordRows(em, this.ctx.viewer, 'sales_order', [id])).get(id) : undefined;
    if (!row)
      throw new UserInputFailure([userError(field, say(`没有 id 为“${given.raw}”的订单`, `no order with id "${given.raw}"`), 'NOT_FOUND')]);
    await lockCustomerById(em, row.customer_id as number);
    const [fresh] = await em.execute('select * from sales_order where id = ? for update', [id]);
    return em.map(Order, fresh);
  }

  /** Given salesperson (active; SALES may only name itself), else the owner, else the staff viewer. */
  /** The salesperson and its store: the one named (checked), else the customer's owner, else the staff viewer. */
  private async salesperson(
    em: EntityManager,
    customer: Customer,
    facts: OrderFacts,
    given: GivenId | null | undefined,
    errors: UserErrorData[],
  ): Promise<{ id: number; storeId: number | null } | null> {
    const viewer = this.ctx.viewer;
    if (given) {
      const user = await namedStaff(em, viewer, given, 'salespersonId', errors, { what: say('录入订单', 'records orders') });
      return user ? { id: user.id, storeId: user.store?.id ?? null } : null;
    }
    if (customer.owner) return { id: customer.owner.id, storeId: facts.ownerStoreId };
    return viewer?.kind === 'staff' ? { id: viewer.userId, storeId: facts.viewerStoreId } : null;
  }

  /** The store: the one named (active), else the salesperson's. */
  private async store(
    em: EntityManager,
    salesperson: { storeId: number | null } | null,
    given: GivenId | null | undefined,
    errors: UserErrorData[],
  ): Promise<number | null> {
    if (given) {
      const id = given.id;
      const store = id ? await em.findOne(Store, id) : null;
      if (!store || !store.active)
        errors.push(
          userError(['input', 'storeId'], say(`没有 id 为“${given.raw}”的启用门店`, `no active store with id "${given.raw}"`), 'NOT_FOUND'),
        );
      return store?.id ?? null;
    }
    return salesperson?.storeId ?? null;
  }
}
