import { labelOf, type Locale } from '../customer/customer.enums';
import {
  INQUIRY_CHANNELS,
  INQUIRY_STATUSES,
  INQUIRY_URGENCIES,
  type InquiryChannel,
  type InquiryStatus,
  type InquiryUrgency,
} from '../records/records.enums';
import type { InquiryDimension } from './inquiry-report.sql';

const OUTCOMES: Record<string, { zh: string; en: string }> = {
  WON: { zh: '已成交', en: 'Won' },
  LOST: { zh: '已丢失', en: 'Lost' },
  OPEN: { zh: '跟进中', en: 'Open' },
};

const REPEAT: Record<string, { zh: string; en: string }> = {
  true: { zh: '返单询盘', en: 'Repeat order' },
  false: { zh: '新询盘', en: 'New business' },
};

const NONE: Partial<Record<InquiryDimension, { zh: string; en: string }>> = {
  SALESPERSON: { zh: '无销售员', en: 'No salesperson' },
  COUNTRY: { zh: '国家未知', en: 'Country unknown' },
};

/** How a person reads an inquiry report key: a user's name, a vocabulary label, a country's name, a period label. */
export function inquiryKeyLabel(dimension: InquiryDimension, value: string | null, name: string | null, locale: Locale): string {
  if (name != null) return name;
  if (value == null) return NONE[dimension]?.[locale] ?? '';
  switch (dimension) {
    case 'OUTCOME':
      return OUTCOMES[value]?.[locale] ?? value;
    case 'STATUS':
      return labelOf(INQUIRY_STATUSES, value as InquiryStatus, locale);
    case 'CHANNEL':
      return labelOf(INQUIRY_CHANNELS, value as InquiryChannel, locale);
    case 'URGENCY':
      return labelOf(INQUIRY_URGENCIES, value as InquiryUrgency, locale);
    case 'REPEAT_ORDER':
      return REPEAT[value]?.[locale] ?? value;
    case 'COUNTRY':
      return countryName(value, locale);
    default:
      return value;
  }
}

function countryName(code: string, locale: Locale): string {
  try {
    return new Intl.DisplayNames([locale === 'zh' ? 'zh-CN' : 'en'], { type: 'region', fallback: 'code' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}
