import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import type { CurrencyCode, OrderStatus, PaymentMethod } from '../domain/records/records.enums';
import { ORDER_STATUSES, PAYMENT_METHODS } from '../domain/records/records.enums';
import { Customer } from './customer.entity';
import { Product } from './product.entity';
import { Store } from './store.entity';
import { User } from './user.entity';

/** An order (DOMAIN R2). Totals are computed by the server with exact decimals. */
@Entity({ tableName: 'sales_order' })
@Index({ name: 'sales_order_customer_idx', properties: ['customer', 'orderedAt', 'id'] })
@Index({ name: 'sales_order_ordered_at_idx', properties: ['orderedAt', 'id'] })
@Index({
  name: 'sales_order_refunded_at_idx',
  expression: 'create index "sales_order_refunded_at_idx" on "sales_order" ("refunded_at") where "refunded_at" is not null',
})
export class Order {
  [OptionalProps]?: 'currency' | 'status' | 'paidTotal' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Unique({ name: 'sales_order_number_unique' })
  @Property({ type: 'string', length: 32 })
  number!: string;

  @ManyToOne(() => Customer, { deleteRule: 'restrict', updateRule: 'no action' })
  customer!: Customer;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'restrict', updateRule: 'no action', index: 'sales_order_salesperson_idx' })
  salesperson?: User | null;

  @ManyToOne(() => Store, { nullable: true, deleteRule: 'restrict', updateRule: 'no action', index: 'sales_order_store_idx' })
  store?: Store | null;

  @Enum({ items: () => [...ORDER_STATUSES.values], type: 'string' })
  status: OrderStatus = 'PENDING';

  @Property({ type: 'string', length: 3 })
  currency: CurrencyCode = 'CNY';

  /** Σ quantity × unit price. */
  @Property({ type: 'decimal', precision: 14, scale: 2 })
  subtotal!: string;

  @Property({ type: 'decimal', precision: 14, scale: 2 })
  discountTotal!: string;

  /** subtotal − discounts. */
  @Property({ type: 'decimal', precision: 14, scale: 2 })
  total!: string;

  /** Σ quantity × product cost at the time of the order. */
  @Property({ type: 'decimal', precision: 14, scale: 2 })
  costTotal!: string;

  @Property({ type: 'decimal', precision: 14, scale: 2 })
  paidTotal: string = '0.00';

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  orderedAt!: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  completedAt?: Date | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  cancelledAt?: Date | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  refundedAt?: Date | null;

  @Property({ type: 'string', length: 500, nullable: true })
  note?: string | null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

@Entity({ tableName: 'order_line' })
@Index({ name: 'order_line_order_idx', properties: ['order', 'position'] })
export class OrderLine {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Order, { deleteRule: 'cascade', updateRule: 'no action' })
  order!: Order;

  @ManyToOne(() => Product, { deleteRule: 'restrict', updateRule: 'no action', index: 'order_line_product_idx' })
  product!: Product;

  @Property({ type: 'smallint' })
  position!: number;

  @Property({ type: 'decimal', precision: 12, scale: 3 })
  quantity!: string;

  @Property({ type: 'decimal', precision: 14, scale: 2 })
  unitPrice!: string;

  /** Amount taken off this line. */
  @Property({ type: 'decimal', precision: 14, scale: 2 })
  discount!: string;

  /** quantity × unit price − discount. */
  @Property({ type: 'decimal', precision: 14, scale: 2 })
  lineTotal!: string;

  @Property({ type: 'decimal', precision: 14, scale: 2 })
  unitCost!: string;
}

/** Money received against an order (DOMAIN R2 回款). */
@Entity({ tableName: 'payment' })
@Index({ name: 'payment_order_idx', properties: ['order', 'paidAt'] })
@Index({ name: 'payment_customer_idx', properties: ['customer', 'paidAt', 'id'] })
export class Payment {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Order, { deleteRule: 'restrict', updateRule: 'no action' })
  order!: Order;

  @ManyToOne(() => Customer, { deleteRule: 'restrict', updateRule: 'no action' })
  customer!: Customer;

  @Property({ type: 'decimal', precision: 14, scale: 2 })
  amount!: string;

  @Property({ type: 'string', length: 3 })
  currency!: CurrencyCode;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  paidAt!: Date;

  @Enum({ items: () => [...PAYMENT_METHODS.values], type: 'string' })
  method!: PaymentMethod;

  @Property({ type: 'string', length: 100, nullable: true })
  reference?: string | null;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'restrict', updateRule: 'no action' })
  recordedBy?: User | null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();
}

/**
 * An idempotency key of a partner's write: the first request's hash and result. The primary
 * key makes a concurrent duplicate wait for the first transaction and then find its result.
 */
@Entity({ tableName: 'idempotency_record' })
export class IdempotencyRecord {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'string', length: 40 })
  operation!: string;

  @PrimaryKey({ type: 'string', length: 200 })
  key!: string;

  @Property({ type: 'string', length: 64 })
  requestHash!: string;

  @Property({ type: 'integer', nullable: true })
  resourceId?: number | null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();
}
