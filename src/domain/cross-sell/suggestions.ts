import { productUsedUp } from '../reminders/reminder-rules';
import type { RuleCounts, RuleFigures } from './association-rules';

/**
 * Product suggestions for one customer (DOMAIN A4, [002] 产品提醒): the consequents of the stored
 * rules whose antecedent the customer bought, minus what it already has in use, with the
 * consumables due for repurchase first.
 *
 * - A product the customer bought without a usage cycle (a durable) is in use: never suggested.
 * - A consumable it bought is in use until it is due by the "product used up" rule (last
 *   purchase + ⌊quantity × usage cycle⌋ days − the reminder's warning days, `productUsedUp`);
 *   once due it is suggested again, ahead of everything else (most overdue first).
 * - Only rules with lift above 1 count: a rule with lift ≤ 1 says buying X does not make Y
 *   more likely, so it is no reason to suggest Y.
 * - Each product is explained by its strongest rule: highest confidence, then lift, then the
 *   customers behind it, then the lowest antecedent id. Its confidence is the score.
 */
export interface StoredRule extends RuleCounts, RuleFigures {
  antecedentId: number;
  consequentId: number;
}

/** The customer's last completed purchase of a product (latest company day, then highest order id). */
export interface OwnedProduct {
  productId: number;
  /** Null for a durable (a product without a usage cycle). */
  usageCycleDays: number | null;
  orderedOn: string;
  /** The quantity of that order (all its lines of the product). */
  quantity: string;
}

export interface Repurchase {
  orderedOn: string;
  quantity: string;
  usageCycleDays: number;
  usedUpOn: string;
  dueOn: string;
}

export interface Suggestion {
  productId: number;
  rule: StoredRule;
  /** Set for a consumable the customer bought that is due for repurchase. */
  repurchase: Repurchase | null;
  /** The confidence of the explaining rule (0–1). */
  score: number;
}

export interface SuggestionInput {
  owned: readonly OwnedProduct[];
  /** Stored rules; those whose antecedent the customer did not buy are ignored. */
  rules: readonly StoredRule[];
  /** The company day of the evaluation. */
  today: string;
  /** PRODUCT_USED_UP's warning days from the reminder settings. */
  warningDays: number;
}

/** Whether `a` explains a suggestion better than `b`. */
function stronger(a: StoredRule, b: StoredRule): boolean {
  if (a.confidence !== b.confidence) return a.confidence > b.confidence;
  if (a.lift !== b.lift) return a.lift > b.lift;
  if (a.bothCustomers !== b.bothCustomers) return a.bothCustomers > b.bothCustomers;
  return a.antecedentId < b.antecedentId;
}

export function rankSuggestions(input: SuggestionInput): Suggestion[] {
  const owned = new Map(input.owned.map((p) => [p.productId, p]));
  const best = new Map<number, Suggestion>();
  for (const rule of input.rules) {
    if (!owned.has(rule.antecedentId) || rule.antecedentId === rule.consequentId || !(rule.lift > 1)) continue;
    const mine = owned.get(rule.consequentId);
    let repurchase: Repurchase | null = null;
    if (mine) {
      if (mine.usageCycleDays == null) continue; // a durable it has
      const usedUp = productUsedUp(
        { orderedOn: mine.orderedOn, quantity: mine.quantity, usageCycleDays: mine.usageCycleDays },
        input.warningDays,
      );
      if (usedUp.dueOn > input.today) continue; // a consumable still in use
      repurchase = { orderedOn: mine.orderedOn, quantity: mine.quantity, usageCycleDays: mine.usageCycleDays, ...usedUp };
    }
    const current = best.get(rule.consequentId);
    if (!current || stronger(rule, current.rule))
      best.set(rule.consequentId, { productId: rule.consequentId, rule, repurchase, score: rule.confidence });
  }
  return [...best.values()].sort(compareSuggestions);
}

/** Due consumables first (earliest due day first), then by score, lift, and product id. */
export function compareSuggestions(a: Suggestion, b: Suggestion): number {
  if (!!a.repurchase !== !!b.repurchase) return a.repurchase ? -1 : 1;
  if (a.repurchase && b.repurchase && a.repurchase.dueOn !== b.repurchase.dueOn) return a.repurchase.dueOn < b.repurchase.dueOn ? -1 : 1;
  return b.score - a.score || b.rule.lift - a.rule.lift || a.productId - b.productId;
}
