import { ArrayType, Entity, Enum, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import type { CustomFieldType } from '../domain/customer/custom-field';
import { CUSTOM_FIELD_TYPES } from '../domain/customer/custom-field';

/** A company-defined extra field on customers (C4). The key is immutable once created. */
@Entity({ tableName: 'custom_field_definition' })
export class CustomFieldDefinition {
  [OptionalProps]?: 'options' | 'required' | 'active' | 'position' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Unique({ name: 'custom_field_definition_key_unique' })
  @Property({ type: 'string', length: 50 })
  key!: string;

  @Property({ type: 'string', length: 100 })
  label!: string;

  @Enum({ items: () => [...CUSTOM_FIELD_TYPES], type: 'string' })
  type!: CustomFieldType;

  @Property({ type: ArrayType, columnType: 'text[]' })
  options: string[] = [];

  @Property({ type: 'boolean' })
  required: boolean = false;

  @Property({ type: 'boolean' })
  active: boolean = true;

  @Property({ type: 'integer' })
  position: number = 0;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
