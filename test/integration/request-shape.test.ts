import {
  RequestShapeCustomersSortedDocument,
  RequestShapeInactiveDocument,
  RequestShapeProductsSortedDocument,
  RequestShapeSegmentCountsDocument,
  SegmentCreateDocument,
} from '../generated/graphql';
import { toGlobalId } from '../../src/schema/global-id';
import { createFixture, type Fixture } from '../support/fixture';
import { errorCode, startTestApp, type Auth, type GraphQLResponse, type TestApp } from '../support/test-app';

/**
 * Every mistake in the shape of a request is a coded 4xx naming the limit it broke, never a
 * 500, and costs match the work: lists of ids and segment evaluations are priced per item.
 */

let app: TestApp;
let f: Fixture;
let segmentId: string;

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
  const res = await app.gql(SegmentCreateDocument, { input: { name: '个人客户', query: 'kind = PERSON' } }, { token: f.admin.token });
  segmentId = res.data!.segmentCreate.segment!.id;
});
afterAll(() => app.close());

/** A POST with a body given as text, for bodies JSON.stringify cannot make (100,000 levels). */
async function postRaw(target: TestApp, body: string, auth?: Auth): Promise<GraphQLResponse<unknown>> {
  const res = await fetch(target.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'accept-language': 'en',
      ...(auth?.token ? { authorization: `Bearer ${auth.token}` } : {}),
    },
    body,
  });
  return { ...((await res.json()) as object), status: res.status };
}

const costOf = (res: GraphQLResponse<unknown>) =>
  (res.extensions?.cost ?? res.errors?.[0]?.extensions?.cost) as { requestedQueryCost: number; maximumAvailable: number };
const times = <T>(n: number, value: T) => Array.from({ length: n }, () => value);
const spreads = (name: string) => times(30, `...${name}`).join(' ');
const fanOut = (f0: string) =>
  `query { ...F3 } fragment F0 on Query { ${f0} } fragment F1 on Query { ${spreads('F0')} } fragment F2 on Query { ${spreads('F1')} } fragment F3 on Query { ${spreads('F2')} }`;
const nestedNot = (levels: number) =>
  '{"not":'.repeat(levels) + '{"condition":{"field":"KIND","op":"EQ","value":"PERSON"}}' + '}'.repeat(levels);
const PREVIEW = 'query($f: CustomerSegmentFilter) { segmentPreview(filter: $f) { count } }';

describe('costs that match the work', () => {
  it('prices segment counts through nodes(ids:) per evaluation: 39 served, 40 and 100 refused', async () => {
    const sales = { token: f.salesSh1.token };
    const served = await app.gql(RequestShapeSegmentCountsDocument, { ids: times(39, segmentId) }, sales);
    expect(served.status).toBe(200);
    expect(served.errors).toBeUndefined();
    expect(served.data!.nodes).toHaveLength(39);
    // nodes 1 + 39 × (id 1 + count 500)
    expect(costOf(served)).toEqual({ requestedQueryCost: 1 + 39 * 501, maximumAvailable: 20_000 });

    for (const n of [40, 100]) {
      const refused = await app.gql(RequestShapeSegmentCountsDocument, { ids: times(n, segmentId) }, sales);
      expect(refused.status).toBe(400);
      expect(errorCode(refused)).toBe('QUERY_TOO_COSTLY');
      expect(refused.errors![0].message).toBe(
        `Query cost ${1 + n * 501} exceeds the maximum of 20000; ask for smaller pages, fewer ids or fewer fields.`,
      );
      expect(refused.errors![0].extensions).toMatchObject({
        cost: { requestedQueryCost: 1 + n * 501, maximumAvailable: 20_000 },
        limit: { name: 'cost', maximum: 20_000, requested: 1 + n * 501 },
      });
      expect(refused.data ?? null).toBeNull();
    }
  });

  it('prices nodes(ids:) like a page of the same customers', async () => {
    const fields = 'assignmentHistory(first: 100) { nodes { fromOwner { department { name } } toOwner { department { name } } } }';
    const page = await app.post({ query: `{ customers(first: 100) { nodes { ${fields} } } }` }, { token: f.admin.token });
    const ids = JSON.stringify(times(100, toGlobalId('Customer', 1)));
    const list = await app.post({ query: `{ nodes(ids: ${ids}) { ... on Customer { ${fields} } } }` }, { token: f.admin.token });
    for (const res of [page, list]) {
      expect(res.status).toBe(400);
      expect(errorCode(res)).toBe('QUERY_TOO_COSTLY');
    }
    // customers: 2 + 100 × (nodes 1 + X); nodes(ids:): 1 + 100 × X
    expect(costOf(list).requestedQueryCost).toBe(costOf(page).requestedQueryCost - 1 - 100);
  });
});

describe('client mistakes are coded 4xx, never 500', () => {
  it.each<[string, unknown, number, string]>([
    ['a missing required variable', { query: 'query($id: ID!) { customer(id: $id) { id } }', variables: {} }, 400, 'BAD_USER_INPUT'],
    [
      'a variable of the wrong type',
      { query: 'query($n: Int) { customers(first: $n) { totalCount } }', variables: { n: 'ten' } },
      400,
      'BAD_USER_INPUT',
    ],
    [
      'more than 50 bad values in one variable',
      { query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', variables: { ids: times(60, { x: 1 }) } },
      400,
      'BAD_USER_INPUT',
    ],
    ['an operationName naming nothing', { query: 'query A { __typename }', operationName: 'B' }, 400, 'OPERATION_RESOLUTION_FAILURE'],
    ['an operationName with an anonymous operation', { query: '{ __typename }', operationName: 'B' }, 400, 'OPERATION_RESOLUTION_FAILURE'],
    ['a subscription (this API has none)', { query: 'subscription { x }' }, 400, 'GRAPHQL_VALIDATION_FAILED'],
    [
      'an APQ hash that does not match its query',
      { query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } },
      400,
      'BAD_REQUEST',
    ],
    [
      'a null used both as null and for a defaulted argument',
      {
        query: 'query($r: Boolean) { customers(first: 1, reverse: $r, filter: { unassigned: $r }) { totalCount } }',
        variables: { r: null },
      },
      400,
      'BAD_USER_INPUT',
    ],
    [
      'a fan-out of aliases through fragments (27,000 aliases as written)',
      { query: fanOut('a: __schema { __typename } b: viewer { id }') },
      400,
      'GRAPHQL_VALIDATION_FAILED',
    ],
  ])('%s', async (_name, body, status, code) => {
    const res = await app.post(body, { token: f.salesSh1.token });
    expect(res.status).toBe(status);
    expect(errorCode(res)).toBe(code);
  });

  it('answers a fragment fan-out (30 × 30 × 30 spreads, unauthenticated) as it executes: one field', async () => {
    const query = fanOut('__typename');
    expect(query.length).toBeLessThan(700);
    const started = performance.now();
    const res = await app.post({ query });
    const ms = performance.now() - started;
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ __typename: 'Query' });
    expect(costOf(res).requestedQueryCost).toBe(1);
    expect(ms).toBeLessThan(5_000); // generous: the estimator used to expand it (27,000 × more work)
  });

  it('names the depth limit, with a code and the limit in extensions', async () => {
    const res = await app.post(
      {
        query:
          '{ customers(first: 1) { nodes { owner { department { parent { parent { parent { parent { parent { parent { parent { parent { parent { name } } } } } } } } } } } } } }',
      },
      { token: f.admin.token },
    );
    expect(res.status).toBe(400);
    expect(res.errors).toEqual([
      expect.objectContaining({
        message: 'Query depth 14 exceeds the maximum of 12.',
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: { name: 'depth', maximum: 12, requested: 14 } },
      }),
    ]);
  });

  it('names the alias limit, with a code and the limit in extensions', async () => {
    const res = await app.post(
      { query: `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: viewer { id }`).join(' ')} }` },
      { token: f.admin.token },
    );
    expect(res.status).toBe(400);
    expect(res.errors).toEqual([
      expect.objectContaining({
        message: 'Query has 31 aliases; the maximum is 30.',
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: { name: 'aliases', maximum: 30, requested: 31 } },
      }),
    ]);
  });
});

describe('null for an argument that is non-null with a default means the default', () => {
  it('for customers(sortKey:, reverse:), as if the variables were left out', async () => {
    const auth = { token: f.admin.token };
    const omitted = await app.gql(RequestShapeCustomersSortedDocument, {}, auth);
    const nulls = await app.gql(RequestShapeCustomersSortedDocument, { sortKey: null, reverse: null }, auth);
    expect(nulls.status).toBe(200);
    expect(nulls.errors).toBeUndefined();
    expect(nulls.data).toEqual(omitted.data);
    const reversed = await app.gql(RequestShapeCustomersSortedDocument, { sortKey: 'NAME', reverse: true }, auth);
    expect(reversed.errors).toBeUndefined();
  });

  it('for products(sortKey:, reverse:) and includeInactive', async () => {
    const auth = { token: f.admin.token };
    const products = await app.gql(RequestShapeProductsSortedDocument, { sortKey: null, reverse: null }, auth);
    expect(products.status).toBe(200);
    expect(products.errors).toBeUndefined();
    const inactive = await app.gql(RequestShapeInactiveDocument, { includeInactive: null }, auth);
    expect(inactive.status).toBe(200);
    expect(inactive.errors).toBeUndefined();
    expect(inactive.data).toEqual((await app.gql(RequestShapeInactiveDocument, { includeInactive: false }, auth)).data);
  });
});

describe('nesting limits', () => {
  it('refuses a variable nested 100,000 levels with BAD_USER_INPUT naming the limit (unauthenticated too)', async () => {
    const body = `{"query":${JSON.stringify(PREVIEW)},"variables":{"f":${nestedNot(100_000)}}}`;
    for (const auth of [undefined, { token: f.salesSh1.token }]) {
      const res = await postRaw(app, body, auth);
      expect(res.status).toBe(400);
      expect(res.errors).toEqual([
        {
          message: 'Variable "$f" is nested more than 100 levels deep; the maximum is 100.',
          extensions: { code: 'BAD_USER_INPUT', limit: { name: 'variableNesting', maximum: 100 } },
        },
      ]);
    }
  });

  it('refuses a typed segment filter deeper than 32 levels, naming the limit', async () => {
    const res = await postRaw(app, `{"query":${JSON.stringify(PREVIEW)},"variables":{"f":${nestedNot(70)}}}`, { token: f.salesSh1.token });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toMatch(/the filter is nested deeper than 32 levels$/);
    const ok = await postRaw(app, `{"query":${JSON.stringify(PREVIEW)},"variables":{"f":${nestedNot(31)}}}`, { token: f.salesSh1.token });
    expect(ok.errors).toBeUndefined();
  });

  it('answers an inline literal nested 100,000 levels with a 400, not a crash', async () => {
    const literal = '{not: '.repeat(100_000) + '{condition: {field: KIND, op: EQ, value: "PERSON"}}' + '}'.repeat(100_000);
    const res = await app.post({ query: `{ segmentPreview(filter: ${literal}) { count } }` }, { token: f.salesSh1.token });
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('GRAPHQL_PARSE_FAILED');
  });
});

describe('development and test keep suggestions', () => {
  it('says "Did you mean"', async () => {
    const res = await app.post({ query: '{ customerz { id } }' });
    expect(res.errors![0].message).toMatch(/Did you mean "customer"/);
  });
});

describe('production mode', () => {
  let prod: TestApp;
  beforeAll(async () => {
    prod = await startTestApp({ NODE_ENV: 'production' });
  });
  afterAll(() => prod.close());

  it.each<[string, unknown, number, string, string]>([
    [
      'an unknown field',
      { query: '{ customerz { id } }' },
      400,
      'GRAPHQL_VALIDATION_FAILED',
      'Cannot query field "customerz" on type "Query".',
    ],
    [
      'an unknown argument',
      { query: '{ customers(firts: 1) { totalCount } }' },
      400,
      'GRAPHQL_VALIDATION_FAILED',
      'Unknown argument "firts" on field "Query.customers".',
    ],
    [
      'an unknown type',
      { query: 'query($f: CustomerFiltre) { customers(filter: $f) { totalCount } }' },
      400,
      'GRAPHQL_VALIDATION_FAILED',
      'Unknown type "CustomerFiltre".',
    ],
    [
      'an enum value in a variable',
      { query: 'query($s: CustomerSortKey) { customers(sortKey: $s) { totalCount } }', variables: { s: 'NAM' } },
      400,
      'BAD_USER_INPUT',
      'Variable "$s" got invalid value "NAM"; Value "NAM" does not exist in "CustomerSortKey" enum.',
    ],
    ['a subscription', { query: 'subscription { x }' }, 400, 'GRAPHQL_VALIDATION_FAILED', 'This API has no subscription operations.'],
    [
      'an APQ hash mismatch',
      { query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } },
      400,
      'BAD_REQUEST',
      'provided sha does not match query',
    ],
    [
      'a missing variable',
      { query: 'query($id: ID!) { customer(id: $id) { id } }', variables: {} },
      400,
      'BAD_USER_INPUT',
      'Variable "$id" of required type "ID!" was not provided.',
    ],
    [
      'a null used as null and for a default',
      {
        query: 'query($r: Boolean) { customers(first: 1, reverse: $r, filter: { unassigned: $r }) { totalCount } }',
        variables: { r: null },
      },
      400,
      'BAD_USER_INPUT',
      'Variable "$r" is null, but it is used both where null means something and where a value is needed (a non-null argument with a default): omit it or give a value.',
    ],
    [
      'too many aliases',
      { query: `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: viewer { id }`).join(' ')} }` },
      400,
      'GRAPHQL_VALIDATION_FAILED',
      'Query has 31 aliases; the maximum is 30.',
    ],
  ])('%s: a coded 4xx without suggestions', async (_name, body, status, code, message) => {
    const res = await prod.post(body);
    expect(res.status).toBe(status);
    expect(errorCode(res)).toBe(code);
    expect(res.errors![0].message).toBe(message);
    expect(JSON.stringify(res)).not.toMatch(/Did you mean|Internal server error|requestId/);
  });

  it('refuses a variable nested 100,000 levels with its code, unmasked', async () => {
    const res = await postRaw(prod, `{"query":${JSON.stringify(PREVIEW)},"variables":{"f":${nestedNot(100_000)}}}`);
    expect(res.status).toBe(400);
    expect(res.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', limit: { name: 'variableNesting', maximum: 100 } });
  });

  it('answers null for a defaulted argument with data, and a query too costly with its code', async () => {
    const nulls = await prod.post({
      query: 'query($s: CustomerSortKey) { customers(first: 1, sortKey: $s) { totalCount } }',
      variables: { s: null },
    });
    expect(errorCode(nulls)).toBe('UNAUTHENTICATED'); // got as far as the resolver
    const costly = await prod.post({ query: `{ nodes(ids: ${JSON.stringify(times(100, 'x'))}) { ... on Segment { count } } }` });
    expect(costly.status).toBe(400);
    expect(errorCode(costly)).toBe('QUERY_TOO_COSTLY');
  });
});
