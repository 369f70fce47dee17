import {
  ApiKeyCreateDocument,
  CustomerCreateDocument,
  ScoringCustomerDocument,
  ScoringPageDocument,
  ScoringSettingsDocument,
  ScoringSettingsUpdateDocument,
} from '../generated/graphql';
import { calendarDayIn } from '../../src/domain/common/calendar';
import { toGlobalId } from '../../src/schema/global-id';
import { bumpScoringDataVersion } from '../../src/services/scoring-data-version';
import { readScoringState } from '../../src/services/scoring-settings.service';
import { countStatements, createFixture, type Fixture } from '../support/fixture';
import { insertProducts, type TestProduct } from '../support/products';
import { daysAgo, insertOrder, refreshFigures, type TestLine } from '../support/records';
import { errorCode, startTestApp, type TestApp, type Auth } from '../support/test-app';

let app: TestApp;
let f: Fixture;
let products: TestProduct[];
let partnerKey: string;
let partnerKeyWithoutScope: string;
const ids: Record<string, number> = {};

const gid = (name: string) => toGlobalId('Customer', ids[name]);
const line = (p: TestProduct, quantity: string, unitPrice = '100.00', unitCost = '60.00'): TestLine => ({
  productId: p.id,
  quantity,
  unitPrice,
  unitCost,
});

/** Noon (company time) on the 15th of the month `back` full months before this one. */
function midMonth(back: number): Date {
  const [y, m] = calendarDayIn(new Date(), 'Asia/Shanghai').split('-').map(Number);
  return new Date(Date.UTC(y, m - 1 - back, 15, 4));
}

async function customer(name: string, extra: Record<string, unknown> = {}): Promise<number> {
  const res = await app.gql(CustomerCreateDocument, { input: { kind: 'COMPANY', name, ...extra } as never }, { token: f.salesSh1.token });
  expect(res.data?.customerCreate.userErrors).toEqual([]);
  return Number(Buffer.from(res.data!.customerCreate.customer!.id, 'base64').toString().split(':')[1]);
}

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
  products = await insertProducts(
    app,
    Array.from({ length: 6 }, (_, i) => ({ sku: `SC-${i}`, name: `耗材${i}`, listPrice: '100.00', cost: '60.00' })),
  );
  ids.mature = await customer('成熟客户');
  ids.nine = await customer('九单客户');
  ids.fresh = await customer('新客户');
  ids.dormant = await customer('沉睡客户');
  ids.lost = await customer('流失客户');
  ids.prospect = await customer('意向客户');
  ids.lead = await customer('潜在客户');
  ids.dealer = await customer('下滑经销商', { companySize: 'LARGE' });

  for (let i = 0; i < 10; i++)
    await insertOrder(app, { customerId: ids.mature, orderedAt: daysAgo(5 + i * 25), lines: [line(products[0], '10')] });
  for (let i = 0; i < 9; i++)
    await insertOrder(app, { customerId: ids.nine, orderedAt: daysAgo(5 + i * 25), lines: [line(products[0], '1')] });
  await insertOrder(app, { customerId: ids.fresh, orderedAt: daysAgo(10), lines: [line(products[1], '2')] });
  // Every 20 days, last 150 days ago: threshold max(90, 2 × 20) = 90, so dormant (not yet lost).
  for (const d of [150, 170, 190])
    await insertOrder(app, { customerId: ids.dormant, orderedAt: daysAgo(d), lines: [line(products[1], '1')] });
  for (const d of [400, 430]) await insertOrder(app, { customerId: ids.lost, orderedAt: daysAgo(d), lines: [line(products[1], '1')] });
  await app.db.orm.em.fork().execute(
    `insert into inquiry (customer_id, received_at, channel, urgency, status, project_details, currency, amount, response_due_at, created_at, updated_at)
     values (?, now(), 'EMAIL', 'NORMAL', 'NEW', '50台设备报价', 'CNY', 30000, now() + interval '12 hours', now(), now())`,
    [ids.prospect],
  );
  // The dealer of [002]: five products a month in the earlier quarter, then 4 → 3 → 2 units of two products.
  for (const back of [6, 5, 4]) {
    await insertOrder(app, { customerId: ids.dealer, orderedAt: midMonth(back), lines: products.slice(0, 5).map((p) => line(p, '2')) });
  }
  const recent: Array<[number, TestLine[]]> = [
    [3, [line(products[0], '3'), line(products[1], '1')]],
    [2, [line(products[0], '2'), line(products[1], '1')]],
    [1, [line(products[0], '1'), line(products[1], '1')]],
  ];
  for (const [back, lines] of recent) await insertOrder(app, { customerId: ids.dealer, orderedAt: midMonth(back), lines });
  await refreshFigures(app);

  const key = async (scopes: string[]) =>
    (await app.gql(ApiKeyCreateDocument, { input: { name: `scoring ${scopes.join(' ')}`, scopes } as never }, { token: f.admin.token }))
      .data!.apiKeyCreate.secret!;
  partnerKey = await key(['customers:read']);
  partnerKeyWithoutScope = await key(['products:read']);
});
afterAll(() => app.close());

// Without Accept-Language, as a client that asks for no language: the Chinese default.
const read = async (name: string, locale?: string, auth: Auth = { token: f.admin.token, headers: { 'accept-language': '' } }) => {
  const res = await app.gql(ScoringCustomerDocument, { id: gid(name), locale }, auth);
  expect(res.errors).toBeUndefined();
  return res.data!.customer!;
};

describe('customer lifecycle, computed on demand', () => {
  it.each([
    ['mature', 'LOYAL', /10/],
    ['nine', 'REPEAT', /9/],
    ['fresh', 'NEW', /1/],
    ['dormant', 'DORMANT', /150/],
    ['lost', 'LOST', /400/],
    ['prospect', 'PROSPECT', /1/],
    ['lead', 'LEAD', /./],
  ])('%s is %s, with the figures that produced it', async (name, stage, reason) => {
    const c = await read(name, 'en');
    expect(c.lifecycle.stage).toBe(stage);
    expect(c.lifecycle.derivedStage).toBe(stage);
    expect(c.lifecycle.reason).toMatch(reason);
    expect(c.lifecycle.override).toBeNull();
    expect(c.lifecycle.figures).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'completedOrders' })]));
    expect(c.lifecycle.playbook.stage).toBe(stage);
    expect(c.lifecycle.playbook.actions.length).toBeGreaterThan(0);
  });

  it('serves the playbook in Chinese by default, in English by Accept-Language or locale', async () => {
    const zh = await read('lead');
    expect(zh.lifecycle.playbook.actions.join('')).toMatch(/交易流程透明化/);
    const en = (
      await app.gql(
        ScoringCustomerDocument,
        { id: gid('lead') },
        { token: f.admin.token, headers: { 'accept-language': 'en-US,en;q=0.9' } },
      )
    ).data!.customer!;
    expect(en.lifecycle.playbook.actions.join(' ')).toMatch(/transparent/);
    expect((await read('lead', 'en')).lifecycle.playbook.problems.join(' ')).toMatch(/trust/);
  });

  it('says since when the stage is in force: the day of the order that made it', async () => {
    const day = (d: number) => calendarDayIn(daysAgo(d), 'Asia/Shanghai');
    expect((await read('mature')).lifecycle.since).toBe(day(5));
    expect((await read('fresh')).lifecycle.since).toBe(day(10));
    expect((await read('nine')).lifecycle.since).toBe(day(5 + 7 * 25));
  });

  it('the dormancy threshold follows the customer’s own buying cycle', async () => {
    const c = await read('dormant', 'en');
    expect(c.lifecycle.figures).toEqual(
      expect.arrayContaining([
        { key: 'medianDaysBetweenOrders', value: '20' },
        { key: 'dormancyThresholdDays', value: '90' },
      ]),
    );
  });
});

describe('scores, computed on demand', () => {
  it('flags the dealer whose volume fell three months in a row and whose variety shrank from five to two, with the numbers', async () => {
    const c = await read('dealer', 'en');
    expect(c.trend.flags).toEqual(expect.arrayContaining(['DECLINING_VOLUME', 'SHRINKING_VARIETY']));
    expect(c.trend.direction).toBe('DOWN');
    expect(c.trend.months).toHaveLength(6);
    expect(c.trend.months.slice(3).map((m) => Number(m.quantity))).toEqual([4, 3, 2]);
    expect(c.trend.months.slice(0, 3).map((m) => m.distinctProducts)).toEqual([5, 5, 5]);
    expect(c.trend.explanation).toMatch(/5/);
    expect(c.trend.explanation).toMatch(/2/);
  });

  it('gives RFM, value, ABC, membership and depth with explanations for every field', async () => {
    const c = await read('mature', 'en');
    expect(c.rfm).toMatchObject({ recencyDays: 5, frequency: 10, monetary: { amount: '10000.00', currencyCode: 'CNY' } });
    expect(c.rfm.r).toBeGreaterThanOrEqual(1);
    expect(c.rfm.group).not.toBeNull();
    expect(Number(c.value.score)).toBeGreaterThan(0);
    expect(c.value.indicators.lifecycle).toBe(90);
    expect(c.value.policy.length).toBeGreaterThan(0);
    expect(c.memberLevel).toBe('GOLD');
    expect(c.abcClass).toBe('A');
    expect(c.scoreExplanations.map((e) => e.field)).toEqual(['lifecycle', 'rfm', 'value', 'abcClass', 'memberLevel', 'relationshipDepth']);
    for (const e of c.scoreExplanations) {
      expect(e.explanation.length).toBeGreaterThan(0);
      expect(e.figures.length).toBeGreaterThan(0);
    }
    const lead = await read('lead');
    expect(lead.rfm).toMatchObject({ recencyDays: null, frequency: 0, r: 0, f: 0, m: 0, group: null });
    expect(lead.memberLevel).toBe('REGULAR');
    expect(lead.abcClass).toBe('C');
    expect(lead.relationshipDepth).toBe('FORGOTTEN');
  });

  it('partners read the fields with customers:read, not without it', async () => {
    expect((await read('mature', undefined, { apiKey: partnerKey })).lifecycle.stage).toBe('LOYAL');
    const res = await app.gql(ScoringCustomerDocument, { id: gid('mature') }, { apiKey: partnerKeyWithoutScope });
    expect(errorCode(res)).toBe('FORBIDDEN');
  });

  it('a salesperson reads its own customers’ scores and not another’s', async () => {
    expect((await read('fresh', undefined, { token: f.salesSh1.token })).lifecycle.stage).toBe('NEW');
    const res = await app.gql(ScoringCustomerDocument, { id: gid('fresh') }, { token: f.salesSouth.token });
    expect(res.data?.customer ?? null).toBeNull();
  });

  it('a page of 100 customers with every field runs as many statements as a page of 10', async () => {
    const em = app.db.orm.em.fork();
    await em.execute(
      `insert into customer (kind, name, phones, emails, wechat_ids, addresses, country, important_dates, previous_categories, main_suppliers, types, tags,
                             custom_fields, consents, owner_id, department_id, store_id, search_text, created_at, updated_at)
       select kind, name || '-' || g, phones, emails, wechat_ids, addresses, country, important_dates, previous_categories, main_suppliers, types, tags,
              custom_fields, consents, owner_id, department_id, store_id, search_text, created_at, updated_at
         from customer, generate_series(1, 120) g where id = ?`,
      [ids.mature],
    );
    await em.execute(
      `insert into sales_order (number, customer_id, status, currency, subtotal, discount_total, total, cost_total, paid_total, ordered_at, completed_at, created_at, updated_at)
       select 'B' || c.id || '-' || g, c.id, 'COMPLETED', 'CNY', 100 * g, 0, 100 * g, 50 * g, 0, now() - g * interval '40 days', now(), now(), now()
         from customer c, generate_series(1, 3) g where c.name like '成熟客户-%'`,
    );
    await refreshFigures(app);
    const page = async (first: number) => {
      const res = await app.gql(ScoringPageDocument, { first }, { token: f.admin.token });
      expect(res.errors).toBeUndefined();
      expect(res.data!.customers.nodes).toHaveLength(first);
      return res;
    };
    await page(10); // warm the company-wide cut-points
    const ten = await countStatements(() => page(10));
    const hundred = await countStatements(() => page(100));
    expect(hundred).toBe(ten);
    expect(ten).toBeLessThanOrEqual(12);
  });
});

describe('the scoring data version', () => {
  it('moves with a committed write that changes scoring inputs, the very first one included', async () => {
    const em = app.db.orm.em.fork();
    await em.execute(`select setval('scoring_data_version', 1, false)`); // as right after the migration
    const before = (await readScoringState(em)).dataVersion;
    await bumpScoringDataVersion(em);
    const after = (await readScoringState(em)).dataVersion;
    expect(after).not.toBe(before);
    const res = await app.gql(
      CustomerCreateDocument,
      { input: { kind: 'PERSON', name: '版本客户' } as never },
      { token: f.salesSh1.token },
    );
    expect(res.data?.customerCreate.userErrors).toEqual([]);
    expect((await readScoringState(em)).dataVersion).not.toBe(after);
  });
});

describe('scoringSettings', () => {
  it('documents every default for admins', async () => {
    const res = await app.gql(ScoringSettingsDocument, {}, { token: f.admin.token });
    expect(res.errors).toBeUndefined();
    const s = res.data!.scoringSettings;
    expect(s).toMatchObject({
      version: 1,
      updatedAt: null,
      windowDays: 365,
      lifecycle: { prospectWindowDays: 180, dormancyMinDays: 90, dormancyCycleMultiplier: 2, lostAfterDays: 365, loyalMinOrders: 10 },
      value: {
        weights: { profit: 0.4, potential: 0.2, lifecycle: 0.2, loyalty: 0.2 },
        tierShares: { vip: 0.05, major: 0.15, ordinary: 0.3 },
      },
      abc: { aShare: 0.7, bShare: 0.9 },
      trend: { months: 3, volumeMeasure: 'QUANTITY', varietyDropShare: 0.5, varietyDropMin: 2 },
    });
    expect(s.membership.levels).toEqual([
      { level: 'SILVER', minSpend: { amount: '2000', currencyCode: 'CNY' } },
      { level: 'GOLD', minSpend: { amount: '10000', currencyCode: 'CNY' } },
      { level: 'DIAMOND', minSpend: { amount: '50000', currencyCode: 'CNY' } },
    ]);
    expect(s.rfm.groups[0]).toEqual({ group: 'CHAMPIONS', rMin: 4, rMax: 5, fMin: 4, fMax: 5, mMin: 4, mMax: 5 });
  });

  it.each(['a salesperson', 'a partner key'])('is refused to %s', async (who) => {
    const auth = who === 'a salesperson' ? { token: f.salesSh1.token } : { apiKey: partnerKey };
    expect(errorCode(await app.gql(ScoringSettingsDocument, {}, auth))).toBe('FORBIDDEN');
    expect(errorCode(await app.gql(ScoringSettingsUpdateDocument, { input: { lifecycle: { loyalMinOrders: 9 } } }, auth))).toBe(
      'FORBIDDEN',
    );
  });

  it('refuses weights that do not sum to 1 or have more than two decimals, and writes nothing', async () => {
    const res = await app.gql(
      ScoringSettingsUpdateDocument,
      { input: { value: { weights: { profit: 0.5, potential: 0.2, lifecycle: 0.2, loyalty: 0.2 } }, abc: { aShare: 0.705, bShare: 0.9 } } },
      { token: f.admin.token },
    );
    expect(res.data!.scoringSettingsUpdate.scoringSettings).toBeNull();
    expect(res.data!.scoringSettingsUpdate.userErrors).toEqual(
      expect.arrayContaining([
        { field: ['input', 'value', 'weights'], message: expect.stringMatching(/sum to 1/), code: 'INVALID' },
        { field: ['input', 'abc', 'aShare'], message: 'must have at most two decimals', code: 'INVALID' },
      ]),
    );
    // Three decimals are refused field by field; the weights' sum is of what was sent (1 here, so no error about it).
    const thirds = await app.gql(
      ScoringSettingsUpdateDocument,
      { input: { value: { weights: { profit: 0.333, potential: 0.333, lifecycle: 0.334, loyalty: 0 } } } },
      { token: f.admin.token },
    );
    expect(thirds.data!.scoringSettingsUpdate.userErrors).toEqual(
      ['profit', 'potential', 'lifecycle'].map((key) => ({
        field: ['input', 'value', 'weights', key],
        message: 'must have at most two decimals',
        code: 'INVALID',
      })),
    );
    const short = await app.gql(
      ScoringSettingsUpdateDocument,
      { input: { value: { weights: { profit: 0.333, potential: 0.333, lifecycle: 0.333, loyalty: 0 } } } },
      { token: f.admin.token },
    );
    expect(short.data!.scoringSettingsUpdate.userErrors).toContainEqual({
      field: ['input', 'value', 'weights'],
      message: 'weights must sum to 1 (they sum to 0.999)',
      code: 'INVALID',
    });
    const ordered = await app.gql(ScoringSettingsUpdateDocument, { input: { lifecycle: { lostAfterDays: 60 } } }, { token: f.admin.token });
    expect(ordered.data!.scoringSettingsUpdate.userErrors).toEqual([
      { field: ['input', 'lifecycle', 'lostAfterDays'], message: expect.stringMatching(/greater than dormancyMinDays/), code: 'INVALID' },
    ]);
    expect((await app.gql(ScoringSettingsDocument, {}, { token: f.admin.token })).data!.scoringSettings.version).toBe(1);
  });

  it('a changed threshold changes the affected customers’ stage on the next query, with no recompute step', async () => {
    expect((await read('nine')).lifecycle.stage).toBe('REPEAT');
    const res = await app.gql(
      ScoringSettingsUpdateDocument,
      { input: { expectedVersion: 1, lifecycle: { loyalMinOrders: 9 } } },
      { token: f.admin.token },
    );
    expect(res.data!.scoringSettingsUpdate.userErrors).toEqual([]);
    expect(res.data!.scoringSettingsUpdate.scoringSettings).toMatchObject({
      version: 2,
      lifecycle: { loyalMinOrders: 9, dormancyMinDays: 90 },
    });
    expect(res.data!.scoringSettingsUpdate.scoringSettings!.updatedAt).not.toBeNull();
    const nine = await read('nine', 'en');
    expect(nine.lifecycle.stage).toBe('LOYAL');
    expect(nine.lifecycle.reason).toMatch(/9/);
    expect((await read('fresh')).lifecycle.stage).toBe('NEW');
  });

  it('refuses a change made against an older version (CONFLICT)', async () => {
    const res = await app.gql(
      ScoringSettingsUpdateDocument,
      { input: { expectedVersion: 1, lifecycle: { loyalMinOrders: 8 } } },
      { token: f.admin.token },
    );
    expect(res.data!.scoringSettingsUpdate.userErrors).toEqual([
      { field: ['input', 'expectedVersion'], message: expect.stringMatching(/changed meanwhile/), code: 'CONFLICT' },
    ]);
  });

  it('resets to the defaults', async () => {
    const res = await app.gql(ScoringSettingsUpdateDocument, { input: { resetToDefaults: true } }, { token: f.admin.token });
    expect(res.data!.scoringSettingsUpdate.scoringSettings!.lifecycle.loyalMinOrders).toBe(10);
    expect((await read('nine')).lifecycle.stage).toBe('REPEAT');
  });
});
