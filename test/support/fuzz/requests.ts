import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import type { GraphQLSchema } from 'graphql';
import { DocumentGenerator, type GraphQLBody, type Pools } from './documents';
import { BuiltArbitrary, type Rng } from './rng';

/** One HTTP request of the fuzz, before the sender's credentials are added. */
export interface FuzzRequest {
  index: number;
  label: string;
  method: 'GET' | 'POST';
  /** Query string for GET, with its leading `?`; empty for POST. */
  search: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

const JSON_TYPE = { 'content-type': 'application/json' };

/** The POST body text of a GraphQL request; `variables` is spliced as text (it may hold 1e999). */
export function bodyText(b: GraphQLBody): string {
  const parts = [`"query":${JSON.stringify(b.query)}`];
  if (b.variables !== undefined) parts.push(`"variables":${b.variables}`);
  if (b.operationName !== undefined) parts.push(`"operationName":${JSON.stringify(b.operationName)}`);
  return `{${parts.join(',')}}`;
}

/** Bodies and headers a careless or hostile client sends. */
function malformed(r: Rng): Omit<FuzzRequest, 'index'> {
  const post = (label: string, body: string | Buffer, headers: Record<string, string> = JSON_TYPE) => ({
    label,
    method: 'POST' as const,
    search: '',
    headers,
    body,
  });
  const get = (label: string, params: Record<string, string>, headers: Record<string, string> = {}) => ({
    label,
    method: 'GET' as const,
    search: `?${new URLSearchParams(params).toString()}`,
    headers,
  });
  const q = '{ __typename }';
  return r.pick<() => Omit<FuzzRequest, 'index'>>([
    () =>
      post(
        'non-JSON',
        r.pick([
          '{',
          '{"query":',
          'query { viewer { id } }',
          'nul\u0000',
          '',
          '\uFEFF{"query":"{ __typename }"}',
          '{"query":"{ __typename }"}}',
        ]),
      ),
    () =>
      post('wrong content-type', JSON.stringify({ query: q }), {
        'content-type': r.pick([
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data',
          'application/graphql',
          'application/xml',
          '',
        ]),
      }),
    () =>
      post('wrong content-type with preflight', JSON.stringify({ query: q }), {
        'content-type': r.pick(['text/plain', 'application/graphql']),
        'apollo-require-preflight': 'true',
      }),
    () => post('unsupported charset', JSON.stringify({ query: q }), { 'content-type': 'application/json; charset=latin1' }),
    () => post('JSON not an object', r.pick(['[]', `[${JSON.stringify({ query: q })}]`, '"{ __typename }"', '123', 'null', 'true', '{}'])),
    () =>
      post(
        'huge numbers',
        r.pick([
          `{"query":"{ __typename }","variables":{"a":1e999}}`,
          `{"query":1e999}`,
          `{"query":"query($n: Int) { customers(first: $n) { totalCount } }","variables":{"n":1e999}}`,
          `{"query":"query($n: Float) { __typename }","variables":{"n":-1e999}}`,
        ]),
      ),
    () => post('query not a string', JSON.stringify({ query: r.pick<unknown>([1, null, {}, [q], true, '']) })),
    () =>
      post('variables not an object', `{"query":${JSON.stringify(q)},"variables":${r.pick(['"{}"', '[]', '1', 'true', '"not json"'])}}`),
    () => post('operationName not a string', `{"query":${JSON.stringify(q)},"operationName":${r.pick(['1', '{}', '[]', 'true'])}}`),
    () =>
      post(
        'extensions odd',
        `{"query":${JSON.stringify(q)},"extensions":${r.pick(['1', '"x"', '{"persistedQuery":{"version":1,"sha256Hash":"abc"}}', '{"persistedQuery":{"version":2}}', '{"persistedQuery":null}'])}}`,
      ),
    () => post('persisted query only', `{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"${'0'.repeat(64)}"}}}`),
    () =>
      post(
        'prototype keys',
        `{"query":${JSON.stringify(q)},"__proto__":{"query":1},"constructor":{"prototype":{"x":1}},"variables":{"__proto__":{"a":1}}}`,
      ),
    () => post('duplicate keys', `{"query":"{ viewer { id } }","query":${JSON.stringify(q)}}`),
    () => post('deeply nested JSON', `{"query":${JSON.stringify(q)},"variables":{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`),
    () => post('oversized body', JSON.stringify({ query: `{ __typename ${' '.repeat(1_100_000)}}` })),
    () => post('huge query text', JSON.stringify({ query: `{ ${'__typename '.repeat(40_000)}}` })),
    () =>
      post('deeply nested selection', JSON.stringify({ query: `{ ${'viewer { department { '.repeat(2_000)}id${' } }'.repeat(2_000)} }` })),
    () =>
      post('deeply nested list literal', JSON.stringify({ query: `{ nodes(ids: ${'['.repeat(50_000)}"x"${']'.repeat(50_000)}) { id } }` })),
    () =>
      post('invalid UTF-8', Buffer.from([0x7b, 0x22, 0x71, 0x75, 0x65, 0x72, 0x79, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0x80, 0x22, 0x7d])),
    () => post('bad gzip', Buffer.from('not gzip'), { ...JSON_TYPE, 'content-encoding': 'gzip' }),
    () => post('gzip', gzipSync(JSON.stringify({ query: q })), { ...JSON_TYPE, 'content-encoding': 'gzip' }),
    () =>
      post('unknown encoding', JSON.stringify({ query: q }), {
        ...JSON_TYPE,
        'content-encoding': r.pick(['snappy', 'gzip, br', 'identity']),
      }),
    () =>
      post(
        'syntax error',
        JSON.stringify({
          query: r.pick([
            '{',
            '}',
            'query {',
            '{ viewer { id }',
            '{ "x" }',
            '{ a: b: c }',
            'fragment F on Query { ...F } { ...F }',
            '{ viewer(id: """unterminated) { id } }',
            '{ viewer { id } } #\u0000',
            '{ __typename \u0000 }',
          ]),
        }),
      ),
    () => get('GET without preflight', { query: q }),
    () =>
      get(
        'GET with preflight',
        {
          query: r.pick([q, '{ viewer { id } }', 'mutation { logout { userErrors { code } } }']),
          ...(r.chance(0.5) ? { variables: r.pick(['{', '[]', '{"a":1e999}']) } : {}),
        },
        { 'apollo-require-preflight': 'true' },
      ),
    () =>
      get('GET without a query', r.pick<Record<string, string>>([{}, { extensions: '{' }, { query: '' }]), {
        'apollo-require-preflight': 'true',
      }),
    () => get('GET mutation', { query: 'mutation { __typename }' }, { 'apollo-require-preflight': 'true' }),
  ])();
}

/** What the senders know about the database: real ids to use and e-mails to try. */
export type { Pools };

/**
 * Request `index` of the run seeded `seed`: each request has its own fast-check seed, so
 * FUZZ_ONLY can replay one without generating those before it.
 */
export function generateRequest(schema: GraphQLSchema, pools: Pools, seed: number, index: number): FuzzRequest {
  const [req] = fc.sample(
    new BuiltArbitrary((r) => {
      if (r.chance(0.1)) return { index, ...malformed(r) };
      const { label, body } = new DocumentGenerator(r, schema, pools).generate();
      const get = r.chance(0.03) && body.query.length + (body.variables?.length ?? 0) < 4_000;
      if (get) {
        const params: Record<string, string> = { query: body.query };
        if (body.variables !== undefined) params.variables = body.variables;
        if (body.operationName !== undefined) params.operationName = body.operationName;
        return {
          index,
          label: `GET ${label}`,
          method: 'GET' as const,
          search: `?${new URLSearchParams(params).toString()}`,
          headers: { 'apollo-require-preflight': 'true' },
        };
      }
      return { index, label, method: 'POST' as const, search: '', headers: JSON_TYPE, body: bodyText(body) };
    }),
    { seed: (seed ^ Math.imul(index + 1, 0x9e3779b1)) | 0, numRuns: 1 },
  );
  return req;
}
