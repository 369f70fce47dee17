import { type ScoringSqlInput } from '../scoring/customer-facts.sql';
import { dayStartSql, joinSql, raw, sql, type SqlFragment } from '../common/sql';
import { trendMonths } from '../scoring/trend';

/**
 * The trend flags (DOMAIN S6) of every customer in one set-based relation, the same rule as
 * `evaluateTrend` (scoring/trend.ts) over the figures `trendFactsSql` reads for a page:
 * completed order lines in the 2N full calendar months (company time zone) before today's
 * month.
 *
 * - DECLINING_VOLUME: each of the last N months' volume (quantity or amount, as the rules
 *   say) strictly below the month before it, the first against the prior period's last month;
 *   months without purchases count as 0.
 * - SHRINKING_VARIETY: distinct products of the last N months fell against the N before by
 *   more than 0, by at least `varietyDropMin` and by at least `varietyDropPercent` percent.
 *
 * Columns: customer_id, declining_volume, shrinking_variety (booleans, never null),
 * prior_products, recent_products. Only customers with a completed order line in the 2N
 * months have a row; the others have no flag. `customers`, when given, is a condition on
 * `o.customer_id` limiting the orders read (a data scope's customers).
 */
export function trendFlagsRelationSql(input: ScoringSqlInput, customers?: SqlFragment): SqlFragment {
  const rules = input.settings.trend;
  const n = rules.months;
  const months = trendMonths(input.today, n);
  const tz = input.timeZone;
  const start = (month: string) => dayStartSql(`${month}-01`, tz);
  const end = dayStartSql(`${nextMonth(months[months.length - 1])}-01`, tz);
  let measure: SqlFragment;
  switch (rules.volumeMeasure) {
    case 'AMOUNT':
      measure = raw('l.line_total');
      break;
    case 'QUANTITY':
      measure = raw('l.quantity');
      break;
  }

  if (n <= 0) {
    return raw(
      'select null::int as customer_id, false as declining_volume, false as shrinking_variety, 0 as prior_products, 0 as recent_products where false',
    );
  }

  // The N + 1 months the volume rule compares: the prior period's last month and the N recent ones.
  const volumeMonths = months.slice(n - 1);
  const volumes = volumeMonths.map((month, k) => {
    const to = k + 1 < volumeMonths.length ? start(volumeMonths[k + 1]) : end;
    return sql`coalesce(sum(${measure}) filter (where o.ordered_at >= ${start(month)} and o.ordered_at < ${to}), 0) as ${raw(`v${k}`)}`;
  });
  const declining = joinSql(
    volumeMonths.slice(1).map((_, k) => raw(`t.v${k + 1} < t.v${k}`)),
    ' and ',
  );
  const recentFrom = start(months[n]);
  return sql`
    select t.customer_id,
           (${declining}) as declining_volume,
           (t.prior_products - t.recent_products > 0
            and t.prior_products - t.recent_products >= ${rules.varietyDropMin}::int
            and 100 * (t.prior_products - t.recent_products) >= ${rules.varietyDropPercent}::int * t.prior_products) as shrinking_variety,
           t.prior_products::int as prior_products, t.recent_products::int as recent_products
      from (select o.customer_id,
                   ${joinSql(volumes, ',\n                   ')},
                   count(distinct l.product_id) filter (where o.ordered_at < ${recentFrom}) as prior_products,
                   count(distinct l.product_id) filter (where o.ordered_at >= ${recentFrom}) as recent_products
              from sales_order o
              join order_line l on l.order_id = o.id
             where o.status = 'COMPLETED' and o.ordered_at >= ${start(months[0])} and o.ordered_at < ${end}${customers ? sql` and ${customers}` : raw('')}
             group by o.customer_id) t`;
}

/** The month after a `YYYY-MM` month. */
function nextMonth(month: string): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7));
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}
