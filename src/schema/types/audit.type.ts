import { ArgsType, Field, ID, InputType, ObjectType } from 'type-graphql';
import { AUDIT_ACTIONS, AUDIT_SUBJECT_TYPES, type AuditAction, type AuditSubjectType } from '../../domain/audit/change-history';
import { PaginationArgs } from '../../resolvers/pagination.args';
import { Node } from './common.type';
import { ConnectionType } from './connection.type';
import { enumOf } from './enums';
import { DayRangeInput } from './order-list.input';

export const AuditSubjectTypeEnum = enumOf(AUDIT_SUBJECT_TYPES, 'AuditSubjectType', 'The kinds of record the change history covers.');
export const AuditActionEnum = enumOf(AUDIT_ACTIONS, 'AuditAction', 'What a recorded change did to its record.');

@ObjectType({ description: 'One field of a recorded change, its value before and after as text.' })
export class AuditFieldChange {
  @Field({ description: 'The field, in camelCase (`phone`, `ownerId`, `customFields`).' })
  field!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Before the change (null for a creation or an empty value): text as it is, numbers and booleans in JSON form, lists and objects as JSON.',
  })
  before!: string | null;

  @Field(() => String, { nullable: true, description: 'After the change (null for a deletion or an empty value), written like `before`.' })
  after!: string | null;
}

@ObjectType('AuditEvent', {
  implements: Node,
  description:
    'A change to a record (变更记录): who made it (a user or an API key, and the request), when, and its fields before and after. ' +
    'Written by the database in the transaction of the change, so no committed change is missing and no rolled-back one is shown. ' +
    'Secrets (key hashes) and bookkeeping columns are never recorded.',
})
export class AuditEventType implements Node {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'When the transaction that made the change began.' })
  occurredAt!: Date;

  @Field(() => AuditActionEnum)
  action!: AuditAction;

  @Field(() => AuditSubjectTypeEnum)
  subjectType!: AuditSubjectType;

  @Field(() => ID, {
    description: 'The global ID of the changed record (for settings, an id `node` does not load); it stays valid after a deletion.',
  })
  subjectId!: string;

  @Field(() => String, { nullable: true, description: 'The request that made the change (its `x-request-id`); null for jobs and seeders.' })
  requestId!: string | null;

  @Field(() => [AuditFieldChange], { description: 'The fields changed, by name; for a creation or deletion every non-empty field.' })
  changes!: AuditFieldChange[];
}

@ObjectType()
export class AuditEventConnection extends ConnectionType(AuditEventType, 'AuditEvent') {}

@InputType({ description: 'Which recorded changes; every field narrows the list.' })
export class AuditEventFilter {
  @Field(() => [AuditSubjectTypeEnum], { nullable: true }) subjectTypes?: AuditSubjectType[] | null;
  @Field(() => [ID], { nullable: true, description: 'The changed records, by global ID (e.g. one order).' }) subjectIds?: string[] | null;
  @Field(() => [ID], { nullable: true, description: 'Changes to these customers and to their records.' }) customerIds?: string[] | null;
  @Field(() => [ID], { nullable: true, description: 'Made by these users.' }) actorUserIds?: string[] | null;
  @Field(() => [ID], { nullable: true, description: 'Made by these API keys.' }) actorApiKeyIds?: string[] | null;
  @Field(() => [AuditActionEnum], { nullable: true }) actions?: AuditAction[] | null;
  @Field(() => String, { nullable: true, description: 'Made by this request (`x-request-id`).' }) requestId?: string | null;
  @Field(() => DayRangeInput, { nullable: true, description: 'The day of the change, company calendar.' })
  occurredOn?: DayRangeInput | null;
}

@ArgsType()
export class AuditEventsArgs extends PaginationArgs {
  @Field(() => AuditEventFilter, { nullable: true }) filter?: AuditEventFilter | null;
}
