import { Field, Float, InputType, Int } from 'type-graphql';
import type { LifecycleStage, MemberLevel, RfmGroup, VolumeMeasure } from '../../domain/scoring/scoring.enums';
import { DecimalScalar } from '../scalars/decimal.scalar';
import { LifecycleStageEnum, MemberLevelEnum, RfmGroupEnum, VolumeMeasureEnum } from './scoring.enums';

/*
 * Changes to the scoring rules: every field is optional and replaces only itself; lists
 * (RFM groups, membership levels) replace the whole list; points by stage or size replace
 * the entries given. The merged rules are validated as a whole.
 */

@InputType()
export class LifecycleRulesInput {
  @Field(() => Int, { nullable: true }) prospectWindowDays?: number | null;
  @Field(() => Int, { nullable: true }) dormancyMinDays?: number | null;
  @Field(() => Float, { nullable: true }) dormancyCycleMultiplier?: number | null;
  @Field(() => Int, { nullable: true }) lostAfterDays?: number | null;
  @Field(() => Int, { nullable: true }) repeatMinOrders?: number | null;
  @Field(() => Int, { nullable: true }) loyalMinOrders?: number | null;
  @Field(() => Int, { nullable: true }) loyalAltMinOrders?: number | null;
  @Field(() => Int, { nullable: true }) loyalAltMinSpanDays?: number | null;
  @Field(() => Float, { nullable: true }) loyalAltMinSatisfaction?: number | null;
}

@InputType()
export class RfmGroupRuleInput {
  @Field(() => RfmGroupEnum) group!: RfmGroup;
  @Field(() => Int, { nullable: true }) rMin?: number | null;
  @Field(() => Int, { nullable: true }) rMax?: number | null;
  @Field(() => Int, { nullable: true }) fMin?: number | null;
  @Field(() => Int, { nullable: true }) fMax?: number | null;
  @Field(() => Int, { nullable: true }) mMin?: number | null;
  @Field(() => Int, { nullable: true }) mMax?: number | null;
}

@InputType()
export class ValueWeightsInput {
  @Field(() => Float) profit!: number;
  @Field(() => Float) potential!: number;
  @Field(() => Float) lifecycle!: number;
  @Field(() => Float) loyalty!: number;
}

@InputType()
export class TierSharesInput {
  @Field(() => Float) vip!: number;
  @Field(() => Float) major!: number;
  @Field(() => Float) ordinary!: number;
}

@InputType()
export class StagePointsInput {
  @Field(() => LifecycleStageEnum) stage!: LifecycleStage;
  @Field(() => Int) points!: number;
}

@InputType()
export class SizePointsInput {
  @Field(() => String, { description: 'A CompanySize code or UNKNOWN.' }) size!: string;
  @Field(() => Int) points!: number;
}

@InputType()
export class PotentialWeightsInput {
  @Field(() => Float) inquiries!: number;
  @Field(() => Float) size!: number;
  @Field(() => Float) growth!: number;
}

@InputType()
export class PotentialRulesInput {
  @Field(() => PotentialWeightsInput, { nullable: true }) weights?: PotentialWeightsInput | null;
  @Field(() => DecimalScalar, { nullable: true, description: 'In the company currency.' }) inquiryAmountForFull?: string | null;
  @Field(() => Int, { nullable: true }) inquiryFloor?: number | null;
  @Field(() => [SizePointsInput], { nullable: true }) sizePoints?: SizePointsInput[] | null;
  @Field(() => Int, { nullable: true }) growthWindowDays?: number | null;
}

@InputType()
export class LoyaltyWeightsInput {
  @Field(() => Float) tenure!: number;
  @Field(() => Float) repeat!: number;
  @Field(() => Float) satisfaction!: number;
}

@InputType()
export class LoyaltyRulesInput {
  @Field(() => LoyaltyWeightsInput, { nullable: true }) weights?: LoyaltyWeightsInput | null;
  @Field(() => Int, { nullable: true }) tenureFullDays?: number | null;
  @Field(() => Int, { nullable: true }) repeatFullOrders?: number | null;
  @Field(() => Int, { nullable: true }) satisfactionNeutral?: number | null;
}

@InputType()
export class ValueRulesInput {
  @Field(() => ValueWeightsInput, { nullable: true }) weights?: ValueWeightsInput | null;
  @Field(() => TierSharesInput, { nullable: true }) tierShares?: TierSharesInput | null;
  @Field(() => [StagePointsInput], { nullable: true }) lifecyclePoints?: StagePointsInput[] | null;
  @Field(() => PotentialRulesInput, { nullable: true }) potential?: PotentialRulesInput | null;
  @Field(() => LoyaltyRulesInput, { nullable: true }) loyalty?: LoyaltyRulesInput | null;
}

@InputType()
export class AbcRulesInput {
  @Field(() => Float) aShare!: number;
  @Field(() => Float) bShare!: number;
}

@InputType()
export class MemberLevelRuleInput {
  @Field(() => MemberLevelEnum) level!: MemberLevel;
  @Field(() => DecimalScalar, { description: 'In the company currency.' }) minSpend!: string;
}

@InputType()
export class DepthRulesInput {
  @Field(() => Int, { nullable: true }) deepFollowUps?: number | null;
  @Field(() => Int, { nullable: true }) deepFollowUpDays?: number | null;
  @Field(() => Int, { nullable: true }) recentFollowUpDays?: number | null;
  @Field(() => Int, { nullable: true }) recentOrderDays?: number | null;
  @Field(() => Int, { nullable: true }) contactDays?: number | null;
}

@InputType()
export class TrendRulesInput {
  @Field(() => Int, { nullable: true }) months?: number | null;
  @Field(() => VolumeMeasureEnum, { nullable: true }) volumeMeasure?: VolumeMeasure | null;
  @Field(() => Float, { nullable: true }) varietyDropShare?: number | null;
  @Field(() => Int, { nullable: true }) varietyDropMin?: number | null;
  @Field(() => Float, { nullable: true }) flatShare?: number | null;
}

@InputType()
export class ScoringSettingsInput {
  @Field(() => Int, { nullable: true, description: 'Refuse the change (CONFLICT) unless the settings are still at this version.' })
  expectedVersion?: number | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Start from the defaults instead of the current rules; the other fields then apply on top.',
  })
  resetToDefaults?: boolean | null;
  @Field(() => Int, { nullable: true }) windowDays?: number | null;
  @Field(() => LifecycleRulesInput, { nullable: true }) lifecycle?: LifecycleRulesInput | null;
  @Field(() => [RfmGroupRuleInput], { nullable: true, description: 'Replaces the RFM group rules, in order.' }) rfmGroups?:
    RfmGroupRuleInput[] | null;
  @Field(() => ValueRulesInput, { nullable: true }) value?: ValueRulesInput | null;
  @Field(() => AbcRulesInput, { nullable: true }) abc?: AbcRulesInput | null;
  @Field(() => [MemberLevelRuleInput], { nullable: true, description: 'Replaces the membership levels, ascending.' }) membershipLevels?:
    MemberLevelRuleInput[] | null;
  @Field(() => DepthRulesInput, { nullable: true }) depth?: DepthRulesInput | null;
  @Field(() => TrendRulesInput, { nullable: true }) trend?: TrendRulesInput | null;
}
