import type { SegmentNode } from '../../src/domain/segments/segment-ast';
import {
  segmentAstToFilter,
  segmentFilterToAst,
  SegmentFilterError,
  type SegmentFilterInput,
} from '../../src/domain/segments/segment-input';
import { parseSegment } from '../../src/domain/segments/segment-parser';

describe('segmentFilterToAst: the typed form', () => {
  const cases: Array<[string, SegmentFilterInput, SegmentNode]> = [
    [
      'SCREAMING_SNAKE field, one value',
      { condition: { field: 'CITY_TIER', op: 'EQ', value: '1' } },
      { kind: 'condition', field: 'city_tier', op: 'EQ', values: ['1'] },
    ],
    [
      'lower snake field',
      { condition: { field: 'city_tier', op: 'GTE', value: '2' } },
      { kind: 'condition', field: 'city_tier', op: 'GTE', values: ['2'] },
    ],
    [
      'values for IN, codes upper-cased',
      { condition: { field: 'STAGE', op: 'IN', values: ['repeat', 'LOYAL'] } },
      { kind: 'condition', field: 'stage', op: 'IN', values: ['REPEAT', 'LOYAL'] },
    ],
    [
      'one value in values for a one-value operator',
      { condition: { field: 'NAME', op: 'CONTAINS', values: ['科技'] } },
      { kind: 'condition', field: 'name', op: 'CONTAINS', values: ['科技'] },
    ],
    [
      'boolean field: op defaults to IS_TRUE',
      { condition: { field: 'BOUGHT_CATEGORY', argument: '耗材' } },
      { kind: 'condition', field: 'bought_category', op: 'IS_TRUE', values: [], argument: '耗材' },
    ],
    [
      'arguments normalised like the text form',
      { condition: { field: 'ORDERS_WITHIN', argument: '3M', op: 'GTE', value: '1' } },
      { kind: 'condition', field: 'orders_within', op: 'GTE', values: ['1'], argument: '3m' },
    ],
    [
      'an enum argument',
      { condition: { field: 'HAS_INQUIRY', argument: 'won', op: 'IS_TRUE' } },
      { kind: 'condition', field: 'has_inquiry', op: 'IS_TRUE', values: [], argument: 'WON' },
    ],
    [
      'no value for IS_NULL',
      { condition: { field: 'CITY', op: 'IS_NULL' } },
      { kind: 'condition', field: 'city', op: 'IS_NULL', values: [] },
    ],
    [
      'and, or, not',
      {
        and: [
          {
            or: [{ condition: { field: 'KIND', op: 'EQ', value: 'PERSON' } }, { condition: { field: 'TAGS', op: 'CONTAINS', value: 'x' } }],
          },
          { not: { condition: { field: 'TREND_FLAG', argument: 'DECLINING_VOLUME' } } },
        ],
      },
      {
        kind: 'and',
        nodes: [
          {
            kind: 'or',
            nodes: [
              { kind: 'condition', field: 'kind', op: 'EQ', values: ['PERSON'] },
              { kind: 'condition', field: 'tags', op: 'CONTAINS', values: ['x'] },
            ],
          },
          { kind: 'not', node: { kind: 'condition', field: 'trend_flag', op: 'IS_TRUE', values: [], argument: 'DECLINING_VOLUME' } },
        ],
      },
    ],
    [
      'nulls are absent',
      { and: null, or: null, not: null, condition: { field: 'CITY', argument: null, op: 'EQ', value: null, values: ['上海'] } },
      { kind: 'condition', field: 'city', op: 'EQ', values: ['上海'] },
    ],
  ];

  it.each(cases)('%s', (_, input, tree) => {
    expect(segmentFilterToAst(input)).toEqual(tree);
  });

  const problems: Array<[string, SegmentFilterInput, Array<{ path: string[]; message: string }>]> = [
    ['nothing in a node', {}, [{ path: [], message: 'give one of and, or, not, condition' }]],
    [
      'two things in a node',
      {
        and: [{ condition: { field: 'KIND', op: 'EQ', value: 'PERSON' } }],
        not: { condition: { field: 'KIND', op: 'EQ', value: 'PERSON' } },
      },
      [{ path: [], message: 'give only one of and, or, not, condition (got and, not)' }],
    ],
    ['an empty and', { and: [] }, [{ path: ['and'], message: 'and needs at least one filter' }]],
    [
      'every shape problem, each at its path',
      { and: [{}, { or: [] }, { not: { condition: { field: 'CITY', op: 'EQ', value: 'x', values: ['y'] } } }] },
      [
        { path: ['and', '0'], message: 'give one of and, or, not, condition' },
        { path: ['and', '1', 'or'], message: 'or needs at least one filter' },
        { path: ['and', '2', 'not', 'condition', 'value'], message: 'give value or values, not both' },
      ],
    ],
    [
      'no op for a compared field',
      { condition: { field: 'STAGE', value: 'NEW' } },
      [{ path: ['condition', 'op'], message: 'op is needed for stage' }],
    ],
    [
      'an unknown operator',
      { condition: { field: 'NAME', op: 'LIKE', value: 'x%' } },
      [{ path: ['condition', 'op'], message: 'unknown operator "LIKE"' }],
    ],
    [
      'an unknown field',
      { condition: { field: 'COLOUR', op: 'EQ', value: 'red' } },
      [{ path: ['condition', 'field'], message: 'unknown field "colour"' }],
    ],
    [
      'a misspelt field',
      { condition: { field: 'CITY_TEIR', op: 'EQ', value: '1' } },
      [{ path: ['condition', 'field'], message: 'unknown field "city_teir" (did you mean city_tier?)' }],
    ],
    [
      'a bad value inside a list, deep in the tree',
      {
        and: [
          { condition: { field: 'KIND', op: 'EQ', value: 'PERSON' } },
          { not: { condition: { field: 'CITY_TIER', op: 'IN', values: ['1', 'x'] } } },
        ],
      },
      [{ path: ['and', '1', 'not', 'condition', 'values', '1'], message: '"x" is not a whole number' }],
    ],
    [
      'too few values',
      { condition: { field: 'STAGE', op: 'EQ', values: [] } },
      [{ path: ['condition', 'value'], message: '= needs one value, got 0' }],
    ],
    [
      'too many values',
      { condition: { field: 'CITY_TIER', op: 'BETWEEN', values: ['1', '2', '3'] } },
      [{ path: ['condition', 'values'], message: 'BETWEEN needs 2 values, got 3' }],
    ],
    [
      'a value for IS_NULL',
      { condition: { field: 'CITY', op: 'IS_NULL', value: 'x' } },
      [{ path: ['condition', 'values'], message: 'IS NULL takes no value' }],
    ],
    [
      'a missing argument',
      { condition: { field: 'ORDERS_WITHIN', op: 'GTE', value: '1' } },
      [{ path: ['condition', 'argument'], message: 'orders_within needs a period, e.g. orders_within(90d) >= 2' }],
    ],
    [
      'an argument where none is taken',
      { condition: { field: 'STAGE', argument: 'x', op: 'EQ', value: 'NEW' } },
      [{ path: ['condition', 'argument'], message: 'stage takes no argument' }],
    ],
    [
      'a comparison of a boolean field',
      { condition: { field: 'BOUGHT_CATEGORY', argument: '耗材', op: 'EQ', value: '1' } },
      [
        {
          path: ['condition', 'op'],
          message: 'bought_category(…) is a condition by itself (op IS_TRUE); write NOT bought_category(…) for its opposite',
        },
      ],
    ],
    [
      'an operator the field does not take',
      { condition: { field: 'TAGS', op: 'EQ', value: 'x' } },
      [{ path: ['condition', 'op'], message: 'tags does not take =; it takes CONTAINS, IN or NOT IN' }],
    ],
    [
      'an unknown code',
      { condition: { field: 'STAGE', op: 'EQ', value: 'OLD' } },
      [
        {
          path: ['condition', 'value'],
          message: '"OLD" is not a lifecycle stage code (LEAD, PROSPECT, NEW, REPEAT, LOYAL, DORMANT, LOST)',
        },
      ],
    ],
    [
      'an injection attempt in a custom key',
      { condition: { field: 'CUSTOM', argument: "x' or '1'='1", op: 'EQ', value: '1' } },
      [
        {
          path: ['condition', 'argument'],
          message: `"x' or '1'='1" is not a custom field key (a-z, 0-9 and _, starting with a letter, at most 50)`,
        },
      ],
    ],
  ];

  it.each(problems)('%s', (_, input, expected) => {
    let error: unknown;
    try {
      segmentFilterToAst(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SegmentFilterError);
    const found = (error as SegmentFilterError).problems;
    expect(found.map((p) => ({ path: p.path, message: p.message.en }))).toEqual(expected);
    for (const p of found) expect(p.message.zh).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('segmentAstToFilter', () => {
  it.each([
    'stage IN (REPEAT, LOYAL) AND last_order_at < -90d AND city_tier = 1 AND NOT bought_category("耗材")',
    '(kind = COMPANY OR has_inquiry(WON)) AND NOT (custom(level) IS NULL OR orders_within(3m) BETWEEN 1 AND 4)',
    'trend_flag(SHRINKING_VARIETY) OR tags IN ("a", "b") OR types NOT IN (RATIONAL)',
  ])('typed form of %s converts back to the same tree', (text) => {
    const tree = parseSegment(text);
    expect(segmentFilterToAst(segmentAstToFilter(tree))).toEqual(tree);
  });

  it('spells fields as the GraphQL enum and one-value operators with value', () => {
    expect(segmentAstToFilter(parseSegment('orders_within(90d) >= 2 AND city IN ("上海") AND city IS NULL'))).toEqual({
      and: [
        { condition: { field: 'ORDERS_WITHIN', argument: '90d', op: 'GTE', value: '2' } },
        { condition: { field: 'CITY', op: 'IN', values: ['上海'] } },
        { condition: { field: 'CITY', op: 'IS_NULL' } },
      ],
    });
  });
});
