import { userInDepartmentsSql } from '../access/customer-scope.sql';
import { joinSql, pgArray, raw, sql, type SqlFragment } from '../common/sql';
import type { DayRange, ReportGranularity } from './report-period';

/**
 * The sales report as one statement (issue 14, DOMAIN A1; the counting rule is in
 * `sales-figures.ts`): the sale and refund entries of each period asked (the report's, the
 * previous one, the year before) in the company calendar, line by line, grouped by period,
 * bucket and dimensions, with each period's totals as a grouping set of its own (distinct
 * counts do not add up across rows).
 *
 * Columns: r (the range's index), bucket (date: the bucket's first day inside the range; null
 * on a total row), one `k_<dimension>` per dimension (an id or tier as int, a source as text), is_total, sales_amount,
 * refund_amount, net_cost, units, order_count, refund_count, customer_count; then the labels
 * of entity keys (`l_<dimension>`).
 */
export const SALES_DIMENSIONS = [
  'COMPANY',
  'DEPARTMENT',
  'SALESPERSON',
  'STORE',
  'PRODUCT',
  'CATEGORY',
  'CUSTOMER_SOURCE',
  'CITY_TIER',
] as const;
export type SalesDimension = (typeof SALES_DIMENSIONS)[number];

export interface SalesReportFilter {
  salespersonIds?: readonly number[];
  /** The salesperson's department in these departments' subtrees. */
  departmentIds?: readonly number[];
  storeIds?: readonly number[];
  customerIds?: readonly number[];
  /** Lines of these products only. */
  productIds?: readonly number[];
  /** Lines of products in these categories' subtrees only. */
  categoryIds?: readonly number[];
  sources?: readonly string[];
  cityTiers?: readonly number[];
  /** Also PENDING orders, as sales on the day they were placed. */
  includePending?: boolean;
}

export interface SalesReportSqlInput {
  timeZone: string;
  granularity: ReportGranularity;
  ranges: readonly DayRange[];
  /** Without COMPANY (no column). */
  dimensions: readonly SalesDimension[];
  /** DEPARTMENT rows are the children of this department (its path, `/1/4/`), or the top level when null. */
  departmentRoot: { id: number; path: string } | null;
  /** The viewer's data scope over `customer c`; null when it is every customer (no join). */
  customerScope: SqlFragment | null;
  filter: SalesReportFilter;
  /** Units (Σ quantities) are asked: the lines are read even without a line dimension. */
  withUnits: boolean;
  /** At most this many rows are returned (the caller refuses a report that reaches it). */
  rowLimit: number;
}

const TRUNC: Record<ReportGranularity, string> = { DAY: 'day', WEEK: 'week', MONTH: 'month', QUARTER: 'quarter', YEAR: 'year' };

/** The key of a dimension for one line entry `x` (text), and what it needs joined. */
/** The key of a dimension for one entry (ids and tiers as integers, a source as text sorted bytewise: cheap to group). */
function keySql(dimension: SalesDimension): SqlFragment {
  switch (dimension) {
    case 'COMPANY':
      return raw(`null::int`);
    case 'SALESPERSON':
      return raw(`e.salesperson_id`);
    case 'STORE':
      return raw(`e.store_id`);
    case 'PRODUCT':
      return raw(`l.product_id`);
    case 'CATEGORY':
      return raw(`p.category_id`);
    case 'CUSTOMER_SOURCE':
      return raw(`e.source collate "C"`);
    case 'CITY_TIER':
      return raw(`e.city_tier`);
    case 'DEPARTMENT':
      return raw(`dk.k`);
  }
}

/**
 * Each user's DEPARTMENT key, computed once per user rather than per order: the child of the
 * root (or the top-level department) whose subtree holds the user's department; the root itself
 * for its own users; null outside it (and for users without a department: no row).
 */
function departmentKeysSql(input: SalesReportSqlInput): SqlFragment {
  const root = input.departmentRoot;
  const depth = root ? root.path.split('/').filter(Boolean).length : 0;
  return sql`dk as (
      select u.id, case when d.path like ${root?.path ?? '/'}::text || '%'
                        then coalesce((string_to_array(trim(both '/' from d.path), '/')::int[])[${depth + 1}::int], ${root?.id ?? null}::int) end as k
        from app_user u join department d on d.id = u.department_id)`;
}

const LABELS: Partial<Record<SalesDimension, (k: string) => string>> = {
  SALESPERSON: (k) => `(select u.name from app_user u where u.id = ${k})`,
  STORE: (k) => `(select s.name from store s where s.id = ${k})`,
  PRODUCT: (k) => `(select p.name from product p where p.id = ${k})`,
  CATEGORY: (k) => `(select pc.name from product_category pc where pc.id = ${k})`,
  DEPARTMENT: (k) => `(select dl.name from department dl where dl.id = ${k})`,
};

const ids = (values: readonly number[]) => sql`${pgArray(values)}::int[]`;

/** The conditions on an order entry `o` joined with its customer `c`. */
function orderConditions(input: SalesReportSqlInput): SqlFragment[] {
  const f = input.filter;
  const conditions: SqlFragment[] = input.customerScope ? [input.customerScope] : [raw('true')];
  if (f.salespersonIds?.length) conditions.push(sql`o.salesperson_id = any(${ids(f.salespersonIds)})`);
  if (f.departmentIds?.length) {
    conditions.push(userInDepartmentsSql('o.salesperson_id', f.departmentIds));
  }
  if (f.storeIds?.length) conditions.push(sql`o.store_id = any(${ids(f.storeIds)})`);
  if (f.customerIds?.length) conditions.push(sql`o.customer_id = any(${ids(f.customerIds)})`);
  if (f.sources?.length) conditions.push(sql`c.source = any(${`{${f.sources.join(',')}}`}::text[])`);
  if (f.cityTiers?.length) conditions.push(sql`c.city_tier = any(${ids(f.cityTiers)})`);
  return conditions;
}

function lineConditions(input: SalesReportSqlInput): SqlFragment[] {
  const f = input.filter;
  const conditions: SqlFragment[] = [];
  if (f.productIds?.length) conditions.push(sql`l.product_id = any(${ids(f.productIds)})`);
  if (f.categoryIds?.length) {
    conditions.push(sql`p.category_id = any(array(select pc.id from product_category pc join product_category root on pc.path like root.path || '%'
                                                   where root.id = any(${ids(f.categoryIds)})))`);
  }
  return conditions;
}

/** Whether the report must read order lines: a line dimension or filter, or units asked. */
export function salesReportNeedsLines(input: Pick<SalesReportSqlInput, 'dimensions' | 'filter' | 'withUnits'>): boolean {
  const f = input.filter;
  return (
    input.withUnits ||
    input.dimensions.some((d) => d === 'PRODUCT' || d === 'CATEGORY') ||
    Boolean(f.productIds?.length || f.categoryIds?.length)
  );
}

export function salesReportSql(input: SalesReportSqlInput): SqlFragment {
  const tz = input.timeZone;
  const dims = input.dimensions;
  const lines = salesReportNeedsLines(input);
  const needsProduct = dims.includes('CATEGORY') || Boolean(input.filter.categoryIds?.length);
  const needsDepartment = dims.includes('DEPARTMENT');
  const f = input.filter;
  const needsCustomer =
    input.customerScope != null ||
    dims.some((d) => d === 'CUSTOMER_SOURCE' || d === 'CITY_TIER') ||
    Boolean(f.sources?.length || f.cityTiers?.length);
  const saleStatuses = input.filter.includePending ? '{COMPLETED,REFUNDED,PENDING}' : '{COMPLETED,REFUNDED}';
  const where = joinSql(orderConditions(input), ' and ');
  const entry = (dayColumn: string, sign: number, statusCondition: SqlFragment) => sql`
      select rg.r, rg.from_day, (o.${raw(dayColumn)} at time zone ${tz})::date as day, ${raw(String(sign))}::int as sign, o.id as order_id,
             o.customer_id, o.salesperson_id, o.store_id, o.total, o.cost_total${needsCustomer ? raw(', c.source, c.city_tier') : raw('')}
        from rg
        join sales_order o on o.${raw(dayColumn)} >= (rg.from_day::timestamp at time zone ${tz})
                          and o.${raw(dayColumn)} < ((rg.to_day + 1)::timestamp at time zone ${tz})${needsCustomer ? raw('\n        join customer c on c.id = o.customer_id') : raw('')}
       where ${statusCondition} and ${where}`;
  const keyColumns = dims.map((d) => sql`${keySql(d)} as ${raw(`k_${d.toLowerCase()}`)}`);
  const keyNames = dims.map((d) => raw(`, k_${d.toLowerCase()}`));
  const lineWhere = lineConditions(input);
  const labels = dims.filter((d) => LABELS[d]).map((d) => raw(`, ${LABELS[d]!(`b.k_${d.toLowerCase()}`)} as l_${d.toLowerCase()}`));
  // Line by line (a product, a category, units), or order by order from the order's stored
  // total and cost (Σ of its lines, written with them).
  const figures = lines
    ? raw(`l.line_total as amount, round(l.quantity * l.unit_cost, 2) as cost, l.quantity`)
    : raw(`e.total as amount, e.cost_total as cost, null::numeric as quantity`);
  const orderCount = (sign: number) =>
    lines ? raw(`count(distinct order_id) filter (where sign = ${sign})`) : raw(`count(*) filter (where sign = ${sign})`);
  return sql`
    with rg(r, from_day, to_day) as (
      select * from unnest(${pgArray(input.ranges.map((_, i) => i))}::int[], ${`{${input.ranges.map((r) => r.from).join(',')}}`}::date[],
                           ${`{${input.ranges.map((r) => r.to).join(',')}}`}::date[])),
    ${needsDepartment ? sql`${departmentKeysSql(input)},` : raw('')}
    e as (${entry('ordered_at', 1, sql`o.status = any(${saleStatuses}::text[])`)}
      union all${entry('refunded_at', -1, raw(`o.status = 'REFUNDED'`))}),
    x as (
      select e.r, greatest(date_trunc(${TRUNC[input.granularity]}, e.day::timestamp)::date, e.from_day) as bucket,
             e.sign, e.order_id, e.customer_id, ${figures}${joinSql(
               keyColumns.map((k) => sql`, ${k}`),
               '',
             )}
        from e${
          lines
            ? raw(`
        join order_line l on l.order_id = e.order_id`)
            : raw('')
        }${
          needsProduct
            ? raw(`
        join product p on p.id = l.product_id`)
            : raw('')
        }${
          needsDepartment
            ? raw(`
        left join dk on dk.id = e.salesperson_id`)
            : raw('')
        }${
          lineWhere.length
            ? sql`
       where ${joinSql(lineWhere, ' and ')}`
            : raw('')
        }),
    -- Per customer first, so that distinct customers are a count of rows, not a sort of every entry.
    a as (
      select r, grouping(bucket) = 1 as is_total, bucket${joinSql(keyNames, '')}, customer_id,
             sum(amount) filter (where sign = 1) as sales_amount, sum(amount) filter (where sign = -1) as refund_amount,
             sum(sign * cost) as net_cost, sum(sign * quantity) as units,
             ${orderCount(1)} as order_count, ${orderCount(-1)} as refund_count, bool_or(sign = 1) as bought
        from x
       group by grouping sets ((r, bucket${joinSql(keyNames, '')}, customer_id), (r, customer_id))),
    b as (
      select r, is_total, bucket${joinSql(keyNames, '')},
             coalesce(sum(sales_amount), 0) as sales_amount, coalesce(sum(refund_amount), 0) as refund_amount,
             coalesce(sum(net_cost), 0) as net_cost, ${lines ? raw('coalesce(sum(units), 0)') : raw('null::numeric')} as units,
             sum(order_count)::int as order_count, sum(refund_count)::int as refund_count, (count(*) filter (where bought))::int as customer_count
        from a
       group by r, is_total, bucket${joinSql(keyNames, '')})
    select b.*${joinSql(labels, '')} from b limit ${input.rowLimit}::int`;
}
