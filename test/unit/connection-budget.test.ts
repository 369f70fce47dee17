import type { Knex } from '@mikro-orm/postgresql';
import { currentConnectionBudget, enforceConnectionBudgets, withConnectionBudget } from '../../src/db/connection-budget';

/** A stand-in for knex's client: a pool of `size` connections that fails when asked to. */
function fakeKnex(size: number) {
  let inUse = 0;
  let peak = 0;
  let failNext = false;
  const client = {
    async acquireConnection() {
      await new Promise((r) => setImmediate(r));
      if (failNext) {
        failNext = false;
        throw Object.assign(new Error('Knex: Timeout acquiring a connection.'), { name: 'KnexTimeoutError' });
      }
      if (inUse >= size) throw new Error('test pool over-used');
      inUse += 1;
      peak = Math.max(peak, inUse);
      return { id: Symbol('connection') };
    },
    async releaseConnection() {
      inUse -= 1;
    },
  };
  const knex = { client } as unknown as Knex;
  enforceConnectionBudgets(knex);
  enforceConnectionBudgets(knex); // idempotent: a second call does not wrap twice
  return {
    client: client as { acquireConnection(): Promise<object>; releaseConnection(c: object): Promise<void> },
    get peak() {
      return peak;
    },
    failNextAcquire: () => (failNext = true),
  };
}

/** One "statement": acquire, hold for a few turns of the event loop, release. */
async function statement(client: { acquireConnection(): Promise<object>; releaseConnection(c: object): Promise<void> }): Promise<void> {
  const connection = await client.acquireConnection();
  for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
  await client.releaseConnection(connection);
}

describe('connection budget', () => {
  it.each([1, 2, 3])('lets a request hold at most %i connections, however many statements it starts', async (limit) => {
    const pool = fakeKnex(10);
    await withConnectionBudget(limit, () => Promise.all(Array.from({ length: 12 }, () => statement(pool.client))));
    expect(pool.peak).toBe(limit);
  });

  it('gives each request its own budget', async () => {
    const pool = fakeKnex(10);
    const request = () => withConnectionBudget(2, () => Promise.all(Array.from({ length: 6 }, () => statement(pool.client))));
    await Promise.all([request(), request(), request()]);
    expect(pool.peak).toBe(6);
  });

  it('does not limit statements outside a request, nor with a limit of 0', async () => {
    const outside = fakeKnex(10);
    await Promise.all(Array.from({ length: 8 }, () => statement(outside.client)));
    expect(outside.peak).toBe(8);
    const unlimited = fakeKnex(10);
    await withConnectionBudget(0, () => Promise.all(Array.from({ length: 8 }, () => statement(unlimited.client))));
    expect(unlimited.peak).toBe(8);
  });

  it('gives the permit back when the pool fails to hand out a connection', async () => {
    const pool = fakeKnex(10);
    await withConnectionBudget(1, async () => {
      pool.failNextAcquire();
      await expect(statement(pool.client)).rejects.toThrow('Timeout acquiring');
      expect(currentConnectionBudget()).toMatchObject({ limit: 1, holders: 0, waiting: 0 });
      await statement(pool.client); // would wait forever if the failed acquire had kept the permit
    });
  });
});
