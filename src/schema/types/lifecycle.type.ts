import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { TransitionCauseCode } from '../../domain/lifecycle/lifecycle-history';
import type { LifecycleStage, ValueTier } from '../../domain/scoring/scoring.enums';
import type { SnapshotTrigger } from '../../entities/scoring-snapshot-run.entity';
import { CalendarDateScalar } from '../scalars/calendar-date.scalar';
import { DecimalScalar } from '../scalars/decimal.scalar';
import { ConnectionType } from './connection.type';
import { PayloadType } from './payload.type';
import { LifecycleStageEnum, ValueTierEnum } from './scoring.enums';

const CAUSES: Record<TransitionCauseCode, string> = {
  CREATED: 'The customer’s history starts (its first stage).',
  ORDER: 'A completed order (`orderId`).',
  FOLLOW_UP: 'A follow-up with an outcome showing intent to buy.',
  INQUIRY_OPENED: 'An inquiry was received (`inquiryId`).',
  INQUIRY_CLOSED: 'An inquiry was won or lost (`inquiryId`).',
  RATING: 'A service case was rated (satisfaction feeds loyalty).',
  OVERRIDE_SET: 'A stage was set by hand (`overrideReason`).',
  OVERRIDE_CLEARED: 'The manual stage was cleared; the rules decide again.',
  SILENCE: 'Time passed without a purchase: past the dormancy threshold or the lost limit.',
  PROSPECT_EXPIRED: 'Time passed: the last qualifying follow-up left the prospect window.',
};

export const TransitionCauseEnum = Object.fromEntries(Object.keys(CAUSES).map((c) => [c, c])) as { [K in TransitionCauseCode]: K };
registerEnumType(TransitionCauseEnum, {
  name: 'LifecycleTransitionCause',
  description: 'What changed a customer’s lifecycle stage (DOMAIN L4).',
  valuesConfig: Object.fromEntries(Object.entries(CAUSES).map(([code, description]) => [code, { description }])),
});

export const SnapshotTriggerEnum = { SCHEDULE: 'SCHEDULE', ON_DEMAND: 'ON_DEMAND' } as const satisfies { [K in SnapshotTrigger]: K };
registerEnumType(SnapshotTriggerEnum, {
  name: 'ScoringSnapshotTrigger',
  description: 'What took a value-tier snapshot.',
  valuesConfig: { SCHEDULE: { description: 'The daily job (02:00 company time).' }, ON_DEMAND: { description: '`scoringSnapshotTake`.' } },
});

@ObjectType('LifecycleTransition', { description: 'A change of the stage in force, with its day and cause (DOMAIN L4).' })
export class LifecycleTransitionType {
  @Field(() => CalendarDateScalar, { description: 'The company-local day from whose end the new stage held.' })
  on!: string;

  @Field(() => LifecycleStageEnum, { nullable: true, description: 'Null for the first stage.' })
  from!: LifecycleStage | null;

  @Field(() => LifecycleStageEnum)
  to!: LifecycleStage;

  @Field(() => String, { description: 'The cause in words, with its numbers (Chinese or English).' })
  cause!: string;

  @Field(() => TransitionCauseEnum)
  causeCode!: TransitionCauseCode;

  @Field(() => ID, { nullable: true, description: 'The order, when an order caused it.' })
  orderId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The inquiry, when one was received or closed.' })
  inquiryId!: string | null;

  @Field(() => String, { nullable: true, description: 'The reason given with a manual stage or its clearing.' })
  overrideReason!: string | null;

  /** For the `overrideBy` field resolver. */
  overrideById!: number | null;
}

@ObjectType('ValueTierChange', { description: 'A value-tier snapshot that found the customer in a new tier (DOMAIN S5).' })
export class ValueTierChangeType {
  @Field(() => ValueTierEnum)
  tier!: ValueTier;

  @Field(() => ValueTierEnum, { nullable: true, description: 'Null for the customer’s first snapshot.' })
  previousTier!: ValueTier | null;

  @Field(() => DecimalScalar, { description: 'The value score (0–100, 2 decimals) that gave the tier.' })
  score!: string;

  @Field(() => Date)
  takenAt!: Date;
}

@ObjectType('TierMigration', { description: 'A customer moving from one value tier to another at a snapshot (DOMAIN S5).' })
export class TierMigrationType {
  /** Row id, for the cursor. */
  id!: number;
  customerId!: number;

  @Field(() => ValueTierEnum)
  from!: ValueTier;

  @Field(() => ValueTierEnum)
  to!: ValueTier;

  @Field(() => DecimalScalar, { description: 'The value score at the snapshot.' })
  score!: string;

  @Field(() => Date)
  takenAt!: Date;
}

@ObjectType()
export class TierMigrationConnection extends ConnectionType(TierMigrationType, 'TierMigration') {}

@ObjectType('ScoringSnapshotRun', { description: 'One value-tier snapshot of every active customer.' })
export class ScoringSnapshotRunType {
  @Field(() => ID)
  id!: string;

  @Field(() => Date)
  takenAt!: Date;

  @Field(() => CalendarDateScalar, { description: 'The company-local day the tiers were computed for.' })
  takenOn!: string;

  @Field(() => SnapshotTriggerEnum)
  trigger!: SnapshotTrigger;

  @Field(() => Int, { description: 'Active customers whose tier was computed.' })
  customerCount!: number;

  @Field(() => Int, { description: 'Of those, the ones whose tier changed since their previous snapshot (or who had none).' })
  changeCount!: number;
}

@ObjectType()
export class ScoringSnapshotTakePayload extends PayloadType(ScoringSnapshotRunType, 'run') {}
