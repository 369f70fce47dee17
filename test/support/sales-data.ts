import Decimal from 'decimal.js';
import { calendarDayIn } from '../../src/domain/common/calendar';
import {
  comparisonPeriods,
  reportBuckets,
  type DayRange,
  type ReportBucket,
  type ReportGranularity,
} from '../../src/domain/reports/report-period';
import type { SalesDimension } from '../../src/domain/reports/sales-report.sql';
import type { TestApp } from './test-app';

/**
 * Orders written straight into the tables for the sales report tests, and an independent
 * TypeScript computation of the report over them: local days through `Intl` (not PostgreSQL's
 * `at time zone`), buckets by searching the period's bucket list, sums with decimal.js.
 */
export interface SaleLine {
  productId: number;
  quantity: string;
  unitPrice: string;
  discount: string;
  unitCost: string;
}

export interface SaleOrder {
  customerId: number;
  salespersonId: number | null;
  storeId: number | null;
  status: 'PENDING' | 'COMPLETED' | 'CANCELLED' | 'REFUNDED';
  orderedAt: Date;
  refundedAt: Date | null;
  lines: SaleLine[];
}

/** What the reference needs to know of the customers, users and products. */
export interface SalesWorld {
  customers: Map<number, { source: string | null; cityTier: number | null }>;
  /** A user's department path (`/1/4/`), null without a department. */
  userDepartmentPaths: Map<number, string | null>;
  productCategories: Map<number, number | null>;
}

const lineTotal = (l: SaleLine) => new Decimal(l.quantity).times(l.unitPrice).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).minus(l.discount);
const lineCost = (l: SaleLine) => new Decimal(l.quantity).times(l.unitCost).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);

export async function insertOrders(app: TestApp, orders: readonly SaleOrder[]): Promise<number[]> {
  const c = app.db.orm.em.fork().getConnection();
  const ids: number[] = [];
  for (const o of orders) {
    const total = o.lines.reduce((s, l) => s.plus(lineTotal(l)), new Decimal(0));
    const cost = o.lines.reduce((s, l) => s.plus(lineCost(l)), new Decimal(0));
    const [row] = await c.execute(
      `insert into sales_order (number, customer_id, status, currency, subtotal, discount_total, total, cost_total, paid_total, ordered_at, completed_at, refunded_at,
                                salesperson_id, store_id, created_at, updated_at)
       values ('R' || nextval('order_number_seq'), ?, ?, 'CNY', ?, 0, ?, ?, 0, ?, ?, ?, ?, ?, now(), now()) returning id`,
      [
        o.customerId,
        o.status,
        total.toFixed(2),
        total.toFixed(2),
        cost.toFixed(2),
        o.orderedAt,
        o.status === 'PENDING' ? null : o.orderedAt,
        o.refundedAt,
        o.salespersonId,
        o.storeId,
      ],
    );
    const id = row.id as number;
    ids.push(id);
    let position = 1;
    for (const l of o.lines) {
      await c.execute(
        `insert into order_line (order_id, product_id, position, quantity, unit_price, discount, line_total, unit_cost) values (?, ?, ?, ?, ?, ?, ?, ?)`,
        [id, l.productId, position++, l.quantity, l.unitPrice, l.discount, lineTotal(l).toFixed(2), l.unitCost],
      );
    }
  }
  return ids;
}

export interface ReferenceFigures {
  amount: string;
  salesAmount: string;
  refundAmount: string;
  grossProfit: string;
  orderCount: number;
  refundCount: number;
  customerCount: number;
  units: string;
}

export interface ReferenceRow {
  label: string;
  keys: Array<string | null>;
  figures: ReferenceFigures;
  previous: ReferenceFigures | null;
  yearBefore: ReferenceFigures | null;
}

interface Entry {
  day: string;
  sign: 1 | -1;
  orderId: number;
  customerId: number;
  keys: Array<string | null>;
  amount: Decimal;
  cost: Decimal;
  quantity: Decimal;
}

export interface ReferenceQuery {
  timeZone: string;
  period: DayRange;
  granularity: ReportGranularity;
  groupBy: SalesDimension[];
}

function keyOf(d: SalesDimension, o: SaleOrder, l: SaleLine, world: SalesWorld): string | null {
  const customer = world.customers.get(o.customerId)!;
  switch (d) {
    case 'COMPANY':
      return null;
    case 'SALESPERSON':
      return o.salespersonId == null ? null : String(o.salespersonId);
    case 'STORE':
      return o.storeId == null ? null : String(o.storeId);
    case 'PRODUCT':
      return String(l.productId);
    case 'CATEGORY': {
      const category = world.productCategories.get(l.productId);
      return category == null ? null : String(category);
    }
    case 'CUSTOMER_SOURCE':
      return customer.source;
    case 'CITY_TIER':
      return customer.cityTier == null ? null : String(customer.cityTier);
    case 'DEPARTMENT': {
      // The top-level department of the seller's department.
      const path = o.salespersonId == null ? null : (world.userDepartmentPaths.get(o.salespersonId) ?? null);
      return path == null ? null : path.split('/').filter(Boolean)[0];
    }
  }
}

function figuresOf(entries: readonly Entry[]): ReferenceFigures {
  const sales = entries.filter((e) => e.sign === 1);
  const refunds = entries.filter((e) => e.sign === -1);
  const sum = (list: readonly Entry[], f: (e: Entry) => Decimal) => list.reduce((s, e) => s.plus(f(e)), new Decimal(0));
  const amount = sum(sales, (e) => e.amount).minus(sum(refunds, (e) => e.amount));
  const cost = sum(sales, (e) => e.cost).minus(sum(refunds, (e) => e.cost));
  return {
    amount: amount.toFixed(2),
    salesAmount: sum(sales, (e) => e.amount).toFixed(2),
    refundAmount: sum(refunds, (e) => e.amount).toFixed(2),
    grossProfit: amount.minus(cost).toFixed(2),
    orderCount: new Set(sales.map((e) => e.orderId)).size,
    refundCount: new Set(refunds.map((e) => e.orderId)).size,
    customerCount: new Set(sales.map((e) => e.customerId)).size,
    units: sum(sales, (e) => e.quantity)
      .minus(sum(refunds, (e) => e.quantity))
      .toFixed(3),
  };
}

/** The report's rows (sorted by bucket, then keys) and totals, computed in TypeScript. */
export function referenceReport(orders: ReadonlyArray<SaleOrder & { id: number }>, world: SalesWorld, q: ReferenceQuery) {
  const dims = q.groupBy.filter((d) => d !== 'COMPANY');
  const entries: Entry[] = [];
  for (const o of orders) {
    const add = (at: Date, sign: 1 | -1) => {
      for (const l of o.lines) {
        entries.push({
          day: calendarDayIn(at, q.timeZone),
          sign,
          orderId: o.id,
          customerId: o.customerId,
          keys: dims.map((d) => keyOf(d, o, l, world)),
          amount: lineTotal(l),
          cost: lineCost(l),
          quantity: new Decimal(l.quantity),
        });
      }
    };
    if (o.status === 'COMPLETED' || o.status === 'REFUNDED') add(o.orderedAt, 1);
    if (o.status === 'REFUNDED' && o.refundedAt) add(o.refundedAt, -1);
  }
  const { previous, yearBefore } = comparisonPeriods(q.period, q.granularity);
  const ranges = [q.period, previous, yearBefore];
  const bucketLists = ranges.map((r, i) => reportBuckets(r, q.granularity, 'granularity', i === 0));
  const inRange = (r: DayRange) => entries.filter((e) => e.day >= r.from && e.day <= r.to);
  const combos = new Map<string, Array<string | null>>();
  for (const r of ranges) for (const e of inRange(r)) combos.set(JSON.stringify(e.keys), e.keys);
  if (dims.length === 0) combos.set('[]', []);
  const cell = (buckets: ReportBucket[], i: number, combo: string) => {
    const b = buckets[i];
    return b ? figuresOf(entries.filter((e) => e.day >= b.from && e.day <= b.to && JSON.stringify(e.keys) === combo)) : null;
  };
  const rows: ReferenceRow[] = [];
  bucketLists[0].forEach((bucket, i) => {
    for (const [combo, keys] of [...combos].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      rows.push({
        label: bucket.label,
        keys,
        figures: cell(bucketLists[0], i, combo)!,
        previous: cell(bucketLists[1], i, combo),
        yearBefore: cell(bucketLists[2], i, combo),
      });
    }
  });
  return {
    rows,
    totals: figuresOf(inRange(q.period)),
    previousTotals: figuresOf(inRange(previous)),
    yearBeforeTotals: figuresOf(inRange(yearBefore)),
  };
}
