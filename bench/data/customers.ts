import * as V from '../../src/domain/customer/customer.enums';
import { quote, textArray, timeSql, weightBounds, type GeneratorContext } from './sql';
import {
  CITIES,
  COMPANY_CORES,
  COMPANY_FORMS,
  COMPANY_TRADES,
  EMAIL_DOMAINS,
  GIVEN_CHARS,
  INDUSTRIES,
  MOBILE_PREFIXES,
  OCCUPATIONS,
  PRODUCT_CATEGORIES,
  ROADS,
  SOURCE_WEIGHTS,
  SUPPLIERS,
  SURNAMES,
  TAGS,
} from './vocabulary';

/**
 * Buying classes and their shares. The demo's five (never, once, dormant, repeat, loyal)
 * plus seasonal buyers, whose orders fall in two months of each year, and falling buyers,
 * whose monthly volume and product variety shrink over the last three full months.
 */
export const BUYING_CLASSES: ReadonlyArray<readonly [string, number]> = [
  ['NEVER', 0.25],
  ['ONCE', 0.14],
  ['DORMANT', 0.17],
  ['REPEAT', 0.21],
  ['SEASONAL', 0.06],
  ['FALLING', 0.05],
  ['LOYAL', 0.12],
];

/**
 * The scale factor of the multi-order classes for an average of `ordersPerCustomer`: with
 * f = 1 the classes average 0.84 fixed orders (once: 1; falling: 14 in the last four months)
 * plus 9.05 that scale (measured on 100,000 customers).
 */
export function orderScale(ordersPerCustomer: number): number {
  return Math.max(0.05, (ordersPerCustomer - 0.84) / 9.05);
}

/**
 * `t_cplan`: one row per customer with its buying class, creation time, city, owner and
 * the parameters of its orders; then the customer rows and their first assignment.
 */
export async function createCustomers(ctx: GeneratorContext, products: number): Promise<number> {
  const { client, rnd: r, customers } = ctx;
  const t = timeSql(ctx);
  const f = orderScale(ctx.ordersPerCustomer).toFixed(6);
  let bound = 0;
  const classCase = `case ${BUYING_CLASSES.slice(0, -1)
    .map(([name, share]) => `when x < ${(bound += share).toFixed(4)} then '${name}'`)
    .join(' ')} else '${BUYING_CLASSES[BUYING_CLASSES.length - 1][0]}' end`;

  await client.query(
    `create temp table t_cplan as
     with b as (
       select i as id, ${classCase} as class, width_bucket(${r.u('i', 2)}, ${weightBounds(CITIES.map((c) => c.weight))}) as city_n, ${r.u('i', 3)} as a
         from (select i, ${r.u('i', 1)} as x from generate_series(1, ${customers}) i offset 0) g
        offset 0
     ), c as (
       select b.*, ${t.now} - (case class when 'NEVER' then 2 + power(a, 1.3) * 1093 when 'ONCE' then 2 + power(a, 1.3) * 1093
                                          when 'REPEAT' then 120 + power(a, 1.3) * 1340 when 'DORMANT' then 460 + a * 1000
                                          when 'SEASONAL' then 730 + a * 1095 when 'FALLING' then 400 + a * 700
                                          else 540 + a * 1300 end) * interval '1 day' as created_at
         from b
        offset 0
     )
     select c.id, c.class, c.city_n, c.created_at, o.user_id as owner_id, o.department_id, o.store_id,
            (case c.class when 'ONCE' then 1
                          when 'DORMANT' then greatest(2, round(${f} * (3 + ${r.u('c.id', 10)} * 11)))
                          when 'REPEAT' then greatest(2, round(${f} * (4 + ${r.u('c.id', 10)} * 18)))
                          when 'LOYAL' then greatest(3, round(${f} * (15 + ${r.u('c.id', 10)} * 32)))
                          when 'FALLING' then round(${f} * (3 + ${r.u('c.id', 10)} * 5))
                          else 0 end)::int as n,
            (case when c.class = 'SEASONAL' then greatest(1, round(${f} * (1 + ${r.u('c.id', 11)} * 2.5))) else 0 end)::int as per_slot,
            c.created_at as win_start,
            case when c.class = 'DORMANT' then ${t.now} - (200 + ${r.u('c.id', 12)} * 250) * interval '1 day'
                 else ${t.now} - interval '1 day' end as win_end,
            m.m1, 1 + mod(m.m1 - 1 + 3 + floor(${r.u('c.id', 14)} * 6)::int, 12) as m2,
            extract(year from c.created_at at time zone ${t.tz})::int as y0,
            floor(${r.u('c.id', 15)} * ${products})::int as fall_b,
            1 + floor(${r.u('c.id', 16)} * 3)::int as fall_q
       from c
       cross join lateral (select 1 + floor(${r.u('c.id', 13)} * 12)::int as m1) m
       join (select city_n, count(*) as cnt from t_city_owner group by city_n) cc on cc.city_n = c.city_n
       left join t_city_owner o on o.city_n = c.city_n
                                and o.k = case when ${r.u('c.id', 4)} < 0.04 then 0 else 1 + floor(${r.u('c.id', 5)} * cc.cnt)::int end
      order by c.id`,
  );
  await client.query('alter table t_cplan add primary key (id)');
  await client.query('analyze t_cplan');

  const surnames = textArray(SURNAMES.map((s) => s[0]));
  const surnamesPy = textArray(SURNAMES.map((s) => s[1]));
  const given = textArray(GIVEN_CHARS.map((s) => s[0]));
  const givenPy = textArray(GIVEN_CHARS.map((s) => s[1]));
  const cores = textArray(COMPANY_CORES.map((s) => s[0]));
  const coresPy = textArray(COMPANY_CORES.map((s) => s[1]));
  const provinces = textArray(CITIES.map((c) => c.province));
  const cities = textArray(CITIES.map((c) => c.city));
  const tiers = `array[${CITIES.map((c) => c.tier).join(',')}]::smallint[]`;
  // Eight digits from a three-round decimal Feistel permutation of the id (+ an offset for the
  // second phone): a bijection on 0..99,999,999, so no two customers share a number, and no
  // visible pattern between consecutive ids.
  const digits = (offset: number) => {
    const round = (x: string, salt: number) => `mod(hashint8extended((${x})::bigint, ${ctx.seed * 1_000_003 + salt}) & 2147483647, 10000)`;
    const x = `(p.id::bigint + ${offset})`;
    const l0 = `(${x} / 10000)`;
    const r0 = `mod(${x}, 10000)`;
    const r1 = `mod(${l0} + ${round(r0, 71)}, 10000)`;
    const r2 = `mod(${r0} + ${round(r1, 72)}, 10000)`;
    const r3 = `mod(${r1} + ${round(r2, 73)}, 10000)`;
    return `lpad((${r2} * 10000 + ${r3})::text, 8, '0')`;
  };
  const company = 'x.company';

  const inserted = await client.query(
    `insert into customer (id, kind, name, company_name, phone, email, phones, emails, wechat_ids, addresses, source, country, province,
                           city, city_tier, industry, birthday, important_dates, economic_status, purchase_characteristics,
                           previous_categories, main_suppliers, gender, age_band, income_band, occupation, education, company_size,
                           types, tags, custom_fields, preferred_channel, preferred_contact_time, consents, notes, owner_id,
                           department_id, store_id, search_text, version, archived_at, created_at, updated_at)
     select x.id, case when ${company} then 'COMPANY' else 'PERSON' end, x.name, null, x.phone, x.email, x.phones, '{}'::text[], x.wechat_ids,
            jsonb_build_array(jsonb_build_object('label', case when ${company} then '公司' else '家' end, 'country', 'CN',
                              'province', (${provinces})[x.city_n], 'city', (${cities})[x.city_n], 'district', null,
                              'street', ${r.pick(textArray(ROADS), ROADS.length, 'x.id', 30)} || ${r.int(1, 999, 'x.id', 31)} || '号', 'postalCode', null)),
            (${textArray(SOURCE_WEIGHTS.map((s) => s[0]))})[width_bucket(${r.u('x.id', 32)}, ${weightBounds(SOURCE_WEIGHTS.map((s) => s[1]))})],
            'CN', (${provinces})[x.city_n], (${cities})[x.city_n], (${tiers})[x.city_n],
            case when ${company} or ${r.u('x.id', 33)} < 0.5 then ${r.pick(textArray(INDUSTRIES), INDUSTRIES.length, 'x.id', 34)} end,
            case when not ${company} and ${r.u('x.id', 35)} < 0.7 then (${t.localNow})::date - (365.25 * (22 + ${r.u('x.id', 36)} * 48))::int end,
            case when ${company} and ${r.u('x.id', 37)} < 0.3
                 then jsonb_build_array(jsonb_build_object('kind', 'COMPANY_ANNIVERSARY', 'label', '公司成立日',
                                        'date', to_char((${t.localNow})::date - (${r.u('x.id', 38)} * 7300)::int, 'YYYY-MM-DD')))
                 else '[]'::jsonb end,
            ${r.pick(textArray(V.ECONOMIC_STATUSES.values), V.ECONOMIC_STATUSES.values.length, 'x.id', 39)},
            null,
            (array[(${textArray(PRODUCT_CATEGORIES)})[x.pc_a], (${textArray(PRODUCT_CATEGORIES)})[1 + mod(x.pc_a + ${r.int(0, PRODUCT_CATEGORIES.length - 2, 'x.id', 40)}, ${PRODUCT_CATEGORIES.length})]])[1:${r.int(0, 2, 'x.id', 41)}],
            case when ${r.u('x.id', 42)} < 0.3
                 then jsonb_build_array(jsonb_build_object('name', ${r.pick(textArray(SUPPLIERS), SUPPLIERS.length, 'x.id', 43)},
                                        'satisfaction', ${r.int(1, 5, 'x.id', 44)}, 'note', null))
                 else '[]'::jsonb end,
            case when not ${company} then ${r.pick(`array['MALE','FEMALE']`, 2, 'x.id', 45)} end,
            case when not ${company} then ${r.pick(textArray(V.AGE_BANDS.values), V.AGE_BANDS.values.length, 'x.id', 46)} end,
            case when not ${company} then ${r.pick(textArray(V.INCOME_BANDS.values), V.INCOME_BANDS.values.length, 'x.id', 47)} end,
            case when not ${company} then ${r.pick(textArray(OCCUPATIONS), OCCUPATIONS.length, 'x.id', 48)} end,
            case when not ${company} then ${r.pick(textArray(V.EDUCATION_LEVELS.values), V.EDUCATION_LEVELS.values.length, 'x.id', 49)} end,
            case when ${company} then ${r.pick(textArray(V.COMPANY_SIZES.values), V.COMPANY_SIZES.values.length, 'x.id', 50)} end,
            (array[(${textArray(V.BEHAVIOURAL_TYPES.values)})[x.bt_a],
                   (${textArray(V.BEHAVIOURAL_TYPES.values)})[1 + mod(x.bt_a + ${r.int(0, V.BEHAVIOURAL_TYPES.values.length - 2, 'x.id', 51)}, ${V.BEHAVIOURAL_TYPES.values.length})]])
              [1:(array[0,0,0,1,1,1,1,1,1,2])[${r.int(1, 10, 'x.id', 52)}]],
            (array[(${textArray(TAGS)})[x.tag_a], (${textArray(TAGS)})[1 + mod(x.tag_a - 1 + x.tag_s, ${TAGS.length})],
                   (${textArray(TAGS)})[1 + mod(x.tag_a - 1 + 2 * x.tag_s, ${TAGS.length})]])[1:${r.int(0, 3, 'x.id', 53)}],
            '{}'::jsonb,
            ${r.pick(`array[null,'PHONE','WECHAT','SMS','EMAIL']::text[]`, 5, 'x.id', 54)},
            ${r.pick(`array[null,'工作日上午','工作日晚上','周末']::text[]`, 4, 'x.id', 55)},
            jsonb_build_array(jsonb_build_object('channel', 'SMS', 'granted', ${r.u('x.id', 56)} < 0.8,
                              'updatedAt', to_char(x.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))),
            null, x.owner_id, x.department_id, x.store_id,
            -- searchTextOf (src/domain/customer/contact.ts): name, phones each with its national digits, e-mail, WeChat ids; lower-case.
            lower(concat_ws(' ', x.name, x.phone, substr(x.phone, 4), x.phones[1], substr(x.phones[1], 4), x.email, x.wechat_ids[1])),
            1,
            case when ${r.u('x.id', 57)} < 0.02 then x.created_at + interval '1 day' end,
            x.created_at, x.created_at
       from (
         select n.*,
                case when n.company
                     then regexp_replace((${cities})[n.city_n], '市$', '') || (${cores})[n.core] || ${r.pick(textArray(COMPANY_TRADES), COMPANY_TRADES.length, 'n.id', 60)}
                          || ${r.pick(textArray(COMPANY_FORMS), COMPANY_FORMS.length, 'n.id', 61)}
                     else (${surnames})[n.sur] || (${given})[n.g1] || coalesce((${given})[nullif(n.g2, 0)], '') end as name,
                case when ${r.u('n.id', 62)} < 0.6
                     then case when n.company then (${coresPy})[n.core] else (${surnamesPy})[n.sur] || (${givenPy})[n.g1] || coalesce((${givenPy})[nullif(n.g2, 0)], '') end
                          || n.id || '@' || ${r.pick(textArray(EMAIL_DOMAINS), EMAIL_DOMAINS.length, 'n.id', 63)} end as email
           from (
             select p.id, p.city_n, p.owner_id, p.department_id, p.store_id, p.created_at,
                    ${r.u('p.id', 20)} < 0.35 as company,
                    ${r.int(1, SURNAMES.length, 'p.id', 21)} as sur,
                    ${r.int(1, GIVEN_CHARS.length, 'p.id', 22)} as g1,
                    case when ${r.u('p.id', 23)} < 0.6 then ${r.int(1, GIVEN_CHARS.length, 'p.id', 24)} else 0 end as g2,
                    ${r.int(1, COMPANY_CORES.length, 'p.id', 25)} as core,
                    '+86' || ${r.pick(textArray(MOBILE_PREFIXES), MOBILE_PREFIXES.length, 'p.id', 26)} || ${digits(0)} as phone,
                    case when ${r.u('p.id', 27)} < 0.15
                         then array['+86' || ${r.pick(textArray(MOBILE_PREFIXES), MOBILE_PREFIXES.length, 'p.id', 28)} || ${digits(50_000_000)}]
                         else '{}'::text[] end as phones,
                    case when ${r.u('p.id', 29)} < 0.5 then array['wx_' || ${r.hex8('p.id', 64)}] else '{}'::text[] end as wechat_ids,
                    ${r.int(1, PRODUCT_CATEGORIES.length, 'p.id', 65)} as pc_a,
                    ${r.int(1, V.BEHAVIOURAL_TYPES.values.length, 'p.id', 66)} as bt_a,
                    ${r.int(1, TAGS.length, 'p.id', 67)} as tag_a,
                    ${r.int(1, 3, 'p.id', 68)} as tag_s
               from t_cplan p
             offset 0 -- fences: each column is computed once, not inlined at every use
           ) n
         offset 0
       ) x
      order by x.id`,
  );
  await client.query(
    `insert into customer_assignment (customer_id, from_owner_id, to_owner_id, reason, assigned_by_id, assigned_at)
     select id, null, owner_id, ${quote('created')}, null, created_at from t_cplan order by id`,
  );
  return inserted.rowCount ?? 0;
}
