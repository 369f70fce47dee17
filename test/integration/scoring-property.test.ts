import Decimal from 'decimal.js';
import fc from 'fast-check';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type CustomerFacts, type ScoringPopulation } from '../../src/domain/scoring/customer-facts';
import { addDays, daysBetween } from '../../src/domain/common/calendar';
import { customerFactsSql, factsFromRow, type CustomerTarget, type ScoringSqlInput } from '../../src/domain/scoring/customer-facts.sql';
import { computePopulation, scoreCustomer } from '../../src/domain/scoring/customer-scores';
import { customerScoresSql } from '../../src/domain/scoring/customer-scores.sql';
import { percentileDisc } from '../../src/domain/scoring/percentile';
import { trendMonths, type TrendFacts } from '../../src/domain/scoring/trend';
import { trendFactsFromRows, trendFactsSql } from '../../src/domain/scoring/trend.sql';
import { populationFromRow, populationSql } from '../../src/domain/scoring/population.sql';
import { LIFECYCLE_STAGES, type LifecycleStage } from '../../src/domain/scoring/scoring.enums';
import { DEFAULT_SCORING_SETTINGS, type ScoringSettings } from '../../src/domain/scoring/scoring-settings';
import { QUALIFYING_OUTCOMES } from '../../src/domain/records/records.enums';
import { refreshCustomerStatsSql } from '../../src/services/customer-stats.sql';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * DOMAIN S8 / CONVENTIONS 6: every scoring rule has a TypeScript evaluator and an SQL
 * compiler, and they agree. fast-check generates a thousand customers with random records,
 * inserts them, and for every customer compares
 *   (a) facts computed here, independently, from the generated records → computePopulation → scoreCustomer, with
 *   (b) customerFactsSql, populationSql and customerScoresSql run by PostgreSQL.
 */

const TZ = 'Asia/Shanghai'; // UTC+8, no daylight saving time
const NOW = new Date('2026-11-23T04:00:00Z'); // 12:00 in Shanghai
const TODAY = '2026-11-23';
const CUSTOMERS = 1000;
const PRODUCTS = 12;
const USER_ID = 1;

/** The instant of a Shanghai local day and minute of the day. */
function instantOf(day: string, minute: number): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - 8 * 3_600_000 + minute * 60_000);
}

// ---------------------------------------------------------------------------------------------
// Generated records
// ---------------------------------------------------------------------------------------------

type OrderStatus = 'PENDING' | 'COMPLETED' | 'CANCELLED' | 'REFUNDED';
interface GenLine {
  product: number;
  quantity: string;
  priceCents: number;
}
interface GenOrder {
  status: OrderStatus;
  daysAgo: number;
  minute: number;
  costPercent: number;
  lines: GenLine[];
}
interface GenFollowUp {
  daysAgo: number;
  minute: number;
  outcome: string | null;
}
interface GenInquiry {
  status: string;
  amountCents: number | null;
}
interface GenOverride {
  stage: LifecycleStage;
  byUser: boolean;
  cleared: boolean;
}
interface GenCustomer {
  companySize: string | null;
  archived: boolean;
  orders: GenOrder[];
  followUps: GenFollowUp[];
  inquiries: GenInquiry[];
  ratings: Array<number | null>;
  overrides: GenOverride[];
}

/** Day offsets near every boundary of the default and the alternative rules. */
const EDGE_DAYS = [
  0, 1, 29, 30, 31, 44, 45, 46, 59, 60, 61, 89, 90, 91, 119, 120, 121, 179, 180, 181, 199, 200, 201, 299, 300, 301, 364, 365, 366, 399, 400,
];

const minuteArb = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 1439 }) },
  // Around local midnight (16:00 UTC): the UTC day and the Shanghai day differ.
  { weight: 2, arbitrary: fc.constantFrom(0, 1, 2, 478, 479, 480, 481, 1437, 1438, 1439) },
);

const lineArb: fc.Arbitrary<GenLine> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      product: fc.integer({ min: 1, max: PRODUCTS }),
      quantity: fc.oneof(
        fc.integer({ min: 1, max: 40 }).map(String),
        fc.integer({ min: 1, max: 99_999 }).map((q) => (q / 1000).toFixed(3)),
      ),
      priceCents: fc.oneof(fc.integer({ min: 0, max: 300_000 }), fc.integer({ min: 100, max: 5_000 })),
    }),
  },
  {
    // One unit at a membership threshold (default and other settings): spend exactly on a level's minimum.
    weight: 1,
    arbitrary: fc.record({
      product: fc.integer({ min: 1, max: PRODUCTS }),
      quantity: fc.constant('1'),
      priceCents: fc.constantFrom(200_000, 1_000_000, 5_000_000, 100_000, 2_500_050, 12_000_000),
    }),
  },
);

const statusArb = fc.constantFrom<OrderStatus>(
  'COMPLETED',
  'COMPLETED',
  'COMPLETED',
  'COMPLETED',
  'COMPLETED',
  'PENDING',
  'CANCELLED',
  'REFUNDED',
);
const edgeArb = fc.oneof(fc.constantFrom(...EDGE_DAYS), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 800 }));

function orderArb(status: fc.Arbitrary<OrderStatus>, daysAgo: fc.Arbitrary<number>): fc.Arbitrary<GenOrder> {
  return fc.record({
    status,
    daysAgo,
    minute: minuteArb,
    costPercent: fc.integer({ min: 20, max: 130 }),
    lines: fc.oneof(fc.array(lineArb, { minLength: 1, maxLength: 1 }), fc.array(lineArb, { minLength: 1, maxLength: 3 })),
  });
}

/** Orders scattered after an edge day: the latest is often exactly on the edge (a rule boundary). */
const scatteredOrdersArb: fc.Arbitrary<GenOrder[]> = fc
  .record({
    edge: edgeArb,
    spread: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 900 })),
    count: fc.oneof(
      { weight: 3, arbitrary: fc.constant(0) },
      { weight: 4, arbitrary: fc.integer({ min: 1, max: 4 }) },
      { weight: 3, arbitrary: fc.integer({ min: 5, max: 12 }) },
      { weight: 1, arbitrary: fc.integer({ min: 13, max: 22 }) },
    ),
  })
  .chain(({ edge, spread, count }) =>
    fc.array(orderArb(statusArb, fc.oneof(fc.constant(edge), fc.integer({ min: edge, max: Math.min(1100, edge + spread) }))), {
      minLength: count,
      maxLength: count,
    }),
  );

/** Completed orders at a regular interval, the last on an edge day: the median-based dormancy threshold at its boundary. */
const cadenceOrdersArb: fc.Arbitrary<GenOrder[]> = fc
  .record({
    edge: fc.constantFrom(...EDGE_DAYS),
    interval: fc.constantFrom(0, 30, 45, 60, 61, 80, 100),
    count: fc.integer({ min: 2, max: 12 }),
  })
  .chain(({ edge, interval, count }) =>
    fc.tuple(...Array.from({ length: count }, (_, k) => orderArb(fc.constant<OrderStatus>('COMPLETED'), fc.constant(edge + k * interval)))),
  );

/** Completed orders spread over exactly (about) the span of the long-satisfied LOYAL rule. */
const spanOrdersArb: fc.Arbitrary<GenOrder[]> = fc
  .record({
    edge: fc.constantFrom(0, 1, 30, 44, 45, 60, 89, 90),
    span: fc.constantFrom(119, 120, 121, 364, 365, 366),
    inner: fc.integer({ min: 1, max: 8 }),
  })
  .chain(({ edge, span, inner }) =>
    fc.tuple(
      orderArb(fc.constant<OrderStatus>('COMPLETED'), fc.constant(edge)),
      orderArb(fc.constant<OrderStatus>('COMPLETED'), fc.constant(edge + span)),
      ...Array.from({ length: inner }, () => orderArb(fc.constant<OrderStatus>('COMPLETED'), fc.integer({ min: edge, max: edge + span }))),
    ),
  );

const ordersArb: fc.Arbitrary<GenOrder[]> = fc
  .oneof({ weight: 8, arbitrary: scatteredOrdersArb }, { weight: 2, arbitrary: cadenceOrdersArb }, { weight: 1, arbitrary: spanOrdersArb })
  // Same-day orders: some customers order twice on one day.
  .chain((orders) =>
    orders.length === 0
      ? fc.constant(orders)
      : fc.boolean().map((twice) => (twice ? [...orders, { ...orders[0], minute: (orders[0].minute + 7) % 1440 }] : orders)),
  );

const followUpsArb: fc.Arbitrary<GenFollowUp[]> = fc
  .record({ edge: edgeArb, count: fc.integer({ min: 0, max: 7 }) })
  .chain(({ edge, count }) =>
    fc.array(
      fc.record({
        daysAgo: fc.oneof(fc.constant(edge), fc.integer({ min: edge, max: edge + 3 }), fc.integer({ min: edge, max: edge + 400 })),
        minute: minuteArb,
        outcome: fc.constantFrom(null, 'INTERESTED', 'NEEDS_FOLLOW_UP', 'QUOTED', 'ORDERED', 'NOT_INTERESTED', 'NO_RESPONSE', 'OTHER'),
      }),
      { minLength: count, maxLength: count },
    ),
  );

const customerArb: fc.Arbitrary<GenCustomer> = fc.record({
  companySize: fc.constantFrom(null, null, 'MICRO', 'SMALL', 'MEDIUM', 'LARGE', 'ENTERPRISE', 'NOT_A_SIZE'),
  archived: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
  orders: ordersArb,
  followUps: followUpsArb,
  inquiries: fc.array(
    fc.record({
      status: fc.constantFrom('NEW', 'QUOTED', 'NEGOTIATING', 'WON', 'LOST'),
      amountCents: fc.option(fc.oneof(fc.integer({ min: 0, max: 30_000_000 }), fc.constant(10_000_000)), { nil: null }),
    }),
    { maxLength: 3 },
  ),
  ratings: fc.oneof(
    fc.array(fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }), { maxLength: 4 }),
    // Satisfied customers: an average of 3.5, 4 or more, the long-satisfied LOYAL rule's boundary.
    fc.array(fc.integer({ min: 3, max: 5 }), { minLength: 1, maxLength: 4 }),
  ),
  overrides: fc.oneof(
    { weight: 8, arbitrary: fc.constant<GenOverride[]>([]) },
    {
      weight: 2,
      arbitrary: fc.array(fc.record({ stage: fc.constantFrom(...LIFECYCLE_STAGES.values), byUser: fc.boolean(), cleared: fc.boolean() }), {
        minLength: 1,
        maxLength: 2,
      }),
    },
  ),
});

// ---------------------------------------------------------------------------------------------
// Rows as inserted, and the facts computed from them here, independently of the SQL
// ---------------------------------------------------------------------------------------------

interface OrderRow {
  id: number;
  customerId: number;
  status: OrderStatus;
  day: string;
  orderedAt: Date;
  total: Decimal;
  costTotal: Decimal;
  lines: Array<{ product: number; quantity: string; unitPrice: string; lineTotal: string; unitCost: string }>;
}
interface Dataset {
  customers: Array<GenCustomer & { id: number }>;
  orders: OrderRow[];
  overrideRows: Array<{
    customerId: number;
    stage: LifecycleStage;
    reason: string;
    setById: number | null;
    setAt: Date;
    clearedAt: Date | null;
  }>;
}

const round2 = (d: Decimal) => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);

function buildDataset(generated: GenCustomer[]): Dataset {
  let orderId = 0;
  const customers = generated.map((c, i) => ({ ...c, id: i + 1 }));
  const orders: OrderRow[] = [];
  const overrideRows: Dataset['overrideRows'] = [];
  for (const c of customers) {
    for (const o of c.orders) {
      const day = addDays(TODAY, -o.daysAgo);
      const lines = o.lines.map((l) => {
        const price = new Decimal(l.priceCents).div(100);
        const lineTotal = round2(price.times(l.quantity));
        return {
          product: l.product,
          quantity: l.quantity,
          unitPrice: price.toFixed(2),
          lineTotal: lineTotal.toFixed(2),
          unitCost: round2(price.times(o.costPercent).div(100)).toFixed(2),
        };
      });
      const total = lines.reduce((acc, l) => acc.plus(l.lineTotal), new Decimal(0));
      orders.push({
        id: ++orderId,
        customerId: c.id,
        status: o.status,
        day,
        orderedAt: instantOf(day, o.minute),
        total,
        costTotal: round2(total.times(o.costPercent).div(100)),
        lines,
      });
    }
    c.overrides.forEach((o, k) => {
      // At most one active override: every one but the last is cleared.
      const cleared = k < c.overrides.length - 1 || o.cleared;
      overrideRows.push({
        customerId: c.id,
        stage: o.stage,
        reason: `原因 ${c.id}-${k}`,
        setById: o.byUser ? USER_ID : null,
        setAt: new Date(NOW.getTime() - (c.overrides.length - k) * 86_400_000),
        clearedAt: cleared ? new Date(NOW.getTime() - 3_600_000) : null,
      });
    });
  }
  return { customers, orders, overrideRows };
}

const sum = (values: Decimal[]) => values.reduce((acc, v) => acc.plus(v), new Decimal(0));
const maxDay = (days: string[]) => (days.length === 0 ? null : days.reduce((a, b) => (b > a ? b : a)));
const minDay = (days: string[]) => (days.length === 0 ? null : days.reduce((a, b) => (b < a ? b : a)));

/** The facts of one customer straight from its generated records: the test's own implementation. */
function factsOf(c: Dataset['customers'][number], data: Dataset, settings: ScoringSettings): CustomerFacts {
  const completed = data.orders
    .filter((o) => o.customerId === c.id && o.status === 'COMPLETED')
    .sort((a, b) => a.orderedAt.getTime() - b.orderedAt.getTime() || a.id - b.id);
  const ago = (day: string) => daysBetween(day, TODAY);
  const gaps = completed
    .slice(1)
    .map((o, i) => daysBetween(completed[i].day, o.day))
    .sort((a, b) => a - b);
  const median =
    gaps.length === 0
      ? null
      : gaps.length % 2 === 1
        ? gaps[(gaps.length - 1) / 2]
        : (gaps[gaps.length / 2 - 1] + gaps[gaps.length / 2]) / 2;
  const g = settings.value.potential.growthWindowDays;
  const window = completed.filter((o) => ago(o.day) <= settings.windowDays);
  const rated = c.ratings.filter((r): r is number => r != null);
  const open = c.inquiries.filter((i) => ['NEW', 'QUOTED', 'NEGOTIATING'].includes(i.status));
  const followUpDays = c.followUps.map((f) => addDays(TODAY, -f.daysAgo));
  const qualifying = c.followUps.filter((f) => f.outcome != null && (QUALIFYING_OUTCOMES as readonly string[]).includes(f.outcome));
  const active = data.overrideRows.find((o) => o.customerId === c.id && o.clearedAt == null);
  return {
    customerId: c.id,
    companySize: c.companySize,
    orderCount: completed.length,
    firstOrderOn: minDay(completed.map((o) => o.day)),
    lastOrderOn: maxDay(completed.map((o) => o.day)),
    medianIntervalDays: median,
    satisfactionCount: rated.length,
    satisfactionSum: rated.reduce((a, b) => a + b, 0),
    openInquiryCount: open.length,
    openInquiryAmount: sum(open.map((i) => new Decimal(i.amountCents ?? 0).div(100))).toFixed(2),
    lastFollowUpOn: maxDay(followUpDays),
    lastQualifyingFollowUpOn: maxDay(qualifying.map((f) => addDays(TODAY, -f.daysAgo))),
    recentFollowUpCount: c.followUps.filter((f) => f.daysAgo <= settings.depth.deepFollowUpDays).length,
    windowOrderCount: window.length,
    windowSpend: sum(window.map((o) => o.total)).toFixed(2),
    windowProfit: sum(window.map((o) => o.total.minus(o.costTotal))).toFixed(2),
    growthRecentSpend: sum(completed.filter((o) => ago(o.day) >= 0 && ago(o.day) <= g - 1).map((o) => o.total)).toFixed(2),
    growthPriorSpend: sum(completed.filter((o) => ago(o.day) >= g && ago(o.day) <= 2 * g - 1).map((o) => o.total)).toFixed(2),
    override: active ? { stage: active.stage, reason: active.reason, byUserId: active.setById, at: active.setAt } : null,
  };
}

/** The trend figures of one customer from its generated orders. */
function trendOf(customerId: number, data: Dataset, settings: ScoringSettings): TrendFacts {
  const months = trendMonths(TODAY, settings.trend.months);
  const recentMonths = new Set(months.slice(settings.trend.months));
  const lines = data.orders
    .filter((o) => o.customerId === customerId && o.status === 'COMPLETED' && months.includes(o.day.slice(0, 7)))
    .flatMap((o) => o.lines.map((l) => ({ ...l, month: o.day.slice(0, 7) })));
  const distinct = (ls: typeof lines) => new Set(ls.map((l) => l.product)).size;
  return {
    months: months.map((month) => {
      const of = lines.filter((l) => l.month === month);
      return {
        month,
        amount: sum(of.map((l) => new Decimal(l.lineTotal))).toFixed(2),
        quantity: sum(of.map((l) => new Decimal(l.quantity))).toString(),
        distinctProducts: distinct(of),
      };
    }),
    recentDistinctProducts: distinct(lines.filter((l) => recentMonths.has(l.month))),
    priorDistinctProducts: distinct(lines.filter((l) => !recentMonths.has(l.month))),
  };
}

// ---------------------------------------------------------------------------------------------
// The database
// ---------------------------------------------------------------------------------------------

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  const em = db.orm.em.fork();
  await em.execute(
    `insert into app_user (id, name, email, role, password_hash, created_at, updated_at) values (?, 'Manager', 'm@example.com', 'MANAGER', 'x', now(), now())`,
    [USER_ID],
  );
  await em.execute(
    `insert into product (id, sku, name, list_price, cost, created_at, updated_at)
     select k, 'P-' || k, 'Product ' || k, 100, 50, now(), now() from generate_series(1, ?::int) k`,
    [PRODUCTS],
  );
});
afterAll(() => db?.drop());

async function insertDataset(em: EntityManager, data: Dataset): Promise<void> {
  await em.execute(
    'truncate customer, sales_order, order_line, follow_up, inquiry, service_case, lifecycle_override, customer_stats restart identity cascade',
  );
  const json = (rows: unknown[]) => JSON.stringify(rows);
  const now = NOW.toISOString();
  await em.execute(
    `insert into customer (id, kind, name, phones, emails, wechat_ids, addresses, important_dates, previous_categories, main_suppliers,
                           company_size, types, tags, custom_fields, consents, archived_at, created_at, updated_at)
     select x.id, 'COMPANY', 'Customer ' || x.id, '{}', '{}', '{}', '[]', '[]', '{}', '[]', x.company_size, '{}', '{}', '{}', '{}',
            x.archived_at, x.created_at, x.created_at
       from jsonb_to_recordset(?::jsonb) as x(id int, company_size text, archived_at timestamptz, created_at timestamptz)`,
    [
      json(
        data.customers.map((c) => ({
          id: c.id,
          company_size: c.companySize,
          archived_at: c.archived ? now : null,
          created_at: '2023-01-01T00:00:00Z',
        })),
      ),
    ],
  );
  await em.execute(
    `insert into sales_order (id, number, customer_id, status, subtotal, discount_total, total, cost_total, ordered_at, created_at, updated_at)
     select x.id, 'SO-' || x.id, x.customer_id, x.status, x.total, 0, x.total, x.cost_total, x.ordered_at, x.ordered_at, x.ordered_at
       from jsonb_to_recordset(?::jsonb) as x(id int, customer_id int, status text, total numeric, cost_total numeric, ordered_at timestamptz)`,
    [
      json(
        data.orders.map((o) => ({
          id: o.id,
          customer_id: o.customerId,
          status: o.status,
          total: o.total.toFixed(2),
          cost_total: o.costTotal.toFixed(2),
          ordered_at: o.orderedAt.toISOString(),
        })),
      ),
    ],
  );
  await em.execute(
    `insert into order_line (order_id, product_id, position, quantity, unit_price, discount, line_total, unit_cost)
     select x.order_id, x.product_id, x.position, x.quantity, x.unit_price, 0, x.line_total, x.unit_cost
       from jsonb_to_recordset(?::jsonb) as x(order_id int, product_id int, position int, quantity numeric, unit_price numeric, line_total numeric, unit_cost numeric)`,
    [
      json(
        data.orders.flatMap((o) =>
          o.lines.map((l, i) => ({
            order_id: o.id,
            product_id: l.product,
            position: i + 1,
            quantity: l.quantity,
            unit_price: l.unitPrice,
            line_total: l.lineTotal,
            unit_cost: l.unitCost,
          })),
        ),
      ),
    ],
  );
  await em.execute(
    `insert into follow_up (customer_id, channel, occurred_at, summary, outcome, created_at)
     select x.customer_id, 'CALL', x.occurred_at, '跟进', x.outcome, x.occurred_at
       from jsonb_to_recordset(?::jsonb) as x(customer_id int, occurred_at timestamptz, outcome text)`,
    [
      json(
        data.customers.flatMap((c) =>
          c.followUps.map((f) => ({
            customer_id: c.id,
            occurred_at: instantOf(addDays(TODAY, -f.daysAgo), f.minute).toISOString(),
            outcome: f.outcome,
          })),
        ),
      ),
    ],
  );
  await em.execute(
    `insert into inquiry (customer_id, received_at, channel, urgency, status, project_details, amount, response_due_at, lost_reason, created_at, updated_at)
     select x.customer_id, ?::timestamptz, 'EMAIL', 'NORMAL', x.status, '询价', x.amount, ?::timestamptz,
            case when x.status = 'LOST' then '价格' end, ?::timestamptz, ?::timestamptz
       from jsonb_to_recordset(?::jsonb) as x(customer_id int, status text, amount numeric)`,
    [
      '2026-10-01T00:00:00Z',
      '2026-10-02T00:00:00Z',
      now,
      now,
      json(
        data.customers.flatMap((c) =>
          c.inquiries.map((i) => ({
            customer_id: c.id,
            status: i.status,
            amount: i.amountCents == null ? null : new Decimal(i.amountCents).div(100).toFixed(2),
          })),
        ),
      ),
    ],
  );
  await em.execute(
    `insert into service_case (customer_id, type, status, description, satisfaction, created_at, updated_at)
     select x.customer_id, 'MAINTENANCE', 'CLOSED', '保养', x.satisfaction, ?::timestamptz, ?::timestamptz
       from jsonb_to_recordset(?::jsonb) as x(customer_id int, satisfaction int)`,
    [now, now, json(data.customers.flatMap((c) => c.ratings.map((r) => ({ customer_id: c.id, satisfaction: r }))))],
  );
  await em.execute(
    `insert into lifecycle_override (customer_id, stage, reason, set_by_id, set_at, cleared_by_id, cleared_at, clear_reason)
     select x.customer_id, x.stage, x.reason, x.set_by_id, x.set_at, case when x.cleared_at is null then null else x.set_by_id end, x.cleared_at,
            case when x.cleared_at is null then null else '撤销' end
       from jsonb_to_recordset(?::jsonb) as x(customer_id int, stage text, reason text, set_by_id int, set_at timestamptz, cleared_at timestamptz)`,
    [
      json(
        data.overrideRows.map((o) => ({
          customer_id: o.customerId,
          stage: o.stage,
          reason: o.reason,
          set_by_id: o.setById,
          set_at: o.setAt.toISOString(),
          cleared_at: o.clearedAt?.toISOString() ?? null,
        })),
      ),
    ],
  );
  await em.execute(refreshCustomerStatsSql('true'));
}

// ---------------------------------------------------------------------------------------------
// The comparison
// ---------------------------------------------------------------------------------------------

const SCORE_COLUMNS = [
  'stage',
  'recency_days',
  'frequency',
  'monetary',
  'r',
  'f',
  'm',
  'rfm_group',
  'profit_points',
  'potential_points',
  'lifecycle_points',
  'loyalty_points',
  'score100',
  'tier',
  'abc_class',
  'member_level',
  'relationship_depth',
] as const;

function expectedRow(facts: CustomerFacts, population: ScoringPopulation, settings: ScoringSettings): Record<string, unknown> {
  const s = scoreCustomer(facts, population, settings, TODAY);
  return {
    customer_id: facts.customerId,
    stage: s.lifecycle.stage,
    recency_days: s.rfm.recencyDays,
    frequency: s.rfm.frequency,
    monetary: s.rfm.monetary,
    r: s.rfm.r,
    f: s.rfm.f,
    m: s.rfm.m,
    rfm_group: s.rfm.group,
    profit_points: s.value.indicators.profit,
    potential_points: s.value.indicators.potential,
    lifecycle_points: s.value.indicators.lifecycle,
    loyalty_points: s.value.indicators.loyalty,
    score100: s.value.score100,
    tier: s.value.tier,
    abc_class: s.abc.abcClass,
    member_level: s.member.level,
    relationship_depth: s.depth.depth,
  };
}

/** The first few differences, so a failure says which customer and which column. */
function differences(expected: Map<number, Record<string, unknown>>, rows: Record<string, unknown>[]): string[] {
  const problems: string[] = [];
  const seen = new Set<number>();
  for (const row of rows) {
    const id = Number(row.customer_id);
    seen.add(id);
    const want = expected.get(id);
    if (!want) {
      problems.push(`customer ${id}: unexpected row`);
      continue;
    }
    for (const column of SCORE_COLUMNS) {
      if (row[column] !== want[column])
        problems.push(`customer ${id} ${column}: SQL ${JSON.stringify(row[column])}, TS ${JSON.stringify(want[column])}`);
    }
  }
  for (const id of expected.keys()) if (!seen.has(id)) problems.push(`customer ${id}: missing`);
  return problems.slice(0, 12);
}

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** Tallies, to show the generated data reaches every stage, tier and class. */
const tally = (values: unknown[]) =>
  values.reduce<Record<string, number>>((acc, v) => ({ ...acc, [String(v)]: (acc[String(v)] ?? 0) + 1 }), {});

interface Compared {
  tallies: Record<string, Record<string, number>>;
  rows: Map<number, Record<string, unknown>>;
  population: ScoringPopulation;
}

async function compare(generated: GenCustomer[], settings: ScoringSettings): Promise<Compared> {
  const em = db.orm.em.fork();
  const data = buildDataset(generated);
  await insertDataset(em, data);
  const live: ScoringSqlInput = { settings, today: TODAY, timeZone: TZ };
  const compared = await compareWith(em, data, live);

  // The stored facts (customer_stats), under a basis of these rules: computed today, every row
  // is fresh; computed as of earlier days and read today (the days passed without the facts
  // job), the rows a window edge passed since fall back to the records, the others are read as
  // stored. Either way every figure and score is the reference's.
  const basisVersion = 7;
  await em.execute(
    `insert into customer_facts_basis (id, version, time_zone, window_days, growth_days, follow_up_days, updated_at)
     values (1, ?, ?, ?, ?, ?, now())
     on conflict (id) do update set version = excluded.version, time_zone = excluded.time_zone, window_days = excluded.window_days,
            growth_days = excluded.growth_days, follow_up_days = excluded.follow_up_days`,
    [basisVersion, TZ, settings.windowDays, settings.value.potential.growthWindowDays, settings.depth.deepFollowUpDays],
  );
  const stored: ScoringSqlInput = { ...live, storedFacts: { basisVersion, filled: true } };
  for (const asOf of [TODAY, addDays(TODAY, -1), addDays(TODAY, -46), addDays(TODAY, -400)]) {
    await em.execute(refreshCustomerStatsSql('true', { today: asOf }));
    const [{ fresh, total }] = await em.execute<Array<{ fresh: number; total: number }>>(
      `select count(*) filter (where facts_basis = ? and facts_on <= ?::date and ?::date < facts_valid_until)::int as fresh, count(*)::int as total from customer_stats`,
      [basisVersion, TODAY, TODAY],
    );
    // Both paths are taken: some rows are read as stored, and after a day change some are not.
    expect(fresh).toBeGreaterThan(0);
    if (asOf === TODAY) expect(fresh).toBe(total);
    else expect(fresh).toBeLessThan(total);
    const again = await compareWith(em, data, stored);
    expect(again.population).toEqual(compared.population);
    expect(again.rows).toEqual(compared.rows);
  }
  // A basis of other rules (or another version) is never read: every row from the records.
  await em.execute(refreshCustomerStatsSql('true', { today: TODAY }));
  await em.execute(`update customer_facts_basis set version = version + 1, window_days = window_days + 1`);
  await em.execute(refreshCustomerStatsSql('c.id % 2 = 0', { today: TODAY }));
  const other = await compareWith(em, data, stored);
  expect(other.rows).toEqual(compared.rows);
  await em.execute('delete from customer_facts_basis');
  return compared;
}

async function compareWith(em: EntityManager, data: Dataset, input: ScoringSqlInput): Promise<Compared> {
  const { settings } = input;
  const allFacts = new Map(data.customers.map((c) => [c.id, factsOf(c, data, settings)]));
  const activeFacts = data.customers.filter((c) => !c.archived).map((c) => allFacts.get(c.id)!);

  // Facts: every active customer at once, and every customer (archived ones too) by pages of ids.
  const run = async (statement: { sql: string; params: unknown[] }) =>
    em.execute<Record<string, unknown>[]>(statement.sql, statement.params);
  const factRows = await run(customerFactsSql(input, { allActive: true }));
  expect(factRows.map(factsFromRow)).toEqual(activeFacts);
  for (const ids of chunks([...allFacts.keys()], 100)) {
    const rows = await run(customerFactsSql(input, { ids }));
    expect(rows.map(factsFromRow)).toEqual(ids.map((id) => allFacts.get(id)));
  }

  // Trend figures, by pages of ids.
  for (const ids of chunks([...allFacts.keys()], 100)) {
    const trends = trendFactsFromRows(await run(trendFactsSql(input, ids)), ids, input);
    expect(ids.map((id) => trends.get(id))).toEqual(ids.map((id) => trendOf(id, data, settings)));
  }

  // Population.
  const tsPopulation = computePopulation(activeFacts, settings, TODAY);
  const [populationRow] = await run(populationSql(input));
  const sqlPopulation = populationFromRow(populationRow);
  expect(sqlPopulation).toEqual(tsPopulation);

  // Scores of every active customer, and of pages of ids (archived ones scored against the same population).
  const expected = new Map(data.customers.map((c) => [c.id, expectedRow(allFacts.get(c.id)!, tsPopulation, settings)]));
  const activeExpected = new Map(activeFacts.map((f) => [f.customerId, expected.get(f.customerId)!]));
  const scoreRows = await run(customerScoresSql(input, sqlPopulation, { allActive: true }));
  expect(differences(activeExpected, scoreRows)).toEqual([]);
  const someIds: CustomerTarget = { ids: data.customers.filter((c) => c.id % 7 === 0 || c.archived).map((c) => c.id) };
  const pageRows = await run(customerScoresSql(input, sqlPopulation, someIds));
  expect(differences(new Map(someIds.ids.map((id) => [id, expected.get(id)!])), pageRows)).toEqual([]);

  return {
    tallies: {
      stage: tally(scoreRows.map((r) => r.stage)),
      tier: tally(scoreRows.map((r) => r.tier)),
      abc: tally(scoreRows.map((r) => r.abc_class)),
      member: tally(scoreRows.map((r) => r.member_level)),
      depth: tally(scoreRows.map((r) => r.relationship_depth)),
      group: tally(scoreRows.map((r) => r.rfm_group)),
    },
    rows: new Map(scoreRows.map((r) => [Number(r.customer_id), r])),
    population: sqlPopulation,
  };
}

/** fast-check's own report would print the whole generated dataset; say only what failed. */
function conciseReporter(details: fc.RunDetails<[GenCustomer[]]>): void {
  if (!details.failed) return;
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(`property failed (seed ${details.seed}, path ${details.counterexamplePath}) after ${details.numRuns} run(s):\n${error}`);
}

const datasetArb = fc.array(customerArb, { minLength: CUSTOMERS, maxLength: CUSTOMERS });

/** A company that set everything differently from the defaults. */
const OTHER_SETTINGS: ScoringSettings = {
  windowDays: 200,
  lifecycle: {
    prospectWindowDays: 60,
    dormancyMinDays: 45,
    dormancyCycleMultiplier: 1.5,
    lostAfterDays: 300,
    repeatMinOrders: 3,
    loyalMinOrders: 6,
    loyalAltMinOrders: 3,
    loyalAltMinSpanDays: 120,
    loyalAltMinSatisfaction: 3.5,
  },
  rfm: {
    groups: [
      { group: 'CHAMPIONS', r: [5, 5], f: [5, 5] },
      { group: 'AT_RISK', r: [0, 1], m: [4, 5] },
      { group: 'NEW', f: [1, 1] },
      { group: 'LOYAL', m: [3, 5] },
    ],
  },
  value: {
    weights: { profit: 10, potential: 30, lifecycle: 25, loyalty: 35 },
    // Cuts at 81, 68 and 46 %: fractions where float8 percentile_disc would pick another row.
    tierShares: { vip: 19, major: 13, ordinary: 22 },
    lifecyclePoints: { LEAD: 5, PROSPECT: 25, NEW: 40, REPEAT: 75, LOYAL: 100, DORMANT: 15, LOST: 1 },
    potential: {
      weights: { inquiries: 50, size: 10, growth: 40 },
      inquiryAmountForFull: '37500.50',
      inquiryFloor: 7,
      sizePoints: { MICRO: 5, SMALL: 15, MEDIUM: 45, LARGE: 70, ENTERPRISE: 95, UNKNOWN: 33 },
      growthWindowDays: 45,
    },
    loyalty: { weights: { tenure: 20, repeat: 50, satisfaction: 30 }, tenureFullDays: 730, repeatFullOrders: 6, satisfactionNeutral: 45 },
  },
  abc: { aShare: 55, bShare: 85 },
  membership: {
    levels: [
      { level: 'SILVER', minSpend: '1000' },
      { level: 'GOLD', minSpend: '25000.50' },
      { level: 'DIAMOND', minSpend: '120000' },
    ],
  },
  depth: { deepFollowUps: 2, deepFollowUpDays: 60, recentFollowUpDays: 20, recentOrderDays: 120, contactDays: 300 },
  trend: { months: 4, volumeMeasure: 'AMOUNT', varietyDropPercent: 40, varietyDropMin: 1, flatPercent: 5 },
};

// Thousands of generated customers per run: minutes on a busy 2-core machine, not the suite's default minute.
jest.setTimeout(300_000);

describe('scoring: the TypeScript evaluators and the SQL compilers agree on every customer', () => {
  it('with the default rules, over random companies of 1,000 customers', async () => {
    const seen: Array<Record<string, Record<string, number>>> = [];
    await fc.assert(
      fc.asyncProperty(datasetArb, async (generated) => {
        seen.push((await compare(generated, DEFAULT_SCORING_SETTINGS)).tallies);
      }),
      { seed: 20261124, numRuns: 2, endOnFailure: true, reporter: conciseReporter },
    );
    // The data reaches every stage, tier, class, level and depth, so the agreement means something.
    for (const run of seen) {
      expect(Object.keys(run.stage).sort()).toEqual([...LIFECYCLE_STAGES.values].sort());
      expect(Object.keys(run.tier).sort()).toEqual(['MAJOR', 'ORDINARY', 'SMALL', 'VIP']);
      expect(Object.keys(run.abc).sort()).toEqual(['A', 'B', 'C']);
      expect(Object.keys(run.member).sort()).toEqual(['DIAMOND', 'GOLD', 'REGULAR', 'SILVER']);
      expect(Object.keys(run.depth).sort()).toEqual(['DEEP', 'FORGOTTEN', 'ORDINARY']);
      expect(Object.keys(run.group).length).toBeGreaterThanOrEqual(7);
    }
  });

  it('with other rules: the SQL follows the settings', async () => {
    const seen: Array<Record<string, Record<string, number>>> = [];
    await fc.assert(
      fc.asyncProperty(datasetArb, async (generated) => {
        seen.push((await compare(generated, OTHER_SETTINGS)).tallies);
      }),
      { seed: 4242, numRuns: 1, endOnFailure: true, reporter: conciseReporter },
    );
    expect(Object.keys(seen[0].stage).sort()).toEqual([...LIFECYCLE_STAGES.values].sort());
    expect(Object.keys(seen[0].tier).sort()).toEqual(['MAJOR', 'ORDINARY', 'SMALL', 'VIP']);
  });

  it('agrees on hand-picked boundaries, with the values the rules give', async () => {
    const none: GenCustomer = { companySize: null, archived: false, orders: [], followUps: [], inquiries: [], ratings: [], overrides: [] };
    const order = (daysAgo: number, priceCents: number, costPercent: number, minute = 600): GenOrder => ({
      status: 'COMPLETED',
      daysAgo,
      minute,
      costPercent,
      lines: [{ product: 1, quantity: '1', priceCents }],
    });
    const { rows, population } = await compare(
      [
        // 1–3: the only positive window profits, 700 + 200 + 100: A stops where the profit above reaches exactly 70 %.
        { ...none, orders: [order(10, 70_000, 0)] },
        { ...none, orders: [order(10, 20_000, 0)] },
        { ...none, orders: [order(10, 10_000, 0)] },
        // 4: median 200 → threshold 400; silent exactly 365 days: not lost, not dormant.
        { ...none, orders: [order(365, 5_000, 100), order(565, 5_000, 100)] },
        // 5: one day more: lost.
        { ...none, orders: [order(366, 5_000, 100), order(566, 5_000, 100)] },
        // 6: exactly ¥2,000 in the window: SILVER.
        { ...none, orders: [order(1, 200_000, 100)] },
        // 7: 23:59 local time 90 days ago (15:59 UTC, the UTC day is the same): still NEW.
        { ...none, orders: [order(90, 5_000, 100, 1439)] },
        // 8: 00:00 local time 90 days ago (16:00 UTC the day before): NEW; in UTC it would look 91 days old.
        { ...none, orders: [order(90, 5_000, 100, 0)] },
        // 9: 23:59 local time 91 days ago: DORMANT.
        { ...none, orders: [order(91, 5_000, 100, 1439)] },
        // 10: nothing: LEAD.
        none,
      ],
      DEFAULT_SCORING_SETTINGS,
    );
    expect(population.abcCuts).toEqual({ a: '700.00', b: '200.00' });
    const column = (name: string) => [...rows.values()].map((r) => r[name]);
    expect(column('abc_class')).toEqual(['A', 'B', 'C', 'C', 'C', 'C', 'C', 'C', 'C', 'C']);
    expect(column('stage')).toEqual(['NEW', 'NEW', 'NEW', 'REPEAT', 'LOST', 'NEW', 'NEW', 'NEW', 'DORMANT', 'LEAD']);
    expect(column('member_level')).toEqual([
      'REGULAR',
      'REGULAR',
      'REGULAR',
      'REGULAR',
      'REGULAR',
      'SILVER',
      'REGULAR',
      'REGULAR',
      'REGULAR',
      'REGULAR',
    ]);
  });

  it('picks percentiles with the same index as percentile.ts, and as percentile_disc wherever float8 is exact', async () => {
    const em = db.orm.em.fork();
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    const rows = await em.execute<Array<{ pct: number; ours: number; pg: number }>>(
      `select k as pct,
              (select (array_agg(v order by v))[greatest(1, (k::bigint * count(*) + 99) / 100)::int] from unnest(?::int[]) v) as ours,
              (select percentile_disc(k / 100.0) within group (order by v) from unnest(?::int[]) v) as pg
         from generate_series(0, 100) k order by k`,
      [`{${values.join(',')}}`, `{${values.join(',')}}`],
    );
    for (const row of rows) expect([row.pct, row.ours]).toEqual([row.pct, percentileDisc(values, row.pct)]);
    // PostgreSQL multiplies in float8: 0.07 × 100 = 7.000000000000001 picks the 8th value. Our index picks the 7th.
    const differ = rows.filter((r) => r.ours !== r.pg).map((r) => r.pct);
    expect(differ).toEqual([7, 14, 28, 55, 56]);
    expect(rows.filter((r) => [20, 40, 60, 80].includes(r.pct)).every((r) => r.ours === r.pg)).toBe(true);
  });
});
