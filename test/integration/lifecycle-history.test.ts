import {
  ApiKeyCreateDocument,
  CustomerCreateDocument,
  LifecycleHistoryDocument,
  LifecycleHistoryPageDocument,
  LifecycleOverrideClearDocument,
  LifecycleOverrideDocument,
} from '../generated/graphql';
import { calendarDayIn } from '../../src/domain/common/calendar';
import { localIdOf, toGlobalId } from '../../src/schema/global-id';
import { countStatements, createFixture, type Fixture } from '../support/fixture';
import { daysAgo, refreshFigures } from '../support/records';
import { errorCode, startTestApp, type Auth, type TestApp } from '../support/test-app';

let app: TestApp;
let f: Fixture;
let journey: string; // lead → prospect → new → repeat → dormant → repeat → dormant
let asker: string; // a prospect by an inquiry, back to lead when it was lost
const orderIds: number[] = [];
let inquiryId: number;

const day = (n: number) => calendarDayIn(daysAgo(n), 'Asia/Shanghai');

async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().getConnection().execute(query, params);
}
async function customer(name: string, createdDaysAgo: number): Promise<string> {
  const res = await app.gql(CustomerCreateDocument, { input: { kind: 'PERSON', name } }, { token: f.salesSh1.token });
  const id = res.data!.customerCreate.customer!.id;
  await sql('update customer set created_at = ? where id = ?', [daysAgo(createdDaysAgo), localIdOf(id, 'Customer')]);
  return id;
}
async function order(customerGid: string, ago: number, status = 'COMPLETED'): Promise<number> {
  const [row] = await sql<{ id: number }>(
    `insert into sales_order (number, customer_id, status, currency, subtotal, discount_total, total, cost_total, paid_total, ordered_at, completed_at, created_at, updated_at)
     values ('H' || nextval('order_number_seq'), ?, ?, 'CNY', 500, 0, 500, 300, 0, ?, ?, ?, ?) returning id`,
    [localIdOf(customerGid, 'Customer'), status, daysAgo(ago), daysAgo(ago), daysAgo(ago), daysAgo(ago)],
  );
  return row.id;
}
async function followUp(customerGid: string, ago: number, outcome: string): Promise<void> {
  await sql(
    `insert into follow_up (customer_id, salesperson_id, channel, occurred_at, summary, outcome, created_at) values (?, ?, 'CALL', ?, '电话沟通', ?, ?)`,
    [localIdOf(customerGid, 'Customer'), f.salesSh1.id, daysAgo(ago), outcome, daysAgo(ago)],
  );
}
async function apiKey(scopes: string[]): Promise<string> {
  const res = await app.gql(ApiKeyCreateDocument, { input: { name: `key ${scopes.join(' ')}`, scopes } }, { token: f.admin.token });
  return res.data!.apiKeyCreate.secret!;
}
// Without Accept-Language unless a test gives one: the Chinese default.
async function history(id: string, locale?: string, auth: Auth = { token: f.salesSh1.token, headers: { 'accept-language': '' } }) {
  const res = await app.gql(LifecycleHistoryDocument, { id, locale }, auth);
  expect(res.errors).toBeUndefined();
  return res.data!.customer;
}

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);

  journey = await customer('历程客户', 400);
  await followUp(journey, 380, 'INTERESTED');
  await followUp(journey, 370, 'NOT_INTERESTED'); // no intent: changes nothing
  orderIds.push(await order(journey, 360), await order(journey, 350));
  await order(journey, 300, 'CANCELLED'); // never counts
  orderIds.push(await order(journey, 200));
  await sql(
    `insert into service_case (customer_id, type, status, description, resolution, resolved_at, satisfaction, created_at, updated_at)
     values (?, 'INSTALLATION', 'RESOLVED', '安装', '已完成', ?, 5, ?, ?)`,
    [localIdOf(journey, 'Customer'), daysAgo(190), daysAgo(195), daysAgo(190)],
  );

  asker = await customer('询盘客户', 100);
  const [inquiry] = await sql<{ id: number }>(
    `insert into inquiry (customer_id, received_at, channel, urgency, status, lost_reason, project_details, response_due_at, closed_at, created_at, updated_at)
     values (?, ?, 'EMAIL', 'NORMAL', 'LOST', '预算不足', '20台设备', ?, ?, ?, ?) returning id`,
    [localIdOf(asker, 'Customer'), daysAgo(90), daysAgo(89), daysAgo(60), daysAgo(90), daysAgo(60)],
  );
  inquiryId = inquiry.id;
  await refreshFigures(app);
});
afterAll(() => app.close());

describe('customer.lifecycleHistory', () => {
  it('replays the stage changes with their day and cause, ending in the current stage (L2 reactivation included)', async () => {
    const c = await history(journey);
    expect(c?.lifecycleHistory.map((t) => [t.on, t.from, t.to, t.causeCode])).toEqual([
      [day(400), null, 'LEAD', 'CREATED'],
      [day(380), 'LEAD', 'PROSPECT', 'FOLLOW_UP'],
      [day(360), 'PROSPECT', 'NEW', 'ORDER'],
      [day(350), 'NEW', 'REPEAT', 'ORDER'],
      // threshold max(90, 2 × 10): dormant on the 91st day without a purchase
      [day(259), 'REPEAT', 'DORMANT', 'SILENCE'],
      [day(200), 'DORMANT', 'REPEAT', 'ORDER'],
      // gaps 10 and 150 → median 80 → threshold 160
      [day(39), 'REPEAT', 'DORMANT', 'SILENCE'],
    ]);
    expect(c?.lifecycle.stage).toBe('DORMANT');
    const reactivation = c!.lifecycleHistory[5];
    expect(reactivation).toMatchObject({
      orderId: toGlobalId('Order', orderIds[2]),
      inquiryId: null,
      overrideReason: null,
      overrideBy: null,
    });
    expect(reactivation.cause).toBe(`完成订单 #${orderIds[2]}（累计 3 笔成交）`);
    expect(c!.lifecycleHistory[6].cause).toBe('已 161 天未成交，超过 160 天');
  });

  it('speaks English by the locale argument or by Accept-Language; an unknown locale falls back to the request’s', async () => {
    const en = await history(journey, 'en');
    expect(en?.lifecycleHistory[2].cause).toBe(`Completed order #${orderIds[0]} (1 completed in total)`);
    expect(en?.lifecycleHistory[1].cause).toBe('A follow-up showed intent to buy');
    const header = await history(journey, undefined, { token: f.salesSh1.token, headers: { 'accept-language': 'en-US' } });
    expect(header?.lifecycleHistory[4].cause).toBe('No completed order for 91 days, more than 90');
    const unknown = await history(journey, 'fr');
    expect(unknown?.lifecycleHistory[0].cause).toBe('客户建档');
  });

  it('shows an inquiry opening and closing with the inquiry', async () => {
    const c = await history(asker);
    expect(c?.lifecycleHistory.map((t) => [t.on, t.to, t.causeCode, t.inquiryId])).toEqual([
      [day(100), 'LEAD', 'CREATED', null],
      [day(90), 'PROSPECT', 'INQUIRY_OPENED', toGlobalId('Inquiry', inquiryId)],
      [day(60), 'LEAD', 'INQUIRY_CLOSED', toGlobalId('Inquiry', inquiryId)],
    ]);
    expect(c?.lifecycle.stage).toBe('LEAD');
  });

  it('records a manual stage with its reason and who set it; cleared the same day it leaves no transition', async () => {
    const set = await app.gql(
      LifecycleOverrideDocument,
      { input: { customerId: journey, stage: 'LOYAL', reason: '重点维护' } },
      { token: f.salesSh1.token },
    );
    expect(set.data?.customerLifecycleOverride.userErrors).toEqual([]);
    const c = await history(journey);
    expect(c?.lifecycleHistory.at(-1)).toEqual({
      on: day(0),
      from: 'DORMANT',
      to: 'LOYAL',
      cause: '手动设定阶段：重点维护',
      causeCode: 'OVERRIDE_SET',
      orderId: null,
      inquiryId: null,
      overrideReason: '重点维护',
      overrideBy: { id: f.salesSh1.gid, name: '上海销售一' },
    });
    expect(c?.lifecycle.stage).toBe('LOYAL');

    const cleared = await app.gql(LifecycleOverrideClearDocument, { input: { customerId: journey } }, { token: f.salesSh1.token });
    expect(cleared.data?.customerLifecycleOverrideClear.userErrors).toEqual([]);
    const after = await history(journey);
    expect(after?.lifecycleHistory.at(-1)).toMatchObject({ on: day(39), to: 'DORMANT', causeCode: 'SILENCE' });
    expect(after?.lifecycle.stage).toBe('DORMANT');
  });

  it('is null for an unknown id, refused without credentials or customers:read, and limited to the data scope', async () => {
    expect(await history(toGlobalId('Customer', 999_999))).toBeNull();
    expect(await history('not-an-id')).toBeNull();
    expect(errorCode(await app.gql(LifecycleHistoryDocument, { id: journey }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await app.gql(LifecycleHistoryDocument, { id: journey }, { apiKey: await apiKey(['orders:read']) }))).toBe(
      'FORBIDDEN',
    );
    expect(await history(journey, undefined, { token: f.salesSouth.token })).toBeNull();
    const partner = await history(journey, undefined, { apiKey: await apiKey(['customers:read']) });
    expect(partner?.lifecycleHistory).toHaveLength(7);
  });

  it('shows the manual stage’s author only to viewers who may read staff', async () => {
    const id = await customer('作者客户', 10);
    await app.gql(LifecycleOverrideDocument, { input: { customerId: id, stage: 'LOST', reason: '已停业' } }, { token: f.salesSh1.token });
    const partner = await history(id, undefined, { apiKey: await apiKey(['customers:read']) });
    expect(partner?.lifecycleHistory.at(-1)).toMatchObject({ causeCode: 'OVERRIDE_SET', overrideReason: '已停业', overrideBy: null });
  });

  it('a page of 100 customers with their histories runs as many statements as a page of 10, each ending in its stage', async () => {
    await sql(
      `insert into customer (kind, name, phones, emails, wechat_ids, addresses, country, important_dates, previous_categories, main_suppliers, types, tags,
                             custom_fields, consents, owner_id, department_id, store_id, search_text, created_at, updated_at)
       select kind, name || '-' || g, phones, emails, wechat_ids, addresses, country, important_dates, previous_categories, main_suppliers, types, tags,
              custom_fields, consents, owner_id, department_id, store_id, search_text, now() - (g * 7 || ' days')::interval, updated_at
         from customer, generate_series(1, 120) g where id = ?`,
      [localIdOf(journey, 'Customer')],
    );
    await sql(
      `insert into sales_order (number, customer_id, status, currency, subtotal, discount_total, total, cost_total, paid_total, ordered_at, completed_at, created_at, updated_at)
       select 'P' || c.id || '-' || n, c.id, 'COMPLETED', 'CNY', 100, 0, 100, 50, 0, t, t, t, t
         from customer c cross join generate_series(1, 12) n
        cross join lateral (select now() - ((n * (c.id % 9 + 1) * 17) % 800 || ' days')::interval as t) x
        where c.name like '历程客户-%' and n <= c.id % 13`,
    );
    await refreshFigures(app);
    const page = async (first: number) => {
      const res = await app.gql(LifecycleHistoryPageDocument, { first }, { token: f.admin.token });
      expect(res.errors).toBeUndefined();
      expect(res.data!.customers.nodes).toHaveLength(first);
      return res.data!.customers.nodes;
    };
    await page(10); // warm the company-wide cut-points
    const ten = await countStatements(() => page(10));
    const hundred = await countStatements(() => page(100));
    expect(hundred).toBe(ten);
    const nodes = await page(100);
    const stages = new Set<string>();
    for (const n of nodes) {
      expect(n.lifecycleHistory.at(-1)?.to).toBe(n.lifecycle.stage);
      stages.add(n.lifecycle.stage);
    }
    expect(stages.size).toBeGreaterThanOrEqual(4);
  });
});
