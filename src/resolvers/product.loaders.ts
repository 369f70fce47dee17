import type { EntityManager } from '@mikro-orm/postgresql';

/** The product loaders of one request. */
export function productLoaders(em: EntityManager) {
  void em;
  return {};
}
