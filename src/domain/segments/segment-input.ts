import {
  OPERATOR_ARITY,
  SEGMENT_LIMITS,
  isSegmentOperator,
  type SegmentFieldKey,
  type SegmentNode,
  type SegmentOperator,
  type SegmentProblem,
} from './segment-ast';
import { say } from '../common/bilingual';
import { needsOneFilter, segmentCheck, tooDeep } from './segment-check';
import { normaliseSegmentCondition, segmentField } from './segment-fields';

/**
 * The typed form of the language (GraphQL `CustomerSegmentFilter`) as a plain object, and
 * its conversion to the tree the text form also produces. Each node holds exactly one of
 * `and`, `or`, `not`, `condition`.
 */
export interface SegmentConditionInputShape {
  /** The catalogue key, SCREAMING_SNAKE as the GraphQL enum spells it (`BOUGHT_CATEGORY`) or lower snake. */
  field: string;
  argument?: string | null;
  /** Defaults to IS_TRUE for boolean fields (bought_category, has_inquiry, trend_flag, …). */
  op?: string | null;
  /** The value of a one-value operator; `values` for IN, NOT_IN and BETWEEN (either may carry one value). */
  value?: string | null;
  values?: readonly string[] | null;
}

export interface SegmentFilterInput {
  and?: readonly SegmentFilterInput[] | null;
  or?: readonly SegmentFilterInput[] | null;
  not?: SegmentFilterInput | null;
  condition?: SegmentConditionInputShape | null;
}

/** A typed filter that does not make a valid tree: every problem, with its path from the filter's root. */
export class SegmentFilterError extends Error {
  constructor(readonly problems: SegmentProblem[]) {
    super(problems.map((p) => `${p.path.length ? `${p.path.join('.')}: ` : ''}${p.message.en}`).join('; '));
    this.name = 'SegmentFilterError';
  }
}

const KEYS = ['and', 'or', 'not', 'condition'] as const;

/**
 * The tree of a typed filter, canonical (as `parseSegment` spells it) and checked
 * (`segmentCheck`); throws `SegmentFilterError` with every problem otherwise.
 */
export function segmentFilterToAst(input: SegmentFilterInput): SegmentNode {
  const problems: SegmentProblem[] = [];
  const convert = (n: SegmentFilterInput | null | undefined, path: string[], depth: number): SegmentNode | null => {
    if (n == null || typeof n !== 'object') {
      problems.push({ path, message: say('此处需要一个筛选条件', 'a filter is needed here') });
      return null;
    }
    const present = KEYS.filter((k) => n[k] != null);
    if (present.length !== 1) {
      problems.push({
        path,
        message:
          present.length === 0
            ? say('请给出 and、or、not、condition 之一', 'give one of and, or, not, condition')
            : say(
                `and、or、not、condition 只能给出一个（收到了 ${present.join('、')}）`,
                `give only one of and, or, not, condition (got ${present.join(', ')})`,
              ),
      });
      return null;
    }
    // The same limit and words as segmentCheck, checked here too so that converting a
    // deeper filter stops at the limit instead of recursing through all of it.
    if (depth > SEGMENT_LIMITS.depth) {
      problems.push({ path, message: tooDeep() });
      return null;
    }
    const key = present[0];
    switch (key) {
      case 'and':
      case 'or': {
        const list = n[key]!;
        if (list.length === 0) {
          problems.push({ path: [...path, key], message: needsOneFilter(key) });
          return null;
        }
        const nodes = list.map((child, i) => convert(child, [...path, key, String(i)], depth + 1));
        return nodes.every((x): x is SegmentNode => x != null) ? { kind: key, nodes } : null;
      }
      case 'not': {
        const node = convert(n.not, [...path, 'not'], depth + 1);
        return node ? { kind: 'not', node } : null;
      }
      case 'condition': {
        const c = n.condition!;
        const at = [...path, 'condition'];
        const field = String(c.field ?? '').toLowerCase();
        const def = segmentField(field);
        let op: string | null = c.op == null ? null : String(c.op).toUpperCase();
        if (op == null) {
          if (def?.type === 'BOOLEAN') op = 'IS_TRUE';
          else {
            problems.push({
              path: [...at, 'op'],
              message: def ? say(`${def.key} 需要 op`, `op is needed for ${def.key}`) : say('需要 op', 'op is needed'),
            });
            return null;
          }
        }
        if (!isSegmentOperator(op)) {
          problems.push({ path: [...at, 'op'], message: say(`未知的运算符“${op}”`, `unknown operator "${op}"`) });
          return null;
        }
        if (c.value != null && c.values != null) {
          problems.push({ path: [...at, 'value'], message: say('value 和 values 只能给出一个', 'give value or values, not both') });
          return null;
        }
        const values = c.value != null ? [c.value] : [...(c.values ?? [])];
        const normal = normaliseSegmentCondition({ field, argument: c.argument ?? null, op, values });
        const node: SegmentNode = { kind: 'condition', field: normal.field as SegmentFieldKey, op: normal.op, values: normal.values };
        if (normal.argument != null) node.argument = normal.argument;
        return node;
      }
    }
  };
  const root = convert(input, [], 1);
  if (root == null || problems.length > 0) throw new SegmentFilterError(problems);
  const checked = segmentCheck(root);
  if (checked.length > 0) throw new SegmentFilterError(checked);
  return root;
}

/** The typed form of a tree (the inverse of `segmentFilterToAst`): fields in SCREAMING_SNAKE, `value` for one-value operators. */
export function segmentAstToFilter(node: SegmentNode): SegmentFilterInput {
  switch (node.kind) {
    case 'and':
      return { and: node.nodes.map(segmentAstToFilter) };
    case 'or':
      return { or: node.nodes.map(segmentAstToFilter) };
    case 'not':
      return { not: segmentAstToFilter(node.node) };
    case 'condition': {
      const op: SegmentOperator = node.op;
      const condition: SegmentConditionInputShape = { field: node.field.toUpperCase(), op };
      if (node.argument != null) condition.argument = node.argument;
      if (OPERATOR_ARITY[op].max === 1) condition.value = node.values[0] ?? null;
      else if (OPERATOR_ARITY[op].max > 1) condition.values = [...node.values];
      return { condition };
    }
  }
}
