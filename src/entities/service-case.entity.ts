import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { ServiceCaseStatus, ServiceCaseType } from '../domain/records/records.enums';
import { SERVICE_CASE_STATUSES, SERVICE_CASE_TYPES } from '../domain/records/records.enums';
import { Customer } from './customer.entity';
import { Order } from './order.entity';
import { Product } from './product.entity';
import { User } from './user.entity';

/** After-sale work (DOMAIN R5): delivery, installation, warranty, maintenance, complaints. */
@Entity({ tableName: 'service_case' })
@Index({ name: 'service_case_customer_idx', properties: ['customer', 'createdAt', 'id'] })
export class ServiceCase {
  [OptionalProps]?: 'status' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Customer, { deleteRule: 'restrict', updateRule: 'no action' })
  customer!: Customer;

  @ManyToOne(() => Order, { nullable: true, deleteRule: 'restrict', updateRule: 'no action' })
  order?: Order | null;

  @ManyToOne(() => Product, { nullable: true, deleteRule: 'restrict', updateRule: 'no action' })
  product?: Product | null;

  @Enum({ items: () => [...SERVICE_CASE_TYPES.values], type: 'string' })
  type!: ServiceCaseType;

  @Enum({ items: () => [...SERVICE_CASE_STATUSES.values], type: 'string' })
  status: ServiceCaseStatus = 'OPEN';

  @Property({ type: 'text' })
  description!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  appointmentAt?: Date | null;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'restrict', updateRule: 'no action' })
  assignee?: User | null;

  @Property({ type: 'text', nullable: true })
  resolution?: string | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  resolvedAt?: Date | null;

  /** The company day a warranty or maintenance contract ends (RENEWAL_DUE reminders). */
  @Property({ type: 'date', nullable: true })
  coverageEndsOn?: string | null;

  /** 1–5, asked when the case is resolved; feeds loyalty. */
  @Property({ type: 'smallint', nullable: true })
  satisfaction?: number | null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
