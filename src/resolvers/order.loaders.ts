import type { EntityManager } from '@mikro-orm/postgresql';

/** The order loaders of one request. */
export function orderLoaders(em: EntityManager) {
  void em;
  return {};
}
