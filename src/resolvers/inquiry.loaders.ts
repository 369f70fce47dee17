import type { EntityManager } from '@mikro-orm/postgresql';

/** The inquiry loaders of one request. */
export function inquiryLoaders(em: EntityManager) {
  void em;
  return {};
}
