import {
  getNamedType,
  getNullableType,
  GraphQLSkipDirective,
  GraphQLIncludeDirective,
  isAbstractType,
  isCompositeType,
  isListType,
  isObjectType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type DirectiveNode,
  type DocumentNode,
} from 'graphql';
import { getArgumentValues, getDirectiveValues } from 'graphql/execution/values';
import { DEFAULT_PAGE_SIZE } from '../lib/pagination';

/**
 * What an operation costs, walked the way graphql-js executes it (CollectFields):
 *
 * - a field costs 1 plus what its selection costs; a field may declare its own cost instead of
 *   the 1 (`complexity` in its type-graphql options, e.g. evaluating a segment's filter: 500);
 * - a connection costs 2 (or its declared cost) plus its page size (`first`/`last`, default
 *   20) times what one node costs, like Shopify's and GitHub's models;
 * - a list field with a list argument (`nodes(ids:)`) costs 1 plus the list's length times
 *   what one element costs: 100 ids cost what a page of 100 does;
 * - a field of an interface or union costs what its costliest possible type does;
 * - fields merge as they do at execution: a fragment spread 30 times in one selection, or
 *   the same field asked twice, is one field, so fragment fan-out costs what it runs and
 *   pricing it takes time linear in the document, not exponential.
 *
 * `variables` must be coerced (graphql-js `getVariableValues`). Throws only a GraphQLError
 * from argument coercion (a `null` for a non-null argument), which is the client's.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);

  const root = schema.getRootType(operation.operation);
  if (!root) return 0;

  // A merged selection is identified by the AST nodes it comes from.
  const ids = new WeakMap<object, number>();
  let nextId = 0;
  const idOf = (node: object): number => {
    let id = ids.get(node);
    if (id === undefined) ids.set(node, (id = nextId++));
    return id;
  };
  const memo = new Map<string, number>();

  const included = (node: { directives?: readonly DirectiveNode[] }): boolean => {
    if (!node.directives?.length) return true;
    if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return false;
    if (getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if === false) return false;
    return true;
  };

  const fragmentApplies = (typeCondition: string | undefined, type: GraphQLObjectType): boolean => {
    if (!typeCondition) return true;
    const conditional = schema.getType(typeCondition);
    if (conditional === type) return true;
    return !!conditional && isAbstractType(conditional) && schema.isSubType(conditional, type);
  };

  /** CollectFields of graphql-js: response key → the field nodes merged under it. */
  const collect = (type: GraphQLObjectType, sets: readonly SelectionSetNode[]): Map<string, FieldNode[]> => {
    const fields = new Map<string, FieldNode[]>();
    const visited = new Set<string>();
    const walk = (set: SelectionSetNode) => {
      for (const s of set.selections) {
        if (!included(s)) continue;
        switch (s.kind) {
          case Kind.FIELD: {
            const key = s.alias?.value ?? s.name.value;
            const list = fields.get(key);
            if (list) list.push(s);
            else fields.set(key, [s]);
            break;
          }
          case Kind.INLINE_FRAGMENT:
            if (fragmentApplies(s.typeCondition?.name.value, type)) walk(s.selectionSet);
            break;
          case Kind.FRAGMENT_SPREAD: {
            const name = s.name.value;
            if (visited.has(name)) continue;
            visited.add(name);
            const fragment = fragments.get(name);
            if (fragment && fragmentApplies(fragment.typeCondition.name.value, type)) walk(fragment.selectionSet);
            break;
          }
        }
      }
    };
    for (const set of sets) walk(set);
    return fields;
  };

  const fieldDef = (type: GraphQLObjectType, name: string): GraphQLField<unknown, unknown> | undefined => {
    if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
    if (type === schema.getQueryType()) {
      if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
      if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
    }
    return type.getFields()[name];
  };

  /** The cost of a selection (the union of `sets`) on a value of `type`. */
  const selectionCost = (type: GraphQLCompositeType, sets: readonly SelectionSetNode[]): number => {
    if (sets.length === 0) return 0;
    const key = `${type.name}:${sets.map(idOf).join(',')}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    memo.set(key, 0); // a cycle (refused by validation) costs nothing more
    let cost = 0;
    if (isObjectType(type)) {
      for (const nodes of collect(type, sets).values()) cost += fieldCost(type, nodes);
    } else {
      // The costliest of the possible types. Their fields' selections are memoized, so a
      // selection shared by many types (through the interface) is priced once.
      for (const possible of schema.getPossibleTypes(type)) {
        let c = 0;
        for (const nodes of collect(possible, sets).values()) c += fieldCost(possible, nodes);
        cost = Math.max(cost, c);
      }
    }
    memo.set(key, cost);
    return cost;
  };

  const fieldCost = (parent: GraphQLObjectType, nodes: FieldNode[]): number => {
    const first = nodes[0];
    const field = fieldDef(parent, first.name.value);
    if (!field) return 0; // unknown fields are refused by validation
    const named = getNamedType(field.type);
    const child = isCompositeType(named)
      ? selectionCost(
          named,
          nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : [])),
        )
      : 0;
    const args = getArgumentValues(field, first, variables);
    const own = field.extensions?.complexity;
    if (typeof own === 'function') {
      const value = (own as (o: unknown) => unknown)({ args, childComplexity: child, field, node: first, type: parent });
      if (typeof value === 'number' && Number.isFinite(value)) return value;
    }
    const declared = typeof own === 'number' ? own : undefined;
    if (named.name.endsWith('Connection')) {
      const size = Number(args.first ?? args.last ?? DEFAULT_PAGE_SIZE);
      return (declared ?? 2) + child * Math.max(1, Number.isFinite(size) ? size : 1);
    }
    if (isListType(getNullableType(field.type))) {
      const lengths = Object.values(args)
        .filter(Array.isArray)
        .map((a) => a.length);
      if (lengths.length > 0) return (declared ?? 1) + child * Math.max(...lengths);
    }
    return (declared ?? 1) + child;
  };

  return selectionCost(root, [operation.selectionSet]);
}
