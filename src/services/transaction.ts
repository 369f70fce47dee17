import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { actorSetting } from '../domain/audit/change-history';
import { say, type Bilingual } from '../domain/common/bilingual';
import { userError, UserInputFailure, type UserErrorData } from '../domain/common/domain-error';
import { sql, type SqlFragment } from '../domain/common/sql';
import { bumpScoringDataVersion } from './scoring-data-version';
import type { ServiceContext } from './service-context';

export type Result<K extends string, T> = { [key in K]: T | null } & { userErrors: UserErrorData[] };

/** Unique constraints and the input field a clash on them is about. */
const UNIQUE_FIELDS: Record<string, { field: string[]; message: Bilingual }> = {
  app_user_email_unique: { field: ['input', 'email'], message: say('已被其他用户使用', 'is already used by another user') },
  custom_field_definition_key_unique: {
    field: ['input', 'key'],
    message: say('已被其他自定义字段使用', 'is already used by another custom field'),
  },
  product_sku_unique: { field: ['input', 'sku'], message: say('已被其他产品使用', 'is already used by another product') },
  follow_up_step_key_unique: { field: ['input', 'key'], message: say('已被其他跟进步骤使用', 'is already used by another step') },
};

export interface TransactionOptions {
  /**
   * Why this write can never change what the scoring population reads (the list beside
   * `bumpScoringDataVersion`). Omitted: the scoring data version moves after the commit.
   */
  scoringUnchanged?: string;
  /**
   * The work's first statement sets the acting user or key itself (selecting `actorSql(ctx)`),
   * saving the round trip `inTransaction` would spend on it: for writes counted in statements.
   */
  actorSetByWork?: boolean;
}

/**
 * `set_config('app.actor', …, true)`: who writes, for the change history's triggers, for the
 * rest of the transaction (the setting is local to it). A select-list expression, so a hot
 * write can put it in its first statement.
 */
export function actorSql(ctx: Pick<ServiceContext, 'viewer' | 'requestId'>): SqlFragment {
  return sql`set_config('app.actor', ${actorSetting(ctx.viewer, ctx.requestId)}, true)`;
}

/** What the work found out while writing, for `inTransaction` to act on after the commit. */
export interface WriteNotes {
  /** This commit, as the work saw it, leaves the scoring population inputs as they were (say why). */
  scoringUnchanged(reason: string): void;
}

/**
 * Runs `work` in one transaction and returns its object as the payload field `field`. Its
 * first statement says who acts (`actorSql`), so every change it writes is recorded with
 * the viewer and the request id. User
 * errors thrown inside roll the transaction back and become the payload's `userErrors`; so
 * does losing a race on a unique constraint (TAKEN), instead of a 500. After a commit the
 * scoring data version moves on, so cached company-wide cut-points are recomputed, unless
 * the write declared (statically in `options`, or from what it saw through `notes`) that
 * it changed none of the population's inputs.
 */
export async function inTransaction<K extends string, T>(
  ctx: ServiceContext,
  field: K,
  work: (em: EntityManager, notes: WriteNotes) => Promise<T>,
  options: TransactionOptions = {},
): Promise<Result<K, T>> {
  try {
    let scoringUnchanged = Boolean(options.scoringUnchanged);
    const notes: WriteNotes = {
      scoringUnchanged: (reason) => {
        if (reason) scoringUnchanged = true;
      },
    };
    const value = await ctx.em.transactional(async (tx) => {
      if (!options.actorSetByWork) {
        const actor = sql`select ${actorSql(ctx)}`;
        await tx.execute(actor.sql, actor.params);
      }
      return work(tx, notes);
    });
    if (!scoringUnchanged) await bumpScoringDataVersion(ctx.em);
    // Read-your-writes: this viewer's heavy reads come from the primary until a replica holds the commit.
    await ctx.reads?.wrote();
    return { [field]: value, userErrors: [] } as unknown as Result<K, T>;
  } catch (error) {
    const userErrors =
      error instanceof UserInputFailure
        ? error.userErrors
        : error instanceof UniqueConstraintViolationException && UNIQUE_FIELDS[constraintOf(error)]
          ? [userError(UNIQUE_FIELDS[constraintOf(error)].field, UNIQUE_FIELDS[constraintOf(error)].message, 'TAKEN')]
          : null;
    if (userErrors) return { [field]: null, userErrors } as unknown as Result<K, T>;
    throw error;
  }
}

function constraintOf(error: UniqueConstraintViolationException): string {
  return (error as unknown as { constraint?: string }).constraint ?? '';
}
