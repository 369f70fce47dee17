import Decimal from 'decimal.js';
import {
  CustomerCreateDocument,
  FollowUpsCreateDocument,
  InquiryCreateDocument,
  InquiryMoveDocument,
  OrdersCancelDocument,
  OrdersCompleteDocument,
  OrdersCreateDocument,
  OrdersPaymentRecordDocument,
  OrdersRefundDocument,
  ServiceCasesCreateDocument,
  ServiceCasesResolveDocument,
  ServiceCasesUpdateDocument,
} from '../generated/graphql';
import { QUALIFYING_OUTCOMES } from '../../src/domain/records/records.enums';
import { refreshStaleFacts } from '../../src/services/customer-facts.service';
import { verifyCustomerFacts } from '../../src/services/customer-facts.verify';
import { refreshCustomerStatsSql } from '../../src/services/customer-stats.sql';
import { createFixture, type Fixture } from '../support/fixture';
import { insertProducts, type TestProduct } from '../support/products';
import { startTestApp, type TestApp } from '../support/test-app';

/** A small seeded generator, so a failing sequence can be replayed from its seed. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T | undefined => items[Math.floor(next() * items.length)],
  };
}

let app: TestApp;
let f: Fixture;
let products: TestProduct[];

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
  products = await insertProducts(app, [
    { sku: 'P-1', name: '滤芯', listPrice: '59.90', cost: '18.35' },
    { sku: 'P-2', name: '净水器', listPrice: '2999.00', cost: '1850.00' },
    { sku: 'P-3', name: '硒鼓', listPrice: '0.10', cost: '0.03' },
  ]);
});
afterAll(() => app.close());

/** The figures of one customer recomputed from scratch in TypeScript, from the raw records. */
async function recompute(customerId: number) {
  const em = app.db.orm.em.fork();
  const orders: Array<{ status: string; ordered_at: Date; total: string; cost_total: string; paid_total: string }> = await em.execute(
    'select status, ordered_at, total, cost_total, paid_total from sales_order where customer_id = ?',
    [customerId],
  );
  const followUps: Array<{ occurred_at: Date; outcome: string | null }> = await em.execute(
    'select occurred_at, outcome from follow_up where customer_id = ?',
    [customerId],
  );
  const inquiries: Array<{ status: string; amount: string | null }> = await em.execute(
    'select status, amount from inquiry where customer_id = ?',
    [customerId],
  );
  const cases: Array<{ satisfaction: number | null }> = await em.execute('select satisfaction from service_case where customer_id = ?', [
    customerId,
  ]);
  const completed = orders.filter((o) => o.status === 'COMPLETED');
  const times = completed.map((o) => new Date(o.ordered_at).getTime());
  const sum = (values: string[]) => values.reduce((acc, v) => acc.plus(v), new Decimal(0)).toFixed(2);
  const latest = (dates: Date[]) => (dates.length ? new Date(Math.max(...dates.map((d) => new Date(d).getTime()))).toISOString() : null);
  const open = inquiries.filter((i) => ['NEW', 'QUOTED', 'NEGOTIATING'].includes(i.status));
  const rated = cases.filter((c) => c.satisfaction != null);
  return {
    first_order_at: times.length ? new Date(Math.min(...times)).toISOString() : null,
    last_order_at: times.length ? new Date(Math.max(...times)).toISOString() : null,
    order_count: completed.length,
    total_spent: sum(completed.map((o) => o.total)),
    gross_profit: sum(completed.map((o) => new Decimal(o.total).minus(o.cost_total).toFixed(2))),
    outstanding: sum(
      orders.filter((o) => ['PENDING', 'COMPLETED'].includes(o.status)).map((o) => new Decimal(o.total).minus(o.paid_total).toFixed(2)),
    ),
    last_follow_up_at: latest(followUps.map((x) => x.occurred_at)),
    follow_up_count: followUps.length,
    last_qualifying_follow_up_at: latest(
      followUps.filter((x) => QUALIFYING_OUTCOMES.includes(x.outcome as never)).map((x) => x.occurred_at),
    ),
    open_inquiry_count: open.length,
    open_inquiry_amount: sum(open.map((i) => i.amount ?? '0')),
    satisfaction_count: rated.length,
    satisfaction_sum: rated.reduce((acc, c) => acc + c.satisfaction!, 0),
  };
}

async function storedRow(customerId: number) {
  const [row] = await app.db.orm.em.fork().execute('select * from customer_stats where customer_id = ?', [customerId]);
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  const money = (v: string) => new Decimal(v).toFixed(2);
  return {
    first_order_at: iso(row.first_order_at),
    last_order_at: iso(row.last_order_at),
    order_count: row.order_count,
    total_spent: money(row.total_spent),
    gross_profit: money(row.gross_profit),
    outstanding: money(row.outstanding),
    last_follow_up_at: iso(row.last_follow_up_at),
    follow_up_count: row.follow_up_count,
    last_qualifying_follow_up_at: iso(row.last_qualifying_follow_up_at),
    open_inquiry_count: row.open_inquiry_count,
    open_inquiry_amount: money(row.open_inquiry_amount),
    satisfaction_count: row.satisfaction_count,
    satisfaction_sum: row.satisfaction_sum,
  };
}

describe('customer figures', () => {
  it.each([[1], [2], [3]])('equal a recomputation from scratch after a random sequence of writes (seed %i)', async (seed) => {
    const rnd = random(seed);
    const token = f.salesSh1.token;
    const auth = { token };
    const customers: Array<{ gid: string; id: number }> = [];
    for (let i = 0; i < 3; i++) {
      const res = await app.gql(CustomerCreateDocument, { input: { kind: 'PERSON', name: `图表${seed}-${i}` } }, auth);
      const gid = res.data!.customerCreate.customer!.id;
      customers.push({ gid, id: Number(Buffer.from(gid, 'base64url').toString().split(':')[1]) });
    }
    const orders: Array<{ id: string; status: string; total: string; paid: string }> = [];
    const inquiries: Array<{ id: string; status: string }> = [];
    const cases: string[] = [];
    const past = () => new Date(Date.now() - rnd.int(0, 400) * 86_400_000 - rnd.int(60, 3600) * 1000).toISOString();
    let applied = 0;

    for (let step = 0; step < 60; step++) {
      const customer = rnd.pick(customers)!;
      const action = rnd.int(0, 9);
      if (action <= 2) {
        const lines = Array.from({ length: rnd.int(1, 3) }, () => ({
          productId: rnd.pick(products)!.gid,
          quantity: String(rnd.int(1, 5)),
        }));
        const res = await app.gql(OrdersCreateDocument, { input: { customerId: customer.gid, lines, orderedAt: past() } }, auth);
        const o = res.data!.orderCreate.order!;
        orders.push({ id: o.id, status: 'PENDING', total: o.total.amount, paid: '0.00' });
      } else if (action === 3) {
        const o = rnd.pick(orders.filter((x) => x.status === 'PENDING'));
        if (!o) continue;
        await app.gql(OrdersCompleteDocument, { input: { id: o.id } }, auth);
        o.status = 'COMPLETED';
      } else if (action === 4) {
        const o = rnd.pick(orders.filter((x) => x.status === 'PENDING' && x.paid === '0.00'));
        if (!o) continue;
        await app.gql(OrdersCancelDocument, { input: { id: o.id } }, auth);
        o.status = 'CANCELLED';
      } else if (action === 5) {
        const o = rnd.pick(orders.filter((x) => x.status === 'COMPLETED'));
        if (!o) continue;
        await app.gql(OrdersRefundDocument, { input: { id: o.id } }, auth);
        o.status = 'REFUNDED';
      } else if (action === 6) {
        const o = rnd.pick(orders.filter((x) => ['PENDING', 'COMPLETED'].includes(x.status) && new Decimal(x.total).gt(x.paid)));
        if (!o) continue;
        const owed = new Decimal(o.total).minus(o.paid);
        const amount = rnd.next() < 0.5 ? owed : owed.div(rnd.int(2, 4)).toDecimalPlaces(2, Decimal.ROUND_DOWN);
        if (amount.lte(0)) continue;
        const res = await app.gql(
          OrdersPaymentRecordDocument,
          { input: { orderId: o.id, amount: amount.toFixed(2), method: 'ALIPAY' } },
          auth,
        );
        expect(res.data!.paymentRecord.userErrors).toEqual([]);
        o.paid = new Decimal(o.paid).plus(amount).toFixed(2);
      } else if (action === 7) {
        const outcome = rnd.pick(['INTERESTED', 'NO_RESPONSE', 'QUOTED', 'NOT_INTERESTED'] as const)!;
        const res = await app.gql(
          FollowUpsCreateDocument,
          { input: { customerId: customer.gid, channel: 'CALL', summary: '回访', outcome, occurredAt: past() } },
          auth,
        );
        expect(res.data!.followUpCreate.userErrors).toEqual([]);
      } else if (action === 8) {
        const open = inquiries.filter((x) => ['NEW', 'QUOTED', 'NEGOTIATING'].includes(x.status));
        if (open.length && rnd.next() < 0.6) {
          const i = rnd.pick(open)!;
          const to = i.status === 'NEW' ? 'QUOTED' : i.status === 'QUOTED' ? 'NEGOTIATING' : 'LOST';
          const res = await app.gql(
            InquiryMoveDocument,
            { input: { id: i.id, status: to, lostReason: to === 'LOST' ? '价格' : undefined } },
            auth,
          );
          expect(res.data!.inquiryMove.userErrors).toEqual([]);
          i.status = to;
        } else {
          const res = await app.gql(
            InquiryCreateDocument,
            {
              input: {
                customerId: customer.gid,
                channel: 'EMAIL',
                projectDetails: '采购',
                amount: `${rnd.int(1, 99999)}.${rnd.int(10, 99)}`,
              },
            },
            auth,
          );
          inquiries.push({ id: res.data!.inquiryCreate.inquiry!.id, status: 'NEW' });
        }
      } else {
        const id = rnd.pick(cases);
        if (id && rnd.next() < 0.5) {
          await app.gql(ServiceCasesUpdateDocument, { input: { id, status: 'IN_PROGRESS' } }, auth);
          await app.gql(ServiceCasesResolveDocument, { input: { id, resolution: '已修好', satisfaction: rnd.int(1, 5) } }, auth);
          cases.splice(cases.indexOf(id), 1);
        } else {
          const res = await app.gql(
            ServiceCasesCreateDocument,
            { input: { customerId: customer.gid, type: 'WARRANTY', description: '报修' } },
            auth,
          );
          cases.push(res.data!.serviceCaseCreate.serviceCase!.id);
        }
      }
      applied++;
    }
    expect(applied).toBeGreaterThan(30);
    for (const c of customers) {
      expect(await storedRow(c.id)).toEqual(await recompute(c.id));
    }

    // The stored facts equal the checker's recomputation today, and when days have passed:
    // rows a window edge passed are no longer read as stored, and the facts job brings them back.
    const em = () => app.db.orm.em.fork();
    const timeZone = app.config.companyTimeZone;
    const today = await verifyCustomerFacts(em(), { timeZone, now: new Date() });
    expect(today).toMatchObject({ mismatches: 0, examples: [], basisCurrent: true });
    expect(today.fresh).toBeGreaterThanOrEqual(customers.length);
    const later = new Date(Date.now() + rnd.int(20, 400) * 86_400_000);
    const before = await verifyCustomerFacts(em(), { timeZone, now: later });
    expect(before).toMatchObject({ mismatches: 0, customers: today.customers });
    const run = await refreshStaleFacts(em(), { timeZone, now: later, batchSize: 7 });
    expect(run).toMatchObject({ refreshed: before.customers - before.fresh, skipped: 0 });
    expect(await verifyCustomerFacts(em(), { timeZone, now: later })).toMatchObject({ mismatches: 0, fresh: before.customers });
    expect((await refreshStaleFacts(em(), { timeZone, now: later })).refreshed).toBe(0);
  });

  it('the checker reports a stored fact that differs from the records, with its column', async () => {
    const em = app.db.orm.em.fork();
    const timeZone = app.config.companyTimeZone;
    await refreshStaleFacts(em, { timeZone, now: new Date() });
    const [row] = await em.execute<Array<{ customer_id: number }>>(
      `select customer_id from customer_stats where window_order_count > 0 and facts_valid_until > facts_on order by customer_id limit 1`,
    );
    await em.execute('update customer_stats set window_spend = window_spend + 0.01 where customer_id = ?', [row.customer_id]);
    const result = await verifyCustomerFacts(em, { timeZone, now: new Date() });
    expect(result).toMatchObject({ mismatches: 1, examples: [{ customerId: row.customer_id, columns: ['window_spend'] }] });
    await em.execute(refreshCustomerStatsSql('c.id = ?'), [row.customer_id]);
    expect((await verifyCustomerFacts(em, { timeZone, now: new Date() })).mismatches).toBe(0);
  });
});
