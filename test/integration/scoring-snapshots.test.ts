import pino from 'pino';
import { Client } from 'pg';
import {
  ApiKeyCreateDocument,
  CustomerCreateDocument,
  LifecycleHistoryDocument,
  LifecycleSnapshotTakeDocument,
  LifecycleTierMigrationsDocument,
} from '../generated/graphql';
import { loadConfig } from '../../src/config';
import { localIdOf } from '../../src/schema/global-id';
import { SNAPSHOT_LOCK_KEY } from '../../src/services/scoring-snapshot.service';
import {
  ASSOCIATIONS_CRON,
  ASSOCIATIONS_QUEUE,
  FACTS_CRON,
  FACTS_QUEUE,
  HISTORY_CRON,
  HISTORY_QUEUE,
  REMINDER_WEBHOOKS_QUEUE,
  runScheduledSnapshot,
  SNAPSHOT_CRON,
  SNAPSHOT_QUEUE,
  startScheduler,
} from '../../src/jobs/scheduler';
import { createFixture, type Fixture } from '../support/fixture';
import { insertProducts, type TestProduct } from '../support/products';
import { daysAgo, insertOrder, refreshFigures } from '../support/records';
import { errorCode, startTestApp, type Auth, type TestApp } from '../support/test-app';

let app: TestApp;
let f: Fixture;
let product: TestProduct;
let big: string; // salesSh1's customer who will become VIP
let mid: string; // salesSouth's customer who will become MAJOR
const plain: string[] = [];

async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().getConnection().execute(query, params);
}
async function customer(name: string, token: string): Promise<string> {
  const res = await app.gql(CustomerCreateDocument, { input: { kind: 'COMPANY', name } }, { token });
  expect(res.data?.customerCreate.userErrors).toEqual([]);
  return res.data!.customerCreate.customer!.id;
}
async function apiKey(scopes: string[]): Promise<string> {
  const res = await app.gql(ApiKeyCreateDocument, { input: { name: `key ${scopes.join(' ')}`, scopes } }, { token: f.admin.token });
  return res.data!.apiKeyCreate.secret!;
}
async function take(auth: Auth = { token: f.admin.token }) {
  const res = await app.gql(LifecycleSnapshotTakeDocument, {}, auth);
  expect(res.errors).toBeUndefined();
  return res.data!.scoringSnapshotTake;
}
async function migrations(variables: Record<string, unknown> = {}, auth: Auth = { token: f.admin.token }) {
  const res = await app.gql(LifecycleTierMigrationsDocument, variables, auth);
  expect(res.errors).toBeUndefined();
  return res.data!.tierMigrations;
}
const runCount = async () => (await sql<{ n: number }>('select count(*)::int as n from scoring_snapshot_run'))[0].n;
const snapshotCount = async () => (await sql<{ n: number }>('select count(*)::int as n from value_tier_snapshot'))[0].n;

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
  [product] = await insertProducts(app, [{ sku: 'SNAP-1', name: '设备', listPrice: '100.00', cost: '50.00' }]);
  // Eighteen alike customers and two that will buy: the same score for all twenty at first.
  for (let i = 0; i < 18; i++) plain.push(await customer(`普通客户${i}`, f.salesSh1.token));
  big = await customer('大客户', f.salesSh1.token);
  mid = await customer('中客户', f.salesSouth.token);
  const archived = await customer('已归档客户', f.salesSh1.token);
  await sql('update customer set archived_at = now() where id = ?', [localIdOf(archived, 'Customer')]);
});
afterAll(() => app.close());

describe('scoringSnapshotTake', () => {
  it('stores every active customer’s first tier, then only changes; tier moves appear in valueTierHistory and tierMigrations', async () => {
    const first = await take();
    expect(first.userErrors).toEqual([]);
    expect(first.run).toMatchObject({ trigger: 'ON_DEMAND', customerCount: 20, changeCount: 20 });
    expect(first.run!.takenOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await sql('select tier, previous_tier, score::text from value_tier_snapshot group by 1, 2, 3')).toEqual([
      expect.objectContaining({ tier: 'SMALL', previous_tier: null }),
    ]);
    const [runRow] = await sql<{ requested_by_id: number; settings_version: number }>('select * from scoring_snapshot_run');
    expect(runRow).toMatchObject({ requested_by_id: f.admin.id, settings_version: 1 });

    const again = await take();
    expect(again.run).toMatchObject({ customerCount: 20, changeCount: 0 });
    expect(await snapshotCount()).toBe(20);

    await insertOrder(app, {
      customerId: localIdOf(big, 'Customer')!,
      orderedAt: daysAgo(3),
      lines: [{ productId: product.id, quantity: '50', unitPrice: '100.00', unitCost: '50.00' }],
    });
    await insertOrder(app, {
      customerId: localIdOf(mid, 'Customer')!,
      orderedAt: daysAgo(3),
      lines: [{ productId: product.id, quantity: '5', unitPrice: '100.00', unitCost: '50.00' }],
    });
    await refreshFigures(app);
    const third = await take();
    expect(third.run).toMatchObject({ customerCount: 20, changeCount: 2 });

    const bigHistory = (await app.gql(LifecycleHistoryDocument, { id: big }, { token: f.salesSh1.token })).data!.customer!.valueTierHistory;
    expect(bigHistory.map((h) => [h.previousTier, h.tier])).toEqual([
      [null, 'SMALL'],
      ['SMALL', 'VIP'],
    ]);
    expect(bigHistory[1].takenAt).toBe(third.run!.takenAt);
    expect(Number(bigHistory[1].score)).toBeGreaterThan(Number(bigHistory[0].score));
    expect(bigHistory[1].score).toMatch(/^\d{1,3}\.\d{2}$/);

    const all = await migrations();
    expect(all.totalCount).toBe(2);
    expect(all.nodes.map((m) => [m.customer.name, m.from, m.to])).toEqual(
      expect.arrayContaining([
        ['大客户', 'SMALL', 'VIP'],
        ['中客户', 'SMALL', 'MAJOR'],
      ]),
    );
    expect((await migrations({ from: 'SMALL', to: 'VIP' })).nodes.map((m) => m.customer.name)).toEqual(['大客户']);
    expect((await migrations({ to: 'ORDINARY' })).totalCount).toBe(0);
  });

  it('is refused while another snapshot holds the lock, writing nothing', async () => {
    const client = new Client({ connectionString: app.db.url });
    await client.connect();
    try {
      await client.query('begin');
      await client.query('select pg_advisory_xact_lock($1)', [SNAPSHOT_LOCK_KEY]);
      const before = await runCount();
      const payload = await take();
      expect(payload).toEqual({ run: null, userErrors: [expect.objectContaining({ field: [], code: 'CONFLICT' })] });
      expect(await runCount()).toBe(before);
    } finally {
      await client.query('rollback');
      await client.end();
    }
    expect((await take()).run?.changeCount).toBe(0);
  });

  it('is admin only: refused without credentials, to managers, salespeople and every partner key', async () => {
    const before = await runCount();
    expect(errorCode(await app.gql(LifecycleSnapshotTakeDocument, {}))).toBe('UNAUTHENTICATED');
    for (const token of [f.managerEast.token, f.salesSh1.token]) {
      expect(errorCode(await app.gql(LifecycleSnapshotTakeDocument, {}, { token }))).toBe('FORBIDDEN');
    }
    expect(
      errorCode(await app.gql(LifecycleSnapshotTakeDocument, {}, { apiKey: await apiKey(['customers:read', 'customers:write']) })),
    ).toBe('FORBIDDEN');
    expect(await runCount()).toBe(before);
  });
});

describe('tierMigrations', () => {
  it('pages newest first with cursors and filters by time', async () => {
    const firstPage = await migrations({ first: 1 });
    expect(firstPage.nodes).toHaveLength(1);
    expect(firstPage.pageInfo.hasNextPage).toBe(true);
    const secondPage = await migrations({ first: 1, after: firstPage.pageInfo.endCursor });
    expect(secondPage.nodes).toHaveLength(1);
    expect(secondPage.pageInfo.hasNextPage).toBe(false);
    expect(new Set([firstPage.nodes[0].customer.name, secondPage.nodes[0].customer.name])).toEqual(new Set(['大客户', '中客户']));

    const takenAt = firstPage.nodes[0].takenAt;
    expect((await migrations({ since: takenAt, until: takenAt })).totalCount).toBe(2);
    expect((await migrations({ since: new Date(Date.parse(takenAt) + 1).toISOString() })).totalCount).toBe(0);
    expect((await migrations({ until: new Date(Date.parse(takenAt) - 1).toISOString() })).totalCount).toBe(0);
  });

  it.each([
    ['since after until', { since: '2026-02-01T00:00:00Z', until: '2026-01-01T00:00:00Z' }],
    ['a page over 100', { first: 101 }],
    ['a foreign cursor', { after: 'bm90LWEtY3Vyc29y' }],
  ])('refuses %s (BAD_USER_INPUT)', async (_label, variables) => {
    expect(errorCode(await app.gql(LifecycleTierMigrationsDocument, variables as never, { token: f.admin.token }))).toBe('BAD_USER_INPUT');
  });

  it('is limited to the viewer’s customers; partners need customers:read', async () => {
    expect((await migrations({}, { token: f.salesSh1.token })).nodes.map((m) => m.customer.name)).toEqual(['大客户']);
    expect((await migrations({}, { token: f.salesSouth.token })).nodes.map((m) => m.customer.name)).toEqual(['中客户']);
    expect((await migrations({}, { token: f.salesSh2.token })).totalCount).toBe(0);
    expect((await migrations({}, { token: f.managerEast.token })).nodes.map((m) => m.customer.name)).toEqual(['大客户']);
    expect((await migrations({}, { apiKey: await apiKey(['customers:read']) })).totalCount).toBe(2);
    expect(errorCode(await app.gql(LifecycleTierMigrationsDocument, {}, { apiKey: await apiKey(['orders:read']) }))).toBe('FORBIDDEN');
    expect(errorCode(await app.gql(LifecycleTierMigrationsDocument, {}))).toBe('UNAUTHENTICATED');
  });
});

describe('the scheduled snapshot', () => {
  it('is on by default and off under NODE_ENV=test unless SCHEDULER_ENABLED says otherwise', () => {
    expect(loadConfig({}).schedulerEnabled).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).schedulerEnabled).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test', SCHEDULER_ENABLED: 'true' }).schedulerEnabled).toBe(true);
    expect(loadConfig({ SCHEDULER_ENABLED: 'false' }).schedulerEnabled).toBe(false);
    expect(() => loadConfig({ SCHEDULER_ENABLED: 'sometimes' })).toThrow(/SCHEDULER_ENABLED/);
  });

  it('schedules the snapshot daily at 02:00 company time, works its jobs, and stops cleanly', async () => {
    const scheduler = await startScheduler(app.db.orm, app.db.url, app.config, pino({ level: 'silent' }));
    try {
      const schedules = await scheduler.boss.getSchedules();
      expect(schedules.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
        expect.objectContaining({ name: FACTS_QUEUE, cron: FACTS_CRON, timezone: 'Asia/Shanghai' }),
        expect.objectContaining({ name: HISTORY_QUEUE, cron: HISTORY_CRON, timezone: 'Asia/Shanghai' }),
        expect.objectContaining({ name: ASSOCIATIONS_QUEUE, cron: ASSOCIATIONS_CRON, timezone: 'Asia/Shanghai' }),
        expect.objectContaining({ name: SNAPSHOT_QUEUE, cron: SNAPSHOT_CRON, timezone: 'Asia/Shanghai' }),
        expect.objectContaining({ name: REMINDER_WEBHOOKS_QUEUE, cron: '5 * * * *', timezone: 'Asia/Shanghai' }),
      ]);
      expect(SNAPSHOT_CRON).toBe('0 2 * * *');
      expect(FACTS_CRON).toBe('0 0 * * *');
      expect(ASSOCIATIONS_CRON).toBe('0 3 * * *');

      // The facts job runs once at start: afterwards every customer has fresh facts and the basis is filled.
      const filled = async () =>
        (await sql<{ filled: boolean }>('select filled_at is not null as filled from customer_facts_basis'))[0]?.filled;
      const factsDeadline = Date.now() + 20_000;
      while (!(await filled()) && Date.now() < factsDeadline) await new Promise((r) => setTimeout(r, 200));
      expect(await filled()).toBe(true);
      const [facts] = await sql<{ customers: number; fresh: number }>(
        `select count(*)::int as customers,
                count(*) filter (where s.facts_basis = b.version and s.facts_on <= t.today and t.today < s.facts_valid_until)::int as fresh
           from customer c cross join customer_facts_basis b cross join lateral (select (now() at time zone b.time_zone)::date as today) t
           left join customer_stats s on s.customer_id = c.id`,
      );
      expect(facts.fresh).toBe(facts.customers);

      const before = await runCount();
      await scheduler.boss.send(SNAPSHOT_QUEUE, {});
      const deadline = Date.now() + 20_000;
      while ((await runCount()) === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      const [latest] = await sql<{
        id: number;
        trigger: string;
        requested_by_id: number | null;
        customer_count: number;
        change_count: number;
      }>('select * from scoring_snapshot_run order by id desc limit 1');
      expect(await runCount()).toBe(before + 1);
      expect(latest).toMatchObject({ trigger: 'SCHEDULE', requested_by_id: null, customer_count: 20, change_count: 0 });

      // The company day has its scheduled run: the job delivered again (pg-boss delivers at least once) takes nothing.
      const again = await runScheduledSnapshot(app.db.orm, app.config);
      expect(again).toMatchObject({ id: latest.id, trigger: 'SCHEDULE' });
      expect(await runCount()).toBe(before + 1);
      // An on-demand snapshot is not the scheduled one: it is still taken.
      expect(await runScheduledSnapshot(app.db.orm, app.config, 'ON_DEMAND')).toMatchObject({ trigger: 'ON_DEMAND' });
      expect(await runCount()).toBe(before + 2);
    } finally {
      await scheduler.stop();
    }
    // A closed connection's server process leaves pg_stat_activity a moment later.
    const schedulerConnections = async () =>
      (
        await sql<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity where application_name = 'customer-ops-scheduler' and datname = current_database()`,
        )
      )[0].n;
    const deadline = Date.now() + 5_000;
    while ((await schedulerConnections()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await schedulerConnections()).toBe(0);
  });
});
