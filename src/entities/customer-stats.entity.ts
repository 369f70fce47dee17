import { Entity, OneToOne, PrimaryKeyProp, Property } from '@mikro-orm/core';
import { Customer } from './customer.entity';

/**
 * The figures of one customer, rewritten in the same transaction as every write that
 * changes them (orders, payments, follow-ups, inquiries, service cases). Only completed
 * orders count. The table also holds the customer's facts (`facts_*`, company days, median
 * interval, window figures: Migration20261206000000CustomerFacts), written and read only by
 * SQL (customer-stats.sql.ts, customer-facts.sql.ts), so they are not mapped here.
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
