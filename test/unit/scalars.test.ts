import { GraphQLError, Kind, parse, parseValue, type OperationDefinitionNode } from 'graphql';
import { CalendarDateScalar } from '../../src/schema/scalars/calendar-date.scalar';
import { DateTimeScalar } from '../../src/schema/scalars/date-time.scalar';
import { DecimalScalar } from '../../src/schema/scalars/decimal.scalar';
import { nulInDocument, nulInVariables } from '../../src/server/nul-input.plugin';

/** What a scalar makes of a literal as written in a document, or the error it throws. */
function literal(scalar: { parseLiteral: (ast: never) => unknown }, source: string): unknown {
  try {
    return scalar.parseLiteral(parseValue(source) as never);
  } catch (error) {
    return error;
  }
}

function value(scalar: { parseValue: (v: unknown) => unknown }, input: unknown): unknown {
  try {
    return scalar.parseValue(input);
  } catch (error) {
    return error;
  }
}

function isBadUserInput(result: unknown, message?: RegExp): boolean {
  return result instanceof GraphQLError && result.extensions.code === 'BAD_USER_INPUT' && (!message || message.test(result.message));
}

describe('DateTime', () => {
  it.each([
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
    ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
    ['2024-05-01T08:30:00+08:00', '2024-05-01T00:30:00.000Z'],
    ['0001-01-01T08:00:00+08:00', '0001-01-01T00:00:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
  ])('accepts %s as %s', (input, iso) => {
    expect((value(DateTimeScalar, input) as Date).toISOString()).toBe(iso);
    expect((literal(DateTimeScalar, JSON.stringify(input)) as Date).toISOString()).toBe(iso);
  });

  it.each([
    ['year 0000', '0000-01-01T00:00:00Z'],
    ['year 0000 reached through an offset', '0001-01-01T07:59:59+08:00'],
    ['year 10000 reached through an offset', '9999-12-31T23:00:00-05:00'],
    ['a day that does not exist', '2023-02-29T00:00:00Z'],
    ['a leap second', '2016-12-31T23:59:60Z'],
    ['no offset', '2024-05-01T08:30:00'],
    ['a six-digit year', '+010000-01-01T00:00:00.000Z'],
    ['a negative year', '-000001-01-01T00:00:00.000Z'],
    ['a bare day', '2024-05-01'],
  ])('refuses %s (%s) with BAD_USER_INPUT, saying what it got', (_what, input) => {
    expect(isBadUserInput(value(DateTimeScalar, input), new RegExp(`got ${JSON.stringify(input).replace(/[+.]/g, '\\$&')}`))).toBe(true);
    expect(isBadUserInput(literal(DateTimeScalar, JSON.stringify(input)))).toBe(true);
  });

  it.each([
    ['a number (Unix time is not accepted on input)', 1714550400000, '1714550400000'],
    ['a boolean', true, 'true'],
    ['null inside an object', { a: null }, '{"a":null}'],
  ])('refuses %s', (_what, input, got) => {
    expect(isBadUserInput(value(DateTimeScalar, input), new RegExp(`got ${got.replace(/[{}]/g, '\\$&')}$`))).toBe(true);
  });

  it('refuses Date instances outside the range too (executeOperation passes them through)', () => {
    expect(isBadUserInput(value(DateTimeScalar, new Date(Date.UTC(10000, 0, 1))))).toBe(true);
    expect(isBadUserInput(value(DateTimeScalar, new Date(Number.NaN)), /an invalid Date/)).toBe(true);
    expect(value(DateTimeScalar, new Date('2024-01-01T00:00:00Z'))).toEqual(new Date('2024-01-01T00:00:00Z'));
  });

  it('serialises as graphql-scalars did: a Date, which JSON writes as ISO-8601 in UTC', () => {
    const out = DateTimeScalar.serialize(new Date('2024-05-01T00:30:00Z'));
    expect(JSON.stringify(out)).toBe('"2024-05-01T00:30:00.000Z"');
  });

  it('says what it got for a literal that is not a string', () => {
    expect(isBadUserInput(literal(DateTimeScalar, '20240501'), /got 20240501$/)).toBe(true);
  });
});

describe('Date', () => {
  it.each(['0100-01-01', '2024-02-29', '9999-12-31'])('accepts %s', (day) => {
    expect(value(CalendarDateScalar, day)).toBe(day);
    expect(literal(CalendarDateScalar, JSON.stringify(day))).toBe(day);
  });

  it.each(['0000-01-01', '0000-12-31', '2023-02-29', '10000-01-01', '-0001-01-01', '2024-1-1', '2024-01-01T00:00:00Z'])(
    'refuses %s',
    (day) => {
      expect(isBadUserInput(value(CalendarDateScalar, day), new RegExp(`from 0001-01-01 to 9999-12-31, got "${day}"`))).toBe(true);
      expect(isBadUserInput(literal(CalendarDateScalar, JSON.stringify(day)))).toBe(true);
    },
  );

  it('says what it got for a literal that is not a string', () => {
    expect(isBadUserInput(literal(CalendarDateScalar, '20240101'), /got 20240101$/)).toBe(true);
  });
});

describe('Decimal', () => {
  it.each([
    ['"1299.50"', '1299.50'],
    ['" 12 "', '12'],
    ['12', '12'],
    ['-3', '-3'],
    ['0', '0'],
    ['99999999999999', '99999999999999'],
    ['"99999999999999.999999"', '99999999999999.999999'],
  ])('reads the literal %s as %s', (source, expected) => {
    expect(literal(DecimalScalar, source)).toBe(expected);
  });

  it.each([
    ['a float', '12.5', /got the float 12\.5$/],
    ['a float with an exponent', '1e3', /got the float 1e3$/],
    ['an integer of 15 digits', '123456789012345', /got 123456789012345$/],
    ['a boolean', 'true', /got true$/],
    ['an enum value', 'TWELVE', /got TWELVE$/],
    ['a list', '["1"]', /got \["1"\]$/],
    ['an object', '{ amount: "1" }', /got \{ ?amount: "1" ?\}$/],
    ['a word', '"cheap"', /got "cheap"$/],
    ['seven decimals', '"1.0000001"', /got "1\.0000001"$/],
  ])('refuses %s literal and says what it got', (_what, source, message) => {
    expect(isBadUserInput(literal(DecimalScalar, source), message)).toBe(true);
  });

  it.each([
    ['a string', '12.50', '12.50'],
    ['an integer', 12, '12'],
    ['a negative integer', -4, '-4'],
  ])('accepts %s in a variable', (_what, input, expected) => {
    expect(value(DecimalScalar, input)).toBe(expected);
  });

  it.each([
    ['a number with a fraction (already rounded to binary)', 0.1, /send it as a string \("0\.1"\), got 0\.1$/],
    ['an integer beyond 2^53', 2 ** 60, /got 1152921504606847000$/],
    ['an infinite number', Number.POSITIVE_INFINITY, /got Infinity$/],
    ['a boolean', false, /got false$/],
    ['an object', { a: 1 }, /got \{"a":1\}$/],
  ])('refuses %s in a variable', (_what, input, message) => {
    expect(isBadUserInput(value(DecimalScalar, input), message)).toBe(true);
  });
});

describe('NUL in the input', () => {
  const operationOf = (source: string) =>
    parse(source).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;

  it.each([
    ['query { a(x: "a\\u0000b") }', 'Argument "x" of field "a" holds a NUL character (U+0000): PostgreSQL cannot store it in text.'],
    ['query { a(x: "a\\u{0}b") }', 'Argument "x" of field "a" holds a NUL character (U+0000): PostgreSQL cannot store it in text.'],
    [
      'query { a(x: { y: [{ z: "ok" }, { z: "\\u0000" }] }) }',
      'Argument "x" of field "a" holds a NUL character (U+0000) at x.y[1].z: PostgreSQL cannot store it in text.',
    ],
    [
      'query { a @d(x: ["\\u0000"]) }',
      'Argument "x" of directive "@d" holds a NUL character (U+0000) at x[0]: PostgreSQL cannot store it in text.',
    ],
    [
      'query { ...F } fragment F on Q { b { c(x: "\\u0000") } }',
      'Argument "x" of field "c" holds a NUL character (U+0000): PostgreSQL cannot store it in text.',
    ],
    [
      'query($v: I = { y: "\\u0000" }) { a(x: $v) }',
      'The default value of variable "$v" holds a NUL character (U+0000) at $v.y: PostgreSQL cannot store it in text.',
    ],
  ])('finds it in %s', (source, message) => {
    const error = nulInDocument(parse(source));
    expect(error?.message).toBe(message);
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', http: { status: 400 } });
    expect(error?.locations).toHaveLength(1);
  });

  it('finds nothing in a document without NUL', () => {
    expect(nulInDocument(parse('query($v: String = "ok") { a(x: "b\\u0001", y: 1, z: ENUM, w: ["中文"]) }'))).toBeUndefined();
  });

  it.each([
    [{ v: 'a\u0000' }, 'Variable "$v" holds a NUL character (U+0000): PostgreSQL cannot store it in text.'],
    [
      { v: { a: [1, 'ok', { b: 'x\u0000' }] } },
      'Variable "$v" holds a NUL character (U+0000) at $v.a[2].b: PostgreSQL cannot store it in text.',
    ],
    [{ v: { 'odd key': '\u0000' } }, 'Variable "$v" holds a NUL character (U+0000) at $v["odd key"]: PostgreSQL cannot store it in text.'],
  ])('finds it in the variables %j', (variables, message) => {
    expect(nulInVariables(variables, operationOf('query($v: I) { a(x: $v) }'))?.message).toBe(message);
  });

  it('looks only at the variables the operation declares (graphql-js ignores the others)', () => {
    expect(nulInVariables({ unused: '\u0000', v: 'ok' }, operationOf('query($v: String) { a(x: $v) }'))).toBeUndefined();
  });

  it('walks 100,000 levels of nesting without overflowing the stack', () => {
    let deep: unknown = 'a\u0000';
    for (let i = 0; i < 100_000; i++) deep = { and: [deep] };
    const error = nulInVariables({ v: deep }, operationOf('query($v: F) { a(x: $v) }'));
    expect(error?.message).toBe(
      `Variable "$v" holds a NUL character (U+0000) at $v${'.and[0]'.repeat(4)}.and…(199981 more)…${'.and[0]'.repeat(5)}: PostgreSQL cannot store it in text.`,
    );
    let clean: unknown = 'ok';
    for (let i = 0; i < 100_000; i++) clean = [clean];
    expect(nulInVariables({ v: clean }, operationOf('query($v: F) { a(x: $v) }'))).toBeUndefined();
  });
});
