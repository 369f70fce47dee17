import { AsyncLocalStorage } from 'node:async_hooks';
import type { Knex, MikroORM } from '@mikro-orm/postgresql';
import { Semaphore } from '../lib/semaphore';

/**
 * A per-request budget of pool connections. Without it one GraphQL request with 24 aliases
 * (or 30 segment previews) starts all its statements at once, takes the whole pool, and
 * every other user's request waits for a connection until the pool's time-out.
 *
 * Where it sits: knex's `client.acquireConnection` / `releaseConnection`. Every statement of
 * the API goes through that pair (the entity manager's finds and flushes, `em.execute`,
 * query builders, the DataLoaders, raw SQL of the services, a transaction for its whole
 * life, the export's streamed cursor), so one wrapper covers them all, with no change to
 * the loaders or services. The request is found through AsyncLocalStorage: the middleware
 * below enters a budget for the rest of the request, and the ORM, DataLoader and Apollo all
 * continue its async context. A statement outside any request (scheduler, readiness probe,
 * migrations) has no budget and is not limited.
 *
 * The wait for a permit of one's own budget has no time-out: it is the request queueing
 * behind itself. The pool's acquire time-out still bounds the wait for a connection once a
 * permit is held. Inside a transaction the statements reuse the transaction's connection
 * (knex's transaction client never calls the base client), so a transaction costs one permit.
 */
const budgets = new AsyncLocalStorage<Semaphore>();

const ENFORCED = Symbol.for('customer-ops.connection-budget');

interface BudgetedClient {
  acquireConnection(): Promise<object>;
  releaseConnection(connection: object): Promise<void>;
  [ENFORCED]?: true;
}

/** Runs `work` (and every async continuation of it) with at most `limit` pool connections at once; 0 = no limit. */
export function withConnectionBudget<T>(limit: number, work: () => T): T {
  return limit > 0 ? budgets.run(new Semaphore(limit), work) : work();
}

/** The budget of the current request, if any (for tests and metrics). */
export function currentConnectionBudget(): Pick<Semaphore, 'limit' | 'holders' | 'waiting'> | undefined {
  return budgets.getStore();
}

/** Makes the pool honour the budgets entered with `withConnectionBudget`; idempotent. */
export function enforceConnectionBudgets(knex: Knex): void {
  const client = knex.client as unknown as BudgetedClient;
  if (client[ENFORCED]) return;
  const acquire = client.acquireConnection.bind(client);
  const release = client.releaseConnection.bind(client);
  const permits = new WeakMap<object, () => void>();
  client.acquireConnection = async () => {
    const budget = budgets.getStore();
    if (!budget) return acquire();
    const permit = await budget.acquire();
    try {
      const connection = await acquire();
      permits.set(connection, permit);
      return connection;
    } catch (error) {
      permit();
      throw error;
    }
  };
  client.releaseConnection = (connection) => {
    const permit = permits.get(connection);
    permits.delete(connection);
    try {
      return release(connection);
    } finally {
      permit?.(); // after the pool has the connection back, so the next statement of this request can take it
    }
  };
  client[ENFORCED] = true;
}

/**
 * Express middleware: every request through it gets a budget of `limit` connections. Put it
 * after the body parser, right before the GraphQL handler, so the handler runs inside it.
 */
export function connectionBudgetPerRequest(orm: MikroORM, limit: number) {
  enforceConnectionBudgets(orm.em.getKnex());
  return (_req: unknown, _res: unknown, next: () => void): void => withConnectionBudget(limit, next);
}
