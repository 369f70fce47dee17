import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Marks the scoring inputs as changed: cached company-wide cut-points (RFM quintiles,
 * profit percentiles, tier and ABC cuts) computed before this call are stale. Called after
 * the commit, so a population computed from a snapshot that already sees the write is
 * never cached under an older version.
 */
export async function bumpScoringDataVersion(em: EntityManager): Promise<void> {
  await em.execute(`select nextval('scoring_data_version')`);
}

/*
 * What the population statement reads (population.sql.ts → scoredCtesSql → factsRelationSql
 * and lifecycleStageSql), besides the settings and the company day, which are part of the
 * cache key already:
 *
 *   customer          id, archived_at (who is in the population), company_size (potential points)
 *   customer_stats    order_count, first_order_at, last_order_at, satisfaction_count,
 *                     satisfaction_sum, open_inquiry_count, open_inquiry_amount,
 *                     last_qualifying_follow_up_at (stage of customers without completed
 *                     orders only); also last_follow_up_at, which feeds relationship depth,
 *                     not the population
 *   sales_order       customer_id, status = 'COMPLETED', ordered_at, total, cost_total
 *                     (windowed spend, profit, growth, median interval)
 *   follow_up         customer_id, occurred_at: the recent count, which feeds depth only
 *   lifecycle_override customer_id, stage, cleared_at (the stage in force)
 *
 * Not read: customer kind, name, contact and custom fields, owner, department and store;
 * payments and paid_total; order lines, products and categories (an order carries its own
 * total and cost_total, fixed when it is created); PENDING and CANCELLED orders; users,
 * departments, stores, api keys, segments, custom-field definitions, follow-up steps.
 * Inquiries, service cases and follow-ups reach the population only through customer_stats.
 *
 * So `inTransaction` moves the version after every commit unless the write says, with a
 * reason, that it leaves these inputs as they were (`TransactionOptions.scoringUnchanged`,
 * or `WriteNotes.scoringUnchanged` from inside the work). A write that forgets stays
 * correct, only slower for the next scoring reader.
 */
