import {
  DISTRIBUTION_DIMENSIONS,
  DISTRIBUTION_SPECS,
  FIVE_THREE_TWO,
  distributionOf,
} from '../../src/domain/reports/customer-distribution';
import { SEGMENT_FIELDS } from '../../src/domain/segments/segment-fields';

describe('distributionOf', () => {
  it('lists every code of a closed vocabulary in its order, zero or not, with shares of the total', () => {
    const d = distributionOf(
      'VALUE_TIER',
      [
        { key: 'SMALL', count: 6 },
        { key: 'VIP', count: 2 },
      ],
      'en',
    );
    expect(d.total).toBe(8);
    expect(d.buckets.map((b) => [b.key, b.label, b.count, b.share])).toEqual([
      ['VIP', 'VIP', 2, 0.25],
      ['MAJOR', 'Major', 0, 0],
      ['ORDINARY', 'Ordinary', 0, 0],
      ['SMALL', 'Small', 6, 0.75],
    ]);
    expect(d.buckets.every((b) => b.expectedShare === null)).toBe(true);
  });

  it('labels in Chinese, and puts customers without a value in a last Unknown bucket', () => {
    const d = distributionOf(
      'SOURCE',
      [
        { key: null, count: 1 },
        { key: 'REFERRAL', count: 3 },
      ],
      'zh',
    );
    expect(d.buckets[0]).toMatchObject({ key: 'REFERRAL', label: '转介绍', count: 3, share: 0.75 });
    expect(d.buckets[d.buckets.length - 1]).toEqual({ key: null, label: '未知', count: 1, share: 0.25, expectedShare: null });
    expect(distributionOf('SOURCE', [{ key: null, count: 1 }], 'en').buckets.at(-1)!.label).toBe('Unknown');
  });

  it('orders open values (provinces, industries) by count, then by value; no Unknown bucket when every customer has a value', () => {
    const d = distributionOf(
      'REGION',
      [
        { key: '浙江省', count: 2 },
        { key: '广东省', count: 5 },
        { key: '上海市', count: 2 },
      ],
      'zh',
    );
    expect(d.buckets.map((b) => [b.key, b.label, b.count])).toEqual([
      ['广东省', '广东省', 5],
      ['上海市', '上海市', 2],
      ['浙江省', '浙江省', 2],
    ]);
  });

  it('names city tiers, and keeps a tier outside 1–5 under its number', () => {
    const d = distributionOf(
      'CITY_TIER',
      [
        { key: '1', count: 1 },
        { key: '7', count: 1 },
      ],
      'en',
    );
    expect(d.buckets.map((b) => b.label)).toEqual(['Tier 1', '7']);
    expect(distributionOf('CITY_TIER', [{ key: '2', count: 1 }], 'zh').buckets[0].label).toBe('二线城市');
  });

  it('shows the 5-3-2 law beside the relationship depths', () => {
    const d = distributionOf(
      'RELATIONSHIP_DEPTH',
      [
        { key: 'DEEP', count: 1 },
        { key: 'FORGOTTEN', count: 3 },
      ],
      'en',
    );
    expect(d.buckets.map((b) => [b.key, b.share, b.expectedShare])).toEqual([
      ['DEEP', 0.25, 0.2],
      ['ORDINARY', 0, 0.3],
      ['FORGOTTEN', 0.75, 0.5],
    ]);
    expect(Object.values(FIVE_THREE_TWO).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
  });

  it('has shares of 0, not NaN, without customers; a code the vocabulary lacks keeps its bucket', () => {
    expect(distributionOf('STAGE', [], 'en').buckets.every((b) => b.share === 0 && b.count === 0)).toBe(true);
    const d = distributionOf(
      'ABC_CLASS',
      [
        { key: 'A', count: 1 },
        { key: 'Z', count: 1 },
      ],
      'en',
    );
    expect(d.buckets.map((b) => b.key)).toEqual(['A', 'B', 'C', 'Z']);
  });

  it('adds up duplicate keys and has shares summing to 1', () => {
    const d = distributionOf(
      'INDUSTRY',
      [
        { key: '制造业', count: 1 },
        { key: '制造业', count: 2 },
        { key: '零售', count: 4 },
        { key: null, count: 3 },
      ],
      'en',
    );
    expect(d.total).toBe(10);
    expect(d.buckets.find((b) => b.key === '制造业')!.count).toBe(3);
    expect(d.buckets.reduce((s, b) => s + b.share, 0)).toBeCloseTo(1, 12);
  });

  it.each(DISTRIBUTION_DIMENSIONS.map((d) => [d]))('%s reads a scalar field of the segment catalogue', (dimension) => {
    const def = SEGMENT_FIELDS[DISTRIBUTION_SPECS[dimension].field];
    expect(def.type.endsWith('_LIST')).toBe(false);
    if (DISTRIBUTION_SPECS[dimension].vocabulary) expect(def.vocabulary).toBe(DISTRIBUTION_SPECS[dimension].vocabulary);
  });
});
