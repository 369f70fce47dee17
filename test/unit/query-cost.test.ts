import { getOperationAST, GraphQLError, parse, validate, specifiedRules } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { getNamedType } from 'graphql';
import { buildSchema } from '../../src/schema/build-schema';
import { operationCost } from '../../src/server/query-cost';
import { nullsAsDefaults } from '../../src/server/query-cost.plugin';
import { knownOperationTypesRule, maxAliasesRule, maxDepthRule, variableNestedTooDeeply } from '../../src/server/request-limits';
import { DEFAULT_PAGE_SIZE } from '../../src/lib/pagination';

const schema = buildSchema();

function cost(query: string, variables: Record<string, unknown> = {}): number {
  const document = parse(query);
  const operation = getOperationAST(document)!;
  const { coerced, errors } = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (errors) throw errors[0];
  return operationCost(schema, document, operation, coerced);
}

const ids = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => `id-${i}`));
const spreads = (name: string, n = 30) => Array.from({ length: n }, () => `...${name}`).join(' ');

describe('operationCost', () => {
  it.each<[string, string, number]>([
    ['a field costs 1', '{ __typename }', 1],
    ['a connection: 2 + page × node', '{ customers(first: 10) { nodes { name } } }', 2 + 10 * 2],
    ['a connection without first: the default page', '{ customers { totalCount } }', 2 + DEFAULT_PAGE_SIZE * 1],
    ['a segment evaluation costs 500', '{ segmentPreview(query: "kind = PERSON") { count } }', 1 + 500],
    ['a list of 39 segments with counts (the README promise)', '{ segments(first: 39) { nodes { id count } } }', 2 + 39 * 502],
    [
      'members of a segment: its evaluation plus its page',
      '{ segments(first: 2) { nodes { members(first: 5) { nodes { id } } } } }',
      2 + 2 * (1 + 500 + 5 * 2),
    ],
    ['nodes(ids:) costs its length × an element', `{ nodes(ids: ${ids(100)}) { id } }`, 1 + 100 * 1],
    [
      'segment counts through nodes(ids:) are priced per evaluation',
      `{ nodes(ids: ${ids(100)}) { ... on Segment { count } } }`,
      1 + 100 * 500,
    ],
    [
      'an abstract element costs its costliest type',
      `{ nodes(ids: ${ids(2)}) { id ... on Segment { count } ... on Customer { name } } }`,
      1 + 2 * 501,
    ],
    ['nodes(ids: []) costs 1', '{ nodes(ids: []) { ... on Segment { count } } }', 1],
    ['node(id:) is one element', '{ node(id: "x") { ... on Segment { count } } }', 1 + 500],
    [
      'the same field asked twice is one field (as executed)',
      '{ a: segmentPreview(query: "x") { count } a: segmentPreview(query: "x") { count } }',
      501,
    ],
    ['two aliases are two evaluations', '{ a: segmentPreview(query: "x") { count } b: segmentPreview(query: "x") { count } }', 1002],
    ['@skip(if: true) costs nothing', '{ segmentPreview(query: "x") @skip(if: true) { count } __typename }', 1],
    ['@include(if: false) costs nothing', '{ segmentPreview(query: "x") { count @include(if: false) id: query } }', 2],
    [
      'a mutation payload pays for its evaluation',
      'mutation { segmentCreate(input: { name: "a", query: "kind = PERSON" }) { segment { count } } }',
      1 + 1 + 500,
    ],
  ])('%s', (_name, query, expected) => {
    expect(cost(query)).toBe(expected);
  });

  it('reads list lengths and page sizes from coerced variables', () => {
    const query = 'query($ids: [ID!]!, $n: Int) { nodes(ids: $ids) { ... on Segment { count } } segments(first: $n) { totalCount } }';
    expect(cost(query, { ids: Array.from({ length: 40 }, (_, i) => `s${i}`), n: 7 })).toBe(1 + 40 * 500 + 2 + 7);
    // A single value for a list variable is coerced to a list of one, as execution does.
    expect(cost(query, { ids: 's1', n: 1 })).toBe(1 + 500 + 2 + 1);
  });

  it('prices fragment fan-out as executed (fields merge), in linear time', () => {
    const query = `query { ...F3 }
      fragment F0 on Query { segmentPreview(query: "x") { count } }
      fragment F1 on Query { ${spreads('F0')} }
      fragment F2 on Query { ${spreads('F1')} }
      fragment F3 on Query { ${spreads('F2')} }`;
    expect(cost(query)).toBe(501);
    // Six levels: 30^6 = 729 million spreads if expanded.
    const deeper = Array.from({ length: 6 }, (_, i) => `fragment F${i + 1} on Query { ${spreads(`F${i}`)} }`).join('\n');
    const started = process.hrtime.bigint();
    expect(cost(`query { ...F6 } fragment F0 on Query { __typename } ${deeper}`)).toBe(1);
    // Generous bound only: a regression here is exponential (hours), not a few milliseconds.
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(5_000);
  });

  it('prices distinct aliases through fragments separately', () => {
    const query = `query { ...F1 }
      fragment F0 on Query { segmentPreview(query: "x") { count } }
      fragment F1 on Query { a: segments(first: 2) { nodes { id } } ...F0 b: segments(first: 2) { nodes { id } } }`;
    expect(cost(query)).toBe(2 * (2 + 2 * 2) + 501);
  });

  it('agrees with graphql-query-complexity (the previous estimator) where that one was right', () => {
    const connection: ComplexityEstimator = ({ field, args, childComplexity }) => {
      if (!getNamedType(field.type).name.endsWith('Connection')) return undefined;
      const own = field.extensions?.complexity;
      return (typeof own === 'number' ? own : 2) + childComplexity * Math.max(1, Number(args.first ?? args.last ?? DEFAULT_PAGE_SIZE));
    };
    const queries = [
      '{ customers(first: 100) { nodes { owner { department { name } } assignmentHistory(first: 100) { nodes { fromOwner { name } } } } } }',
      '{ segments(first: 10) { edges { cursor node { count members(first: 3) { totalCount nodes { name phones } } } } pageInfo { hasNextPage } } }',
      '{ viewer { __typename } segmentPreview(query: "kind = PERSON") { count query members { nodes { id } } } }',
    ];
    for (const query of queries) {
      const previous = getComplexity({
        schema,
        query: parse(query),
        variables: {},
        estimators: [connection, fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
      });
      expect(cost(query)).toBe(previous);
    }
  });

  it('throws only a GraphQLError for a null non-null argument (the plugin codes it BAD_USER_INPUT)', () => {
    expect(() => cost('query($s: CustomerSortKey) { customers(first: 1, sortKey: $s) { totalCount } }', { s: null })).toThrow(GraphQLError);
  });
});

describe('nullsAsDefaults', () => {
  const run = (query: string, variables: Record<string, unknown>) => {
    const document = parse(query);
    return nullsAsDefaults(schema, document, getOperationAST(document)!, variables);
  };

  it.each<[string, string, Record<string, unknown>, Record<string, unknown>]>([
    [
      'drops a null used only for a non-null argument with a default',
      'query($s: CustomerSortKey) { customers(first: 1, sortKey: $s) { totalCount } }',
      { s: null },
      {},
    ],
    [
      'the same through a fragment',
      'query($r: Boolean) { ...F } fragment F on Query { customers(reverse: $r) { totalCount } }',
      { r: null, x: 1 },
      { x: 1 },
    ],
    [
      'drops a null for a non-null position when the variable has its own default',
      'query($b: Boolean = true) { __typename @skip(if: $b) }',
      { b: null },
      {},
    ],
    [
      'keeps a null for a nullable argument',
      'query($f: CustomerFilter) { customers(filter: $f) { totalCount } }',
      { f: null },
      { f: null },
    ],
    ['keeps values', 'query($s: CustomerSortKey) { customers(sortKey: $s) { totalCount } }', { s: 'NAME' }, { s: 'NAME' }],
  ])('%s', (_name, query, variables, expected) => {
    expect(run(query, variables)).toEqual(expected);
  });

  it('refuses a null used both where null means something and where a value is needed', () => {
    const query = 'query($r: Boolean) { customers(first: 1, reverse: $r, filter: { unassigned: $r }) { totalCount } }';
    expect(() => run(query, { r: null })).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
    );
  });
});

describe('validation limits', () => {
  const errorsOf = (query: string) =>
    validate(schema, parse(query), [...specifiedRules, knownOperationTypesRule, maxDepthRule(3), maxAliasesRule(2)]);

  it.each<[string, string, string | null, Record<string, unknown> | null]>([
    ['depth at the limit', '{ customers { nodes { name } } }', null, null],
    [
      'depth over the limit',
      '{ customers { nodes { owner { name } } } }',
      'Query depth 4 exceeds the maximum of 3.',
      { name: 'depth', maximum: 3, requested: 4 },
    ],
    [
      'fragments add no depth',
      '{ ...Q } fragment Q on Query { customers { ...C } } fragment C on CustomerConnection { nodes { name } }',
      null,
      null,
    ],
    [
      'depth through fragments',
      '{ ...Q } fragment Q on Query { customers { ...C } } fragment C on CustomerConnection { nodes { owner { name } } }',
      'Query depth 4 exceeds the maximum of 3.',
      { name: 'depth', maximum: 3, requested: 4 },
    ],
    ['aliases at the limit, __typename free', '{ a: __typename b: viewer { id } c: viewer { id } }', null, null],
    [
      'aliases over the limit',
      '{ a: viewer { id } b: viewer { id } c: viewer { id } }',
      'Query has 3 aliases; the maximum is 2.',
      { name: 'aliases', maximum: 2, requested: 3 },
    ],
    [
      'aliases counted per spread',
      '{ ...A ...B } fragment A on Query { a: viewer { id } } fragment B on Query { ...A b: viewer { id } }',
      'Query has 3 aliases; the maximum is 2.',
      { name: 'aliases', maximum: 2, requested: 3 },
    ],
  ])('%s', (_name, query, message, limit) => {
    const errors = errorsOf(query);
    if (message === null) expect(errors).toEqual([]);
    else expect(errors.map((e) => [e.message, e.extensions.limit])).toEqual([[message, limit]]);
  });

  it('refuses an operation type the schema has not (subscription)', () => {
    expect(errorsOf('subscription { x }').map((e) => e.message)).toContain('This API has no subscription operations.');
  });

  it('measures a fan-out of fragments in linear time', () => {
    const deeper = Array.from({ length: 6 }, (_, i) => `fragment F${i + 1} on Query { ${spreads(`F${i}`)} }`).join('\n');
    const errors = errorsOf(`query { ...F6 } fragment F0 on Query { a: viewer { id } } ${deeper}`);
    expect(errors.map((e) => e.extensions.limit)).toEqual([{ name: 'aliases', maximum: 2, requested: 30 ** 6 }]);
  });
});

describe('variableNestedTooDeeply', () => {
  const nested = (levels: number) => JSON.parse('{"not":'.repeat(levels) + '1' + '}'.repeat(levels)) as unknown;

  it.each<[string, Record<string, unknown>, string | undefined]>([
    ['flat', { a: 1, b: 'x', c: null }, undefined],
    ['at the limit', { f: nested(10) }, undefined],
    ['over the limit', { ok: nested(3), f: nested(11) }, 'f'],
    ['arrays count', { ids: [[[[[[[[[[['x']]]]]]]]]]] }, 'ids'],
    ['100,000 levels, without overflowing the stack', { f: nested(100_000) }, 'f'],
  ])('%s', (_name, variables, expected) => {
    expect(variableNestedTooDeeply(variables, 10)).toBe(expected);
  });
});
