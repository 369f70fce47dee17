import {
  CUSTOM_FIELD_TYPES,
  MAX_TEXT_LENGTH,
  checkCustomFieldDefinition,
  checkCustomFieldValue,
  type CustomFieldDefinitionShape,
  type CustomFieldRule,
  type CustomFieldType,
} from '../../src/domain/customer/custom-field';
import { isCalendarDay } from '../../src/domain/common/calendar';

/** A message in both languages: the English as given, the Chinese beside it. */
const said = (en: string) => ({ zh: expect.stringMatching(/[\u4e00-\u9fff]/), en });

function rule(type: CustomFieldType, overrides: Partial<CustomFieldRule> = {}): CustomFieldRule {
  return {
    key: `f_${type.toLowerCase()}`,
    type,
    options: type === 'OPTION' ? ['gold', 'silver', 'bronze'] : [],
    required: false,
    active: true,
    ...overrides,
  };
}

describe('checkCustomFieldValue: TEXT', () => {
  it.each([
    ['plain', 'hello', 'hello'],
    ['trimmed', '  hello world  ', 'hello world'],
    ['CJK', '上海市徐汇区', '上海市徐汇区'],
    ['one character', 'x', 'x'],
    ['exactly the maximum', 'a'.repeat(MAX_TEXT_LENGTH), 'a'.repeat(MAX_TEXT_LENGTH)],
    ['maximum after trimming', `  ${'a'.repeat(MAX_TEXT_LENGTH)}  `, 'a'.repeat(MAX_TEXT_LENGTH)],
  ])('%s: accepted as %p', (_label, raw, expected) => {
    expect(checkCustomFieldValue(rule('TEXT'), raw)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['empty', '', 'must not be empty'],
    ['only whitespace', ' \t\n ', 'must not be empty'],
    ['one over the maximum', 'a'.repeat(MAX_TEXT_LENGTH + 1), `must be at most ${MAX_TEXT_LENGTH} characters`],
  ])('%s: refused with %p', (_label, raw, message) => {
    expect(checkCustomFieldValue(rule('TEXT'), raw)).toEqual({ ok: false, message: said(message) });
  });

  it('has a maximum of 1000', () => {
    expect(MAX_TEXT_LENGTH).toBe(1000);
  });
});

describe('checkCustomFieldValue: NUMBER', () => {
  it.each([
    ['012.50', '12.5'],
    ['-0.0', '0'],
    ['-0', '0'],
    ['0', '0'],
    ['000', '0'],
    ['0.0', '0'],
    ['-0.000000', '0'],
    ['1.000000', '1'],
    ['12', '12'],
    ['-12', '-12'],
    ['-012.500', '-12.5'],
    ['0.5', '0.5'],
    ['00.050', '0.05'],
    ['-0.05', '-0.05'],
    ['100', '100'],
    ['1.123456', '1.123456'],
    ['0.000001', '0.000001'],
    ['123456789012345', '123456789012345'],
    ['-123456789012345.999999', '-123456789012345.999999'],
    ['  42  ', '42'],
  ])('%p → canonical %p', (raw, expected) => {
    expect(checkCustomFieldValue(rule('NUMBER'), raw)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['exponent', '1e5'],
    ['upper-case exponent', '1E5'],
    ['more than 6 decimals', '1.1234567'],
    ['more than 6 decimals, all zero', '1.0000000'],
    ['more than 15 integer digits', '1234567890123456'],
    ['empty', ''],
    ['whitespace', '   '],
    ['leading plus', '+1'],
    ['bare fraction', '.5'],
    ['trailing dot', '1.'],
    ['thousands separator', '1,000'],
    ['decimal comma', '1,5'],
    ['hex', '0x10'],
    ['NaN', 'NaN'],
    ['Infinity', 'Infinity'],
    ['double minus', '--1'],
    ['lone minus', '-'],
    ['inner space', '1 000'],
    ['words', 'twelve'],
    ['full-width digits', '１２'],
  ])('%s: %p is refused', (_label, raw) => {
    const result = checkCustomFieldValue(rule('NUMBER'), raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message.en).toContain(`"${raw}" is not a number`);
  });
});

describe('checkCustomFieldValue: DATE', () => {
  it.each([
    ['leap day in a leap year', '2024-02-29'],
    ['leap day in a 400-year', '2000-02-29'],
    ['first day', '2024-01-01'],
    ['last day', '2024-12-31'],
    ['30-day month end', '2024-04-30'],
    ['far future', '9999-12-31'],
  ])('%s: %p accepted unchanged', (_label, raw) => {
    expect(checkCustomFieldValue(rule('DATE'), raw)).toEqual({ ok: true, value: raw });
  });

  it('trims surrounding whitespace', () => {
    expect(checkCustomFieldValue(rule('DATE'), ' 2024-03-15 ')).toEqual({ ok: true, value: '2024-03-15' });
  });

  it.each([
    ['leap day in a common year', '2023-02-29'],
    ['leap day in a century non-leap year', '1900-02-29'],
    ['month 13', '2024-13-01'],
    ['month 00', '2024-00-10'],
    ['day 00', '2024-01-00'],
    ['day 32', '2024-01-32'],
    ['31st of a 30-day month', '2024-04-31'],
    ['single-digit month and day', '2024-1-1'],
    ['no separators', '20240101'],
    ['slashes', '2024/01/01'],
    ['with a time', '2024-01-01T00:00:00Z'],
    ['two-digit year', '24-01-01'],
    ['empty', ''],
    ['words', 'tomorrow'],
  ])('%s: %p is refused', (_label, raw) => {
    expect(checkCustomFieldValue(rule('DATE'), raw)).toEqual({
      ok: false,
      message: said(`"${raw}" is not a date in YYYY-MM-DD form`),
    });
  });
});

describe('checkCustomFieldValue: OPTION', () => {
  it.each([
    ['gold', 'gold'],
    ['silver', 'silver'],
    ['  bronze  ', 'bronze'],
  ])('%p is one of the options → %p', (raw, expected) => {
    expect(checkCustomFieldValue(rule('OPTION'), raw)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['not an option', 'platinum'],
    ['different case', 'Gold'],
    ['empty', ''],
    ['prefix of an option', 'gol'],
    ['two options joined', 'gold,silver'],
  ])('%s: %p is refused and the options are listed', (_label, raw) => {
    expect(checkCustomFieldValue(rule('OPTION'), raw)).toEqual({
      ok: false,
      message: said(`"${raw}" is not one of: gold, silver, bronze`),
    });
  });

  it('refuses every value when the definition has no options', () => {
    expect(checkCustomFieldValue(rule('OPTION', { options: [] }), 'gold').ok).toBe(false);
  });
});

describe('checkCustomFieldValue: inactive definitions', () => {
  const validValue: Record<CustomFieldType, string> = {
    TEXT: 'hello',
    NUMBER: '12.5',
    DATE: '2024-02-29',
    OPTION: 'gold',
  };

  it.each(CUSTOM_FIELD_TYPES.map((t) => [t]))('an active %s field accepts the sample value', (type) => {
    expect(checkCustomFieldValue(rule(type), validValue[type]).ok).toBe(true);
  });

  it.each(CUSTOM_FIELD_TYPES.map((t) => [t]))('an inactive %s field refuses even a valid value', (type) => {
    const r = rule(type, { active: false, key: 'vip_level' });
    expect(checkCustomFieldValue(r, validValue[type])).toEqual({
      ok: false,
      message: said('custom field "vip_level" is inactive'),
    });
  });
});

describe('isCalendarDay', () => {
  it.each([
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['2024-12-31', true],
    ['1970-01-01', true],
    ['2023-02-28', true],
    ['2023-02-29', false],
    ['2100-02-29', false],
    ['0001-01-01', true],
    ['0099-12-31', true],
    ['0004-02-29', true],
    ['0100-02-29', false],
    ['0000-01-01', false],
    ['2024-13-01', false],
    ['2024-06-31', false],
    ['2024-1-1', false],
    ['2024-01-1', false],
    [' 2024-01-01', false],
    ['2024-01-01 ', false],
    ['2024-01-01T00:00', false],
    ['abcd-ef-gh', false],
    ['', false],
  ])('%p → %p', (value, expected) => {
    expect(isCalendarDay(value)).toBe(expected);
  });
});

describe('checkCustomFieldDefinition', () => {
  const def = (d: Partial<CustomFieldDefinitionShape>): CustomFieldDefinitionShape => ({
    key: 'vip_level',
    type: 'TEXT',
    options: [],
    ...d,
  });
  const KEY_PROBLEM = ['key', said('must start with a lower-case letter and use only a-z, 0-9 and _ (at most 50)')];

  it.each([['a'], ['vip_level'], ['x1'], ['a_'], ['a'.repeat(50)], [`a${'_9'.repeat(24)}b`]])('key %p is accepted', (key) => {
    expect(checkCustomFieldDefinition(def({ key }))).toEqual([]);
  });

  it.each([
    ['empty', ''],
    ['starts with a digit', '1abc'],
    ['starts with underscore', '_abc'],
    ['upper case', 'Abc'],
    ['upper case inside', 'vipLevel'],
    ['hyphen', 'vip-level'],
    ['space', 'vip level'],
    ['dot', 'vip.level'],
    ['accented letter', 'café'],
    ['51 characters', 'a'.repeat(51)],
    ['trailing newline', 'abc\n'],
  ])('key %s (%p) is refused', (_label, key) => {
    expect(checkCustomFieldDefinition(def({ key }))).toEqual([KEY_PROBLEM]);
  });

  it.each([
    ['one option', ['gold']],
    ['several distinct options', ['gold', 'silver', 'bronze']],
    ['options differing only in case', ['Gold', 'gold']],
  ])('OPTION with %s is accepted', (_label, options) => {
    expect(checkCustomFieldDefinition(def({ type: 'OPTION', options }))).toEqual([]);
  });

  it.each([
    ['no options', [], [['options', 'an OPTION field needs at least one option']]],
    ['duplicate options', ['gold', 'gold'], [['options', 'options must be distinct']]],
    ['an empty option', ['gold', ''], [['options', 'options must not be empty']]],
    ['a whitespace option', ['gold', '   '], [['options', 'options must not be empty']]],
    [
      'duplicate empty options',
      ['', ''],
      [
        ['options', 'options must be distinct'],
        ['options', 'options must not be empty'],
      ],
    ],
  ])('OPTION with %s is refused', (_label, options, problems) => {
    expect(checkCustomFieldDefinition(def({ type: 'OPTION', options }))).toEqual(problems.map(([field, en]) => [field, said(en)]));
  });

  it.each((['TEXT', 'NUMBER', 'DATE'] as const).map((t) => [t]))('%s without options is accepted', (type) => {
    expect(checkCustomFieldDefinition(def({ type, options: [] }))).toEqual([]);
  });

  it.each((['TEXT', 'NUMBER', 'DATE'] as const).map((t) => [t]))('%s with options is refused', (type) => {
    expect(checkCustomFieldDefinition(def({ type, options: ['a'] }))).toEqual([
      ['options', said(`only OPTION fields take options, not ${type}`)],
    ]);
  });

  it('reports a bad key and bad options together, key first', () => {
    expect(checkCustomFieldDefinition({ key: 'Bad Key', type: 'OPTION', options: [] })).toEqual([
      KEY_PROBLEM,
      ['options', said('an OPTION field needs at least one option')],
    ]);
  });
});
