import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { byIdBatch } from '../db/read-model';
import { Product, ProductCategory } from '../entities';

function byId<T extends { id: number }>(em: EntityManager, entity: new () => T) {
  return new DataLoader<number, T | null>(byIdBatch(em, entity));
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
