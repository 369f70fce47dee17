import { SEGMENT_FIELD_KEYS, SEGMENT_OPERATORS, type SegmentNode } from '../../src/domain/segments/segment-ast';
import { checkSegmentCondition, segmentCheck } from '../../src/domain/segments/segment-check';
import {
  SEGMENT_FIELDS,
  isSegmentDate,
  resolveSegmentDate,
  scaledInteger,
  segmentField,
  segmentIdValue,
  windowStartDay,
} from '../../src/domain/segments/segment-fields';
import { addMonths } from '../../src/domain/common/calendar';

const c = (field: string, op: string, values: string[] = [], argument?: string): SegmentNode =>
  ({ kind: 'condition', field, op, values, ...(argument != null ? { argument } : {}) }) as SegmentNode;

describe('the catalogue', () => {
  it.each(SEGMENT_FIELD_KEYS.map((k) => [k]))('%s: labels, operators, a checked example', (key) => {
    const def = SEGMENT_FIELDS[key];
    expect(def.key).toBe(key);
    expect(def.label.zh).toMatch(/\p{Script=Han}/u);
    expect(def.label.en.length).toBeGreaterThan(0);
    expect(def.operators.length).toBeGreaterThan(0);
    for (const op of def.operators) expect(SEGMENT_OPERATORS).toContain(op);
    expect(def.operators.includes('IS_NULL')).toBe(def.nullable);
    if (def.type === 'ENUM' || def.type === 'ENUM_LIST') expect(def.vocabulary!.values.length).toBeGreaterThan(0);
    if (def.type === 'BOOLEAN') expect(def.operators).toEqual(['IS_TRUE']);
  });

  it('keys are lower snake and found in any case', () => {
    for (const key of SEGMENT_FIELD_KEYS) {
      expect(key).toMatch(/^[a-z][a-z_]*$/);
      expect(segmentField(key.toUpperCase())?.key).toBe(key);
    }
    expect(segmentField('toString')).toBeNull();
    expect(segmentField('__proto__')).toBeNull();
  });
});

describe('segmentCheck', () => {
  const cases: Array<[string, SegmentNode, Array<{ path: string[]; message: string | RegExp }>]> = [
    ['a valid tree', { kind: 'and', nodes: [c('stage', 'EQ', ['NEW']), { kind: 'not', node: c('has_inquiry', 'IS_TRUE') }] }, []],
    ['an empty or', { kind: 'or', nodes: [] }, [{ path: ['or'], message: 'or needs at least one filter' }]],
    ['not a node', { kind: 'xor' } as unknown as SegmentNode, [{ path: [], message: 'not a filter node: "xor"' }]],
    [
      'values that are not texts',
      { kind: 'condition', field: 'city_tier', op: 'EQ', values: [1] } as unknown as SegmentNode,
      [{ path: ['condition', 'values'], message: 'values must be texts' }],
    ],
    [
      'a field spelt in upper case (trees are canonical)',
      c('STAGE', 'EQ', ['NEW']),
      [{ path: ['condition', 'field'], message: 'unknown field "STAGE" (did you mean stage?)' }],
    ],
    [
      'an enum code in lower case (trees are canonical)',
      c('stage', 'EQ', ['new']),
      [{ path: ['condition', 'value'], message: /"new" is not a lifecycle stage code/ }],
    ],
    [
      'each bad value of a list at its index',
      { kind: 'or', nodes: [c('kind', 'EQ', ['PERSON']), c('city_tier', 'IN', ['1', 'a', '2', 'b'])] },
      [
        { path: ['or', '1', 'condition', 'values', '1'], message: '"a" is not a whole number' },
        { path: ['or', '1', 'condition', 'values', '3'], message: '"b" is not a whole number' },
      ],
    ],
    [
      'an argument problem and an op problem together',
      c('orders_within', 'CONTAINS', ['1'], 'x'),
      [
        { path: ['condition', 'argument'], message: /"x" is not a period/ },
        { path: ['condition', 'op'], message: /orders_within does not take CONTAINS/ },
      ],
    ],
    [
      'too many values for IN',
      c(
        'city_tier',
        'IN',
        Array.from({ length: 1001 }, () => '1'),
      ),
      [{ path: ['condition', 'values'], message: 'IN needs 1 to 1000 values, got 1001' }],
    ],
    [
      'a text over 1000 characters',
      c('name', 'EQ', ['x'.repeat(1001)]),
      [{ path: ['condition', 'value'], message: 'a value must be at most 1000 characters' }],
    ],
    [
      'an empty category',
      c('bought_category', 'IS_TRUE', [], ''),
      [{ path: ['condition', 'argument'], message: 'the category name or id must not be empty' }],
    ],
    [
      'a global id of the wrong type',
      c('owner', 'EQ', [Buffer.from('Store:1').toString('base64url')]),
      [{ path: ['condition', 'value'], message: /is not a user id/ }],
    ],
    [
      'a date range the wrong way round',
      c('birthday', 'BETWEEN', ['2000-01-01', '1990-01-01']),
      [{ path: ['condition', 'values', '1'], message: /the earlier day comes first/ }],
    ],
    ['relative date ranges are not ordered by the check', c('birthday', 'BETWEEN', ['-1d', '-90d']), []],
  ];

  it.each(cases)('%s', (_, tree, expected) => {
    const problems = segmentCheck(tree);
    expect(problems.map((p) => p.path)).toEqual(expected.map((e) => e.path));
    problems.forEach((p, i) => {
      const m = expected[i].message;
      if (typeof m === 'string') expect(p.message.en).toBe(m);
      else expect(p.message.en).toMatch(m);
      expect(p.message.zh).toMatch(/[\u4e00-\u9fff]/);
    });
  });

  it('depth and size', () => {
    let deep: SegmentNode = c('stage', 'EQ', ['NEW']);
    for (let i = 0; i < 40; i++) deep = { kind: 'not', node: deep };
    expect(segmentCheck(deep)[0].message).toEqual({ zh: '筛选嵌套超过 32 层', en: 'the filter is nested deeper than 32 levels' });
    const wide: SegmentNode = { kind: 'or', nodes: Array.from({ length: 201 }, () => c('stage', 'EQ', ['NEW'])) };
    expect(segmentCheck(wide)).toEqual([
      { path: [], message: { zh: '该筛选有 201 个条件；最多允许 200 个', en: 'the filter has 201 conditions; at most 200 are allowed' } },
    ]);
  });

  it('checkSegmentCondition says what would have been right', () => {
    expect(checkSegmentCondition({ field: 'value_score', op: 'GT', values: ['60.123'] })).toEqual([
      {
        part: { value: 0 },
        message: { zh: '“60.123”不是最多 2 位小数的数字', en: '"60.123" is not a number with at most 2 decimals' },
        expected: [{ zh: '最多 2 位小数的数字', en: 'a number with at most 2 decimals' }],
      },
    ]);
  });
});

describe('dates, windows, ids and scaled numbers', () => {
  it.each([
    ['-90d', '2026-11-23', '2026-08-25'],
    ['+7d', '2026-11-23', '2026-11-30'],
    ['0d', '2026-11-23', '2026-11-23'],
    ['-3m', '2026-05-31', '2026-02-28'],
    ['-1m', '2024-03-31', '2024-02-29'],
    ['+1m', '2026-01-31', '2026-02-28'],
    ['-12m', '2026-11-23', '2025-11-23'],
    ['-14m', '2026-01-15', '2024-11-15'],
    ['0m', '2026-11-23', '2026-11-23'],
    ['2026-01-01', '2026-11-23', '2026-01-01'],
  ])('%s as of %s is %s', (value, today, day) => {
    expect(resolveSegmentDate(value, today)).toBe(day);
  });

  it.each([
    ['90d', '2026-08-25'],
    ['90', '2026-08-25'],
    ['0d', '2026-11-23'],
    ['3m', '2026-08-23'],
  ])('window %s starts on %s (as of 2026-11-23)', (window, day) => {
    expect(windowStartDay(window, '2026-11-23')).toBe(day);
  });

  it('addMonths keeps the day or clamps it to the month end', () => {
    expect(addMonths('2026-12-31', 2)).toBe('2027-02-28');
    expect(addMonths('2026-03-15', -15)).toBe('2024-12-15');
  });

  it.each(['2026-02-30', '2026-13-01', '-36601d', '-1201m', '90', 'd', '1.5d', ''])('%s is not a date', (value) => {
    expect(isSegmentDate(value)).toBe(false);
  });

  it('ids: local numbers or global ids of the right type', () => {
    expect(segmentIdValue('12', 'User')).toBe(12);
    expect(segmentIdValue(Buffer.from('User:12').toString('base64url'), 'User')).toBe(12);
    expect(segmentIdValue(Buffer.from('Store:12').toString('base64url'), 'User')).toBeNull();
    expect(segmentIdValue('0', 'User')).toBeNull();
    expect(segmentIdValue('012', 'User')).toBeNull();
    expect(segmentIdValue('2147483648', 'User')).toBeNull();
    expect(segmentIdValue('x y', 'User')).toBeNull();
  });

  it.each([
    ['60.5', '6050'],
    ['0.05', '5'],
    ['100', '10000'],
    ['0', '0'],
    ['-1.5', '-150'],
    ['-0.00', '0'],
  ])('scaledInteger(%s, 2) = %s', (value, scaled) => {
    expect(scaledInteger(value, 2)).toBe(scaled);
  });
});
