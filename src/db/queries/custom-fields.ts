import type { EntityManager } from '@mikro-orm/postgresql';
import { CustomFieldDefinition } from '../../entities';
import { readModel } from '../read-model';

/** Statements over `custom_field_definition`. */

/** Every definition of the company, active or not, in display order. */
export async function allCustomFieldDefinitions(em: EntityManager): Promise<CustomFieldDefinition[]> {
  const rows: Array<Record<string, unknown>> = await em.execute('select * from custom_field_definition order by position, id');
  return rows.map(readModel(em, CustomFieldDefinition));
}
