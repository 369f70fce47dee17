import { seedDemoData } from '../../src/db/seeders/demo-data.seeder';
import { runAssociationsRefresh } from '../../src/jobs/scheduler';
import { LoginDocument } from '../generated/graphql';
import { startTestApp, type Auth, type TestApp } from '../support/test-app';

/**
 * Cross-sell (DOMAIN A4) on the demo data as `npm start` seeds and refreshes it: the companion
 * products of the catalogue come out as rules, and customers get suggestions, due consumables first.
 */

let app: TestApp;
let admin: Auth;

beforeAll(async () => {
  app = await startTestApp();
  await seedDemoData(app.db.orm.em.fork(), { customers: app.config.seedCustomers, timeZone: app.config.companyTimeZone });
  await runAssociationsRefresh(app.db.orm, app.config, 'ON_DEMAND');
  const login = await app.gql(LoginDocument, { input: { email: 'admin@example.com', password: 'admin123' } });
  admin = { token: login.data!.login.token! };
}, 180_000);
afterAll(() => app?.close());

async function gql<T>(query: string): Promise<T> {
  const res = await app.post({ query }, admin);
  expect(res.errors).toBeUndefined();
  return res.data as T;
}

describe('cross-sell on the demo data', () => {
  it('finds the products that go together: a printer with its toner and paper, a purifier with its filter', async () => {
    const data = await gql<{
      products: { nodes: Array<{ name: string; boughtTogether: { nodes: Array<{ product: { name: string }; lift: number }> } }> };
    }>(`{ products(first: 100) { nodes { name boughtTogether(first: 3) { nodes { product { name } lift } } } } }`);
    const top = (name: string) => data.products.nodes.find((n) => n.name === name)!.boughtTogether.nodes.map((n) => n.product.name);
    expect(top('激光打印机').slice(0, 2).sort()).toEqual(['A4复印纸(箱)', '硒鼓'].sort());
    expect(top('空气净化器')[0]).toBe('空气净化器滤网');
    expect(top('空气净化器滤网')[0]).toBe('空气净化器');
  });

  it('gives most buyers suggestions, some with a consumable due first', async () => {
    const data = await gql<{
      customers: {
        nodes: Array<{
          stats: { orderCount: number } | null;
          productSuggestions: { nodes: Array<{ repurchaseDueOn: string | null; reason: string }> };
        }>;
      };
    }>(`{ customers(first: 100) { nodes { productSuggestions(first: 5) { nodes { repurchaseDueOn reason(locale: "zh") } } } } }`);
    const lists = data.customers.nodes.map((n) => n.productSuggestions.nodes);
    expect(lists.filter((l) => l.length > 0).length).toBeGreaterThan(30);
    expect(lists.some((l) => l[0]?.repurchaseDueOn != null)).toBe(true);
    expect(lists.flat()[0].reason).toMatch(/购买过 .+ 的 \d+ 位客户中有 [\d.]+% 也买了 .+，是平均水平的 [\d.]+ 倍/);
  });
});
