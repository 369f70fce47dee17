import { CalendarDateScalar } from '../scalars/calendar-date.scalar';
import { IsInt, IsOptional, Length, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import type { ServiceCaseStatus, ServiceCaseType } from '../../domain/records/records.enums';
import { ServiceCaseStatusEnum, ServiceCaseTypeEnum } from './records.enums';
import { NotBlank } from './validators';

@InputType()
export class ServiceCaseCreateInput {
  @Field(() => ID)
  customerId!: string;

  @Field(() => ServiceCaseTypeEnum)
  type!: ServiceCaseType;

  @Field({ description: '1–5000 characters, not blank.' })
  @Length(1, 5000)
  @NotBlank()
  description!: string;

  @Field(() => Date, { nullable: true, description: 'With an appointment the case starts SCHEDULED, else OPEN.' })
  appointmentAt?: Date | null;

  @Field(() => CalendarDateScalar, {
    nullable: true,
    description: 'When the warranty or maintenance contract this case is about ends (RENEWAL_DUE reminders).',
  })
  coverageEndsOn?: string | null;

  @Field(() => ID, { nullable: true, description: 'An active staff user who handles the case.' })
  assigneeId?: string | null;

  @Field(() => ID, { nullable: true, description: 'An order of this customer the case is about.' })
  orderId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The product the case is about.' })
  productId?: string | null;
}

/** Absent fields stay as they are; null clears appointmentAt and assigneeId. */
@InputType()
export class ServiceCaseUpdateInput {
  @Field(() => ID)
  id!: string;

  @Field(() => ServiceCaseStatusEnum, { nullable: true, description: 'A legal next status; RESOLVED only through serviceCaseResolve.' })
  status?: ServiceCaseStatus | null;

  @Field(() => Date, { nullable: true, description: 'A SCHEDULED case needs one.' })
  appointmentAt?: Date | null;

  @Field(() => CalendarDateScalar, { nullable: true, description: 'When the warranty or maintenance contract ends; null clears it.' })
  coverageEndsOn?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 5000)
  @NotBlank()
  description?: string | null;

  @Field(() => ID, { nullable: true })
  assigneeId?: string | null;
}

@InputType()
export class ServiceCaseResolveInput {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'What was done, 1–5000 characters, not blank.' })
  @Length(1, 5000)
  @NotBlank()
  resolution!: string;

  @Field(() => Int, { nullable: true, description: "The customer's satisfaction, 1 … 5; it feeds the customer's figures and loyalty." })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  satisfaction?: number | null;
}
