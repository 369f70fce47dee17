/**
 * The benchmark's peer (`npm run bench -- --peer postgraphile`), never part of the API:
 * PostGraphile 5 (amber preset, simplified inflection) serving the bench database through
 * a read-only role, on Node 22. Copied into the peer's cache folder, where its packages are
 * installed, and started there by bench/peer/postgraphile.ts.
 * Like the API and the baseline it answers only requests with a valid session token, checked
 * with the baseline's statement (PostGraphile itself would serve anyone).
 * Environment: DATABASE_URL, PORT, POOL_MAX (the API's pool size).
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import pg from 'pg';
import { PgSimplifyInflectionPreset } from '@graphile/simplify-inflection';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

const port = Number(process.env.PORT);
const preset = {
  extends: [PostGraphileAmberPreset, PgSimplifyInflectionPreset],
  // Filtering and ordering on every column, indexed or not (v4's --no-ignore-indexes): the
  // API's lists filter on archived_at, which is in a partial index, not an indexed column.
  disablePlugins: ['PgIndexBehaviorsPlugin'],
  pgServices: [
    makePgService({
      connectionString: process.env.DATABASE_URL,
      schemas: ['public'],
      poolConfig: { max: Number(process.env.POOL_MAX || 10) },
    }),
  ],
  grafserv: { port, graphqlPath: '/graphql', graphiql: false, watch: false },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
// The schema is built before the server says it is ready.
await pgl.getSchemaResult();
const handler = serv.createHandler();
const sessions = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_MAX || 10) });
/** The baseline's check: an unexpired token of an active user. */
async function authenticated(authorization) {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!token) return false;
  const { rows } = await sessions.query(
    'select u.id from auth_token t join app_user u on u.id = t.user_id where t.token_hash = $1 and t.expires_at > now() and u.active',
    [createHash('sha256').update(token).digest('hex')],
  );
  return rows.length > 0;
}
const server = createServer((req, res) => {
  if (req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    return;
  }
  authenticated(req.headers.authorization).then(
    (ok) =>
      ok ? handler(req, res) : res.writeHead(401, { 'content-type': 'application/json' }).end('{"errors":[{"message":"unauthenticated"}]}'),
    (error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error)),
  );
});
server.listen(port, '127.0.0.1');
const stop = () => {
  server.close();
  void Promise.allSettled([pgl.release(), sessions.end()]).finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
