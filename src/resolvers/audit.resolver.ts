import { Args, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { AUDIT_SUBJECT_TYPES, subjectGlobalType, type AuditSubjectType } from '../domain/audit/change-history';
import { RequestError } from '../domain/common/domain-error';
import { say } from '../domain/common/bilingual';
import type { AuditEvent } from '../db/queries/audit-events';
import type { Customer } from '../entities';
import { fromGlobalId, toGlobalId } from '../schema/global-id';
import { AuditEventConnection, AuditEventsArgs, AuditEventType } from '../schema/types/audit.type';
import { ApiKeyType } from '../schema/types/auth.type';
import { CustomerType } from '../schema/types/customer.type';
import { UserType } from '../schema/types/org.type';
import type { AuditEventListCommand } from '../services/change-history-query.service';
import { needs } from './access';
import type { GraphQLContext } from './context';
import { filterLocalIds as ids } from './given-id';
import { scopedLoaders } from './loaders';
import { PAGE_ARGS, TwoWayChildPageArgs } from './pagination.args';

const ADMIN = needs({ roles: ['ADMIN'] });

/** The subject type of a record's global id (`Order:12` → ORDER), or BAD_USER_INPUT naming the filter field. */
function subjectOf(globalId: string): { type: AuditSubjectType; id: number } {
  const parsed = fromGlobalId(globalId);
  const type = AUDIT_SUBJECT_TYPES.values.find((t) => subjectGlobalType(t) === parsed?.type);
  if (!parsed || !type) {
    const covered = AUDIT_SUBJECT_TYPES.values.map(subjectGlobalType);
    throw new RequestError(
      'BAD_USER_INPUT',
      say(
        `filter.subjectIds：“${globalId}”不是变更记录所涵盖记录的 id（${covered.join('、')}）`,
        `filter.subjectIds: "${globalId}" is not the id of a record the change history covers (${covered.join(', ')})`,
      ),
    );
  }
  return { type, id: parsed.id };
}

/** The change history (issue 17 item 3): admins read who changed what, when, in which request. */
@Resolver(() => AuditEventType)
export class AuditEventResolver {
  @Authorized(...ADMIN)
  @Query(() => AuditEventConnection, {
    description:
      'Recorded changes (变更记录) to customers, orders, payments, inquiries, follow-ups, service cases, segments, settings and API keys, ' +
      'newest first. Admins only.',
  })
  auditEvents(@Args() args: AuditEventsArgs, @Ctx() ctx: GraphQLContext) {
    const f = args.filter ?? {};
    const command: AuditEventListCommand = {
      subjectTypes: f.subjectTypes ?? null,
      subjects: (f.subjectIds ?? []).map(subjectOf),
      customerIds: ids(f.customerIds, 'Customer', 'customerIds'),
      actorUserIds: ids(f.actorUserIds, 'User', 'actorUserIds'),
      actorApiKeyIds: ids(f.actorApiKeyIds, 'ApiKey', 'actorApiKeyIds'),
      actions: f.actions ?? null,
      requestId: f.requestId ?? null,
      occurredFrom: f.occurredOn?.from ?? null,
      occurredTo: f.occurredOn?.to ?? null,
    };
    return ctx.services.changeHistory.list(args, command);
  }

  @FieldResolver(() => ID)
  id(@Root() event: AuditEvent) {
    return toGlobalId('AuditEvent', event.id);
  }

  @FieldResolver(() => ID)
  subjectId(@Root() event: AuditEvent) {
    return toGlobalId(subjectGlobalType(event.subjectType), event.subjectId);
  }

  @FieldResolver(() => UserType, { nullable: true, description: 'The user who made the change; null when an API key or a job did.' })
  actorUser(@Root() event: AuditEvent, @Ctx() ctx: GraphQLContext) {
    return event.actorUserId == null ? null : ctx.loaders.user.load(event.actorUserId);
  }

  @FieldResolver(() => ApiKeyType, { nullable: true, description: 'The API key that made the change; null when a user or a job did.' })
  actorApiKey(@Root() event: AuditEvent, @Ctx() ctx: GraphQLContext) {
    return event.actorApiKeyId == null ? null : ctx.loaders.apiKey.load(event.actorApiKeyId);
  }

  @FieldResolver(() => CustomerType, {
    nullable: true,
    description:
      'The customer the record belongs to (the customer itself for a customer); null for settings, segments and keys, or when deleted.',
  })
  customer(@Root() event: AuditEvent, @Ctx() ctx: GraphQLContext) {
    return event.customerId == null ? null : scopedLoaders(ctx).customer.load(event.customerId);
  }
}

@Resolver(() => CustomerType)
export class CustomerChangeHistoryResolver {
  @Authorized(...ADMIN)
  @FieldResolver(() => AuditEventConnection, {
    description:
      'Recorded changes to this customer and its records (orders, payments, follow-ups, inquiries, service cases), newest first. Admins only.',
  })
  changeHistory(@Root() customer: Customer, @Args(PAGE_ARGS) args: TwoWayChildPageArgs, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.changeHistoryByCustomer(customer.id, args);
  }
}
