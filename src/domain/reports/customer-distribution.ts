import { CUSTOMER_SOURCES, type Locale, type Vocabulary } from '../customer/customer.enums';
import {
  ABC_CLASSES,
  LIFECYCLE_STAGES,
  MEMBER_LEVELS,
  RELATIONSHIP_DEPTHS,
  RFM_GROUPS,
  VALUE_TIERS,
  type RelationshipDepth,
} from '../scoring/scoring.enums';
import type { SegmentFieldKey } from '../segments/segment-ast';

/**
 * Customer distributions (DOMAIN A3, S7): how the customers a filter selects spread over the
 * values of one field. The customers and the values are the segment language's (one rule,
 * one compiler: `segmentDistributionSql`); this module only says which field each dimension
 * reads, how its buckets are labelled and ordered, and the shares.
 */
export const DISTRIBUTION_DIMENSIONS = [
  'STAGE',
  'VALUE_TIER',
  'ABC_CLASS',
  'MEMBER_LEVEL',
  'RELATIONSHIP_DEPTH',
  'SOURCE',
  'REGION',
  'CITY_TIER',
  'INDUSTRY',
  'RFM_GROUP',
] as const;
export type DistributionDimension = (typeof DISTRIBUTION_DIMENSIONS)[number];

/** City tiers 1–5 (一线 … 五线); no other table names them. */
export const CITY_TIER_LABELS: Readonly<Record<string, { zh: string; en: string }>> = {
  '1': { zh: '一线城市', en: 'Tier 1' },
  '2': { zh: '二线城市', en: 'Tier 2' },
  '3': { zh: '三线城市', en: 'Tier 3' },
  '4': { zh: '四线城市', en: 'Tier 4' },
  '5': { zh: '五线城市', en: 'Tier 5' },
};

/** The bucket of customers without a value (no source, no province, never bought: no RFM group). */
export const UNKNOWN_LABEL = { zh: '未知', en: 'Unknown' } as const;

interface DimensionSpec {
  /** The segment field whose value is bucketed. */
  field: SegmentFieldKey;
  /** Closed vocabularies: every code gets a bucket, zero or not, in vocabulary order. */
  vocabulary?: Vocabulary<string>;
  /** Open values (free text, numbers): labelled by this table, else by the value itself. */
  labels?: Readonly<Record<string, { zh: string; en: string }>>;
}

export const DISTRIBUTION_SPECS: Readonly<Record<DistributionDimension, DimensionSpec>> = {
  STAGE: { field: 'stage', vocabulary: LIFECYCLE_STAGES },
  VALUE_TIER: { field: 'value_tier', vocabulary: VALUE_TIERS },
  ABC_CLASS: { field: 'abc_class', vocabulary: ABC_CLASSES },
  MEMBER_LEVEL: { field: 'member_level', vocabulary: MEMBER_LEVELS },
  RELATIONSHIP_DEPTH: { field: 'relationship_depth', vocabulary: RELATIONSHIP_DEPTHS },
  SOURCE: { field: 'source', vocabulary: CUSTOMER_SOURCES },
  // The region of a customer is its province (as recorded); the country is a field of its own.
  REGION: { field: 'province' },
  CITY_TIER: { field: 'city_tier', labels: CITY_TIER_LABELS },
  INDUSTRY: { field: 'industry' },
  RFM_GROUP: { field: 'rfm_group', vocabulary: RFM_GROUPS },
};

/** The 5-3-2 law of relationships ([004], DOMAIN S7): the shares a healthy customer base shows. */
export const FIVE_THREE_TWO: Readonly<Record<RelationshipDepth, number>> = { DEEP: 0.2, ORDINARY: 0.3, FORGOTTEN: 0.5 };

export interface DistributionCount {
  /** The value as text (codes, free text, a number as text); null for customers without one. */
  key: string | null;
  count: number;
}

export interface DistributionBucket {
  key: string | null;
  label: string;
  count: number;
  /** count / total; 0 when there are no customers. */
  share: number;
  /** RELATIONSHIP_DEPTH only: the share the 5-3-2 law expects. */
  expectedShare: number | null;
}

export interface Distribution {
  dimension: DistributionDimension;
  total: number;
  buckets: DistributionBucket[];
}

function labelOf(spec: DimensionSpec, key: string | null, locale: Locale): string {
  if (key == null) return UNKNOWN_LABEL[locale];
  const labels = spec.vocabulary?.labels ?? spec.labels;
  return labels?.[key]?.[locale] ?? key;
}

/**
 * The buckets of counts per value. Closed vocabularies list every code (0 where no customer
 * has it) in the vocabulary's order; open values come by count, largest first, then by value;
 * the Unknown bucket (key null) comes last and only when some customer has no value. A count
 * of a code the vocabulary lacks (data written before a code was retired) keeps its own bucket.
 */
export function distributionOf(dimension: DistributionDimension, counts: readonly DistributionCount[], locale: Locale): Distribution {
  const spec = DISTRIBUTION_SPECS[dimension];
  const byKey = new Map<string | null, number>();
  for (const c of counts) byKey.set(c.key, (byKey.get(c.key) ?? 0) + c.count);
  const total = [...byKey.values()].reduce((a, b) => a + b, 0);
  const known = spec.vocabulary ? [...spec.vocabulary.values] : [];
  const others = [...byKey.entries()]
    .filter(([key]) => key != null && !known.includes(key))
    .sort(([ka, a], [kb, b]) => b - a || (ka! < kb! ? -1 : ka! > kb! ? 1 : 0))
    .map(([key]) => key!);
  const keys: Array<string | null> = [...known, ...others];
  if ((byKey.get(null) ?? 0) > 0) keys.push(null);
  const expected = dimension === 'RELATIONSHIP_DEPTH' ? (FIVE_THREE_TWO as Record<string, number>) : null;
  return {
    dimension,
    total,
    buckets: keys.map((key) => {
      const count = byKey.get(key) ?? 0;
      return {
        key,
        label: labelOf(spec, key, locale),
        count,
        share: total === 0 ? 0 : count / total,
        expectedShare: expected ? (key == null ? null : (expected[key] ?? null)) : null,
      };
    }),
  };
}
