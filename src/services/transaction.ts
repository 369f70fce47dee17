import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { userError, UserInputFailure, type UserErrorData } from '../domain/common/domain-error';
import { bumpScoringDataVersion } from './scoring-data-version';

export type Result<K extends string, T> = { [key in K]: T | null } & { userErrors: UserErrorData[] };

/** Unique constraints and the input field a clash on them is about. */
const UNIQUE_FIELDS: Record<string, { field: string[]; message: string }> = {
  app_user_email_unique: { field: ['input', 'email'], message: 'is already used by another user' },
  custom_field_definition_key_unique: { field: ['input', 'key'], message: 'is already used by another custom field' },
  product_sku_unique: { field: ['input', 'sku'], message: 'is already used by another product' },
  follow_up_step_key_unique: { field: ['input', 'key'], message: 'is already used by another step' },
};

/**
 * Runs `work` in one transaction and returns its object as the payload field `field`. User
 * errors thrown inside roll the transaction back and become the payload's `userErrors`; so
 * does losing a race on a unique constraint (TAKEN), instead of a 500. After a commit the
 * scoring data version moves on, so cached company-wide cut-points are recomputed.
 */
export async function inTransaction<K extends string, T>(
  em: EntityManager,
  field: K,
  work: (em: EntityManager) => Promise<T>,
): Promise<Result<K, T>> {
  try {
    const value = await em.transactional(work);
    await bumpScoringDataVersion(em);
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
