/**
 * Custom fields (DOMAIN C4): the company defines typed fields; every value is validated
 * against its definition and stored in a canonical string form, so SQL can compare it
 * (`::numeric`, `::date`) without floats.
 */
import { isCalendarDay } from '../common/calendar';
import { assertNever } from '../common/assert-never';
import { say, type Bilingual } from '../common/bilingual';

export const CUSTOM_FIELD_TYPES = ['TEXT', 'NUMBER', 'DATE', 'OPTION'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

export interface CustomFieldRule {
  key: string;
  type: CustomFieldType;
  options: readonly string[];
  required: boolean;
  active: boolean;
}

export type CustomFieldCheck = { ok: true; value: string } | { ok: false; message: Bilingual };

export const CUSTOM_FIELD_KEY_PATTERN = /^[a-z][a-z0-9_]{0,49}$/;
export const MAX_TEXT_LENGTH = 1000;
/** Names of Object.prototype members: values are kept in a plain JSON object. */
const RESERVED_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));
const DECIMAL = /^-?\d{1,15}(\.\d{1,6})?$/;

/** Canonical form of a decimal string: no leading zeros, no trailing fractional zeros. */
function canonicalDecimal(value: string): string {
  const negative = value.startsWith('-');
  const [intPart, frac = ''] = value.replace('-', '').split('.');
  const int = intPart.replace(/^0+(?=\d)/, '');
  const fraction = frac.replace(/0+$/, '');
  const body = fraction ? `${int}.${fraction}` : int;
  return negative && body !== '0' ? `-${body}` : body;
}

export function checkCustomFieldValue(rule: CustomFieldRule, raw: string): CustomFieldCheck {
  const value = raw.trim();
  if (!rule.active) return { ok: false, message: say(`自定义字段“${rule.key}”已停用`, `custom field "${rule.key}" is inactive`) };
  switch (rule.type) {
    case 'TEXT':
      if (value.length === 0) return { ok: false, message: say('不能为空', 'must not be empty') };
      if (value.length > MAX_TEXT_LENGTH)
        return { ok: false, message: say(`最多 ${MAX_TEXT_LENGTH} 个字符`, `must be at most ${MAX_TEXT_LENGTH} characters`) };
      return { ok: true, value };
    case 'NUMBER':
      if (!DECIMAL.test(value))
        return {
          ok: false,
          message: say(
            `“${raw}”不是数字（整数部分最多 15 位，小数最多 6 位）`,
            `"${raw}" is not a number (up to 15 digits and 6 decimals)`,
          ),
        };
      return { ok: true, value: canonicalDecimal(value) };
    case 'DATE':
      if (!isCalendarDay(value))
        return { ok: false, message: say(`“${raw}”不是 YYYY-MM-DD 格式的日期`, `"${raw}" is not a date in YYYY-MM-DD form`) };
      return { ok: true, value };
    case 'OPTION':
      if (!rule.options.includes(value)) {
        return {
          ok: false,
          message: say(`“${raw}”不是可选项之一：${rule.options.join('、')}`, `"${raw}" is not one of: ${rule.options.join(', ')}`),
        };
      }
      return { ok: true, value };
    default:
      return assertNever(rule.type);
  }
}

export interface CustomFieldDefinitionShape {
  key: string;
  type: CustomFieldType;
  options: readonly string[];
}

/** Problems with a definition itself, as [field, message] pairs. */
export function checkCustomFieldDefinition(def: CustomFieldDefinitionShape): Array<[string, Bilingual]> {
  const problems: Array<[string, Bilingual]> = [];
  if (!CUSTOM_FIELD_KEY_PATTERN.test(def.key)) {
    problems.push([
      'key',
      say(
        '必须以小写字母开头，只能使用 a-z、0-9 和 _（最多 50 个字符）',
        'must start with a lower-case letter and use only a-z, 0-9 and _ (at most 50)',
      ),
    ]);
  } else if (RESERVED_KEYS.has(def.key)) {
    problems.push(['key', say(`“${def.key}”是保留名称`, `"${def.key}" is reserved`)]);
  }
  if (def.type === 'OPTION') {
    if (def.options.length === 0)
      problems.push(['options', say('OPTION 类型的字段至少需要一个选项', 'an OPTION field needs at least one option')]);
    if (new Set(def.options).size !== def.options.length) problems.push(['options', say('选项不能重复', 'options must be distinct')]);
    if (def.options.some((o) => o.trim() === '')) problems.push(['options', say('选项不能为空', 'options must not be empty')]);
  } else if (def.options.length > 0) {
    problems.push([
      'options',
      say(`只有 OPTION 类型的字段才有选项，${def.type} 类型没有`, `only OPTION fields take options, not ${def.type}`),
    ]);
  }
  return problems;
}
