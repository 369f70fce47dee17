import {
  AGE_BANDS,
  BEHAVIOURAL_TYPES,
  COMPANY_SIZES,
  CONTACT_CHANNELS,
  CUSTOMER_KINDS,
  CUSTOMER_SOURCES,
  ECONOMIC_STATUSES,
  EDUCATION_LEVELS,
  GENDERS,
  INCOME_BANDS,
  type Vocabulary,
} from '../customer/customer.enums';
import { addDays, addMonths, isCalendarDay } from '../common/calendar';
import { localIdFromText, localIdOf } from '../common/global-id';
import { INQUIRY_STATUSES } from '../records/records.enums';
import {
  ABC_CLASSES,
  LIFECYCLE_STAGES,
  MEMBER_LEVELS,
  RELATIONSHIP_DEPTHS,
  RFM_GROUPS,
  TREND_FLAGS,
  VALUE_TIERS,
} from '../scoring/scoring.enums';
import { SEGMENT_FIELD_KEYS, type SegmentFieldKey, type SegmentOperator } from './segment-ast';

/**
 * The field catalogue of the segment language: for every field its value type, the
 * operators it takes, its Chinese and English label, which part of the data it reads
 * (`source`, so the compiler joins only what a filter uses) and an example in the text form.
 *
 * Semantics every field follows (documented in the API):
 * - A customer whose value is missing (NULL: no city, never ordered) fails every comparison,
 *   `!=` and `NOT IN` included; `IS NULL` finds it, and `NOT (…)` turns the failure into a
 *   match (`NOT last_order_at < -90d` includes customers who never ordered).
 * - Times (`created_at`, `last_order_at`, …) compare by their calendar day in the company
 *   time zone: `< D` = before D 00:00, `>= D` = on or after D 00:00, `<= D` = before D+1 00:00,
 *   `> D` = on or after D+1 00:00, `= D` = during day D, `BETWEEN D1 AND D2` = from D1 00:00 to
 *   the end of D2.
 * - Dates are `2026-01-01`, or relative to today (company time zone): `-90d` = 90 calendar days
 *   before today, `-3m` = 3 calendar months before today (the day clamped to the month's end),
 *   `+7d` after, `0d` today.
 * - Windows (`orders_within(90d)`) count from the start of the day that many days (or `3m`
 *   months) before today up to now: `orders_within(90d) >= 1` ⇔ `last_order_at >= -90d`.
 */

export type SegmentFieldGroup = 'PROFILE' | 'ORDERS' | 'FOLLOW_UPS' | 'INQUIRIES' | 'SCORES' | 'LIFECYCLE' | 'TREND';

export const SEGMENT_FIELD_GROUP_LABELS: Readonly<Record<SegmentFieldGroup, { zh: string; en: string }>> = {
  PROFILE: { zh: '基本资料', en: 'Profile' },
  ORDERS: { zh: '购买行为', en: 'Purchases' },
  FOLLOW_UPS: { zh: '跟进', en: 'Follow-ups' },
  INQUIRIES: { zh: '询盘', en: 'Inquiries' },
  SCORES: { zh: '评分', en: 'Scores' },
  LIFECYCLE: { zh: '生命周期', en: 'Lifecycle' },
  TREND: { zh: '趋势', en: 'Trend' },
};

/**
 * How a field's values are typed:
 * ENUM codes of a vocabulary; TEXT any text (1–1000 characters); INTEGER whole numbers;
 * DECIMAL exact decimals (money, scores); DATETIME a timestamp compared by company day;
 * DATE a calendar day; TEXT_LIST / ENUM_LIST a list column (has the value, has any, has none);
 * ID a local id or a global id of `idType`; COUNTRY an ISO 3166 alpha-2 code; BOOLEAN a
 * condition by itself (op IS_TRUE); CUSTOM a custom field's stored text (see `custom`).
 */
export type SegmentValueType =
  'ENUM' | 'TEXT' | 'INTEGER' | 'DECIMAL' | 'DATETIME' | 'DATE' | 'TEXT_LIST' | 'ENUM_LIST' | 'ID' | 'COUNTRY' | 'BOOLEAN' | 'CUSTOM';

/** What a field reads: the compiler joins the customer figures, the stage or scores, or the trend only when a field needs them. */
export type SegmentFieldSource = 'CUSTOMER' | 'STATS' | 'ORDERS' | 'FOLLOW_UPS' | 'INQUIRIES' | 'STAGE' | 'SCORES' | 'TREND';

/** WINDOW: `90d`, `90` (days) or `3m` (months); TEXT: a product SKU or name, a category name; CUSTOM_KEY: a custom field key; ENUM: a code. */
export type SegmentArgumentKind = 'WINDOW' | 'TEXT' | 'CUSTOM_KEY' | 'ENUM';

export interface SegmentArgumentDefinition {
  kind: SegmentArgumentKind;
  required: boolean;
  label: { zh: string; en: string };
  vocabulary?: Vocabulary<string>;
}

export interface SegmentFieldDefinition {
  key: SegmentFieldKey;
  group: SegmentFieldGroup;
  label: { zh: string; en: string };
  /** One sentence for the API documentation. */
  description: string;
  type: SegmentValueType;
  /** The codes (and their labels) of ENUM and ENUM_LIST fields. */
  vocabulary?: Vocabulary<string>;
  /** The object type of an ID field's global ids. */
  idType?: 'User' | 'Department' | 'Store';
  /** At most this many decimals (DECIMAL fields). */
  decimals?: number;
  /** Whether the value can be missing: IS_NULL and IS_NOT_NULL are allowed. */
  nullable: boolean;
  operators: readonly SegmentOperator[];
  argument?: SegmentArgumentDefinition;
  source: SegmentFieldSource;
  /** A condition on this field in the text form. */
  example: string;
}

const NULL_OPS: readonly SegmentOperator[] = ['IS_NULL', 'IS_NOT_NULL'];
const OPS: Record<Exclude<SegmentValueType, 'CUSTOM'>, readonly SegmentOperator[]> = {
  ENUM: ['EQ', 'NE', 'IN', 'NOT_IN'],
  TEXT: ['EQ', 'NE', 'IN', 'NOT_IN', 'CONTAINS'],
  INTEGER: ['EQ', 'NE', 'LT', 'LTE', 'GT', 'GTE', 'BETWEEN', 'IN', 'NOT_IN'],
  DECIMAL: ['EQ', 'NE', 'LT', 'LTE', 'GT', 'GTE', 'BETWEEN'],
  DATETIME: ['EQ', 'NE', 'LT', 'LTE', 'GT', 'GTE', 'BETWEEN'],
  DATE: ['EQ', 'NE', 'LT', 'LTE', 'GT', 'GTE', 'BETWEEN'],
  TEXT_LIST: ['CONTAINS', 'IN', 'NOT_IN'],
  ENUM_LIST: ['CONTAINS', 'IN', 'NOT_IN'],
  ID: ['EQ', 'NE', 'IN', 'NOT_IN'],
  COUNTRY: ['EQ', 'NE', 'IN', 'NOT_IN'],
  BOOLEAN: ['IS_TRUE'],
};
const CUSTOM_OPS: readonly SegmentOperator[] = [
  'EQ',
  'NE',
  'IN',
  'NOT_IN',
  'CONTAINS',
  'LT',
  'LTE',
  'GT',
  'GTE',
  'BETWEEN',
  'IS_NULL',
  'IS_NOT_NULL',
];

type Spec = Omit<SegmentFieldDefinition, 'key' | 'operators' | 'nullable'> & { nullable?: boolean };

const WINDOW = (required = true): SegmentArgumentDefinition => ({ kind: 'WINDOW', required, label: { zh: '期间', en: 'period' } });

const SPECS: Record<SegmentFieldKey, Spec> = {
  kind: {
    group: 'PROFILE',
    label: { zh: '客户类型', en: 'Kind' },
    description: 'Person or company.',
    type: 'ENUM',
    vocabulary: CUSTOMER_KINDS,
    source: 'CUSTOMER',
    example: 'kind = COMPANY',
  },
  name: {
    group: 'PROFILE',
    label: { zh: '名称', en: 'Name' },
    description: 'The customer name; CONTAINS ignores case.',
    type: 'TEXT',
    source: 'CUSTOMER',
    example: 'name CONTAINS "科技"',
  },
  source: {
    group: 'PROFILE',
    label: { zh: '来源', en: 'Source' },
    description: 'Where the customer came from.',
    type: 'ENUM',
    vocabulary: CUSTOMER_SOURCES,
    nullable: true,
    source: 'CUSTOMER',
    example: 'source IN (REFERRAL, EXHIBITION)',
  },
  country: {
    group: 'PROFILE',
    label: { zh: '国家', en: 'Country' },
    description: 'ISO 3166 alpha-2 country code.',
    type: 'COUNTRY',
    source: 'CUSTOMER',
    example: 'country = CN',
  },
  province: {
    group: 'PROFILE',
    label: { zh: '省份', en: 'Province' },
    description: 'Province as recorded.',
    type: 'TEXT',
    nullable: true,
    source: 'CUSTOMER',
    example: 'province = "浙江省"',
  },
  city: {
    group: 'PROFILE',
    label: { zh: '城市', en: 'City' },
    description: 'City as recorded.',
    type: 'TEXT',
    nullable: true,
    source: 'CUSTOMER',
    example: 'city IN ("上海市", "杭州市")',
  },
  city_tier: {
    group: 'PROFILE',
    label: { zh: '城市等级', en: 'City tier' },
    description: 'City tier, 1 (largest cities) to 5.',
    type: 'INTEGER',
    nullable: true,
    source: 'CUSTOMER',
    example: 'city_tier <= 2',
  },
  industry: {
    group: 'PROFILE',
    label: { zh: '行业', en: 'Industry' },
    description: 'Industry as recorded.',
    type: 'TEXT',
    nullable: true,
    source: 'CUSTOMER',
    example: 'industry = "制造业"',
  },
  company_size: {
    group: 'PROFILE',
    label: { zh: '企业规模', en: 'Company size' },
    description: 'Company size band.',
    type: 'ENUM',
    vocabulary: COMPANY_SIZES,
    nullable: true,
    source: 'CUSTOMER',
    example: 'company_size IN (LARGE, ENTERPRISE)',
  },
  economic_status: {
    group: 'PROFILE',
    label: { zh: '经济状况', en: 'Economic status' },
    description: 'Economic status (DOMAIN C2).',
    type: 'ENUM',
    vocabulary: ECONOMIC_STATUSES,
    nullable: true,
    source: 'CUSTOMER',
    example: 'economic_status = HIGH',
  },
  gender: {
    group: 'PROFILE',
    label: { zh: '性别', en: 'Gender' },
    description: 'Gender.',
    type: 'ENUM',
    vocabulary: GENDERS,
    nullable: true,
    source: 'CUSTOMER',
    example: 'gender = FEMALE',
  },
  age_band: {
    group: 'PROFILE',
    label: { zh: '年龄段', en: 'Age band' },
    description: 'Age band.',
    type: 'ENUM',
    vocabulary: AGE_BANDS,
    nullable: true,
    source: 'CUSTOMER',
    example: 'age_band IN (FROM_25_TO_34, FROM_35_TO_44)',
  },
  income_band: {
    group: 'PROFILE',
    label: { zh: '收入水平', en: 'Income band' },
    description: 'Income band.',
    type: 'ENUM',
    vocabulary: INCOME_BANDS,
    nullable: true,
    source: 'CUSTOMER',
    example: 'income_band = UPPER_MIDDLE',
  },
  education: {
    group: 'PROFILE',
    label: { zh: '教育程度', en: 'Education' },
    description: 'Education level.',
    type: 'ENUM',
    vocabulary: EDUCATION_LEVELS,
    nullable: true,
    source: 'CUSTOMER',
    example: 'education = BACHELOR',
  },
  occupation: {
    group: 'PROFILE',
    label: { zh: '职业', en: 'Occupation' },
    description: 'Occupation as recorded.',
    type: 'TEXT',
    nullable: true,
    source: 'CUSTOMER',
    example: 'occupation CONTAINS "工程师"',
  },
  tags: {
    group: 'PROFILE',
    label: { zh: '标签', en: 'Tags' },
    description: 'Free tags: CONTAINS = has the tag, IN = has any of them, NOT IN = has none of them.',
    type: 'TEXT_LIST',
    source: 'CUSTOMER',
    example: 'tags CONTAINS "决策人"',
  },
  types: {
    group: 'PROFILE',
    label: { zh: '行为类型', en: 'Behavioural types' },
    description: 'Behavioural types (DOMAIN C3): CONTAINS = has the type, IN = has any of them, NOT IN = has none of them.',
    type: 'ENUM_LIST',
    vocabulary: BEHAVIOURAL_TYPES,
    source: 'CUSTOMER',
    example: 'types IN (RATIONAL, HABITUAL)',
  },
  owner: {
    group: 'PROFILE',
    label: { zh: '负责销售', en: 'Owner' },
    description: 'The owner salesperson: a user id (local number or global id); IS NULL = unassigned.',
    type: 'ID',
    idType: 'User',
    nullable: true,
    source: 'CUSTOMER',
    example: 'owner = 12',
  },
  department: {
    group: 'PROFILE',
    label: { zh: '部门(含下级)', en: 'Department (with sub-departments)' },
    description: "The customer's department or any department below it: a department id (local number or global id).",
    type: 'ID',
    idType: 'Department',
    nullable: true,
    source: 'CUSTOMER',
    example: 'department = 3',
  },
  store: {
    group: 'PROFILE',
    label: { zh: '门店', en: 'Store' },
    description: 'The store: a store id (local number or global id).',
    type: 'ID',
    idType: 'Store',
    nullable: true,
    source: 'CUSTOMER',
    example: 'store IN (1, 2)',
  },
  created_at: {
    group: 'PROFILE',
    label: { zh: '建档时间', en: 'Created' },
    description: 'When the customer was recorded, by company day.',
    type: 'DATETIME',
    source: 'CUSTOMER',
    example: 'created_at >= -30d',
  },
  birthday: {
    group: 'PROFILE',
    label: { zh: '生日', en: 'Birthday' },
    description: 'Date of birth.',
    type: 'DATE',
    nullable: true,
    source: 'CUSTOMER',
    example: 'birthday < 1990-01-01',
  },
  preferred_channel: {
    group: 'PROFILE',
    label: { zh: '首选联系方式', en: 'Preferred channel' },
    description: 'Preferred contact channel (DOMAIN C5).',
    type: 'ENUM',
    vocabulary: CONTACT_CHANNELS,
    nullable: true,
    source: 'CUSTOMER',
    example: 'preferred_channel = WECHAT',
  },
  custom: {
    group: 'PROFILE',
    label: { zh: '自定义字段', en: 'Custom field' },
    description:
      'A custom field by key (DOMAIN C4): =, !=, IN, NOT IN and CONTAINS compare the stored text (numbers are stored canonical: 1.5, not 1.50); ' +
      '<, <=, >, >= and BETWEEN compare as numbers when the values are numbers and as days when they are dates, and fail for stored values that are not; IS NULL = no value.',
    type: 'CUSTOM',
    nullable: true,
    argument: { kind: 'CUSTOM_KEY', required: true, label: { zh: '字段键', en: 'field key' } },
    source: 'CUSTOMER',
    example: 'custom(budget) >= 10000',
  },
  order_count: {
    group: 'ORDERS',
    label: { zh: '成交订单数', en: 'Completed orders' },
    description: 'Completed orders, all time.',
    type: 'INTEGER',
    source: 'STATS',
    example: 'order_count >= 2',
  },
  total_spent: {
    group: 'ORDERS',
    label: { zh: '累计消费', en: 'Total spent' },
    description: 'Sum of completed orders, all time, in the company currency.',
    type: 'DECIMAL',
    source: 'STATS',
    example: 'total_spent > 500',
  },
  first_order_at: {
    group: 'ORDERS',
    label: { zh: '首次成交时间', en: 'First order' },
    description: 'The first completed order, by company day; missing for customers who never bought.',
    type: 'DATETIME',
    nullable: true,
    source: 'STATS',
    example: 'first_order_at >= 2026-01-01',
  },
  last_order_at: {
    group: 'ORDERS',
    label: { zh: '最近成交时间', en: 'Last order' },
    description: 'The latest completed order, by company day; missing for customers who never bought.',
    type: 'DATETIME',
    nullable: true,
    source: 'STATS',
    example: 'last_order_at < -90d',
  },
  orders_within: {
    group: 'ORDERS',
    label: { zh: '近期成交订单数', en: 'Completed orders in a period' },
    description: 'Completed orders from the start of the day N days (or months) ago until now.',
    type: 'INTEGER',
    argument: WINDOW(),
    source: 'ORDERS',
    example: 'orders_within(90d) >= 2',
  },
  spend_within: {
    group: 'ORDERS',
    label: { zh: '近期消费金额', en: 'Spend in a period' },
    description: 'Sum of completed orders from the start of the day N days (or months) ago until now.',
    type: 'DECIMAL',
    argument: WINDOW(),
    source: 'ORDERS',
    example: 'spend_within(365d) >= 2000',
  },
  bought_product: {
    group: 'ORDERS',
    label: { zh: '购买过的产品', en: 'Bought product' },
    description:
      'Has a completed order with the product of this SKU, name (exact) or id; NOT bought_product(…) = never bought it. A product that does not exist is an error naming the nearest ones.',
    type: 'BOOLEAN',
    argument: { kind: 'TEXT', required: true, label: { zh: '产品编码、名称或ID', en: 'product SKU, name or id' } },
    source: 'ORDERS',
    example: 'bought_product("SKU-001")',
  },
  bought_category: {
    group: 'ORDERS',
    label: { zh: '购买过的品类', en: 'Bought category' },
    description:
      'Has a completed order with a product in the category of this name or id, or any category below it; NOT bought_category(…) = never bought from it. A category that does not exist is an error naming the nearest ones.',
    type: 'BOOLEAN',
    argument: { kind: 'TEXT', required: true, label: { zh: '品类名称或ID', en: 'category name or id' } },
    source: 'ORDERS',
    example: 'NOT bought_category("耗材")',
  },
  last_follow_up_at: {
    group: 'FOLLOW_UPS',
    label: { zh: '最近跟进时间', en: 'Last follow-up' },
    description: 'The latest follow-up, by company day; missing for customers never followed up.',
    type: 'DATETIME',
    nullable: true,
    source: 'STATS',
    example: 'last_follow_up_at < -30d',
  },
  follow_up_count: {
    group: 'FOLLOW_UPS',
    label: { zh: '跟进次数', en: 'Follow-ups' },
    description: 'Follow-ups, all time; 0 = never followed up.',
    type: 'INTEGER',
    source: 'STATS',
    example: 'follow_up_count = 0',
  },
  follow_ups_within: {
    group: 'FOLLOW_UPS',
    label: { zh: '近期跟进次数', en: 'Follow-ups in a period' },
    description: 'Follow-ups from the start of the day N days (or months) ago until now.',
    type: 'INTEGER',
    argument: WINDOW(),
    source: 'FOLLOW_UPS',
    example: 'follow_ups_within(30d) >= 3',
  },
  open_inquiry_count: {
    group: 'INQUIRIES',
    label: { zh: '未结询盘数', en: 'Open inquiries' },
    description: 'Inquiries in NEW, QUOTED or NEGOTIATING.',
    type: 'INTEGER',
    source: 'STATS',
    example: 'open_inquiry_count > 0',
  },
  has_inquiry: {
    group: 'INQUIRIES',
    label: { zh: '有询盘', en: 'Has inquiry' },
    description: 'Has an inquiry in this status (any status without an argument).',
    type: 'BOOLEAN',
    argument: { kind: 'ENUM', required: false, label: { zh: '询盘状态', en: 'inquiry status' }, vocabulary: INQUIRY_STATUSES },
    source: 'INQUIRIES',
    example: 'has_inquiry(NEGOTIATING)',
  },
  inquiries_won: {
    group: 'INQUIRIES',
    label: { zh: '成交询盘数', en: 'Inquiries won' },
    description: 'Inquiries in WON, all time.',
    type: 'INTEGER',
    source: 'INQUIRIES',
    example: 'inquiries_won >= 1',
  },
  inquiries_lost: {
    group: 'INQUIRIES',
    label: { zh: '丢失询盘数', en: 'Inquiries lost' },
    description: 'Inquiries in LOST, all time.',
    type: 'INTEGER',
    source: 'INQUIRIES',
    example: 'inquiries_lost >= 1',
  },
  r: {
    group: 'SCORES',
    label: { zh: '最近购买得分(R)', en: 'Recency score (R)' },
    description: 'RFM recency score 1–5 (5 = best); 0 without an order in the RFM window.',
    type: 'INTEGER',
    source: 'SCORES',
    example: 'r >= 4',
  },
  f: {
    group: 'SCORES',
    label: { zh: '购买频率得分(F)', en: 'Frequency score (F)' },
    description: 'RFM frequency score 1–5; 0 without an order in the RFM window.',
    type: 'INTEGER',
    source: 'SCORES',
    example: 'f >= 4',
  },
  m: {
    group: 'SCORES',
    label: { zh: '消费金额得分(M)', en: 'Monetary score (M)' },
    description: 'RFM monetary score 1–5; 0 without an order in the RFM window.',
    type: 'INTEGER',
    source: 'SCORES',
    example: 'm BETWEEN 3 AND 5',
  },
  rfm_group: {
    group: 'SCORES',
    label: { zh: 'RFM分组', en: 'RFM group' },
    description: 'The named RFM group; missing for customers who never bought.',
    type: 'ENUM',
    vocabulary: RFM_GROUPS,
    nullable: true,
    source: 'SCORES',
    example: 'rfm_group IN (CHAMPIONS, LOYAL)',
  },
  value_score: {
    group: 'SCORES',
    label: { zh: '价值得分', en: 'Value score' },
    description: 'The value score, 0–100 with two decimals (DOMAIN S2).',
    type: 'DECIMAL',
    decimals: 2,
    source: 'SCORES',
    example: 'value_score >= 60',
  },
  value_tier: {
    group: 'SCORES',
    label: { zh: '价值等级', en: 'Value tier' },
    description: 'Value tier by value-score rank.',
    type: 'ENUM',
    vocabulary: VALUE_TIERS,
    source: 'SCORES',
    example: 'value_tier IN (VIP, MAJOR)',
  },
  abc_class: {
    group: 'SCORES',
    label: { zh: 'ABC分类', en: 'ABC class' },
    description: 'ABC class by cumulative gross profit.',
    type: 'ENUM',
    vocabulary: ABC_CLASSES,
    source: 'SCORES',
    example: 'abc_class = A',
  },
  member_level: {
    group: 'SCORES',
    label: { zh: '会员等级', en: 'Membership level' },
    description: 'Membership level by spend in the window.',
    type: 'ENUM',
    vocabulary: MEMBER_LEVELS,
    source: 'SCORES',
    example: 'member_level IN (GOLD, DIAMOND)',
  },
  relationship_depth: {
    group: 'SCORES',
    label: { zh: '关系深度', en: 'Relationship depth' },
    description: 'Relationship depth by the 5-3-2 law.',
    type: 'ENUM',
    vocabulary: RELATIONSHIP_DEPTHS,
    source: 'SCORES',
    example: 'relationship_depth = FORGOTTEN',
  },
  stage: {
    group: 'LIFECYCLE',
    label: { zh: '生命周期阶段', en: 'Lifecycle stage' },
    description: 'The lifecycle stage in force (a manual override wins over the derived stage).',
    type: 'ENUM',
    vocabulary: LIFECYCLE_STAGES,
    source: 'STAGE',
    example: 'stage IN (REPEAT, LOYAL)',
  },
  trend_flag: {
    group: 'TREND',
    label: { zh: '趋势预警', en: 'Trend flag' },
    description: 'The purchase trend raised this flag (DOMAIN S6: the last N full months against the N before).',
    type: 'BOOLEAN',
    argument: { kind: 'ENUM', required: true, label: { zh: '预警', en: 'flag' }, vocabulary: TREND_FLAGS },
    source: 'TREND',
    example: 'trend_flag(DECLINING_VOLUME)',
  },
};

function define(key: SegmentFieldKey, spec: Spec): SegmentFieldDefinition {
  const nullable = spec.nullable ?? false;
  const operators = spec.type === 'CUSTOM' ? CUSTOM_OPS : [...OPS[spec.type], ...(nullable ? NULL_OPS : [])];
  return { key, ...spec, nullable, operators };
}

/** The catalogue, in the order of `SEGMENT_FIELD_KEYS`. */
export const SEGMENT_FIELDS: Readonly<Record<SegmentFieldKey, SegmentFieldDefinition>> = Object.fromEntries(
  SEGMENT_FIELD_KEYS.map((key) => [key, define(key, SPECS[key])]),
) as Record<SegmentFieldKey, SegmentFieldDefinition>;

/** The definition of a field key (lower snake; any case), or null. */
export function segmentField(key: string): SegmentFieldDefinition | null {
  const k = key.toLowerCase();
  return Object.prototype.hasOwnProperty.call(SEGMENT_FIELDS, k) ? SEGMENT_FIELDS[k as SegmentFieldKey] : null;
}

/** The operators: how the text form writes them, and their labels. */
export const SEGMENT_OPERATOR_INFO: Readonly<Record<SegmentOperator, { text: string; label: { zh: string; en: string } }>> = {
  EQ: { text: '=', label: { zh: '等于', en: 'equals' } },
  NE: { text: '!=', label: { zh: '不等于', en: 'does not equal' } },
  LT: { text: '<', label: { zh: '小于/早于', en: 'less than / before' } },
  LTE: { text: '<=', label: { zh: '小于等于/不晚于', en: 'at most / on or before' } },
  GT: { text: '>', label: { zh: '大于/晚于', en: 'greater than / after' } },
  GTE: { text: '>=', label: { zh: '大于等于/不早于', en: 'at least / on or after' } },
  IN: { text: 'IN', label: { zh: '属于其一', en: 'is one of' } },
  NOT_IN: { text: 'NOT IN', label: { zh: '不属于', en: 'is none of' } },
  BETWEEN: { text: 'BETWEEN', label: { zh: '介于(含两端)', en: 'between (inclusive)' } },
  IS_NULL: { text: 'IS NULL', label: { zh: '为空', en: 'is empty' } },
  IS_NOT_NULL: { text: 'IS NOT NULL', label: { zh: '不为空', en: 'is not empty' } },
  CONTAINS: { text: 'CONTAINS', label: { zh: '包含', en: 'contains' } },
  IS_TRUE: { text: '', label: { zh: '成立', en: 'holds' } },
};

// ---------------------------------------------------------------------------------------------
// Values: syntax, normalisation, resolution
// ---------------------------------------------------------------------------------------------

export const INTEGER_PATTERN = /^-?\d{1,9}$/;
export const DECIMAL_PATTERN = /^-?\d{1,15}(\.\d{1,6})?$/;
export const ABSOLUTE_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const RELATIVE_DATE_PATTERN = /^[+-]?\d{1,5}[dm]$/;
export const WINDOW_PATTERN = /^\d{1,5}[dm]?$/;
export const COUNTRY_PATTERN = /^[A-Z]{2}$/;
/** Days and months a relative date or window may reach back (100 years). */
const MAX_DAYS = 36_600;
const MAX_MONTHS = 1_200;

export function isSegmentDate(value: string): boolean {
  if (isCalendarDay(value)) return true;
  if (!RELATIVE_DATE_PATTERN.test(value)) return false;
  const amount = Math.abs(parseInt(value, 10));
  return value.endsWith('d') ? amount <= MAX_DAYS : amount <= MAX_MONTHS;
}

/** The calendar day a date value names, relative ones against `today` (company time zone). */
export function resolveSegmentDate(value: string, today: string): string {
  if (isCalendarDay(value)) return value;
  if (!RELATIVE_DATE_PATTERN.test(value)) throw new Error(`not a segment date: ${value}`);
  const amount = parseInt(value, 10);
  return value.endsWith('m') ? addMonths(today, amount) : addDays(today, amount);
}

export function isSegmentWindow(value: string): boolean {
  if (!WINDOW_PATTERN.test(value)) return false;
  const amount = parseInt(value, 10);
  return value.endsWith('m') ? amount <= MAX_MONTHS : amount <= MAX_DAYS;
}

/** The first day of a window (`90d`, `90`, `3m`) as of `today`. */
export function windowStartDay(window: string, today: string): string {
  if (!isSegmentWindow(window)) throw new Error(`not a segment window: ${window}`);
  const amount = parseInt(window, 10);
  return window.endsWith('m') ? addMonths(today, -amount) : addDays(today, -amount);
}

/** A local id from a number or a global id (base64url of `Type:id`) of the given type, else null. */
export function segmentIdValue(value: string, idType: string): number | null {
  if (/^\d+$/.test(value)) return localIdFromText(value);
  return /^[A-Za-z0-9_-]{2,64}$/.test(value) ? localIdOf(value, idType) : null;
}

/** `value` × 10^decimals as an integer string, for exact comparisons with integer-scaled columns. */
export function scaledInteger(value: string, decimals: number): string {
  const negative = value.startsWith('-');
  const [int, frac = ''] = value.replace('-', '').split('.');
  const digits = `${int}${frac.padEnd(decimals, '0')}`.replace(/^0+(?=\d)/, '');
  return negative && /[1-9]/.test(digits) ? `-${digits}` : digits;
}

/** The operators that order values (numbers, days); custom fields compare as numbers or days under them. */
export const ORDERING_OPS: readonly SegmentOperator[] = ['LT', 'LTE', 'GT', 'GTE', 'BETWEEN'];

function normaliseValue(def: SegmentFieldDefinition, op: SegmentOperator, value: string): string {
  switch (def.type) {
    case 'ENUM':
    case 'ENUM_LIST':
    case 'COUNTRY':
      return /^[A-Za-z0-9_]+$/.test(value) ? value.toUpperCase() : value;
    case 'CUSTOM':
      // Stored custom text is compared as written; only the dates of <, >, BETWEEN are normalised.
      if (!ORDERING_OPS.includes(op)) return value;
      return /^[+-]?\d+[DM]$/.test(value) ? value.toLowerCase() : value;
    case 'DATETIME':
    case 'DATE':
      return /^[+-]?\d+[DM]$/.test(value) ? value.toLowerCase() : value;
    default:
      return value;
  }
}

function normaliseArgument(def: SegmentFieldDefinition, argument: string): string {
  switch (def.argument?.kind) {
    case 'WINDOW':
    case 'CUSTOM_KEY':
      return /^[A-Za-z0-9_]+$/.test(argument) ? argument.toLowerCase() : argument;
    case 'ENUM':
      return /^[A-Za-z0-9_]+$/.test(argument) ? argument.toUpperCase() : argument;
    default:
      return argument;
  }
}

/**
 * The canonical spelling of a condition, as both front ends produce it: field keys in lower
 * case, enum and country codes in upper case, `d`/`m` units and custom keys in lower case.
 * Unknown fields are left as they are (the check reports them).
 */
export function normaliseSegmentCondition(condition: {
  field: string;
  argument?: string | null;
  op: SegmentOperator;
  values: readonly string[];
}): { field: string; argument: string | null; op: SegmentOperator; values: string[] } {
  const def = segmentField(condition.field);
  const argument = condition.argument ?? null;
  if (!def) return { field: condition.field, argument, op: condition.op, values: [...condition.values] };
  return {
    field: def.key,
    argument: argument == null ? null : normaliseArgument(def, argument),
    op: condition.op,
    values: condition.values.map((v) => normaliseValue(def, condition.op, v)),
  };
}
