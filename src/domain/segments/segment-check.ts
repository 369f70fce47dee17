import { CUSTOM_FIELD_KEY_PATTERN } from '../customer/custom-field';
import {
  OPERATOR_ARITY,
  SEGMENT_FIELD_KEYS,
  SEGMENT_LIMITS,
  isSegmentOperator,
  type SegmentNode,
  type SegmentOperator,
  type SegmentProblem,
} from './segment-ast';
import {
  COUNTRY_PATTERN,
  DECIMAL_PATTERN,
  INTEGER_PATTERN,
  ORDERING_OPS,
  SEGMENT_OPERATOR_INFO,
  isSegmentDate,
  isSegmentWindow,
  segmentField,
  segmentIdValue,
  type SegmentFieldDefinition,
} from './segment-fields';
import { isCalendarDay } from '../common/calendar';
import { say, verbatim, type Bilingual } from '../common/bilingual';

/**
 * The checker of the language: every condition against the catalogue (field, argument,
 * operator, number of values, each value's type), and the tree's shape and size. The text
 * parser runs the same condition check as it reads, so its errors carry a position; the
 * typed form and saved trees are checked by `segmentCheck`.
 */

/** Which part of a condition a problem is about. */
export type ConditionPart = 'field' | 'argument' | 'op' | 'values' | { value: number };

export interface ConditionProblem {
  part: ConditionPart;
  message: Bilingual;
  /** What would have been right there, for a parse error's `expected`. */
  expected: Bilingual[];
  /** Why, when "expected … but found …" does not say it all (a parse error adds it in parentheses). */
  detail?: Bilingual;
}

export interface ConditionShape {
  field: string;
  argument?: string | null;
  op: string;
  values: readonly string[];
}

/**
 * Chinese text from parts: a space where a Chinese character meets a Latin letter, digit or
 * sign across a `${…}` (`应为 AND`, `最多 200 个`), none elsewhere (`应为整数`, `“x”不是`).
 */
export function zh(strings: TemplateStringsArray, ...values: Array<string | number>): string {
  return values.reduce<string>((text, value, i) => spaced(spaced(text, String(value)), strings[i + 1]), strings[0]);
}

const CJK = /[\u3400-\u9fff]/;
const LATIN = /[\x21-\x7e]/;

function spaced(a: string, b: string): string {
  if (!a || !b) return a + b;
  const x = a[a.length - 1];
  const y = b[0];
  return (CJK.test(x) && LATIN.test(y)) || (LATIN.test(x) && CJK.test(y)) ? `${a} ${b}` : a + b;
}

const list = (items: readonly string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;

const listZh = (items: readonly string[]) =>
  items.length <= 1 ? (items[0] ?? '') : zh`${items.slice(0, -1).join('、')}或${items[items.length - 1]}`;

/** `A, B or C` / `A、B 或 C`. */
export function eitherOf(items: readonly Bilingual[]): Bilingual {
  return say(listZh(items.map((i) => i.zh)), list(items.map((i) => i.en)));
}

/** The spelling of an operator in the text form (IS_TRUE: the field by itself). */
export function operatorText(op: SegmentOperator): string {
  return op === 'IS_TRUE' ? '(the condition by itself)' : SEGMENT_OPERATOR_INFO[op].text;
}

/** `operatorText` in both languages. */
function operatorSaid(op: SegmentOperator): Bilingual {
  return op === 'IS_TRUE' ? say('（条件本身）', operatorText(op)) : verbatim(operatorText(op));
}

/** An operator as an expected token: keywords bare (IN, NOT IN), signs in quotes ("="). */
export function operatorExpected(op: SegmentOperator): Bilingual {
  const said = operatorSaid(op);
  return /^[A-Z ]+$/.test(said.en) ? said : say(`"${said.zh}"`, `"${said.en}"`);
}

/** The same words for the same limits in the typed form (segment-input) and here. */
export const tooDeep = (): Bilingual =>
  say(`筛选嵌套超过 ${SEGMENT_LIMITS.depth} 层`, `the filter is nested deeper than ${SEGMENT_LIMITS.depth} levels`);
export const needsOneFilter = (kind: 'and' | 'or'): Bilingual => say(`${kind} 中至少要有一个筛选条件`, `${kind} needs at least one filter`);

const ID_TYPES_ZH: Record<NonNullable<SegmentFieldDefinition['idType']>, string> = { User: '用户', Department: '部门', Store: '门店' };

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

/** The closest field key to a misspelt one, when close enough to suggest. */
export function suggestSegmentField(word: string): string | null {
  const w = word.toLowerCase();
  let best: { key: string; distance: number } | null = null;
  for (const key of SEGMENT_FIELD_KEYS) {
    const distance = levenshtein(w, key);
    if (!best || distance < best.distance) best = { key, distance };
  }
  return best && best.distance <= 2 && best.distance < best.key.length / 2 ? best.key : null;
}

export function unknownFieldMessage(field: string): Bilingual {
  const suggestion = suggestSegmentField(field);
  return say(
    `未知字段“${field}”${suggestion ? `（是否想写 ${suggestion}？）` : ''}`,
    `unknown field "${field}"${suggestion ? ` (did you mean ${suggestion}?)` : ''}`,
  );
}

/** What a value of the field looks like, for messages and parse errors. */
export function expectedValueText(def: SegmentFieldDefinition, op?: SegmentOperator): Bilingual {
  const text = say('带引号的文本', 'a "text"');
  switch (def.type) {
    case 'ENUM':
    case 'ENUM_LIST': {
      const codes = def.vocabulary!.values;
      return say(`${def.label.zh}代码（${codes.join('、')}）`, `a ${def.label.en.toLowerCase()} code (${codes.join(', ')})`);
    }
    case 'TEXT':
    case 'TEXT_LIST':
      return text;
    case 'INTEGER':
      return say('整数', 'a whole number');
    case 'DECIMAL':
      return def.decimals != null
        ? say(`最多 ${def.decimals} 位小数的数字`, `a number with at most ${def.decimals} decimals`)
        : say('数字', 'a number');
    case 'DATETIME':
    case 'DATE':
      return say('日期（2026-01-01，或相对今天的 -90d、-3m）', 'a date (2026-01-01, or -90d, -3m relative to today)');
    case 'ID':
      return say(`${ID_TYPES_ZH[def.idType!]} ID`, `a ${def.idType!.toLowerCase()} id`);
    case 'COUNTRY':
      return say('两位字母的国家代码（CN）', 'a two-letter country code (CN)');
    case 'BOOLEAN':
      return say('无值', 'no value');
    case 'CUSTOM':
      return op && ORDERING_OPS.includes(op) ? say('数字或日期（2026-01-01、-90d）', 'a number or a date (2026-01-01, -90d)') : text;
  }
}

function checkText(value: string): Bilingual | null {
  if (value.length === 0) return say('不能为空', 'must not be empty');
  if (value.length > SEGMENT_LIMITS.valueLength) {
    return say(`最多 ${SEGMENT_LIMITS.valueLength} 个字符`, `must be at most ${SEGMENT_LIMITS.valueLength} characters`);
  }
  // PostgreSQL text cannot hold NUL: refuse it here rather than fail the statement.
  if (value.includes('\u0000')) return say('不能包含 NUL 字符', 'must not contain the NUL character');
  return null;
}

/** Why `value` is not a value of the field under `op`, or null when it is. */
export function checkSegmentValue(def: SegmentFieldDefinition, op: SegmentOperator, value: string): Bilingual | null {
  const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
  const expected = expectedValueText(def, op);
  const notA = say(`“${shown}”不是${expected.zh}`, `"${shown}" is not ${expected.en}`);
  const aValue = (problem: Bilingual | null) => (problem ? say(`值${problem.zh}`, `a value ${problem.en}`) : null);
  switch (def.type) {
    case 'ENUM':
    case 'ENUM_LIST':
      return def.vocabulary!.values.includes(value) ? null : notA;
    case 'TEXT':
    case 'TEXT_LIST':
      return aValue(checkText(value));
    case 'INTEGER':
      return INTEGER_PATTERN.test(value) ? null : notA;
    case 'DECIMAL': {
      if (!DECIMAL_PATTERN.test(value)) return notA;
      const decimals = value.split('.')[1]?.length ?? 0;
      return def.decimals != null && decimals > def.decimals ? notA : null;
    }
    case 'DATETIME':
    case 'DATE':
      return isSegmentDate(value) ? null : notA;
    case 'ID':
      return segmentIdValue(value, def.idType!) != null ? null : notA;
    case 'COUNTRY':
      return COUNTRY_PATTERN.test(value) ? null : notA;
    case 'BOOLEAN':
      return say(`${def.key} 不带值`, `${def.key} takes no value`);
    case 'CUSTOM':
      if (ORDERING_OPS.includes(op)) {
        return DECIMAL_PATTERN.test(value) || isSegmentDate(value) ? null : notA;
      }
      return aValue(checkText(value));
  }
}

/** Whether a custom field's ordering compares numbers (else days). */
export function customComparesNumbers(values: readonly string[]): boolean {
  return values.every((v) => DECIMAL_PATTERN.test(v));
}

function checkArgument(def: SegmentFieldDefinition, argument: string | null | undefined): ConditionProblem[] {
  const a = def.argument;
  const problem = (message: Bilingual, expected: Bilingual, detail?: Bilingual): ConditionProblem[] => [
    { part: 'argument', message, expected: [expected], ...(detail ? { detail } : {}) },
  ];
  if (!a) {
    const takesNone = say(`${def.key} 不带参数`, `${def.key} takes no argument`);
    return argument != null ? problem(takesNone, say('运算符', 'an operator'), takesNone) : [];
  }
  if (argument == null) {
    const example = def.example.replace(/^NOT /, '');
    return a.required
      ? problem(
          say(`${def.key} 需要参数：${a.label.zh}，例如 ${example}`, `${def.key} needs a ${a.label.en}, e.g. ${example}`),
          say(a.label.zh, `a ${a.label.en}`),
        )
      : [];
  }
  const shown = argument.length > 60 ? `${argument.slice(0, 57)}...` : argument;
  switch (a.kind) {
    case 'WINDOW':
      return isSegmentWindow(argument)
        ? []
        : problem(
            say(
              `“${shown}”不是有效的期间：天数写作 90d 或 90，月数写作 3m，最多 36600 天或 1200 个月`,
              `"${shown}" is not a period: write 90d or 90 (days) or 3m (months), at most 36600 days or 1200 months`,
            ),
            say('期间（90d、3m）', 'a period (90d, 3m)'),
            say(
              '天数写作 90d 或 90，月数写作 3m；最多 36600 天或 1200 个月',
              'days as 90d or 90, months as 3m; at most 36600 days or 1200 months',
            ),
          );
    case 'CUSTOM_KEY':
      return CUSTOM_FIELD_KEY_PATTERN.test(argument)
        ? []
        : problem(
            say(
              `“${shown}”不是自定义字段键（a-z、0-9 和 _，以字母开头，最多 50 个字符）`,
              `"${shown}" is not a custom field key (a-z, 0-9 and _, starting with a letter, at most 50)`,
            ),
            say('自定义字段键（a-z、0-9 和 _，以字母开头）', 'a custom field key (a-z, 0-9 and _, starting with a letter)'),
          );
    case 'ENUM': {
      const codes = a.vocabulary!.values;
      return codes.includes(argument)
        ? []
        : problem(
            say(`“${shown}”不是有效的${a.label.zh}：应为 ${listZh(codes)}`, `"${shown}" is not a ${a.label.en}: expected ${list(codes)}`),
            say(`${a.label.zh}（${codes.join('、')}）`, `a ${a.label.en} (${codes.join(', ')})`),
          );
    }
    case 'TEXT': {
      const p = checkText(argument);
      if (!p) return [];
      const message = say(`${a.label.zh}${p.zh}`, `the ${a.label.en} ${p.en}`);
      return problem(message, say(`带引号的${a.label.zh}`, `a "${a.label.en}"`), message);
    }
  }
}

/** The problems of one condition, in the order a reader meets them. */
export function checkSegmentCondition(condition: ConditionShape): ConditionProblem[] {
  const def = segmentField(condition.field);
  if (!def || def.key !== condition.field) {
    const suggestion = suggestSegmentField(condition.field);
    return [
      {
        part: 'field',
        message: unknownFieldMessage(condition.field),
        expected: [say('字段名', 'a field name')],
        detail: suggestion
          ? say(`未知字段；是否想写 ${suggestion}？`, `unknown field; did you mean ${suggestion}?`)
          : say('未知字段', 'unknown field'),
      },
    ];
  }
  const problems = checkArgument(def, condition.argument);
  const op = condition.op;
  if (!isSegmentOperator(op) || !def.operators.includes(op)) {
    const allowed = eitherOf(def.operators.map(operatorSaid));
    const given = isSegmentOperator(op) ? operatorSaid(op) : null;
    const message =
      def.type === 'BOOLEAN'
        ? say(
            `${def.key}(…) 本身就是一个条件（op IS_TRUE）；要表示相反，请写 NOT ${def.key}(…)`,
            `${def.key}(…) is a condition by itself (op IS_TRUE); write NOT ${def.key}(…) for its opposite`,
          )
        : say(
            zh`${def.key} 不支持 ${given ? given.zh : `“${op}”`}；可用的有 ${allowed.zh}`,
            `${def.key} does not take ${given ? given.en : `"${op}"`}; it takes ${allowed.en}`,
          );
    const detail =
      def.type === 'BOOLEAN'
        ? say(
            `${def.key}(…) 本身就是一个条件；NOT ${def.key}(…) 表示相反`,
            `${def.key}(…) is a condition by itself; NOT ${def.key}(…) is its opposite`,
          )
        : say(zh`${def.key} 不支持 ${given ? given.zh : op}`, `${def.key} does not take ${given ? given.en : op}`);
    problems.push({ part: 'op', message, expected: def.operators.map(operatorExpected), detail });
    return problems;
  }
  const arity = OPERATOR_ARITY[op];
  const n = condition.values.length;
  if (n < arity.min || n > arity.max) {
    const text = operatorSaid(op);
    const message =
      arity.max === 0
        ? say(zh`${text.zh}不带值`, `${text.en} takes no value`)
        : arity.min === arity.max
          ? say(
              zh`${text.zh}需要 ${arity.min} 个值，收到 ${n} 个`,
              `${text.en} needs ${arity.min === 1 ? 'one value' : `${arity.min} values`}, got ${n}`,
            )
          : say(zh`${text.zh}需要 1 到 ${arity.max} 个值，收到 ${n} 个`, `${text.en} needs 1 to ${arity.max} values, got ${n}`);
    problems.push({ part: 'values', message, expected: [expectedValueText(def, op)], detail: message });
    return problems;
  }
  condition.values.forEach((value, index) => {
    const message = checkSegmentValue(def, op, value);
    // "expected a whole number but found "x"" says it all; "must not be empty" needs saying.
    const detail = message && !message.en.startsWith('"') ? { detail: message } : {};
    if (message) problems.push({ part: { value: index }, message, expected: [expectedValueText(def, op)], ...detail });
  });
  if (problems.length === 0 && def.type === 'CUSTOM' && ORDERING_OPS.includes(op) && n > 1) {
    const numbers = condition.values.filter((v) => DECIMAL_PATTERN.test(v)).length;
    if (numbers !== 0 && numbers !== n) {
      const text = operatorSaid(op);
      const message = say(
        zh`${text.zh}只能比较两个数字或两个日期，不能一个是数字、一个是日期`,
        `${text.en} compares two numbers or two dates, not one of each`,
      );
      problems.push({ part: { value: 1 }, message, expected: [expectedValueText(def, op)], detail: message });
    }
  }
  if (problems.length === 0 && op === 'BETWEEN' && (def.type === 'INTEGER' || def.type === 'DECIMAL')) {
    const [low, high] = condition.values.map(Number) as [number, number];
    if (low > high) {
      const range = `BETWEEN ${condition.values[0]} AND ${condition.values[1]}`;
      const message = say(`${range} 是空范围：较小的值应写在前面`, `${range} is empty: the smaller value comes first`);
      problems.push({ part: { value: 1 }, message, expected: [expectedValueText(def, op)], detail: message });
    }
  }
  if (problems.length === 0 && op === 'BETWEEN' && (def.type === 'DATETIME' || def.type === 'DATE')) {
    const [low, high] = condition.values as [string, string];
    if (isCalendarDay(low) && isCalendarDay(high) && low > high) {
      const message = say(
        `BETWEEN ${low} AND ${high} 是空范围：较早的日期应写在前面`,
        `BETWEEN ${low} AND ${high} is empty: the earlier day comes first`,
      );
      problems.push({ part: { value: 1 }, message, expected: [expectedValueText(def, op)], detail: message });
    }
  }
  return problems;
}

/** The path of a condition part in the typed input form. */
export function conditionPartPath(part: ConditionPart, op: string): string[] {
  if (typeof part === 'object') {
    const single = isSegmentOperator(op) && OPERATOR_ARITY[op].max === 1;
    return single ? ['value'] : ['values', String(part.value)];
  }
  if (part === 'values') return isSegmentOperator(op) && OPERATOR_ARITY[op].max === 1 ? ['value'] : ['values'];
  return [part];
}

/**
 * Every problem of a tree: its shape (each and / or with at least one node, at most
 * `SEGMENT_LIMITS.depth` levels and `SEGMENT_LIMITS.conditions` conditions) and each
 * condition. Paths follow the typed input form: ['and', '1', 'condition', 'op'].
 */
export function segmentCheck(node: SegmentNode): SegmentProblem[] {
  const problems: SegmentProblem[] = [];
  let conditions = 0;
  const visit = (n: SegmentNode, path: string[], depth: number): void => {
    if (depth > SEGMENT_LIMITS.depth) {
      problems.push({ path, message: tooDeep() });
      return;
    }
    if (n == null || typeof n !== 'object') {
      problems.push({ path, message: say('不是筛选节点', 'not a filter node') });
      return;
    }
    switch (n.kind) {
      case 'and':
      case 'or':
        if (!Array.isArray(n.nodes) || n.nodes.length === 0) {
          problems.push({ path: [...path, n.kind], message: needsOneFilter(n.kind) });
          return;
        }
        n.nodes.forEach((child, i) => visit(child, [...path, n.kind, String(i)], depth + 1));
        return;
      case 'not':
        visit(n.node, [...path, 'not'], depth + 1);
        return;
      case 'condition': {
        conditions++;
        if (!Array.isArray(n.values) || n.values.some((v) => typeof v !== 'string')) {
          problems.push({ path: [...path, 'condition', 'values'], message: say('values 必须都是文本', 'values must be texts') });
          return;
        }
        for (const p of checkSegmentCondition(n)) {
          problems.push({ path: [...path, 'condition', ...conditionPartPath(p.part, n.op)], message: p.message });
        }
        return;
      }
      default: {
        const kind = JSON.stringify((n as { kind?: unknown }).kind);
        problems.push({ path, message: say(`不是筛选节点：${kind}`, `not a filter node: ${kind}`) });
      }
    }
  };
  visit(node, [], 1);
  if (conditions > SEGMENT_LIMITS.conditions) {
    problems.unshift({
      path: [],
      message: say(
        `该筛选有 ${conditions} 个条件；最多允许 ${SEGMENT_LIMITS.conditions} 个`,
        `the filter has ${conditions} conditions; at most ${SEGMENT_LIMITS.conditions} are allowed`,
      ),
    });
  }
  return problems;
}
