import { ArgsType, Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DISTRIBUTION_DIMENSIONS, type DistributionDimension } from '../../domain/reports/customer-distribution';
import { TRANSITION_GROUP_BYS, type TransitionGroupBy } from '../../domain/reports/lifecycle-transitions';
import type { LifecycleStage } from '../../domain/scoring/scoring.enums';
import { CalendarDateScalar } from '../scalars/calendar-date.scalar';
import { LifecycleStageEnum } from './scoring.enums';
import { CustomerSegmentFilter } from './segment.input';

const DIMENSION_DESCRIPTIONS: Record<DistributionDimension, string> = {
  STAGE: 'Lifecycle stage (DOMAIN L1).',
  VALUE_TIER: 'Value tier (DOMAIN S2).',
  ABC_CLASS: 'ABC class (DOMAIN S3).',
  MEMBER_LEVEL: 'Membership level (DOMAIN S4).',
  RELATIONSHIP_DEPTH: 'Relationship depth, with the 5-3-2 law’s expected shares (DOMAIN S7).',
  SOURCE: 'Where the customer came from.',
  REGION: 'Province, as recorded (the country is not a region).',
  CITY_TIER: 'City tier 1 (一线) … 5 (五线).',
  INDUSTRY: 'Industry, as recorded.',
  RFM_GROUP: 'Named RFM group (DOMAIN S1); customers who never bought are Unknown.',
};

export const DistributionDimensionEnum = Object.fromEntries(DISTRIBUTION_DIMENSIONS.map((d) => [d, d])) as {
  [K in DistributionDimension]: K;
};
registerEnumType(DistributionDimensionEnum, {
  name: 'DistributionDimension',
  description: 'What customers are counted by: the value of one field of the segment language.',
  valuesConfig: Object.fromEntries(DISTRIBUTION_DIMENSIONS.map((d) => [d, { description: DIMENSION_DESCRIPTIONS[d] }])),
});

export const TransitionGroupByEnum = Object.fromEntries(TRANSITION_GROUP_BYS.map((g) => [g, g])) as { [K in TransitionGroupBy]: K };
registerEnumType(TransitionGroupByEnum, {
  name: 'TransitionGroupBy',
  description: 'How stage moves are grouped.',
  valuesConfig: {
    NONE: { description: 'One row per move.' },
    DEPARTMENT: { description: 'By the customer’s current department.' },
    SALESPERSON: { description: 'By the customer’s current owner.' },
    MONTH: { description: 'By the company-calendar month of the move.' },
  },
});

@ArgsType()
export class CustomerDistributionArgs {
  @Field(() => DistributionDimensionEnum)
  by!: DistributionDimension;

  @Field(() => String, {
    nullable: true,
    description:
      'Only the customers this segment query selects (the text form of segmentPreview). At most one of query, filter and segmentId.',
  })
  query?: string | null;

  @Field(() => CustomerSegmentFilter, {
    nullable: true,
    description: 'Only the customers this filter selects (the typed form of segmentPreview).',
  })
  filter?: CustomerSegmentFilter | null;

  @Field(() => ID, { nullable: true, description: 'Only the members of this saved segment.' })
  segmentId?: string | null;

  @Field(() => String, { nullable: true, description: '`zh` or `en` for the labels; default from `Accept-Language`.' })
  locale?: string | null;
}

@ObjectType('DistributionBucket', { description: 'Customers with one value of the dimension.' })
export class DistributionBucketType {
  @Field(() => String, {
    nullable: true,
    description: 'The value: a code, a province, a tier number as text; null for customers without one (label 未知 / Unknown).',
  })
  key!: string | null;

  @Field()
  label!: string;

  @Field(() => Int)
  count!: number;

  @Field(() => Float, { description: 'count / total, 0–1; 0 when there are no customers. The shares add up to 1.' })
  share!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'RELATIONSHIP_DEPTH: the share the 5-3-2 law expects (DEEP 0.2, ORDINARY 0.3, FORGOTTEN 0.5); null otherwise.',
  })
  expectedShare!: number | null;
}

@ObjectType('CustomerDistribution', { description: 'How customers spread over the values of one field (DOMAIN A3, S7).' })
export class CustomerDistributionType {
  @Field(() => DistributionDimensionEnum)
  by!: DistributionDimension;

  @Field(() => Int, { description: 'Customers counted: active customers of your data scope the filter selects.' })
  total!: number;

  @Field(() => [DistributionBucketType], {
    description:
      'Every code of a closed vocabulary in its order (0 or not); open values (provinces, industries, tiers) by count; Unknown last, when any.',
  })
  buckets!: DistributionBucketType[];
}

@ArgsType()
export class LifecycleTransitionsArgs {
  @Field(() => CalendarDateScalar, { description: 'First company-calendar day of the period.' })
  since!: string;

  @Field(() => CalendarDateScalar, { description: 'Last company-calendar day of the period, included; at most 3,660 days after since.' })
  until!: string;

  @Field(() => [LifecycleStageEnum], { nullable: true, description: 'Only moves from these stages.' })
  from?: LifecycleStage[] | null;

  @Field(() => [LifecycleStageEnum], { nullable: true, description: 'Only moves to these stages.' })
  to?: LifecycleStage[] | null;

  @Field(() => TransitionGroupByEnum, { defaultValue: 'NONE' })
  groupBy!: TransitionGroupBy;
}

@ObjectType('TransitionGroup', { description: 'The group of a row of moves.' })
export class TransitionGroupType {
  @Field(() => TransitionGroupByEnum)
  dimension!: TransitionGroupBy;

  @Field(() => ID, {
    nullable: true,
    description: 'DEPARTMENT: the Department id; SALESPERSON: the User id; null for MONTH and for customers without one.',
  })
  id!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'MONTH: `YYYY-MM`; DEPARTMENT / SALESPERSON: its name (null for an API key without org:read).',
  })
  label!: string | null;
}

@ObjectType('LifecycleTransitionCount', { description: 'How many customers moved from one stage to another in the period (in the group).' })
export class LifecycleTransitionCountType {
  @Field(() => LifecycleStageEnum)
  from!: LifecycleStage;

  @Field(() => LifecycleStageEnum)
  to!: LifecycleStage;

  @Field(() => Int)
  count!: number;

  @Field(() => TransitionGroupType, { nullable: true, description: 'Null when groupBy is NONE.' })
  group!: TransitionGroupType | null;
}

@ObjectType('LifecycleTransitionReport', {
  description:
    'Stage moves in a period (DOMAIN L2, L4): new → repeat conversion, repeat → dormant churn, dormant → reactivated. The moves are those ' +
    'customer.lifecycleHistory shows, stored by the lifecycle history job.',
})
export class LifecycleTransitionReportType {
  @Field(() => CalendarDateScalar)
  since!: string;

  @Field(() => CalendarDateScalar)
  until!: string;

  @Field(() => Int, { description: 'All moves counted.' })
  total!: number;

  @Field(() => [LifecycleTransitionCountType])
  rows!: LifecycleTransitionCountType[];

  @Field(() => CalendarDateScalar, {
    nullable: true,
    description:
      'Every customer’s history is replayed up to this day (the last complete pass of the history job under today’s rules). Null until the ' +
      'first pass (the back-fill) has ended or after the rules changed: the rows then miss the customers not yet replayed. Moves after it ' +
      'appear with the next pass (nightly, and at start-up).',
  })
  historyThrough!: string | null;
}
