import { CUSTOMER_SOURCES, labelOf, type CustomerSource, type Locale } from '../customer/customer.enums';
import { CITY_TIER_LABELS } from './customer-distribution';
import type { SalesDimension } from './sales-report.sql';

const NONE: Record<SalesDimension, { zh: string; en: string }> = {
  COMPANY: { zh: '全公司', en: 'Company' },
  DEPARTMENT: { zh: '无部门', en: 'No department' },
  SALESPERSON: { zh: '无销售员', en: 'No salesperson' },
  STORE: { zh: '无门店', en: 'No store' },
  PRODUCT: { zh: '未知产品', en: 'Unknown product' },
  CATEGORY: { zh: '未分类', en: 'Uncategorised' },
  CUSTOMER_SOURCE: { zh: '来源未知', en: 'Source unknown' },
  CITY_TIER: { zh: '城市级别未知', en: 'City tier unknown' },
};

/** How a person reads a report key: an entity's name, a vocabulary label, or what "none" means in that dimension. */
export function reportKeyLabel(dimension: SalesDimension, value: string | null, name: string | null, locale: Locale): string {
  if (name != null) return name;
  if (value == null) return NONE[dimension][locale];
  if (dimension === 'CUSTOMER_SOURCE' && value in CUSTOMER_SOURCES.labels)
    return labelOf(CUSTOMER_SOURCES, value as CustomerSource, locale);
  if (dimension === 'CITY_TIER') return CITY_TIER_LABELS[value]?.[locale] ?? value;
  return value;
}
