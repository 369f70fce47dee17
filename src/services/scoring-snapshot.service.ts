import { readModel } from '../db/read-model';
import { say } from '../domain/common/bilingual';
import { RequestError, userError } from '../domain/common/domain-error';
import { calendarDayIn } from '../domain/common/calendar';
import { customerScoresSql } from '../domain/scoring/customer-scores.sql';
import { populationFromRow, populationSql } from '../domain/scoring/population.sql';
import type { ValueTier } from '../domain/scoring/scoring.enums';
import { ScoringSnapshotRun, type SnapshotTrigger } from '../entities/scoring-snapshot-run.entity';
import type { ConnectionResult } from '../lib/connection';
import { applyCustomerScope, scopeFor } from './customer-scope';
import { paginate, type PageArgs } from '../lib/pagination';
import { storedFactsFor } from './customer-facts-basis';
import { readScoringState } from './scoring-settings.service';
import type { ServiceContext } from './service-context';
import type { Result } from './transaction';

/** Key of the transaction-level advisory lock that keeps two snapshots from interleaving. */
export const SNAPSHOT_LOCK_KEY = 5_240_001;

/** A snapshot of every active customer may take a while on a large company: its own statement time-out. */
const SNAPSHOT_STATEMENT_TIMEOUT = '600s';

export interface TierMigrationFilter {
  from?: ValueTier | null;
  to?: ValueTier | null;
  since?: Date | null;
  until?: Date | null;
}

/** A customer's move between value tiers at a snapshot. */
export interface TierMigration {
  /** Row id, for the cursor. */
  id: number;
  customerId: number;
  from: ValueTier;
  to: ValueTier;
  /** The value score at the snapshot (a decimal string). */
  score: string;
  takenAt: Date;
}

/** Thrown when another snapshot holds the lock. */
export class SnapshotBusyError extends Error {
  constructor() {
    super('another value-tier snapshot is being taken');
  }
}

/**
 * Value-tier snapshots (DOMAIN S5): the tier of every active customer, computed by the SQL
 * compiler of the scoring rules, stored only where it differs from the customer's latest
 * snapshot, so the rows are the tier changes; `tierMigrations` reads them.
 */
export class ScoringSnapshotService {
  constructor(private readonly ctx: ServiceContext) {}

  /**
   * Takes one snapshot in one transaction: the population's cut-points first, then one
   * statement that records the run and inserts the changed tiers. A transaction-level
   * advisory lock keeps two runs from interleaving; a second one meanwhile is refused. A
   * scheduled run on a company day that has one already takes nothing and returns that one.
   */
  async takeSnapshot(trigger: SnapshotTrigger, byUserId: number | null): Promise<ScoringSnapshotRun> {
    return this.ctx.em.transactional(async (em) => {
      const [{ locked }] = await em.execute<Array<{ locked: boolean }>>('select pg_try_advisory_xact_lock(?) as locked', [
        SNAPSHOT_LOCK_KEY,
      ]);
      if (!locked) throw new SnapshotBusyError();
      const now = this.ctx.now();
      const timeZone = this.ctx.config.companyTimeZone;
      const today = calendarDayIn(now, timeZone);
      if (trigger === 'SCHEDULE') {
        // One scheduled run per company day, however many API processes run the scheduler and
        // however often pg-boss delivers the job (at least once: a job whose worker died after
        // the commit, or that ran past its expiry, is worked again). Under the lock: no race.
        const [taken] = await em.execute<Array<Record<string, unknown>>>(
          `select * from scoring_snapshot_run where trigger = 'SCHEDULE' and taken_on = ?::date order by id limit 1`,
          [today],
        );
        if (taken) return readModel(em, ScoringSnapshotRun)(taken);
      }
      await em.execute(`set local statement_timeout = '${SNAPSHOT_STATEMENT_TIMEOUT}'`);
      const state = await readScoringState(em);
      const input = {
        settings: state.settings,
        today,
        timeZone,
        storedFacts: storedFactsFor(state, timeZone),
      };
      const cuts = populationSql(input);
      const population = populationFromRow((await em.execute(cuts.sql, cuts.params))[0]);
      const scores = customerScoresSql(input, population, { allActive: true });
      const [run] = await em.execute<Array<Record<string, unknown>>>(
        `with scored as (${scores.sql}),
         latest as (
           select distinct on (v.customer_id) v.customer_id, v.tier
             from value_tier_snapshot v
            order by v.customer_id, v.taken_at desc, v.id desc),
         changed as (
           select s.customer_id, s.tier, l.tier as previous_tier, round(s.score100::numeric / 100, 2) as score
             from scored s left join latest l on l.customer_id = s.customer_id
            where l.tier is distinct from s.tier),
         run as (
           insert into scoring_snapshot_run (trigger, taken_at, taken_on, customer_count, change_count, settings_version, requested_by_id)
           select ?, ?, ?::date, (select count(*) from scored), (select count(*) from changed), ?, ?
           returning *),
         inserted as (
           insert into value_tier_snapshot (run_id, customer_id, tier, previous_tier, score, taken_at)
           select run.id, c.customer_id, c.tier, c.previous_tier, c.score, run.taken_at from run cross join changed c)
         select run.* from run`, // a data-modifying CTE runs to completion whether or not it is read
        [...scores.params, trigger, now, input.today, state.settingsVersion, byUserId],
      );
      return readModel(em, ScoringSnapshotRun)(run);
    });
  }

  /** `scoringSnapshotTake`: a snapshot asked for by the viewer; a run already under way is a user error. */
  async takeOnDemand(byUserId: number | null): Promise<Result<'run', ScoringSnapshotRun>> {
    try {
      return { run: await this.takeSnapshot('ON_DEMAND', byUserId), userErrors: [] };
    } catch (error) {
      if (error instanceof SnapshotBusyError) {
        return {
          run: null,
          userErrors: [
            userError(
              [],
              say('正在生成价值分级快照，请稍后再试', 'a value-tier snapshot is being taken right now; try again in a moment'),
              'CONFLICT',
            ),
          ],
        };
      }
      throw error;
    }
  }

  /** Tier changes of customers in the viewer's scope, newest first (a customer's first snapshot is not a move). */
  tierMigrations(filter: TierMigrationFilter, args: PageArgs): Promise<ConnectionResult<TierMigration>> {
    if (filter.since && filter.until && filter.since.getTime() > filter.until.getTime()) {
      throw new RequestError('BAD_USER_INPUT', say('since 不能晚于 until', 'since must not be after until'));
    }
    const em = this.ctx.em;
    const q = em
      .getKnex()
      .from('value_tier_snapshot as s')
      .join('customer as c', 'c.id', 's.customer_id')
      .select('s.id', 's.customer_id', 's.tier', 's.previous_tier', 's.score', 's.taken_at')
      .whereNotNull('s.previous_tier');
    applyCustomerScope(q, scopeFor(this.ctx.viewer), 'c');
    if (filter.from) q.where('s.previous_tier', filter.from);
    if (filter.to) q.where('s.tier', filter.to);
    if (filter.since) q.where('s.taken_at', '>=', filter.since);
    if (filter.until) q.where('s.taken_at', '<=', filter.until);
    return paginate({
      em,
      base: q,
      idColumn: 's.id',
      sort: { key: 'TAKEN_AT', column: 's.taken_at' },
      reverse: true,
      args,
      toNodes: (
        rows: Array<{ id: number; customer_id: number; tier: ValueTier; previous_tier: ValueTier; score: string; taken_at: Date }>,
      ) =>
        rows.map((r): TierMigration => ({
          id: r.id,
          customerId: r.customer_id,
          from: r.previous_tier,
          to: r.tier,
          score: r.score,
          takenAt: new Date(r.taken_at),
        })),
    });
  }
}
