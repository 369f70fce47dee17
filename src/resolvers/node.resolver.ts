import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import { decideAccess } from '../domain/access/viewer';
import { RequestError } from '../domain/common/domain-error';
import { say } from '../domain/common/bilingual';
import { fromGlobalId } from '../schema/global-id';
import { Node } from '../schema/types/common.type';
import type { GraphQLContext } from './context';
import { isRecordTypeName, scopedLoaders } from './loaders';
import { reminderRefOf, reminderView } from './reminder.resolver';
import { TYPE_ACCESS } from './type-access';

type LoadOne = (ctx: GraphQLContext, id: number) => Promise<object | null>;

/**
 * The types `node` loads, each through a per-request loader: however many ids, one statement
 * per type. Each is read under its rule in TYPE_ACCESS, the one table of what a type needs; a
 * type the viewer may not read resolves to null, like a missing id. Customers, their records,
 * segments and reminders load in the viewer's data scope; the others are not scoped.
 */
const NODE_LOADERS: Readonly<Record<string, LoadOne>> = {
  Customer: (ctx, id) => scopedLoaders(ctx).customer.load(id),
  CustomFieldDefinition: (ctx, id) => ctx.loaders.customFieldDefinition.load(id),
  User: (ctx, id) => ctx.loaders.user.load(id),
  Department: (ctx, id) => ctx.loaders.department.load(id),
  Store: (ctx, id) => ctx.loaders.store.load(id),
  ApiKey: (ctx, id) => ctx.loaders.apiKey.load(id),
  Product: (ctx, id) => ctx.loaders.product.load(id),
  ProductCategory: (ctx, id) => ctx.loaders.productCategory.load(id),
  Segment: (ctx, id) => scopedLoaders(ctx).segment.load(id),
  // Not an entity: the Node interface tells its type by `__typename`.
  AuditEvent: (ctx, id) => ctx.loaders.auditEvent.load(id).then((event) => event && { ...event, __typename: 'AuditEvent' }),
  WebhookSubscription: (ctx, id) =>
    scopedLoaders(ctx)
      .webhookSubscription.load(id)
      .then((s) => s && { ...s, __typename: 'WebhookSubscription' }),
  WebhookDelivery: (ctx, id) =>
    scopedLoaders(ctx)
      .webhookDelivery.load(id)
      .then((d) => d && { ...d, __typename: 'WebhookDelivery' }),
};

function loadNode(id: string, ctx: GraphQLContext): Promise<object | null> {
  const p = fromGlobalId(id);
  const loadable = p && (Object.hasOwn(NODE_LOADERS, p.type) || isRecordTypeName(p.type));
  if (loadable && decideAccess(ctx.viewer, TYPE_ACCESS[p.type]) === 'ALLOWED') {
    return isRecordTypeName(p.type) ? scopedLoaders(ctx).record[p.type].load(p.id) : NODE_LOADERS[p.type](ctx, p.id);
  }
  // A reminder's id names a computed occurrence, not a row: the rules say whether it is listed today.
  const ref = reminderRefOf(id);
  if (!ref || decideAccess(ctx.viewer, TYPE_ACCESS.Reminder) !== 'ALLOWED') return Promise.resolve(null);
  return scopedLoaders(ctx)
    .reminder.load(ref)
    .then((reminder) => (reminder ? reminderView(reminder) : null));
}

/** Every id is asked of its type's loader before any answers, so the loaders batch them all. */
function loadNodes(ids: readonly string[], ctx: GraphQLContext): Promise<Array<object | null>> {
  return Promise.all(ids.map((id) => loadNode(id, ctx)));
}

@Resolver()
export class NodeResolver {
  @Authorized()
  @Query(() => Node, { nullable: true, description: 'Any object by global ID; null when missing or not visible to you.' })
  async node(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return loadNode(id, ctx);
  }

  @Authorized()
  @Query(() => [Node], { nullable: 'items', description: 'Up to 100 objects by global ID, in the order asked.' })
  async nodes(@Arg('ids', () => [ID]) ids: string[], @Ctx() ctx: GraphQLContext) {
    if (ids.length > 100) {
      throw new RequestError('BAD_USER_INPUT', say(`ids：最多 100 个，实际给了 ${ids.length} 个`, `ids: at most 100, got ${ids.length}`));
    }
    return loadNodes(ids, ctx);
  }
}
