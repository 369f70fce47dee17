import type { EntityManager } from '@mikro-orm/postgresql';
import { customerScopeSql } from '../domain/access/customer-scope.sql';
import { say } from '../domain/common/bilingual';
import { userError, UserInputFailure, type UserErrorData } from '../domain/common/domain-error';
import { pgArray, sql } from '../domain/common/sql';
import {
  choosePortfolio,
  mixLines,
  sharesOf,
  type MixLine,
  type PortfolioCandidate,
  type PortfolioMix,
  type ShareLine,
} from '../domain/customer/portfolio-mix';
import { LIFECYCLE_STAGES, VALUE_TIERS, type LifecycleStage, type ValueTier } from '../domain/scoring/scoring.enums';
import type { Checked } from './checked';
import { CustomerService } from './customer.service';
import { scopeFor } from './customer-scope';
import type { GivenId } from './given-id';
import { customerSetErrors } from './customer-set';
import { claimIdempotencyKey, recordIdempotentResult } from './idempotency';
import { ScoringService } from './scoring.service';
import { SegmentService } from './segment.service';
import { actingUserId, type ServiceContext } from './service-context';
import { inTransaction, type Result } from './transaction';
import { failIfAny } from './validate-input';

/** At most this many customers change owner in one request. */
export const MAX_BATCH_ASSIGN = 1000;
/** At most this many customers to choose from (a segment's members, or named). */
export const MAX_BATCH_CANDIDATES = 5000;
const OPERATION = 'customerAssignBatch';

export interface CustomerAssignBatchCommand extends Checked {
  owner: GivenId;
  /** Exactly one of customerIds and segment. */
  customerIds: GivenId[] | null;
  segment: GivenId | null;
  /** How many to hand over; null: every candidate. */
  count: number | null;
  valueTiers: Array<ShareLine<ValueTier>> | null;
  stages: Array<ShareLine<LifecycleStage>> | null;
  reason: string;
  dryRun: boolean;
  idempotency: { key: string; hash: string } | null;
}

/** What was handed over (or, on a dry run, would be) and the mix achieved. */
export interface AssignmentBatch {
  /** Null on a dry run. */
  batchId: number | null;
  dryRun: boolean;
  replayed: boolean;
  ownerId: number;
  /** Active customers of the viewer's scope that could be handed over. */
  candidateCount: number;
  /** Customers named or in the segment who already belong to the new owner (left as they are). */
  alreadyOwnedCount: number;
  /** In id order. */
  customerIds: number[];
  valueTiers: Array<MixLine<ValueTier>>;
  stages: Array<MixLine<LifecycleStage>>;
}

type StoredReport = Pick<AssignmentBatch, 'candidateCount' | 'alreadyOwnedCount' | 'valueTiers' | 'stages'>;

/**
 * Hands a set of customers to a salesperson (issue 17 item 5, DOMAIN C7 "matched portfolios",
 * [003]): the candidates are named or a segment's members, of the viewer's scope, active, not
 * already the new owner's; with a count and a mix of value tiers and lifecycle stages ("an easy
 * and a challenging half"), the customers chosen are those whose mix comes closest to it
 * (portfolio-mix.ts), by customer id within a class. One transaction: the candidates locked in
 * id order, then each chosen customer's owner, department and store follow the new owner, each
 * with its assignment history row, pointing at the batch, which keeps the mix achieved. A dry
 * run chooses and reports without writing.
 */
export class CustomerAssignBatchService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly scoring: ScoringService,
  ) {}

  async assign(cmd: CustomerAssignBatchCommand): Promise<Result<'batch', AssignmentBatch>> {
    // The scoring rules and the company-wide cut-points before the transaction, so choosing never waits for a second connection while holding one.
    await this.scoring.population();
    return inTransaction(
      this.ctx,
      'batch',
      async (em) => {
        const mix = this.check(cmd);
        const key = cmd.dryRun ? null : cmd.idempotency;
        if (key) {
          const claim = await claimIdempotencyKey(em, this.ctx.viewer, OPERATION, key.key, key.hash);
          if (claim.kind === 'replay') return this.replay(em, claim.resourceId);
        }
        const owner = await new CustomerService({ ...this.ctx, em }).chooseOwner(em, cmd.owner, true);
        const scoring = new ScoringService({ ...this.ctx, em });
        const ids = cmd.segment ? await this.membersOf(em, scoring, cmd.segment) : cmd.customerIds!.map((g) => g.id ?? 0);
        const rows = await this.lock(em, ids, !cmd.dryRun);
        if (cmd.customerIds) this.failOnMissing(cmd.customerIds, rows);
        const candidates = rows.filter((r) => r.owner_id !== owner!.id).map((r) => r.id);
        if (cmd.count == null && candidates.length > MAX_BATCH_ASSIGN) {
          throw new UserInputFailure([
            userError(
              ['input', 'count'],
              say(
                `可移交的客户有 ${candidates.length} 个；请给出不超过 ${MAX_BATCH_ASSIGN} 的 count`,
                `${candidates.length} customers could be handed over; give a count of at most ${MAX_BATCH_ASSIGN}`,
              ),
              'REQUIRED',
            ),
          ]);
        }
        const scored = await scoring.score(candidates);
        const pool: Array<PortfolioCandidate<ValueTier, LifecycleStage>> = candidates.map((id) => ({
          id,
          tier: scored.get(id)!.scores.value.tier,
          stage: scored.get(id)!.scores.lifecycle.stage,
        }));
        const n = Math.min(cmd.count ?? pool.length, pool.length);
        const chosen = choosePortfolio(pool, n, mix);
        const chosenSet = new Set(chosen);
        const picked = pool.filter((c) => chosenSet.has(c.id));
        const report: StoredReport = {
          candidateCount: pool.length,
          alreadyOwnedCount: rows.length - pool.length,
          valueTiers: mixLines(
            VALUE_TIERS.values,
            mix.tiers,
            n,
            pool.map((c) => c.tier),
            picked.map((c) => c.tier),
          ),
          stages: mixLines(
            LIFECYCLE_STAGES.values,
            mix.stages,
            n,
            pool.map((c) => c.stage),
            picked.map((c) => c.stage),
          ),
        };
        const batchId = cmd.dryRun ? null : await this.write(em, cmd, owner!.id, mix, report, chosen);
        if (key && batchId != null) await recordIdempotentResult(em, this.ctx.viewer, OPERATION, key.key, batchId);
        return { batchId, dryRun: cmd.dryRun, replayed: false, ownerId: owner!.id, customerIds: chosen, ...report };
      },
      { scoringUnchanged: 'owner, department and store are not read by the scoring population' },
    );
  }

  /** The rules of the input; the mix as shares. */
  private check(cmd: CustomerAssignBatchCommand): PortfolioMix<ValueTier, LifecycleStage> {
    const errors: UserErrorData[] = [...cmd.invalid];
    errors.push(
      ...customerSetErrors(cmd, MAX_BATCH_CANDIDATES, (given) =>
        say(
          `最多从 ${MAX_BATCH_CANDIDATES} 个客户中挑选（给出了 ${given} 个）`,
          `at most ${MAX_BATCH_CANDIDATES} customers to choose from (${given} given)`,
        ),
      ),
    );
    if (cmd.customerIds && cmd.segment == null) {
      const seen = new Set<string>();
      cmd.customerIds.forEach((g, i) => {
        if (seen.has(g.raw))
          errors.push(userError(['input', 'customerIds', String(i)], say('该客户重复出现', 'the customer is named twice')));
        seen.add(g.raw);
      });
    }
    if (cmd.count != null && (!Number.isInteger(cmd.count) || cmd.count < 1 || cmd.count > MAX_BATCH_ASSIGN)) {
      errors.push(
        userError(
          ['input', 'count'],
          say(`必须在 1 到 ${MAX_BATCH_ASSIGN} 之间（给出的是 ${cmd.count}）`, `between 1 and ${MAX_BATCH_ASSIGN} (${cmd.count} given)`),
        ),
      );
    }
    const shares = <K extends string>(lines: Array<ShareLine<K>> | null, path: string[]) => {
      if (lines == null) return null;
      const result = sharesOf(lines, path);
      if (Array.isArray(result)) {
        errors.push(...result);
        return null;
      }
      return result;
    };
    const mix = { tiers: shares(cmd.valueTiers, ['input', 'mix', 'valueTiers']), stages: shares(cmd.stages, ['input', 'mix', 'stages']) };
    failIfAny(errors);
    return mix;
  }

  /**
   * The members of the segment in the viewer's scope, at most MAX_BATCH_CANDIDATES.
   * Evaluated with the transaction's connection, like the rest of the choice.
   */
  private async membersOf(em: EntityManager, scoring: ScoringService, given: GivenId): Promise<number[]> {
    const segments = new SegmentService({ ...this.ctx, em }, scoring);
    const segment = given.id == null ? null : (await segments.byIds([given.id]))[0];
    if (!segment)
      throw new UserInputFailure([
        userError(['input', 'segmentId'], say(`没有 id 为“${given.raw}”的客户分群`, `no segment with id "${given.raw}"`), 'NOT_FOUND'),
      ]);
    const members = await segments.memberIds({ rule: SegmentService.ruleOf(segment) }, MAX_BATCH_CANDIDATES + 1);
    if (members.length > MAX_BATCH_CANDIDATES) {
      throw new UserInputFailure([
        userError(
          ['input', 'segmentId'],
          say(
            `该客户分群在你的数据范围内有超过 ${MAX_BATCH_CANDIDATES} 个客户；请缩小分群，最多从 ${MAX_BATCH_CANDIDATES} 个客户中挑选`,
            `the segment holds more than ${MAX_BATCH_CANDIDATES} customers of your scope; narrow it to choose from at most ${MAX_BATCH_CANDIDATES}`,
          ),
        ),
      ]);
    }
    return members;
  }

  /** The active customers of the viewer's scope among `ids` with their owners, in id order; locked unless it is a dry run. */
  private async lock(
    em: EntityManager,
    ids: readonly number[],
    forUpdate: boolean,
  ): Promise<Array<{ id: number; owner_id: number | null }>> {
    if (ids.length === 0) return [];
    const statement = sql`select c.id, c.owner_id from customer c
       where c.id = any(${pgArray(ids)}::int[]) and c.archived_at is null and c.merged_into_id is null
         and ${customerScopeSql(scopeFor(this.ctx.viewer))}
       order by c.id`;
    return em.execute(forUpdate ? `${statement.sql} for update of c` : statement.sql, statement.params);
  }

  /** Every named id that is not an active customer of the viewer's scope: NOT_FOUND at its position. */
  private failOnMissing(given: GivenId[], rows: Array<{ id: number }>): void {
    const found = new Set(rows.map((r) => r.id));
    failIfAny(
      given.flatMap((g, i) =>
        g.id != null && found.has(g.id)
          ? []
          : [
              userError(
                ['input', 'customerIds', String(i)],
                say(`没有 id 为“${g.raw}”的未归档客户`, `no active customer with id "${g.raw}"`),
                'NOT_FOUND',
              ),
            ],
      ),
    );
  }

  /** The batch, then each customer's assignment row (from its previous owner) and its new owner, department and store: three statements. */
  private async write(
    em: EntityManager,
    cmd: CustomerAssignBatchCommand,
    ownerId: number,
    mix: PortfolioMix<ValueTier, LifecycleStage>,
    report: StoredReport,
    chosen: number[],
  ): Promise<number> {
    const now = this.ctx.now();
    const [batch] = await em.execute(
      `insert into customer_assignment_batch (to_owner_id, segment_id, requested_count, mix, report, reason, assigned_by_id, created_at)
       values (?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?) returning id`,
      [
        ownerId,
        cmd.segment?.id ?? null,
        cmd.count,
        mix.tiers || mix.stages ? JSON.stringify(mix) : null,
        JSON.stringify(report),
        cmd.reason.trim(),
        actingUserId(this.ctx),
        now,
      ],
    );
    if (chosen.length === 0) return batch.id as number;
    const ids = pgArray(chosen);
    await em.execute(
      `insert into customer_assignment (customer_id, from_owner_id, to_owner_id, reason, assigned_by_id, assigned_at, batch_id)
       select c.id, c.owner_id, ?, ?, ?, ?, ? from customer c where c.id = any(?::int[]) order by c.id`,
      [ownerId, cmd.reason.trim(), actingUserId(this.ctx), now, batch.id, ids],
    );
    await em.execute(
      `update customer c set owner_id = u.id, department_id = u.department_id, store_id = u.store_id,
              version = c.version + 1, updated_at = ?
         from app_user u where u.id = ? and c.id = any(?::int[])`,
      [now, ownerId, ids],
    );
    return batch.id as number;
  }

  /** A retry with the same key: the first request's batch, nothing written. */
  private async replay(em: EntityManager, batchId: number): Promise<AssignmentBatch> {
    const [row] = await em.execute('select to_owner_id, report from customer_assignment_batch where id = ?', [batchId]);
    const assigned: Array<{ customer_id: number }> = await em.execute(
      'select customer_id from customer_assignment where batch_id = ? order by customer_id',
      [batchId],
    );
    const report = row.report as StoredReport;
    return {
      batchId,
      dryRun: false,
      replayed: true,
      ownerId: row.to_owner_id as number,
      customerIds: assigned.map((r) => r.customer_id),
      ...report,
    };
  }
}
