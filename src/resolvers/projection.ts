import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { plainFieldsOf } from '../schema/plain-fields';
import { fieldsIn } from './selection';

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
    for (const set of sets) for (const field of fieldsIn(set, info.fragments)) names.add(field.name.value);
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

/** The selection sets of a connection's objects: `nodes { … }` and `edges { node { … } }`. */
function connectionNodeSets(set: SelectionSetNode | undefined, fragments: GraphQLResolveInfo['fragments']): SelectionSetNode[] {
  const named = (s: SelectionSetNode | undefined, name: string) => fieldsIn(s, fragments).filter((f) => f.name.value === name);
  const nodes = [...named(set, 'nodes'), ...named(set, 'edges').flatMap((edge) => named(edge.selectionSet, 'node'))];
  return nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
}
