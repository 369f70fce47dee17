import { Entity, OneToOne, PrimaryKeyProp, Property } from '@mikro-orm/core';
import { Customer } from './customer.entity';

/**
 * The figures of one customer, rewritten in the same transaction as every write that
 * changes them (orders, payments, follow-ups, inquiries, service cases). Only completed
 * orders count. Time-windowed figures (distinct products in 90 days) are computed at read
 * time from the orders, since a stored count would go stale as days pass.
 */
@Entity({ tableName: 'customer_stats' })
export class CustomerStats {
  [PrimaryKeyProp]?: 'customer';

  @OneToOne(() => Customer, { primary: true, deleteRule: 'cascade', updateRule: 'no action', owner: true })
  customer!: Customer;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  firstOrderAt?: Date | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  lastOrderAt?: Date | null;

  @Property({ type: 'integer' })
  orderCount!: number;

  @Property({ type: 'decimal', columnType: 'numeric' })
  totalSpent!: string;

  @Property({ type: 'decimal', columnType: 'numeric' })
  grossProfit!: string;

  @Property({ type: 'decimal', columnType: 'numeric' })
  outstanding!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  lastFollowUpAt?: Date | null;

  @Property({ type: 'integer' })
  followUpCount!: number;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  lastQualifyingFollowUpAt?: Date | null;

  @Property({ type: 'integer' })
  openInquiryCount!: number;

  @Property({ type: 'decimal', columnType: 'numeric' })
  openInquiryAmount!: string;

  @Property({ type: 'integer' })
  satisfactionCount!: number;

  @Property({ type: 'integer' })
  satisfactionSum!: number;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  updatedAt!: Date;
}
