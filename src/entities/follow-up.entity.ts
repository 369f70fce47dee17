import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import type { FollowUpChannel, FollowUpOutcome, NeedUrgency } from '../domain/records/records.enums';
import { FOLLOW_UP_CHANNELS, FOLLOW_UP_OUTCOMES, NEED_URGENCIES } from '../domain/records/records.enums';
import { Customer } from './customer.entity';
import { User } from './user.entity';

/** A step of the company's standard follow-up process for prospects (DOMAIN R1). */
@Entity({ tableName: 'follow_up_step' })
export class FollowUpStep {
  [OptionalProps]?: 'active' | 'createdAt';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Unique({ name: 'follow_up_step_key_unique' })
  @Property({ type: 'string', length: 50 })
  key!: string;

  @Property({ type: 'string', length: 100 })
  name!: string;

  @Property({ type: 'integer' })
  position!: number;

  @Property({ type: 'boolean' })
  active: boolean = true;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();
}

/** One contact with a customer (DOMAIN R1). */
@Entity({ tableName: 'follow_up' })
@Index({ name: 'follow_up_customer_idx', properties: ['customer', 'occurredAt', 'id'] })
@Index({ name: 'follow_up_next_idx', properties: ['nextFollowUpOn'] })
export class FollowUp {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Customer, { deleteRule: 'restrict', updateRule: 'no action' })
  customer!: Customer;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'restrict', updateRule: 'no action', index: 'follow_up_salesperson_idx' })
  salesperson?: User | null;

  @Enum({ items: () => [...FOLLOW_UP_CHANNELS.values], type: 'string' })
  channel!: FollowUpChannel;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  occurredAt!: Date;

  @Property({ type: 'text' })
  summary!: string;

  @Enum({ items: () => [...FOLLOW_UP_OUTCOMES.values], type: 'string', nullable: true })
  outcome?: FollowUpOutcome | null;

  @Property({ type: 'string', length: 500, nullable: true })
  outcomeNote?: string | null;

  /** Calendar day in the company's time zone. */
  @Property({ type: 'date', nullable: true })
  nextFollowUpOn?: string | null;

  /** How urgent the prospect's need is, as judged on this contact (prospect ranking, DOMAIN G2). */
  @Enum({ items: () => [...NEED_URGENCIES.values], type: 'string', nullable: true })
  needUrgency?: NeedUrgency | null;

  /** How many days until the prospect could see results from buying (G2). */
  @Property({ type: 'integer', nullable: true })
  resultsHorizonDays?: number | null;

  /** The budget the prospect stated, in the company currency (G2). */
  @Property({ type: 'decimal', precision: 14, scale: 2, nullable: true })
  budget?: string | null;

  /** The process step this follow-up completes, if any. */
  @ManyToOne(() => FollowUpStep, { nullable: true, deleteRule: 'restrict', updateRule: 'no action' })
  step?: FollowUpStep | null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();
}
