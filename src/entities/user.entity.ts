import { Entity, Enum, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import type { Role } from '../domain/access/role';
import { ROLES } from '../domain/access/role';
import { Department } from './department.entity';
import { Store } from './store.entity';

/** A member of staff. The password hash never leaves the persistence layer. */
@Entity({ tableName: 'app_user' })
export class User {
  [OptionalProps]?: 'active' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Property({ type: 'string', length: 100 })
  name!: string;

  /** Stored lower-case; unique. */
  @Unique({ name: 'app_user_email_unique' })
  @Property({ type: 'string', length: 254 })
  email!: string;

  @Property({ type: 'string', length: 20, nullable: true })
  phone?: string | null;

  @Enum({ items: () => [...ROLES], type: 'string' })
  role!: Role;

  @ManyToOne(() => Department, { nullable: true, deleteRule: 'restrict', updateRule: 'no action', index: true })
  department?: Department | null;

  @ManyToOne(() => Store, { nullable: true, deleteRule: 'restrict', updateRule: 'no action', index: true })
  store?: Store | null;

  @Property({ type: 'boolean' })
  active: boolean = true;

  @Property({ type: 'string', length: 200, hidden: true, lazy: true })
  passwordHash!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
