import { say } from '../domain/common/bilingual';
import { PINYIN_COLLATION } from '../domain/common/sql';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { readModel } from '../db/read-model';
import type { EntityManager } from '@mikro-orm/postgresql';
import Decimal from 'decimal.js';
import { userError, UserInputFailure, type UserErrorData } from '../domain/common/domain-error';
import type { CurrencyCode } from '../domain/records/records.enums';
import { Product, ProductCategory } from '../entities';
import type { Checked } from './checked';
import type { GivenId } from './given-id';
import { escapeLike } from './sql';
import { inTransaction, type Result } from './transaction';
import { paginate, type KeysetSort, type PageArgs } from '../lib/pagination';
import type { ServiceContext } from './service-context';
import { failIfAny } from './validate-input';

export type ProductSort = 'NAME' | 'SKU' | 'CREATED_AT';

const SORTS: Record<ProductSort, KeysetSort> = {
  NAME: { key: 'NAME', column: 'p.name', collation: PINYIN_COLLATION },
  SKU: { key: 'SKU', column: 'p.sku' },
  CREATED_AT: { key: 'CREATED_AT', column: 'p.created_at' },
};

/** Names are stored trimmed; the boundary trims before it validates. `parentId` null: top level. */
export interface ProductCategoryCreateCommand extends Checked {
  name: string;
  parentId?: GivenId | null;
}

/** Absent fields stay as they are; `parentId` null moves the category to the top level. */
export interface ProductCategoryUpdateCommand extends Checked {
  id: GivenId;
  name?: string;
  parentId?: GivenId | null;
}

export interface ProductCategoryListFilter {
  /** Local id of the parent category: only its children. */
  parentId?: number | null;
  rootsOnly?: boolean;
}

export interface ProductCreateCommand extends Checked {
  sku: string;
  name: string;
  categoryId?: GivenId | null;
  listPrice: string;
  cost: string;
  currency?: CurrencyCode | null;
  usageCycleDays?: number | null;
  maintenanceIntervalDays?: number | null;
}

/** Absent fields stay as they are; null clears where a field may be empty. */
export interface ProductUpdateCommand extends Checked {
  id: GivenId;
  sku?: string;
  name?: string;
  categoryId?: GivenId | null;
  listPrice?: string;
  cost?: string;
  currency?: CurrencyCode;
  usageCycleDays?: number | null;
  maintenanceIntervalDays?: number | null;
  active?: boolean;
}

export interface ProductListFilter {
  search?: string | null;
  /** Local id of a category: products in it and its whole subtree. */
  categoryId?: number | null;
  active?: boolean;
}

/** The width of `product_category.path`. */
const MAX_PATH_LENGTH = 400;

/** A validated price in the form PostgreSQL returns it (`"12.50"`), so a payload reads like a later query. */
export function normalisePrice(value: string): string {
  return new Decimal(value).toFixed(2);
}

/** (list price − cost) / list price, in percent with 2 decimals; null when the list price is 0. */
export function grossMarginPercent(listPrice: string, cost: string): string | null {
  const list = new Decimal(listPrice);
  if (list.isZero()) return null;
  return list.minus(cost).div(list).times(100).toFixed(2);
}

const skuTaken = (sku: string) =>
  userError(['input', 'sku'], say(`SKU“${sku}”已被其他产品使用`, `SKU "${sku}" is already used by another product`), 'TAKEN');

/**
 * Category tree writes take one transaction-scoped lock: a move rewrites the paths of a whole
 * subtree, and a category created under it meanwhile would keep a stale path (or two
 * concurrent moves could make a cycle).
 */
async function lockCategoryTree(em: EntityManager): Promise<void> {
  await em.execute(`select pg_advisory_xact_lock(hashtext('product_category_tree'))`);
}

async function findCategory(em: EntityManager, given: GivenId, field: string[], errors: UserErrorData[]) {
  const id = given.id;
  const found = id ? await em.findOne(ProductCategory, id) : null;
  if (!found)
    errors.push(userError(field, say(`没有 id 为“${given.raw}”的产品分类`, `no product category with id "${given.raw}"`), 'NOT_FOUND'));
  return found;
}

/** Flushes; the unique SKU index decides a race between two writers of one SKU: TAKEN, not a 500. */
async function flushProduct(em: EntityManager, sku: string): Promise<void> {
  try {
    await em.flush();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException && (error as { constraint?: string }).constraint === 'product_sku_unique') {
      throw new UserInputFailure([skuTaken(sku)]);
    }
    throw error;
  }
}

/** Products and their category tree (DOMAIN R3). Writes run on a fresh fork so a refused write leaves nothing behind. */
/** Orders carry their own prices and cost_total, fixed when they are created, so the catalogue never moves a score. */
const CATALOGUE_UNSCORED = { scoringUnchanged: 'products and categories are not read by the scoring population' };

export class ProductService {
  constructor(protected readonly ctx: ServiceContext) {}

  // --- categories --------------------------------------------------------------------------

  createCategory(input: ProductCategoryCreateCommand): Promise<Result<'productCategory', ProductCategory>> {
    return inTransaction(
      { ...this.ctx, em: this.ctx.em.fork() },
      'productCategory',
      async (em) => {
        const errors = [...input.invalid];
        failIfAny(errors);
        await lockCategoryTree(em);
        const parent = input.parentId != null ? await findCategory(em, input.parentId, ['input', 'parentId'], errors) : null;
        failIfAny(errors);
        const category = em.create(ProductCategory, { name: input.name, parent, path: '/' });
        await em.flush();
        category.path = `${parent?.path ?? '/'}${category.id}/`;
        if (category.path.length > MAX_PATH_LENGTH) {
          throw new UserInputFailure([
            userError(['input', 'parentId'], say('放在此处会使分类层级过深', 'the category tree would be too deep here')),
          ]);
        }
        await em.flush();
        return category;
      },
      CATALOGUE_UNSCORED,
    );
  }

  updateCategory(input: ProductCategoryUpdateCommand): Promise<Result<'productCategory', ProductCategory>> {
    return inTransaction(
      { ...this.ctx, em: this.ctx.em.fork() },
      'productCategory',
      async (em) => {
        const errors = [...input.invalid];
        failIfAny(errors);
        const moving = input.parentId !== undefined;
        if (moving) await lockCategoryTree(em);
        const category = await findCategory(em, input.id, ['input', 'id'], errors);
        failIfAny(errors);
        const parent = input.parentId != null ? await findCategory(em, input.parentId, ['input', 'parentId'], errors) : null;
        failIfAny(errors);
        if (input.name != null) category!.name = input.name;
        if (moving) await this.move(em, category!, parent);
        await em.flush();
        return category!;
      },
      CATALOGUE_UNSCORED,
    );
  }

  /** Moves a category and its whole subtree under `parent` (null: top level), in the caller's transaction. */
  private async move(em: EntityManager, category: ProductCategory, parent: ProductCategory | null): Promise<void> {
    if (parent && parent.path.startsWith(category.path)) {
      throw new UserInputFailure([
        userError(['input', 'parentId'], say('分类不能移到自身或其下级分类之下', 'a category cannot move under itself or its own subtree')),
      ]);
    }
    const oldPath = category.path;
    const newPath = `${parent?.path ?? '/'}${category.id}/`;
    if (newPath === oldPath) return;
    const [{ longest }] = await em.execute<Array<{ longest: number }>>(
      `select max(length(path))::int as longest from product_category where path like ?`,
      [`${oldPath}%`],
    );
    if (longest - oldPath.length + newPath.length > MAX_PATH_LENGTH) {
      throw new UserInputFailure([
        userError(['input', 'parentId'], say('移到该处会使分类层级过深', 'the category tree would be too deep there')),
      ]);
    }
    category.parent = parent;
    await em.flush();
    // em.execute runs on the transaction's connection, so the subtree moves with the category.
    await em.execute(`update product_category set path = ? || substr(path, ?) where path like ?`, [
      newPath,
      oldPath.length + 1,
      `${oldPath}%`,
    ]);
    await em.refresh(category);
  }

  listCategories(args: PageArgs, filter: ProductCategoryListFilter | null | undefined) {
    const em = this.ctx.em;
    const base = em.getKnex().from('product_category as c').select('c.*');
    if (filter?.parentId) base.where('c.parent_id', filter.parentId);
    if (filter?.rootsOnly) base.whereNull('c.parent_id');
    return paginate({
      em,
      base,
      idColumn: 'c.id',
      sort: { key: 'PATH', column: 'c.path' },
      args,
      toNodes: (rows: Array<Record<string, unknown>>) => rows.map(readModel(em, ProductCategory)),
    });
  }

  // --- products ----------------------------------------------------------------------------

  /** The product with this local id; null for none (or no id). */
  async find(id: number | null): Promise<Product | null> {
    return id ? this.ctx.em.findOne(Product, id) : null;
  }

  create(input: ProductCreateCommand): Promise<Result<'product', Product>> {
    return inTransaction(
      { ...this.ctx, em: this.ctx.em.fork() },
      'product',
      async (em) => {
        const errors = [...input.invalid];
        const category = input.categoryId != null ? await findCategory(em, input.categoryId, ['input', 'categoryId'], errors) : null;
        if (!errors.some((e) => e.field[1] === 'sku') && (await em.count(Product, { sku: input.sku }))) errors.push(skuTaken(input.sku));
        failIfAny(errors);
        const product = em.create(Product, {
          sku: input.sku,
          name: input.name,
          category,
          listPrice: normalisePrice(input.listPrice),
          cost: normalisePrice(input.cost),
          currency: input.currency ?? this.ctx.config.companyCurrency,
          usageCycleDays: input.usageCycleDays ?? null,
          maintenanceIntervalDays: input.maintenanceIntervalDays ?? null,
        });
        await flushProduct(em, input.sku);
        return product;
      },
      CATALOGUE_UNSCORED,
    );
  }

  update(input: ProductUpdateCommand): Promise<Result<'product', Product>> {
    return inTransaction(
      { ...this.ctx, em: this.ctx.em.fork() },
      'product',
      async (em) => {
        const errors = [...input.invalid];
        const id = input.id.id;
        const product = id ? await em.findOne(Product, id, { lockMode: LockMode.PESSIMISTIC_WRITE }) : null;
        if (!product)
          throw new UserInputFailure([
            userError(['input', 'id'], say(`没有 id 为“${input.id.raw}”的产品`, `no product with id "${input.id.raw}"`), 'NOT_FOUND'),
          ]);
        const category = input.categoryId != null ? await findCategory(em, input.categoryId, ['input', 'categoryId'], errors) : null;
        const newSku = input.sku != null && input.sku !== product.sku ? input.sku : null;
        if (newSku && !errors.some((e) => e.field[1] === 'sku') && (await em.count(Product, { sku: newSku })))
          errors.push(skuTaken(newSku));
        failIfAny(errors);
        if (newSku) product.sku = newSku;
        if (input.name != null) product.name = input.name;
        if (input.categoryId !== undefined) product.category = category;
        if (input.listPrice != null) product.listPrice = normalisePrice(input.listPrice);
        if (input.cost != null) product.cost = normalisePrice(input.cost);
        if (input.currency != null) product.currency = input.currency;
        if (input.usageCycleDays !== undefined) product.usageCycleDays = input.usageCycleDays;
        if (input.maintenanceIntervalDays !== undefined) product.maintenanceIntervalDays = input.maintenanceIntervalDays;
        if (input.active != null) product.active = input.active;
        await flushProduct(em, product.sku);
        return product;
      },
      CATALOGUE_UNSCORED,
    );
  }

  list(args: PageArgs, filter: ProductListFilter | null | undefined, sortKey: ProductSort, reverse: boolean) {
    const em = this.ctx.em;
    const q = em.getKnex().from('product as p').select('p.*');
    const search = filter?.search?.trim().toLowerCase();
    if (search) {
      const like = `%${escapeLike(search)}%`;
      q.where((w) => {
        w.whereRaw('lower(p.sku) like ?', [like]).orWhereRaw('lower(p.name) like ?', [like]);
      });
    }
    if (filter?.categoryId) {
      q.whereRaw(
        `p.category_id in (select c.id from product_category c
           where c.path like (select r.path from product_category r where r.id = ?) || '%')`,
        [filter.categoryId],
      );
    }
    if (filter?.active != null) q.where('p.active', filter.active);
    return paginate({
      em,
      base: q,
      idColumn: 'p.id',
      sort: SORTS[sortKey],
      reverse,
      args,
      toNodes: (rows: Array<Record<string, unknown>>) => rows.map(readModel(em, Product)),
    });
  }
}
