import type { EntityManager } from '@mikro-orm/postgresql';

/** The service-case loaders of one request. */
export function serviceCaseLoaders(em: EntityManager) {
  void em;
  return {};
}
