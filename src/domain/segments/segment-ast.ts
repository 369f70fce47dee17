/**
 * The segment filter language (DOMAIN G1) as a tree. Three front ends produce it (the text
 * form, `segment-parser.ts`; the typed GraphQL input, `segment-input.ts`; saved segments)
 * and one compiler turns it into SQL (`segment.sql.ts`). Values stay the literal texts the
 * user wrote ('1', 'REPEAT', '-90d', '2026-01-01', '耗材'); the field catalogue
 * (`segment-fields.ts`) says how each is typed and checked.
 */
import type { Bilingual } from '../common/bilingual';

/** Every field of the language: lower snake case, the key of its catalogue entry. */
export const SEGMENT_FIELD_KEYS = [
  // profile (DOMAIN C1–C4)
  'kind',
  'name',
  'source',
  'country',
  'province',
  'city',
  'city_tier',
  'industry',
  'company_size',
  'economic_status',
  'gender',
  'age_band',
  'income_band',
  'education',
  'occupation',
  'tags',
  'types',
  'owner',
  'department',
  'store',
  'created_at',
  'birthday',
  'preferred_channel',
  'custom',
  // behaviour (orders)
  'order_count',
  'total_spent',
  'first_order_at',
  'last_order_at',
  'orders_within',
  'spend_within',
  'bought_product',
  'bought_category',
  // follow-ups
  'last_follow_up_at',
  'follow_up_count',
  'follow_ups_within',
  // inquiries
  'open_inquiry_count',
  'has_inquiry',
  'inquiries_won',
  'inquiries_lost',
  // scores (DOMAIN S1–S7) and lifecycle (L1)
  'r',
  'f',
  'm',
  'rfm_group',
  'value_score',
  'value_tier',
  'abc_class',
  'member_level',
  'relationship_depth',
  'stage',
  // trend (S6)
  'trend_flag',
] as const;
export type SegmentFieldKey = (typeof SEGMENT_FIELD_KEYS)[number];

export const SEGMENT_OPERATORS = [
  'EQ',
  'NE',
  'LT',
  'LTE',
  'GT',
  'GTE',
  'IN',
  'NOT_IN',
  'BETWEEN',
  'IS_NULL',
  'IS_NOT_NULL',
  'CONTAINS',
  'IS_TRUE',
] as const;
export type SegmentOperator = (typeof SEGMENT_OPERATORS)[number];

export type SegmentNode =
  { kind: 'and'; nodes: SegmentNode[] } | { kind: 'or'; nodes: SegmentNode[] } | { kind: 'not'; node: SegmentNode } | SegmentCondition;

export interface SegmentCondition {
  kind: 'condition';
  /** Catalogue key, lower snake: 'stage', 'last_order_at', 'bought_category', 'custom', … */
  field: SegmentFieldKey;
  /** For parameterised fields: bought_category("耗材"), orders_within(90d), custom("level"), trend_flag(…). */
  argument?: string | null;
  op: SegmentOperator;
  /** Literal texts as written, typed by the catalogue: one for EQ…GTE and CONTAINS, two for BETWEEN, none for IS_NULL, IS_NOT_NULL and IS_TRUE. */
  values: string[];
}

/** A problem with a filter: where it is (a path into the typed input form) and what is wrong. */
export interface SegmentProblem {
  /** E.g. ['and', '1', 'condition', 'values', '0']; empty for the whole filter. */
  path: string[];
  message: Bilingual;
}

/** How many values an operator takes: exactly `min` when `max` equals it. */
export const OPERATOR_ARITY: Readonly<Record<SegmentOperator, { min: number; max: number }>> = {
  EQ: { min: 1, max: 1 },
  NE: { min: 1, max: 1 },
  LT: { min: 1, max: 1 },
  LTE: { min: 1, max: 1 },
  GT: { min: 1, max: 1 },
  GTE: { min: 1, max: 1 },
  IN: { min: 1, max: 1000 },
  NOT_IN: { min: 1, max: 1000 },
  BETWEEN: { min: 2, max: 2 },
  IS_NULL: { min: 0, max: 0 },
  IS_NOT_NULL: { min: 0, max: 0 },
  CONTAINS: { min: 1, max: 1 },
  IS_TRUE: { min: 0, max: 0 },
};

/** Limits that keep a filter (and its SQL) small enough to plan and run. */
export const SEGMENT_LIMITS = {
  /** Characters of a text query. */
  textLength: 20_000,
  /** Conditions in one filter. */
  conditions: 200,
  /** Nesting of and / or / not. */
  depth: 32,
  /** Characters of one value or argument. */
  valueLength: 1000,
} as const;

export function isSegmentFieldKey(key: string): key is SegmentFieldKey {
  return (SEGMENT_FIELD_KEYS as readonly string[]).includes(key);
}

export function isSegmentOperator(op: string): op is SegmentOperator {
  return (SEGMENT_OPERATORS as readonly string[]).includes(op);
}

/** The conditions of a tree, depth first, left to right. */
export function segmentConditions(node: SegmentNode): SegmentCondition[] {
  switch (node.kind) {
    case 'and':
    case 'or':
      return node.nodes.flatMap(segmentConditions);
    case 'not':
      return segmentConditions(node.node);
    case 'condition':
      return [node];
  }
}
