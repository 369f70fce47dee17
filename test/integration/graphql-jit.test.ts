import { execute, parse, type OperationDefinitionNode } from 'graphql';
import * as jit from 'graphql-jit';
import pino from 'pino';
import { buildContext } from '../../src/resolvers/context';
import { buildSchema } from '../../src/schema/build-schema';
import { jitGateway } from '../../src/server/jit-gateway';
import { createFixture, type Fixture } from '../support/fixture';
import { insertProducts } from '../support/products';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * GRAPHQL_JIT (on by default): operations whose variables are non-null scalars or enums run
 * on graphql-jit, the rest on graphql-js. Both must answer alike, errors included.
 */
let app: TestApp;
let f: Fixture;
let customerId: string;

beforeAll(async () => {
  app = await startTestApp({ GRAPHQL_JIT: 'true' });
  f = await createFixture(app);
  const [product] = await insertProducts(app, [{ sku: 'J-1', name: '编译器', listPrice: '10.00', cost: '4.00' }]);
  const created = await app.post(
    { query: 'mutation { customerCreate(input: { kind: PERSON, name: "即时编译" }) { customer { id } } }' },
    { token: f.admin.token },
  );
  customerId = (created.data as { customerCreate: { customer: { id: string } } }).customerCreate.customer.id;
  const order = await app.post(
    {
      query:
        'mutation($c: ID!, $p: ID!) { orderCreate(input: { customerId: $c, lines: [{ productId: $p, quantity: "2" }] }) { order { id } } }',
      variables: { c: customerId, p: product.gid },
    },
    { token: f.admin.token },
  );
  expect(order.errors).toBeUndefined();
});
afterAll(() => app.close());

/** The same operation through graphql-js, with the same viewer, as the executor before GRAPHQL_JIT. */
async function onGraphqlJs(query: string, variables: Record<string, unknown> = {}) {
  const contextValue = buildContext({
    em: app.db.orm.em.fork(),
    viewer: f.admin.viewer,
    config: app.config,
    requestId: 'jit-test',
    locale: 'zh',
    log: pino({ level: 'silent' }),
  });
  const result = await execute({ schema: buildSchema(), document: parse(query), contextValue, variableValues: variables });
  return JSON.parse(
    JSON.stringify({ data: result.data ?? null, errors: result.errors?.map((e) => ({ message: e.message, path: e.path })) }),
  );
}

async function overHttp(query: string, variables: Record<string, unknown> = {}) {
  const res = await app.post({ query, variables }, { token: f.admin.token });
  return { data: res.data ?? null, errors: res.errors?.map((e) => ({ message: e.message, path: e.path })) };
}

describe('graphql-jit', () => {
  it.each([
    [
      'a page of customers with their orders (no variables)',
      '{ customers(first: 5) { totalCount nodes { id name orders(first: 5) { nodes { id orderedAt total { amount currencyCode } lines { quantity product { name } } } } } } }',
      {},
    ],
    [
      'one customer by a non-null variable, with fragments',
      'query($id: ID!) { customer(id: $id) { ...C } } fragment C on Customer { id name archived contactPreference { preferredChannel } }',
      'ID',
    ],
    [
      'an abstract type: nodes(ids:) with inline fragments',
      'query($id: ID!) { nodes(ids: [$id, "bogus"]) { __typename id ... on Customer { name } } }',
      'ID',
    ],
    ['a resolver refusal, data null above it', '{ customers(first: 101) { totalCount } }', {}],
  ])('answers %s as graphql-js does', async (_name, query, variables) => {
    const given = variables === 'ID' ? { id: customerId } : variables;
    const jit = await overHttp(query, given);
    const js = await onGraphqlJs(query, given);
    expect(jit.data).toEqual(js.data);
    expect(jit.errors?.map((e) => e.path)).toEqual(js.errors?.map((e: { path: unknown }) => e.path));
    if (query.includes('101')) expect(jit.errors?.[0].message).toMatch(/first must be between 0 and 100/);
    else expect(jit.errors).toBeUndefined();
  });

  it('compiles an operation once, runs it compiled, and leaves an input-object variable to graphql-js', async () => {
    const compiled: string[] = [];
    const gateway = jitGateway(buildSchema(), (schema, document, operationName) => {
      compiled.push(operationName ?? '');
      return jit.compileQuery(schema, document, operationName);
    });
    const { executor } = await gateway.load({ apollo: {} });
    const run = async (query: string, variables: Record<string, unknown>) => {
      const document = parse(query);
      const operation = document.definitions[0] as OperationDefinitionNode;
      const context = buildContext({
        em: app.db.orm.em.fork(),
        viewer: f.admin.viewer,
        config: app.config,
        requestId: 'jit',
        locale: 'zh',
        log: pino({ level: 'silent' }),
      });
      const request = { document, operation, operationName: operation.name?.value ?? null, context, request: { variables } };
      const first = await executor!(request as never);
      const second = await executor!({ ...request, context: { ...context } } as never);
      return { first, second };
    };
    const page = await run('query Page { customers(first: 2) { nodes { id name } } }', {});
    expect(page.first).toEqual(page.second);
    expect(page.first.data).toEqual(JSON.parse(JSON.stringify((await onGraphqlJs('{ customers(first: 2) { nodes { id name } } }')).data)));
    const filtered = await run('query Filtered($filter: CustomerFilter) { customers(first: 2, filter: $filter) { totalCount } }', {
      filter: { kinds: ['PERSON'] },
    });
    expect(filtered.first.errors).toBeUndefined();
    expect(compiled).toEqual(['Page']);
  });

  it('keeps graphql-js for variables it would coerce wrongly: a filter input with defaults answers as before', async () => {
    const query = `query($filter: SalesReportFilter) { salesReport(period: { year: 2026 }, groupBy: [COMPANY], filter: $filter) { totals { orderCount } } }`;
    const res = await overHttp(query, { filter: { customerIds: [customerId] } });
    expect(res.errors).toBeUndefined();
    expect(res).toEqual(await onGraphqlJs(query, { filter: { customerIds: [customerId] } }));
  });
});
