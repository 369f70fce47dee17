import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { Product, ProductCategory } from '../entities';

function byId<T extends { id: number }>(em: EntityManager, entity: new () => T) {
  return new DataLoader<number, T | null>(async (ids) => {
    const found = await em.find(entity, { id: { $in: [...ids] } } as never);
    const map = new Map(found.map((e) => [e.id, e]));
    return ids.map((id) => map.get(id) ?? null);
  });
}

/**
 * The product loaders of one request. Products are company-wide (not in a customer's data
 * scope), so they load unscoped; the operations reading them check `products:read`.
 */
export function productLoaders(em: EntityManager) {
  return {
    /** Products by id: order lines read their product through it. */
    product: byId(em, Product),
    productCategory: byId(em, ProductCategory),
  };
}
