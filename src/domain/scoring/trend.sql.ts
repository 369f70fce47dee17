import Decimal from 'decimal.js';
import { type ScoringSqlInput } from './customer-facts.sql';
import { dayStartSql, localDaySql, pgArray, sql } from '../common/sql';
import { trendMonths, type TrendFacts } from './trend';

export type { TrendFacts } from './trend';

/** The first day of a `YYYY-MM` month. */
const firstDay = (month: string) => `${month}-01`;

/** The month after a `YYYY-MM` month. */
function nextMonth(month: string): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7));
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * The monthly purchase figures of the trend (DOMAIN S6) for a page of customers, over the
 * 2N full months before today's month (company time zone), from completed order lines.
 * Rows: per customer and month (`month` set), and per customer and period (`period` =
 * RECENT or PRIOR, for the distinct products of each N-month period).
 */
export function trendFactsSql(input: ScoringSqlInput, ids: readonly number[]): { sql: string; params: unknown[] } {
  const months = trendMonths(input.today, input.settings.trend.months);
  const n = input.settings.trend.months;
  const tz = input.timeZone;
  const from = dayStartSql(firstDay(months[0]), tz);
  const recentFrom = dayStartSql(firstDay(months[n]), tz);
  const to = dayStartSql(firstDay(nextMonth(months[months.length - 1])), tz);
  return sql`
    select t.customer_id, t.month, t.period,
           sum(t.line_total)::text as amount, sum(t.quantity)::text as quantity, count(distinct t.product_id)::int as distinct_products
      from (select o.customer_id, l.product_id, l.line_total, l.quantity,
                   to_char(${localDaySql('o.ordered_at', tz)}, 'YYYY-MM') as month,
                   case when o.ordered_at >= ${recentFrom} then 'RECENT' else 'PRIOR' end as period
              from sales_order o
              join order_line l on l.order_id = o.id
             where o.customer_id = any(${pgArray(ids)}::int[]) and o.status = 'COMPLETED'
               and o.ordered_at >= ${from} and o.ordered_at < ${to}) t
     group by grouping sets ((t.customer_id, t.month), (t.customer_id, t.period))
     order by t.customer_id, t.month, t.period`;
}

export function trendFactsFromRows(
  rows: Record<string, unknown>[],
  ids: readonly number[],
  input: ScoringSqlInput,
): Map<number, TrendFacts> {
  const months = trendMonths(input.today, input.settings.trend.months);
  const result = new Map<number, TrendFacts>();
  for (const id of ids) {
    result.set(id, {
      months: months.map((month) => ({ month, amount: '0.00', quantity: '0', distinctProducts: 0 })),
      recentDistinctProducts: 0,
      priorDistinctProducts: 0,
    });
  }
  for (const row of rows) {
    const facts = result.get(Number(row.customer_id));
    if (!facts) continue;
    const products = Number(row.distinct_products ?? 0);
    if (row.month != null) {
      const month = facts.months.find((m) => m.month === row.month);
      if (month) {
        month.amount = new Decimal(String(row.amount ?? 0)).toFixed(2);
        month.quantity = new Decimal(String(row.quantity ?? 0)).toString();
        month.distinctProducts = products;
      }
    } else if (row.period === 'RECENT') {
      facts.recentDistinctProducts = products;
    } else if (row.period === 'PRIOR') {
      facts.priorDistinctProducts = products;
    }
  }
  return result;
}
