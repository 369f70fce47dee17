import * as S from '../../domain/scoring/scoring.enums';
import { enumOf } from './enums';

export const LifecycleStageEnum = enumOf(S.LIFECYCLE_STAGES, 'LifecycleStage', 'Lifecycle stage, derived by rules (DOMAIN L1).');
export const ValueTierEnum = enumOf(S.VALUE_TIERS, 'ValueTier', 'Value tier by value-score rank (DOMAIN S2).');
export const AbcClassEnum = enumOf(S.ABC_CLASSES, 'AbcClass', 'ABC class by cumulative gross profit (DOMAIN S3).');
export const MemberLevelEnum = enumOf(S.MEMBER_LEVELS, 'MemberLevel', 'Membership level by spend (DOMAIN S4).');
export const RelationshipDepthEnum = enumOf(S.RELATIONSHIP_DEPTHS, 'RelationshipDepth', 'Relationship depth, the 5-3-2 law (DOMAIN S7).');
export const RfmGroupEnum = enumOf(S.RFM_GROUPS, 'RfmGroup', 'Named RFM group (DOMAIN S1).');
export const TrendDirectionEnum = enumOf(
  S.TREND_DIRECTIONS,
  'TrendDirection',
  'Direction of purchases, last months against the months before (DOMAIN S6).',
);
export const TrendFlagEnum = enumOf(S.TREND_FLAGS, 'TrendFlag', 'A falling purchase pattern (DOMAIN S6).');
export const VolumeMeasureEnum = enumOf(S.VOLUME_MEASURES, 'VolumeMeasure', 'What purchase volume is measured in.');

/** Labels of the scoring vocabularies, served by `vocabularies`. */
export const SCORING_VOCABULARIES = {
  LifecycleStage: S.LIFECYCLE_STAGES,
  ValueTier: S.VALUE_TIERS,
  AbcClass: S.ABC_CLASSES,
  MemberLevel: S.MEMBER_LEVELS,
  RelationshipDepth: S.RELATIONSHIP_DEPTHS,
  RfmGroup: S.RFM_GROUPS,
  TrendDirection: S.TREND_DIRECTIONS,
  TrendFlag: S.TREND_FLAGS,
  VolumeMeasure: S.VOLUME_MEASURES,
} as const;
