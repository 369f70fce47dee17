import type { EntityManager } from '@mikro-orm/postgresql';
import { say } from '../domain/common/bilingual';
import { userError, UserInputFailure } from '../domain/common/domain-error';
import type { Customer } from '../entities';
import type { LifecycleStage } from '../domain/scoring/scoring.enums';
import { lockCustomerForRecords } from './customer-stats.service';
import type { Checked } from './checked';
import type { GivenId } from './given-id';
import { actingUserId, type ServiceContext } from './service-context';
import { inTransaction, type Result } from './transaction';
import { failIfAny } from './validate-input';

type CustomerResult = Result<'customer', Customer>;

/** Sets a customer's stage by hand. */
export interface LifecycleOverrideSetCommand extends Checked {
  customerId: GivenId;
  stage: LifecycleStage;
  reason: string;
}

export interface LifecycleOverrideClearCommand extends Checked {
  customerId: GivenId;
  reason?: string | null;
}

/**
 * Manual lifecycle stages (DOMAIN L1: "a manual override with a reason is allowed and
 * visible"). Whoever may edit a customer may set or clear its override; every override
 * stays as history (it is cleared, never deleted), so the lifecycle history shows it.
 * `inTransaction` moves the scoring data version on after the commit, since the stage in
 * force feeds the value score and with it the company-wide tier cut-points.
 */
export class LifecycleOverrideService {
  constructor(private readonly ctx: ServiceContext) {}

  /** Sets the stage by hand; an override already in force is cleared (replaced) at the same instant. */
  set(input: LifecycleOverrideSetCommand): Promise<CustomerResult> {
    return inTransaction(this.ctx, 'customer', async (em) => {
      failIfAny(input.invalid);
      const customer = await lockCustomerForRecords(this.ctx, em, input.customerId, ['input', 'customerId']);
      const now = this.ctx.now();
      const by = actingUserId(this.ctx);
      await this.clearActive(em, customer.id, now, by, null);
      await em.execute(`insert into lifecycle_override (customer_id, stage, reason, set_by_id, set_at) values (?, ?, ?, ?, ?)`, [
        customer.id,
        input.stage,
        input.reason.trim(),
        by,
        now,
      ]);
      return customer;
    });
  }

  /** Clears the override in force; the rules decide the stage again. */
  clear(input: LifecycleOverrideClearCommand): Promise<CustomerResult> {
    return inTransaction(this.ctx, 'customer', async (em) => {
      failIfAny(input.invalid);
      const customer = await lockCustomerForRecords(this.ctx, em, input.customerId, ['input', 'customerId']);
      const cleared = await this.clearActive(em, customer.id, this.ctx.now(), actingUserId(this.ctx), input.reason?.trim() ?? null);
      if (cleared === 0) {
        throw new UserInputFailure([
          userError(
            ['input', 'customerId'],
            say(
              '该客户没有可清除的手动阶段，其阶段已按规则判定',
              'the customer has no manual stage to clear; its stage already follows the rules',
            ),
            'CONFLICT',
          ),
        ]);
      }
      return customer;
    });
  }

  /** Ends the override in force of a locked customer; returns how many rows changed (0 or 1). */
  private async clearActive(em: EntityManager, customerId: number, at: Date, by: number | null, reason: string | null): Promise<number> {
    const rows: Array<{ id: number }> = await em.execute(
      `update lifecycle_override set cleared_at = ?, cleared_by_id = ?, clear_reason = ?
        where customer_id = ? and cleared_at is null returning id`,
      [at, by, reason, customerId],
    );
    return rows.length;
  }
}
