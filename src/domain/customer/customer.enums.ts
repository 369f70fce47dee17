/**
 * The closed vocabularies of the customer record (DOMAIN C1–C5). Each value is a stable
 * code; people read the Chinese or English label.
 */
export interface Vocabulary<T extends string> {
  readonly values: readonly T[];
  readonly labels: Readonly<Record<T, { zh: string; en: string }>>;
}

export function vocabulary<T extends string>(labels: Record<T, { zh: string; en: string }>): Vocabulary<T> {
  return { values: Object.keys(labels) as T[], labels };
}

export const CUSTOMER_KINDS = vocabulary({
  PERSON: { zh: '个人', en: 'Person' },
  COMPANY: { zh: '企业', en: 'Company' },
});
export type CustomerKind = (typeof CUSTOMER_KINDS.values)[number];

export const CUSTOMER_SOURCES = vocabulary({
  REFERRAL: { zh: '转介绍', en: 'Referral' },
  WEBSITE: { zh: '官网', en: 'Website' },
  EXHIBITION: { zh: '展会', en: 'Exhibition' },
  COLD_CALL: { zh: '电话陌拜', en: 'Cold call' },
  WALK_IN: { zh: '到店', en: 'Walk-in' },
  SOCIAL_MEDIA: { zh: '社交媒体', en: 'Social media' },
  ADVERTISING: { zh: '广告', en: 'Advertising' },
  B2B_PLATFORM: { zh: 'B2B平台', en: 'B2B platform' },
  PARTNER: { zh: '合作伙伴', en: 'Partner' },
  OTHER: { zh: '其他', en: 'Other' },
});
export type CustomerSource = keyof typeof CUSTOMER_SOURCES.labels;

export const BEHAVIOURAL_TYPES = vocabulary({
  RATIONAL: { zh: '理智型', en: 'Rational' },
  IMPULSIVE: { zh: '冲动型', en: 'Impulsive' },
  BENEFIT_SEEKING: { zh: '利益型', en: 'Benefit-seeking' },
  UNREASONABLE: { zh: '无理取闹型', en: 'Unreasonable' },
  HABITUAL: { zh: '习惯型', en: 'Habitual' },
});
export type BehaviouralType = keyof typeof BEHAVIOURAL_TYPES.labels;

export const ECONOMIC_STATUSES = vocabulary({
  LOW: { zh: '低', en: 'Low' },
  LOWER_MIDDLE: { zh: '中下', en: 'Lower middle' },
  MIDDLE: { zh: '中等', en: 'Middle' },
  UPPER_MIDDLE: { zh: '中上', en: 'Upper middle' },
  HIGH: { zh: '高', en: 'High' },
});
export type EconomicStatus = keyof typeof ECONOMIC_STATUSES.labels;

export const GENDERS = vocabulary({
  MALE: { zh: '男', en: 'Male' },
  FEMALE: { zh: '女', en: 'Female' },
  OTHER: { zh: '其他', en: 'Other' },
});
export type Gender = keyof typeof GENDERS.labels;

export const AGE_BANDS = vocabulary({
  UNDER_25: { zh: '25岁以下', en: 'Under 25' },
  FROM_25_TO_34: { zh: '25–34岁', en: '25–34' },
  FROM_35_TO_44: { zh: '35–44岁', en: '35–44' },
  FROM_45_TO_54: { zh: '45–54岁', en: '45–54' },
  FROM_55_TO_64: { zh: '55–64岁', en: '55–64' },
  OVER_64: { zh: '65岁及以上', en: '65 and over' },
});
export type AgeBand = keyof typeof AGE_BANDS.labels;

export const INCOME_BANDS = vocabulary({
  LOW: { zh: '低收入', en: 'Low income' },
  LOWER_MIDDLE: { zh: '中低收入', en: 'Lower-middle income' },
  MIDDLE: { zh: '中等收入', en: 'Middle income' },
  UPPER_MIDDLE: { zh: '中高收入', en: 'Upper-middle income' },
  HIGH: { zh: '高收入', en: 'High income' },
});
export type IncomeBand = keyof typeof INCOME_BANDS.labels;

export const EDUCATION_LEVELS = vocabulary({
  PRIMARY: { zh: '小学及以下', en: 'Primary or less' },
  SECONDARY: { zh: '中学', en: 'Secondary' },
  VOCATIONAL: { zh: '中专/大专', en: 'Vocational / associate' },
  BACHELOR: { zh: '本科', en: 'Bachelor' },
  POSTGRADUATE: { zh: '研究生及以上', en: 'Postgraduate' },
});
export type EducationLevel = keyof typeof EDUCATION_LEVELS.labels;

export const COMPANY_SIZES = vocabulary({
  MICRO: { zh: '微型(<10人)', en: 'Micro (<10)' },
  SMALL: { zh: '小型(10–49人)', en: 'Small (10–49)' },
  MEDIUM: { zh: '中型(50–249人)', en: 'Medium (50–249)' },
  LARGE: { zh: '大型(250–999人)', en: 'Large (250–999)' },
  ENTERPRISE: { zh: '集团(1000人以上)', en: 'Enterprise (1000+)' },
});
export type CompanySize = keyof typeof COMPANY_SIZES.labels;

export const CONTACT_CHANNELS = vocabulary({
  PHONE: { zh: '电话', en: 'Phone' },
  SMS: { zh: '短信', en: 'SMS' },
  EMAIL: { zh: '邮件', en: 'Email' },
  WECHAT: { zh: '微信', en: 'WeChat' },
  VISIT: { zh: '拜访', en: 'Visit' },
  MAIL: { zh: '邮寄', en: 'Post' },
});
export type ContactChannel = keyof typeof CONTACT_CHANNELS.labels;

export const IMPORTANT_DATE_KINDS = vocabulary({
  BIRTHDAY: { zh: '生日', en: 'Birthday' },
  WEDDING_ANNIVERSARY: { zh: '结婚纪念日', en: 'Wedding anniversary' },
  COMPANY_ANNIVERSARY: { zh: '公司周年', en: 'Company anniversary' },
  OTHER: { zh: '其他', en: 'Other' },
});
export type ImportantDateKind = keyof typeof IMPORTANT_DATE_KINDS.labels;

import type { Locale } from '../common/locale';

export type { Locale };

export function labelOf<T extends string>(vocab: Vocabulary<T>, value: T, locale: Locale): string {
  return vocab.labels[value][locale];
}
