import Decimal from 'decimal.js';
import type { Locale } from '../customer/customer.enums';
import type { RuleCounts, RuleFigures } from './association-rules';
import type { Repurchase } from './suggestions';

/**
 * Why a product is suggested, in the reader's language, from the rule's own figures:
 * "bought by 42% of the 310 customers who bought X; 3.1× the usual rate" /
 * "购买过 X 的 310 位客户中有 42% 也买了 Y，是平均水平的 3.1 倍". A consumable due for
 * repurchase says so first, with the figures of the "product used up" rule.
 */
export function associationReason(
  rule: RuleCounts & RuleFigures,
  names: { antecedent: string; consequent: string },
  locale: Locale,
): string {
  const share = percent(rule.confidence);
  const lift = times(rule.lift);
  return locale === 'zh'
    ? `购买过 ${names.antecedent} 的 ${rule.antecedentCustomers} 位客户中有 ${share} 也买了 ${names.consequent}，是平均水平的 ${lift} 倍`
    : `bought by ${share} of the ${rule.antecedentCustomers} customers who bought ${names.antecedent}; ${lift}× the usual rate`;
}

export function suggestionReason(
  s: { rule: RuleCounts & RuleFigures; repurchase: Repurchase | null },
  names: { antecedent: string; consequent: string },
  locale: Locale,
): string {
  const because = associationReason(s.rule, names, locale);
  const r = s.repurchase;
  if (!r) return because;
  const qty = new Decimal(r.quantity).toString();
  return locale === 'zh'
    ? `上次购买 ${r.orderedOn}：${qty} × ${names.consequent}，使用周期 ${r.usageCycleDays} 天，预计 ${r.usedUpOn} 前后用完；${because}`
    : `last purchase ${r.orderedOn} of ${qty} × ${names.consequent}, usage cycle ${r.usageCycleDays} days: used up around ${r.usedUpOn}; ${because}`;
}

/** A share as a percentage: whole percent from 10%, one decimal below ("42%", "7.5%", "0.3%"). */
export function percent(share: number): string {
  const p = new Decimal(share).times(100);
  const shown = p.gte(10) ? p.toDecimalPlaces(0, Decimal.ROUND_HALF_UP) : p.toDecimalPlaces(1, Decimal.ROUND_HALF_UP);
  return `${shown.toString()}%`;
}

/** A lift with one decimal ("3.1", "1.0"). */
export function times(lift: number): string {
  return new Decimal(lift).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1);
}
