import { CalendarDateScalar } from '../scalars/calendar-date.scalar';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { ServiceCaseStatus, ServiceCaseType as ServiceCaseKind } from '../../domain/records/records.enums';
import { Node } from './common.type';
import { ConnectionType } from './connection.type';
import { PayloadType } from './payload.type';
import { ServiceCaseStatusEnum, ServiceCaseTypeEnum } from './records.enums';

@ObjectType('ServiceCase', {
  implements: Node,
  description:
    'After-sale work for a customer (R5): delivery, installation, warranty (三包), maintenance or a complaint. ' +
    'OPEN → SCHEDULED | IN_PROGRESS | CANCELLED; SCHEDULED → IN_PROGRESS | CANCELLED; IN_PROGRESS → RESOLVED (serviceCaseResolve); RESOLVED → CLOSED.',
})
export class ServiceCaseType implements Node {
  @Field(() => ID)
  id!: string;

  @Field(() => ServiceCaseTypeEnum)
  type!: ServiceCaseKind;

  @Field(() => ServiceCaseStatusEnum)
  status!: ServiceCaseStatus;

  @Field()
  description!: string;

  @Field(() => Date, { nullable: true, description: 'Agreed visit or delivery time.' })
  appointmentAt!: Date | null;

  @Field(() => String, { nullable: true })
  resolution!: string | null;

  @Field(() => CalendarDateScalar, {
    nullable: true,
    description: 'When the warranty or maintenance contract ends (RENEWAL_DUE reminders).',
  })
  coverageEndsOn!: string | null;

  @Field(() => Date, { nullable: true })
  resolvedAt!: Date | null;

  @Field(() => Int, {
    nullable: true,
    description: "The customer's satisfaction when the case was resolved, 1 (very unhappy) … 5 (very happy).",
  })
  satisfaction!: number | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@ObjectType()
export class ServiceCaseConnection extends ConnectionType(ServiceCaseType, 'ServiceCase') {}

@ObjectType()
export class ServiceCasePayload extends PayloadType(ServiceCaseType, 'serviceCase') {}
