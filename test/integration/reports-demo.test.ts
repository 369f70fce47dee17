import { readFileSync } from 'node:fs';
import path from 'node:path';
import { seedDemoData } from '../../src/db/seeders/demo-data.seeder';
import { calendarDayIn } from '../../src/domain/common/calendar';
import { bucketStart } from '../../src/domain/reports/report-period';
import { addDays } from '../../src/domain/common/calendar';
import { runAssociationsRefresh } from '../../src/jobs/scheduler';
import { LoginDocument } from '../generated/graphql';
import { startTestApp, type Auth, type TestApp } from '../support/test-app';

/**
 * The tour's "manager's Monday" (docs/tour/sales-report.md), run on the demo data as `npm start` seeds it, signed in as
 * the east manager, with last Monday–Sunday as the period: every part answers, with figures.
 */

const section = readFileSync(path.join(__dirname, '../../docs/tour/sales-report.md'), 'utf8');
const monday = [...section.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1])[0] ?? '';

type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let app: TestApp;
let manager: Auth;
let admin: Auth;

beforeAll(async () => {
  app = await startTestApp();
  await seedDemoData(app.db.orm.em.fork(), { customers: app.config.seedCustomers, timeZone: app.config.companyTimeZone });
  await runAssociationsRefresh(app.db.orm, app.config, 'ON_DEMAND');
  const login = async (email: string, password: string) => ({
    token: (await app.gql(LoginDocument, { input: { email, password } })).data!.login.token!,
  });
  manager = await login('manager.east@example.com', 'manager123');
  admin = await login('admin@example.com', 'admin123');
}, 180_000);
afterAll(() => app?.close());

describe("Tour: a manager's Monday, on the demo data", () => {
  it('answers every part for the east manager, last week against the week before, with a customer of the team', async () => {
    expect(monday).toContain('query Monday');
    const today = calendarDayIn(new Date(), app.config.companyTimeZone);
    const lastMonday = addDays(bucketStart(today, 'WEEK'), -7);
    const query = monday.replace(
      /period: \{ from: "[\d-]+", to: "[\d-]+" \}/,
      `period: { from: "${lastMonday}", to: "${addDays(lastMonday, 6)}" }`,
    );
    expect(query).toContain(lastMonday);
    // A customer of the east team with a suggestion to offer.
    const own = await app.post(
      { query: `{ customers(first: 50) { nodes { id productSuggestions(first: 1) { nodes { product { id } } } } } }` },
      manager,
    );
    expect(own.errors).toBeUndefined();
    const customer = (own.data as Data).customers.nodes.find((n: Data) => n.productSuggestions.nodes.length > 0);
    expect(customer).toBeDefined();

    const res = await app.post({ query, variables: { customer: customer.id } }, manager);
    expect(res.errors).toBeUndefined();
    const data = res.data as Data;
    expect(data.salesReport.rows.length).toBeGreaterThan(0);
    expect(data.salesReport.rows.every((r: Data) => typeof r.keys[0].label === 'string')).toBe(true);
    expect(Number(data.salesReport.totals.amount.amount)).toBeGreaterThan(0);
    expect(data.salesReport.previousPeriod.period.label).toBe(`${addDays(lastMonday, -7)}/${addDays(lastMonday, -1)}`);
    expect(data.inquiries.totalCount).toBeGreaterThan(0);
    expect(data.customerDistribution.total).toBeGreaterThan(0);
    expect(data.customer.productSuggestions.nodes[0].reason).toMatch(/\d+%/);

    // The manager's figures are its team's: less than the company's.
    const company = await app.post({ query, variables: { customer: customer.id } }, admin);
    expect(Number((company.data as Data).salesReport.totals.amount.amount)).toBeGreaterThan(Number(data.salesReport.totals.amount.amount));
  });
});
