import { raw, sql, type SqlFragment } from '../common/sql';
import { FIGURE_DECIMALS } from './association-rules';

/**
 * The SQL compiler of `association-rules.ts`, in two steps over the customer-level baskets of
 * completed orders: `basketsSql` (each customer with a completed order line and its sorted
 * distinct products; the refresh keeps them in a temporary table) and `associationRulesSql`
 * over that relation, producing antecedent_id, consequent_id, the four counts, support,
 * confidence and lift (rounded like `ruleFigures`) of the rules whose exact support is at
 * least `minSupport` (a decimal string).
 *
 * Pairs come from the subscripts i < j of each basket (half the pairs, no filter over the
 * other half) and each unordered pair yields both rules. On 1M customers and 7M order lines
 * the whole refresh takes about 20 s, once a night.
 */
export function basketsSql(): SqlFragment {
  return sql`
    select o.customer_id, array_agg(distinct l.product_id order by l.product_id) as products
      from sales_order o join order_line l on l.order_id = o.id
     where o.status = 'COMPLETED'
     group by o.customer_id`;
}

/** The population (customers with a basket) and the products bought, over the baskets relation. */
export function basketTotalsSql(baskets: string): SqlFragment {
  return sql`
    select (select count(*)::int from ${raw(baskets)}) as population,
           (select count(distinct p)::int from ${raw(baskets)} b cross join lateral unnest(b.products) p) as products`;
}

export function associationRulesSql(baskets: string, minSupport: string): SqlFragment {
  const d = FIGURE_DECIMALS;
  const b = raw(baskets);
  return sql`
    with population as (select count(*)::int as n from ${b}),
    buyers as (
      select p.product_id, count(*)::int as customers
        from ${b} b cross join lateral unnest(b.products) p(product_id)
       group by p.product_id),
    pairs as (
      select b.products[i] as x, b.products[j] as y, count(*)::int as both_customers
        from ${b} b
        cross join lateral generate_series(1, cardinality(b.products) - 1) i
        cross join lateral generate_series(i + 1, cardinality(b.products)) j
       group by 1, 2),
    kept as (
      select p.* from pairs p, population
       where p.both_customers::numeric >= ${minSupport}::numeric * population.n),
    rules as (
      select x as antecedent_id, y as consequent_id, both_customers from kept
      union all
      select y, x, both_customers from kept)
    select r.antecedent_id, r.consequent_id, a.customers as antecedent_customers, c.customers as consequent_customers,
           r.both_customers, population.n as population,
           round(r.both_customers::numeric / population.n, ${d}::int) as support,
           round(r.both_customers::numeric / a.customers, ${d}::int) as confidence,
           round(r.both_customers::numeric * population.n / (a.customers::numeric * c.customers), ${d}::int) as lift
      from rules r
      cross join population
      join buyers a on a.product_id = r.antecedent_id
      join buyers c on c.product_id = r.consequent_id`;
}
