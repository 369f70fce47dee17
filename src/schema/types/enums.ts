import { registerEnumType } from 'type-graphql';
import { ROLES, type Role } from '../../domain/access/role';
import * as V from '../../domain/customer/customer.enums';
import { CUSTOM_FIELD_TYPES, type CustomFieldType } from '../../domain/customer/custom-field';

export function enumObject<T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
}

/**
 * The one way a vocabulary becomes a GraphQL enum: its codes, registered under `name`, each
 * described by its zh/en labels (which `vocabularies` also lists).
 */
export function enumOf<T extends string>(vocab: V.Vocabulary<T>, name: string, description?: string): { [K in T]: K } {
  const object = enumObject(vocab.values);
  registerEnumType(object, {
    name,
    description: description
      ? `${description} Localized labels are listed by \`vocabularies\`.`
      : 'Codes; localized labels are listed by `vocabularies`.',
    valuesConfig: Object.fromEntries(
      vocab.values.map((v) => [v, { description: `${vocab.labels[v].zh} / ${vocab.labels[v].en}` }]),
    ) as never,
  });
  return object;
}

export const RoleEnum = enumObject<Role>(ROLES);
registerEnumType(RoleEnum, { name: 'Role', description: 'ADMIN: everything; MANAGER: its department subtree; SALES: its own customers.' });

export const CustomFieldTypeEnum = enumObject<CustomFieldType>(CUSTOM_FIELD_TYPES);
registerEnumType(CustomFieldTypeEnum, { name: 'CustomFieldType' });

/** GraphQL enums of the customer vocabularies, with their labels listed by `vocabularies`. */
export const VOCABULARY_ENUMS = {
  CustomerKind: V.CUSTOMER_KINDS,
  CustomerSource: V.CUSTOMER_SOURCES,
  BehaviouralType: V.BEHAVIOURAL_TYPES,
  EconomicStatus: V.ECONOMIC_STATUSES,
  Gender: V.GENDERS,
  AgeBand: V.AGE_BANDS,
  IncomeBand: V.INCOME_BANDS,
  EducationLevel: V.EDUCATION_LEVELS,
  CompanySize: V.COMPANY_SIZES,
  ContactChannel: V.CONTACT_CHANNELS,
  ImportantDateKind: V.IMPORTANT_DATE_KINDS,
} as const;

export const CustomerKindEnum = enumOf(V.CUSTOMER_KINDS, 'CustomerKind');
export const CustomerSourceEnum = enumOf(V.CUSTOMER_SOURCES, 'CustomerSource');
export const BehaviouralTypeEnum = enumOf(V.BEHAVIOURAL_TYPES, 'BehaviouralType');
export const EconomicStatusEnum = enumOf(V.ECONOMIC_STATUSES, 'EconomicStatus');
export const GenderEnum = enumOf(V.GENDERS, 'Gender');
export const AgeBandEnum = enumOf(V.AGE_BANDS, 'AgeBand');
export const IncomeBandEnum = enumOf(V.INCOME_BANDS, 'IncomeBand');
export const EducationLevelEnum = enumOf(V.EDUCATION_LEVELS, 'EducationLevel');
export const CompanySizeEnum = enumOf(V.COMPANY_SIZES, 'CompanySize');
export const ContactChannelEnum = enumOf(V.CONTACT_CHANNELS, 'ContactChannel');
export const ImportantDateKindEnum = enumOf(V.IMPORTANT_DATE_KINDS, 'ImportantDateKind');
