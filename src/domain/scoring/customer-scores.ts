import { evaluateStage, type StageResult } from '../lifecycle/lifecycle-stage';
import { abcCuts, evaluateAbc, type AbcResult } from './abc';
import type { CustomerFacts, ScoringPopulation } from './customer-facts';
import { evaluateDepth, type DepthResult } from './depth';
import { evaluateMemberLevel, type MemberResult } from './membership';
import { evaluateRfm, rfmCuts, type RfmResult } from './rfm';
import type { ScoringSettings } from './scoring-settings';
import { evaluateValue, profitPercentiles, valueCuts, valueIndicators, type ValueResult } from './value';

/** Every score of one customer (DOMAIN L1, S1–S4, S7), each with the figures that produced it. */
export interface CustomerScores {
  lifecycle: StageResult;
  rfm: RfmResult;
  value: ValueResult;
  abc: AbcResult;
  member: MemberResult;
  depth: DepthResult;
}

/**
 * Scores one customer against the company-wide cut-points. The TypeScript reference of
 * `customerScoresSql`: both give the same stage, scores and classes for the same facts.
 */
export function scoreCustomer(
  facts: CustomerFacts,
  population: ScoringPopulation,
  settings: ScoringSettings,
  today: string,
): CustomerScores {
  const lifecycle = evaluateStage(facts, settings.lifecycle, today);
  return {
    lifecycle,
    rfm: evaluateRfm(facts, population.rfm, settings.rfm, today),
    value: evaluateValue(facts, lifecycle.stage, population, settings.value, today),
    abc: evaluateAbc(facts.windowProfit, population.abcCuts, settings.abc),
    member: evaluateMemberLevel(facts.windowSpend, settings.membership, settings.windowDays),
    depth: evaluateDepth(facts, settings.depth, today),
  };
}

/**
 * The cut-points over a set of customers (the company's active ones), computed from their
 * facts: the TypeScript reference of `populationSql`, for tests and small companies.
 */
export function computePopulation(facts: readonly CustomerFacts[], settings: ScoringSettings, today: string): ScoringPopulation {
  const percentiles = profitPercentiles(facts.map((f) => f.windowProfit));
  const scores = facts.map(
    (f) => valueIndicators(f, evaluateStage(f, settings.lifecycle, today).stage, percentiles, settings.value, today).score100,
  );
  return {
    rfm: rfmCuts(facts, today),
    profitPercentiles: percentiles,
    valueCuts: valueCuts(scores, settings.value.tierShares),
    abcCuts: abcCuts(
      facts.map((f) => f.windowProfit),
      settings.abc,
    ),
    customerCount: facts.length,
    buyerCount: facts.filter((f) => f.windowOrderCount > 0).length,
  };
}
