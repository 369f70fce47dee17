import type { EntityManager } from '@mikro-orm/postgresql';
import { readModel } from '../db/read-model';
import { say } from '../domain/common/bilingual';
import { userError } from '../domain/common/domain-error';
import { parseMinSupport } from '../domain/cross-sell/association-rules';
import { associationRulesSql, basketsSql, basketTotalsSql } from '../domain/cross-sell/association-rules.sql';
import { rankSuggestions, type OwnedProduct, type StoredRule, type Suggestion } from '../domain/cross-sell/suggestions';
import { calendarDayIn } from '../domain/common/calendar';
import { localDaySql, pgArray, raw, sql } from '../domain/common/sql';
import { customerScopeSql } from '../domain/segments/segment.sql';
import { ProductAssociationRun, type AssociationTrigger } from '../entities/product-association.entity';
import { scopeFor } from './customer-scope';
import { readReminderState } from './reminder-settings.service';
import type { ServiceContext } from './service-context';
import type { Result } from './transaction';

/** Key of the transaction-level advisory lock that keeps two refreshes from interleaving. */
export const ASSOCIATION_LOCK_KEY = 5_240_014;

/** The refresh reads every completed order line once: its own statement time-out (about 20 s on 1M customers). */
const REFRESH_STATEMENT_TIMEOUT = '600s';

/** Thrown when another refresh holds the lock. */
export class AssociationRefreshBusyError extends Error {
  constructor() {
    super('the association rules are being refreshed');
  }
}

export interface RefreshCommand {
  trigger: AssociationTrigger;
  /** A decimal string in [0, 1] (checked by `parseMinSupport`). */
  minSupport: string;
  byUserId: number | null;
  now: Date;
}

/**
 * Recomputes every association rule (DOMAIN A4) in one transaction: the customer-level baskets
 * of completed orders into a temporary table, the old rules deleted and the new ones inserted
 * with the run that made them. Readers see the previous rules until the commit, then the new
 * ones; a second refresh meanwhile is refused (the scheduler's job retries, an admin is told).
 */
export async function refreshAssociations(em: EntityManager, cmd: RefreshCommand): Promise<ProductAssociationRun> {
  const started = Date.now();
  return em.transactional(async (tx) => {
    const [{ locked }] = await tx.execute<Array<{ locked: boolean }>>('select pg_try_advisory_xact_lock(?) as locked', [
      ASSOCIATION_LOCK_KEY,
    ]);
    if (!locked) throw new AssociationRefreshBusyError();
    await tx.execute(`set local statement_timeout = '${REFRESH_STATEMENT_TIMEOUT}'`);
    await tx.execute(`set local work_mem = '256MB'`);
    const baskets = basketsSql();
    await tx.execute(`create temporary table cross_sell_baskets on commit drop as ${baskets.sql}`, baskets.params);
    await tx.execute('analyze cross_sell_baskets');
    const totals = basketTotalsSql('cross_sell_baskets');
    const [{ population, products }] = await tx.execute<Array<{ population: number; products: number }>>(totals.sql, totals.params);
    await tx.execute('delete from product_association');
    const [{ id: runId }] = await tx.execute<Array<{ id: number }>>(
      `insert into product_association_run (trigger, started_at, finished_at, duration_ms, min_support, population, product_count, rule_count, requested_by_id)
       values (?, ?, ?, 0, ?, ?, ?, 0, ?) returning id`,
      [cmd.trigger, cmd.now, cmd.now, cmd.minSupport, population, products, cmd.byUserId],
    );
    const rules = associationRulesSql('cross_sell_baskets', cmd.minSupport);
    const [{ n }] = await tx.execute<Array<{ n: number }>>(
      `with inserted as (
         insert into product_association (antecedent_id, consequent_id, run_id, antecedent_customers, consequent_customers, both_customers, population, support, confidence, lift)
         select r.antecedent_id, r.consequent_id, ?, r.antecedent_customers, r.consequent_customers, r.both_customers, r.population, r.support, r.confidence, r.lift
           from (${rules.sql}) r
         returning 1)
       select count(*)::int as n from inserted`,
      [runId, ...rules.params],
    );
    const finishedAt = new Date(cmd.now.getTime() + (Date.now() - started));
    const [run] = await tx.execute<Array<Record<string, unknown>>>(
      `update product_association_run set finished_at = ?, duration_ms = ?, rule_count = ? where id = ? returning *`,
      [finishedAt, Date.now() - started, n, runId],
    );
    return readModel(tx, ProductAssociationRun)(run);
  });
}

/** A page of a product's rules: the stored rule rows with lift above 1, strongest first. */
export interface AssociationPage {
  rules: StoredRule[];
  /** Whether a rule follows the page (forward) or precedes it (backward). */
  hasMore: boolean;
}

/** Which page: `limit` rules after the rule of `after` (forward), or just before the rule of `before` (backward), by rank. */
export interface AssociationPageRequest {
  limit: number;
  backward: boolean;
  after: number | null;
  before: number | null;
}

const ruleOf = (r: Record<string, unknown>): StoredRule => ({
  antecedentId: Number(r.antecedent_id),
  consequentId: Number(r.consequent_id),
  antecedentCustomers: Number(r.antecedent_customers),
  consequentCustomers: Number(r.consequent_customers),
  bothCustomers: Number(r.both_customers),
  population: Number(r.population),
  support: Number(r.support),
  confidence: Number(r.confidence),
  lift: Number(r.lift),
});

/** Columns of a rule in the order `boughtTogether` lists them: lift, confidence, then the product id. */
const RANK = 'a.lift desc, a.confidence desc, a.consequent_id';

export class CrossSellService {
  constructor(private readonly ctx: ServiceContext) {}

  /** `productAssociationsRefresh`: a refresh asked for by an admin; bad minimum support or a refresh under way are user errors. */
  async refreshOnDemand(minSupport: number | null | undefined, byUserId: number | null): Promise<Result<'run', ProductAssociationRun>> {
    const parsed = parseMinSupport(minSupport ?? this.ctx.config.crossSellMinSupport);
    if ('problem' in parsed) return { run: null, userErrors: [userError(['input', 'minSupport'], parsed.problem)] };
    try {
      const run = await refreshAssociations(this.ctx.em, { trigger: 'ON_DEMAND', minSupport: parsed.value, byUserId, now: this.ctx.now() });
      return { run, userErrors: [] };
    } catch (error) {
      if (error instanceof AssociationRefreshBusyError) {
        return {
          run: null,
          userErrors: [
            userError(
              [],
              say('关联规则正在刷新，请稍后再试', 'the association rules are being refreshed right now; try again in a moment'),
              'CONFLICT',
            ),
          ],
        };
      }
      throw error;
    }
  }

  /** The latest refresh, or null before the first. */
  async latestRun(): Promise<ProductAssociationRun | null> {
    const [row] = await this.ctx.em.execute('select * from product_association_run order by id desc limit 1');
    return row ? readModel(this.ctx.em, ProductAssociationRun)(row) : null;
  }

  /**
   * The rules X → * of several products at once (`product.boughtTogether` for a page of
   * products), to products still sold (active): one statement, a LATERAL per product, `first` + 1 rows each; `after` is the
   * consequent id of the previous page's last rule.
   */
  async associationsOf(productIds: readonly number[], page: AssociationPageRequest): Promise<Map<number, AssociationPage>> {
    // The rank is (lift, confidence, -consequent) descending; a cursor is the consequent, its rule read for the bound.
    const bound = (consequent: number | null, op: '<' | '>') =>
      consequent == null
        ? sql``
        : sql`and (a.lift, a.confidence, -a.consequent_id) ${raw(op)} (select b.lift, b.confidence, -b.consequent_id from product_association b where b.antecedent_id = p.id and b.consequent_id = ${consequent}::int)`;
    // Backward, the rules just before the bound are read in reverse rank and turned round.
    const order = page.backward ? 'a.lift, a.confidence, a.consequent_id desc' : RANK;
    const q = sql`select a.* from unnest(${pgArray(productIds)}::int[]) as p(id)
      cross join lateral (
        select a.* from product_association a join product c on c.id = a.consequent_id and c.active
         where a.antecedent_id = p.id and a.lift > 1 ${bound(page.after, '<')} ${bound(page.before, '>')}
         order by ${raw(order)} limit ${page.limit + 1}::int) a`;
    const rows = await this.ctx.em.execute(q.sql, q.params);
    const out = new Map<number, AssociationPage>(productIds.map((id) => [id, { rules: [], hasMore: false }]));
    for (const row of rows) out.get(Number(row.antecedent_id))!.rules.push(ruleOf(row));
    for (const found of out.values()) {
      found.hasMore = found.rules.length > page.limit;
      found.rules = found.rules.slice(0, page.limit);
      if (page.backward) found.rules.reverse();
    }
    return out;
  }

  /** How many rules with lift above 1, to a product still sold, each product has. */
  async associationCounts(productIds: readonly number[]): Promise<Map<number, number>> {
    const rows = await this.ctx.em.execute<Array<{ id: number; n: number }>>(
      `select a.antecedent_id as id, count(*)::int as n from product_association a join product c on c.id = a.consequent_id and c.active
        where a.antecedent_id = any(?::int[]) and a.lift > 1 group by 1`,
      [pgArray(productIds)],
    );
    return new Map(rows.map((r) => [Number(r.id), r.n]));
  }

  /**
   * Suggestions for several customers at once (`customer.productSuggestions` for a page of
   * customers), in the viewer's data scope: three statements whatever the page size (the
   * customers' last purchase of each product, the rules of those products, the reminder
   * settings for the used-up warning), then the pure ranking (`rankSuggestions`).
   */
  async suggestionsFor(customerIds: readonly number[]): Promise<Map<number, Suggestion[]>> {
    const out = new Map<number, Suggestion[]>(customerIds.map((id) => [id, []]));
    if (customerIds.length === 0) return out;
    const tz = this.ctx.config.companyTimeZone;
    const owned = sql`
      select c.id as customer_id, x.product_id, x.ordered_on::text as ordered_on, x.quantity::text as quantity, pr.usage_cycle_days
        from customer c
        cross join lateral (
          select distinct on (y.product_id) y.*
            from (select l.product_id, o.id as order_id, ${localDaySql('o.ordered_at', tz)} as ordered_on, sum(l.quantity) as quantity
                    from sales_order o join order_line l on l.order_id = o.id
                   where o.customer_id = c.id and o.status = 'COMPLETED'
                   group by l.product_id, o.id) y
           order by y.product_id, y.ordered_on desc, y.order_id desc) x
        join product pr on pr.id = x.product_id
       where c.id = any(${pgArray(customerIds)}::int[]) and ${customerScopeSql(scopeFor(this.ctx.viewer))}`;
    const ownedRows = await this.ctx.em.execute(owned.sql, owned.params);
    if (ownedRows.length === 0) return out;
    const byCustomer = new Map<number, OwnedProduct[]>();
    for (const r of ownedRows) {
      const list = byCustomer.get(Number(r.customer_id)) ?? [];
      list.push({
        productId: Number(r.product_id),
        usageCycleDays: r.usage_cycle_days == null ? null : Number(r.usage_cycle_days),
        orderedOn: r.ordered_on,
        quantity: r.quantity,
      });
      byCustomer.set(Number(r.customer_id), list);
    }
    const antecedents = [...new Set(ownedRows.map((r) => Number(r.product_id)))];
    // Only products still sold are suggested (a discontinued product keeps its rules until the next refresh).
    const ruleRows = await this.ctx.em.execute(
      `select a.* from product_association a join product c on c.id = a.consequent_id and c.active where a.antecedent_id = any(?::int[]) and a.lift > 1`,
      [pgArray(antecedents)],
    );
    const rules = ruleRows.map(ruleOf);
    const warningDays = (await readReminderState(this.ctx.em)).settings.rules.PRODUCT_USED_UP.warningDays;
    const today = calendarDayIn(this.ctx.now(), tz);
    for (const [customerId, products] of byCustomer) out.set(customerId, rankSuggestions({ owned: products, rules, today, warningDays }));
    return out;
  }
}
