import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { CONTACT_CHANNELS, type ContactChannel } from '../domain/customer/customer.enums';
import { TOUCH_PURPOSES, type TouchPurpose, type TouchRefusal } from '../domain/reminders/reminder.enums';
import { ApiKey } from './api-key.entity';
import { Customer } from './customer.entity';
import { Segment } from './segment.entity';
import { User } from './user.entity';

/** A customer a batch did not touch, and why (kept so a retried request answers the same). */
export interface SkippedTouch {
  customerId: number;
  reason: TouchRefusal;
  nextPossibleOn: string | null;
}

/**
 * One `marketingTouchesRecord` request (DOMAIN M4): what was asked, by whom, and its result.
 * An idempotency key's record points here, so a retry replays `recordedCount` and `skipped`.
 */
@Entity({ tableName: 'marketing_touch_batch' })
export class MarketingTouchBatch {
  [OptionalProps]?: 'note' | 'segment' | 'recordedByUser' | 'recordedByApiKey' | 'skipped' | 'createdAt';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Enum({ items: () => [...CONTACT_CHANNELS.values], type: 'string' })
  channel!: ContactChannel;

  @Enum({ items: () => [...TOUCH_PURPOSES.values], type: 'string' })
  purpose!: TouchPurpose;

  @Property({ type: 'string', length: 500, nullable: true })
  note?: string | null;

  /** The segment whose members were asked for, when the request named one. */
  @ManyToOne(() => Segment, { nullable: true, deleteRule: 'set null', updateRule: 'no action' })
  segment?: Segment | null;

  @Property({ type: 'integer' })
  recordedCount!: number;

  @Property({ type: 'json', columnType: 'jsonb' })
  skipped: SkippedTouch[] = [];

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null', updateRule: 'no action' })
  recordedByUser?: User | null;

  @ManyToOne(() => ApiKey, { nullable: true, deleteRule: 'set null', updateRule: 'no action' })
  recordedByApiKey?: ApiKey | null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();
}

/**
 * A marketing message sent to a customer (DOMAIN M4): the company cap counts these. Written
 * only for customers who consented on the channel and were under the cap, in the batch's
 * transaction, under the customer's row lock.
 */
@Entity({ tableName: 'marketing_touch' })
@Index({ name: 'marketing_touch_customer_touched_idx', properties: ['customer', 'touchedAt'] })
export class MarketingTouch {
  [OptionalProps]?: 'note' | 'recordedByUser' | 'recordedByApiKey' | 'createdAt';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Customer, { deleteRule: 'restrict', updateRule: 'no action' })
  customer!: Customer;

  @ManyToOne(() => MarketingTouchBatch, { deleteRule: 'restrict', updateRule: 'no action', index: 'marketing_touch_batch_idx' })
  batch!: MarketingTouchBatch;

  @Enum({ items: () => [...CONTACT_CHANNELS.values], type: 'string' })
  channel!: ContactChannel;

  @Enum({ items: () => [...TOUCH_PURPOSES.values], type: 'string' })
  purpose!: TouchPurpose;

  @Property({ type: 'string', length: 500, nullable: true })
  note?: string | null;

  /** When the message went out (the request's time); the cap counts by this instant. */
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  touchedAt!: Date;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null', updateRule: 'no action' })
  recordedByUser?: User | null;

  @ManyToOne(() => ApiKey, { nullable: true, deleteRule: 'set null', updateRule: 'no action' })
  recordedByApiKey?: ApiKey | null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();
}
