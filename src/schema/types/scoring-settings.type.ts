import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { LifecycleStage, MemberLevel, RfmGroup, VolumeMeasure } from '../../domain/scoring/scoring.enums';
import { MoneyType } from './money.type';
import { PayloadType } from './payload.type';
import { LifecycleStageEnum, MemberLevelEnum, RfmGroupEnum, VolumeMeasureEnum } from './scoring.enums';

/*
 * The company's scoring rules as the API shows them (DOMAIN "Default rules"). Weights and
 * shares are fractions with at most two decimals (0.4); days are calendar days in the
 * company time zone; "within N days" includes the N-th day back.
 */

@ObjectType({ description: 'Stage rules (DOMAIN L1). Only completed orders count.' })
export class LifecycleRulesType {
  @Field(() => Int, {
    description: 'No order, and a qualifying follow-up within this many days (or an open inquiry): PROSPECT. Default 180.',
  })
  prospectWindowDays!: number;
  @Field(() => Int, {
    description: 'Dormancy threshold = max(this, dormancyCycleMultiplier × the median days between the customer’s orders). Default 90.',
  })
  dormancyMinDays!: number;
  @Field(() => Float, { description: 'Default 2.' })
  dormancyCycleMultiplier!: number;
  @Field(() => Int, { description: 'Last order older than this: LOST. Default 365.' })
  lostAfterDays!: number;
  @Field(() => Int, { description: 'Orders for REPEAT (fewer: NEW). Default 2.' })
  repeatMinOrders!: number;
  @Field(() => Int, { description: 'Orders for LOYAL ("about 10 successful deals"). Default 10.' })
  loyalMinOrders!: number;
  @Field(() => Int, { description: 'Or LOYAL with at least this many orders… Default 5.' })
  loyalAltMinOrders!: number;
  @Field(() => Int, { description: '…spread over at least this many days (first to last order)… Default 365.' })
  loyalAltMinSpanDays!: number;
  @Field(() => Float, { description: '…with at least this average service satisfaction (1–5). Default 4.' })
  loyalAltMinSatisfaction!: number;
}

@ObjectType({ description: 'A named RFM group: every given score range must hold (inclusive). Scores are 1–5, 0 outside the window.' })
export class RfmGroupRuleType {
  @Field(() => RfmGroupEnum)
  group!: RfmGroup;
  @Field(() => Int, { nullable: true }) rMin!: number | null;
  @Field(() => Int, { nullable: true }) rMax!: number | null;
  @Field(() => Int, { nullable: true }) fMin!: number | null;
  @Field(() => Int, { nullable: true }) fMax!: number | null;
  @Field(() => Int, { nullable: true }) mMin!: number | null;
  @Field(() => Int, { nullable: true }) mMax!: number | null;
}

@ObjectType({
  description: 'RFM (DOMAIN S1): R over all time, F and M over `windowDays`; 1–5 by quintile among customers who bought in the window.',
})
export class RfmRulesType {
  @Field(() => [RfmGroupRuleType], { description: 'The first matching rule names the group; NEEDS_ATTENTION when none matches.' })
  groups!: RfmGroupRuleType[];
}

@ObjectType({ description: 'Weights of the four value indicators ([002]); they sum to 1. Default 0.4 / 0.2 / 0.2 / 0.2.' })
export class ValueWeightsType {
  @Field(() => Float) profit!: number;
  @Field(() => Float) potential!: number;
  @Field(() => Float) lifecycle!: number;
  @Field(() => Float) loyalty!: number;
}

@ObjectType({
  description: 'Tier shares by value-score rank: VIP the top 0.05, MAJOR the next 0.15, ORDINARY the next 0.30, SMALL the rest.',
})
export class TierSharesType {
  @Field(() => Float) vip!: number;
  @Field(() => Float) major!: number;
  @Field(() => Float) ordinary!: number;
}

@ObjectType()
export class StagePointsType {
  @Field(() => LifecycleStageEnum) stage!: LifecycleStage;
  @Field(() => Int) points!: number;
}

@ObjectType()
export class SizePointsType {
  @Field(() => String, { description: 'A CompanySize code, or UNKNOWN when the size is not recorded.' })
  size!: string;
  @Field(() => Int) points!: number;
}

@ObjectType({ description: 'Weights of the potential indicator; they sum to 1. Default 0.4 / 0.3 / 0.3.' })
export class PotentialWeightsType {
  @Field(() => Float) inquiries!: number;
  @Field(() => Float) size!: number;
  @Field(() => Float) growth!: number;
}

@ObjectType({ description: 'Potential (0–100): open inquiry amounts, company size and recent growth of spend.' })
export class PotentialRulesType {
  @Field(() => PotentialWeightsType) weights!: PotentialWeightsType;
  @Field(() => MoneyType, { description: 'Open inquiry amount worth 100 points. Default ¥100,000.' })
  inquiryAmountForFull!: MoneyType;
  @Field(() => Int, { description: 'Points for having an open inquiry whatever its amount. Default 20.' })
  inquiryFloor!: number;
  @Field(() => [SizePointsType]) sizePoints!: SizePointsType[];
  @Field(() => Int, { description: 'Growth compares spend in the last N days with the N before (50 = unchanged). Default 90.' })
  growthWindowDays!: number;
}

@ObjectType({ description: 'Weights of the loyalty indicator; they sum to 1. Default 0.4 / 0.3 / 0.3.' })
export class LoyaltyWeightsType {
  @Field(() => Float) tenure!: number;
  @Field(() => Float) repeat!: number;
  @Field(() => Float) satisfaction!: number;
}

@ObjectType({ description: 'Loyalty (0–100): tenure since the first order, repeat buying and service satisfaction.' })
export class LoyaltyRulesType {
  @Field(() => LoyaltyWeightsType) weights!: LoyaltyWeightsType;
  @Field(() => Int, { description: 'Days since the first order worth full tenure points. Default 1095.' })
  tenureFullDays!: number;
  @Field(() => Int, { description: 'Orders worth full repeat points. Default 10.' })
  repeatFullOrders!: number;
  @Field(() => Int, { description: 'Satisfaction points when no service case was rated. Default 60.' })
  satisfactionNeutral!: number;
}

@ObjectType({ description: 'Value score (DOMAIN S2) = Σ weight × indicator; tiers by rank.' })
export class ValueRulesType {
  @Field(() => ValueWeightsType) weights!: ValueWeightsType;
  @Field(() => TierSharesType) tierShares!: TierSharesType;
  @Field(() => [StagePointsType], {
    description: 'Lifecycle indicator by stage. Default LEAD 10, PROSPECT 30, NEW 50, REPEAT 70, LOYAL 90, DORMANT 20, LOST 0.',
  })
  lifecyclePoints!: StagePointsType[];
  @Field(() => PotentialRulesType) potential!: PotentialRulesType;
  @Field(() => LoyaltyRulesType) loyalty!: LoyaltyRulesType;
}

@ObjectType({
  description:
    'ABC (DOMAIN S3) by gross profit in the window, cumulative from the top: A up to 0.7, B up to 0.9, C the rest and non-buyers.',
})
export class AbcRulesType {
  @Field(() => Float) aShare!: number;
  @Field(() => Float) bShare!: number;
}

@ObjectType()
export class MemberLevelRuleType {
  @Field(() => MemberLevelEnum) level!: MemberLevel;
  @Field(() => MoneyType) minSpend!: MoneyType;
}

@ObjectType({
  description: 'Membership (DOMAIN S4) by spend in the window. Default SILVER ¥2,000, GOLD ¥10,000, DIAMOND ¥50,000; REGULAR below.',
})
export class MembershipRulesType {
  @Field(() => [MemberLevelRuleType]) levels!: MemberLevelRuleType[];
}

@ObjectType({ description: 'Relationship depth (DOMAIN S7, 5-3-2).' })
export class DepthRulesType {
  @Field(() => Int, { description: 'DEEP: at least this many follow-ups… Default 3.' }) deepFollowUps!: number;
  @Field(() => Int, { description: '…within this many days. Default 90.' }) deepFollowUpDays!: number;
  @Field(() => Int, { description: 'Or DEEP: a follow-up within this many days… Default 30.' }) recentFollowUpDays!: number;
  @Field(() => Int, { description: '…and an order within this many days. Default 90.' }) recentOrderDays!: number;
  @Field(() => Int, { description: 'ORDINARY: a follow-up or an order within this many days; FORGOTTEN otherwise. Default 180.' })
  contactDays!: number;
}

@ObjectType({ description: 'Trend tracking (DOMAIN S6): the last N full months against the N before.' })
export class TrendRulesType {
  @Field(() => Int, { description: 'Default 3.' }) months!: number;
  @Field(() => VolumeMeasureEnum, { description: 'Volume for DECLINING_VOLUME: QUANTITY (进货数量, the default) or AMOUNT.' })
  volumeMeasure!: VolumeMeasure;
  @Field(() => Float, { description: 'SHRINKING_VARIETY: distinct products fell by at least this share… Default 0.5.' })
  varietyDropShare!: number;
  @Field(() => Int, { description: '…and by at least this many products. Default 2 (five to two is flagged).' }) varietyDropMin!: number;
  @Field(() => Float, { description: 'Direction FLAT when the periods differ by less than this share. Default 0.1.' }) flatShare!: number;
}

@ObjectType('ScoringSettings', {
  description:
    'The rules every stage, score and tier is computed with, for the whole company. Changing them changes every computed field at once.',
})
export class ScoringSettingsType {
  @Field(() => Int, { description: 'Rises with every change; pass it as `expectedVersion` to refuse overwriting someone else’s change.' })
  version!: number;
  @Field(() => Date, { nullable: true, description: 'Null while the defaults were never changed.' })
  updatedAt!: Date | null;
  @Field(() => Int, { description: 'Days of the window for F, M, gross profit (value, ABC) and membership spend. Default 365.' })
  windowDays!: number;
  @Field(() => LifecycleRulesType) lifecycle!: LifecycleRulesType;
  @Field(() => RfmRulesType) rfm!: RfmRulesType;
  @Field(() => ValueRulesType) value!: ValueRulesType;
  @Field(() => AbcRulesType) abc!: AbcRulesType;
  @Field(() => MembershipRulesType) membership!: MembershipRulesType;
  @Field(() => DepthRulesType) depth!: DepthRulesType;
  @Field(() => TrendRulesType) trend!: TrendRulesType;
}

@ObjectType()
export class ScoringSettingsPayload extends PayloadType(ScoringSettingsType, 'scoringSettings') {}
