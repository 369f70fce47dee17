import { registerEnumType } from 'type-graphql';
import { ROLES, type Role } from '../../domain/access/role';
import * as V from '../../domain/customer/customer.enums';
import { CUSTOM_FIELD_TYPES, type CustomFieldType } from '../../domain/customer/custom-field';

export function enumObject<T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
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

export const CustomerKindEnum = enumObject(V.CUSTOMER_KINDS.values);
export const CustomerSourceEnum = enumObject(V.CUSTOMER_SOURCES.values);
export const BehaviouralTypeEnum = enumObject(V.BEHAVIOURAL_TYPES.values);
export const EconomicStatusEnum = enumObject(V.ECONOMIC_STATUSES.values);
export const GenderEnum = enumObject(V.GENDERS.values);
export const AgeBandEnum = enumObject(V.AGE_BANDS.values);
export const IncomeBandEnum = enumObject(V.INCOME_BANDS.values);
export const EducationLevelEnum = enumObject(V.EDUCATION_LEVELS.values);
export const CompanySizeEnum = enumObject(V.COMPANY_SIZES.values);
export const ContactChannelEnum = enumObject(V.CONTACT_CHANNELS.values);
export const ImportantDateKindEnum = enumObject(V.IMPORTANT_DATE_KINDS.values);

const registered: Array<[object, keyof typeof VOCABULARY_ENUMS]> = [
  [CustomerKindEnum, 'CustomerKind'],
  [CustomerSourceEnum, 'CustomerSource'],
  [BehaviouralTypeEnum, 'BehaviouralType'],
  [EconomicStatusEnum, 'EconomicStatus'],
  [GenderEnum, 'Gender'],
  [AgeBandEnum, 'AgeBand'],
  [IncomeBandEnum, 'IncomeBand'],
  [EducationLevelEnum, 'EducationLevel'],
  [CompanySizeEnum, 'CompanySize'],
  [ContactChannelEnum, 'ContactChannel'],
  [ImportantDateKindEnum, 'ImportantDateKind'],
];
for (const [enumObj, name] of registered) {
  registerEnumType(enumObj, {
    name,
    description: `Codes; localized labels are listed by \`vocabularies\`.`,
    valuesConfig: Object.fromEntries(
      VOCABULARY_ENUMS[name].values.map((v) => {
        const labels = (VOCABULARY_ENUMS[name].labels as Record<string, { zh: string; en: string }>)[v];
        return [v, { description: `${labels.zh} / ${labels.en}` }];
      }),
    ),
  });
}
