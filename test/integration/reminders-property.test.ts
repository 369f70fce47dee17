import { addMonths } from '../../src/domain/common/calendar';
import Decimal from 'decimal.js';
import fc from 'fast-check';
import {
  evaluateReminders,
  type ReminderContext,
  type ReminderFacts,
  type ReminderOccurrence,
} from '../../src/domain/reminders/reminder-rules';
import { reminderRowsSql } from '../../src/domain/reminders/reminder-list.sql';
import type { ReminderSqlInput } from '../../src/domain/reminders/reminder-rules.sql';
import { DEFAULT_REMINDER_SETTINGS, type ReminderSettings } from '../../src/domain/reminders/reminder-settings';
import { addDays } from '../../src/domain/common/calendar';
import { type CustomerTarget, type ScoringSqlInput } from '../../src/domain/scoring/customer-facts.sql';
import { raw } from '../../src/domain/common/sql';
import { customerScoresSql } from '../../src/domain/scoring/customer-scores.sql';
import { populationFromRow, populationSql } from '../../src/domain/scoring/population.sql';
import { DEFAULT_SCORING_SETTINGS } from '../../src/domain/scoring/scoring-settings';
import { evaluateTrend } from '../../src/domain/scoring/trend';
import { trendFactsFromRows, trendFactsSql } from '../../src/domain/scoring/trend.sql';
import type { ValueTier } from '../../src/domain/scoring/scoring.enums';
import { refreshCustomerStatsSql } from '../../src/services/customer-stats.sql';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * CONVENTIONS 6: every reminder rule has a TypeScript evaluator (`evaluateReminders`) and an
 * SQL form (`reminderRowsSql`), and they agree. fast-check generates 1,200 customers with
 * records near every rule's edge; the facts the evaluator reads are computed here from the
 * generated records (tiers and monthly trend figures come from the scoring statements, whose
 * own agreement test is scoring-property.test.ts); both lists are compared occurrence by
 * occurrence (kind, key, due day and instant, subject, figures), for the default rules and for
 * a second set of thresholds, over every customer (set-wise SQL) and over a scope (the
 * per-customer forms a salesperson's list runs).
 */

const TZ = 'Asia/Shanghai';
const NOW = new Date('2026-11-23T04:00:00Z'); // 12:00 in Shanghai
const TODAY = '2026-11-23';
const CUSTOMERS = 1200;
const BASE = 100_000;

/** The instant of a Shanghai day and minute. */
const at = (day: string, minute: number) => new Date(Date.parse(`${day}T00:00:00Z`) - 8 * 3_600_000 + minute * 60_000);
const dayOf = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

// Products: consumables (usage cycle), durables (maintenance interval), plain.
const PRODUCTS = [
  { id: 1, name: '墨盒', usage: 30, maintenance: null },
  { id: 2, name: '硒鼓', usage: 7, maintenance: null },
  { id: 3, name: '打印机', usage: null, maintenance: 180 },
  { id: 4, name: '复印机', usage: null, maintenance: 90 },
  { id: 5, name: '纸张', usage: null, maintenance: null },
] as const;

const EDGES = [0, 1, 6, 7, 8, 23, 29, 30, 31, 59, 60, 61, 74, 75, 76, 83, 89, 90, 91, 120, 173, 180, 200, 365, 400];
const dayArb = fc.oneof(fc.constantFrom(...EDGES), fc.integer({ min: 0, max: 420 }));
const minuteArb = fc.oneof(fc.integer({ min: 0, max: 1439 }), fc.constantFrom(0, 479, 480, 1439));

interface GenOrder {
  daysAgo: number;
  minute: number;
  status: string;
  lines: Array<{ product: number; quantity: string }>;
}
interface GenFollowUp {
  daysAgo: number;
  minute: number;
  channel: string;
  nextIn: number | null;
}
interface GenCase {
  type: string;
  status: string;
  coverageIn: number | null;
  resolvedAgo: number | null;
  product: number | null;
}
interface GenInquiry {
  status: string;
  dueInMinutes: number;
  responded: boolean;
}
interface GenCustomer {
  createdAgo: number;
  owned: boolean;
  archived: boolean;
  birthdayIn: number | null;
  birthYear: number;
  feb29: boolean;
  dates: Array<{ kind: string; in: number; year: number }>;
  orders: GenOrder[];
  followUps: GenFollowUp[];
  cases: GenCase[];
  inquiries: GenInquiry[];
}

const orderArb: fc.Arbitrary<GenOrder> = fc.record({
  daysAgo: dayArb,
  minute: minuteArb,
  status: fc.constantFrom('COMPLETED', 'COMPLETED', 'COMPLETED', 'PENDING', 'CANCELLED'),
  lines: fc.array(
    fc.record({
      product: fc.integer({ min: 1, max: 5 }),
      quantity: fc.oneof(
        fc.integer({ min: 1, max: 5 }).map(String),
        fc.integer({ min: 1, max: 9999 }).map((q) => (q / 1000).toFixed(3)),
      ),
    }),
    { minLength: 1, maxLength: 3 },
  ),
});
const cadenceArb: fc.Arbitrary<GenOrder[]> = fc
  .record({ every: fc.integer({ min: 10, max: 80 }), count: fc.integer({ min: 2, max: 6 }), last: dayArb })
  .map(({ every, count, last }) =>
    Array.from({ length: count }, (_, i) => ({
      daysAgo: last + i * every,
      minute: 600,
      status: 'COMPLETED',
      lines: [{ product: 1 + (i % 5), quantity: '1' }],
    })),
  );
const customerArb: fc.Arbitrary<GenCustomer> = fc.record({
  createdAgo: fc.oneof(dayArb, fc.integer({ min: 400, max: 900 })),
  owned: fc.boolean(),
  archived: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  birthdayIn: fc.option(fc.oneof(fc.integer({ min: -3, max: 10 }), fc.integer({ min: -200, max: 200 })), { nil: null }),
  birthYear: fc.integer({ min: 1950, max: 2005 }),
  feb29: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  dates: fc.array(
    fc.record({
      kind: fc.constantFrom('WEDDING_ANNIVERSARY', 'COMPANY_ANNIVERSARY', 'OTHER', 'BIRTHDAY'),
      in: fc.integer({ min: -5, max: 12 }),
      year: fc.integer({ min: 1990, max: 2024 }),
    }),
    { maxLength: 2 },
  ),
  orders: fc.oneof(fc.array(orderArb, { maxLength: 5 }), cadenceArb),
  followUps: fc.array(
    fc.record({
      daysAgo: dayArb,
      minute: minuteArb,
      channel: fc.constantFrom('CALL', 'VISIT', 'MEETING', 'WECHAT'),
      nextIn: fc.option(fc.integer({ min: -10, max: 10 }), { nil: null }),
    }),
    { maxLength: 3 },
  ),
  cases: fc.array(
    fc.record({
      type: fc.constantFrom('WARRANTY', 'MAINTENANCE', 'COMPLAINT'),
      status: fc.constantFrom('OPEN', 'RESOLVED', 'CLOSED', 'CANCELLED'),
      coverageIn: fc.option(fc.integer({ min: -40, max: 40 }), { nil: null }),
      resolvedAgo: fc.option(dayArb, { nil: null }),
      product: fc.option(fc.constantFrom(3, 4), { nil: null }),
    }),
    { maxLength: 2 },
  ),
  inquiries: fc.array(
    fc.record({
      status: fc.constantFrom('NEW', 'QUOTED', 'NEGOTIATING', 'LOST'),
      dueInMinutes: fc.integer({ min: -3000, max: 3000 }),
      responded: fc.boolean(),
    }),
    { maxLength: 2 },
  ),
});

/** A day `n` days from TODAY with the month-day of the generated date kept (for yearly dates). */
const yearly = (inDays: number, year: number) => `${year}${addDays(TODAY, inDays).slice(4)}`;

let db: TestDatabase;
let generated: GenCustomer[];
const ids = { order: 0, followUp: 0, serviceCase: 0, inquiry: 0 };
const facts = new Map<number, Omit<ReminderFacts, 'tier' | 'trend'>>();
const followUpDays = new Map<number, Array<{ channel: string; day: string }>>();
const HOLIDAYS = [
  { day: addDays(TODAY, 0), nameZh: '今日节', nameEn: 'Today Day' },
  { day: addDays(TODAY, 5), nameZh: '春节', nameEn: 'Spring Festival' },
  { day: addDays(TODAY, 7), nameZh: '七日节', nameEn: 'Seventh Day' },
  { day: addDays(TODAY, 8), nameZh: '八日节', nameEn: 'Eighth Day' },
  { day: addDays(TODAY, -1), nameZh: '昨日节', nameEn: 'Yesterday Day' },
];

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

beforeAll(async () => {
  db = await createTestDatabase();
  const em = db.orm.em.fork();
  generated = fc.sample(customerArb, { numRuns: CUSTOMERS, seed: 20261206 });
  const [user] = await em.execute(
    `insert into app_user (name, email, role, active, password_hash, created_at, updated_at) values ('销售', 'p@test.cn', 'SALES', true, 'x', now(), now()) returning id`,
  );
  await em.execute(
    `insert into product (id, sku, name, list_price, cost, currency, usage_cycle_days, maintenance_interval_days, active, created_at, updated_at)
     select x.id, 'P' || x.id, x.name, 100, 60, 'CNY', x.usage, x.maintenance, true, now(), now() from jsonb_to_recordset(?::jsonb) as x(id int, name text, usage int, maintenance int)`,
    [JSON.stringify(PRODUCTS)],
  );
  await em.execute(
    `insert into company_holiday (day, name_zh, name_en) select x.day::date, x."nameZh", x."nameEn" from jsonb_to_recordset(?::jsonb) as x(day text, "nameZh" text, "nameEn" text)`,
    [JSON.stringify(HOLIDAYS)],
  );
  const customers: unknown[] = [];
  const orders: unknown[] = [];
  const lines: unknown[] = [];
  const followUps: unknown[] = [];
  const cases: unknown[] = [];
  const inquiries: unknown[] = [];
  generated.forEach((g, i) => {
    const id = BASE + i;
    const createdAt = at(addDays(TODAY, -g.createdAgo), 300);
    const birthday = g.birthdayIn == null ? null : g.feb29 ? `${g.birthYear - (g.birthYear % 4)}-02-29` : yearly(g.birthdayIn, g.birthYear);
    const dates = g.dates.map((d) => ({ kind: d.kind, label: d.kind === 'OTHER' ? '开业纪念' : null, date: yearly(d.in, d.year) }));
    customers.push({
      id,
      name: `客户${i}`,
      owner: g.owned ? user.id : null,
      created_at: createdAt.toISOString(),
      archived: g.archived,
      birthday,
      dates,
    });
    const completed: Array<{ day: string; at: number; orderId: number; lines: GenOrder['lines'] }> = [];
    for (const o of g.orders) {
      const orderId = BASE + ++ids.order;
      const orderedAt = at(addDays(TODAY, -o.daysAgo), o.minute);
      orders.push({ id: orderId, customer: id, status: o.status, ordered_at: orderedAt.toISOString() });
      o.lines.forEach((l, p) => lines.push({ order: orderId, product: l.product, position: p + 1, quantity: l.quantity }));
      if (o.status === 'COMPLETED') completed.push({ day: dayOf(orderedAt), at: orderedAt.getTime(), orderId, lines: o.lines });
    }
    completed.sort((a, b) => a.at - b.at || a.orderId - b.orderId);
    const fus = g.followUps.map((fu) => {
      const followUpId = BASE + ++ids.followUp;
      const occurredAt = at(addDays(TODAY, -fu.daysAgo), fu.minute);
      const next = fu.nextIn == null ? null : addDays(TODAY, fu.nextIn);
      followUps.push({ id: followUpId, customer: id, channel: fu.channel, occurred_at: occurredAt.toISOString(), next });
      return { id: followUpId, at: occurredAt.getTime(), day: dayOf(occurredAt), channel: fu.channel, next };
    });
    const latest = [...fus].sort((a, b) => b.at - a.at || b.id - a.id)[0];
    followUpDays.set(id, fus);
    const caseRows = g.cases.map((c) => {
      const caseId = BASE + ++ids.serviceCase;
      const resolvedAt = c.resolvedAgo == null ? null : at(addDays(TODAY, -c.resolvedAgo), 700);
      const coverage = c.coverageIn == null ? null : addDays(TODAY, c.coverageIn);
      cases.push({
        id: caseId,
        customer: id,
        product: c.product,
        type: c.type,
        status: c.status,
        resolved_at: resolvedAt?.toISOString() ?? null,
        coverage,
      });
      return { id: caseId, ...c, resolvedOn: resolvedAt && dayOf(resolvedAt), coverage };
    });
    const inqRows = g.inquiries.map((q) => {
      const inquiryId = BASE + ++ids.inquiry;
      const due = new Date(NOW.getTime() + q.dueInMinutes * 60_000);
      inquiries.push({
        id: inquiryId,
        customer: id,
        status: q.status,
        due: due.toISOString(),
        responded: q.responded ? NOW.toISOString() : null,
      });
      return { id: inquiryId, ...q, due };
    });

    // The facts, computed here from what was generated.
    const lastPurchase = new Map<number, { day: string; orderId: number; quantity: Decimal }>();
    for (const o of [...completed].sort((a, b) => (a.day === b.day ? a.orderId - b.orderId : a.day.localeCompare(b.day)))) {
      const perProduct = new Map<number, Decimal>();
      for (const l of o.lines) perProduct.set(l.product, (perProduct.get(l.product) ?? new Decimal(0)).plus(l.quantity));
      for (const [product, quantity] of perProduct) lastPurchase.set(product, { day: o.day, orderId: o.orderId, quantity });
    }
    const days = completed.map((o) => o.day);
    const gaps = days.slice(1).map((d, k) => (Date.parse(d) - Date.parse(days[k])) / 86_400_000);
    facts.set(id, {
      customerId: id,
      createdOn: dayOf(createdAt),
      hasOwner: g.owned,
      birthday,
      importantDates: dates.filter((d) => d.kind !== 'BIRTHDAY') as ReminderFacts['importantDates'],
      orderCount: completed.length,
      firstOrderOn: days.length ? [...days].sort()[0] : null,
      lastOrderOn: days.length ? [...days].sort().at(-1)! : null,
      medianIntervalDays: median(gaps),
      lastFollowUpOn: fus.length
        ? fus
            .map((x) => x.day)
            .sort()
            .at(-1)!
        : null,
      nextFollowUp: latest?.next ? { followUpId: latest.id, on: latest.next } : null,
      lastReviewOn: null, // per the settings' review channels, in compare()
      consumables: PRODUCTS.filter((p) => p.usage != null && lastPurchase.has(p.id)).map((p) => {
        const last = lastPurchase.get(p.id)!;
        return {
          productId: p.id,
          productName: p.name,
          orderId: last.orderId,
          orderedOn: last.day,
          quantity: last.quantity.toFixed(3),
          usageCycleDays: p.usage!,
        };
      }),
      durables: PRODUCTS.filter((p) => p.maintenance != null && lastPurchase.has(p.id)).map((p) => {
        const last = lastPurchase.get(p.id)!;
        const maintained =
          caseRows
            .filter((c) => c.type === 'MAINTENANCE' && c.product === p.id && c.resolvedOn != null)
            .map((c) => c.resolvedOn!)
            .sort()
            .at(-1) ?? null;
        return {
          productId: p.id,
          productName: p.name,
          orderId: last.orderId,
          orderedOn: last.day,
          maintenanceIntervalDays: p.maintenance!,
          lastMaintenanceOn: maintained,
        };
      }),
      coverages: caseRows
        .filter((c) => c.coverage != null && c.status !== 'CANCELLED')
        .map((c) => ({ serviceCaseId: c.id, type: c.type, endsOn: c.coverage! })),
      unansweredInquiries: inqRows
        .filter((q) => ['NEW', 'QUOTED', 'NEGOTIATING'].includes(q.status) && !q.responded)
        .map((q) => ({ inquiryId: q.id, responseDueAt: q.due })),
    });
  });
  const json = (rows: unknown[]) => JSON.stringify(rows);
  await em.execute(
    `insert into customer (id, kind, name, owner_id, created_at, updated_at, archived_at, birthday, important_dates, country, phones, emails, wechat_ids, addresses, previous_categories, main_suppliers, types, tags, custom_fields, consents, search_text, version)
     select x.id, 'PERSON', x.name, x.owner, x.created_at, x.created_at, case when x.archived then x.created_at end, x.birthday, x.dates, 'CN', '{}', '{}', '{}', '[]', '{}', '[]', '{}', '{}', '{}', '[]', '', 1
       from jsonb_to_recordset(?::jsonb) as x(id int, name text, owner int, created_at timestamptz, archived boolean, birthday date, dates jsonb)`,
    [json(customers)],
  );
  await em.execute(
    `insert into sales_order (id, number, customer_id, status, currency, subtotal, discount_total, total, cost_total, paid_total, ordered_at, completed_at, created_at, updated_at)
     select x.id, 'P' || x.id, x.customer, x.status, 'CNY', 100, 0, 100, 60, 0, x.ordered_at, case when x.status = 'COMPLETED' then x.ordered_at end, x.ordered_at, x.ordered_at
       from jsonb_to_recordset(?::jsonb) as x(id int, customer int, status text, ordered_at timestamptz)`,
    [json(orders)],
  );
  await em.execute(
    `insert into order_line (order_id, product_id, position, quantity, unit_price, discount, line_total, unit_cost)
     select x."order", x.product, x.position, x.quantity, 100, 0, 100 * x.quantity, 60 from jsonb_to_recordset(?::jsonb) as x("order" int, product int, position int, quantity numeric)`,
    [json(lines)],
  );
  await em.execute(
    `insert into follow_up (id, customer_id, salesperson_id, channel, occurred_at, summary, next_follow_up_on, created_at)
     select x.id, x.customer, ?, x.channel, x.occurred_at, '跟进', x.next, x.occurred_at from jsonb_to_recordset(?::jsonb) as x(id int, customer int, channel text, occurred_at timestamptz, next date)`,
    [user.id, json(followUps)],
  );
  await em.execute(
    `insert into service_case (id, customer_id, product_id, type, status, description, resolved_at, coverage_ends_on, created_at, updated_at)
     select x.id, x.customer, x.product, x.type, x.status, '服务', x.resolved_at, x.coverage, now(), now()
       from jsonb_to_recordset(?::jsonb) as x(id int, customer int, product int, type text, status text, resolved_at timestamptz, coverage date)`,
    [json(cases)],
  );
  await em.execute(
    `insert into inquiry (id, customer_id, received_at, channel, urgency, status, project_details, currency, response_due_at, first_responded_at, lost_reason, created_at, updated_at)
     select x.id, x.customer, now() - interval '2 days', 'EMAIL', 'NORMAL', x.status, '询价', 'CNY', x.due, x.responded, case when x.status = 'LOST' then '价格' end, now(), now()
       from jsonb_to_recordset(?::jsonb) as x(id int, customer int, status text, due timestamptz, responded timestamptz)`,
    [json(inquiries)],
  );
  await em.execute(refreshCustomerStatsSql('true'));
  await em.execute('analyze');
}, 300_000);
afterAll(() => db?.drop());

/** What both sides must agree on, one string per occurrence. */
function keyOf(o: {
  customerId: number;
  kind: string;
  key: string;
  dueOn: string;
  dueAt: Date | null;
  subject: unknown;
  figures: Record<string, unknown>;
}): string {
  const figures = Object.fromEntries(Object.entries(o.figures).sort(([a], [b]) => a.localeCompare(b)));
  return JSON.stringify([o.customerId, o.kind, o.key, o.dueOn, o.dueAt?.getTime() ?? null, o.subject, figures]);
}

/** Both forms as of `today` (at noon in Shanghai); the records were generated around TODAY. */
async function compare(
  settings: ReminderSettings,
  target: CustomerTarget = { allActive: true },
  today = TODAY,
  storedFacts: ScoringSqlInput['storedFacts'] = null,
): Promise<Map<string, number>> {
  const now = today === TODAY ? NOW : new Date(Date.parse(`${today}T04:00:00Z`));
  const em = db.orm.em.fork();
  const scoring: ScoringSqlInput = { settings: DEFAULT_SCORING_SETTINGS, today, timeZone: TZ, storedFacts };
  const pop = populationSql(scoring);
  const population = populationFromRow((await em.execute(pop.sql, pop.params))[0]);
  const all = generated.map((_, i) => BASE + i);
  const scores = customerScoresSql(scoring, population, { ids: all });
  const tiers = new Map<number, ValueTier>(
    (await em.execute(scores.sql, scores.params)).map((r: Record<string, unknown>) => [Number(r.customer_id), r.tier as ValueTier]),
  );
  const trendSql = trendFactsSql(scoring, all);
  const trends = trendFactsFromRows(await em.execute(trendSql.sql, trendSql.params), all, scoring);

  const input: ReminderSqlInput = { scoring, population, settings, now };
  const rowsSql = reminderRowsSql(input, target, { states: ['OPEN'] });
  const rows = await em.execute(`select r.* from (${rowsSql.sql}) r`, rowsSql.params);
  const fromSql = rows.map((r: Record<string, unknown>) =>
    keyOf({
      customerId: Number(r.customer_id),
      kind: String(r.kind),
      key: String(r.occurrence_key),
      dueOn: r.due_on instanceof Date ? r.due_on.toISOString().slice(0, 10) : String(r.due_on).slice(0, 10),
      dueAt: r.subject_type === 'INQUIRY' ? new Date(r.due_at as string) : null,
      subject: r.subject_type == null ? null : { type: r.subject_type, id: Number(r.subject_id) },
      figures: r.figures as Record<string, unknown>,
    }),
  );
  const ctx: ReminderContext = { settings, today, now, timeZone: TZ, holidays: HOLIDAYS };
  const fromTs: string[] = [];
  const byKind = new Map<string, number>();
  generated.forEach((g, i) => {
    if (g.archived) return;
    const id = BASE + i;
    const t = evaluateTrend(trends.get(id)!, DEFAULT_SCORING_SETTINGS.trend);
    const trend = {
      decliningVolume: t.flags.includes('DECLINING_VOLUME'),
      shrinkingVariety: t.flags.includes('SHRINKING_VARIETY'),
      priorProducts: t.priorDistinctProducts,
      recentProducts: t.recentDistinctProducts,
    };
    const reviewChannels: readonly string[] = settings.rules.VIP_REVIEW_DUE.reviewChannels;
    const lastReviewOn =
      followUpDays
        .get(id)!
        .filter((x) => reviewChannels.includes(x.channel))
        .map((x) => x.day)
        .sort()
        .at(-1) ?? null;
    const occurrences: ReminderOccurrence[] = evaluateReminders({ ...facts.get(id)!, lastReviewOn, tier: tiers.get(id)!, trend }, ctx);
    for (const o of occurrences) {
      fromTs.push(keyOf(o));
      byKind.set(o.kind, (byKind.get(o.kind) ?? 0) + 1);
    }
  });
  expect(fromSql.length).toBeGreaterThan(0);
  const sqlSet = new Set(fromSql);
  const tsSet = new Set(fromTs);
  expect({
    onlyInSql: fromSql.filter((k) => !tsSet.has(k)).slice(0, 5),
    onlyInTs: fromTs.filter((k) => !sqlSet.has(k)).slice(0, 5),
  }).toEqual({ onlyInSql: [], onlyInTs: [] });
  expect(fromSql.length).toBe(fromTs.length);
  return byKind;
}

describe('the SQL forms and the TypeScript evaluators of the reminder rules', () => {
  it(`agree on ${CUSTOMERS} generated customers under the default rules, every rule firing for some`, async () => {
    const allTiers: ValueTier[] = ['VIP', 'MAJOR', 'ORDINARY', 'SMALL'];
    const settings = structuredClone(DEFAULT_REMINDER_SETTINGS);
    // Every tier, so HOLIDAY and VIP_REVIEW_DUE fire for enough customers to compare.
    settings.rules.HOLIDAY.tiers = allTiers;
    settings.rules.VIP_REVIEW_DUE.tiers = allTiers;
    const byKind = await compare(settings);
    for (const kind of Object.keys(settings.rules)) expect({ kind, fired: (byKind.get(kind) ?? 0) > 3 }).toEqual({ kind, fired: true });
    // And with the defaults as shipped (HOLIDAY for VIP and MAJOR, reviews for VIP).
    await compare(DEFAULT_REMINDER_SETTINGS);
    // A scope rather than everyone takes the per-customer forms (a salesperson's list): the same answer.
    await compare(settings, { activeWhere: raw('true') });
  }, 120_000);

  it('agree on other days: across the new year, and around 29 February in a common and a leap year', async () => {
    const s = structuredClone(DEFAULT_REMINDER_SETTINGS);
    s.rules.HOLIDAY.tiers = ['VIP', 'MAJOR', 'ORDINARY', 'SMALL'];
    s.rules.VIP_REVIEW_DUE.tiers = ['VIP', 'MAJOR', 'ORDINARY', 'SMALL'];
    for (const day of ['2026-12-28', '2027-01-02', '2027-02-22', '2027-02-28', '2027-11-30', '2028-02-23', '2028-02-29']) {
      const byKind = await compare(s, { allActive: true }, day);
      expect({ day, birthdays: (byKind.get('BIRTHDAY') ?? 0) > 0 }).toEqual({ day, birthdays: true });
    }
  }, 180_000);

  it('agree when the SQL reads the stored customer facts, as the API does once the facts job has run', async () => {
    const em = db.orm.em.fork();
    // The facts as of TODAY under the template's basis (default rules, Asia/Shanghai), every row fresh.
    await em.execute(refreshCustomerStatsSql('true', { today: TODAY }));
    const [basis] = await em.execute(`select version, time_zone from customer_facts_basis`);
    expect(basis.time_zone).toBe(TZ);
    const [fresh] = await em.execute(
      `select count(*)::int as n from customer_stats where facts_basis = ? and facts_on = ?::date and ?::date < facts_valid_until`,
      [basis.version, TODAY, TODAY],
    );
    expect(fresh.n).toBe(CUSTOMERS);
    const s = structuredClone(DEFAULT_REMINDER_SETTINGS);
    s.rules.HOLIDAY.tiers = ['VIP', 'MAJOR', 'ORDINARY', 'SMALL'];
    s.rules.VIP_REVIEW_DUE.tiers = ['VIP', 'MAJOR', 'ORDINARY', 'SMALL'];
    const stored = { basisVersion: Number(basis.version), filled: true };
    await compare(s, { allActive: true }, TODAY, stored);
    await compare(s, { activeWhere: raw('true') }, TODAY, stored);
  }, 120_000);

  it('agree under other thresholds', async () => {
    const s = structuredClone(DEFAULT_REMINDER_SETTINGS);
    s.rules.PRODUCT_USED_UP.warningDays = 0;
    s.rules.MAINTENANCE_DUE.warningDays = 30;
    s.rules.NO_FOLLOW_UP.days = 60;
    s.rules.NEVER_FOLLOWED_UP.days = 1;
    s.rules.NO_REPURCHASE = { enabled: true, multiplierPercent: 225, minDays: 30 };
    s.rules.NEVER_PURCHASED.days = 90;
    s.rules.NEXT_FOLLOW_UP_DUE.aheadDays = 3;
    s.rules.BIRTHDAY.aheadDays = 0;
    s.rules.ANNIVERSARY.aheadDays = 10;
    s.rules.HOLIDAY = { enabled: true, aheadDays: 8, tiers: ['ORDINARY', 'SMALL'] };
    s.rules.RENEWAL_DUE.aheadDays = 10;
    s.rules.VIP_REVIEW_DUE = { enabled: true, everyMonths: 6, tiers: ['SMALL', 'ORDINARY'], reviewChannels: ['CALL'], aheadDays: 0 };
    s.rules.INQUIRY_RESPONSE_OVERDUE.enabled = false;
    await compare(s);
  }, 120_000);
});

// The month arithmetic both forms rely on.
describe('addMonths', () => {
  it.each([
    ['2026-05-31', 3, '2026-08-31'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2027-11-30', 3, '2028-02-29'],
    ['2026-01-15', -3, '2025-10-15'],
  ])('%s + %i months = %s', (day, months, expected) => {
    expect(addMonths(day, months)).toBe(expected);
  });
});
