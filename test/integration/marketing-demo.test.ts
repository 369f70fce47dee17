import { readFileSync } from 'node:fs';
import path from 'node:path';
import { seedDemoData, type SeedSummary } from '../../src/db/seeders/demo-data.seeder';
import { calendarDayIn } from '../../src/domain/common/calendar';
import { addDays } from '../../src/domain/common/calendar';
import { localIdOf } from '../../src/schema/global-id';
import { LoginDocument } from '../generated/graphql';
import { startTestApp, type Auth, type TestApp } from '../support/test-app';

/**
 * The tour's "SMS partner flow" (docs/tour/sms-partner.md), run as written on the demo data as `npm start` seeds it
 * (every customer of SEED_CUSTOMERS, on an empty database): each example answers what its
 * comments say, numbers included.
 */

const section = readFileSync(path.join(__dirname, '../../docs/tour/sms-partner.md'), 'utf8');
const graphql = [...section.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);
const shell = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);

/** The number a comment of the page states, found by `pattern` (one capture group). */
function stated(text: string, pattern: RegExp): number {
  const match = pattern.exec(text);
  if (!match) throw new Error(`docs/tour/sms-partner.md does not state ${pattern}`);
  return Number(match[1].replace(/,/g, ''));
}

let app: TestApp;
let summary: SeedSummary;
let admin: Auth;
let sms: Auth;
let today: string;

type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function run(query: string, auth: Auth): Promise<Data> {
  const res = await app.post({ query }, auth);
  expect(res.errors).toBeUndefined();
  return res.data as Data;
}

beforeAll(async () => {
  app = await startTestApp();
  const now = new Date();
  today = calendarDayIn(now, app.config.companyTimeZone);
  summary = await seedDemoData(app.db.orm.em.fork(), { customers: app.config.seedCustomers, now, timeZone: app.config.companyTimeZone });
  const login = await app.gql(LoginDocument, { input: { email: 'admin@example.com', password: 'admin123' } });
  admin = { token: login.data!.login.token! };
}, 180_000);
afterAll(() => app?.close());

describe('Tour: SMS partner flow, on the demo data', () => {
  it('has the examples', () => {
    expect(graphql).toHaveLength(5);
    expect(shell).toHaveLength(1);
  });

  it('seeds the touches it says, with customers at the cap and every reason present', async () => {
    expect(summary.customers).toBe(2400);
    expect(summary.marketingTouches).toBe(stated(section, /five SMS campaigns of the last months \(([\d,]+) touches/));
    const res = await app.post(
      {
        query: `{ customers(first: 100, sortKey: ID, filter: { includeArchived: true }) { nodes { id archived marketingEligibility(channel: SMS, purpose: PROMOTION) { reason nextPossibleOn } } } }`,
      },
      admin,
    );
    const reasons = new Set((res.data as Data).customers.nodes.map((n: Data) => n.marketingEligibility.reason));
    const archived = await app.post(
      {
        query: `{ customers(first: 1, filter: { archivedOnly: true }) { nodes { marketingEligibility(channel: SMS, purpose: GREETING) { reason } } } }`,
      },
      admin,
    );
    reasons.add((archived.data as Data).customers.nodes[0].marketingEligibility.reason);
    expect([...reasons].sort()).toEqual(['ARCHIVED', 'CAP_REACHED', 'NO_CONSENT', null].sort());
  });

  it('runs the flow as written, and each answer is what the comments say', async () => {
    const [keyBlock, segmentBlock, membersBlock, recordBlock, capBlock] = graphql as [string, string, string, string, string];

    const key = await run(keyBlock, admin);
    expect(key.apiKeyCreate.userErrors).toEqual([]);
    sms = { apiKey: key.apiKeyCreate.secret };

    const created = await run(segmentBlock, admin);
    expect(created.segmentCreate.userErrors).toEqual([]);
    expect(created.segmentCreate.segment).toEqual({
      id: /# the id is (U2\w+) on fresh demo data/.exec(segmentBlock)![1],
      count: stated(segmentBlock, /; ([\d,]+) members/),
    });

    const members = (await run(membersBlock, sms)).segment;
    const eligible = stated(membersBlock, /# ([\d,]+): \d+ refused SMS/);
    expect(members.count).toBe(stated(membersBlock, /count\s+# ([\d,]+) members/));
    expect(members.eligible).toBe(eligible);
    expect(members.members.totalCount).toBe(eligible);
    expect(members.members.nodes).toHaveLength(100);
    expect(members.members.pageInfo.hasNextPage).toBe(true);
    const rest = await run(
      `{ segment(id: "${created.segmentCreate.segment.id}") { members(first: 100, after: "${members.members.pageInfo.endCursor}", eligibleFor: { channel: SMS, purpose: PROMOTION }) { nodes { id } } } }`,
      sms,
    );
    expect(rest.segment.members.nodes).toHaveLength(stated(membersBlock, /true: ([\d,]+) more after endCursor/));
    // The refusals the comment counts, from the members' own eligibility.
    const reasons = await memberReasons(created.segmentCreate.segment.id);
    expect(reasons.NO_CONSENT).toBe(stated(membersBlock, /: ([\d,]+) refused SMS/));
    expect(reasons.CAP_REACHED).toBe(stated(membersBlock, /refused SMS, ([\d,]+) are at the cap/));

    // The export, as the curl line asks for it.
    const url = /'localhost:4000(\/exports\/[^']+)'/.exec(shell[0])![1];
    const file = await fetch(`${app.url.replace(/\/graphql$/, '')}${url}`, { headers: { 'x-api-key': sms.apiKey! } });
    expect(file.status).toBe(200);
    const lines = (await file.text()).split('\r\n').filter(Boolean);
    expect(lines.length - 1).toBe(stated(shell[0], /# ([\d,]+) rows/));

    // Recording: the eligible ones touched, the others skipped with their reasons; a retry answers the same.
    const recorded = (await run(recordBlock, sms)).marketingTouchesRecord;
    expect(recorded.userErrors).toEqual([]);
    expect(recorded.recordedCount).toBe(stated(recordBlock, /recordedCount\s+# ([\d,]+)/));
    const skippedBy = (reason: string) => recorded.skipped.filter((s: Data) => s.reason === reason).length;
    expect(recorded.skipped).toHaveLength(stated(recordBlock, /# ([\d,]+): \d+ NO_CONSENT/));
    expect(skippedBy('NO_CONSENT')).toBe(stated(recordBlock, /([\d,]+) NO_CONSENT/));
    expect(skippedBy('CAP_REACHED')).toBe(stated(recordBlock, /([\d,]+) CAP_REACHED/));
    const [{ n: touches }] = await app.db.orm.em.fork().execute('select count(*)::int as n from marketing_touch');
    expect((await run(recordBlock, sms)).marketingTouchesRecord).toEqual(recorded);
    const [{ n: after }] = await app.db.orm.em.fork().execute('select count(*)::int as n from marketing_touch');
    expect(after).toBe(touches);

    // The cap, visible at once.
    const cap = (await run(capBlock, sms)).segment;
    expect(cap.eligible).toBe(stated(capBlock, /# ([\d,]+)/));
    expect(section).toContain(`\`eligible\` of the segment is now\n   ${cap.eligible}:`);
    expect(stated(section, /the ([\d,]+) members that had one touch left/)).toBe(eligible - cap.eligible);
    expect(cap.members.nodes).toHaveLength(20);
    for (const node of cap.members.nodes) {
      // Every member who consented may still get a greeting; the others may not.
      expect(node.greeting.eligible).toBe(node.promotion.reason !== 'NO_CONSENT');
    }
    // The examples of the prose: a promotion 20 days before the seeding (id % 30 = 2), a new product 8 days before (3).
    const byCycle = await cycleExamples(created.segmentCreate.segment.id);
    expect(byCycle[2]).toEqual({ reason: 'CAP_REACHED', recentTouchCount: 2, nextPossibleOn: addDays(today, 10) });
    expect(byCycle[3]).toEqual({ reason: 'CAP_REACHED', recentTouchCount: 2, nextPossibleOn: addDays(today, 22) });
    expect(section).toMatch(/`nextPossibleOn` 10 days after the seeding day; one with the new\s+product 8 days before: 22 days after/);
  }, 120_000);
});

/** How many members of the segment have each refusal for an SMS promotion. */
async function memberReasons(segmentId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let after: string | null = null;
  for (;;) {
    const page: Data = (
      await run(
        `{ segment(id: "${segmentId}") { members(first: 100${after ? `, after: "${after}"` : ''}) { pageInfo { hasNextPage endCursor } nodes { marketingEligibility(channel: SMS, purpose: PROMOTION) { reason } } } } }`,
        sms,
      )
    ).segment.members;
    for (const n of page.nodes) {
      const reason = n.marketingEligibility.reason ?? 'ELIGIBLE';
      counts[reason] = (counts[reason] ?? 0) + 1;
    }
    if (!page.pageInfo.hasNextPage) return counts;
    after = page.pageInfo.endCursor;
  }
}

/** The promotion eligibility of the first consenting member of each `id % 30` cycle position asked for. */
async function cycleExamples(segmentId: string): Promise<Record<number, Data>> {
  const found: Record<number, Data> = {};
  let after: string | null = null;
  for (;;) {
    const page: Data = (
      await run(
        `{ segment(id: "${segmentId}") { members(first: 100${after ? `, after: "${after}"` : ''}) { pageInfo { hasNextPage endCursor } nodes { id marketingEligibility(channel: SMS, purpose: PROMOTION) { reason recentTouchCount nextPossibleOn } } } } }`,
        sms,
      )
    ).segment.members;
    for (const n of page.nodes) {
      const cycle = localIdOf(n.id, 'Customer')! % 30;
      if ((cycle === 2 || cycle === 3) && !found[cycle] && n.marketingEligibility.reason !== 'NO_CONSENT')
        found[cycle] = n.marketingEligibility;
    }
    if (!page.pageInfo.hasNextPage) return found;
    after = page.pageInfo.endCursor;
  }
}
