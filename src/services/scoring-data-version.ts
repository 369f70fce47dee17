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
