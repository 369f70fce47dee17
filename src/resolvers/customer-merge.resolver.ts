import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { CustomerMergeInput } from '../schema/types/customer-merge.input';
import { CustomerPayload } from '../schema/types/customer.type';
import { needs } from './access';
import type { GraphQLContext } from './context';
import { givenId } from './given-id';
import { checked, idempotencyOf } from './records.mapper';

/** Merging duplicate customers (issue 17 item 4): admins, and managers within their department subtree. */
@Resolver()
export class CustomerMergeResolver {
  @Authorized(...needs({ roles: ['ADMIN', 'MANAGER'] }))
  @Mutation(() => CustomerPayload, {
    description:
      'Merges duplicate customers into one (合并客户), in one transaction: the sources’ orders, payments, follow-ups, inquiries, service cases, ' +
      'assignments, marketing touches and reminder states move to the target; their phones, emails, WeChat ids, tags and custom field values ' +
      'join the target’s (its own values win unless fieldChoices says otherwise); the sources stay as archived tombstones whose ids resolve to ' +
      'the target; the figures are recomputed. Recorded in the change history; webhooks send CUSTOMER_MERGED. Admins, and managers for ' +
      'customers of their department subtree.',
  })
  async customerMerge(@Arg('input', { validate: false }) input: CustomerMergeInput, @Ctx() ctx: GraphQLContext) {
    const valid = await checked(input);
    if (valid.invalid.length) return { customer: null, userErrors: valid.invalid };
    return ctx.services.customerMerge.merge({
      target: givenId(input.targetId, 'Customer'),
      sources: input.sourceIds.map((id) => givenId(id, 'Customer')),
      fieldChoices: (input.fieldChoices ?? []).map((c) => ({ field: c.field, source: givenId(c.sourceId, 'Customer') })),
      idempotency: idempotencyOf(input),
    });
  }
}
