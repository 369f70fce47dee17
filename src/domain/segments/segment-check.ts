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
  message: string;
  /** What would have been right there, for a parse error's `expected`. */
  expected: string[];
  /** Why, when "expected … but found …" does not say it all (a parse error adds it in parentheses). */
  detail?: string;
}

export interface ConditionShape {
  field: string;
  argument?: string | null;
  op: string;
  values: readonly string[];
}

const list = (items: readonly string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;

/** The spelling of an operator in the text form (IS_TRUE: the field by itself). */
export function operatorText(op: SegmentOperator): string {
  return op === 'IS_TRUE' ? '(the condition by itself)' : SEGMENT_OPERATOR_INFO[op].text;
}

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

export function unknownFieldMessage(field: string): string {
  const suggestion = suggestSegmentField(field);
  return `unknown field "${field}"${suggestion ? ` (did you mean ${suggestion}?)` : ''}`;
}

/** What a value of the field looks like, for messages and parse errors. */
export function expectedValueText(def: SegmentFieldDefinition, op?: SegmentOperator): string {
  switch (def.type) {
    case 'ENUM':
    case 'ENUM_LIST':
      return `a ${def.label.en.toLowerCase()} code (${def.vocabulary!.values.join(', ')})`;
    case 'TEXT':
    case 'TEXT_LIST':
      return 'a "text"';
    case 'INTEGER':
      return 'a whole number';
    case 'DECIMAL':
      return def.decimals != null ? `a number with at most ${def.decimals} decimals` : 'a number';
    case 'DATETIME':
    case 'DATE':
      return 'a date (2026-01-01, or -90d, -3m relative to today)';
    case 'ID':
      return `a ${def.idType!.toLowerCase()} id`;
    case 'COUNTRY':
      return 'a two-letter country code (CN)';
    case 'BOOLEAN':
      return 'no value';
    case 'CUSTOM':
      return op && ORDERING_OPS.includes(op) ? 'a number or a date (2026-01-01, -90d)' : 'a "text"';
  }
}

function checkText(value: string): string | null {
  if (value.length === 0) return 'must not be empty';
  if (value.length > SEGMENT_LIMITS.valueLength) return `must be at most ${SEGMENT_LIMITS.valueLength} characters`;
  // PostgreSQL text cannot hold NUL: refuse it here rather than fail the statement.
  if (value.includes('\u0000')) return 'must not contain the NUL character';
  return null;
}

/** Why `value` is not a value of the field under `op`, or null when it is. */
export function checkSegmentValue(def: SegmentFieldDefinition, op: SegmentOperator, value: string): string | null {
  const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
  const expected = expectedValueText(def, op);
  switch (def.type) {
    case 'ENUM':
    case 'ENUM_LIST':
      return def.vocabulary!.values.includes(value) ? null : `"${shown}" is not ${expected}`;
    case 'TEXT':
    case 'TEXT_LIST': {
      const problem = checkText(value);
      return problem ? `a value ${problem}` : null;
    }
    case 'INTEGER':
      return INTEGER_PATTERN.test(value) ? null : `"${shown}" is not ${expected}`;
    case 'DECIMAL': {
      if (!DECIMAL_PATTERN.test(value)) return `"${shown}" is not ${expected}`;
      const decimals = value.split('.')[1]?.length ?? 0;
      return def.decimals != null && decimals > def.decimals ? `"${shown}" is not ${expected}` : null;
    }
    case 'DATETIME':
    case 'DATE':
      return isSegmentDate(value) ? null : `"${shown}" is not ${expected}`;
    case 'ID':
      return segmentIdValue(value, def.idType!) != null ? null : `"${shown}" is not ${expected}`;
    case 'COUNTRY':
      return COUNTRY_PATTERN.test(value) ? null : `"${shown}" is not ${expected}`;
    case 'BOOLEAN':
      return `${def.key} takes no value`;
    case 'CUSTOM':
      if (ORDERING_OPS.includes(op)) {
        return DECIMAL_PATTERN.test(value) || isSegmentDate(value) ? null : `"${shown}" is not ${expected}`;
      }
      return checkText(value) ? `a value ${checkText(value)}` : null;
  }
}

/** Whether a custom field's ordering compares numbers (else days). */
export function customComparesNumbers(values: readonly string[]): boolean {
  return values.every((v) => DECIMAL_PATTERN.test(v));
}

function checkArgument(def: SegmentFieldDefinition, argument: string | null | undefined): ConditionProblem[] {
  const a = def.argument;
  const problem = (message: string, expected: string, detail?: string): ConditionProblem[] => [
    { part: 'argument', message, expected: [expected], ...(detail ? { detail } : {}) },
  ];
  if (!a) {
    return argument != null ? problem(`${def.key} takes no argument`, 'an operator', `${def.key} takes no argument`) : [];
  }
  if (argument == null) {
    return a.required ? problem(`${def.key} needs a ${a.label.en}, e.g. ${def.example.replace(/^NOT /, '')}`, `a ${a.label.en}`) : [];
  }
  const shown = argument.length > 60 ? `${argument.slice(0, 57)}...` : argument;
  switch (a.kind) {
    case 'WINDOW':
      return isSegmentWindow(argument)
        ? []
        : problem(
            `"${shown}" is not a period: write 90d or 90 (days) or 3m (months), at most 36600 days or 1200 months`,
            'a period (90d, 3m)',
            'days as 90d or 90, months as 3m; at most 36600 days or 1200 months',
          );
    case 'CUSTOM_KEY':
      return CUSTOM_FIELD_KEY_PATTERN.test(argument)
        ? []
        : problem(
            `"${shown}" is not a custom field key (a-z, 0-9 and _, starting with a letter, at most 50)`,
            'a custom field key (a-z, 0-9 and _, starting with a letter)',
          );
    case 'ENUM': {
      const codes = a.vocabulary!.values;
      return codes.includes(argument)
        ? []
        : problem(`"${shown}" is not a ${a.label.en}: expected ${list(codes)}`, `a ${a.label.en} (${codes.join(', ')})`);
    }
    case 'TEXT': {
      const p = checkText(argument);
      return p ? problem(`the ${a.label.en} ${p}`, `a "${a.label.en}"`, `the ${a.label.en} ${p}`) : [];
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
        expected: ['a field name'],
        detail: suggestion ? `unknown field; did you mean ${suggestion}?` : 'unknown field',
      },
    ];
  }
  const problems = checkArgument(def, condition.argument);
  const op = condition.op;
  if (!isSegmentOperator(op) || !def.operators.includes(op)) {
    const allowed = def.operators.map(operatorText);
    const message =
      def.type === 'BOOLEAN'
        ? `${def.key}(…) is a condition by itself (op IS_TRUE); write NOT ${def.key}(…) for its opposite`
        : `${def.key} does not take ${isSegmentOperator(op) ? operatorText(op) : `"${op}"`}; it takes ${list(allowed)}`;
    const detail =
      def.type === 'BOOLEAN'
        ? `${def.key}(…) is a condition by itself; NOT ${def.key}(…) is its opposite`
        : `${def.key} does not take ${isSegmentOperator(op) ? operatorText(op) : op}`;
    problems.push({ part: 'op', message, expected: allowed.map((a) => (/^[A-Z ]+$/.test(a) ? a : `"${a}"`)), detail });
    return problems;
  }
  const arity = OPERATOR_ARITY[op];
  const n = condition.values.length;
  if (n < arity.min || n > arity.max) {
    const text = operatorText(op);
    const message =
      arity.max === 0
        ? `${text} takes no value`
        : arity.min === arity.max
          ? `${text} needs ${arity.min === 1 ? 'one value' : `${arity.min} values`}, got ${n}`
          : `${text} needs 1 to ${arity.max} values, got ${n}`;
    problems.push({ part: 'values', message, expected: [expectedValueText(def, op)], detail: message });
    return problems;
  }
  condition.values.forEach((value, index) => {
    const message = checkSegmentValue(def, op, value);
    // "expected a whole number but found "x"" says it all; "must not be empty" needs saying.
    const detail = message && !message.startsWith('"') ? { detail: message } : {};
    if (message) problems.push({ part: { value: index }, message, expected: [expectedValueText(def, op)], ...detail });
  });
  if (problems.length === 0 && def.type === 'CUSTOM' && ORDERING_OPS.includes(op) && n > 1) {
    const numbers = condition.values.filter((v) => DECIMAL_PATTERN.test(v)).length;
    if (numbers !== 0 && numbers !== n) {
      const message = `${operatorText(op)} compares two numbers or two dates, not one of each`;
      problems.push({ part: { value: 1 }, message, expected: [expectedValueText(def, op)], detail: message });
    }
  }
  if (problems.length === 0 && op === 'BETWEEN' && (def.type === 'INTEGER' || def.type === 'DECIMAL')) {
    const [low, high] = condition.values.map(Number) as [number, number];
    if (low > high) {
      const message = `BETWEEN ${condition.values[0]} AND ${condition.values[1]} is empty: the smaller value comes first`;
      problems.push({ part: { value: 1 }, message, expected: [expectedValueText(def, op)], detail: message });
    }
  }
  if (problems.length === 0 && op === 'BETWEEN' && (def.type === 'DATETIME' || def.type === 'DATE')) {
    const [low, high] = condition.values as [string, string];
    if (isCalendarDay(low) && isCalendarDay(high) && low > high) {
      const message = `BETWEEN ${low} AND ${high} is empty: the earlier day comes first`;
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
      problems.push({ path, message: `the filter is nested deeper than ${SEGMENT_LIMITS.depth} levels` });
      return;
    }
    if (n == null || typeof n !== 'object') {
      problems.push({ path, message: 'not a filter node' });
      return;
    }
    switch (n.kind) {
      case 'and':
      case 'or':
        if (!Array.isArray(n.nodes) || n.nodes.length === 0) {
          problems.push({ path: [...path, n.kind], message: `${n.kind} needs at least one filter` });
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
          problems.push({ path: [...path, 'condition', 'values'], message: 'values must be texts' });
          return;
        }
        for (const p of checkSegmentCondition(n)) {
          problems.push({ path: [...path, 'condition', ...conditionPartPath(p.part, n.op)], message: p.message });
        }
        return;
      }
      default:
        problems.push({ path, message: `not a filter node: ${JSON.stringify((n as { kind?: unknown }).kind)}` });
    }
  };
  visit(node, [], 1);
  if (conditions > SEGMENT_LIMITS.conditions) {
    problems.unshift({ path: [], message: `the filter has ${conditions} conditions; at most ${SEGMENT_LIMITS.conditions} are allowed` });
  }
  return problems;
}
