import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { CurrencyCode, InquiryChannel, InquiryStatus, InquiryUrgency } from '../domain/records/records.enums';
import { INQUIRY_CHANNELS, INQUIRY_STATUSES, INQUIRY_URGENCIES } from '../domain/records/records.enums';
import { Customer } from './customer.entity';
import { Order } from './order.entity';
import { User } from './user.entity';

/** A request for quote (DOMAIN R4, [004] §1.3). */
@Entity({ tableName: 'inquiry' })
@Index({ name: 'inquiry_customer_idx', properties: ['customer', 'receivedAt', 'id'] })
@Index({ name: 'inquiry_status_due_idx', properties: ['status', 'responseDueAt'] })
export class Inquiry {
  [OptionalProps]?: 'status' | 'currency' | 'repeatOrder' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Customer, { deleteRule: 'restrict', updateRule: 'no action' })
  customer!: Customer;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'restrict', updateRule: 'no action', index: 'inquiry_salesperson_idx' })
  salesperson?: User | null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  receivedAt!: Date;

  @Enum({ items: () => [...INQUIRY_CHANNELS.values], type: 'string' })
  channel!: InquiryChannel;

  @Enum({ items: () => [...INQUIRY_URGENCIES.values], type: 'string' })
  urgency!: InquiryUrgency;

  @Enum({ items: () => [...INQUIRY_STATUSES.values], type: 'string' })
  status: InquiryStatus = 'NEW';

  /** ISO 3166-1 alpha-2 of the buyer. */
  @Property({ type: 'string', length: 2, nullable: true })
  country?: string | null;

  @Property({ type: 'text' })
  projectDetails!: string;

  @Property({ type: 'string', length: 200, nullable: true })
  applicationArea?: string | null;

  @Property({ type: 'decimal', precision: 12, scale: 3, nullable: true })
  quantity?: string | null;

  @Property({ type: 'string', length: 20, nullable: true })
  quantityUnit?: string | null;

  @Property({ type: 'string', length: 3 })
  currency: CurrencyCode = 'CNY';

  @Property({ type: 'decimal', precision: 14, scale: 2, nullable: true })
  targetPrice?: string | null;

  /** Expected amount of the deal. */
  @Property({ type: 'decimal', precision: 14, scale: 2, nullable: true })
  amount?: string | null;

  @Property({ type: 'string', length: 500, nullable: true })
  packaging?: string | null;

  @Property({ type: 'string', length: 500, nullable: true })
  deliveryRequirements?: string | null;

  @Property({ type: 'text', nullable: true })
  customerBackground?: string | null;

  @Property({ type: 'boolean' })
  repeatOrder: boolean = false;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  responseDueAt!: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  firstRespondedAt?: Date | null;

  @Property({ type: 'string', length: 500, nullable: true })
  lostReason?: string | null;

  @ManyToOne(() => Order, { nullable: true, deleteRule: 'restrict', updateRule: 'no action' })
  order?: Order | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  closedAt?: Date | null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
