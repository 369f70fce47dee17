import type { EntityManager } from '@mikro-orm/postgresql';
import { customerScopeSql } from '../domain/access/customer-scope.sql';
import { say } from '../domain/common/bilingual';
import { userError, UserInputFailure } from '../domain/common/domain-error';
import { pgArray, raw, sql, type SqlFragment } from '../domain/common/sql';
import type { PricedLine } from '../domain/records/order-pricing';
import type { CurrencyCode } from '../domain/records/records.enums';
import { Customer, Order } from '../entities';
import { readModel } from '../db/read-model';
import { scopeFor } from './customer-scope';
import type { GivenId } from './given-id';
import type { ServiceContext } from './service-context';
import { actorSql } from './transaction';

/**
 * The statements of a new order (issue 16 item 3): what it needs to read is one statement,
 * the order with its lines is one more, so `orderCreate` is auth, BEGIN, these two, the
 * figures and COMMIT.
 */

/** A product as an order line needs it. */
export interface OrderProduct {
  id: number;
  name: string;
  sku: string;
  active: boolean;
  currency: CurrencyCode;
  listPrice: string;
  cost: string;
}

/** What an order reads before it is written. */
export interface OrderFacts {
  products: Map<number, OrderProduct>;
  /** The store of the customer's owner, and of the viewer (the defaults of a salesperson's store). */
  ownerStoreId: number | null;
  viewerStoreId: number | null;
  /** The next value of `order_number_seq`, taken whether or not the order is written (numbers may have gaps, never repeat). */
  seq: string;
}

type FactsRow = {
  __owner_store_id: number | null;
  __viewer_store_id: number | null;
  __products: Array<{ id: number; name: string; sku: string; active: boolean; currency: CurrencyCode; list_price: string; cost: string }>;
  __seq: string;
};

/** The facts' columns, for a customer row aliased `c` (or an owner id given when there is none). */
function factsSql(ctx: ServiceContext, productIds: readonly number[], ownerId: SqlFragment): SqlFragment {
  const viewerId = ctx.viewer?.kind === 'staff' ? ctx.viewer.userId : null;
  return sql`(select u.store_id from app_user u where u.id = ${ownerId}) as __owner_store_id,
    (select u.store_id from app_user u where u.id = ${viewerId}::int) as __viewer_store_id,
    (select coalesce(json_agg(json_build_object('id', p.id, 'name', p.name, 'sku', p.sku, 'active', p.active, 'currency', p.currency,
                                                'list_price', p.list_price::text, 'cost', p.cost::text)), '[]'::json)
       from product p where p.id = any(${pgArray(productIds)}::int[])) as __products,
    nextval('order_number_seq')::text as __seq`;
}

function factsOf(row: FactsRow): OrderFacts {
  return {
    products: new Map(
      row.__products.map((p) => [
        p.id,
        { id: p.id, name: p.name, sku: p.sku, active: p.active, currency: p.currency, listPrice: p.list_price, cost: p.cost },
      ]),
    ),
    ownerStoreId: row.__owner_store_id,
    viewerStoreId: row.__viewer_store_id,
    seq: row.__seq,
  };
}

/**
 * Locks the customer of a new order (within the viewer's data scope, as
 * `lockCustomerForRecords`) and reads the order's facts, in one statement. The customer is
 * a read model (only read: its id and owner), so the commit's flush has nothing to compare.
 */
export async function lockCustomerForOrder(
  ctx: ServiceContext,
  em: EntityManager,
  customer: GivenId,
  productIds: readonly number[],
  field: string[],
): Promise<{ customer: Customer; facts: OrderFacts }> {
  if (customer.id) {
    // Also says who acts (the change history's setting): the order's first statement, so orderCreate needs no other.
    const statement = sql`select ${actorSql(ctx)} as __actor, c.*, ${factsSql(ctx, productIds, raw('c.owner_id'))}
        from customer c
       where c.id = ${customer.id}::int and ${customerScopeSql(scopeFor(ctx.viewer))}
         for update of c`;
    const [row] = await em.execute<Array<Record<string, unknown> & FactsRow>>(statement.sql, statement.params);
    // Merged meanwhile (the merge held the lock): the order goes to the customer it was merged into.
    if (row?.merged_into_id != null) {
      return lockCustomerForOrder(ctx, em, { id: row.merged_into_id as number, raw: customer.raw }, productIds, field);
    }
    if (row) {
      const { __actor: _a, __owner_store_id: _o, __viewer_store_id: _v, __products: _p, __seq: _s, ...customerRow } = row;
      return { customer: readModel(em, Customer)(customerRow), facts: factsOf(row) };
    }
  }
  throw new UserInputFailure([
    userError(field, say(`没有 id 为“${customer.raw}”的客户`, `no customer with id "${customer.raw}"`), 'NOT_FOUND'),
  ]);
}

/** The facts of an order for a customer the caller has already locked. */
export async function orderFacts(
  ctx: ServiceContext,
  em: EntityManager,
  customer: Customer,
  productIds: readonly number[],
): Promise<OrderFacts> {
  const statement = sql`select ${factsSql(ctx, productIds, sql`${customer.owner?.id ?? null}::int`)}`;
  const [row] = await em.execute<FactsRow[]>(statement.sql, statement.params);
  return factsOf(row);
}

export interface NewOrder {
  number: string;
  customerId: number;
  salespersonId: number | null;
  storeId: number | null;
  currency: CurrencyCode;
  subtotal: string;
  discountTotal: string;
  total: string;
  costTotal: string;
  orderedAt: Date;
  note: string | null;
  now: Date;
  lines: Array<{ productId: number } & PricedLine>;
}

/** Writes a PENDING order and its lines in one statement; returns the order as read. */
export async function insertOrder(em: EntityManager, o: NewOrder): Promise<Order> {
  const column = <K extends keyof PricedLine>(key: K) => pgArray(o.lines.map((l) => l[key]));
  const statement = sql`with o as (
      insert into sales_order (number, customer_id, salesperson_id, store_id, status, currency, subtotal, discount_total, total,
                               cost_total, paid_total, ordered_at, note, created_at, updated_at)
      values (${o.number}, ${o.customerId}::int, ${o.salespersonId}::int, ${o.storeId}::int, 'PENDING', ${o.currency}, ${o.subtotal}::numeric,
              ${o.discountTotal}::numeric, ${o.total}::numeric, ${o.costTotal}::numeric, 0, ${o.orderedAt}::timestamptz, ${o.note},
              ${o.now}::timestamptz, ${o.now}::timestamptz)
      returning *),
    l as (
      insert into order_line (order_id, product_id, position, quantity, unit_price, discount, line_total, unit_cost)
      select o.id, x.product_id, x.position - 1, x.quantity, x.unit_price, x.discount, x.line_total, x.unit_cost
        from o, unnest(${pgArray(o.lines.map((l) => l.productId))}::int[], ${column('quantity')}::numeric[], ${column('unitPrice')}::numeric[],
                       ${column('discount')}::numeric[], ${column('lineTotal')}::numeric[], ${column('unitCost')}::numeric[])
                with ordinality as x(product_id, quantity, unit_price, discount, line_total, unit_cost, position)
      returning 1)
    select o.*, (select count(*) from l)::int as __lines from o`;
  const [row] = await em.execute<Array<Record<string, unknown> & { __lines: number }>>(statement.sql, statement.params);
  if (row.__lines !== o.lines.length) throw new Error(`order ${o.number}: ${row.__lines} lines written of ${o.lines.length}`);
  return readModel(em, Order)(row);
}
