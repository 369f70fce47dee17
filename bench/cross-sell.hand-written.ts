/**
 * The hand-written twin of `customer.productSuggestions(first: n)` for one customer (bench/cross-sell.ts):
 * the same rule written out in one statement over the stored rules, with the default warning
 * of 7 days before a consumable is used up. Returns product_id in the API's order.
 */
export function handWrittenSuggestionsSql(timeZone: string, today: string, warningDays: number) {
  return {
    sql: `
      with owned as (
        select distinct on (l.product_id) l.product_id, (o.ordered_at at time zone $1)::date as ordered_on,
               sum(l.quantity) over (partition by o.id, l.product_id) as quantity, pr.usage_cycle_days
          from sales_order o join order_line l on l.order_id = o.id join product pr on pr.id = l.product_id
         where o.customer_id = $4 and o.status = 'COMPLETED'
         order by l.product_id, (o.ordered_at at time zone $1)::date desc, o.id desc),
      candidates as (
        select distinct on (r.consequent_id) r.consequent_id, r.confidence, r.lift,
               case when m.product_id is not null then m.ordered_on + floor(m.quantity * m.usage_cycle_days)::int - $3::int end as due_on,
               m.product_id is not null as mine, m.usage_cycle_days
          from product_association r
          join owned a on a.product_id = r.antecedent_id
          left join owned m on m.product_id = r.consequent_id
         where r.lift > 1
         order by r.consequent_id, r.confidence desc, r.lift desc, r.both_customers desc, r.antecedent_id)
      select consequent_id as product_id from candidates
       where not mine or (usage_cycle_days is not null and due_on <= $2::date)
       order by (due_on is null), due_on, confidence desc, lift desc, consequent_id
       limit $5`,
    params: (customerId: number, first: number) => [timeZone, today, warningDays, customerId, first],
  };
}
