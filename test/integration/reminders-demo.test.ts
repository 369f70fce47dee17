import { readFileSync } from 'node:fs';
import path from 'node:path';
import { seedDemoData, type SeedSummary } from '../../src/db/seeders/demo-data.seeder';
import { calendarDayIn } from '../../src/domain/common/calendar';
import { addDays } from '../../src/domain/common/calendar';
import { REMINDER_KINDS } from '../../src/domain/reminders/reminder.enums';
import { LoginDocument } from '../generated/graphql';
import { startTestApp, type Auth, type TestApp } from '../support/test-app';

/**
 * DOMAIN M1–M3 on the demo data as `npm start` seeds it: every reminder kind is due for some
 * customers and every state shows, so a newcomer sees a realistic list at once.
 */

let app: TestApp;
let summary: SeedSummary;
let admin: Auth;

beforeAll(async () => {
  app = await startTestApp();
  summary = await seedDemoData(app.db.orm.em.fork(), { customers: app.config.seedCustomers, timeZone: app.config.companyTimeZone });
  const login = await app.gql(LoginDocument, { input: { email: 'admin@example.com', password: 'admin123' } });
  admin = { token: login.data!.login.token! };
}, 180_000);
afterAll(() => app?.close());

async function count(filter: Record<string, unknown>): Promise<number> {
  const res = await app.post(
    { query: 'query($filter: ReminderFilterInput) { reminders(filter: $filter, first: 1) { totalCount } }', variables: { filter } },
    admin,
  );
  expect(res.errors).toBeUndefined();
  return (res.data as { reminders: { totalCount: number } }).reminders.totalCount;
}

describe('reminders on the demo data', () => {
  it('has every kind due for some customers', async () => {
    const counts: Record<string, number> = {};
    for (const kind of REMINDER_KINDS.values) counts[kind] = await count({ kinds: [kind] });
    expect(Object.entries(counts).filter(([, n]) => n === 0)).toEqual([]);
  });

  it('has reminders in every state, as the seeding says', async () => {
    expect(summary.reminderStates).toBeGreaterThan(30);
    expect(await count({ states: ['OPEN'] })).toBeGreaterThan(100);
    expect(await count({ states: ['SNOOZED'] })).toBeGreaterThan(0);
    expect(await count({ states: ['DONE'] })).toBeGreaterThan(0);
    expect(await count({ states: ['DISMISSED'] })).toBeGreaterThan(0);
    expect(summary.holidays).toBeGreaterThan(20);
  });
});

describe('Tour: the day of a salesperson, on the demo data', () => {
  const section = readFileSync(path.join(__dirname, '../../docs/tour/reminders.md'), 'utf8');
  const examples = [...section.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);

  it('runs as written for sales01: a list with reasons, a snooze, a completion with its follow-up', async () => {
    expect(examples).toHaveLength(5);
    const login = await app.gql(LoginDocument, { input: { email: 'sales01@example.com', password: 'sales123' } });
    // As the page reads: no Accept-Language, so reasons are in Chinese.
    const sales: Auth = { token: login.data!.login.token!, headers: { 'accept-language': '' } };
    const list = await app.post({ query: examples[0] }, sales);
    expect(list.errors).toBeUndefined();
    const page = (
      list.data as {
        reminders: { totalCount: number; nodes: Array<{ id: string; kind: string; reason: string; customer: { id: string } }> };
      }
    ).reminders;
    expect(page.nodes.length).toBe(20);
    expect(page.nodes.every((n) => /[\u4e00-\u9fff]/.test(n.reason))).toBe(true);
    const [first, second] = page.nodes;
    const until = addDays(calendarDayIn(new Date(), app.config.companyTimeZone), 5);
    const snooze = await app.post({ query: examples[1].replace('2026-12-15', until), variables: { id: first.id } }, sales);
    expect(snooze.data).toEqual({ reminderSnooze: { reminder: { id: first.id, state: 'SNOOZED', snoozedUntil: until }, userErrors: [] } });
    const complete = await app.post({ query: examples[2].replace('2027-01-05', addDays(until, 30)), variables: { id: second.id } }, sales);
    expect((complete.data as { reminderComplete: { reminder: { state: string }; userErrors: unknown[] } }).reminderComplete).toMatchObject({
      reminder: { state: 'DONE' },
      userErrors: [],
    });
    const after = (await app.post({ query: examples[0] }, sales)).data as {
      reminders: { totalCount: number; nodes: Array<{ id: string }> };
    };
    expect(after.reminders.totalCount).toBeLessThanOrEqual(page.totalCount - 1);
    expect(after.reminders.nodes.map((n) => n.id)).not.toContain(first.id);
    expect(after.reminders.nodes.map((n) => n.id)).not.toContain(second.id);
    // The admin's examples: the settings change and the holidays.
    for (const example of examples.slice(3)) {
      const res = await app.post({ query: example }, admin);
      expect(res.errors).toBeUndefined();
      expect(Object.values(res.data as Record<string, { userErrors: unknown[] }>)[0].userErrors).toEqual([]);
    }
  });
});
