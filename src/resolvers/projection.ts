import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { plainFieldsOf } from '../schema/plain-fields';

/**
 * What a read of one GraphQL object type needs of its entity, by field: a plain field (read
 * off the object by graphql-js) needs the property of its name; a field resolver needs what
 * `needs` lists, and one it does not list needs every property (it may read anything).
 */
export interface Projection {
  /** The GraphQL object type, e.g. `Customer`. */
  typeName: string;
  /** Entity properties a field resolver reads of its parent; `[]` when it reads only the id. */
  needs: Readonly<Record<string, readonly string[]>>;
}

/** Where the objects of the type sit under the field being resolved. */
export type ProjectionPath = 'object' | 'connection';

type Selected = readonly string[] | null;
const cache = new WeakMap<FieldNode, Map<string, Selected>>();

/**
 * The entity properties that the selection under the field being resolved needs (the id
 * always comes along), or null for all of them. Computed once per field of a parsed document
 * (Apollo keeps parsed documents, so their nodes are stable keys) and projection.
 */
export function selectedProps(
  info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>,
  projection: Projection,
  path: ProjectionPath,
): Selected {
  const node = info.fieldNodes[0];
  let byProjection = cache.get(node);
  const key = `${projection.typeName}:${path}`;
  if (byProjection?.has(key)) return byProjection.get(key)!;
  const names = new Set<string>();
  for (const fieldNode of info.fieldNodes) {
    const sets = path === 'object' ? [fieldNode.selectionSet] : connectionNodeSets(fieldNode.selectionSet, info.fragments);
    for (const set of sets) collectFieldNames(set, info.fragments, names);
  }
  const plain = plainFieldsOf(projection.typeName);
  const props = new Set<string>();
  let all = false;
  for (const name of names) {
    if (name === '__typename') continue;
    const needs = projection.needs[name];
    if (needs) for (const prop of needs) props.add(prop);
    else if (plain.has(name)) props.add(name);
    else all = true;
  }
  const result = all ? null : [...props];
  if (!byProjection) cache.set(node, (byProjection = new Map()));
  byProjection.set(key, result);
  return result;
}

type Fragments = GraphQLResolveInfo['fragments'];

/** Names of the fields in a selection set, through fragments and inline fragments whatever their type condition (more, never fewer). */
function collectFieldNames(set: SelectionSetNode | undefined, fragments: Fragments, into: Set<string>, seen = new Set<string>()): void {
  if (!set) return;
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) into.add(s.name.value);
    else if (s.kind === Kind.INLINE_FRAGMENT) collectFieldNames(s.selectionSet, fragments, into, seen);
    else if (!seen.has(s.name.value)) {
      seen.add(s.name.value);
      collectFieldNames(fragments[s.name.value]?.selectionSet, fragments, into, seen);
    }
  }
}

/** The selection sets of a connection's objects: `nodes { … }` and `edges { node { … } }`. */
function connectionNodeSets(set: SelectionSetNode | undefined, fragments: Fragments): SelectionSetNode[] {
  const out: SelectionSetNode[] = [];
  const fieldsNamed = (s: SelectionSetNode | undefined, name: string, into: FieldNode[], seen = new Set<string>()) => {
    if (!s) return;
    for (const sel of s.selections) {
      if (sel.kind === Kind.FIELD) {
        if (sel.name.value === name) into.push(sel);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) fieldsNamed(sel.selectionSet, name, into, seen);
      else if (!seen.has(sel.name.value)) {
        seen.add(sel.name.value);
        fieldsNamed(fragments[sel.name.value]?.selectionSet, name, into, seen);
      }
    }
  };
  const nodes: FieldNode[] = [];
  fieldsNamed(set, 'nodes', nodes);
  const edges: FieldNode[] = [];
  fieldsNamed(set, 'edges', edges);
  for (const edge of edges) fieldsNamed(edge.selectionSet, 'node', nodes);
  for (const n of nodes) if (n.selectionSet) out.push(n.selectionSet);
  return out;
}
