import {
  Kind,
  OperationTypeNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { say } from '../domain/common/bilingual';
import { bilingualError } from './request-locale';

export const LOGINS_PER_REQUEST = 1;

/**
 * At most one `login` per operation, however it is spelled (aliases, fragments, inline
 * fragments): each `login` is a password guess, and aliases would let one request carry
 * dozens past the per-request throttle. Refused in validation (HTTP 400
 * GRAPHQL_VALIDATION_FAILED), so no password of the request is checked.
 */
export const singleLoginRule: ValidationRule = (context: ValidationContext) => {
  const mutationType = context.getSchema().getMutationType();
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of context.getDocument().definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  // Logins reached through each fragment, memoised: a fragment spread many times is counted once per spread, walked once.
  const perFragment = new Map<string, number>();

  const count = (selections: SelectionSetNode, visiting: Set<string>): number => {
    let total = 0;
    for (const selection of selections.selections) {
      if (total > LOGINS_PER_REQUEST) break;
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === 'login') total += 1;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition?.name.value;
        if (!on || on === mutationType?.name) total += count(selection.selectionSet, visiting);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || visiting.has(name) || fragment.typeCondition.name.value !== mutationType?.name) continue;
        if (!perFragment.has(name)) {
          visiting.add(name);
          perFragment.set(name, count(fragment.selectionSet, visiting));
          visiting.delete(name);
        }
        total += perFragment.get(name)!;
      }
    }
    return total;
  };

  return {
    OperationDefinition(operation) {
      if (operation.operation !== OperationTypeNode.MUTATION || !mutationType) return;
      const logins = count(operation.selectionSet, new Set());
      if (logins > LOGINS_PER_REQUEST) {
        context.reportError(
          bilingualError(
            say(
              `一个请求只能登录一次：它含有超过 ${LOGINS_PER_REQUEST} 个 login 字段（别名和片段也计入）。`,
              `A request may sign in once: it has more than ${LOGINS_PER_REQUEST} login field (aliases and fragments count).`,
            ),
            {
              nodes: operation,
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: LOGINS_PER_REQUEST },
            },
          ),
        );
      }
    },
  };
};
