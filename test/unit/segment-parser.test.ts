import fc from 'fast-check';
import {
  OPERATOR_ARITY,
  SEGMENT_FIELD_KEYS,
  type SegmentCondition,
  type SegmentNode,
  type SegmentOperator,
} from '../../src/domain/segments/segment-ast';
import { segmentCheck } from '../../src/domain/segments/segment-check';
import { SEGMENT_FIELDS, type SegmentFieldDefinition } from '../../src/domain/segments/segment-fields';
import { parseSegment, segmentToText, SegmentParseError } from '../../src/domain/segments/segment-parser';

const cond = (field: SegmentCondition['field'], op: SegmentOperator, values: string[] = [], argument?: string): SegmentCondition =>
  argument == null ? { kind: 'condition', field, op, values } : { kind: 'condition', field, op, values, argument };

describe('parseSegment: the text form', () => {
  const cases: Array<[string, SegmentNode]> = [
    [
      'stage IN (REPEAT, LOYAL) AND last_order_at < -90d AND city_tier = 1 AND NOT bought_category("耗材")',
      {
        kind: 'and',
        nodes: [
          cond('stage', 'IN', ['REPEAT', 'LOYAL']),
          cond('last_order_at', 'LT', ['-90d']),
          cond('city_tier', 'EQ', ['1']),
          { kind: 'not', node: cond('bought_category', 'IS_TRUE', [], '耗材') },
        ],
      },
    ],
    ['Stage in (repeat, Loyal)', cond('stage', 'IN', ['REPEAT', 'LOYAL'])],
    [
      'stage = NEW or stage = LEAD and city_tier = 1',
      {
        kind: 'or',
        nodes: [cond('stage', 'EQ', ['NEW']), { kind: 'and', nodes: [cond('stage', 'EQ', ['LEAD']), cond('city_tier', 'EQ', ['1'])] }],
      },
    ],
    [
      '(stage = NEW OR stage = LEAD) AND city_tier = 1',
      {
        kind: 'and',
        nodes: [{ kind: 'or', nodes: [cond('stage', 'EQ', ['NEW']), cond('stage', 'EQ', ['LEAD'])] }, cond('city_tier', 'EQ', ['1'])],
      },
    ],
    [
      '(kind = PERSON AND city_tier = 1) AND gender = MALE',
      {
        kind: 'and',
        nodes: [{ kind: 'and', nodes: [cond('kind', 'EQ', ['PERSON']), cond('city_tier', 'EQ', ['1'])] }, cond('gender', 'EQ', ['MALE'])],
      },
    ],
    ['NOT NOT kind = PERSON', { kind: 'not', node: { kind: 'not', node: cond('kind', 'EQ', ['PERSON']) } }],
    [
      'NOT kind = PERSON AND city_tier = 1',
      { kind: 'and', nodes: [{ kind: 'not', node: cond('kind', 'EQ', ['PERSON']) }, cond('city_tier', 'EQ', ['1'])] },
    ],
    ['city_tier = 1', cond('city_tier', 'EQ', ['1'])],
    ['city_tier == 1', cond('city_tier', 'EQ', ['1'])],
    ['city_tier != 1', cond('city_tier', 'NE', ['1'])],
    ['city_tier <> 1', cond('city_tier', 'NE', ['1'])],
    ['city_tier < 2', cond('city_tier', 'LT', ['2'])],
    ['city_tier <= 2', cond('city_tier', 'LTE', ['2'])],
    ['city_tier > 2', cond('city_tier', 'GT', ['2'])],
    ['city_tier >= 2', cond('city_tier', 'GTE', ['2'])],
    ['city_tier>=2', cond('city_tier', 'GTE', ['2'])],
    ['city_tier BETWEEN 1 AND 3', cond('city_tier', 'BETWEEN', ['1', '3'])],
    ['city_tier not in (1,2)', cond('city_tier', 'NOT_IN', ['1', '2'])],
    ['city_tier IS NULL', cond('city_tier', 'IS_NULL')],
    ['city_tier is not null', cond('city_tier', 'IS_NOT_NULL')],
    ['name CONTAINS "科技"', cond('name', 'CONTAINS', ['科技'])],
    ["name = 'it\\'s'", cond('name', 'EQ', ["it's"])],
    ['name = "a\\"b\\\\c\\n\\t"', cond('name', 'EQ', ['a"b\\c\n\t'])],
    ['name = "line\nbreak"', cond('name', 'EQ', ['line\nbreak'])],
    ['name = “耗材”', cond('name', 'EQ', ['耗材'])],
    ['city IN（"上海市"，"杭州市"）', cond('city', 'IN', ['上海市', '杭州市'])],
    ['city\u3000=\u3000"上海市"', cond('city', 'EQ', ['上海市'])],
    ['name = REPEAT', cond('name', 'EQ', ['REPEAT'])],
    ['total_spent > 500.50', cond('total_spent', 'GT', ['500.50'])],
    ['total_spent > -1', cond('total_spent', 'GT', ['-1'])],
    ['last_order_at >= 2026-01-01', cond('last_order_at', 'GTE', ['2026-01-01'])],
    ['last_order_at >= -3M', cond('last_order_at', 'GTE', ['-3m'])],
    ['created_at < +7d', cond('created_at', 'LT', ['+7d'])],
    ['created_at = 0d', cond('created_at', 'EQ', ['0d'])],
    ['orders_within(90d) >= 2', cond('orders_within', 'GTE', ['2'], '90d')],
    ['orders_within(90) >= 2', cond('orders_within', 'GTE', ['2'], '90')],
    ['spend_within(3M) > 100', cond('spend_within', 'GT', ['100'], '3m')],
    ['follow_ups_within ( 30d ) = 0', cond('follow_ups_within', 'EQ', ['0'], '30d')],
    ['bought_product("SKU-1")', cond('bought_product', 'IS_TRUE', [], 'SKU-1')],
    ["bought_category('墨盒')", cond('bought_category', 'IS_TRUE', [], '墨盒')],
    ['has_inquiry', cond('has_inquiry', 'IS_TRUE')],
    ['has_inquiry(won)', cond('has_inquiry', 'IS_TRUE', [], 'WON')],
    ['trend_flag(DECLINING_VOLUME)', cond('trend_flag', 'IS_TRUE', [], 'DECLINING_VOLUME')],
    ['custom("level") = "A"', cond('custom', 'EQ', ['A'], 'level')],
    ['custom(Budget) >= 10000', cond('custom', 'GTE', ['10000'], 'budget')],
    ['custom(since) < -90D', cond('custom', 'LT', ['-90d'], 'since')],
    ['custom(code) = "10D"', cond('custom', 'EQ', ['10D'], 'code')],
    ['tags CONTAINS "决策人"', cond('tags', 'CONTAINS', ['决策人'])],
    ['types IN (rational, habitual)', cond('types', 'IN', ['RATIONAL', 'HABITUAL'])],
    ['owner = 12', cond('owner', 'EQ', ['12'])],
    ['owner = "VXNlcjoxMg"', cond('owner', 'EQ', ['VXNlcjoxMg'])],
    ['owner = VXNlcjoxMg', cond('owner', 'EQ', ['VXNlcjoxMg'])],
    ['country = cn', cond('country', 'EQ', ['CN'])],
    ['value_score >= 60.5', cond('value_score', 'GTE', ['60.5'])],
    ['rfm_group IS NULL', cond('rfm_group', 'IS_NULL')],
    ['  stage = NEW  \n', cond('stage', 'EQ', ['NEW'])],
  ];

  it.each(cases)('%s', (text, tree) => {
    expect(parseSegment(text)).toEqual(tree);
    expect(segmentCheck(parseSegment(text))).toEqual([]);
  });

  it.each(SEGMENT_FIELD_KEYS.map((k) => [k, SEGMENT_FIELDS[k].example]))('the example of %s parses and reads back: %s', (_, example) => {
    const tree = parseSegment(example);
    expect(segmentCheck(tree)).toEqual([]);
    expect(segmentToText(tree)).toBe(example);
  });
});

describe('parse errors: position (1-based line and column, in characters), what was expected, what was found', () => {
  const VALUE = 'a value (number, "text", date, -90d)';
  const errors: Array<[string, number, number, string[], string, string]> = [
    // text, line, column, expected, found, message
    [
      'stage IN (REPEAT, LOYAL) AND (city_tier = )',
      1,
      43,
      [VALUE],
      ')',
      'line 1, column 43: expected a value (number, "text", date, -90d) but found ")"',
    ],
    ['city_tier = 1 AND (m = )', 1, 24, [VALUE], ')', 'line 1, column 24: expected a value (number, "text", date, -90d) but found ")"'],
    ['', 1, 1, ['a condition'], 'end of text', 'line 1, column 1: expected a condition but found end of text'],
    ['   ', 1, 4, ['a condition'], 'end of text', 'line 1, column 4: expected a condition but found end of text'],
    [
      'stage',
      1,
      6,
      ['"="', '"!="', 'IN', 'NOT IN'],
      'end of text',
      'line 1, column 6: expected "=", "!=", IN or NOT IN but found end of text',
    ],
    ['stage = ', 1, 9, [VALUE], 'end of text', `line 1, column 9: expected ${VALUE} but found end of text`],
    [
      'stage = FOO',
      1,
      9,
      ['a lifecycle stage code (LEAD, PROSPECT, NEW, REPEAT, LOYAL, DORMANT, LOST)'],
      'FOO',
      'line 1, column 9: expected a lifecycle stage code (LEAD, PROSPECT, NEW, REPEAT, LOYAL, DORMANT, LOST) but found "FOO"',
    ],
    ['stage IN (NEW, OLD)', 1, 16, ['a lifecycle stage code (LEAD, PROSPECT, NEW, REPEAT, LOYAL, DORMANT, LOST)'], 'OLD', 'found "OLD"'],
    [
      'staeg = NEW',
      1,
      1,
      ['a field name'],
      'staeg',
      'line 1, column 1: expected a field name but found "staeg" (unknown field; did you mean stage?)',
    ],
    ['colour = 1', 1, 1, ['a field name'], 'colour', 'line 1, column 1: expected a field name but found "colour" (unknown field)'],
    [
      'stage < NEW',
      1,
      7,
      ['"="', '"!="', 'IN', 'NOT IN'],
      '<',
      'line 1, column 7: expected "=", "!=", IN or NOT IN but found "<" (stage does not take <)',
    ],
    [
      'tags = "x"',
      1,
      6,
      ['CONTAINS', 'IN', 'NOT IN'],
      '=',
      'line 1, column 6: expected CONTAINS, IN or NOT IN but found "=" (tags does not take =)',
    ],
    ['city_tier = "abc"', 1, 13, ['a whole number'], '"abc"', 'line 1, column 13: expected a whole number but found ""abc""'],
    ['city_tier = 1.5', 1, 13, ['a whole number'], '1.5', 'expected a whole number but found "1.5"'],
    [
      'name = "abc',
      1,
      8,
      ['a closing "'],
      'end of text',
      'line 1, column 8: expected a closing " but found end of text (the text starting here is not closed)',
    ],
    ["name = 'abc\\'", 1, 8, ["a closing '"], 'end of text', "expected a closing ' but found end of text"],
    ['(stage = NEW', 1, 13, ['")"'], 'end of text', 'line 1, column 13: expected ")" but found end of text'],
    ['stage = NEW)', 1, 12, ['AND', 'OR', 'end of text'], ')', 'line 1, column 12: expected AND, OR or end of text but found ")"'],
    [
      'stage = NEW city_tier = 1',
      1,
      13,
      ['AND', 'OR', 'end of text'],
      'city_tier',
      'expected AND, OR or end of text but found "city_tier"',
    ],
    [
      'stage = NEW AND',
      1,
      16,
      ['a field name', 'NOT', '"("'],
      'end of text',
      'line 1, column 16: expected a field name, NOT or "(" but found end of text',
    ],
    ['AND stage = NEW', 1, 1, ['a field name', 'NOT', '"("'], 'AND', 'expected a field name, NOT or "(" but found "AND"'],
    [
      'bought_category = 1',
      1,
      17,
      ['"("'],
      '=',
      'line 1, column 17: expected "(" but found "=" (bought_category takes a category name or id, e.g. bought_category("耗材"))',
    ],
    [
      'bought_category("x") = 1',
      1,
      22,
      ['AND', 'OR', '")"', 'end of text'],
      '=',
      'is a condition by itself; NOT bought_category(…) is its opposite',
    ],
    ['has_inquiry IS NULL', 1, 13, ['AND', 'OR', '")"', 'end of text'], 'IS', 'has_inquiry(…) is a condition by itself'],
    [
      'stage(1) = NEW',
      1,
      6,
      ['"="', '"!="', 'IN', 'NOT IN'],
      '(',
      'expected "=", "!=", IN or NOT IN but found "(" (stage takes no argument)',
    ],
    ['orders_within(abc) > 1', 1, 15, ['a period (90d, 3m)'], 'abc', 'line 1, column 15: expected a period (90d, 3m) but found "abc"'],
    ['orders_within(-90d) > 1', 1, 15, ['a period (90d, 3m)'], '-90d', 'expected a period (90d, 3m) but found "-90d"'],
    ['orders_within() > 1', 1, 15, ['a period'], ')', 'expected a period but found ")"'],
    ['orders_within(90d > 1', 1, 19, ['")"'], '>', 'expected ")" but found ">"'],
    ['city_tier BETWEEN 3 AND 1', 1, 25, ['a whole number'], '1', 'BETWEEN 3 AND 1 is empty: the smaller value comes first'],
    [
      'last_order_at BETWEEN 2026-02-01 AND 2026-01-01',
      1,
      38,
      ['a date (2026-01-01, or -90d, -3m relative to today)'],
      '2026-01-01',
      'the earlier day comes first',
    ],
    ['city_tier BETWEEN 1 OR 3', 1, 21, ['AND'], 'OR', 'expected AND but found "OR" (BETWEEN low AND high)'],
    ['last_order_at < 2026-02-30', 1, 17, ['a date (2026-01-01, or -90d, -3m relative to today)'], '2026-02-30', 'found "2026-02-30"'],
    ['last_order_at < -90x', 1, 17, [VALUE], '-90x', 'found "-90x"'],
    ['last_order_at < -99999d', 1, 17, ['a date (2026-01-01, or -90d, -3m relative to today)'], '-99999d', 'found "-99999d"'],
    ['city_tier IN ()', 1, 15, [VALUE], ')', 'expected a value (number, "text", date, -90d) but found ")"'],
    ['city_tier IN (1 2)', 1, 17, ['","', '")"'], '2', 'expected "," or ")" but found "2"'],
    ['city_tier IN 1', 1, 14, ['"("'], '1', 'expected "(" but found "1" (a list of values in parentheses)'],
    ['city = 上海', 1, 8, [VALUE], '上海', 'found "上海" (put text in quotes: "上海")'],
    ['stage NOT = NEW', 1, 11, ['IN'], '=', 'expected IN but found "=" (NOT after a field must be NOT IN)'],
    ['city IS NOT 1', 1, 13, ['NULL'], '1', 'expected NULL but found "1"'],
    ['city IS 1', 1, 9, ['NULL', 'NOT NULL'], '1', 'expected NULL or NOT NULL but found "1"'],
    ['@', 1, 1, ['a field name', 'NOT', '"("'], '@', 'found "@"'],
    ['stage = NEW\n  AND city_tier = x', 2, 19, ['a whole number'], 'x', 'line 2, column 19: expected a whole number but found "x"'],
    ['stage = NEW\r\nAND\r\n  city_tier = x', 3, 15, ['a whole number'], 'x', 'line 3, column 15'],
    ['name = "😀😀" AND city_tier = x', 1, 29, ['a whole number'], 'x', 'line 1, column 29'],
    [
      'custom("Bad-Key") = 1',
      1,
      8,
      ['a custom field key (a-z, 0-9 and _, starting with a letter)'],
      '"Bad-Key"',
      'expected a custom field key',
    ],
    ['custom = 1', 1, 8, ['"("'], '=', 'custom takes a field key, e.g. custom(budget) >= 10000'],
    ['custom(level) < "abc"', 1, 17, ['a number or a date (2026-01-01, -90d)'], '"abc"', 'expected a number or a date'],
    [
      'custom(level) BETWEEN 1 AND 2026-01-01',
      1,
      29,
      ['a number or a date (2026-01-01, -90d)'],
      '2026-01-01',
      'compares two numbers or two dates, not one of each',
    ],
    ['has_inquiry(FOO)', 1, 13, ['a inquiry status (NEW, QUOTED, NEGOTIATING, WON, LOST)'], 'FOO', 'found "FOO"'],
    ['trend_flag', 1, 11, ['"("'], 'end of text', 'trend_flag takes a flag, e.g. trend_flag(DECLINING_VOLUME)'],
    ['value_score > 60.123', 1, 15, ['a number with at most 2 decimals'], '60.123', 'found "60.123"'],
    ['owner = "abc"', 1, 9, ['a user id'], '"abc"', 'expected a user id'],
    ['owner = "U3RvcmU6MQ"', 1, 9, ['a user id'], '"U3RvcmU6MQ"', 'expected a user id'],
    ['country = CHN', 1, 11, ['a two-letter country code (CN)'], 'CHN', 'found "CHN"'],
    ['name = ""', 1, 8, ['a "text"'], '""', 'a value must not be empty'],
    [
      'name = "a\u0000"',
      1,
      8,
      ['a "text"'],
      '"a\u0000"',
      'expected a "text" but found ""a\u0000"" (a value must not contain the NUL character)',
    ],
  ];

  it.each(errors)('%j', (text, line, column, expected, found, message) => {
    let error: unknown;
    try {
      parseSegment(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SegmentParseError);
    const e = error as SegmentParseError;
    expect({ line: e.line, column: e.column, expected: e.expected, found: e.found }).toEqual({ line, column, expected, found });
    expect(e.message).toContain(message);
    expect(e.message.startsWith(`line ${line}, column ${column}: `)).toBe(true);
  });

  it('a text with NUL inside a string is refused', () => {
    expect(() => parseSegment('name = "a\u0000b"')).toThrow(/must not contain the NUL character/);
  });

  it('limits: length, nesting and number of conditions', () => {
    expect(() => parseSegment(`name = "${'x'.repeat(20_001)}"`)).toThrow(/longer than 20000 characters/);
    expect(() => parseSegment(`${'('.repeat(40)}stage = NEW${')'.repeat(40)}`)).toThrow(
      /line 1, column 33: .*nested deeper than 32 levels/,
    );
    expect(() => parseSegment(`${'NOT '.repeat(40)}stage = NEW`)).toThrow(/nested deeper than 32 levels/);
    expect(() => parseSegment(Array.from({ length: 201 }, () => 'city_tier = 1').join(' OR '))).toThrow(/more than 200 conditions/);
    expect(() => parseSegment(Array.from({ length: 200 }, () => 'city_tier = 1').join(' OR '))).not.toThrow();
  });
});

// ---------------------------------------------------------------------------------------------
// Round trip: any valid tree → text → the same tree
// ---------------------------------------------------------------------------------------------

const textArb = fc.string({ minLength: 1, maxLength: 12, unit: 'binary' }).filter((s) => !s.includes('\u0000'));
const dateArb = fc.oneof(
  fc
    .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  fc
    .tuple(fc.constantFrom('-', '+', ''), fc.integer({ min: 0, max: 9999 }), fc.constantFrom('d', 'm'))
    .map(([s, n, u]) => `${s}${u === 'm' ? n % 1201 : n}${u}`),
);

function valueArb(def: SegmentFieldDefinition, op: SegmentOperator): fc.Arbitrary<string> {
  switch (def.type) {
    case 'ENUM':
    case 'ENUM_LIST':
      return fc.constantFrom(...def.vocabulary!.values);
    case 'TEXT':
    case 'TEXT_LIST':
      return textArb;
    case 'INTEGER':
      return fc.integer({ min: -999, max: 99_999 }).map(String);
    case 'DECIMAL':
      return def.decimals === 2
        ? fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 99 })).map(([i, f]) => `${i}.${String(f).padStart(2, '0')}`)
        : fc.oneof(
            fc.integer({ min: -5, max: 1_000_000 }).map(String),
            fc.double({ min: 0, max: 1e6, noNaN: true }).map((d) => d.toFixed(2)),
          );
    case 'DATETIME':
    case 'DATE':
      return dateArb;
    case 'ID':
      return fc.oneof(
        fc.integer({ min: 1, max: 2_000_000 }).map(String),
        fc.integer({ min: 1, max: 2_000_000 }).map((id) => Buffer.from(`${def.idType}:${id}`).toString('base64url')),
      );
    case 'COUNTRY':
      return fc.constantFrom('CN', 'HK', 'US', 'DE');
    case 'BOOLEAN':
      return fc.constant('');
    case 'CUSTOM':
      return ['LT', 'LTE', 'GT', 'GTE'].includes(op) ? fc.oneof(fc.integer().map(String), dateArb) : textArb;
  }
}

function argumentArb(def: SegmentFieldDefinition): fc.Arbitrary<string | undefined> {
  const a = def.argument;
  if (!a) return fc.constant(undefined);
  let arb: fc.Arbitrary<string>;
  switch (a.kind) {
    case 'WINDOW':
      arb = fc.tuple(fc.integer({ min: 0, max: 3650 }), fc.constantFrom('d', 'm', '')).map(([n, u]) => `${u === 'm' ? n % 1200 : n}${u}`);
      break;
    case 'TEXT':
      arb = textArb;
      break;
    case 'CUSTOM_KEY':
      arb = fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/);
      break;
    case 'ENUM':
      arb = fc.constantFrom(...a.vocabulary!.values);
      break;
  }
  return a.required ? arb : fc.option(arb, { nil: undefined });
}

const conditionArb: fc.Arbitrary<SegmentCondition> = fc.constantFrom(...SEGMENT_FIELD_KEYS).chain((key) => {
  const def = SEGMENT_FIELDS[key];
  return fc.constantFrom(...def.operators).chain((op) => {
    const arity = OPERATOR_ARITY[op];
    const n = arity.max === 0 ? fc.constant(0) : arity.min === arity.max ? fc.constant(arity.min) : fc.integer({ min: 1, max: 4 });
    return fc
      .record({ argument: argumentArb(def), values: n.chain((k) => fc.array(valueArb(def, op), { minLength: k, maxLength: k })) })
      .map(({ argument, values }) => {
        let vs = values;
        if (op === 'BETWEEN') {
          // Check refuses an empty range of numbers or absolute days; keep them ordered.
          const numeric = def.type === 'INTEGER' || def.type === 'DECIMAL';
          if (numeric && Number(vs[0]) > Number(vs[1])) vs = [vs[1], vs[0]];
          if (!numeric && vs[0] > vs[1] && /^\d{4}/.test(vs[0]) && /^\d{4}/.test(vs[1])) vs = [vs[1], vs[0]];
          if (def.type === 'CUSTOM') vs = ['1', '2'];
        }
        const c: SegmentCondition = { kind: 'condition', field: key, op, values: vs };
        if (argument !== undefined) c.argument = argument;
        return c;
      });
  });
});

const treeArb: fc.Arbitrary<SegmentNode> = fc.letrec<{ node: SegmentNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: conditionArb, weight: 4 },
    { arbitrary: fc.array(tie('node'), { minLength: 2, maxLength: 3 }).map((nodes) => ({ kind: 'and' as const, nodes })), weight: 1 },
    { arbitrary: fc.array(tie('node'), { minLength: 2, maxLength: 3 }).map((nodes) => ({ kind: 'or' as const, nodes })), weight: 1 },
    { arbitrary: tie('node').map((node) => ({ kind: 'not' as const, node })), weight: 1 },
  ),
})).node;

describe('segmentToText', () => {
  it('generated trees are valid (else the round trip below proves little)', () => {
    fc.assert(
      fc.property(
        treeArb,
        (tree) => segmentCheck(tree).length === 0 || segmentCheck(tree).every((p) => /conditions|nested/.test(p.message.en)),
      ),
      {
        numRuns: 300,
      },
    );
  });

  it('parseSegment(segmentToText(tree)) gives the tree back', () => {
    fc.assert(
      fc.property(treeArb, (tree) => {
        expect(parseSegment(segmentToText(tree))).toEqual(tree);
      }),
      { numRuns: 1000 },
    );
  });

  it('canonical spelling', () => {
    const tree = parseSegment(
      `stage in (repeat,loyal) and not (city = '上海' or city is null) and custom(Level) = 'a"b' AND name contains "\\\\"`,
    );
    expect(segmentToText(tree)).toBe(
      'stage IN (REPEAT, LOYAL) AND NOT (city = "上海" OR city IS NULL) AND custom(level) = "a\\"b" AND name CONTAINS "\\\\"',
    );
    expect(
      segmentToText({ kind: 'and', nodes: [{ kind: 'or', nodes: [cond('kind', 'EQ', ['PERSON'])] }, cond('city_tier', 'EQ', ['1'])] }),
    ).toBe('kind = PERSON AND city_tier = 1');
    expect(segmentToText(cond('city', 'EQ', ['12']))).toBe('city = "12"');
    expect(segmentToText(cond('city_tier', 'EQ', ['12']))).toBe('city_tier = 12');
    expect(segmentToText(cond('custom', 'GTE', ['12'], 'budget'))).toBe('custom(budget) >= 12');
    expect(segmentToText(cond('custom', 'EQ', ['12'], 'budget'))).toBe('custom(budget) = "12"');
    expect(segmentToText(cond('custom', 'EQ', ['x'], 'and'))).toBe('custom("and") = "x"');
    expect(segmentToText(cond('owner', 'EQ', ['VXNlcjoxMg']))).toBe('owner = VXNlcjoxMg');
    expect(segmentToText(cond('owner', 'EQ', ['VXNl-cjox']))).toBe('owner = "VXNl-cjox"');
  });
});
