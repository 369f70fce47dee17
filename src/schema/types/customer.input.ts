import { ArrayMaxSize, IsInt, IsOptional, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import type * as V from '../../domain/customer/customer.enums';
import { CalendarDateScalar } from '../scalars/calendar-date.scalar';
import {
  AgeBandEnum,
  BehaviouralTypeEnum,
  CompanySizeEnum,
  ContactChannelEnum,
  CustomerKindEnum,
  CustomerSourceEnum,
  EconomicStatusEnum,
  EducationLevelEnum,
  GenderEnum,
  ImportantDateKindEnum,
  IncomeBandEnum,
} from './enums';
import { ruleText } from './rule-text';
import { NotBlank } from './validators';

@InputType()
export class PostalAddressInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(50)
  label?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2; defaults to the customer country.' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, ruleText('必须是 ISO 3166-1 两位字母代码，例如 CN', 'country must be an ISO 3166-1 alpha-2 code such as CN'))
  country?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(50)
  province?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(50)
  city?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(50)
  district?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  street?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(20)
  postalCode?: string | null;
}

@InputType()
export class ImportantDateInput {
  @Field(() => ImportantDateKindEnum)
  kind!: V.ImportantDateKind;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(50)
  label?: string | null;

  @Field(() => CalendarDateScalar)
  date!: string;
}

@InputType()
export class SupplierInput {
  @Field()
  @Length(1, 100)
  @NotBlank()
  name!: string;

  @Field(() => Int, { nullable: true, description: '1 … 5' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  satisfaction?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  note?: string | null;
}

@InputType()
export class ChannelConsentInput {
  @Field(() => ContactChannelEnum)
  channel!: V.ContactChannel;

  @Field()
  granted!: boolean;
}

@InputType()
export class ContactPreferenceInput {
  @Field(() => ContactChannelEnum, { nullable: true })
  preferredChannel?: V.ContactChannel | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(100)
  preferredTime?: string | null;

  @Field(() => [ChannelConsentInput], { nullable: true, description: 'Sets consent for the channels listed; others stay as they are.' })
  @IsOptional()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  consents?: ChannelConsentInput[];
}

@InputType()
export class CustomFieldValueInput {
  @Field()
  @MaxLength(50)
  key!: string;

  @Field(() => String, { nullable: true, description: 'Text form of the value; null removes it.' })
  @IsOptional()
  @MaxLength(1000)
  value?: string | null;
}

/** Fields shared by create and update. Absent means "leave as is"; null clears. */
@InputType()
export abstract class CustomerFieldsInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  companyName?: string | null;

  @Field(() => String, { nullable: true, description: 'Any common format; stored as E.164 (default region CN).' })
  @IsOptional()
  @MaxLength(40)
  phone?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(254)
  email?: string | null;

  @Field(() => [String], { nullable: true, description: 'Replaces the further phones.' })
  @IsOptional()
  @ArrayMaxSize(10)
  @MaxLength(40, { each: true })
  phones?: string[];

  @Field(() => [String], { nullable: true, description: 'Replaces the further emails.' })
  @IsOptional()
  @ArrayMaxSize(10)
  @MaxLength(254, { each: true })
  emails?: string[];

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(10)
  @Length(1, 64, { each: true })
  wechatIds?: string[];

  @Field(() => [PostalAddressInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  addresses?: PostalAddressInput[];

  @Field(() => CustomerSourceEnum, { nullable: true })
  source?: V.CustomerSource | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2, default CN.' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, ruleText('必须是 ISO 3166-1 两位字母代码，例如 CN', 'country must be an ISO 3166-1 alpha-2 code such as CN'))
  country?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(50)
  province?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(50)
  city?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  cityTier?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(100)
  industry?: string | null;

  @Field(() => CalendarDateScalar, { nullable: true })
  birthday?: string | null;

  @Field(() => [ImportantDateInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  importantDates?: ImportantDateInput[];

  @Field(() => EconomicStatusEnum, { nullable: true })
  economicStatus?: V.EconomicStatus | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  purchaseCharacteristics?: string | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @Length(1, 50, { each: true })
  previousCategories?: string[];

  @Field(() => [SupplierInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  mainSuppliers?: SupplierInput[];

  @Field(() => GenderEnum, { nullable: true })
  gender?: V.Gender | null;

  @Field(() => AgeBandEnum, { nullable: true })
  ageBand?: V.AgeBand | null;

  @Field(() => IncomeBandEnum, { nullable: true })
  incomeBand?: V.IncomeBand | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(100)
  occupation?: string | null;

  @Field(() => EducationLevelEnum, { nullable: true })
  education?: V.EducationLevel | null;

  @Field(() => CompanySizeEnum, { nullable: true })
  companySize?: V.CompanySize | null;

  @Field(() => [BehaviouralTypeEnum], { nullable: true })
  types?: V.BehaviouralType[];

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @Length(1, 50, { each: true })
  tags?: string[];

  @Field(() => [CustomFieldValueInput], { nullable: true, description: 'Sets the listed fields; others stay as they are.' })
  @IsOptional()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  customFields?: CustomFieldValueInput[];

  @Field(() => ContactPreferenceInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  contactPreference?: ContactPreferenceInput | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(5000)
  notes?: string | null;
}

@InputType()
export class CustomerCreateInput extends CustomerFieldsInput {
  @Field(() => CustomerKindEnum)
  kind!: V.CustomerKind;

  @Field()
  @Length(1, 200)
  @NotBlank()
  name!: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'Owner salesperson. Omitted: the viewer, for a manager or a salesperson; no owner for an admin or an API key (the customer waits ' +
      'unassigned, `customers(filter: { unassigned: true })`, until customerAssign or customerAssignBatch gives it one).',
  })
  ownerId?: string | null;

  @Field(() => ID, { nullable: true, description: "Defaults to the owner's department." })
  departmentId?: string | null;

  @Field(() => ID, { nullable: true, description: "Defaults to the owner's store." })
  storeId?: string | null;
}

@InputType()
export class CustomerUpdateInput extends CustomerFieldsInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { nullable: true, description: 'The version read; when stale the update is refused with CONFLICT.' })
  version?: number | null;

  @Field(() => CustomerKindEnum, { nullable: true })
  kind?: V.CustomerKind;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 200)
  @NotBlank()
  name?: string;

  @Field(() => ID, { nullable: true })
  departmentId?: string | null;

  @Field(() => ID, { nullable: true })
  storeId?: string | null;
}

@InputType()
export class CustomerArchiveInput {
  @Field(() => ID)
  id!: string;
}

@InputType()
export class CustomerAssignInput {
  @Field(() => ID)
  customerId!: string;

  @Field(() => ID, { description: 'The new owner; an active MANAGER or SALES user.' })
  ownerId!: string;

  @Field()
  @Length(1, 500)
  @NotBlank()
  reason!: string;
}
