import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Product } from './product.entity';
import { User } from './user.entity';

export const ASSOCIATION_TRIGGERS = ['SCHEDULE', 'ON_DEMAND'] as const;
export type AssociationTrigger = (typeof ASSOCIATION_TRIGGERS)[number];

/** One refresh of the association rules (DOMAIN A4): when, with which minimum support, what it found, how long it took. */
@Entity({ tableName: 'product_association_run' })
export class ProductAssociationRun {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Enum({ items: () => [...ASSOCIATION_TRIGGERS], type: 'string' })
  trigger!: AssociationTrigger;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  startedAt!: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  finishedAt!: Date;

  @Property({ type: 'integer' })
  durationMs!: number;

  /** The fraction of the population a pair needed to be kept (decimal string). */
  @Property({ type: 'decimal', columnType: 'numeric(10,8)' })
  minSupport!: string;

  /** Customers with a completed order line (the baskets). */
  @Property({ type: 'integer' })
  population!: number;

  /** Distinct products in those baskets. */
  @Property({ type: 'integer' })
  productCount!: number;

  /** Rules stored (each unordered pair counts twice: X → Y and Y → X). */
  @Property({ type: 'integer' })
  ruleCount!: number;

  /** Null for the scheduled job. */
  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null', updateRule: 'no action' })
  requestedBy?: User | null;
}

/**
 * One association rule X → Y of the latest refresh: "customers who bought X also bought Y",
 * with the counts behind it and its figures. The refresh replaces every row in one transaction.
 */
@Entity({ tableName: 'product_association' })
export class ProductAssociation {
  @ManyToOne(() => Product, { primary: true, fieldName: 'antecedent_id', deleteRule: 'cascade', updateRule: 'no action' })
  antecedent!: Product;

  @ManyToOne(() => Product, { primary: true, fieldName: 'consequent_id', deleteRule: 'cascade', updateRule: 'no action' })
  consequent!: Product;

  @ManyToOne(() => ProductAssociationRun, { deleteRule: 'cascade', updateRule: 'no action' })
  run!: ProductAssociationRun;

  @Property({ type: 'integer' })
  antecedentCustomers!: number;

  @Property({ type: 'integer' })
  consequentCustomers!: number;

  @Property({ type: 'integer' })
  bothCustomers!: number;

  @Property({ type: 'integer' })
  population!: number;

  @Property({ type: 'decimal', columnType: 'numeric(12,6)' })
  support!: string;

  @Property({ type: 'decimal', columnType: 'numeric(12,6)' })
  confidence!: string;

  @Property({ type: 'decimal', columnType: 'numeric(14,6)' })
  lift!: string;
}
