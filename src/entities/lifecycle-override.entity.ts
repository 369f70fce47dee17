import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { LIFECYCLE_STAGES, type LifecycleStage } from '../domain/scoring/scoring.enums';
import { Customer } from './customer.entity';
import { User } from './user.entity';

/**
 * A manual lifecycle stage with its reason (DOMAIN L1). At most one per customer is in force
 * (`clearedAt` null, a partial unique index); replaced and cleared ones stay as history.
 */
@Entity({ tableName: 'lifecycle_override' })
@Index({ name: 'lifecycle_override_customer_idx', properties: ['customer', 'setAt', 'id'] })
export class LifecycleOverride {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Customer, { deleteRule: 'cascade', updateRule: 'no action' })
  customer!: Customer;

  @Enum({ items: () => [...LIFECYCLE_STAGES.values], type: 'string' })
  stage!: LifecycleStage;

  @Property({ type: 'string', length: 500 })
  reason!: string;

  /** Null when a partner's API key set it. */
  @ManyToOne(() => User, { nullable: true, deleteRule: 'restrict', updateRule: 'no action' })
  setBy?: User | null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  setAt!: Date;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'restrict', updateRule: 'no action' })
  clearedBy?: User | null;

  /** When it stopped being in force: cleared, or replaced by a newer override. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  clearedAt?: Date | null;

  @Property({ type: 'string', length: 500, nullable: true })
  clearReason?: string | null;
}
