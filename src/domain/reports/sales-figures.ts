import Decimal from 'decimal.js';

/**
 * The figures of a sales report row (issue 14, DOMAIN A1), exact: money as decimal strings
 * with 2 places, ratios with 4.
 *
 * The rule: an order counts as a sale on the company-calendar day it was placed once it is
 * COMPLETED (a REFUNDED order was completed before, so it counts there too; PENDING only when
 * asked). A refund counts on the day of the refund, negatively: the refunded order's lines
 * are taken off again. So a period holding both nets to zero, and a report of last month is
 * not rewritten when an order of that month is refunded today.
 */
export interface SalesSums {
  /** Σ line totals of the sales. */
  salesAmount: string;
  /** Σ line totals of the refunds (positive). */
  refundAmount: string;
  /** Σ cost of the sales − Σ cost of the refunds. */
  netCost: string;
  /** Σ quantity of the sales − of the refunds; null when not computed (not asked: the lines are not read). */
  units: string | null;
  orderCount: number;
  refundCount: number;
  customerCount: number;
}

export interface SalesFigures extends SalesSums {
  /** Net sales: sales − refunds. */
  amount: string;
  /** amount − net cost. */
  grossProfit: string;
  /** grossProfit / amount; null when the amount is 0. */
  margin: string | null;
  /** salesAmount / orderCount; null without orders. */
  averageOrderValue: string | null;
}

export interface SalesGrowth {
  /** (this − that) / |that|, null when that is 0 (a net amount can be negative: refunds of earlier sales). */
  amount: string | null;
  grossProfit: string | null;
  orderCount: string | null;
  customerCount: string | null;
}

export const ZERO_SUMS: SalesSums = {
  salesAmount: '0.00',
  refundAmount: '0.00',
  netCost: '0.00',
  units: '0.000',
  orderCount: 0,
  refundCount: 0,
  customerCount: 0,
};

const money = (d: Decimal) => d.toFixed(2);

function ratio(numerator: Decimal.Value, denominator: Decimal.Value): string | null {
  const d = new Decimal(denominator);
  return d.isZero() ? null : new Decimal(numerator).div(d).toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toFixed(4);
}

export function salesFigures(sums: SalesSums): SalesFigures {
  const amount = new Decimal(sums.salesAmount).minus(sums.refundAmount);
  const profit = amount.minus(sums.netCost);
  return {
    ...sums,
    salesAmount: money(new Decimal(sums.salesAmount)),
    refundAmount: money(new Decimal(sums.refundAmount)),
    netCost: money(new Decimal(sums.netCost)),
    units: sums.units == null ? null : new Decimal(sums.units).toFixed(3),
    amount: money(amount),
    grossProfit: money(profit),
    margin: ratio(profit, amount),
    averageOrderValue:
      sums.orderCount === 0 ? null : money(new Decimal(sums.salesAmount).div(sums.orderCount).toDecimalPlaces(2, Decimal.ROUND_HALF_UP)),
  };
}

export function salesGrowth(current: SalesFigures, before: SalesFigures): SalesGrowth {
  const change = (a: Decimal.Value, b: Decimal.Value) => ratio(new Decimal(a).minus(b), new Decimal(b).abs());
  return {
    amount: change(current.amount, before.amount),
    grossProfit: change(current.grossProfit, before.grossProfit),
    orderCount: change(current.orderCount, before.orderCount),
    customerCount: change(current.customerCount, before.customerCount),
  };
}
