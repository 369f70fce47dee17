import type { EntityManager } from '@mikro-orm/postgresql';
import { byIdLoader } from '../db/read-model';
import { Product, ProductCategory } from '../entities';

/**
 * The product loaders of one request. Products are company-wide (not in a customer's data
 * scope), so they load unscoped; the operations reading them check `products:read`.
 */
export function productLoaders(em: EntityManager) {
  return {
    /** Products by id: order lines read their product through it. */
    product: byIdLoader(em, Product),
    productCategory: byIdLoader(em, ProductCategory),
  };
}
