import { Field, ID, Int, ObjectType } from 'type-graphql';
import type * as V from '../../domain/customer/customer.enums';
import type { CustomFieldType } from '../../domain/customer/custom-field';
import { CalendarDateScalar } from '../scalars/calendar-date.scalar';
import { Node } from './common.type';
import { ConnectionType } from './connection.type';
import {
  AgeBandEnum,
  BehaviouralTypeEnum,
  CompanySizeEnum,
  ContactChannelEnum,
  CustomerKindEnum,
  CustomerSourceEnum,
  CustomFieldTypeEnum,
  EconomicStatusEnum,
  EducationLevelEnum,
  GenderEnum,
  ImportantDateKindEnum,
  IncomeBandEnum,
} from './enums';
import { PayloadType } from './payload.type';
import { CustomerDuplicateCheckType } from './customer-duplicates.type';

@ObjectType('PostalAddress')
export class PostalAddressType {
  @Field(() => String, { nullable: true, description: 'e.g. 公司 / 家 / warehouse' })
  label!: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2' })
  country!: string | null;

  @Field(() => String, { nullable: true })
  province!: string | null;

  @Field(() => String, { nullable: true })
  city!: string | null;

  @Field(() => String, { nullable: true })
  district!: string | null;

  @Field(() => String, { nullable: true })
  street!: string | null;

  @Field(() => String, { nullable: true })
  postalCode!: string | null;
}

@ObjectType('ImportantDate')
export class ImportantDateType {
  @Field(() => ImportantDateKindEnum)
  kind!: V.ImportantDateKind;

  @Field(() => String, { nullable: true })
  label!: string | null;

  @Field(() => CalendarDateScalar)
  date!: string;
}

@ObjectType('Supplier', { description: 'A main supplier of the customer and how satisfied the customer is with it (C2).' })
export class SupplierType {
  @Field()
  name!: string;

  @Field(() => Int, { nullable: true, description: '1 (very unhappy) … 5 (very happy)' })
  satisfaction!: number | null;

  @Field(() => String, { nullable: true })
  note!: string | null;
}

@ObjectType('ChannelConsent', { description: 'Whether the customer agrees to be contacted on a channel (C5).' })
export class ChannelConsentType {
  @Field(() => ContactChannelEnum)
  channel!: V.ContactChannel;

  @Field()
  granted!: boolean;

  @Field(() => Date)
  updatedAt!: string;
}

@ObjectType('ContactPreference')
export class ContactPreferenceType {
  @Field(() => ContactChannelEnum, { nullable: true })
  preferredChannel!: V.ContactChannel | null;

  @Field(() => String, { nullable: true, description: 'Free text, e.g. 工作日晚上 / weekday evenings' })
  preferredTime!: string | null;

  @Field(() => [ChannelConsentType], { description: 'Channels not listed have no recorded consent.' })
  consents!: ChannelConsentType[];
}

@ObjectType('CustomFieldValue')
export class CustomFieldValueType {
  @Field()
  key!: string;

  @Field({ description: 'Label of the definition.' })
  label!: string;

  @Field(() => CustomFieldTypeEnum)
  type!: CustomFieldType;

  @Field({ description: 'Canonical text: a decimal for NUMBER, YYYY-MM-DD for DATE.' })
  value!: string;
}

@ObjectType('Customer', { implements: Node, description: 'A customer: a person or a company (DOMAIN C1–C5, C7).' })
export class CustomerType implements Node {
  @Field(() => ID)
  id!: string;

  @Field(() => CustomerKindEnum)
  kind!: V.CustomerKind;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true, description: "A person's employer, or a company's legal name." })
  companyName!: string | null;

  @Field(() => String, { nullable: true, description: 'Primary phone, E.164.' })
  phone!: string | null;

  @Field(() => String, { nullable: true, description: 'Primary email, lower-case.' })
  email!: string | null;

  @Field(() => [String], { description: 'Further phones, E.164.' })
  phones!: string[];

  @Field(() => [String], { description: 'Further emails.' })
  emails!: string[];

  @Field(() => [String])
  wechatIds!: string[];

  @Field(() => [PostalAddressType])
  addresses!: PostalAddressType[];

  @Field(() => CustomerSourceEnum, { nullable: true, description: '来源' })
  source!: V.CustomerSource | null;

  @Field({ description: 'ISO 3166-1 alpha-2' })
  country!: string;

  @Field(() => String, { nullable: true })
  province!: string | null;

  @Field(() => String, { nullable: true })
  city!: string | null;

  @Field(() => Int, { nullable: true, description: 'City tier 1 (一线) … 5 (五线).' })
  cityTier!: number | null;

  @Field(() => String, { nullable: true })
  industry!: string | null;

  @Field(() => CalendarDateScalar, { nullable: true })
  birthday!: string | null;

  @Field(() => [ImportantDateType], { description: 'Wedding, company anniversary and other dates to remember.' })
  importantDates!: ImportantDateType[];

  @Field(() => EconomicStatusEnum, { nullable: true })
  economicStatus!: V.EconomicStatus | null;

  @Field(() => String, { nullable: true, description: 'How the customer buys (C2), free text.' })
  purchaseCharacteristics!: string | null;

  @Field(() => [String], { description: 'Product categories the customer bought before (C2).' })
  previousCategories!: string[];

  @Field(() => [SupplierType])
  mainSuppliers!: SupplierType[];

  @Field(() => GenderEnum, { nullable: true })
  gender!: V.Gender | null;

  @Field(() => AgeBandEnum, { nullable: true })
  ageBand!: V.AgeBand | null;

  @Field(() => IncomeBandEnum, { nullable: true })
  incomeBand!: V.IncomeBand | null;

  @Field(() => String, { nullable: true })
  occupation!: string | null;

  @Field(() => EducationLevelEnum, { nullable: true })
  education!: V.EducationLevel | null;

  @Field(() => CompanySizeEnum, { nullable: true })
  companySize!: V.CompanySize | null;

  @Field(() => [BehaviouralTypeEnum], { description: 'Behavioural types (C3).' })
  types!: V.BehaviouralType[];

  @Field(() => [String], { description: 'Free tags.' })
  tags!: string[];

  @Field(() => String, { nullable: true })
  notes!: string | null;

  @Field(() => Int, { description: 'Increases on every change; pass it to customerUpdate to refuse stale writes.' })
  version!: number;

  @Field()
  archived!: boolean;

  @Field(() => Date, { nullable: true })
  archivedAt!: Date | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@ObjectType('CustomerAssignment', { description: 'One change of owner (C7).' })
export class CustomerAssignmentType {
  @Field()
  reason!: string;

  @Field()
  assignedAt!: Date;
}

@ObjectType()
export class CustomerConnection extends ConnectionType(CustomerType, 'Customer') {}

@ObjectType()
export class CustomerAssignmentConnection extends ConnectionType(CustomerAssignmentType, 'CustomerAssignment') {}

@ObjectType()
export class CustomerPayload extends PayloadType(CustomerType, 'customer') {
  @Field(() => CustomerDuplicateCheckType, {
    nullable: true,
    description:
      'customerCreate and customerUpdate (when a name, company, phone, email or WeChat id is given): customers that may be the same.',
  })
  duplicates?: CustomerDuplicateCheckType | null;
}

@ObjectType('CustomFieldDefinition', { implements: Node, description: 'A company-defined field on customers (C4).' })
export class CustomFieldDefinitionType implements Node {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Stable key used in inputs and filters; cannot change.' })
  key!: string;

  @Field()
  label!: string;

  @Field(() => CustomFieldTypeEnum)
  type!: CustomFieldType;

  @Field(() => [String], { description: 'Allowed values of an OPTION field.' })
  options!: string[];

  @Field({
    description:
      'New customers must have a value and an update cannot clear it; customers created before the field became required are not forced to get one.',
  })
  required!: boolean;

  @Field({ description: 'Inactive fields keep their values but take no new ones.' })
  active!: boolean;

  @Field(() => Int)
  position!: number;
}

@ObjectType()
export class CustomFieldDefinitionPayload extends PayloadType(CustomFieldDefinitionType, 'customFieldDefinition') {}

@ObjectType()
export class CustomFieldDefinitionConnection extends ConnectionType(CustomFieldDefinitionType, 'CustomFieldDefinition') {}

@ObjectType('VocabularyValue')
export class VocabularyValueType {
  @Field()
  code!: string;

  @Field()
  label!: string;
}

@ObjectType('Vocabulary', { description: 'An enum of the API with the label of each code, for people to read.' })
export class VocabularyType {
  @Field({ description: 'The GraphQL enum name, e.g. CustomerSource.' })
  name!: string;

  @Field(() => [VocabularyValueType])
  values!: VocabularyValueType[];
}
