import { daysAgo, type CustomerFacts, type ScoreFigure } from './customer-facts';
import type { RelationshipDepth } from './scoring.enums';
import type { DepthRules } from './scoring-settings';

/** Relationship depth (DOMAIN S7, the 5-3-2 law of [004]). */
export type DepthFacts = Pick<CustomerFacts, 'recentFollowUpCount' | 'lastFollowUpOn' | 'lastOrderOn'>;

export interface DepthResult {
  depth: RelationshipDepth;
  figures: ScoreFigure[];
}

export function relationshipDepth(facts: DepthFacts, rules: DepthRules, today: string): RelationshipDepth {
  const followUpDays = daysAgo(facts.lastFollowUpOn, today);
  const orderDays = daysAgo(facts.lastOrderOn, today);
  const within = (days: number | null, limit: number) => days != null && days <= limit;
  if (facts.recentFollowUpCount >= rules.deepFollowUps) return 'DEEP';
  if (within(followUpDays, rules.recentFollowUpDays) && within(orderDays, rules.recentOrderDays)) return 'DEEP';
  if (within(followUpDays, rules.contactDays) || within(orderDays, rules.contactDays)) return 'ORDINARY';
  return 'FORGOTTEN';
}

export function evaluateDepth(facts: DepthFacts, rules: DepthRules, today: string): DepthResult {
  return {
    depth: relationshipDepth(facts, rules, today),
    figures: [
      { key: 'recentFollowUps', value: facts.recentFollowUpCount },
      { key: 'deepFollowUps', value: rules.deepFollowUps },
      { key: 'deepFollowUpDays', value: rules.deepFollowUpDays },
      { key: 'daysSinceLastFollowUp', value: daysAgo(facts.lastFollowUpOn, today) },
      { key: 'daysSinceLastOrder', value: daysAgo(facts.lastOrderOn, today) },
      { key: 'recentFollowUpDays', value: rules.recentFollowUpDays },
      { key: 'recentOrderDays', value: rules.recentOrderDays },
      { key: 'contactDays', value: rules.contactDays },
    ],
  };
}
