import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import type { CurrencyCode } from '../domain/records/records.enums';

/** A node of the product category tree; `path` (`/1/4/`) makes subtree filters one LIKE. */
@Entity({ tableName: 'product_category' })
export class ProductCategory {
  [OptionalProps]?: 'path' | 'createdAt';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Property({ type: 'string', length: 100 })
  name!: string;

  @ManyToOne(() => ProductCategory, { nullable: true, deleteRule: 'restrict', updateRule: 'no action' })
  parent?: ProductCategory | null;

  @Index({
    name: 'product_category_path_idx',
    expression: 'create index product_category_path_idx on product_category (path text_pattern_ops)',
  })
  @Property({ type: 'string', length: 400 })
  path: string = '/';

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();
}

/** A product (DOMAIN R3). Money is NUMERIC, read as decimal strings. */
@Entity({ tableName: 'product' })
export class Product {
  [OptionalProps]?: 'currency' | 'active' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Unique({ name: 'product_sku_unique' })
  @Property({ type: 'string', length: 64 })
  sku!: string;

  @Property({ type: 'string', length: 200 })
  name!: string;

  @ManyToOne(() => ProductCategory, { nullable: true, deleteRule: 'restrict', updateRule: 'no action', index: 'product_category_idx' })
  category?: ProductCategory | null;

  @Property({ type: 'decimal', precision: 14, scale: 2 })
  listPrice!: string;

  @Property({ type: 'decimal', precision: 14, scale: 2 })
  cost!: string;

  @Property({ type: 'string', length: 3 })
  currency: CurrencyCode = 'CNY';

  /** Consumables: how many days one unit lasts. */
  @Property({ type: 'integer', nullable: true })
  usageCycleDays?: number | null;

  /** Durables: days between maintenance visits. */
  @Property({ type: 'integer', nullable: true })
  maintenanceIntervalDays?: number | null;

  @Property({ type: 'boolean' })
  active: boolean = true;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
