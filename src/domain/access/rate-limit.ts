/**
 * Cost-based rate limits (issue 17 item 2), like Shopify's leaky bucket: each API key and
 * each user has a bucket of points (default 2,000) that refills at a steady rate (default
 * 100 a second); a request is charged its computed cost before it runs and refused
 * (THROTTLED) when the bucket holds less; what it did not use (requested − actual) is given
 * back. The bucket lives in PostgreSQL; these are its pure rules.
 */
export interface BucketSize {
  capacity: number;
  restorePerSecond: number;
}

/** The bucket a viewer charges: `key:<id>` for an API key, `user:<id>` for a signed-in user. */
export function bucketKey(viewer: { kind: 'staff'; userId: number } | { kind: 'partner'; apiKeyId: number }): string {
  return viewer.kind === 'partner' ? `key:${viewer.apiKeyId}` : `user:${viewer.userId}`;
}

/**
 * What a request of `cost` takes from a bucket: its cost, but never more than a full bucket,
 * so a request dearer than the bucket (allowed by GRAPHQL_MAX_COST) runs when the bucket is
 * full and empties it.
 */
export function chargeOf(cost: number, size: BucketSize): number {
  return Math.min(cost, size.capacity);
}

/** Whole seconds until a bucket holding `available` points holds `charge` (at least 1). */
export function retryAfterSeconds(available: number, charge: number, size: BucketSize): number {
  return Math.max(1, Math.ceil((Math.min(charge, size.capacity) - available) / size.restorePerSecond));
}

/**
 * What an answer actually cost, counted the way its requested cost was (a field 1 point, a
 * page 2 more): every field the answer holds, every object with `nodes` or `edges` 2 more.
 * Never more than requested: a request is never charged above its estimate.
 */
export function actualCost(data: unknown, requested: number): number {
  let cost = 0;
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item);
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>);
      cost += entries.length;
      if ('nodes' in value || 'edges' in value) cost += 2;
      for (const [, v] of entries) walk(v);
    }
  };
  walk(data);
  return Math.min(requested, cost);
}
