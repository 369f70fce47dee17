import { ArrayType, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type {
  AgeBand,
  BehaviouralType,
  CompanySize,
  ContactChannel,
  CustomerKind,
  CustomerSource,
  EconomicStatus,
  EducationLevel,
  Gender,
  ImportantDateKind,
  IncomeBand,
} from '../domain/customer/customer.enums';
import { CUSTOMER_KINDS } from '../domain/customer/customer.enums';
import { Department } from './department.entity';
import { Store } from './store.entity';
import { User } from './user.entity';

export interface PostalAddress {
  label?: string | null;
  country?: string | null;
  province?: string | null;
  city?: string | null;
  district?: string | null;
  street?: string | null;
  postalCode?: string | null;
}

export interface ImportantDate {
  kind: ImportantDateKind;
  label?: string | null;
  date: string;
}

export interface SupplierRecord {
  name: string;
  /** 1–5 */
  satisfaction?: number | null;
  note?: string | null;
}

export interface ChannelConsent {
  channel: ContactChannel;
  granted: boolean;
  updatedAt: string;
}

/** The customer record (DOMAIN C1–C5, C7). */
@Entity({ tableName: 'customer' })
@Index({ name: 'customer_created_at_id_idx', properties: ['createdAt', 'id'] })
@Index({ name: 'customer_updated_at_id_idx', properties: ['updatedAt', 'id'] })
@Index({ name: 'customer_name_id_idx', properties: ['name', 'id'] })
@Index({
  name: 'customer_search_trgm_idx',
  expression: 'create index customer_search_trgm_idx on customer using gin (search_text gin_trgm_ops)',
})
@Index({ name: 'customer_tags_idx', expression: 'create index customer_tags_idx on customer using gin (tags)' })
@Index({ name: 'customer_types_idx', expression: 'create index customer_types_idx on customer using gin (types)' })
export class Customer {
  [OptionalProps]?:
    | 'phones'
    | 'emails'
    | 'wechatIds'
    | 'addresses'
    | 'country'
    | 'importantDates'
    | 'previousCategories'
    | 'mainSuppliers'
    | 'types'
    | 'tags'
    | 'customFields'
    | 'consents'
    | 'searchText'
    | 'version'
    | 'createdAt'
    | 'updatedAt';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Enum({ items: () => [...CUSTOMER_KINDS.values], type: 'string' })
  kind!: CustomerKind;

  @Property({ type: 'string', length: 200 })
  name!: string;

  /** For a person: the company they work for. For a company: its legal name if different. */
  @Property({ type: 'string', length: 200, nullable: true })
  companyName?: string | null;

  /** Primary phone, E.164. */
  @Index({ name: 'customer_phone_idx' })
  @Property({ type: 'string', length: 20, nullable: true })
  phone?: string | null;

  /** Primary email, lower-case. */
  @Index({ name: 'customer_email_idx' })
  @Property({ type: 'string', length: 254, nullable: true })
  email?: string | null;

  @Property({ type: ArrayType, columnType: 'text[]' })
  phones: string[] = [];

  @Property({ type: ArrayType, columnType: 'text[]' })
  emails: string[] = [];

  @Property({ type: ArrayType, columnType: 'text[]' })
  wechatIds: string[] = [];

  @Property({ type: 'json', columnType: 'jsonb' })
  addresses: PostalAddress[] = [];

  @Index({ name: 'customer_source_idx' })
  @Property({ type: 'string', length: 30, nullable: true })
  source?: CustomerSource | null;

  @Property({ type: 'string', length: 2 })
  country: string = 'CN';

  @Index({ name: 'customer_region_idx', properties: ['province', 'city'] })
  @Property({ type: 'string', length: 50, nullable: true })
  province?: string | null;

  @Property({ type: 'string', length: 50, nullable: true })
  city?: string | null;

  /** 1 (first-tier) … 5. */
  @Index({ name: 'customer_city_tier_idx' })
  @Property({ type: 'smallint', nullable: true })
  cityTier?: number | null;

  @Index({ name: 'customer_industry_idx' })
  @Property({ type: 'string', length: 100, nullable: true })
  industry?: string | null;

  @Property({ type: 'date', nullable: true })
  birthday?: string | null;

  @Property({ type: 'json', columnType: 'jsonb' })
  importantDates: ImportantDate[] = [];

  @Property({ type: 'string', length: 20, nullable: true })
  economicStatus?: EconomicStatus | null;

  @Property({ type: 'text', nullable: true })
  purchaseCharacteristics?: string | null;

  /** Product categories bought before, from whatever supplier (C2). */
  @Property({ type: ArrayType, columnType: 'text[]' })
  previousCategories: string[] = [];

  @Property({ type: 'json', columnType: 'jsonb' })
  mainSuppliers: SupplierRecord[] = [];

  @Property({ type: 'string', length: 10, nullable: true })
  gender?: Gender | null;

  @Property({ type: 'string', length: 20, nullable: true })
  ageBand?: AgeBand | null;

  @Property({ type: 'string', length: 20, nullable: true })
  incomeBand?: IncomeBand | null;

  @Property({ type: 'string', length: 100, nullable: true })
  occupation?: string | null;

  @Property({ type: 'string', length: 20, nullable: true })
  education?: EducationLevel | null;

  @Property({ type: 'string', length: 20, nullable: true })
  companySize?: CompanySize | null;

  @Property({ type: ArrayType, columnType: 'text[]' })
  types: BehaviouralType[] = [];

  @Property({ type: ArrayType, columnType: 'text[]' })
  tags: string[] = [];

  /** Values keyed by custom field definition key, validated against the definition on write. */
  @Property({ type: 'json', columnType: 'jsonb' })
  customFields: Record<string, string> = {};

  @Property({ type: 'string', length: 20, nullable: true })
  preferredChannel?: ContactChannel | null;

  @Property({ type: 'string', length: 100, nullable: true })
  preferredContactTime?: string | null;

  @Property({ type: 'json', columnType: 'jsonb' })
  consents: ChannelConsent[] = [];

  @Property({ type: 'text', nullable: true })
  notes?: string | null;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'restrict', updateRule: 'no action', index: 'customer_owner_idx' })
  owner?: User | null;

  @ManyToOne(() => Department, { nullable: true, deleteRule: 'restrict', updateRule: 'no action', index: 'customer_department_idx' })
  department?: Department | null;

  @ManyToOne(() => Store, { nullable: true, deleteRule: 'restrict', updateRule: 'no action', index: 'customer_store_idx' })
  store?: Store | null;

  /** Lower-case name, company, phones (E.164 and national), emails and WeChat ids, for search. */
  @Property({ type: 'text', hidden: true })
  searchText: string = '';

  @Property({ type: 'integer', version: true })
  version: number = 1;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  archivedAt?: Date | null;

  /** Set when this customer was merged into another (issue 17): a tombstone, archived, whose id resolves to that one. */
  @Property({ type: 'integer', nullable: true })
  mergedIntoId?: number | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  mergedAt?: Date | null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
