import { rulesOfBaskets } from '../../src/domain/cross-sell/association-rules';
import { calendarDayIn } from '../../src/domain/common/calendar';
import { addDays } from '../../src/domain/common/calendar';
import { toGlobalId } from '../../src/schema/global-id';
import { CrossSellService } from '../../src/services/cross-sell.service';
import {
  ApiKeyCreateDocument,
  BoughtTogetherDocument,
  CustomersProductSuggestionsDocument,
  ProductAssociationsRefreshDocument,
  ProductsBoughtTogetherDocument,
  ProductSuggestionsDocument,
} from '../generated/graphql';
import { countStatements, createFixture, type Fixture, createCompanyCustomer } from '../support/fixture';
import { insertProducts } from '../support/products';
import { daysAgo, insertOrder } from '../support/records';
import { errorCode, startTestApp, type Auth, type TestApp } from '../support/test-app';

/**
 * Cross-sell (issue 14 item 5, DOMAIN A4) over hand-computable orders. Completed baskets:
 *
 *   X  {P, A}   (P 100 days ago; A, paper with a 30-day cycle, 40 days ago: due)
 *   c1 {P, S}   c2 {P, S}   c3 {P, S, T}   c4 {P, A, T}   c5 {K}   c6 {S, T} (south)   c7 {T}
 *
 * plus a cancelled {P, A, S, T} of c5 and a pending {P} of c7 that never count. Population 8;
 * buyers P 5, A 2, S 4, T 4, K 1; pairs P&A 2, P&S 3, P&T 2, S&T 2, A&T 1.
 * At minimum support 0.2 (≥ 1.6 customers) the pairs P&A, P&S, P&T, S&T: 8 rules.
 */

let app: TestApp;
let f: Fixture;
const TZ = 'Asia/Shanghai';
const p = {} as Record<'P' | 'A' | 'S' | 'T' | 'K', { id: number; gid: string }>;
const c = {} as Record<'X' | 'c1' | 'c2' | 'c3' | 'c4' | 'c5' | 'c6' | 'c7', number>;
let paperOrderOfX: number;
let admin: Auth;

async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().getConnection().execute(query, params);
}

async function refresh(minSupport: number | null, auth: Auth = admin) {
  return app.gql(ProductAssociationsRefreshDocument, { input: minSupport == null ? null : { minSupport } }, auth);
}

async function refreshed(minSupport: number) {
  const res = await refresh(minSupport);
  expect(res.errors).toBeUndefined();
  expect(res.data!.productAssociationsRefresh.userErrors).toEqual([]);
  return res.data!.productAssociationsRefresh.run!;
}

const rulesInTable = () =>
  sql<Record<string, unknown>>(
    `select antecedent_id, consequent_id, antecedent_customers, consequent_customers, both_customers, population, support::float8 as support, confidence::float8 as confidence, lift::float8 as lift
       from product_association order by antecedent_id, consequent_id`,
  );

const baskets = () =>
  new Map<number, Set<number>>([
    [c.X, new Set([p.P.id, p.A.id])],
    [c.c1, new Set([p.P.id, p.S.id])],
    [c.c2, new Set([p.P.id, p.S.id])],
    [c.c3, new Set([p.P.id, p.S.id, p.T.id])],
    [c.c4, new Set([p.P.id, p.A.id, p.T.id])],
    [c.c5, new Set([p.K.id])],
    [c.c6, new Set([p.S.id, p.T.id])],
    [c.c7, new Set([p.T.id])],
  ]);

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
  admin = { token: f.admin.token };
  const products = await insertProducts(app, [
    { sku: 'CS-P', name: '激光打印机', listPrice: '1899.00', cost: '1300.00' },
    { sku: 'CS-A', name: 'A4复印纸', listPrice: '129.00', cost: '85.00', usageCycleDays: 30 },
    { sku: 'CS-S', name: '碎纸机', listPrice: '599.00', cost: '350.00' },
    { sku: 'CS-T', name: '硒鼓', listPrice: '299.00', cost: '120.00', usageCycleDays: 60 },
    { sku: 'CS-K', name: '电热水壶', listPrice: '199.00', cost: '118.00' },
  ]);
  (['P', 'A', 'S', 'T', 'K'] as const).forEach((k, i) => (p[k] = products[i]!));
  const customer = (name: string, token: string) => createCompanyCustomer(app, name, token);
  for (const k of ['X', 'c1', 'c2', 'c3', 'c4', 'c5', 'c7'] as const) c[k] = await customer(`交叉销售${k}`, f.salesSh1.token);
  c.c6 = await customer('交叉销售c6', f.salesSouth.token);
  const line = (k: keyof typeof p, quantity = '1') => ({ productId: p[k].id, quantity, unitPrice: '10.00', unitCost: '5.00' });
  const order = (customerId: number, days: number, lines: Array<ReturnType<typeof line>>, status?: 'CANCELLED' | 'PENDING') =>
    insertOrder(app, { customerId, orderedAt: daysAgo(days), lines, status });
  await order(c.X, 100, [line('P')]);
  paperOrderOfX = await order(c.X, 40, [line('A')]);
  await order(c.c1, 50, [line('P'), line('S')]);
  await order(c.c2, 50, [line('P')]);
  await order(c.c2, 20, [line('S')]); // customers, not orders: two orders are one basket
  await order(c.c3, 30, [line('P'), line('S'), line('T')]);
  await order(c.c4, 30, [line('P'), line('A'), line('T')]);
  await order(c.c5, 30, [line('K')]);
  await order(c.c5, 10, [line('P'), line('A'), line('S'), line('T')], 'CANCELLED');
  await order(c.c6, 30, [line('S'), line('T')]);
  await order(c.c7, 30, [line('T')]);
  await order(c.c7, 1, [line('P')], 'PENDING');
}, 120_000);
afterAll(() => app.close());

describe('productAssociationsRefresh', () => {
  it('computes the rules of the completed baskets with the exact counts, equal to an independent computation', async () => {
    const run = await refreshed(0.2);
    expect(run).toMatchObject({ trigger: 'ON_DEMAND', minSupport: 0.2, population: 8, productCount: 5, ruleCount: 8 });
    const rows = await rulesInTable();
    const expected = rulesOfBaskets(baskets(), '0.2');
    expect(rows).toEqual(
      expected.map((r) => ({
        antecedent_id: r.antecedentId,
        consequent_id: r.consequentId,
        antecedent_customers: r.antecedentCustomers,
        consequent_customers: r.consequentCustomers,
        both_customers: r.bothCustomers,
        population: r.population,
        support: r.support,
        confidence: r.confidence,
        lift: r.lift,
      })),
    );
    // By hand: P → S is 3 of the 5 who bought P (0.6), S bought by 4 of 8: lift 0.6 / 0.5 = 1.2.
    const ps = rows.find((r) => r.antecedent_id === p.P.id && r.consequent_id === p.S.id);
    expect(ps).toMatchObject({
      antecedent_customers: 5,
      consequent_customers: 4,
      both_customers: 3,
      population: 8,
      support: 0.375,
      confidence: 0.6,
      lift: 1.2,
    });
    const pa = rows.find((r) => r.antecedent_id === p.P.id && r.consequent_id === p.A.id);
    expect(pa).toMatchObject({ both_customers: 2, support: 0.25, confidence: 0.4, lift: 1.6 });
    expect(rows.some((r) => r.antecedent_id === p.A.id && r.consequent_id === p.T.id)).toBe(false); // 1 of 8 < 0.2
  });

  it('keeps more pairs at a lower minimum support, and the default comes from the configuration', async () => {
    expect((await refreshed(0.1)).ruleCount).toBe(10);
    expect(await rulesInTable()).toHaveLength(10);
    const byDefault = await refresh(null);
    expect(byDefault.data!.productAssociationsRefresh.run).toMatchObject({ minSupport: 0.005, ruleCount: 10 });
  });

  it('is idempotent: the same orders and minimum support give the same rules', async () => {
    await refreshed(0.2);
    const first = await rulesInTable();
    const runs = (await sql<{ n: number }>('select count(*)::int as n from product_association_run'))[0].n;
    await refreshed(0.2);
    expect(await rulesInTable()).toEqual(first);
    expect((await sql<{ n: number }>('select count(*)::int as n from product_association_run'))[0].n).toBe(runs + 1);
  });

  it('replaces the rules atomically: while a refresh is under way readers see the previous rules, and a second refresh is refused', async () => {
    await refreshed(0.1); // 10 rules
    const holder = app.db.orm.em.fork();
    await holder.begin();
    let pending: ReturnType<typeof refresh>;
    const waiting = async () =>
      (
        await sql<{ n: number }>(
          `select count(*)::int as n from pg_locks where not granted and relation = 'product_association_run'::regclass`,
        )
      )[0].n;
    try {
      // Hold the run table: the refresh stops after deleting the old rules, before it inserts its run and commits.
      await holder.execute('lock table product_association_run in share mode');
      pending = refresh(0.2);
      for (let i = 0; i < 1000 && (await waiting()) === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(await waiting()).toBe(1);
      expect(await rulesInTable()).toHaveLength(10);
      const second = await refresh(0.2);
      expect(second.data!.productAssociationsRefresh).toMatchObject({ run: null, userErrors: [{ code: 'CONFLICT' }] });
    } finally {
      await holder.rollback();
    }
    const done = await pending!;
    expect(done.data!.productAssociationsRefresh.run).toMatchObject({ ruleCount: 8 });
    expect(await rulesInTable()).toHaveLength(8);
  });

  it('refuses a minimum support outside 0–1 and writes nothing', async () => {
    const runs = (await sql<{ n: number }>('select count(*)::int as n from product_association_run'))[0].n;
    for (const minSupport of [-0.1, 1.5]) {
      const res = await refresh(minSupport);
      expect(res.data!.productAssociationsRefresh).toEqual({
        run: null,
        userErrors: [{ field: ['input', 'minSupport'], code: 'INVALID', message: expect.stringContaining('between 0 and 1') }],
      });
    }
    expect((await sql<{ n: number }>('select count(*)::int as n from product_association_run'))[0].n).toBe(runs);
  });

  it('is for admins only', async () => {
    for (const auth of [
      { token: f.salesSh1.token },
      { token: f.managerEast.token },
      { apiKey: await key(['products:read', 'products:write', 'customers:read', 'orders:read']) },
    ]) {
      expect(errorCode(await refresh(0.2, auth))).toBe('FORBIDDEN');
    }
  });
});

async function key(scopes: string[]): Promise<string> {
  return (await app.gql(ApiKeyCreateDocument, { input: { name: `cross-sell ${scopes.join(' ')}`, scopes } }, admin)).data!.apiKeyCreate
    .secret!;
}

describe('product.boughtTogether', () => {
  beforeAll(async () => {
    await refreshed(0.2);
  });

  it('lists the rules with lift above 1 by lift, with the counts and a zh/en reason', async () => {
    const res = await app.gql(BoughtTogetherDocument, { id: p.P.gid, first: 10 }, admin);
    expect(res.errors).toBeUndefined();
    const list = res.data!.product!.boughtTogether;
    // P → A (lift 1.6), P → S (1.2); P → T has lift 0.8.
    expect(
      list.nodes.map((n) => [
        n.product.name,
        n.customers,
        n.antecedentCustomers,
        n.productCustomers,
        n.population,
        n.support,
        n.confidence,
        n.lift,
      ]),
    ).toEqual([
      ['A4复印纸', 2, 5, 2, 8, 0.25, 0.4, 1.6],
      ['碎纸机', 3, 5, 4, 8, 0.375, 0.6, 1.2],
    ]);
    expect(list.totalCount).toBe(2);
    expect(list.nodes[1].reason).toBe('bought by 60% of the 5 customers who bought 激光打印机; 1.2× the usual rate');
    expect(list.nodes[1].reasonZh).toBe('购买过 激光打印机 的 5 位客户中有 60% 也买了 碎纸机，是平均水平的 1.2 倍');
  });

  it('pages with after', async () => {
    const first = (await app.gql(BoughtTogetherDocument, { id: p.P.gid, first: 1 }, admin)).data!.product!.boughtTogether;
    expect(first.nodes.map((n) => n.product.name)).toEqual(['A4复印纸']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const next = (await app.gql(BoughtTogetherDocument, { id: p.P.gid, first: 1, after: first.pageInfo.endCursor }, admin)).data!.product!
      .boughtTogether;
    expect(next.nodes.map((n) => n.product.name)).toEqual(['碎纸机']);
    expect(next.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it('pages back with last and before: the same rules in the same order', async () => {
    const last = (await app.gql(BoughtTogetherDocument, { id: p.P.gid, last: 1 }, admin)).data!.product!.boughtTogether;
    expect(last.nodes.map((n) => n.product.name)).toEqual(['碎纸机']);
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const earlier = (await app.gql(BoughtTogetherDocument, { id: p.P.gid, last: 1, before: last.pageInfo.startCursor }, admin)).data!
      .product!.boughtTogether;
    expect(earlier.nodes.map((n) => n.product.name)).toEqual(['A4复印纸']);
    expect(earlier.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const both = (await app.gql(BoughtTogetherDocument, { id: p.P.gid, last: 5 }, admin)).data!.product!.boughtTogether;
    expect(both.nodes.map((n) => n.product.name)).toEqual(['A4复印纸', '碎纸机']);
    expect(both.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
    expect(errorCode(await app.gql(BoughtTogetherDocument, { id: p.P.gid, first: 1, last: 1 }, admin))).toBe('BAD_USER_INPUT');
    expect(errorCode(await app.gql(BoughtTogetherDocument, { id: p.P.gid, last: 101 }, admin))).toBe('BAD_USER_INPUT');
  });

  it('refuses first above 100 and a foreign cursor', async () => {
    expect(errorCode(await app.gql(BoughtTogetherDocument, { id: p.P.gid, first: 101 }, admin))).toBe('BAD_USER_INPUT');
    expect(
      errorCode(
        await app.gql(BoughtTogetherDocument, { id: p.P.gid, first: 1, after: Buffer.from('ORDER:1').toString('base64url') }, admin),
      ),
    ).toBe('BAD_USER_INPUT');
  });

  it('needs products:read for a key', async () => {
    expect(errorCode(await app.gql(BoughtTogetherDocument, { id: p.P.gid, first: 5 }, { apiKey: await key(['customers:read']) }))).toBe(
      'FORBIDDEN',
    );
    const res = await app.gql(BoughtTogetherDocument, { id: p.P.gid, first: 5 }, { apiKey: await key(['products:read']) });
    expect(res.errors).toBeUndefined();
    expect(res.data!.product!.boughtTogether.totalCount).toBe(2);
  });

  it('reads a page of products in the same number of statements whatever its size', async () => {
    const small = await countStatements(() => app.gql(ProductsBoughtTogetherDocument, { first: 2 }, admin));
    const large = await countStatements(() => app.gql(ProductsBoughtTogetherDocument, { first: 5 }, admin));
    expect(large).toBe(small);
  });
});

describe('customer.productSuggestions', () => {
  const X = () => toGlobalId('Customer', c.X);

  beforeAll(async () => {
    await refreshed(0.2);
  });

  it('suggests from the rules of what the customer bought: the due consumable first, then by score; never the durable it has', async () => {
    const res = await app.gql(ProductSuggestionsDocument, { id: X(), first: 10 }, { token: f.salesSh1.token });
    expect(res.errors).toBeUndefined();
    const list = res.data!.customer!.productSuggestions;
    // A (paper, due: bought 40 days ago, 30-day cycle) via P → A, score 0.4; S via P → S, score 0.6.
    // P (A → P, confidence 1) is a durable X has; T: P → T has lift 0.8.
    expect(list.nodes.map((n) => [n.product.name, n.basedOn.name, n.score, n.customers, n.antecedentCustomers, n.lift])).toEqual([
      ['A4复印纸', '激光打印机', 0.4, 2, 5, 1.6],
      ['碎纸机', '激光打印机', 0.6, 3, 5, 1.2],
    ]);
    const orderedOn = calendarDayIn(daysAgo(40), TZ);
    expect(list.nodes[0]).toMatchObject({ usedUpOn: addDays(orderedOn, 30), repurchaseDueOn: addDays(orderedOn, 23) });
    expect(list.nodes[1]).toMatchObject({ usedUpOn: null, repurchaseDueOn: null });
    expect(list.nodes[0].reason).toBe(
      `last purchase ${orderedOn} of 1 × A4复印纸, usage cycle 30 days: used up around ${addDays(orderedOn, 30)}; bought by 40% of the 5 customers who bought 激光打印机; 1.6× the usual rate`,
    );
    expect(list.nodes[1].reasonZh).toBe('购买过 激光打印机 的 5 位客户中有 60% 也买了 碎纸机，是平均水平的 1.2 倍');
    expect(list.totalCount).toBe(2);
  });

  it('leaves out a consumable not yet due', async () => {
    await sql(`update sales_order set ordered_at = now() - interval '3 days' where id = ?`, [paperOrderOfX]);
    try {
      const res = await app.gql(ProductSuggestionsDocument, { id: X(), first: 10 }, { token: f.salesSh1.token });
      expect(res.data!.customer!.productSuggestions.nodes.map((n) => n.product.name)).toEqual(['碎纸机']);
    } finally {
      await sql(`update sales_order set ordered_at = now() - interval '40 days' where id = ?`, [paperOrderOfX]);
    }
  });

  it('never suggests a discontinued product, nor lists it as bought together', async () => {
    const consequents = async () => {
      const service = new CrossSellService({ em: app.db.orm.em.fork(), viewer: f.admin.viewer, config: app.config, now: () => new Date() });
      const pages = (
        await service.associationsOf(
          Object.values(p).map((x) => x.id),
          { limit: 100, backward: false, after: null, before: null },
        )
      ).values();
      return [...pages].flatMap((page) => page.rules.map((r) => r.consequentId));
    };
    expect(await consequents()).toContain(p.S.id);
    await sql(`update product set active = false where id = ?`, [p.S.id]);
    try {
      const res = await app.gql(ProductSuggestionsDocument, { id: X(), first: 10 }, { token: f.salesSh1.token });
      expect(res.data!.customer!.productSuggestions.nodes.map((n) => n.product.name)).toEqual(['A4复印纸']);
      expect(await consequents()).not.toContain(p.S.id);
    } finally {
      await sql(`update product set active = true where id = ?`, [p.S.id]);
    }
  });

  it('pages and refuses first above 100', async () => {
    const page = (await app.gql(ProductSuggestionsDocument, { id: X(), first: 1 }, admin)).data!.customer!.productSuggestions;
    expect(page.nodes.map((n) => n.product.name)).toEqual(['A4复印纸']);
    const next = (await app.gql(ProductSuggestionsDocument, { id: X(), first: 1, after: page.pageInfo.endCursor }, admin)).data!.customer!
      .productSuggestions;
    expect(next.nodes.map((n) => n.product.name)).toEqual(['碎纸机']);
    expect(errorCode(await app.gql(ProductSuggestionsDocument, { id: X(), first: 101 }, admin))).toBe('BAD_USER_INPUT');
  });

  it('pages back with last and before', async () => {
    const last = (await app.gql(ProductSuggestionsDocument, { id: X(), last: 1 }, admin)).data!.customer!.productSuggestions;
    expect(last.nodes.map((n) => n.product.name)).toEqual(['碎纸机']);
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const earlier = (await app.gql(ProductSuggestionsDocument, { id: X(), last: 1, before: last.pageInfo.startCursor }, admin)).data!
      .customer!.productSuggestions;
    expect(earlier.nodes.map((n) => n.product.name)).toEqual(['A4复印纸']);
    expect(earlier.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(errorCode(await app.gql(ProductSuggestionsDocument, { id: X(), first: 1, last: 1 }, admin))).toBe('BAD_USER_INPUT');
  });

  it('keeps to the data scope: another salesperson sees neither the customer nor its suggestions', async () => {
    const res = await app.gql(ProductSuggestionsDocument, { id: X(), first: 10 }, { token: f.salesSh2.token });
    expect(res.data!.customer).toBeNull();
    const service = (viewer: Fixture['salesSh2']['viewer']) =>
      new CrossSellService({ em: app.db.orm.em.fork(), viewer, config: app.config, now: () => new Date() });
    expect((await service(f.salesSh2.viewer).suggestionsFor([c.X])).get(c.X)).toEqual([]);
    expect((await service(f.salesSouth.viewer).suggestionsFor([c.X])).get(c.X)).toEqual([]);
    expect((await service(f.managerEast.viewer).suggestionsFor([c.X])).get(c.X)!.map((s) => s.productId)).toEqual([p.A.id, p.S.id]);
  });

  it('needs customers:read, orders:read and products:read for a key', async () => {
    for (const scopes of [['customers:read'], ['customers:read', 'orders:read'], ['customers:read', 'products:read']]) {
      const res = await app.gql(ProductSuggestionsDocument, { id: X(), first: 10 }, { apiKey: await key(scopes) });
      expect({ scopes, code: errorCode(res) }).toEqual({ scopes, code: 'FORBIDDEN' });
      expect(JSON.stringify(res.data ?? null)).not.toContain('A4复印纸');
    }
    const res = await app.gql(
      ProductSuggestionsDocument,
      { id: X(), first: 10 },
      { apiKey: await key(['customers:read', 'orders:read', 'products:read']) },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.customer!.productSuggestions.nodes.map((n) => n.product.name)).toEqual(['A4复印纸', '碎纸机']);
  });

  it('reads a page of customers in the same number of statements whatever its size', async () => {
    const small = await countStatements(() => app.gql(CustomersProductSuggestionsDocument, { first: 2 }, admin));
    const large = await countStatements(() => app.gql(CustomersProductSuggestionsDocument, { first: 8 }, admin));
    expect(large).toBe(small);
    const page = (await app.gql(CustomersProductSuggestionsDocument, { first: 8 }, admin)).data!.customers.nodes;
    expect(page.filter((n) => n.productSuggestions.totalCount > 0).length).toBeGreaterThan(1);
  });
});
