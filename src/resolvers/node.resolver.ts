import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import { readModel } from '../db/read-model';
import { decideAccess } from '../domain/access/viewer';
import type { EntityName } from '@mikro-orm/core';
import { ApiKey, CustomFieldDefinition, FollowUp, Inquiry, Order, Payment, Product, ProductCategory, ServiceCase } from '../entities';
import { visibleRecordRows } from '../services/record-visibility';
import { RequestError } from '../domain/common/domain-error';
import { fromGlobalId } from '../schema/global-id';
import { Node } from '../schema/types/common.type';
import type { GraphQLContext } from './context';
import { reminderRefOf, reminderView } from './reminder.resolver';
import { TYPE_ACCESS } from './type-access';

/**
 * The types `node` loads. Each is read under its rule in TYPE_ACCESS, the one table of what a
 * type needs; a type the viewer may not read resolves to null, like a missing id.
 */
const NODE_TYPES = new Set([
  'Customer',
  'CustomFieldDefinition',
  'User',
  'Department',
  'Store',
  'ApiKey',
  'Product',
  'ProductCategory',
  'Order',
  'Payment',
  'FollowUp',
  'Inquiry',
  'ServiceCase',
  'Segment',
]);

/** Records of a customer: visible when their customer is in the viewer's data scope. */
const RECORD_TABLES: Record<string, { table: string; entity: EntityName<object> }> = {
  Order: { table: 'sales_order', entity: Order },
  Payment: { table: 'payment', entity: Payment },
  FollowUp: { table: 'follow_up', entity: FollowUp },
  Inquiry: { table: 'inquiry', entity: Inquiry },
  ServiceCase: { table: 'service_case', entity: ServiceCase },
};

async function loadNodes(ids: readonly string[], ctx: GraphQLContext): Promise<Array<object | null>> {
  const parsed = ids.map((id) => {
    const p = fromGlobalId(id);
    return p && NODE_TYPES.has(p.type) && decideAccess(ctx.viewer, TYPE_ACCESS[p.type]) === 'ALLOWED' ? p : null;
  });
  const customerIds = parsed.filter((p) => p?.type === 'Customer').map((p) => p!.id);
  const customers = customerIds.length ? await ctx.services.customerQueries.byIds(customerIds) : [];
  const customerById = new Map(customerIds.map((id, i) => [id, customers[i]]));
  const records = new Map<string, Map<number, Record<string, unknown>>>();
  for (const [type, { table }] of Object.entries(RECORD_TABLES)) {
    const wanted = parsed.filter((p) => p?.type === type).map((p) => p!.id);
    if (wanted.length) records.set(type, await visibleRecordRows(ctx.em, ctx.viewer, table, wanted));
  }
  return Promise.all(
    parsed.map(async (p, i) => {
      if (!p) {
        // A reminder's id names a computed occurrence, not a row: the rules say whether it is listed today.
        const ref = reminderRefOf(ids[i]!);
        if (!ref || decideAccess(ctx.viewer, TYPE_ACCESS.Reminder) !== 'ALLOWED') return null;
        const reminder = await ctx.services.reminders.find(ref);
        return reminder ? reminderView(reminder) : null;
      }
      switch (p.type) {
        case 'Customer':
          return customerById.get(p.id) ?? null;
        case 'User':
          return ctx.loaders.user.load(p.id);
        case 'Department':
          return ctx.loaders.department.load(p.id);
        case 'Store':
          return ctx.loaders.store.load(p.id);
        case 'ApiKey':
          return ctx.em.findOne(ApiKey, p.id);
        case 'CustomFieldDefinition':
          return ctx.em.findOne(CustomFieldDefinition, p.id);
        case 'Product':
          return ctx.em.findOne(Product, p.id);
        case 'ProductCategory':
          return ctx.em.findOne(ProductCategory, p.id);
        case 'Segment':
          return (await ctx.services.segments.byIds([p.id]))[0] ?? null;
        default: {
          const row = records.get(p.type)?.get(p.id);
          return row ? readModel(ctx.em, RECORD_TABLES[p.type].entity as new () => object)(row) : null;
        }
      }
    }),
  );
}

@Resolver()
export class NodeResolver {
  @Authorized()
  @Query(() => Node, { nullable: true, description: 'Any object by global ID; null when missing or not visible to you.' })
  async node(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return (await loadNodes([id], ctx))[0];
  }

  @Authorized()
  @Query(() => [Node], { nullable: 'items', description: 'Up to 100 objects by global ID, in the order asked.' })
  async nodes(@Arg('ids', () => [ID]) ids: string[], @Ctx() ctx: GraphQLContext) {
    if (ids.length > 100) {
      throw new RequestError('BAD_USER_INPUT', `ids: at most 100, got ${ids.length}`);
    }
    return loadNodes(ids, ctx);
  }
}
