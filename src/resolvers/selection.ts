import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

type Fragments = GraphQLResolveInfo['fragments'];

/**
 * The fields directly in a selection set, through fragment spreads and inline fragments
 * whatever their type condition (an over-approximation: something asked is never left out).
 * Each named fragment is entered once.
 */
export function fieldsIn(set: SelectionSetNode | undefined, fragments: Fragments, seen = new Set<string>()): FieldNode[] {
  if (!set) return [];
  return set.selections.flatMap((s) => {
    if (s.kind === Kind.FIELD) return [s];
    if (s.kind === Kind.INLINE_FRAGMENT) return fieldsIn(s.selectionSet, fragments, seen);
    if (seen.has(s.name.value)) return [];
    seen.add(s.name.value);
    return fieldsIn(fragments[s.name.value]?.selectionSet, fragments, seen);
  });
}

/** Whether a field of this name is selected anywhere under the field being resolved, through fragments too. */
export function selects(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, name: string): boolean {
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode | undefined): boolean =>
    fieldsIn(set, info.fragments, seen).some((field) => field.name.value === name || visit(field.selectionSet));
  return info.fieldNodes.some((node) => visit(node.selectionSet));
}
