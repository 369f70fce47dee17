import {
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { say, type Bilingual } from '../domain/common/bilingual';
import { bilingualError } from './request-locale';

/** Which limit a request broke, for `extensions.limit` of its error. */
export interface LimitInfo {
  name: 'depth' | 'aliases' | 'cost' | 'variableNesting';
  maximum: number;
  /** What the request asked for, when it was measured in full. */
  requested?: number;
}

/** A 4xx error for a request's shape, with the limit it broke in `extensions.limit`. */
export function requestError(
  code: 'BAD_USER_INPUT' | 'GRAPHQL_VALIDATION_FAILED' | 'QUERY_TOO_COSTLY',
  message: Bilingual,
  limit?: LimitInfo,
  extra: Record<string, unknown> = {},
) {
  return bilingualError(message, {
    extensions: { code, ...(limit ? { limit } : {}), ...extra, http: { status: 400 } },
  });
}

/**
 * Measures a selection over its fragments with one memo per document, so fragment fan-out
 * (`...F0` thirty times in F1, F1 thirty times in F2, …) is measured in linear time. A
 * fragment cycle (refused by `NoFragmentCyclesRule`) measures as 0.
 */
function fragmentMeasure(context: ValidationContext, measureSet: (set: SelectionSetNode, spread: (name: string) => number) => number) {
  const memo = new Map<string, number>();
  const spread = (name: string): number => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    memo.set(name, 0);
    const fragment: FragmentDefinitionNode | null | undefined = context.getFragment(name);
    const value = fragment ? measureSet(fragment.selectionSet, spread) : 0;
    memo.set(name, value);
    return value;
  };
  return (set: SelectionSetNode) => measureSet(set, spread);
}

const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

/** The nesting of fields, fragments flattened (they add no level to the response); introspection is not counted. */
function depthOf(set: SelectionSetNode, spread: (name: string) => number): number {
  let depth = 0;
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) {
      if (INTROSPECTION_ROOTS.has(s.name.value)) continue;
      depth = Math.max(depth, 1 + (s.selectionSet ? depthOf(s.selectionSet, spread) : 0));
    } else if (s.kind === Kind.INLINE_FRAGMENT) depth = Math.max(depth, depthOf(s.selectionSet, spread));
    else depth = Math.max(depth, spread(s.name.value));
  }
  return depth;
}

/** Aliased fields as written, each fragment counted every time it is spread (`__typename` is free). */
function aliasesOf(set: SelectionSetNode, spread: (name: string) => number): number {
  let count = 0;
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) {
      if (s.alias && s.name.value !== '__typename') count++;
      if (s.selectionSet) count += aliasesOf(s.selectionSet, spread);
    } else if (s.kind === Kind.INLINE_FRAGMENT) count += aliasesOf(s.selectionSet, spread);
    else count += spread(s.name.value);
  }
  return count;
}

function perOperation(
  measure: (set: SelectionSetNode, spread: (name: string) => number) => number,
  check: (operation: OperationDefinitionNode, value: number, context: ValidationContext) => void,
): ValidationRule {
  return (context): ASTVisitor => {
    const measureSet = fragmentMeasure(context, measure);
    return {
      OperationDefinition(operation) {
        check(operation, measureSet(operation.selectionSet), context);
        return false;
      },
    };
  };
}

/** Refuses an operation nested deeper than `maximum` fields (GRAPHQL_VALIDATION_FAILED), naming both. */
export function maxDepthRule(maximum: number): ValidationRule {
  return perOperation(depthOf, (operation, depth, context) => {
    if (depth > maximum) {
      context.reportError(
        bilingualError(say(`查询嵌套深度 ${depth} 超过上限 ${maximum}。`, `Query depth ${depth} exceeds the maximum of ${maximum}.`), {
          nodes: [operation],
          extensions: { limit: { name: 'depth', maximum, requested: depth } satisfies LimitInfo },
        }),
      );
    }
  });
}

/** Refuses an operation with more than `maximum` aliases (GRAPHQL_VALIDATION_FAILED), naming both. */
export function maxAliasesRule(maximum: number): ValidationRule {
  return perOperation(aliasesOf, (operation, aliases, context) => {
    if (aliases > maximum) {
      context.reportError(
        bilingualError(say(`查询含有 ${aliases} 个别名；上限为 ${maximum}。`, `Query has ${aliases} aliases; the maximum is ${maximum}.`), {
          nodes: [operation],
          extensions: { limit: { name: 'aliases', maximum, requested: aliases } satisfies LimitInfo },
        }),
      );
    }
  });
}

/**
 * An operation type the schema does not have (`subscription { … }` here): graphql-js 16 has
 * no rule for it (17 adds `KnownOperationTypesRule`), and execution then fails as a 500.
 */
export const knownOperationTypesRule: ValidationRule = (context) => ({
  OperationDefinition(operation) {
    if (!context.getSchema().getRootType(operation.operation)) {
      context.reportError(
        bilingualError(say(`本 API 没有 ${operation.operation} 类型的操作。`, `This API has no ${operation.operation} operations.`), {
          nodes: [operation],
        }),
      );
    }
    return false;
  },
});

/**
 * The deepest variable, measured without recursion: a JSON body nested 100,000 levels
 * parses (JSON.parse does not recurse), but graphql-js coercion, JSON.stringify and
 * everything else that walks it would overflow the stack. Returns the first variable
 * nested deeper than `maximum` (objects and arrays each count a level), or undefined.
 */
export function variableNestedTooDeeply(variables: Record<string, unknown>, maximum: number): string | undefined {
  for (const [name, value] of Object.entries(variables)) {
    const stack: Array<[unknown, number]> = [[value, 1]];
    while (stack.length > 0) {
      const [v, depth] = stack.pop()!;
      if (v === null || typeof v !== 'object') continue;
      if (depth > maximum) return name;
      for (const child of Array.isArray(v) ? v : Object.values(v)) {
        if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
      }
    }
  }
  return undefined;
}
