import type {
  ProductCategoryCreateInput,
  ProductCategoryFilter,
  ProductCategoryUpdateInput,
  ProductCreateInput,
  ProductFilter,
  ProductUpdateInput,
} from '../schema/types/product.input';
import type { GivenId } from '../services/given-id';
import type {
  ProductCategoryCreateCommand,
  ProductCategoryListFilter,
  ProductCategoryUpdateCommand,
  ProductCreateCommand,
  ProductListFilter,
  ProductUpdateCommand,
} from '../services/product.service';
import { filterLocalId as filterId, givenId } from './given-id';
import { checked } from './records.mapper';

/** Trims the given string fields in place, so validation sees what will be stored. */
function trim<T extends object>(input: T, keys: Array<keyof T>): void {
  for (const key of keys) {
    const value = input[key];
    if (typeof value === 'string') input[key] = value.trim() as T[typeof key];
  }
}

/** A category id of an input: null and absent stay as they are; any text (even empty) is looked up. */
function categoryRef<E extends null | undefined>(globalId: string | E): GivenId | E {
  return globalId == null ? globalId : givenId(globalId, 'ProductCategory');
}

export async function categoryCreateCommand(input: ProductCategoryCreateInput): Promise<ProductCategoryCreateCommand> {
  trim(input, ['name']);
  return { ...(await checked(input)), parentId: categoryRef(input.parentId) };
}

export async function categoryUpdateCommand(input: ProductCategoryUpdateInput): Promise<ProductCategoryUpdateCommand> {
  trim(input, ['name']);
  return { ...(await checked(input)), id: givenId(input.id, 'ProductCategory'), parentId: categoryRef(input.parentId) };
}

export async function productCreateCommand(input: ProductCreateInput): Promise<ProductCreateCommand> {
  trim(input, ['sku', 'name']);
  return { ...(await checked(input)), categoryId: categoryRef(input.categoryId) };
}

export async function productUpdateCommand(input: ProductUpdateInput): Promise<ProductUpdateCommand> {
  trim(input, ['sku', 'name']);
  return { ...(await checked(input)), id: givenId(input.id, 'Product'), categoryId: categoryRef(input.categoryId) };
}

export function categoryListFilter(filter: ProductCategoryFilter | null | undefined): ProductCategoryListFilter | null | undefined {
  if (!filter) return filter;
  return { ...filter, parentId: filter.parentId ? filterId(filter.parentId, 'ProductCategory', 'parentId') : null };
}

export function productListFilter(filter: ProductFilter | null | undefined): ProductListFilter | null | undefined {
  if (!filter) return filter;
  return { ...filter, categoryId: filter.categoryId ? filterId(filter.categoryId, 'ProductCategory', 'categoryId') : null };
}
