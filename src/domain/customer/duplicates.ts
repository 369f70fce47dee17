import { raw, type SqlFragment } from '../common/sql';
import { vocabulary } from './customer.enums';

/**
 * Duplicate customers (issue 17 item 4, DOMAIN C6: nothing lost, nothing duplicated). Two
 * active customers are candidates when they share a phone, an email or a WeChat id (stored
 * normalised, so exact), or when their name and company are alike (trigram similarity at
 * least NAME_SIMILARITY). Creating or changing a customer warns with the candidates; the
 * company may choose to refuse instead (CUSTOMER_DUPLICATES=refuse).
 */
export const DUPLICATE_REASONS = vocabulary({
  PHONE: { zh: '电话相同', en: 'Same phone' },
  EMAIL: { zh: '邮箱相同', en: 'Same email' },
  WECHAT: { zh: '微信号相同', en: 'Same WeChat id' },
  NAME_AND_COMPANY: { zh: '姓名与单位相近', en: 'Similar name and company' },
});
export type DuplicateReason = (typeof DUPLICATE_REASONS.values)[number];

export type DuplicatePolicy = 'warn' | 'refuse';

/** Name-and-company similarity (pg_trgm, 0–1) from which two customers are candidates. */
export const NAME_SIMILARITY = 0.6;

/** A share of a contact is certain; a similar name only as sure as its similarity. */
export function duplicateScore(reasons: readonly DuplicateReason[], nameSimilarity: number): number {
  if (reasons.some((r) => r !== 'NAME_AND_COMPANY')) return 1;
  return Math.round(nameSimilarity * 100) / 100;
}

/** The text a customer's name and company are compared by (alias `c`), as the trigram index holds it. */
export function nameCompanySql(alias: string): SqlFragment {
  return raw(`(${alias}.name || ' ' || coalesce(${alias}.company_name, ''))`);
}

/** A customer's phones (primary and further) as one array (alias `c`). */
export function phonesSql(alias: string): SqlFragment {
  return raw(`array_remove(${alias}.phones || ${alias}.phone::text, null)`);
}

/** A customer's emails (primary and further) as one array (alias `c`). */
export function emailsSql(alias: string): SqlFragment {
  return raw(`array_remove(${alias}.emails || ${alias}.email::text, null)`);
}
