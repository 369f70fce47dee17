import { ArgsType, Field, ID, InputType, registerEnumType } from 'type-graphql';
import type { ServiceCaseStatus, ServiceCaseType } from '../../domain/records/records.enums';
import { PaginationArgs } from '../../resolvers/pagination.args';
import { DayRangeInput } from './order-list.input';
import { ServiceCaseStatusEnum, ServiceCaseTypeEnum } from './records.enums';

export enum ServiceCaseSortKey {
  CREATED_AT = 'CREATED_AT',
  APPOINTMENT_AT = 'APPOINTMENT_AT',
  RESOLVED_AT = 'RESOLVED_AT',
  COVERAGE_ENDS_ON = 'COVERAGE_ENDS_ON',
  ID = 'ID',
}
registerEnumType(ServiceCaseSortKey, {
  name: 'ServiceCaseSortKey',
  description: 'Ties are broken by id; cases without the date sorted on (no appointment, not resolved, no coverage) come last either way.',
});

@InputType({ description: 'Which service cases; every field narrows the list (within your data scope: the cases of your customers).' })
export class ServiceCaseListFilter {
  @Field(() => [ServiceCaseStatusEnum], { nullable: true }) statuses?: ServiceCaseStatus[] | null;
  @Field(() => [ServiceCaseTypeEnum], { nullable: true }) types?: ServiceCaseType[] | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'true: work still to do (OPEN, SCHEDULED, IN_PROGRESS); false: resolved, closed or cancelled.',
  })
  open?: boolean | null;
  @Field(() => [ID], { nullable: true }) customerIds?: string[] | null;
  @Field(() => [ID], { nullable: true, description: 'About these orders.' }) orderIds?: string[] | null;
  @Field(() => [ID], { nullable: true, description: 'About these products.' }) productIds?: string[] | null;
  @Field(() => [ID], { nullable: true, description: 'Handled by these users.' }) assigneeIds?: string[] | null;
  @Field(() => [ID], { nullable: true, description: "Handled by users of these departments' subtrees." }) departmentIds?: string[] | null;
  @Field(() => DayRangeInput, { nullable: true, description: 'The day the case was opened, company calendar.' })
  createdOn?: DayRangeInput | null;
  @Field(() => DayRangeInput, {
    nullable: true,
    description: 'The day of the appointment, company calendar (e.g. today: the visits of the day).',
  })
  appointmentOn?: DayRangeInput | null;
  @Field(() => DayRangeInput, {
    nullable: true,
    description: 'The day the warranty or maintenance coverage ends (e.g. the renewals due this month).',
  })
  coverageEndsOn?: DayRangeInput | null;
}

@ArgsType()
export class ServiceCasesArgs extends PaginationArgs {
  @Field(() => ServiceCaseListFilter, { nullable: true }) filter?: ServiceCaseListFilter | null;
  @Field(() => ServiceCaseSortKey, { defaultValue: ServiceCaseSortKey.CREATED_AT }) sortKey!: ServiceCaseSortKey;
  @Field(() => Boolean, { defaultValue: false, description: 'Newest (or latest) first when true.' }) reverse!: boolean;
}
