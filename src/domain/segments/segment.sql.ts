import { catalogueIdOf } from './catalogue-arguments';
import { lifecycleStageSql } from '../lifecycle/lifecycle-stage.sql';
import { type ScoringPopulation } from '../scoring/customer-facts';
import { addDays } from '../common/calendar';
import { freshOrFalseSql, storedOrLocalDaySql, type ScoringSqlInput } from '../scoring/customer-facts.sql';
import { SqlFragment, dayStartSql, joinSql, localDaySql, pgArray, raw, sql } from '../common/sql';
import { customerScoresSql } from '../scoring/customer-scores.sql';
import { segmentConditions, type SegmentCondition, type SegmentFieldKey, type SegmentNode, type SegmentOperator } from './segment-ast';
import { customComparesNumbers, segmentCheck } from './segment-check';
import {
  ORDERING_OPS,
  SEGMENT_FIELDS,
  resolveSegmentDate,
  scaledInteger,
  segmentIdValue,
  windowStartDay,
  type SegmentFieldDefinition,
  type SegmentFieldSource,
} from './segment-fields';
import { trendFlagsRelationSql } from './segment-trend.sql';

export { segmentCheck } from './segment-check';

/**
 * The compiler of the segment language: a checked tree → one parameterised statement over
 * `customer c`. Every value is a `?` parameter (run with `em.execute(sql, params)`); the
 * statement text comes only from the catalogue and the tree's shape, never from user text.
 *
 * Only what a filter uses is joined:
 * - profile fields read `customer c` (indexed columns, GIN on tags and types);
 * - figures (order_count, last_order_at, …) left-join `customer_stats s` (one row per customer);
 * - windows (orders_within, spend_within, follow_ups_within) and inquiries won / lost are
 *   one grouped pass over the rows in the window (`c.id in (select … group by … having …)`);
 * - products and categories bought, and inquiries by status, are EXISTS subqueries (semi-
 *   and anti-joins for the planner);
 * - `stage` alone is the stage rule over the customer's own figures (`customer_stats`, the
 *   active override, and the median days between orders only for buyers the rule can call
 *   dormant): no population, no window figures (see `stageJoinsSql`);
 * - R, F, M, RFM group, value score and tier, ABC, membership and depth join the scores of
 *   every active customer against the population's cut-points (`ctx.population`);
 * - `trend_flag` joins the trend flags of every customer with orders in the trend months.
 *
 * Two-valued logic: a condition on a missing value is false (SQL's NULL never leaks out):
 * `NOT x` is `not coalesce(x, false)` where x can be NULL, so `NOT last_order_at < -90d`
 * includes customers who never ordered. Archived customers are never members.
 */
export interface SegmentSqlContext {
  scoring: ScoringSqlInput;
  /** The company-wide cut-points; needed only when `segmentNeeds(node).population`. */
  population: ScoringPopulation | null;
  /**
   * Score only the customers of the scope, one by one, instead of every active customer as
   * sets: for a small scope (a salesperson's own customers: `value_tier = VIP` counts in 22 ms
   * for 113 customers of 1,004,390, where scoring everyone ran past the 15 s time-out). A
   * customer's scores depend on the cut-points, not on which other customers are scored, so
   * the members are the same.
   */
  scoreWithinScope?: boolean;
}

export interface SegmentNeeds {
  /** customer_stats joined. */
  stats: boolean;
  /** Correlated subqueries over orders / order lines. */
  orders: boolean;
  followUps: boolean;
  inquiries: boolean;
  /** The stage from the customer's own figures, without the population. */
  stage: boolean;
  /** The scores of every active customer: needs `ctx.population`. */
  population: boolean;
  /** The trend flags of every customer. */
  trend: boolean;
}

/** What a filter reads, so a caller computes the population only when a score field is used. */
export function segmentNeeds(node: SegmentNode | null, alsoReads: readonly SegmentFieldKey[] = []): SegmentNeeds {
  const fields = [...(node ? segmentConditions(node).map((c) => c.field) : []), ...alsoReads];
  const sources = new Set<SegmentFieldSource>(fields.map((f) => SEGMENT_FIELDS[f].source));
  const population = sources.has('SCORES');
  return {
    stats: sources.has('STATS') || (sources.has('STAGE') && !population),
    orders: sources.has('ORDERS'),
    followUps: sources.has('FOLLOW_UPS'),
    inquiries: sources.has('INQUIRIES'),
    stage: sources.has('STAGE') && !population,
    population,
    trend: sources.has('TREND'),
  };
}

interface Compiled {
  sql: SqlFragment;
  /** Whether the expression can be NULL (a missing value); `not` then coalesces it to false. */
  nullable: boolean;
}

interface Env {
  input: ScoringSqlInput;
  /** Alias of the relation holding `stage`: the scores when joined, else the per-row stage. */
  stageAlias: 'sco' | 'stg';
}

const SIMPLE_COLUMNS: Partial<Record<SegmentFieldKey, string>> = {
  kind: 'c.kind',
  name: 'c.name',
  source: 'c.source',
  country: 'c.country',
  province: 'c.province',
  city: 'c.city',
  city_tier: 'c.city_tier',
  industry: 'c.industry',
  company_size: 'c.company_size',
  economic_status: 'c.economic_status',
  gender: 'c.gender',
  age_band: 'c.age_band',
  income_band: 'c.income_band',
  education: 'c.education',
  occupation: 'c.occupation',
  tags: 'c.tags',
  types: 'c.types',
  owner: 'c.owner_id',
  department: 'c.department_id',
  store: 'c.store_id',
  created_at: 'c.created_at',
  birthday: 'c.birthday',
  preferred_channel: 'c.preferred_channel',
  order_count: 'coalesce(s.order_count, 0)',
  total_spent: 'coalesce(s.total_spent, 0)',
  first_order_at: 's.first_order_at',
  last_order_at: 's.last_order_at',
  last_follow_up_at: 's.last_follow_up_at',
  follow_up_count: 'coalesce(s.follow_up_count, 0)',
  open_inquiry_count: 'coalesce(s.open_inquiry_count, 0)',
  r: 'sco.r',
  f: 'sco.f',
  m: 'sco.m',
  rfm_group: 'sco.rfm_group',
  value_score: 'sco.score100',
  value_tier: 'sco.tier',
  abc_class: 'sco.abc_class',
  member_level: 'sco.member_level',
  relationship_depth: 'sco.relationship_depth',
};

const COMPARE: Partial<Record<SegmentOperator, string>> = { EQ: '=', NE: '<>', LT: '<', LTE: '<=', GT: '>', GTE: '>=' };

/** Guards that make `->>` text safe to cast (a parameter: the SQL text holds no `?`). */
const NUMBER_TEXT = '^-?[0-9]+(\\.[0-9]+)?$';
const DAY_TEXT = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';

const list = (values: readonly SqlFragment[]) => joinSql(values, ', ');

/** A value as a typed parameter. */
function param(def: SegmentFieldDefinition, value: string): SqlFragment {
  switch (def.type) {
    case 'INTEGER':
      return sql`${value}::int`;
    case 'DECIMAL':
      return def.key === 'value_score' ? sql`${scaledInteger(value, 2)}::int` : sql`${value}::numeric`;
    case 'DATE':
      return sql`${value}::date`;
    default:
      return sql`${value}`;
  }
}

/** `column op value(s)` for scalar columns; NULL when the column is. */
function scalar(column: SqlFragment, op: SegmentOperator, values: SqlFragment[]): SqlFragment {
  switch (op) {
    case 'EQ':
    case 'NE':
    case 'LT':
    case 'LTE':
    case 'GT':
    case 'GTE':
      return sql`${column} ${raw(COMPARE[op]!)} ${values[0]}`;
    case 'IN':
      return sql`${column} in (${list(values)})`;
    case 'NOT_IN':
      return sql`${column} not in (${list(values)})`;
    case 'BETWEEN':
      return sql`${column} between ${values[0]} and ${values[1]}`;
    case 'IS_NULL':
      return sql`${column} is null`;
    case 'IS_NOT_NULL':
      return sql`${column} is not null`;
    case 'CONTAINS':
      return sql`strpos(lower(${column}), lower(${values[0]}::text)) > 0`;
    case 'IS_TRUE':
      throw new Error('IS_TRUE is not a comparison');
  }
}

/** A timestamp compared by its company-local day (see segment-fields.ts). */
function byDay(column: SqlFragment, op: SegmentOperator, values: readonly string[], env: Env): SqlFragment {
  const { today, timeZone } = env.input;
  const day = (v: string) => resolveSegmentDate(v, today);
  const start = (d: string) => dayStartSql(d, timeZone);
  const next = (d: string) => dayStartSql(addDays(d, 1), timeZone);
  switch (op) {
    case 'EQ':
      return sql`(${column} >= ${start(day(values[0]))} and ${column} < ${next(day(values[0]))})`;
    case 'NE':
      return sql`(${column} < ${start(day(values[0]))} or ${column} >= ${next(day(values[0]))})`;
    case 'LT':
      return sql`${column} < ${start(day(values[0]))}`;
    case 'LTE':
      return sql`${column} < ${next(day(values[0]))}`;
    case 'GT':
      return sql`${column} >= ${next(day(values[0]))}`;
    case 'GTE':
      return sql`${column} >= ${start(day(values[0]))}`;
    case 'BETWEEN':
      return sql`(${column} >= ${start(day(values[0]))} and ${column} < ${next(day(values[1]))})`;
    default:
      return scalar(column, op, []);
  }
}

function listColumn(column: SqlFragment, op: SegmentOperator, values: readonly string[]): SqlFragment {
  const array = sql`array[${list(values.map((v) => sql`${v}`))}]::text[]`;
  switch (op) {
    case 'CONTAINS':
      return sql`${column} @> ${array}`;
    case 'IN':
      return sql`${column} && ${array}`;
    case 'NOT_IN':
      return sql`not (${column} && ${array})`;
    default:
      throw new Error(`${op} is not a list operator`);
  }
}

function idColumn(def: SegmentFieldDefinition, column: SqlFragment, op: SegmentOperator, values: readonly string[]): Compiled {
  if (op === 'IS_NULL' || op === 'IS_NOT_NULL') return { sql: scalar(column, op, []), nullable: false };
  const ids = values.map((v) => segmentIdValue(v, def.idType!)!);
  const array = sql`${pgArray(ids)}::int[]`;
  const negated = op === 'NE' || op === 'NOT_IN';
  if (def.key === 'department') {
    const subtree = sql`(select d.id from department d join department root on d.path like root.path || '%' where root.id = any(${array}))`;
    return {
      sql: negated ? sql`(${column} is not null and ${column} not in ${subtree})` : sql`${column} in ${subtree}`,
      nullable: !negated,
    };
  }
  return { sql: negated ? sql`${column} <> all(${array})` : sql`${column} = any(${array})`, nullable: true };
}

function custom(key: string, op: SegmentOperator, values: readonly string[], today: string): SqlFragment {
  const text = sql`(c.custom_fields ->> ${key}::text)`;
  if (!ORDERING_OPS.includes(op))
    return scalar(
      text,
      op,
      values.map((v) => sql`${v}::text`),
    );
  if (customComparesNumbers(values)) {
    const number = sql`(case when ${text} ~ ${NUMBER_TEXT}::text then ${text}::numeric end)`;
    return scalar(
      number,
      op,
      values.map((v) => sql`${v}::numeric`),
    );
  }
  // Days as canonical YYYY-MM-DD text order like the days themselves (byte order, "C"); no cast can fail.
  const day = sql`((case when ${text} ~ ${DAY_TEXT}::text then ${text} end) collate "C")`;
  return scalar(
    day,
    op,
    values.map((v) => sql`(${resolveSegmentDate(v, today)}::text collate "C")`),
  );
}

const COMPLETED_LINES = raw(`from sales_order so
                   join order_line l on l.order_id = so.id
                   join product p on p.id = l.product_id
                  where so.customer_id = c.id and so.status = 'COMPLETED'`);

/** Whether a customer without any of the rows (a count or sum of 0) meets the comparison. */
function zeroMeets(op: SegmentOperator, values: readonly string[]): boolean {
  const v = values.map(Number);
  switch (op) {
    case 'EQ':
      return v[0] === 0;
    case 'NE':
      return v[0] !== 0;
    case 'LT':
      return 0 < v[0];
    case 'LTE':
      return 0 <= v[0];
    case 'GT':
      return 0 > v[0];
    case 'GTE':
      return 0 >= v[0];
    case 'BETWEEN':
      return v[0] <= 0 && 0 <= v[1];
    case 'IN':
      return v.includes(0);
    case 'NOT_IN':
      return !v.includes(0);
    default:
      throw new Error(`${op} does not compare a figure`);
  }
}

/**
 * A comparison of a per-customer aggregate (orders or spend in a window, follow-ups,
 * inquiries won) as one grouped pass over the rows, not a subquery per customer: the
 * customers whose aggregate meets it (`c.id in (… having …)`), or, when a customer without
 * rows (0) meets it, all but those whose aggregate fails it (`c.id not in (… having not …)`).
 */
function perCustomer(
  aggregate: SqlFragment,
  fromWhere: SqlFragment,
  alias: string,
  c: SegmentCondition,
  def: SegmentFieldDefinition,
): Compiled {
  const meets = scalar(
    aggregate,
    c.op,
    c.values.map((v) => param(def, v)),
  );
  const customer = raw(`${alias}.customer_id`);
  return {
    sql: zeroMeets(c.op, c.values)
      ? sql`c.id not in (select ${customer} ${fromWhere} group by ${customer} having not (${meets}))`
      : sql`c.id in (select ${customer} ${fromWhere} group by ${customer} having ${meets})`,
    nullable: false,
  };
}

function compileCondition(c: SegmentCondition, env: Env): Compiled {
  const def = SEGMENT_FIELDS[c.field];
  const { today, timeZone } = env.input;
  const since = () => dayStartSql(windowStartDay(c.argument!, today), timeZone);
  switch (c.field) {
    case 'orders_within':
      return perCustomer(
        raw('count(*)'),
        sql`from sales_order so where so.status = 'COMPLETED' and so.ordered_at >= ${since()}`,
        'so',
        c,
        def,
      );
    case 'spend_within':
      return perCustomer(
        raw('sum(so.total)'),
        sql`from sales_order so where so.status = 'COMPLETED' and so.ordered_at >= ${since()}`,
        'so',
        c,
        def,
      );
    case 'follow_ups_within':
      return perCustomer(raw('count(*)'), sql`from follow_up fu where fu.occurred_at >= ${since()}`, 'fu', c, def);
    case 'inquiries_won':
      return perCustomer(raw('count(*)'), raw(`from inquiry i where i.status = 'WON'`), 'i', c, def);
    case 'inquiries_lost':
      return perCustomer(raw('count(*)'), raw(`from inquiry i where i.status = 'LOST'`), 'i', c, def);
    case 'bought_product': {
      // A Product id, or a SKU or name.
      const id = catalogueIdOf('bought_product', c.argument!);
      const product = id != null ? sql`p.id = ${id}::int` : sql`(p.sku = ${c.argument!}::text or p.name = ${c.argument!}::text)`;
      return { sql: sql`exists (select 1 ${COMPLETED_LINES} and ${product})`, nullable: false };
    }
    case 'bought_category': {
      // A ProductCategory id, or a name; with the categories below it.
      const id = catalogueIdOf('bought_category', c.argument!);
      const root = id != null ? sql`root.id = ${id}::int` : sql`root.name = ${c.argument!}::text`;
      return {
        sql: sql`exists (select 1 ${COMPLETED_LINES} and p.category_id in (
                   select pc.id from product_category pc join product_category root on pc.path like root.path || '%'
                    where ${root}))`,
        nullable: false,
      };
    }
    case 'has_inquiry':
      return {
        sql:
          c.argument == null
            ? raw('exists (select 1 from inquiry i where i.customer_id = c.id)')
            : sql`exists (select 1 from inquiry i where i.customer_id = c.id and i.status = ${c.argument}::text)`,
        nullable: false,
      };
    case 'trend_flag':
      return {
        sql: c.argument === 'DECLINING_VOLUME' ? raw('tr.declining_volume is true') : raw('tr.shrinking_variety is true'),
        nullable: false,
      };
    case 'custom':
      return { sql: custom(c.argument!, c.op, c.values, today), nullable: true };
    case 'stage':
      return {
        sql: scalar(
          raw(`${env.stageAlias}.stage`),
          c.op,
          c.values.map((v) => sql`${v}::text`),
        ),
        nullable: false,
      };
    default:
      break;
  }

  const columnText = SIMPLE_COLUMNS[c.field];
  if (!columnText) throw new Error(`no SQL for segment field ${c.field}`);
  const column = raw(columnText);
  switch (def.type) {
    case 'DATETIME':
      return { sql: byDay(column, c.op, c.values, env), nullable: def.nullable };
    case 'TEXT_LIST':
    case 'ENUM_LIST':
      return { sql: listColumn(column, c.op, c.values), nullable: false };
    case 'ID':
      return idColumn(def, column, c.op, c.values);
    default:
      return {
        sql: scalar(
          column,
          c.op,
          c.values.map((v) => param(def, v)),
        ),
        nullable: def.nullable,
      };
  }
}

function compileNode(node: SegmentNode, env: Env): Compiled {
  switch (node.kind) {
    case 'and':
    case 'or': {
      const parts = node.nodes.map((n) => compileNode(n, env));
      return {
        sql: sql`(${joinSql(
          parts.map((p) => p.sql),
          ` ${node.kind} `,
        )})`,
        nullable: parts.some((p) => p.nullable),
      };
    }
    case 'not': {
      const inner = compileNode(node.node, env);
      return { sql: inner.nullable ? sql`not coalesce(${inner.sql}, false)` : sql`not (${inner.sql})`, nullable: false };
    }
    case 'condition':
      return compileCondition(node, env);
  }
}

/**
 * The stage of each row (alias `stg`, column `stage`): `lifecycleStageSql` over the facts it
 * reads, taken from the row's `customer_stats s` and active override: its stored facts when
 * they are fresh (`input.storedFacts`), else as `factsRelationSql` computes them from the
 * records. There the median days between orders is computed only where the rule can use it
 * (2+ orders, silent longer than the dormancy minimum but not lost), by a subquery over that
 * customer's completed orders (an index-only scan), evaluated after the filter's cheaper
 * conditions: a page stops at its last member, and other conditions narrow a count before any
 * median is computed. Needs `customer_stats s` joined before it.
 */
function stageJoinsSql(input: ScoringSqlInput): SqlFragment {
  const { settings, today, timeZone: tz } = input;
  const rules = settings.lifecycle;
  const orderDay = localDaySql('so.ordered_at', tz);
  const day = (stored: string, column: string) => storedOrLocalDaySql(input, stored, column);
  return sql`left join lifecycle_override lo on lo.customer_id = c.id and lo.cleared_at is null
      cross join lateral (
        select coalesce(s.order_count, 0) as order_count,
               ${day('first_order_on', 's.first_order_at')} as first_order_on,
               ${day('last_order_on', 's.last_order_at')} as last_order_on,
               case when ${freshOrFalseSql(input)} then s.median_interval_days
                    when s.order_count >= 2
                     and s.last_order_at < ${dayStartSql(addDays(today, -rules.dormancyMinDays), tz)}
                     and s.last_order_at >= ${dayStartSql(addDays(today, -rules.lostAfterDays), tz)}
                    then (select percentile_cont(0.5) within group (order by g.gap)
                            from (select ${orderDay} - lag(${orderDay}) over (order by so.ordered_at) as gap
                                    from sales_order so
                                   where so.customer_id = c.id and so.status = 'COMPLETED') g
                           where g.gap is not null) end as median_interval_days,
               coalesce(s.satisfaction_count, 0) as satisfaction_count,
               coalesce(s.satisfaction_sum, 0) as satisfaction_sum,
               coalesce(s.open_inquiry_count, 0) as open_inquiry_count,
               ${day('last_qualifying_follow_up_on', 's.last_qualifying_follow_up_at')} as last_qualifying_follow_up_on,
               lo.stage as override_stage) stf
      cross join lateral (select ${lifecycleStageSql(rules, today, 'stf')} as stage) stg`;
}

/**
 * The FROM … WHERE of a filter over active customers in the scope; `restrict`, a further
 * condition over `customer c` (the marketing eligibility of `segment.members(eligibleFor:)`),
 * comes last so the filter narrows first.
 */
function membersFromWhere(
  node: SegmentNode | null,
  ctx: SegmentSqlContext,
  scope: SqlFragment,
  restrict?: SqlFragment,
  alsoReads: readonly SegmentFieldKey[] = [],
): SqlFragment {
  const problems = node ? segmentCheck(node) : [];
  if (problems.length > 0) throw new Error(`segment filter not checked: ${problems[0].message.en}`);
  const needs = segmentNeeds(node, alsoReads);
  const input = ctx.scoring;
  const joins: SqlFragment[] = [];
  if (needs.stats) joins.push(raw('left join customer_stats s on s.customer_id = c.id'));
  if (needs.population) {
    if (!ctx.population) throw new Error('this segment filter reads scores: pass the scoring population');
    const scores = customerScoresSql(input, ctx.population, ctx.scoreWithinScope ? { activeWhere: scope } : { allActive: true });
    joins.push(sql`join (${new SqlFragment(scores.sql, scores.params)}) sco on sco.customer_id = c.id`);
  }
  if (needs.stage) joins.push(stageJoinsSql(input));
  if (needs.trend) joins.push(sql`left join (${trendFlagsRelationSql(input)}) tr on tr.customer_id = c.id`);
  const condition = node ? compileNode(node, { input, stageAlias: needs.population ? 'sco' : 'stg' }) : { sql: raw('true') };
  return sql`from customer c${joins.length ? sql`\n      ${joinSql(joins, '\n      ')}` : raw('')}
     where c.archived_at is null and (${scope}) and ${condition.sql}${restrict ? sql` and ${restrict}` : raw('')}`;
}

/** One statement, one row: `n`, the number of members. */
export function segmentCountSql(node: SegmentNode, ctx: SegmentSqlContext, scope: SqlFragment, restrict?: SqlFragment): SqlFragment {
  return sql`select count(*)::int as n ${membersFromWhere(node, ctx, scope, restrict)}`;
}

/**
 * One statement: the members (all active customers of the scope without a filter) counted per
 * value of one field of the catalogue (columns `key`, the value as text or null, and `n`), for
 * distributions: the same joins and expressions a condition on that field compiles to, grouped
 * instead of compared. Fields with a plain value only (profile columns, stage, scores).
 */
export function segmentDistributionSql(
  node: SegmentNode | null,
  field: SegmentFieldKey,
  ctx: SegmentSqlContext,
  scope: SqlFragment,
): SqlFragment {
  const needs = segmentNeeds(node, [field]);
  const column = field === 'stage' ? (needs.population ? 'sco.stage' : 'stg.stage') : SIMPLE_COLUMNS[field];
  if (!column || SEGMENT_FIELDS[field].type.endsWith('_LIST')) throw new Error(`no distribution over segment field ${field}`);
  const key = raw(`(${column})::text`);
  return sql`select ${key} as key, count(*)::int as n ${membersFromWhere(node, ctx, scope, undefined, [field])}
     group by 1`;
}

/** One statement: up to `limit` member ids (column `id`) after `afterId`, by id ascending. */
export function segmentPageSql(
  node: SegmentNode,
  ctx: SegmentSqlContext,
  scope: SqlFragment,
  page: { limit: number; afterId: number | null; beforeId?: number | null; backward?: boolean },
  restrict?: SqlFragment,
): SqlFragment {
  if (!Number.isInteger(page.limit) || page.limit < 0) throw new Error(`bad page limit: ${page.limit}`);
  for (const id of [page.afterId, page.beforeId]) if (id != null && !Number.isInteger(id)) throw new Error(`bad cursor id: ${id}`);
  const after = page.afterId == null ? raw('') : sql` and c.id > ${page.afterId}::int`;
  const before = page.beforeId == null ? raw('') : sql` and c.id < ${page.beforeId}::int`;
  // Backward (`last`): the ids just before the bound, read down from it (the caller turns them round).
  return sql`select c.id ${membersFromWhere(node, ctx, scope, restrict)}${after}${before}
     order by c.id${raw(page.backward ? ' desc' : '')}
     limit ${page.limit}::int`;
}

/** Every member id (column `id`) by id ascending, for streaming exports. */
export function segmentMembersQuerySql(node: SegmentNode, ctx: SegmentSqlContext, scope: SqlFragment, restrict?: SqlFragment): SqlFragment {
  return sql`select c.id ${membersFromWhere(node, ctx, scope, restrict)}
     order by c.id`;
}

/** The data scope's SQL (one source: domain/access/customer-scope.sql.ts), re-exported for the segment statements' callers. */
export { customerScopeSql, departmentSubtreeSql } from '../access/customer-scope.sql';
