import { toGlobalId } from '../../src/schema/global-id';
import { refreshLifecycleHistory } from '../../src/services/lifecycle-history.service';
import { refreshCustomerStatsSql } from '../../src/services/customer-stats.sql';
import { ApiKeyCreateDocument, LifecycleTransitionsDocument, type LifecycleTransitionsQueryVariables } from '../generated/graphql';
import { countStatements, createFixture, type Fixture } from '../support/fixture';
import { insertProducts } from '../support/products';
import { insertOrder, refreshFigures } from '../support/records';
import { errorCode, startTestApp, type Auth, type TestApp } from '../support/test-app';

/**
 * `lifecycleTransitions` (issue 14 item 4, DOMAIN L2, L4): stage moves of seeded histories
 * counted by hand, in company-calendar periods (Asia/Shanghai: an order at 00:30 on 1 April is
 * a move of the second quarter though it is still 31 March in UTC); the history job's
 * back-fill and its incremental runs; the data scope; reports:read; bad input.
 *
 * Histories (the job replays them as of NOW, 2026-10-15):
 * - A (Shanghai salesperson 1): created 2025-01-01; orders 2025-01-10, 2025-02-15 23:30 (gap 36 d,
 *   threshold 90 d), 2025-07-01 00:10. LEAD→NEW 01-10, NEW→REPEAT 02-15, REPEAT→DORMANT 05-17
 *   (91st day), DORMANT→REPEAT 07-01; gaps 36, 136: median 86, threshold 172: REPEAT→DORMANT
 *   12-21; LOST on the 366th day: DORMANT→LOST 2026-07-02.
 * - B (south salesperson): orders 2025-04-01 00:30 (31 March 16:30 UTC) and 2025-06-30 23:50 (gap 90 d,
 *   threshold 180 d). LEAD→NEW 04-01, NEW→REPEAT 06-30, REPEAT→DORMANT 12-28, DORMANT→LOST 2026-07-01.
 * - C (Shanghai salesperson 2): a qualifying follow-up 2025-05-10: LEAD→PROSPECT 05-10,
 *   PROSPECT→LEAD 11-07 (the 181st day).
 */
const NOW = new Date('2026-10-15T04:00:00Z');
const TZ = 'Asia/Shanghai';
const at = (local: string) => new Date(`${local}+08:00`);

let app: TestApp;
let f: Fixture;
const ids: Record<'a' | 'b' | 'c', number> = { a: 0, b: 0, c: 0 };
let productId: number;
let keys: Record<'reports' | 'customers', Auth>;

async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().getConnection().execute(query, params);
}
const runJob = () => refreshLifecycleHistory(app.db.orm.em.fork(), { timeZone: TZ, now: NOW, batchSize: 2 });

async function report(variables: LifecycleTransitionsQueryVariables, auth: Auth = { token: f.admin.token }) {
  const res = await app.gql(LifecycleTransitionsDocument, variables, auth);
  expect(res.errors).toBeUndefined();
  return res.data!.lifecycleTransitions;
}
const moves = (r: { rows: Array<{ from: string; to: string; count: number }> }) => r.rows.map((x) => `${x.from}→${x.to} ${x.count}`);

async function customer(name: string, ownerId: number, departmentId: number): Promise<number> {
  const [row] = await sql<{ id: number }>(
    `insert into customer (kind, name, phones, emails, wechat_ids, addresses, important_dates, previous_categories, main_suppliers, types, tags,
                           custom_fields, consents, owner_id, department_id, created_at, updated_at)
     values ('COMPANY', ?, '{}', '{}', '{}', '[]', '[]', '{}', '[]', '{}', '{}', '{}', '[]', ?, ?, ?, now()) returning id`,
    [name, ownerId, departmentId, at('2025-01-01T09:00:00')],
  );
  return row.id;
}
const order = (customerId: number, local: string) =>
  insertOrder(app, { customerId, orderedAt: at(local), lines: [{ productId, quantity: '1', unitPrice: '100', unitCost: '60' }] });

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
  productId = (await insertProducts(app, [{ sku: 'T-1', name: '流转测试品', listPrice: '100', cost: '60' }]))[0].id;
  ids.a = await customer('客户甲', f.salesSh1.id, f.departments.shanghai);
  ids.b = await customer('客户乙', f.salesSouth.id, f.departments.south);
  ids.c = await customer('客户丙', f.salesSh2.id, f.departments.shanghai);
  await order(ids.a, '2025-01-10T10:00:00');
  await order(ids.a, '2025-02-15T23:30:00');
  await order(ids.a, '2025-07-01T00:10:00');
  await order(ids.b, '2025-04-01T00:30:00');
  await order(ids.b, '2025-06-30T23:50:00');
  await sql(
    `insert into follow_up (customer_id, salesperson_id, channel, occurred_at, summary, outcome, created_at) values (?, ?, 'CALL', ?, '有意向', 'INTERESTED', now())`,
    [ids.c, f.salesSh2.id, at('2025-05-10T15:00:00')],
  );
  await refreshFigures(app);
  const key = async (scopes: string[]) => ({
    apiKey: (await app.gql(ApiKeyCreateDocument, { input: { name: `moves ${scopes.join(' ')}`, scopes } }, { token: f.admin.token })).data!
      .apiKeyCreate.secret!,
  });
  keys = { reports: await key(['reports:read']), customers: await key(['customers:read']) };
}, 180_000);
afterAll(() => app.close());

describe('lifecycleTransitions', () => {
  it('answers with no rows and no historyThrough before the history job has run', async () => {
    const r = await report({ since: '2025-01-01', until: '2025-12-31' });
    expect(r).toMatchObject({ total: 0, rows: [], historyThrough: null });
  });

  it('back-fills every history, then replays only what changed', async () => {
    const first = await runJob();
    expect(first).toMatchObject({ today: '2026-10-15', replayed: 3, moves: 6 + 4 + 2 });
    expect((await runJob()).replayed).toBe(0);
    expect((await report({ since: '2025-01-01', until: '2025-01-31' })).historyThrough).toBe('2026-10-15');
  });

  it('counts the moves of a quarter by the company calendar', async () => {
    expect(moves(await report({ since: '2025-01-01', until: '2025-03-31' }))).toEqual(['LEAD→NEW 1', 'NEW→REPEAT 1']);
    const q2 = await report({ since: '2025-04-01', until: '2025-06-30' });
    expect(moves(q2)).toEqual(['LEAD→NEW 1', 'LEAD→PROSPECT 1', 'NEW→REPEAT 1', 'REPEAT→DORMANT 1']);
    expect(q2.total).toBe(4);
    expect(q2).toMatchObject({ since: '2025-04-01', until: '2025-06-30' });
    // One day: B's first order at 00:30 on 1 April belongs to that day.
    expect(moves(await report({ since: '2025-04-01', until: '2025-04-01' }))).toEqual(['LEAD→NEW 1']);
    expect(moves(await report({ since: '2025-03-31', until: '2025-03-31' }))).toEqual([]);
  });

  it('filters moves: conversion, churn, reactivation', async () => {
    const year = { since: '2025-01-01', until: '2025-12-31' };
    expect(moves(await report({ ...year, from: ['NEW'], to: ['REPEAT'] }))).toEqual(['NEW→REPEAT 2']);
    expect(moves(await report({ ...year, from: ['REPEAT', 'LOYAL'], to: ['DORMANT'] }))).toEqual(['REPEAT→DORMANT 3']);
    expect(moves(await report({ ...year, from: ['DORMANT', 'LOST'] }))).toEqual(['DORMANT→REPEAT 1']);
    expect(moves(await report({ since: '2026-01-01', until: '2026-10-15', to: ['LOST'] }))).toEqual(['DORMANT→LOST 2']);
  });

  it('groups by salesperson, department and month', async () => {
    const h1 = { since: '2025-01-01', until: '2025-06-30' };
    const bySalesperson = await report({ ...h1, groupBy: 'SALESPERSON' });
    expect(bySalesperson.rows.map((r) => [r.group!.label, r.group!.id, r.from, r.to, r.count])).toEqual([
      ['上海销售一', toGlobalId('User', f.salesSh1.id), 'LEAD', 'NEW', 1],
      ['上海销售一', toGlobalId('User', f.salesSh1.id), 'NEW', 'REPEAT', 1],
      ['上海销售一', toGlobalId('User', f.salesSh1.id), 'REPEAT', 'DORMANT', 1],
      ['上海销售二', toGlobalId('User', f.salesSh2.id), 'LEAD', 'PROSPECT', 1],
      ['华南销售', toGlobalId('User', f.salesSouth.id), 'LEAD', 'NEW', 1],
      ['华南销售', toGlobalId('User', f.salesSouth.id), 'NEW', 'REPEAT', 1],
    ]);
    const byDepartment = await report({ ...h1, groupBy: 'DEPARTMENT' });
    expect(byDepartment.rows.map((r) => [r.group!.label, r.count])).toEqual([
      ['上海', 1],
      ['上海', 1],
      ['上海', 1],
      ['上海', 1],
      ['华南', 1],
      ['华南', 1],
    ]);
    expect(byDepartment.rows[0].group!.id).toBe(toGlobalId('Department', f.departments.shanghai));
    const byMonth = await report({ ...h1, groupBy: 'MONTH' });
    expect(byMonth.rows.map((r) => `${r.group!.label} ${r.from}→${r.to} ${r.count}`)).toEqual([
      '2025-01 LEAD→NEW 1',
      '2025-02 NEW→REPEAT 1',
      '2025-04 LEAD→NEW 1',
      '2025-05 LEAD→PROSPECT 1',
      '2025-05 REPEAT→DORMANT 1',
      '2025-06 NEW→REPEAT 1',
    ]);
    expect((await report({ ...h1 })).rows.every((r) => r.group == null)).toBe(true);
  });

  it('replays a customer again when its records change', async () => {
    await order(ids.c, '2025-08-01T12:00:00');
    // As the order service does: the customer's figures rewritten in the write.
    await sql(refreshCustomerStatsSql('c.id = ?'), [ids.c]);
    const run = await runJob();
    expect(run.replayed).toBe(1);
    expect(moves(await report({ since: '2025-08-01', until: '2025-08-01' }))).toEqual(['PROSPECT→NEW 1']);
    // The prospect window no longer closes: C bought. NEW→DORMANT on the 91st day (2025-10-31), not PROSPECT→LEAD on 11-07.
    expect(moves(await report({ since: '2025-10-31', until: '2025-11-07' }))).toEqual(['NEW→DORMANT 1']);
  });

  it("keeps to the viewer's data scope and needs reports:read from a key", async () => {
    const year = { since: '2025-01-01', until: '2025-12-31' };
    expect(moves(await report(year, { token: f.salesSh1.token }))).toEqual([
      'DORMANT→REPEAT 1',
      'LEAD→NEW 1',
      'NEW→REPEAT 1',
      'REPEAT→DORMANT 2',
    ]);
    expect((await report(year, { token: f.managerEast.token })).total).toBe(5 + 3);
    expect((await report(year, keys.reports)).total).toBe((await report(year)).total);
    expect(errorCode(await app.gql(LifecycleTransitionsDocument, year, keys.customers))).toBe('FORBIDDEN');
    // A key without org:read gets the ids of the groups, not the names of people and departments.
    const grouped = await report({ ...year, groupBy: 'SALESPERSON' }, keys.reports);
    expect(grouped.rows.every((r) => r.group!.id != null && r.group!.label == null)).toBe(true);
  });

  it.each<[string, LifecycleTransitionsQueryVariables]>([
    ['an inverted period', { since: '2025-04-01', until: '2025-03-31' }],
    ['a period of more than 3,660 days', { since: '2000-01-01', until: '2025-03-31' }],
  ])('refuses %s with BAD_USER_INPUT', async (_name, variables) => {
    expect(errorCode(await app.gql(LifecycleTransitionsDocument, variables, { token: f.admin.token }))).toBe('BAD_USER_INPUT');
  });

  it('runs as many statements grouped by month as ungrouped', async () => {
    const statements = (variables: LifecycleTransitionsQueryVariables) =>
      countStatements(async () => {
        const res = await app.gql(LifecycleTransitionsDocument, variables, { token: f.admin.token });
        expect(res.data!.lifecycleTransitions.total).toBeGreaterThan(0);
      });
    const year = { since: '2025-01-01', until: '2025-12-31' };
    expect(await statements({ ...year, groupBy: 'MONTH' })).toBe(await statements(year));
    expect(await statements({ since: '2025-02-15', until: '2025-02-15' })).toBe(await statements(year));
  });
});
