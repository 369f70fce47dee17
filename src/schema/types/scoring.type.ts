import { Field, Int, ObjectType } from 'type-graphql';
import type { LifecycleStage, RfmGroup, TrendDirection, TrendFlag, ValueTier } from '../../domain/scoring/scoring.enums';
import { DecimalScalar } from '../scalars/decimal.scalar';
import { MoneyType } from './money.type';
import { LifecycleStageEnum, RfmGroupEnum, TrendDirectionEnum, TrendFlagEnum, ValueTierEnum } from './scoring.enums';

@ObjectType('ScoreFigure', {
  description: 'A figure that produced a result (DOMAIN S8): a stable key and its value as text (null when the customer has none).',
})
export class ScoreFigureType {
  @Field(() => String) key!: string;
  @Field(() => String, { nullable: true }) value!: string | null;
}

@ObjectType('LifecyclePlaybook', { description: 'The stage’s playbook (DOMAIN L3, from [000]): likely problems and recommended actions.' })
export class LifecyclePlaybookType {
  @Field(() => LifecycleStageEnum) stage!: LifecycleStage;
  @Field(() => String, { description: 'What customers in this stage are like.' }) traits!: string;
  @Field(() => [String]) problems!: string[];
  @Field(() => [String]) actions!: string[];
}

@ObjectType('LifecycleOverride', { description: 'A stage set by hand, with its reason; it wins over the rules until cleared.' })
export class LifecycleOverrideType {
  @Field(() => LifecycleStageEnum) stage!: LifecycleStage;
  @Field(() => String) reason!: string;
  @Field(() => Date) at!: Date;
  byUserId!: number | null;
}

@ObjectType('CustomerLifecycle', { description: 'The lifecycle stage, derived from the records on demand (DOMAIN L1).' })
export class CustomerLifecycleType {
  customerId!: number;
  @Field(() => LifecycleStageEnum, { description: 'The stage in force: the override’s when there is one.' }) stage!: LifecycleStage;
  @Field(() => LifecycleStageEnum, { description: 'The stage the rules give, whatever the override.' }) derivedStage!: LifecycleStage;
  @Field(() => String, { description: 'Why the rules give `derivedStage`, with the numbers.' }) reason!: string;
  @Field(() => LifecycleOverrideType, { nullable: true }) override!: LifecycleOverrideType | null;
  @Field(() => [ScoreFigureType]) figures!: ScoreFigureType[];
}

@ObjectType('CustomerRfm', {
  description: 'RFM (DOMAIN S1): scores 1–5 by quintile among customers who bought in the window (5 = best); 0 outside it.',
})
export class CustomerRfmType {
  @Field(() => Int, { nullable: true, description: 'Days since the last completed order (all time); null if never bought.' }) recencyDays!:
    number | null;
  @Field(() => Int, { description: 'Completed orders in the window.' }) frequency!: number;
  @Field(() => MoneyType, { description: 'Spend in the window.' }) monetary!: MoneyType;
  @Field(() => Int) r!: number;
  @Field(() => Int) f!: number;
  @Field(() => Int) m!: number;
  @Field(() => RfmGroupEnum, { nullable: true, description: 'Null for a customer who never bought.' }) group!: RfmGroup | null;
  @Field(() => String) explanation!: string;
  @Field(() => [ScoreFigureType]) figures!: ScoreFigureType[];
}

@ObjectType('ValueIndicators', { description: 'The four indicators of [002], 0–100 each.' })
export class ValueIndicatorsType {
  @Field(() => Int, { description: 'Gross profit in the window, as a percentile among customers with profit.' }) profit!: number;
  @Field(() => Int, { description: 'Open inquiries, company size and recent growth.' }) potential!: number;
  @Field(() => Int, { description: 'Points of the lifecycle stage.' }) lifecycle!: number;
  @Field(() => Int, { description: 'Tenure, repeat buying and satisfaction.' }) loyalty!: number;
}

@ObjectType('CustomerValue', { description: 'Value score and tier (DOMAIN S2).' })
export class CustomerValueType {
  @Field(() => DecimalScalar, { description: 'Σ weight × indicator, 0–100, two decimals.' }) score!: string;
  @Field(() => ValueTierEnum, { description: 'By score rank in the company.' }) tier!: ValueTier;
  @Field(() => ValueIndicatorsType) indicators!: ValueIndicatorsType;
  @Field(() => String, { description: 'How the company serves this tier ([002]).' }) policy!: string;
  @Field(() => String) explanation!: string;
  @Field(() => [ScoreFigureType]) figures!: ScoreFigureType[];
}

@ObjectType('TrendMonth', { description: 'Completed purchases in one calendar month (company time zone).' })
export class TrendMonthType {
  @Field(() => String, { description: 'YYYY-MM.' }) month!: string;
  @Field(() => MoneyType) amount!: MoneyType;
  @Field(() => DecimalScalar) quantity!: string;
  @Field(() => Int) distinctProducts!: number;
}

@ObjectType('CustomerTrend', { description: 'Purchases of the last full months against the months before (DOMAIN S6).' })
export class CustomerTrendType {
  @Field(() => TrendDirectionEnum) direction!: TrendDirection;
  @Field(() => [TrendMonthType], { description: 'Oldest first: the earlier period, then the last full months.' }) months!: TrendMonthType[];
  @Field(() => [TrendFlagEnum]) flags!: TrendFlag[];
  @Field(() => String, { description: 'The numbers that raised each flag, or why none was raised.' }) explanation!: string;
  @Field(() => [ScoreFigureType]) figures!: ScoreFigureType[];
}

@ObjectType('ScoreExplanation', { description: 'One computed field, its result and the figures that produced it (DOMAIN S8).' })
export class ScoreExplanationType {
  @Field(() => String, { description: 'The field explained: lifecycle, rfm, value, abcClass, memberLevel, relationshipDepth.' })
  field!: string;
  @Field(() => String) result!: string;
  @Field(() => String) explanation!: string;
  @Field(() => [ScoreFigureType]) figures!: ScoreFigureType[];
}
