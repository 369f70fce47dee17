import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { buildSchema, Kind, type GraphQLResolveInfo } from 'graphql';
import { Pool } from 'pg';
import { jitGateway } from '../../src/server/jit-gateway';
import { authenticated, handlers } from '../baseline-handlers';

/**
 * The floor of the fixed stack (`npm run bench -- --peer apollo-floor`), never part of the
 * API: what B1, B2 and B7 cost through Express 5, Apollo Server 5 and graphql-js with the
 * least a server can do on them: a schema written in SDL with no resolver below the root
 * fields (graphql-js's default resolvers walk plain objects), the root fields answered by
 * the baseline's own handlers (its statements, its objects), the baseline's session check,
 * no type-graphql, no plugins but the two that switch features off, no logging, no cost or
 * depth limits. Operations run on graphql-jit through the API's own gateway, as the API runs
 * these three (GRAPHQL_JIT=false: graphql-js). Whatever the API spends above this floor is its own; whatever the floor
 * spends above the baseline no server on this stack can save. The queries are the API's
 * own texts (the schema is the subset of the API's they need).
 */
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_MAX || 10) });

const schema = buildSchema(`
  type Money { amount: String! currencyCode: String }
  type Product { name: String! }
  type OrderLine { quantity: String! product: Product! }
  type Order { id: ID! number: String! orderedAt: String! total: Money! lines: [OrderLine!]! }
  type OrderConnection { nodes: [Order!]! }
  type Inquiry { id: ID! status: String! receivedAt: String! }
  type InquiryConnection { nodes: [Inquiry!]! }
  type Customer { id: ID! name: String! orders(first: Int): OrderConnection! inquiries(first: Int): InquiryConnection! }
  type CustomerConnection { nodes: [Customer!]! }
  type Query { customers(first: Int): CustomerConnection! customer(id: ID!): Customer }
`);

/** One baseline path on a pooled client: its answer's `key`. */
async function answer(path: string, variables: Record<string, unknown>, key: string): Promise<unknown> {
  const client = await pool.connect();
  try {
    return ((await handlers[path](client, variables, pool)) as Record<string, unknown>)[key];
  } finally {
    client.release();
  }
}

const asks = (info: GraphQLResolveInfo, field: string) =>
  info.fieldNodes.some((node) => node.selectionSet?.selections.some((s) => s.kind === Kind.FIELD && s.name.value === field));

const root = schema.getQueryType()!.getFields();
// B1: the first 50 active customers with their last five orders (the baseline's page).
root.customers.resolve = () => answer('/b1', {}, 'customers');
// B2 when orders are asked, else B7.
root.customer.resolve = (_root, args: { id: string }, _context, info: GraphQLResolveInfo) =>
  answer(asks(info, 'orders') ? '/b2' : '/b7', { id: args.id }, 'customer');

async function main(): Promise<void> {
  const app = express();
  const server = http.createServer(app);
  const apollo = new ApolloServer({
    ...(process.env.GRAPHQL_JIT === 'false' ? { schema } : { gateway: jitGateway(schema) }),
    introspection: false,
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginCacheControlDisabled()],
  });
  await apollo.start();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use(
    '/graphql',
    express.json(),
    async (req, res, next) => {
      if (await authenticated(pool, req.headers.authorization)) return next();
      res.status(401).json({ errors: [{ message: 'unauthenticated' }] });
    },
    expressMiddleware(apollo),
  );
  server.listen(Number(process.env.PORT), '127.0.0.1');
  process.on('SIGTERM', () => {
    server.close();
    void Promise.allSettled([apollo.stop(), pool.end()]).finally(() => process.exit(0));
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
