import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { ProspectComponentKey } from '../../domain/segments/prospect-ranking';
import { Node, UserError } from './common.type';
import { ConnectionType } from './connection.type';
import { CustomerType } from './customer.type';
import { PayloadType } from './payload.type';

@ObjectType('Segment', {
  implements: Node,
  description:
    'A saved, named filter over customers (DOMAIN G1). Its members are evaluated whenever they are asked for, within your data scope; ' +
    'export them as CSV or Excel from `GET /exports/segments/<id>.csv` or `.xlsx`.',
})
export class SegmentType implements Node {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => Int, { description: 'Version, for `expectedVersion` of segmentUpdate and segmentDelete.' })
  version!: number;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@ObjectType()
export class SegmentConnection extends ConnectionType(SegmentType, 'Segment') {}

@ObjectType()
export class SegmentPayload extends PayloadType(SegmentType, 'segment') {}

@ObjectType()
export class SegmentDeletePayload {
  @Field(() => ID, { nullable: true, description: 'The id of the deleted segment; null when there are user errors.' })
  deletedSegmentId!: string | null;

  @Field(() => [UserError], { description: 'Empty when the mutation succeeded.' })
  userErrors!: UserError[];
}

@ObjectType('SegmentPreview', { description: 'What a filter selects, before it is saved: its canonical text, count and members.' })
export class SegmentPreviewType {
  @Field({ description: 'The filter in the canonical text form.' })
  query!: string;
}

export const ProspectComponentKeyEnum = {
  URGENCY: 'URGENCY',
  QUICK_RESULTS: 'QUICK_RESULTS',
  BUDGET_FIT: 'BUDGET_FIT',
} as const satisfies Record<ProspectComponentKey, ProspectComponentKey>;
registerEnumType(ProspectComponentKeyEnum, { name: 'ProspectScoreComponentKey', description: 'A part of the prospect score (DOMAIN G2).' });

@ObjectType('ProspectScoreComponent', { description: 'One part of a prospect score: its points, its weight and what it adds, and why.' })
export class ProspectScoreComponentType {
  @Field(() => ProspectComponentKeyEnum)
  key!: ProspectComponentKey;

  @Field(() => Int, { description: '0–100.' })
  points!: number;

  @Field(() => Int, { description: 'Weight in percent of the score.' })
  weight!: number;

  @Field(() => Float, { description: 'points × weight / 100: what this part adds to the score.' })
  contribution!: number;

  @Field({ description: 'Which figures gave the points, in the language asked for.' })
  reason!: string;
}

@ObjectType('RankedProspect', {
  description: 'A prospect (lifecycle stage PROSPECT) with its score for target selection (DOMAIN G2, step 3 of [000]).',
})
export class RankedProspectType {
  @Field(() => CustomerType)
  customer!: object;

  @Field(() => Float, {
    description:
      '0–100: 40% urgency of need, 30% how soon results can show, 30% budget fit (each component says its weight and contribution).',
  })
  score!: number;

  @Field(() => ProspectScoreComponentType, {
    description:
      "Urgency of need: the latest follow-up's need urgency (HIGH 100, MEDIUM 60, LOW 20) or an open urgent inquiry (100), 40 when unknown; " +
      '+20 (at most 100) when the next follow-up is planned within 7 days.',
  })
  urgency!: ProspectScoreComponentType;

  @Field(() => ProspectScoreComponentType, {
    description:
      'How soon results can show, from the latest follow-up that recorded it: ≤ 30 days 100, ≤ 90 days 60, later 20, unknown 40.',
  })
  quickResults!: ProspectScoreComponentType;

  @Field(() => ProspectScoreComponentType, {
    description:
      'Budget fit: the budget stated on the latest follow-up that recorded one against the latest open inquiry with an amount (its amount, ' +
      'else target price × quantity): covers it 100, ≥ 80% 60, less 20, unknown 40.',
  })
  budgetFit!: ProspectScoreComponentType;
}

@ObjectType()
export class RankedProspectConnection extends ConnectionType(RankedProspectType, 'RankedProspect') {}
