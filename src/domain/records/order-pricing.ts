import Decimal from 'decimal.js';
import { say, type Bilingual } from '../common/bilingual';

/**
 * Order arithmetic (DOMAIN R2) with exact decimals: amounts are strings in and out, never
 * floats. Money rounds half-up to 2 places, quantities keep 3.
 */
export interface LineInput {
  quantity: string;
  unitPrice: string;
  discount: string;
  unitCost: string;
}

export interface PricedLine extends LineInput {
  lineTotal: string;
}

export interface OrderTotals {
  subtotal: string;
  discountTotal: string;
  total: string;
  costTotal: string;
  grossProfit: string;
}

export type LineProblem = { index: number; field: 'quantity' | 'unitPrice' | 'discount'; message: Bilingual };

const MORE_THAN_ZERO = say('必须大于 0', 'must be greater than 0');
const NOT_NEGATIVE = say('不能为负数', 'must not be negative');
const decimals = (n: number) => say(`最多 ${n} 位小数`, `at most ${n} decimals`);

const money = (d: Decimal) => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);

export function checkLine(line: LineInput, index: number): LineProblem[] {
  const problems: LineProblem[] = [];
  const quantity = new Decimal(line.quantity);
  if (quantity.lte(0)) problems.push({ index, field: 'quantity', message: MORE_THAN_ZERO });
  if (quantity.decimalPlaces() > 3) problems.push({ index, field: 'quantity', message: decimals(3) });
  const price = new Decimal(line.unitPrice);
  if (price.isNeg()) problems.push({ index, field: 'unitPrice', message: NOT_NEGATIVE });
  if (price.decimalPlaces() > 2) problems.push({ index, field: 'unitPrice', message: decimals(2) });
  const discount = new Decimal(line.discount);
  if (discount.isNeg()) problems.push({ index, field: 'discount', message: NOT_NEGATIVE });
  if (discount.decimalPlaces() > 2) problems.push({ index, field: 'discount', message: decimals(2) });
  if (problems.length === 0 && discount.gt(quantity.times(price))) {
    problems.push({ index, field: 'discount', message: say('不能超过数量 × 单价', 'cannot exceed quantity × unit price') });
  }
  return problems;
}

/** The line in the canonical forms the database stores (quantity 3 decimals, money 2). */
export function priceLine(line: LineInput): PricedLine {
  const gross = new Decimal(line.quantity).times(line.unitPrice);
  return {
    quantity: new Decimal(line.quantity).toFixed(3),
    unitPrice: new Decimal(line.unitPrice).toFixed(2),
    discount: new Decimal(line.discount).toFixed(2),
    unitCost: new Decimal(line.unitCost).toFixed(2),
    lineTotal: money(gross.minus(line.discount)),
  };
}

export function orderTotals(lines: readonly LineInput[]): OrderTotals {
  let subtotal = new Decimal(0);
  let discount = new Decimal(0);
  let cost = new Decimal(0);
  for (const l of lines) {
    subtotal = subtotal.plus(new Decimal(l.quantity).times(l.unitPrice).toDecimalPlaces(2, Decimal.ROUND_HALF_UP));
    discount = discount.plus(l.discount);
    cost = cost.plus(new Decimal(l.quantity).times(l.unitCost).toDecimalPlaces(2, Decimal.ROUND_HALF_UP));
  }
  const total = subtotal.minus(discount);
  return {
    subtotal: money(subtotal),
    discountTotal: money(discount),
    total: money(total),
    costTotal: money(cost),
    grossProfit: money(total.minus(cost)),
  };
}

/** What a payment may be: positive, 2 decimals, no more than what is still owed. */
export function checkPayment(amount: string, orderTotal: string, paidSoFar: string): Bilingual | null {
  const value = new Decimal(amount);
  if (value.lte(0)) return MORE_THAN_ZERO;
  if (value.decimalPlaces() > 2) return decimals(2);
  const outstanding = new Decimal(orderTotal).minus(paidSoFar);
  if (value.gt(outstanding)) return say(`超出了未付余额 ${money(outstanding)}`, `exceeds the outstanding balance of ${money(outstanding)}`);
  return null;
}

export function subtract(a: string, b: string): string {
  return money(new Decimal(a).minus(b));
}

export function add(a: string, b: string): string {
  return money(new Decimal(a).plus(b));
}
