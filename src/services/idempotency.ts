import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import Decimal from 'decimal.js';
import type { Viewer } from '../domain/access/viewer';
import { say } from '../domain/common/bilingual';
import { userError, UserInputFailure } from '../domain/common/domain-error';

export type Claim = { kind: 'new' } | { kind: 'replay'; resourceId: number };

/** Input fields holding decimal strings: "2", "2.0" and "2.000" are the same amount. */
const DECIMAL_FIELDS = new Set(['amount', 'quantity', 'unitPrice', 'discount']);

function canonicalDecimal(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return new Decimal(value).toString();
  } catch {
    return value;
  }
}

/** The same request, whatever the order of its JSON keys or the spelling of its amounts. */
export function requestHash(input: unknown): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value instanceof Date
        ? value.toISOString()
        : value && typeof value === 'object'
          ? Object.fromEntries(
              Object.entries(value as Record<string, unknown>)
                .filter(([k, v]) => k !== 'idempotencyKey' && v !== undefined)
                .sort(([a], [b]) => a.localeCompare(b))
                .map(([k, v]) => [k, DECIMAL_FIELDS.has(k) ? canonicalDecimal(v) : canonical(v)]),
            )
          : value;
  return createHash('sha256')
    .update(JSON.stringify(canonical(input)))
    .digest('hex');
}

function owner(viewer: Viewer | null): string {
  if (!viewer) return 'anonymous';
  return viewer.kind === 'staff' ? `user:${viewer.userId}` : `key:${viewer.apiKeyId}`;
}

/**
 * Claims an idempotency key inside the caller's transaction. The primary key makes a
 * concurrent request with the same key wait until the first transaction ends: if it
 * committed, this one replays its result; if it rolled back, this one claims the key.
 * Keys are per caller (staff user or API key), so two partners cannot collide.
 */
export async function claimIdempotencyKey(
  em: EntityManager,
  viewer: Viewer | null,
  operation: string,
  key: string,
  hash: string,
): Promise<Claim> {
  const scopedKey = `${owner(viewer)}:${key}`;
  const inserted = await em.execute(
    `insert into idempotency_record (operation, key, request_hash, created_at) values (?, ?, ?, now())
     on conflict do nothing returning key`,
    [operation, scopedKey, hash],
  );
  if (inserted.length > 0) return { kind: 'new' };
  const [existing] = await em.execute('select request_hash, resource_id from idempotency_record where operation = ? and key = ?', [
    operation,
    scopedKey,
  ]);
  if (existing.request_hash !== hash || existing.resource_id == null) {
    throw new UserInputFailure([
      userError(
        ['input', 'idempotencyKey'],
        say(`幂等键 "${key}" 已用于另一份不同的输入`, `the key "${key}" was already used with a different input`),
        'IDEMPOTENCY_KEY_REUSED',
      ),
    ]);
  }
  return { kind: 'replay', resourceId: existing.resource_id };
}

export async function recordIdempotentResult(
  em: EntityManager,
  viewer: Viewer | null,
  operation: string,
  key: string,
  resourceId: number,
): Promise<void> {
  await em.execute('update idempotency_record set resource_id = ? where operation = ? and key = ?', [
    resourceId,
    operation,
    `${owner(viewer)}:${key}`,
  ]);
}
