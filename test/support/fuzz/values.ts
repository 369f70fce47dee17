import fc from 'fast-check';
import type { Rng } from './rng';

/**
 * An argument value as both a GraphQL literal and a JSON variable can carry it: enums print
 * bare in GraphQL, numbers too large for a double print as their digits, and a filter nested
 * 100,000 levels prints without recursion.
 */
export type Val = null | boolean | number | string | Val[] | { [key: string]: Val } | EnumVal | RawNumber | Nested;

export class EnumVal {
  constructor(readonly name: string) {}
}

/** A number written as given, e.g. `1e999`, `123456789012345678901234567890`, `-0`. */
export class RawNumber {
  constructor(readonly text: string) {}
}

/** `{ key: { key: … leaf … } }` `depth` levels deep (CustomerSegmentFilter's `not`). */
export class Nested {
  constructor(
    readonly key: string,
    readonly depth: number,
    readonly leaf: Val,
  ) {}
}

function printNested(v: Nested, print: (x: Val) => string, colon: string): string {
  const open = `{${colon === ':' ? JSON.stringify(v.key) : v.key}:`;
  return open.repeat(v.depth) + print(v.leaf) + '}'.repeat(v.depth);
}

/** As a GraphQL literal (inline argument). */
export function toLiteral(v: Val): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '1e999';
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof EnumVal) return v.name;
  if (v instanceof RawNumber) return v.text;
  if (v instanceof Nested) return printNested(v, toLiteral, '');
  if (Array.isArray(v)) return `[${v.map(toLiteral).join(', ')}]`;
  return `{${Object.entries(v)
    .map(([k, x]) => `${k}: ${toLiteral(x)}`)
    .join(', ')}}`;
}

/** As JSON text (a variable's value). */
export function toJson(v: Val | undefined): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '1e999';
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof EnumVal) return JSON.stringify(v.name);
  if (v instanceof RawNumber) return v.text;
  if (v instanceof Nested) return printNested(v, toJson, ':');
  if (Array.isArray(v)) return `[${v.map(toJson).join(',')}]`;
  return `{${Object.entries(v)
    .map(([k, x]) => `${JSON.stringify(k)}:${toJson(x)}`)
    .join(',')}}`;
}

const anyInt = () => fc.integer();
const anyDouble = () => fc.double({ noNaN: true, noDefaultInfinity: true });
const anyDate = () => fc.date({ noInvalidDate: true });
/** Any code points, lone surrogates included (fast-check's `unit: 'binary'` is slow to build). */
const binaryString = () => fc.array(fc.integer({ min: 0, max: 0x10ffff }), { maxLength: 30 }).map((cps) => String.fromCodePoint(...cps));
const graphemeString = () => fc.string({ unit: 'grapheme', maxLength: 20 });
const asciiString = () => fc.string({ unit: 'grapheme-ascii', maxLength: 20 });

const LONE_SURROGATES = ['\uD800', '\uDFFF', 'a\uDC00b', '\uD83D'];
const NASTY_STRINGS = [
  '',
  ' ',
  'a\u0000b',
  '\u0000',
  '客户\u0000',
  '😀',
  '👨‍👩‍👧‍👦',
  '上海市徐汇区',
  '𠀀𪚥', // beyond the BMP (CJK extension B)
  '\u202Eevil', // right-to-left override
  '\uFEFF', // BOM
  "Robert'); DROP TABLE customer;--",
  '%_\\',
  '${x}{{x}}',
  '<script>alert(1)</script>',
  '\t\n\r\u000b\f',
  'x'.repeat(10_000),
  '字'.repeat(3_000),
  ...LONE_SURROGATES,
];

/** A string somebody could send: nasty, unicode, NUL, lone surrogates, long. */
export function nastyString(r: Rng): string {
  return r.weighted<() => string>([
    [2, () => r.pick(['a\u0000b', '\u0000', `${r.pick(['客户', 'x', ''])}\u0000${r.pick(['', 'y', '😀'])}`])],
    [5, () => r.pick(NASTY_STRINGS)],
    [2, () => r.draw(binaryString)],
    [2, () => r.draw(graphemeString)],
    [1, () => r.draw(asciiString)],
    [1, () => r.pick(NASTY_STRINGS) + r.pick(NASTY_STRINGS)],
  ])();
}

export const INT_EXTREMES = [0, 1, -1, 2, 7, 99, 100, 101, 1000, 2_147_483_647, -2_147_483_648];
// eslint-disable-next-line no-loss-of-precision -- 2^53 + 1 on purpose: a value JSON cannot carry exactly
const INT_OUT_OF_RANGE = [2_147_483_648, -2_147_483_649, 9_007_199_254_740_993, 1e21];
const FLOAT_EXTREMES = [0, -0, 0.5, -1.5, 1e308, -1e308, 5e-324, 1.7976931348623157e308, 3.14159, 100.001];
const RAW_NUMBERS = ['1e999', '-1e999', '123456789012345678901234567890', '1e-999', '-0', '0.0000000000000000000001'];

/** `clean`: within GraphQL's 32-bit Int, so the request passes validation. */
export function intValue(r: Rng, clean: boolean): Val {
  return r.weighted<() => Val>([
    [6, () => r.pick(INT_EXTREMES)],
    [2, () => r.draw(anyInt)],
    [clean ? 0 : 1, () => r.pick(INT_OUT_OF_RANGE)],
    [clean ? 0 : 1, () => new RawNumber(r.pick(RAW_NUMBERS))],
  ])();
}

export function floatValue(r: Rng): Val {
  return r.weighted<() => Val>([
    [5, () => r.pick(FLOAT_EXTREMES)],
    [2, () => r.draw(anyDouble)],
    [1, () => new RawNumber(r.pick(RAW_NUMBERS))],
    [1, () => r.pick(INT_EXTREMES)],
  ])();
}

const DATE_TIMES = [
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '99999-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '1970-01-01T00:00:00Z',
  '2024-02-30T00:00:00Z',
  '2024-02-29T23:59:60Z',
  '2025-06-01T12:00:00+14:00',
  '2025-06-01T12:00:00.123456789Z',
  '2025-06-01',
  '2025-06-01T12:00:00',
  'now',
  'not a date',
];
const DATES = [
  '0000-01-01',
  '0001-01-01',
  '9999-12-31',
  '10000-01-01',
  '99999-12-31',
  '2024-02-30',
  '2025-13-01',
  '2025-06-01',
  '2025-6-1',
  '-0001-01-01',
  '2025-06-01T00:00:00Z',
];
const DECIMALS = [
  '0',
  '-0',
  '1299.50',
  '1e400',
  '1E-400',
  'NaN',
  'Infinity',
  '-Infinity',
  '0x1F',
  ' 12 ',
  '1'.repeat(1_000),
  `0.${'1'.repeat(200)}`,
  '99999999999999999999.99',
  '-1',
  '1,000.00',
  '１２',
];

export function dateTimeValue(r: Rng): Val {
  return r.weighted<() => Val>([
    [
      6,
      () =>
        r.pick([
          '0000-01-01T00:00:00Z',
          '0000-12-31T23:59:59+08:00',
          '0000-06-01T00:00:00.000Z',
          '99999-01-01T00:00:00Z',
          '10000-01-01T00:00:00Z',
        ]),
    ],
    [6, () => r.pick(DATE_TIMES)],
    [2, () => r.draw(anyDate).toISOString()],
    [1, () => r.pick([0, -1, 8.64e15, 8.64e15 + 1, 1e20, -62198755200000])], // graphql-scalars reads numbers as Unix time
    [1, () => nastyString(r)],
  ])();
}

export function dateValue(r: Rng): Val {
  return r.weighted<() => Val>([
    [6, () => r.pick(['0000-01-01', '0000-12-31', '99999-01-01', '10000-01-01'])],
    [6, () => r.pick(DATES)],
    [2, () => r.draw(anyDate).toISOString().slice(0, 10)],
    [1, () => nastyString(r)],
  ])();
}

export function decimalValue(r: Rng): Val {
  return r.weighted<() => Val>([
    [6, () => r.pick(DECIMALS)],
    [2, () => String(r.draw(anyDouble))],
    [1, () => r.pick(INT_EXTREMES)], // an integer literal: exact
    [1, () => floatValue(r)],
  ])();
}

/** A value of the wrong shape for whatever was asked. */
export function wrongValue(r: Rng): Val {
  return r.pick<() => Val>([
    () => 'wrong',
    () => 42,
    () => 4.2,
    () => true,
    () => ({}),
    () => [],
    () => ({ a: 1 }),
    () => [[1, 'x'], null],
    () => new RawNumber('1e999'),
    () => new EnumVal('NOT_A_VALUE'),
  ])();
}
