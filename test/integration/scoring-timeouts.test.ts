import { ScoringPageDocument } from '../generated/graphql';
import { TIMEOUT_MESSAGE } from '../../src/server/errors';
import { createFixture, type Fixture } from '../support/fixture';
import { refreshFigures } from '../support/records';
import { startTestApp, type TestApp } from '../support/test-app';
import { adminQuery } from '../support/test-database';

/**
 * The company-wide population scans every active customer (~20 s on 1,000,000): it runs in a
 * transaction with a time-out of its own, SCORING_POPULATION_TIMEOUT_MS, not the API's
 * per-statement one; a statement stopped at its time-out answers a `TIMEOUT` error.
 */
let app: TestApp;
let f: Fixture;

beforeAll(async () => {
  // A population statement cannot finish in 1 ms over a few thousand customers and orders.
  app = await startTestApp({ SCORING_POPULATION_TIMEOUT_MS: '1' });
  f = await createFixture(app);
  await adminQuery(
    app.db.url,
    `insert into customer (kind, name, phones, emails, wechat_ids, addresses, important_dates, previous_categories, main_suppliers, types, tags,
                           custom_fields, consents, city, search_text, created_at, updated_at)
     select 'COMPANY', '超时客户' || g, '{}', '{}', '{}', '[]', '[]', '{}', '[]', '{}', '{}', '{}', '[]', '苏州市', '', now(), now()
       from generate_series(1, 3000) g`,
  );
  await adminQuery(
    app.db.url,
    `insert into sales_order (number, customer_id, status, currency, subtotal, discount_total, total, cost_total, paid_total, ordered_at, completed_at, created_at, updated_at)
     select 'TO-' || c.id || '-' || g, c.id, 'COMPLETED', 'CNY', 100 + g, 0, 100 + g, 60, 0, t, t, t, t
       from customer c cross join generate_series(1, 3) g
       cross join lateral (select now() - ((c.id * 7 + g * 31) % 400) * interval '1 day' as t) d`,
  );
  // Statistics after a bulk load, as autovacuum would soon gather (without them this plan takes ~40 s, not ~0.1 s).
  await adminQuery(app.db.url, 'analyze');
  await refreshFigures(app);
}, 120_000);
afterAll(() => app.close());

const page = () => app.gql(ScoringPageDocument, { first: 5 }, { token: f.admin.token });

describe('the scoring population under its own time-out', () => {
  it('answers TIMEOUT, with a message saying what to do, when the population runs past SCORING_POPULATION_TIMEOUT_MS', async () => {
    const res = await page();
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0].extensions?.code).toBe('TIMEOUT');
    expect(res.errors![0].message).toBe(TIMEOUT_MESSAGE.en);
  });

  it('leaves every other statement to the API’s own time-out', async () => {
    const res = await app.post({ query: '{ customers(first: 3) { nodes { name } totalCount } }' }, { token: f.admin.token });
    expect(res.errors).toBeUndefined();
    expect((res.data as { customers: { totalCount: number } }).customers.totalCount).toBeGreaterThanOrEqual(3000);
  });

  it('computes the population once it has the time (a failed computation is not kept)', async () => {
    app.config.scoringPopulationTimeoutMs = 120_000;
    try {
      const res = await page();
      expect(res.errors).toBeUndefined();
      expect(res.data!.customers.nodes).toHaveLength(5);
      expect(res.data!.customers.nodes.every((n) => n.value.tier != null)).toBe(true);
    } finally {
      app.config.scoringPopulationTimeoutMs = 1;
    }
  });
});
