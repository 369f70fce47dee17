import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Customer } from './customer.entity';
import { User } from './user.entity';

/** One change of a customer's owner (C7); never updated or deleted. */
@Entity({ tableName: 'customer_assignment' })
@Index({ name: 'customer_assignment_customer_idx', properties: ['customer', 'assignedAt', 'id'] })
export class CustomerAssignment {
  [OptionalProps]?: 'assignedAt';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Customer, { deleteRule: 'cascade', updateRule: 'no action' })
  customer!: Customer;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'restrict', updateRule: 'no action' })
  fromOwner?: User | null;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'restrict', updateRule: 'no action' })
  toOwner?: User | null;

  @Property({ type: 'string', length: 500 })
  reason!: string;

  /** Who made the change; null when a partner's API key did. */
  @ManyToOne(() => User, { nullable: true, deleteRule: 'restrict', updateRule: 'no action' })
  assignedBy?: User | null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  assignedAt: Date = new Date();
}
