import type { EntityManager } from '@mikro-orm/postgresql';

/** The follow-up loaders of one request. */
export function followUpLoaders(em: EntityManager) {
  void em;
  return {};
}
