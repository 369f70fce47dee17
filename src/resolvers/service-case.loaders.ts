import type { EntityManager } from '@mikro-orm/postgresql';
import { ServiceCase } from '../entities';
import { childPageLoader } from '../db/queries/child-pages';

/** The service-case loaders of one request. */
export function serviceCaseLoaders(em: EntityManager) {
  return {
    serviceCasesByCustomer: childPageLoader(em, {
      table: 'service_case',
      parentColumn: 'customer_id',
      sortColumn: 'created_at',
      cursorKey: 'SERVICE_CASE',
      entity: ServiceCase,
    }),
  };
}
