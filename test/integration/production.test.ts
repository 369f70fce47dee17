import { CustomersDocument, PingDocument } from '../generated/graphql';
import { createFixture, type Fixture } from '../support/fixture';
import { startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let f: Fixture;

beforeAll(async () => {
  app = await startTestApp({ NODE_ENV: 'production' });
  f = await createFixture(app);
});
afterAll(() => app.close());

describe('production mode', () => {
  it('turns introspection off', async () => {
    const res = await app.post({ query: '{ __schema { queryType { name } } }' }, { token: f.admin.token });
    expect(res.errors?.[0]?.message).toMatch(/introspection/i);
  });

  it('serves no landing page and no GraphiQL', async () => {
    const res = await fetch(app.url, { headers: { accept: 'text/html' } });
    expect(await res.text()).not.toMatch(/sandbox/i);
    const base = app.url.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/graphiql`)).status).toBe(404);
    expect((await fetch(`${base}/graphiql/assets/graphiql.min.js`)).status).toBe(404);
  });

  it('masks unexpected errors, sends no stack trace, and gives the request id', async () => {
    // Break the database under the server: the next query fails in an unexpected way.
    await app.db.orm.em.fork().getConnection().execute('alter table customer rename to customer_gone');
    try {
      const res = await app.gql(CustomersDocument, { first: 1 }, { token: f.admin.token, headers: { 'x-request-id': 'req-42' } });
      expect(res.errors?.[0]).toEqual({
        message: 'Internal server error',
        locations: expect.any(Array),
        path: ['customers'],
        extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-42' },
      });
      expect(JSON.stringify(res)).not.toMatch(/customer_gone|relation|at \//);
    } finally {
      await app.db.orm.em.fork().getConnection().execute('alter table customer_gone rename to customer');
    }
  });

  it('still answers expected errors with their code', async () => {
    const res = await app.gql(CustomersDocument, { first: 1 });
    expect(res.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED' });
    expect((await app.gql(PingDocument, {})).data).toEqual({ __typename: 'Query' });
  });
});

describe('readiness', () => {
  it('answers 503 on /readyz when the database is unreachable, while /healthz stays up', async () => {
    await app.db.orm.close(true);
    const base = app.url.replace(/\/graphql$/, '');
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'unavailable', reason: 'database unreachable' });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});
