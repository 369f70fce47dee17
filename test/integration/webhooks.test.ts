import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { localIdOf, toGlobalId } from '../../src/schema/global-id';
import { detectDueReminders } from '../../src/services/reminder-due-events';
import { dispatchWebhooks, type DispatchOptions } from '../../src/services/webhook-dispatch.service';
import {
  ApiKeyCreateDocument,
  ApiKeyRevokeDocument,
  CustomerUpdateDocument,
  WebhookDeliveriesDocument,
  WebhookDeliveryRetryDocument,
  WebhookSubscriptionCreateDocument,
  WebhookSubscriptionDeleteDocument,
  WebhookSubscriptionsDocument,
  WebhookSubscriptionUpdateDocument,
  type WebhookSubscriptionCreateInput,
} from '../generated/graphql';
import { createCompanyCustomer, createFixture, type Fixture } from '../support/fixture';
import { insertProducts, type TestProduct } from '../support/products';
import { errorCode, startTestApp, type Auth, type TestApp } from '../support/test-app';

/**
 * Webhooks (issue 17 item 1) against a real HTTP receiver on loopback: every committed event
 * arrives at least once, also when the receiver fails 30% of requests; none from a rolled-back
 * transaction; signatures verify with the standardwebhooks verifier; a customer's events
 * arrive in order; a subscription failing for a day is disabled and stops; a key's
 * subscription delivers only what the key may read, and nothing once the key is revoked.
 */

interface Received {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  answered: number;
}

/** A receiver that answers 500 to the requests `fails` picks (by arrival number), 204 to the others. */
class Receiver {
  readonly received: Received[] = [];
  fails: (n: number) => boolean = () => false;
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answered = this.fails(this.received.length) ? 500 : 204;
      this.received.push({
        id: String(req.headers['webhook-id']),
        timestamp: String(req.headers['webhook-timestamp']),
        signature: String(req.headers['webhook-signature']),
        body: Buffer.concat(chunks).toString('utf8'),
        answered,
      });
      res.writeHead(answered).end();
    });
  });
  url = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** What arrived and was accepted, once per message id, in arrival order. */
  accepted(): Array<{ id: string; type: string; data: Record<string, unknown> }> {
    const seen = new Set<string>();
    const out: Array<{ id: string; type: string; data: Record<string, unknown> }> = [];
    for (const r of this.received) {
      if (r.answered !== 204 || seen.has(r.id)) continue;
      seen.add(r.id);
      const body = JSON.parse(r.body) as { type: string; data: Record<string, unknown> };
      out.push({ id: r.id, type: body.type, data: body.data });
    }
    return out;
  }
}

let app: TestApp;
let f: Fixture;
let kettle: TestProduct;
let receiver: Receiver;
let clock = Date.now();
const admin = (): Auth => ({ token: f.admin.token });
const options = (): DispatchOptions => ({
  policy: { baseDelayMs: 1, maxDelayMs: 1, disableAfterMs: 86_400_000 },
  timeoutMs: 2_000,
  now: () => new Date(clock),
});

/** Worker rounds until nothing is left to send (the clock moved past each retry's wait), at most `max`. */
async function deliverAll(max = 200): Promise<number> {
  let rounds = 0;
  for (; rounds < max; rounds++) {
    clock = Math.max(clock + 10, Date.now());
    const r = await dispatchWebhooks(app.db.orm.em.fork(), options());
    if (r.attempted === 0 && r.events === 0) break;
  }
  return rounds;
}

async function subscribe(input: WebhookSubscriptionCreateInput, auth: Auth = admin()) {
  const res = await app.gql(WebhookSubscriptionCreateDocument, { input }, auth);
  expect(res.errors).toBeUndefined();
  return res.data!.webhookSubscriptionCreate;
}

async function orderFor(customerGid: string, token: string): Promise<string> {
  const res = await app.post(
    {
      query: `mutation($input: OrderCreateInput!) { orderCreate(input: $input) { order { id } userErrors { message } } }`,
      variables: { input: { customerId: customerGid, lines: [{ productId: kettle.gid, quantity: '1' }] } },
    },
    { token },
  );
  return (res.data as { orderCreate: { order: { id: string } } }).orderCreate.order.id;
}

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
  [kettle] = await insertProducts(app, [{ sku: 'HOOK-KETTLE', name: '回调水壶', listPrice: '50.00', cost: '20.00' }]);
  receiver = new Receiver();
  await receiver.start();
});

afterAll(async () => {
  await receiver.close();
  await app.close();
});

describe('delivery', () => {
  let secret: string;
  let subscriptionId: string;

  beforeAll(async () => {
    const created = await subscribe({ url: receiver.url, topics: ['CUSTOMER_CREATED', 'CUSTOMER_UPDATED', 'ORDER_CREATED'] });
    expect(created.userErrors).toEqual([]);
    expect(created.secret).toMatch(/^whsec_/);
    secret = created.secret!;
    subscriptionId = created.webhookSubscription!.id;
  });

  afterAll(async () => {
    await app.gql(WebhookSubscriptionDeleteDocument, { input: { id: subscriptionId } }, admin());
  });

  it('every committed event arrives at least once through a receiver failing 30% of requests, none from a rollback, signed, in order per customer', async () => {
    // Deterministic 30%: requests 0, 3, 6, … of every ten fail.
    receiver.fails = (n) => [0, 3, 6].includes(n % 10);
    const customers: string[] = [];
    const expected: string[] = [];
    for (let i = 0; i < 4; i++) {
      const id = toGlobalId('Customer', await createCompanyCustomer(app, `回调客户${i}`, f.salesSh1.token));
      customers.push(id);
      await app.gql(CustomerUpdateDocument, { input: { id, city: `城市${i}` } }, { token: f.salesSh1.token });
      expected.push(`CUSTOMER_CREATED ${id}`, `CUSTOMER_UPDATED ${id}`, `ORDER_CREATED ${await orderFor(id, f.salesSh1.token)}`);
    }
    // Forced rollbacks: a customer changed and an order written, then the transaction fails.
    const victim = localIdOf(customers[0], 'Customer')!;
    for (let i = 0; i < 2; i++) {
      await expect(
        app.db.orm.em.fork().transactional(async (tx) => {
          await tx.execute(`update customer set city = '回滚城市' where id = ?`, [victim]);
          await tx.execute(
            `insert into sales_order (number, customer_id, status, currency, subtotal, discount_total, total, cost_total, paid_total, ordered_at, created_at, updated_at)
             values ('RB' || nextval('order_number_seq'), ?, 'PENDING', 'CNY', 1, 0, 1, 0, 0, now(), now(), now())`,
            [victim],
          );
          throw new Error('forced rollback');
        }),
      ).rejects.toThrow('forced rollback');
    }

    await deliverAll();
    const accepted = receiver.accepted();
    const got = accepted.map((a) => `${a.type} ${String(a.data.id)}`);
    expect([...got].sort()).toEqual([...expected].sort());
    expect(accepted.some((a) => a.data.city === '回滚城市' || String(a.data.number).startsWith('RB'))).toBe(false);
    expect(receiver.received.some((r) => r.answered === 500)).toBe(true);

    // Every request, retries included, verifies with the standardwebhooks verifier; a retry keeps its webhook-id.
    const verifier = new Webhook(secret);
    for (const r of receiver.received) {
      expect(() =>
        verifier.verify(r.body, { 'webhook-id': r.id, 'webhook-timestamp': r.timestamp, 'webhook-signature': r.signature }),
      ).not.toThrow();
    }
    expect(() =>
      new Webhook(`whsec_${Buffer.from('another secret of 24 bytes').toString('base64')}`).verify(receiver.received[0].body, {
        'webhook-id': receiver.received[0].id,
        'webhook-timestamp': receiver.received[0].timestamp,
        'webhook-signature': receiver.received[0].signature,
      }),
    ).toThrow();

    // A customer's events arrive in the order they happened.
    for (const customer of customers) {
      const mine = accepted.filter((a) => a.data.id === customer || a.data.customerId === customer).map((a) => a.type);
      expect(mine).toEqual(['CUSTOMER_CREATED', 'CUSTOMER_UPDATED', 'ORDER_CREATED']);
    }
    const order = accepted.find((a) => a.type === 'ORDER_CREATED')!;
    expect(order.data).toMatchObject({ status: 'PENDING', total: '50.00', salespersonId: toGlobalId('User', f.salesSh1.id) });
    const updated = accepted.find((a) => a.type === 'CUSTOMER_UPDATED')!;
    expect(updated.data.changedFields).toEqual(['city']);
  });

  it('logs every delivery with its attempts, and resends one on request with the same webhook-id', async () => {
    const log = await app.gql(WebhookDeliveriesDocument, { first: 100, filter: { subscriptionIds: [subscriptionId] } }, admin());
    expect(log.errors).toBeUndefined();
    const deliveries = log.data!.webhookDeliveries.nodes;
    expect(deliveries).toHaveLength(12);
    expect(deliveries.every((d) => d.status === 'SUCCEEDED' && d.responseStatus === 204 && d.latencyMs != null)).toBe(true);
    expect(deliveries.some((d) => d.attempts > 1)).toBe(true);

    receiver.fails = () => false;
    const before = receiver.received.length;
    const retried = await app.gql(WebhookDeliveryRetryDocument, { input: { id: deliveries[0].id } }, admin());
    expect(retried.data!.webhookDeliveryRetry.userErrors).toEqual([]);
    await deliverAll();
    expect(receiver.received.slice(before).map((r) => r.id)).toEqual([deliveries[0].messageId]);
  });

  it('rotates the secret: the next deliveries verify with the new one only', async () => {
    const rotated = await app.gql(WebhookSubscriptionUpdateDocument, { input: { id: subscriptionId, rotateSecret: true } }, admin());
    const fresh = rotated.data!.webhookSubscriptionUpdate.secret!;
    expect(fresh).toMatch(/^whsec_/);
    expect(fresh).not.toBe(secret);
    const before = receiver.received.length;
    await createCompanyCustomer(app, '轮换后的客户', f.salesSh1.token);
    await deliverAll();
    const [r] = receiver.received.slice(before);
    const headers = { 'webhook-id': r.id, 'webhook-timestamp': r.timestamp, 'webhook-signature': r.signature };
    expect(() => new Webhook(fresh).verify(r.body, headers)).not.toThrow();
    expect(() => new Webhook(secret).verify(r.body, headers)).toThrow();
  });
});

describe('a subscription failing for a day', () => {
  it('is disabled with the reason, stops, and resumes when re-enabled', async () => {
    const created = await subscribe({ url: receiver.url, topics: ['CUSTOMER_CREATED'], ownerId: toGlobalId('User', f.salesSh2.id) });
    const id = created.webhookSubscription!.id;
    receiver.fails = () => true;
    await createCompanyCustomer(app, '一直失败的客户', f.salesSh2.token);
    await dispatchWebhooks(app.db.orm.em.fork(), options());
    clock += 25 * 3_600_000;
    const round = await dispatchWebhooks(app.db.orm.em.fork(), options());
    expect(round.disabled).toBe(1);
    const list = await app.gql(WebhookSubscriptionsDocument, {}, admin());
    const sub = list.data!.webhookSubscriptions.nodes.find((s) => s.id === id)!;
    expect(sub.active).toBe(false);
    expect(sub.disabledReason).toMatch(/no successful delivery since .*HTTP 500/);

    const before = receiver.received.length;
    clock += 60_000;
    expect((await dispatchWebhooks(app.db.orm.em.fork(), options())).attempted).toBe(0);
    expect(receiver.received.length).toBe(before);

    receiver.fails = () => false;
    const resumed = await app.gql(WebhookSubscriptionUpdateDocument, { input: { id, active: true } }, admin());
    expect(resumed.data!.webhookSubscriptionUpdate.webhookSubscription).toMatchObject({
      active: true,
      disabledReason: null,
      failingSince: null,
    });
    await deliverAll();
    expect(receiver.received.slice(before).map((r) => r.answered)).toEqual([204]);
    await app.gql(WebhookSubscriptionDeleteDocument, { input: { id } }, admin());
  });
});

describe('an inquiry overdue', () => {
  it('fires once per inquiry and deadline, however many rounds look, and again for a new deadline', async () => {
    const created = await subscribe({ url: receiver.url, topics: ['INQUIRY_OVERDUE'] });
    receiver.fails = () => false;
    await deliverAll();
    const customer = toGlobalId('Customer', await createCompanyCustomer(app, '超时询盘客户', f.salesSh1.token));
    const res = await app.post(
      {
        query: `mutation($input: InquiryCreateInput!) { inquiryCreate(input: $input) { inquiry { id } userErrors { message } } }`,
        variables: { input: { customerId: customer, channel: 'WEBSITE', projectDetails: '超时的询盘' } },
      },
      { token: f.salesSh1.token },
    );
    const inquiry = (res.data as { inquiryCreate: { inquiry: { id: string } } }).inquiryCreate.inquiry.id;
    const em = app.db.orm.em.fork();
    await em.execute(`update inquiry set response_due_at = now() - interval '1 hour' where id = ?`, [localIdOf(inquiry, 'Inquiry')]);
    const before = receiver.received.length;
    for (let i = 0; i < 3; i++) {
      clock = Math.max(clock + 10, Date.now());
      await dispatchWebhooks(app.db.orm.em.fork(), { ...options(), detectOverdue: true });
    }
    await deliverAll();
    const overdue = () =>
      receiver.received
        .slice(before)
        .map((r) => JSON.parse(r.body) as { type: string; data: { id: string } })
        .filter((b) => b.type === 'INQUIRY_OVERDUE' && b.data.id === inquiry);
    expect(overdue()).toHaveLength(1);

    await em.execute(`update inquiry set response_due_at = now() - interval '10 minutes' where id = ?`, [localIdOf(inquiry, 'Inquiry')]);
    await dispatchWebhooks(app.db.orm.em.fork(), { ...options(), detectOverdue: true });
    await deliverAll();
    expect(overdue()).toHaveLength(2);

    // Answered: no longer overdue, nothing more.
    await em.execute(`update inquiry set first_responded_at = now(), response_due_at = now() - interval '5 minutes' where id = ?`, [
      localIdOf(inquiry, 'Inquiry'),
    ]);
    await dispatchWebhooks(app.db.orm.em.fork(), { ...options(), detectOverdue: true });
    await deliverAll();
    expect(overdue()).toHaveLength(2);
    await app.gql(WebhookSubscriptionDeleteDocument, { input: { id: created.webhookSubscription!.id } }, admin());
  });
});

describe('a reminder due', () => {
  it('fires once per occurrence when its day comes, however many rounds look, with the ids the API uses', async () => {
    const created = await subscribe({ url: receiver.url, topics: ['REMINDER_DUE'] });
    receiver.fails = () => false;
    await deliverAll();
    clock = Date.now(); // an earlier test moved it a day ahead
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: app.config.companyTimeZone }).format(new Date());
    const inDays = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    const birthday = async (name: string, day: string) => {
      const id = await createCompanyCustomer(app, name, f.salesSh1.token);
      await app.db.orm.em.fork().execute(`update customer set birthday = ?::date - interval '30 years' where id = ?`, [day, id]);
      return toGlobalId('Customer', id);
    };
    const todays = await birthday('今天生日客户', today);
    const later = await birthday('后天生日客户', inDays(2));
    const before = receiver.received.length;
    const due = () =>
      receiver.received
        .slice(before)
        .map((r) => JSON.parse(r.body) as { type: string; data: Record<string, unknown> })
        .filter((b) => b.type === 'REMINDER_DUE' && b.data.kind === 'BIRTHDAY' && [todays, later].includes(b.data.customerId as string));
    for (let i = 0; i < 3; i++) {
      clock += 10;
      await detectDueReminders(app.db.orm.em.fork(), app.config, new Date(clock));
    }
    await deliverAll();
    // Today's birthday once; the one in two days is upcoming, not due.
    expect(due().map((b) => b.data.customerId)).toEqual([todays]);
    const [event] = due();
    expect(event.data).toMatchObject({ kind: 'BIRTHDAY', dueOn: today, subjectType: null });
    // The id is the reminder's, as `node` and `reminderComplete` take it.
    const res = await app.post(
      { query: `query($id: ID!) { node(id: $id) { ... on Reminder { kind dueOn customer { id } } } }`, variables: { id: event.data.id } },
      admin(),
    );
    expect(res.data).toEqual({ node: { kind: 'BIRTHDAY', dueOn: today, customer: { id: todays } } });

    // Two days later the second birthday is due: sent then, the first not again.
    clock = Date.now() + 2 * 86_400_000;
    await detectDueReminders(app.db.orm.em.fork(), app.config, new Date(clock));
    await deliverAll();
    clock = Date.now();
    expect(due().map((b) => b.data.customerId)).toEqual([todays, later]);
    await app.gql(WebhookSubscriptionDeleteDocument, { input: { id: created.webhookSubscription!.id } }, admin());
  });

  it('is not looked for while nobody subscribes', async () => {
    const [{ n }] = await app.db.orm.em.fork().execute(`select count(*)::int as n from webhook_event where topic = 'REMINDER_DUE'`);
    await createCompanyCustomer(app, '无人订阅生日客户', f.salesSh1.token);
    await app.db.orm.em.fork().execute(`update customer set birthday = current_date - interval '30 years' where name = '无人订阅生日客户'`);
    await detectDueReminders(app.db.orm.em.fork(), app.config, new Date(clock));
    const [after] = await app.db.orm.em.fork().execute(`select count(*)::int as n from webhook_event where topic = 'REMINDER_DUE'`);
    expect(after.n).toBe(n);
  });
});

describe("a key's subscriptions", () => {
  let key: { id: string; secret: string };

  beforeAll(async () => {
    const res = await app.gql(ApiKeyCreateDocument, { input: { name: '回调伙伴', scopes: ['customers:read', 'webhooks:write'] } }, admin());
    key = { id: res.data!.apiKeyCreate.apiKey!.id, secret: res.data!.apiKeyCreate.secret! };
  });

  it('subscribes only to what the key may read, delivers the owner filter only, and stops when the key is revoked', async () => {
    const refused = await subscribe({ url: receiver.url, topics: ['CUSTOMER_CREATED', 'ORDER_CREATED'] }, { apiKey: key.secret });
    expect(refused.webhookSubscription).toBeNull();
    expect(refused.userErrors).toEqual([
      { field: ['input', 'topics'], message: 'this key may not read ORDER_CREATED (needs orders:read)', code: 'FORBIDDEN' },
    ]);
    const created = await subscribe(
      { url: receiver.url, topics: ['CUSTOMER_CREATED'], ownerId: toGlobalId('User', f.salesSouth.id) },
      { apiKey: key.secret },
    );
    expect(created.webhookSubscription!.scopes).toEqual(['customers:read', 'webhooks:write']);
    receiver.fails = () => false;
    await deliverAll();
    const before = receiver.received.length;
    const south = toGlobalId('Customer', await createCompanyCustomer(app, '华南回调客户', f.salesSouth.token));
    await createCompanyCustomer(app, '上海的另一位客户', f.salesSh1.token);
    await deliverAll();
    const mine = receiver.received.slice(before).map((r) => JSON.parse(r.body) as { type: string; data: { id: string } });
    expect(mine.map((m) => `${m.type} ${m.data.id}`)).toEqual([`CUSTOMER_CREATED ${south}`]);

    // Another key, and staff other than admins, cannot see or touch it.
    const other = await app.gql(ApiKeyCreateDocument, { input: { name: '别的伙伴', scopes: ['webhooks:write'] } }, admin());
    const otherAuth = { apiKey: other.data!.apiKeyCreate.secret! };
    expect((await app.gql(WebhookSubscriptionsDocument, {}, otherAuth)).data!.webhookSubscriptions.nodes).toEqual([]);
    const stolen = await app.gql(
      WebhookSubscriptionUpdateDocument,
      { input: { id: created.webhookSubscription!.id, url: 'https://evil.example/' } },
      otherAuth,
    );
    expect(stolen.data!.webhookSubscriptionUpdate.userErrors[0].code).toBe('NOT_FOUND');
    const node = await app.post(
      { query: `query($id: ID!) { node(id: $id) { id } }`, variables: { id: created.webhookSubscription!.id } },
      otherAuth,
    );
    expect(node.data).toEqual({ node: null });

    await app.gql(ApiKeyRevokeDocument, { input: { id: key.id } }, admin());
    const afterRevoke = receiver.received.length;
    await createCompanyCustomer(app, '吊销后的华南客户', f.salesSouth.token);
    await deliverAll();
    expect(receiver.received.length).toBe(afterRevoke);
  });
});

describe('bad input and access', () => {
  it.each([
    [{ url: 'http://partner.example.cn/hooks', topics: ['CUSTOMER_CREATED'] }, ['input', 'url'], 'INVALID'],
    [{ url: 'not a url', topics: ['CUSTOMER_CREATED'] }, ['input', 'url'], 'INVALID'],
    [{ url: 'https://partner.example.cn/hooks', topics: [] }, ['input', 'topics'], 'REQUIRED'],
    [
      { url: 'https://partner.example.cn/hooks', topics: ['CUSTOMER_CREATED'], ownerId: toGlobalId('User', 999_999) },
      ['input', 'ownerId'],
      'NOT_FOUND',
    ],
  ] as Array<[WebhookSubscriptionCreateInput, string[], string]>)('refuses %j and writes nothing', async (input, field, code) => {
    const count = async () => (await app.gql(WebhookSubscriptionsDocument, {}, admin())).data!.webhookSubscriptions.nodes.length;
    const before = await count();
    const res = await subscribe(input);
    expect(res.webhookSubscription).toBeNull();
    expect(res.secret).toBeNull();
    expect(res.userErrors).toContainEqual(expect.objectContaining({ field, code }));
    expect(await count()).toBe(before);
  });

  it('refuses a topic that does not exist at the GraphQL layer', async () => {
    const res = await app.post(
      { query: `mutation { webhookSubscriptionCreate(input: { url: "https://a.example/", topics: [NOPE] }) { secret } }` },
      admin(),
    );
    expect(errorCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('is for admins and keys with webhooks:write', async () => {
    const key = await app.gql(ApiKeyCreateDocument, { input: { name: '只读伙伴', scopes: ['customers:read'] } }, admin());
    for (const auth of [{ token: f.salesSh1.token }, { token: f.managerEast.token }, { apiKey: key.data!.apiKeyCreate.secret! }]) {
      expect(errorCode(await app.gql(WebhookSubscriptionsDocument, {}, auth))).toBe('FORBIDDEN');
      const res = await app.gql(WebhookSubscriptionCreateDocument, { input: { url: receiver.url, topics: ['CUSTOMER_CREATED'] } }, auth);
      expect(errorCode(res)).toBe('FORBIDDEN');
    }
  });

  it('keeps the secret out of the change history', async () => {
    const created = await subscribe({ url: receiver.url, topics: ['CUSTOMER_CREATED'] });
    const rows = await app.db.orm.em
      .fork()
      .execute(`select changes::text as changes from audit_event where subject_type = 'WEBHOOK_SUBSCRIPTION' and subject_id = ?`, [
        localIdOf(created.webhookSubscription!.id, 'WebhookSubscription'),
      ]);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(created.secret!);
    expect(JSON.stringify(rows)).toContain(receiver.url);
  });
});
