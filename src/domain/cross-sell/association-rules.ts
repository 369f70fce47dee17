import Decimal from 'decimal.js';
import { say, type Bilingual } from '../common/bilingual';

/**
 * Association rules over customer-level baskets (DOMAIN A4): every customer with a completed
 * order is one basket holding every product it ever bought in a completed order. A rule
 * X → Y reads "customers who bought X also bought Y"; its figures follow from four counts:
 *
 * - support    = customers who bought both / customers with a completed order
 * - confidence = customers who bought both / customers who bought X
 * - lift       = confidence / (customers who bought Y / customers with a completed order)
 *
 * This is the TypeScript evaluator of one rule; `association-rules.sql.ts` computes every rule
 * at once in PostgreSQL (same figures, rounded the same way), and a test checks that both agree.
 */
export interface RuleCounts {
  /** Customers who bought X (the antecedent). */
  antecedentCustomers: number;
  /** Customers who bought Y (the consequent). */
  consequentCustomers: number;
  /** Customers who bought both. */
  bothCustomers: number;
  /** Customers with at least one completed order line. */
  population: number;
}

export interface RuleFigures {
  support: number;
  confidence: number;
  lift: number;
}

/** Decimal places the figures are stored and compared with (PostgreSQL `round(x, 6)`: half away from zero). */
export const FIGURE_DECIMALS = 6;

/** Default minimum support: a pair bought by at least 0.5% of the customers who bought anything. */
export const DEFAULT_MIN_SUPPORT = '0.005';

const round = (value: Decimal) => value.toDecimalPlaces(FIGURE_DECIMALS, Decimal.ROUND_HALF_UP).toNumber();

export function ruleFigures(c: RuleCounts): RuleFigures {
  if (c.population <= 0 || c.antecedentCustomers <= 0 || c.consequentCustomers <= 0) return { support: 0, confidence: 0, lift: 0 };
  const both = new Decimal(c.bothCustomers);
  return {
    support: round(both.div(c.population)),
    confidence: round(both.div(c.antecedentCustomers)),
    lift: round(both.times(c.population).div(new Decimal(c.antecedentCustomers).times(c.consequentCustomers))),
  };
}

/** Whether a rule is kept: exact support (both / population, unrounded) at least the minimum. */
export function meetsMinimumSupport(c: RuleCounts, minSupport: string): boolean {
  return c.population > 0 && c.bothCustomers > 0 && new Decimal(c.bothCustomers).gte(new Decimal(minSupport).times(c.population));
}

/**
 * The minimum support as given (an admin's argument or CROSS_SELL_MIN_SUPPORT): a fraction in
 * [0, 1] with at most 8 decimals; returns it as a decimal string, or a message saying what is wrong.
 */
export function parseMinSupport(value: number | string): { value: string } | { problem: Bilingual } {
  let d: Decimal;
  try {
    d = new Decimal(value);
  } catch {
    return {
      problem: say(
        `最小支持度必须是 0 到 1 之间的数字，收到的是“${value}”`,
        `the minimum support must be a number between 0 and 1, got "${value}"`,
      ),
    };
  }
  if (!d.isFinite() || d.lt(0) || d.gt(1))
    return {
      problem: say(
        `最小支持度必须在 0 到 1 之间（客户中的占比），收到的是 ${value}`,
        `the minimum support must be between 0 and 1 (a share of the customers), got ${value}`,
      ),
    };
  if (d.decimalPlaces() > 8)
    return { problem: say(`最小支持度最多 8 位小数，收到的是 ${value}`, `the minimum support has at most 8 decimals, got ${value}`) };
  return { value: d.toString() };
}

/** Every rule of a set of baskets (customer → products), in TypeScript: the independent computation tests compare the SQL with. */
export function rulesOfBaskets(
  baskets: ReadonlyMap<number, ReadonlySet<number>>,
  minSupport: string,
): Array<{ antecedentId: number; consequentId: number } & RuleCounts & RuleFigures> {
  const buyers = new Map<number, number>();
  const both = new Map<string, number>();
  let population = 0;
  for (const products of baskets.values()) {
    if (products.size === 0) continue;
    population++;
    for (const x of products) {
      buyers.set(x, (buyers.get(x) ?? 0) + 1);
      for (const y of products) if (x !== y) both.set(`${x}:${y}`, (both.get(`${x}:${y}`) ?? 0) + 1);
    }
  }
  const out: Array<{ antecedentId: number; consequentId: number } & RuleCounts & RuleFigures> = [];
  for (const [key, n] of both) {
    const [x, y] = key.split(':').map(Number) as [number, number];
    const counts: RuleCounts = { antecedentCustomers: buyers.get(x)!, consequentCustomers: buyers.get(y)!, bothCustomers: n, population };
    if (meetsMinimumSupport(counts, minSupport)) out.push({ antecedentId: x, consequentId: y, ...counts, ...ruleFigures(counts) });
  }
  return out.sort((a, b) => a.antecedentId - b.antecedentId || a.consequentId - b.consequentId);
}
