import { toGlobalId } from '../../src/schema/global-id';
import {
  ApiKeyCreateDocument,
  CustomerDistributionDocument,
  ScoringPageDocument,
  SegmentCreateDocument,
  SegmentPreviewCountDocument,
  type CustomerDistributionQueryVariables,
  type DistributionDimension,
} from '../generated/graphql';
import { countStatements, createFixture, type Fixture } from '../support/fixture';
import { insertProducts } from '../support/products';
import { daysAgo, insertOrder, refreshFigures } from '../support/records';
import { errorCode, startTestApp, type Auth, type TestApp } from '../support/test-app';

/**
 * `customerDistribution` (issue 14 item 4, DOMAIN A3, S7): counts per value equal an
 * independent computation (the TypeScript scorer of each customer, the seeded profile values,
 * segment counts per value); shares add up to 1; the query, filter and segmentId forms; bad
 * input; the data scope and the scopes a key needs; constant statements.
 */

let app: TestApp;
let f: Fixture;
let keys: Record<'reports' | 'reportsCustomers' | 'reportsSegments' | 'customers', Auth>;
let segmentId: string;

async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().getConnection().execute(query, params);
}

interface Profile {
  name: string;
  owner: number | null;
  department: number | null;
  source: string | null;
  province: string | null;
  cityTier: number | null;
  industry: string | null;
}
const profiles: Array<Profile & { id: number }> = [];

async function distribution(variables: CustomerDistributionQueryVariables, auth: Auth = { token: f.admin.token }) {
  const res = await app.gql(CustomerDistributionDocument, { locale: 'en', ...variables }, auth);
  expect(res.errors).toBeUndefined();
  return res.data!.customerDistribution;
}
const countsOf = (d: { buckets: Array<{ key?: string | null; count: number }> }) =>
  Object.fromEntries(d.buckets.filter((b) => b.count > 0).map((b) => [String(b.key ?? null), b.count]));
function tally(values: Array<string | number | null | undefined>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[String(v ?? null)] = (out[String(v ?? null)] ?? 0) + 1;
  return out;
}

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
  const [p] = await insertProducts(app, [{ sku: 'D-1', name: '分布测试品', listPrice: '100', cost: '60' }]);
  const sources = ['REFERRAL', 'WEBSITE', null, 'EXHIBITION'];
  const provinces = ['浙江省', '广东省', null, '浙江省', '上海市'];
  const industries = ['制造业', '零售', null];
  const owners = [
    [f.salesSh1.id, f.departments.shanghai],
    [f.salesSouth.id, f.departments.south],
    [null, null],
  ] as const;
  for (let i = 0; i < 24; i++) {
    const [owner, department] = owners[i % 3];
    const profile: Profile = {
      name: `分布客户${i}`,
      owner,
      department,
      source: sources[i % 4]!,
      province: provinces[i % 5]!,
      cityTier: i % 6 === 5 ? null : (i % 6) + 1 > 5 ? 5 : (i % 6) + 1,
      industry: industries[i % 3]!,
    };
    const [row] = await sql<{ id: number }>(
      `insert into customer (kind, name, phones, emails, wechat_ids, addresses, important_dates, previous_categories, main_suppliers, types, tags,
                             custom_fields, consents, owner_id, department_id, source, province, city_tier, industry, created_at, updated_at)
       values ('COMPANY', ?, '{}', '{}', '{}', '[]', '[]', '{}', '[]', '{}', '{}', '{}', '[]', ?, ?, ?, ?, ?, ?, now() - interval '400 days', now())
       returning id`,
      [profile.name, profile.owner, profile.department, profile.source, profile.province, profile.cityTier, profile.industry],
    );
    profiles.push({ ...profile, id: row.id });
    // Varied histories: none, one order, several orders recent or long ago, follow-ups: every stage, tier, class and depth.
    const orders = i % 7;
    for (let n = 0; n < orders; n++) {
      await insertOrder(app, {
        customerId: row.id,
        orderedAt: daysAgo(((i * 37 + n * 53) % 500) + 1),
        lines: [{ productId: p.id, quantity: String(1 + ((i + n) % 5)), unitPrice: String(100 * (1 + (i % 4) * 10)), unitCost: '60' }],
      });
    }
    for (let n = 0; n < i % 4; n++) {
      await sql(
        `insert into follow_up (customer_id, salesperson_id, channel, occurred_at, summary, outcome, created_at) values (?, ?, 'CALL', ?, '回访', 'INTERESTED', now())`,
        [row.id, f.salesSh1.id, daysAgo(n * 20 + (i % 5) * 30 + 1)],
      );
    }
  }
  await refreshFigures(app);
  const key = async (scopes: string[]) => ({
    apiKey: (await app.gql(ApiKeyCreateDocument, { input: { name: `dist ${scopes.join(' ')}`, scopes } }, { token: f.admin.token })).data!
      .apiKeyCreate.secret!,
  });
  keys = {
    reports: await key(['reports:read']),
    reportsCustomers: await key(['reports:read', 'customers:read']),
    reportsSegments: await key(['reports:read', 'customers:read', 'segments:read']),
    customers: await key(['customers:read']),
  };
  const created = await app.gql(
    SegmentCreateDocument,
    { input: { name: '一线城市客户', query: 'city_tier = 1' } },
    { token: f.admin.token },
  );
  segmentId = created.data!.segmentCreate.segment!.id;
}, 180_000);
afterAll(() => app.close());

describe('customerDistribution', () => {
  it('counts every customer by the scores the TypeScript scorer gives each one; shares add up to 1', async () => {
    const page = await app.gql(ScoringPageDocument, { first: 100 }, { token: f.admin.token });
    const nodes = page.data!.customers.nodes;
    expect(nodes).toHaveLength(24);
    const expected: Partial<Record<DistributionDimension, Record<string, number>>> = {
      STAGE: tally(nodes.map((n) => n.lifecycle.stage)),
      VALUE_TIER: tally(nodes.map((n) => n.value.tier)),
      ABC_CLASS: tally(nodes.map((n) => n.abcClass)),
      MEMBER_LEVEL: tally(nodes.map((n) => n.memberLevel)),
      RELATIONSHIP_DEPTH: tally(nodes.map((n) => n.relationshipDepth)),
      RFM_GROUP: tally(nodes.map((n) => n.rfm.group)),
    };
    // The seeded histories spread over several values of each.
    expect(Object.keys(expected.STAGE!).length).toBeGreaterThanOrEqual(3);
    expect(Object.keys(expected.RELATIONSHIP_DEPTH!).length).toBeGreaterThanOrEqual(2);
    for (const [by, counts] of Object.entries(expected)) {
      const d = await distribution({ by: by as DistributionDimension });
      expect({ by, counts: countsOf(d) }).toEqual({ by, counts });
      expect(d.total).toBe(24);
      expect(d.buckets.reduce((s, b) => s + b.share, 0)).toBeCloseTo(1, 10);
    }
  });

  it('counts the profile values as seeded, with an Unknown bucket; REGION is the province', async () => {
    const expected: Partial<Record<DistributionDimension, Record<string, number>>> = {
      SOURCE: tally(profiles.map((p) => p.source)),
      REGION: tally(profiles.map((p) => p.province)),
      CITY_TIER: tally(profiles.map((p) => p.cityTier)),
      INDUSTRY: tally(profiles.map((p) => p.industry)),
    };
    for (const [by, counts] of Object.entries(expected)) {
      const d = await distribution({ by: by as DistributionDimension });
      expect(countsOf(d)).toEqual(counts);
      expect(d.buckets.at(-1)).toMatchObject({ key: null, label: 'Unknown' });
    }
    const zh = await distribution({ by: 'CITY_TIER', locale: 'zh' });
    expect(zh.buckets.find((b) => b.key === '1')!.label).toBe('一线城市');
    expect(zh.buckets.at(-1)!.label).toBe('未知');
  });

  it('shows the 5-3-2 law beside the relationship depths', async () => {
    const d = await distribution({ by: 'RELATIONSHIP_DEPTH' });
    expect(d.buckets.map((b) => [b.key, b.expectedShare])).toEqual([
      ['DEEP', 0.2],
      ['ORDINARY', 0.3],
      ['FORGOTTEN', 0.5],
    ]);
    expect((await distribution({ by: 'VALUE_TIER' })).buckets.every((b) => b.expectedShare == null)).toBe(true);
  });

  it('narrows to a query, a filter or a saved segment: each bucket is the segment count of <filter> AND <field> = <key>', async () => {
    const byQuery = await distribution({ by: 'STAGE', query: 'city_tier = 1' });
    const byFilter = await distribution({ by: 'STAGE', filter: { condition: { field: 'CITY_TIER', op: 'EQ', value: '1' } } });
    const bySegment = await distribution({ by: 'STAGE', segmentId });
    expect(byFilter).toEqual(byQuery);
    expect(bySegment).toEqual(byQuery);
    expect(byQuery.total).toBe(profiles.filter((p) => p.cityTier === 1).length);
    for (const b of byQuery.buckets) {
      const res = await app.gql(SegmentPreviewCountDocument, { query: `city_tier = 1 AND stage = ${b.key}` }, { token: f.admin.token });
      expect([b.key, res.data!.segmentPreview.count]).toEqual([b.key, b.count]);
    }
    const tiers = await distribution({ by: 'VALUE_TIER', query: 'order_count >= 1' });
    for (const b of tiers.buckets) {
      const res = await app.gql(
        SegmentPreviewCountDocument,
        { query: `order_count >= 1 AND value_tier = ${b.key}` },
        { token: f.admin.token },
      );
      expect([b.key, res.data!.segmentPreview.count]).toEqual([b.key, b.count]);
    }
  });

  it.each<[string, CustomerDistributionQueryVariables]>([
    ['both a filter and a segment', { by: 'STAGE', query: 'city_tier = 1', segmentId: 'x' }],
    ['a query and a filter', { by: 'STAGE', query: 'city_tier = 1', filter: { condition: { field: 'CITY_TIER', op: 'EQ', value: '1' } } }],
    ['an unknown field in the query', { by: 'STAGE', query: 'colour = "red"' }],
    ['a filter that breaks a field rule', { by: 'STAGE', filter: { condition: { field: 'STAGE', op: 'EQ', value: 'SLEEPY' } } }],
    ['a segment id of another type', { by: 'STAGE', segmentId: toGlobalId('Customer', 1) }],
    ['a segment that does not exist', { by: 'STAGE', segmentId: toGlobalId('Segment', 99_999) }],
  ])('refuses %s with BAD_USER_INPUT', async (_name, variables) => {
    expect(errorCode(await app.gql(CustomerDistributionDocument, variables, { token: f.admin.token }))).toBe('BAD_USER_INPUT');
  });

  it("keeps to the viewer's data scope", async () => {
    const own = (userId: number) => profiles.filter((p) => p.owner === userId);
    expect((await distribution({ by: 'INDUSTRY' }, { token: f.salesSh1.token })).total).toBe(own(f.salesSh1.id).length);
    expect(countsOf(await distribution({ by: 'SOURCE' }, { token: f.salesSouth.token }))).toEqual(
      tally(own(f.salesSouth.id).map((p) => p.source)),
    );
    expect((await distribution({ by: 'VALUE_TIER' }, { token: f.salesSh2.token })).total).toBe(0);
    expect((await distribution({ by: 'STAGE' }, { token: f.managerEast.token })).total).toBe(
      profiles.filter((p) => p.department === f.departments.shanghai).length,
    );
    // A salesperson's customers are scored alone, against the company's cut-points: the same tiers as the admin sees for them.
    const admin = await distribution({ by: 'VALUE_TIER', query: `owner = ${f.salesSh1.id}` });
    expect(countsOf(await distribution({ by: 'VALUE_TIER' }, { token: f.salesSh1.token }))).toEqual(countsOf(admin));
  });

  it('needs reports:read from a key, and customers:read (and segments:read) to narrow it', async () => {
    expect((await distribution({ by: 'STAGE' }, keys.reports)).total).toBe(24);
    expect(errorCode(await app.gql(CustomerDistributionDocument, { by: 'STAGE' }, keys.customers))).toBe('FORBIDDEN');
    expect(errorCode(await app.gql(CustomerDistributionDocument, { by: 'STAGE', query: 'city_tier = 1' }, keys.reports))).toBe('FORBIDDEN');
    expect((await distribution({ by: 'STAGE', query: 'city_tier = 1' }, keys.reportsCustomers)).total).toBe(
      profiles.filter((p) => p.cityTier === 1).length,
    );
    expect(errorCode(await app.gql(CustomerDistributionDocument, { by: 'STAGE', segmentId }, keys.reportsCustomers))).toBe('FORBIDDEN');
    expect((await distribution({ by: 'STAGE', segmentId }, keys.reportsSegments)).total).toBe(
      profiles.filter((p) => p.cityTier === 1).length,
    );
  });

  it('runs as many statements for a narrow filter as for every customer', async () => {
    await distribution({ by: 'VALUE_TIER' }); // the population is cached from here on
    const statements = (variables: CustomerDistributionQueryVariables) =>
      countStatements(async () => {
        const res = await app.gql(CustomerDistributionDocument, variables, { token: f.admin.token });
        expect(res.data!.customerDistribution.total).toBeGreaterThan(0);
      });
    const all = await statements({ by: 'VALUE_TIER' });
    expect(await statements({ by: 'VALUE_TIER', query: 'city_tier = 1' })).toBe(all);
    expect(await statements({ by: 'INDUSTRY', query: 'city_tier IN (1, 2, 3)' })).toBeLessThanOrEqual(all);
  });
});
