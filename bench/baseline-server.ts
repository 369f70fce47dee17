import http from 'node:http';
import { Pool } from 'pg';
import { authenticated, handlers } from './baseline-handlers';

/**
 * The baseline of the benchmarks: the same answers as the API (bench/baseline-handlers.ts),
 * produced by hand-written SQL through `pg` and serialized by a bare Node HTTP handler. It
 * authenticates the bearer token the same way (one lookup), so the comparison is the cost of
 * the API's layers, not of auth.
 */
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_MAX || 10) });

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  const answer = async (): Promise<void> => {
    if (req.url === '/healthz') {
      res.writeHead(200).end('ok');
      return;
    }
    const handler = handlers[req.url ?? ''];
    if (!handler) {
      res.writeHead(404).end();
      return;
    }
    const client = await pool.connect();
    try {
      if (!(await authenticated(client, req.headers.authorization))) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"errors":[{"message":"unauthenticated"}]}');
        return;
      }
      const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
      const data = await handler(client, body.variables ?? {}, pool);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data }));
    } catch (error) {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: String(error) }] }));
    } finally {
      client.release();
    }
  };
  // A failed connect rejects before the handler's own try: answer 500 instead of an unhandled rejection.
  req.on('end', () => {
    answer().catch((error: unknown) => res.writeHead(500).end(String(error)));
  });
});

server.listen(Number(process.env.PORT || 4511), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
