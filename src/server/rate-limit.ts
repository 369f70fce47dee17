import { HeaderMap } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import type { Config } from '../config';
import { say, type Bilingual } from '../domain/common/bilingual';
import { bucketKey, chargeOf, retryAfterSeconds, type BucketSize } from '../domain/access/rate-limit';
import type { Viewer } from '../domain/access/viewer';
import type { EntityManager } from '@mikro-orm/postgresql';
import { chargeBucket } from '../services/rate-limit.service';
import { bilingualError } from './request-locale';

export const THROTTLED = 'THROTTLED';

/** The bucket after a request's charge, as `extensions.cost.throttleStatus` reports it (Shopify's names). */
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface ChargedRequest {
  key: string;
  /** The points taken: the cost, at most a full bucket. */
  charged: number;
  status: ThrottleStatus;
}

/** A request the bucket could not pay for, with the wait until it can. */
export interface Throttled {
  throttled: true;
  cost: number;
  status: ThrottleStatus;
  retryAfterSeconds: number;
}

/** The words of a refusal, for GraphQL and the HTTP routes alike. */
export function throttledMessage(t: Throttled): Bilingual {
  return say(
    `请求过于频繁：本次请求消耗 ${t.cost} 点，你的额度现有 ${t.status.currentlyAvailable} 点（上限 ${t.status.maximumAvailable} 点，` +
      `每秒恢复 ${t.status.restoreRate} 点）；请 ${t.retryAfterSeconds} 秒后重试。`,
    `Throttled: this request costs ${t.cost} points and your bucket holds ${t.status.currentlyAvailable} of ${t.status.maximumAvailable} ` +
      `(restoring ${t.status.restoreRate} a second); retry in ${t.retryAfterSeconds} s.`,
  );
}

/** Refused for lack of points: HTTP 429 with `Retry-After`, code THROTTLED, the wait and the bucket in extensions. */
export function throttledError(t: Throttled, extra: Record<string, unknown> = {}): GraphQLError {
  return bilingualError(throttledMessage(t), {
    extensions: {
      code: THROTTLED,
      retryAfterSeconds: t.retryAfterSeconds,
      ...extra,
      http: { status: 429, headers: new HeaderMap([['retry-after', String(t.retryAfterSeconds)]]) },
    },
  });
}

/**
 * The rate limiter of one API process (issue 17 item 2): charges each request of a signed-in
 * user or an API key its cost, before it runs, in the viewer's bucket in PostgreSQL (shared
 * by every process), and keeps what a request did not use (requested − actual) to give back
 * with the same bucket's next charge from this process, so a refund costs no statement.
 */
export function rateLimiter(config: Config['rateLimit']) {
  const owed = new Map<string, number>();
  const sizeOf = (viewer: Viewer): BucketSize =>
    viewer.kind === 'partner' && viewer.rateLimit
      ? viewer.rateLimit
      : { capacity: config.capacity, restorePerSecond: config.restorePerSecond };
  return {
    enabled: config.enabled,
    /** Charges `cost`, or says how long to wait; null when nothing is charged (limits off, or no viewer: `login`). */
    async charge(em: EntityManager, viewer: Viewer | null, cost: number): Promise<ChargedRequest | Throttled | null> {
      if (!config.enabled || !viewer) return null;
      const key = bucketKey(viewer);
      const size = sizeOf(viewer);
      const refund = owed.get(key) ?? 0;
      owed.delete(key);
      const charge = chargeOf(cost, size);
      const result = await chargeBucket(em, key, size, charge, refund).catch((error: unknown) => {
        if (refund) owed.set(key, (owed.get(key) ?? 0) + refund);
        throw error;
      });
      const status = {
        maximumAvailable: size.capacity,
        currentlyAvailable: Math.floor(result.available),
        restoreRate: size.restorePerSecond,
      };
      if (!result.allowed) return { throttled: true, cost, status, retryAfterSeconds: retryAfterSeconds(result.available, charge, size) };
      return { key, charged: charge, status };
    },
    /** Gives back, with the bucket's next charge, what a request charged but did not use. */
    refund(key: string, points: number): void {
      if (points > 0) owed.set(key, (owed.get(key) ?? 0) + points);
    },
  };
}

export type RateLimiter = ReturnType<typeof rateLimiter>;
