import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/** A node of the company's department tree. `path` (`/1/4/`) makes subtree scopes one LIKE. */
@Entity({ tableName: 'department' })
export class Department {
  [OptionalProps]?: 'path' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Property({ type: 'string', length: 100 })
  name!: string;

  @ManyToOne(() => Department, { nullable: true, deleteRule: 'restrict', updateRule: 'no action' })
  parent?: Department | null;

  @Index({ name: 'department_path_idx', expression: 'create index department_path_idx on department (path text_pattern_ops)' })
  @Property({ type: 'string', length: 400 })
  path: string = '/';

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
