import Decimal from 'decimal.js';
import fc from 'fast-check';
import { calendarDayIn } from '../../src/domain/common/calendar';
import { addDays } from '../../src/domain/common/calendar';
import { DEFAULT_SCORING_SETTINGS } from '../../src/domain/scoring/scoring-settings';
import { DEFAULT_PROSPECT_RANKING_RULES as RULES, rankProspect, type ProspectFacts } from '../../src/domain/segments/prospect-ranking';
import { prospectFactsFromRow, prospectRankingPageSql, sqlPointsFromRow } from '../../src/domain/segments/prospect-ranking.sql';
import type { NeedUrgency } from '../../src/domain/records/records.enums';
import { raw } from '../../src/domain/common/sql';
import { localIdOf, toGlobalId } from '../../src/schema/global-id';
import {
  ApiKeyCreateDocument,
  CustomerCreateDocument,
  SegmentFollowUpCreateDocument,
  SegmentFollowUpUpdateDocument,
  SegmentProspectRankingDocument,
  type SegmentProspectRankingQuery,
} from '../generated/graphql';
import { countStatements, createFixture, type Fixture } from '../support/fixture';
import { insertProducts } from '../support/products';
import { daysAgo, insertOrder, refreshFigures } from '../support/records';
import { errorCode, startTestApp, type Auth, type GraphQLResponse, type TestApp } from '../support/test-app';

let app: TestApp;
let f: Fixture;
const TZ = 'Asia/Shanghai';
const today = () => calendarDayIn(new Date(), TZ);
const ids: Record<string, number> = {};
const keys: Record<'read' | 'segmentsOnly' | 'none', Auth> = {} as never;

async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().getConnection().execute(query, params);
}

async function customer(token: string, name: string): Promise<number> {
  const res = await app.gql(CustomerCreateDocument, { input: { kind: 'COMPANY', name } }, { token });
  expect(res.data?.customerCreate.userErrors).toEqual([]);
  return localIdOf(res.data!.customerCreate.customer!.id, 'Customer')!;
}

async function followUp(token: string, customerId: number, input: Record<string, unknown>) {
  const res = await app.gql(
    SegmentFollowUpCreateDocument,
    {
      input: {
        customerId: toGlobalId('Customer', customerId),
        channel: 'CALL',
        summary: '沟通需求',
        outcome: 'INTERESTED',
        ...input,
      } as never,
    },
    { token },
  );
  expect(res.errors).toBeUndefined();
  expect(res.data!.followUpCreate.userErrors).toEqual([]);
  return res.data!.followUpCreate.followUp!;
}

async function inquiry(
  customerId: number,
  i: {
    urgency?: 'URGENT' | 'NORMAL';
    status?: string;
    amount?: string | null;
    targetPrice?: string | null;
    quantity?: string | null;
    receivedDaysAgo?: number;
  },
) {
  await sql(
    `insert into inquiry (customer_id, received_at, channel, urgency, status, project_details, currency, amount, target_price, quantity,
                          lost_reason, response_due_at, created_at, updated_at)
     values (?, ?, 'EMAIL', ?, ?, '项目询价', 'CNY', ?, ?, ?, ?, now() + interval '1 day', now(), now())`,
    [
      customerId,
      daysAgo(i.receivedDaysAgo ?? 1),
      i.urgency ?? 'NORMAL',
      i.status ?? 'NEW',
      i.amount ?? null,
      i.targetPrice ?? null,
      i.quantity ?? null,
      i.status === 'LOST' ? '价格太高' : null,
    ],
  );
}

async function ranking(auth: Auth, variables: { first?: number; after?: string | null; locale?: string } = { first: 50 }) {
  const res: GraphQLResponse<SegmentProspectRankingQuery> = await app.gql(SegmentProspectRankingDocument, variables, auth);
  expect(res.errors).toBeUndefined();
  return res.data!.prospectRanking;
}

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
  const sh1 = f.salesSh1.token;
  const day = today();
  ids.hot = await customer(sh1, '急需客户');
  await followUp(sh1, ids.hot, { needUrgency: 'HIGH', resultsHorizonDays: 14, budget: '50000', nextFollowUpOn: addDays(day, 3) });
  await inquiry(ids.hot, { amount: '40000.00' });

  ids.urgentInquiry = await customer(sh1, '紧急询盘客户');
  await followUp(sh1, ids.urgentInquiry, { budget: '8000' });
  await inquiry(ids.urgentInquiry, { urgency: 'URGENT', targetPrice: '100.00', quantity: '90' });

  ids.slow = await customer(sh1, '慢热客户');
  await followUp(sh1, ids.slow, { occurredAt: daysAgo(3).toISOString(), needUrgency: 'LOW', resultsHorizonDays: 120, budget: '1000' });
  // The latest follow-up recorded none of the three: the earlier values still count; its next date (10 days) adds nothing.
  await followUp(sh1, ids.slow, { outcome: 'NEEDS_FOLLOW_UP', nextFollowUpOn: addDays(day, 10) });
  await inquiry(ids.slow, { amount: '10000' });
  await inquiry(ids.slow, { amount: '99999', status: 'LOST', receivedDaysAgo: 0 });

  ids.unknown = await customer(sh1, '未知客户');
  await followUp(sh1, ids.unknown, { nextFollowUpOn: day });

  ids.mediumA = await customer(sh1, '一般客户甲');
  await followUp(sh1, ids.mediumA, { needUrgency: 'MEDIUM', resultsHorizonDays: 60 });
  ids.mediumB = await customer(sh1, '一般客户乙');
  await followUp(sh1, ids.mediumB, { needUrgency: 'MEDIUM', resultsHorizonDays: 45 });

  // Not prospects: a buyer, a lead, an archived prospect.
  const [product] = await insertProducts(app, [{ sku: 'PR-1', name: '设备', listPrice: '100.00', cost: '50.00' }]);
  ids.buyer = await customer(sh1, '已成交客户');
  await followUp(sh1, ids.buyer, { needUrgency: 'HIGH' });
  await insertOrder(app, {
    customerId: ids.buyer,
    orderedAt: daysAgo(5),
    lines: [{ productId: product.id, quantity: '1', unitPrice: '100.00', unitCost: '50.00' }],
  });
  ids.lead = await customer(sh1, '无意向客户');
  await followUp(sh1, ids.lead, { outcome: 'NOT_INTERESTED', needUrgency: 'HIGH' });
  ids.archived = await customer(sh1, '已归档意向客户');
  await followUp(sh1, ids.archived, { needUrgency: 'HIGH' });
  await sql('update customer set archived_at = now() where id = ?', [ids.archived]);
  // A buyer set to PROSPECT by hand counts: the stage in force.
  ids.overridden = await customer(sh1, '手动意向客户');
  await insertOrder(app, {
    customerId: ids.overridden,
    orderedAt: daysAgo(400),
    lines: [{ productId: product.id, quantity: '1', unitPrice: '100.00', unitCost: '50.00' }],
  });
  await sql(`insert into lifecycle_override (customer_id, stage, reason, set_by_id, set_at) values (?, 'PROSPECT', '重新洽谈', ?, now())`, [
    ids.overridden,
    f.salesSh1.id,
  ]);

  ids.south = await customer(f.salesSouth.token, '华南急需客户');
  await followUp(f.salesSouth.token, ids.south, { needUrgency: 'HIGH', resultsHorizonDays: 10 });
  await refreshFigures(app);

  const key = async (scopes: string[]) => ({
    apiKey: (await app.gql(ApiKeyCreateDocument, { input: { name: `ranking ${scopes.join(' ')}`, scopes } }, { token: f.admin.token }))
      .data!.apiKeyCreate.secret!,
  });
  keys.read = await key(['segments:read', 'customers:read']);
  keys.segmentsOnly = await key(['segments:read']);
  keys.none = await key(['customers:read']);
}, 120_000);
afterAll(() => app.close());

describe('prospectRanking', () => {
  it("ranks a salesperson's prospects by score, then id, with each component's points, weight, contribution and reason", async () => {
    const page = await ranking({ token: f.salesSh1.token }, { first: 50, locale: 'en' });
    expect(page.nodes.map((n) => [n.customer.name, n.score])).toEqual([
      ['急需客户', 100],
      ['紧急询盘客户', 70],
      ['一般客户甲', 54],
      ['一般客户乙', 54],
      ['未知客户', 48],
      ['手动意向客户', 40],
      ['慢热客户', 20],
    ]);
    expect(page.totalCount).toBe(7);
    const byName = Object.fromEntries(page.nodes.map((n) => [n.customer.name, n]));
    expect(byName['急需客户'].urgency).toEqual({
      key: 'URGENCY',
      points: 100,
      weight: 40,
      contribution: 40,
      reason: `Latest follow-up rated the need high; next follow-up planned in 3 days (${addDays(today(), 3)}), bonus added`,
    });
    expect(byName['急需客户'].budgetFit.reason).toBe('Budget 50,000.00 covers the inquiry amount 40,000.00');
    expect(byName['紧急询盘客户'].urgency).toMatchObject({ points: 100, reason: '1 open urgent inquiry' });
    expect(byName['紧急询盘客户'].budgetFit).toMatchObject({
      points: 60,
      contribution: 18,
      reason: 'Budget 8,000.00 is 88% of the inquiry amount 9,000.00',
    });
    expect(byName['紧急询盘客户'].quickResults).toMatchObject({
      points: 40,
      weight: 30,
      contribution: 12,
      reason: 'No results horizon recorded',
    });
    expect(byName['慢热客户'].urgency).toMatchObject({ points: 20, reason: 'Latest follow-up rated the need low' });
    expect(byName['慢热客户'].quickResults).toMatchObject({ points: 20, reason: 'Results expected only in 120 days (over 90)' });
    expect(byName['慢热客户'].budgetFit).toMatchObject({
      points: 20,
      reason: 'Budget 1,000.00 is only 10% of the inquiry amount 10,000.00',
    });
    expect(byName['未知客户'].urgency.points).toBe(60);
    for (const n of page.nodes) {
      expect(n.urgency.contribution + n.quickResults.contribution + n.budgetFit.contribution).toBeCloseTo(n.score, 6);
    }
    const [a, b] = [byName['一般客户甲'], byName['一般客户乙']].map((n) => localIdOf(n.customer.id, 'Customer')!);
    expect(a).toBeLessThan(b);
  });

  it('explains in Chinese by default', async () => {
    const page = await ranking({ token: f.salesSh1.token, headers: { 'accept-language': '' } }, { first: 1 });
    expect(page.nodes[0].quickResults.reason).toBe('预计14天内见效(不超过30天)');
  });

  it('pages with cursors in the same order, one statement a page whatever its size', async () => {
    const all = (await ranking({ token: f.salesSh1.token }, { first: 50 })).nodes.map((n) => n.customer.id);
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 4; i++) {
      const page: SegmentProspectRankingQuery['prospectRanking'] = await ranking({ token: f.salesSh1.token }, { first: 2, after });
      seen.push(...page.nodes.map((n) => n.customer.id));
      expect(page.pageInfo.hasPreviousPage).toBe(after != null);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor ?? null;
    }
    expect(seen).toEqual(all);
    const statements = async (first: number) =>
      countStatements(async () => {
        const res = await app.gql(SegmentProspectRankingDocument, { first }, { token: f.salesSh1.token });
        expect(res.errors).toBeUndefined();
      });
    expect(await statements(2)).toBe(await statements(20));
  });

  it('costs what evaluating the ranking does (500, like a segment count), on top of its page', async () => {
    const res = await app.post({ query: '{ prospectRanking(first: 1) { nodes { score } } }' }, { token: f.admin.token });
    expect(res.errors).toBeUndefined();
    // 500 for the ranking statement + 1 node × (nodes 1 + score 1)
    expect(res.extensions?.cost).toEqual({ requestedQueryCost: 502, maximumAvailable: 20_000 });
  });

  it('keeps to the data scope', async () => {
    const south = await ranking({ token: f.salesSouth.token });
    expect(south.nodes.map((n) => n.customer.name)).toEqual(['华南急需客户']);
    const manager = await ranking({ token: f.managerEast.token }, { first: 100 });
    const names = manager.nodes.map((n) => n.customer.name);
    expect(names).toContain('急需客户');
    expect(names).not.toContain('华南急需客户');
    const key = await ranking(keys.read, { first: 100 });
    expect(key.nodes.map((n) => n.customer.name)).toEqual(expect.arrayContaining(['急需客户', '华南急需客户']));
    // The ranked customers are customers: segments:read alone does not read them.
    expect(errorCode(await app.gql(SegmentProspectRankingDocument, { first: 100 }, keys.segmentsOnly))).toBe('FORBIDDEN');
  });

  it.each<[string, Auth | undefined, Record<string, unknown>, string]>([
    ['without credentials', undefined, { first: 5 }, 'UNAUTHENTICATED'],
    ['for a key without segments:read', { apiKey: 'later' }, { first: 5 }, 'FORBIDDEN'],
    ['for a page over 100', { token: 'later' }, { first: 101 }, 'BAD_USER_INPUT'],
    [
      'for a cursor of another list',
      { token: 'later' },
      { first: 5, after: Buffer.from('CREATED_AT:1').toString('base64url') },
      'BAD_USER_INPUT',
    ],
  ])('is refused %s', async (_label, auth, variables, code) => {
    const resolved = auth?.apiKey ? keys.none : auth?.token ? { token: f.salesSh1.token } : undefined;
    expect(errorCode(await app.gql(SegmentProspectRankingDocument, variables, resolved))).toBe(code);
  });
});

describe('the SQL ranking and the TypeScript evaluator', () => {
  interface GenFollowUp {
    daysAgo: number;
    needUrgency: NeedUrgency | null;
    horizon: number | null;
    budget: string | null;
    nextIn: number | null;
  }
  interface GenInquiry {
    urgency: 'URGENT' | 'NORMAL';
    status: 'NEW' | 'QUOTED' | 'NEGOTIATING' | 'LOST';
    amount: string | null;
    targetPrice: string | null;
    quantity: string | null;
    daysAgo: number;
  }
  const money = fc.oneof(
    fc.constant(null),
    fc.integer({ min: 0, max: 2_000_000 }).map((c) => (c / 100).toFixed(2)),
  );
  const followUpArb: fc.Arbitrary<GenFollowUp> = fc.record({
    daysAgo: fc.integer({ min: 0, max: 60 }),
    needUrgency: fc.constantFrom<NeedUrgency | null>(null, 'HIGH', 'MEDIUM', 'LOW'),
    horizon: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 200 }), fc.constantFrom(30, 31, 90, 91)),
    budget: money,
    nextIn: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 12 })),
  });
  const inquiryArb: fc.Arbitrary<GenInquiry> = fc.record({
    urgency: fc.constantFrom<'URGENT' | 'NORMAL'>('URGENT', 'NORMAL'),
    status: fc.constantFrom<GenInquiry['status']>('NEW', 'QUOTED', 'NEGOTIATING', 'LOST'),
    amount: money,
    targetPrice: money,
    quantity: fc.oneof(
      fc.constant(null),
      fc.integer({ min: 1, max: 5000 }).map((q) => (q / 10).toFixed(1)),
    ),
    daysAgo: fc.integer({ min: 0, max: 30 }),
  });
  const prospectArb = fc.record({
    followUps: fc.uniqueArray(followUpArb, { minLength: 1, maxLength: 3, selector: (x) => x.daysAgo }),
    inquiries: fc.uniqueArray(inquiryArb, { maxLength: 3, selector: (x) => x.daysAgo }),
  });

  /** What the evaluator should read, worked out here from the generated records. */
  function expectedFacts(customerId: number, p: { followUps: GenFollowUp[]; inquiries: GenInquiry[] }, day: string): ProspectFacts {
    const byRecent = [...p.followUps].sort((a, b) => a.daysAgo - b.daysAgo);
    const latest = <K extends keyof GenFollowUp>(k: K): GenFollowUp[K] | null => byRecent.find((x) => x[k] != null)?.[k] ?? null;
    const open = [...p.inquiries].filter((i) => i.status !== 'LOST').sort((a, b) => a.daysAgo - b.daysAgo);
    const amountOf = (i: GenInquiry) =>
      i.amount != null
        ? new Decimal(i.amount)
        : i.targetPrice != null && i.quantity != null
          ? new Decimal(i.targetPrice).mul(i.quantity)
          : null;
    const amount = open.map(amountOf).find((a) => a != null) ?? null;
    const next = byRecent[0].nextIn;
    return {
      customerId,
      needUrgency: latest('needUrgency'),
      resultsHorizonDays: latest('horizon'),
      budget: latest('budget'),
      nextFollowUpOn: next == null ? null : addDays(day, next),
      urgentOpenInquiries: open.filter((i) => i.urgency === 'URGENT').length,
      inquiryAmount: amount == null ? null : amount.toString(),
    };
  }

  it('agree on every component and the score for random prospects', async () => {
    const day = today();
    const generated = fc.sample(prospectArb, { numRuns: 60, seed: 20261125 });
    const made: Array<{ id: number; p: (typeof generated)[number] }> = [];
    for (const [n, p] of generated.entries()) {
      const id = await customer(f.salesSh2.token, `随机意向${n}`);
      for (const fu of p.followUps) {
        // Noon-ish company time, so "days ago" is that many company days ago.
        await sql(
          `insert into follow_up (customer_id, channel, occurred_at, summary, outcome, next_follow_up_on, need_urgency, results_horizon_days, budget, created_at)
           values (?, 'CALL', (?::date::timestamp + interval '10 hours') at time zone ?, '随机', 'INTERESTED', ?, ?, ?, ?, now())`,
          [id, addDays(day, -fu.daysAgo), TZ, fu.nextIn == null ? null : addDays(day, fu.nextIn), fu.needUrgency, fu.horizon, fu.budget],
        );
      }
      for (const i of p.inquiries) {
        await sql(
          `insert into inquiry (customer_id, received_at, channel, urgency, status, project_details, currency, amount, target_price, quantity,
                                lost_reason, response_due_at, created_at, updated_at)
           values (?, (?::date::timestamp + interval '9 hours') at time zone ?, 'EMAIL', ?, ?, '随机询价', 'CNY', ?, ?, ?, ?, now(), now(), now())`,
          [id, addDays(day, -i.daysAgo), TZ, i.urgency, i.status, i.amount, i.targetPrice, i.quantity, i.status === 'LOST' ? '随机' : null],
        );
      }
      made.push({ id, p });
    }
    await refreshFigures(app);
    const input = { settings: DEFAULT_SCORING_SETTINGS, today: day, timeZone: TZ };
    const { sql: text, params } = prospectRankingPageSql(input, RULES, raw(`c.owner_id = ${f.salesSh2.id}`), { limit: 1000, after: null });
    const rows: Array<Record<string, unknown>> = await app.db.orm.em.fork().execute(text, params);
    expect(rows).toHaveLength(made.length);
    const byId = new Map(rows.map((r) => [Number(r.rank_customer_id), r]));
    for (const { id, p } of made) {
      const row = byId.get(id)!;
      const facts = prospectFactsFromRow(row);
      const expected = expectedFacts(id, p, day);
      expect({
        ...facts,
        budget: facts.budget && new Decimal(facts.budget).toString(),
        inquiryAmount: facts.inquiryAmount && new Decimal(facts.inquiryAmount).toString(),
      }).toEqual({
        ...expected,
        budget: expected.budget && new Decimal(expected.budget).toString(),
      });
      const ts = rankProspect(expected, RULES, day);
      expect(sqlPointsFromRow(row)).toEqual({
        urgency: ts.urgency.points,
        quickResults: ts.quickResults.points,
        budgetFit: ts.budgetFit.points,
        score100: ts.score100,
      });
    }
    // The statement's order is the evaluator's: score descending, then id.
    const order = made.map(({ id, p }) => ({ id, score: rankProspect(expectedFacts(id, p, day), RULES, day).score100 }));
    order.sort((a, b) => b.score - a.score || a.id - b.id);
    expect(rows.map((r) => Number(r.rank_customer_id))).toEqual(order.map((o) => o.id));
  });
});

describe('follow-up fields for the ranking', () => {
  it('records and corrects need urgency, results horizon and budget', async () => {
    const id = await customer(f.salesSh1.token, '字段客户');
    const created = await followUp(f.salesSh1.token, id, { needUrgency: 'MEDIUM', resultsHorizonDays: 30, budget: '12000.5' });
    expect(created).toMatchObject({ needUrgency: 'MEDIUM', resultsHorizonDays: 30, budget: { amount: '12000.50', currencyCode: 'CNY' } });
    const res = await app.gql(
      SegmentFollowUpUpdateDocument,
      { input: { id: created.id, budget: null, resultsHorizonDays: 7 } },
      { token: f.salesSh1.token },
    );
    expect(res.data!.followUpUpdate.userErrors).toEqual([]);
    expect(res.data!.followUpUpdate.followUp).toMatchObject({ needUrgency: 'MEDIUM', resultsHorizonDays: 7, budget: null });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a negative horizon', { resultsHorizonDays: -1 }, 'resultsHorizonDays'],
    ['a horizon over ten years', { resultsHorizonDays: 3651 }, 'resultsHorizonDays'],
    ['a negative budget', { budget: '-5' }, 'budget'],
    ['a budget with three decimals', { budget: '10.005' }, 'budget'],
  ])('refuses %s', async (_label, input, field) => {
    const id = await customer(f.salesSh1.token, `坏字段${field}${JSON.stringify(input)}`);
    const res = await app.gql(
      SegmentFollowUpCreateDocument,
      { input: { customerId: toGlobalId('Customer', id), channel: 'CALL', summary: 'x', ...input } as never },
      { token: f.salesSh1.token },
    );
    expect(res.data!.followUpCreate.followUp).toBeNull();
    expect(res.data!.followUpCreate.userErrors).toContainEqual(expect.objectContaining({ field: ['input', field], code: 'INVALID' }));
  });
});
