import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../domain/access/viewer';
import { throttledMessage, type RateLimiter } from '../server/rate-limit';
import type { EdgeError } from './errors';

/**
 * Charges a file export (`RATE_LIMIT_EXPORT_COST` points) to the viewer's rate-limit bucket,
 * the one its GraphQL requests charge: the refusal to answer (429 with `Retry-After`), or null.
 */
export async function chargeExport(
  limiter: RateLimiter | undefined,
  em: EntityManager,
  viewer: Viewer,
  cost: number,
): Promise<EdgeError | null> {
  const result = await limiter?.charge(em, viewer, cost);
  if (!result || !('throttled' in result)) return null;
  return {
    code: 'TOO_MANY_REQUESTS',
    message: throttledMessage(result),
    retryAfterSeconds: result.retryAfterSeconds,
    details: { throttleStatus: result.status, requestedCost: cost },
  };
}
