import type { AddressInfo } from 'node:net';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import pino, { type Logger } from 'pino';
import { createApp, type App } from '../../src/http/app';
import { loadConfig, type Config } from '../../src/config';
import type { Viewer } from '../../src/domain/access/viewer';
import { buildContext } from '../../src/resolvers/context';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface Auth {
  token?: string;
  apiKey?: string;
  headers?: Record<string, string>;
}

export interface GraphQLResponse<R> {
  status: number;
  data?: R | null;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> & { code?: string } }>;
  extensions?: Record<string, unknown>;
}

export interface TestApp {
  db: TestDatabase;
  app: App;
  url: string;
  config: Config;
  /** A typed operation over HTTP, as a client sends it. */
  gql<R, V>(doc: TypedDocumentNode<R, V>, variables?: V, auth?: Auth): Promise<GraphQLResponse<R>>;
  /** A raw POST body over HTTP. */
  post(body: unknown, auth?: Auth): Promise<GraphQLResponse<unknown>>;
  /** The same operation through `executeOperation`, with a given viewer. */
  execute<R, V>(doc: TypedDocumentNode<R, V>, variables: V, viewer: Viewer | null): Promise<GraphQLResponse<R>>;
  close(): Promise<void>;
}

/**
 * The tests read messages in English: requests ask for it unless a test sets `accept-language`
 * itself (an empty value sends none: the Chinese default).
 */
function headersOf(auth?: Auth): Record<string, string> {
  const ownLanguage = Object.keys(auth?.headers ?? {}).some((h) => h.toLowerCase() === 'accept-language');
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...(ownLanguage ? {} : { 'accept-language': 'en' }),
    ...(auth?.token ? { authorization: `Bearer ${auth.token}` } : {}),
    ...(auth?.apiKey ? { 'x-api-key': auth.apiKey } : {}),
    ...auth?.headers,
  };
  for (const h of Object.keys(headers)) if (h.toLowerCase() === 'accept-language' && headers[h] === '') delete headers[h];
  return headers;
}

/** The real express app on a fresh database (or a clone of the database `from`), listening on a free port; silent unless `options.log` is given. */
export async function startTestApp(env: Record<string, string> = {}, from?: string, options: { log?: Logger } = {}): Promise<TestApp> {
  const db = await createTestDatabase(env, from);
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', ...env });
  const log = options.log ?? pino({ level: 'silent' });
  const app = await createApp(db.orm, config, log);
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}/graphql`;

  const post = async (body: unknown, auth?: Auth) => {
    const res = await fetch(url, { method: 'POST', headers: headersOf(auth), body: JSON.stringify(body) });
    const json = (await res.json()) as GraphQLResponse<unknown>;
    return { ...json, status: res.status };
  };

  return {
    db,
    app,
    url,
    config,
    gql: async (doc, variables, auth) => (await post({ query: print(doc), variables }, auth)) as GraphQLResponse<never>,
    post,
    async execute(doc, variables, viewer) {
      const contextValue = buildContext({
        em: db.orm.em.fork(),
        viewer,
        config,
        requestId: 'test',
        locale: 'zh',
        log,
      });
      const response = await app.apollo.executeOperation(
        { query: print(doc), variables: variables as Record<string, unknown> },
        { contextValue },
      );
      if (response.body.kind !== 'single') throw new Error('incremental delivery is not expected');
      const { data, errors } = response.body.singleResult;
      return { status: response.http.status ?? 200, data: data as never, errors: errors as never };
    },
    async close() {
      await app.apollo.stop();
      await db.drop();
    },
  };
}

/** The first error code of a response, for terse assertions. */
export function errorCode(res: GraphQLResponse<unknown>): string | undefined {
  return res.errors?.[0]?.extensions?.code;
}
