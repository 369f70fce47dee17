import type { EntityManager } from '@mikro-orm/postgresql';
import { decideAttempt, type ThrottlePolicy, type ThrottleState } from '../domain/access/login-throttle';

/**
 * The login throttle's state in PostgreSQL (table `login_throttle`), so every replica sees
 * the same counts. Why a table of our own and not rate-limiter-flexible's
 * RateLimiterPostgres: that one counts in fixed windows with a fixed block (no doubling
 * back-off outside its express-brute wrapper), reads the clock itself, creates its table at
 * run time, and cannot give one key's attempt back while another key keeps it. Here an
 * attempt is counted for all its keys in one transaction under row locks, before the
 * password is checked, so parallel attempts cannot pass the count; the rule itself is the
 * pure `decideAttempt`.
 */
export interface ThrottleKey {
  key: string;
  policy: ThrottlePolicy;
  /** Account keys are forgotten on success; address keys only get this attempt back. */
  resetOnSuccess: boolean;
}

interface CountedKey extends ThrottleKey {
  before: ThrottleState | null;
  counted: ThrottleState;
}

export type Reservation = { allowed: false; retryAfterSeconds: number } | { allowed: true; keys: CountedKey[] };

interface Row {
  key: string;
  failures: number;
  blocked_until: Date | string | null;
  forget_at: Date | string;
}

const toDate = (value: Date | string) => (value instanceof Date ? value : new Date(value));
const PRUNE_EVERY = 100;
let reservationsSincePrune = 0;

/** Counts an attempt for every key, or refuses it (counting nothing) while any key is locked. */
export async function reserveAttempt(em: EntityManager, keys: ThrottleKey[], now: Date): Promise<Reservation> {
  if (keys.length === 0) return { allowed: true, keys: [] };
  // One lock order for every request (sorted keys), so two attempts never deadlock.
  const sorted = [...keys].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const names = sorted.map((k) => k.key);
  const marks = names.map(() => '?').join(', ');
  const reservation = await em.transactional(async (tx) => {
    // A new key gets a row that means "no streak" (forget_at = now), so it can be locked.
    await tx.execute(
      `insert into login_throttle (key, failures, blocked_until, forget_at) values ${names.map(() => '(?, 0, null, ?)').join(', ')}
       on conflict (key) do nothing`,
      names.flatMap((name) => [name, now]),
    );
    const rows: Row[] = await tx.execute(
      `select key, failures, blocked_until, forget_at from login_throttle where key in (${marks}) order by key for update`,
      names,
    );
    const states = new Map(
      rows.map((r) => [
        r.key,
        { failures: r.failures, blockedUntil: r.blocked_until === null ? null : toDate(r.blocked_until), forgetAt: toDate(r.forget_at) },
      ]),
    );
    const counted: CountedKey[] = [];
    let refusedFor = 0;
    for (const key of sorted) {
      const before = states.get(key.key) ?? null;
      const decision = decideAttempt(before, key.policy, now);
      if (!decision.allowed) refusedFor = Math.max(refusedFor, decision.retryAfterSeconds);
      else counted.push({ ...key, before, counted: decision.next });
    }
    if (refusedFor > 0) return { allowed: false as const, retryAfterSeconds: refusedFor };
    await tx.execute(
      `update login_throttle t set failures = v.failures, blocked_until = v.blocked_until, forget_at = v.forget_at
         from (values ${counted.map(() => '(?, ?::int, ?::timestamptz, ?::timestamptz)').join(', ')}) v(key, failures, blocked_until, forget_at)
        where t.key = v.key`,
      counted.flatMap((c) => [c.key, c.counted.failures, c.counted.blockedUntil, c.counted.forgetAt]),
    );
    return { allowed: true as const, keys: counted };
  });
  if (++reservationsSincePrune >= PRUNE_EVERY) {
    reservationsSincePrune = 0;
    // Best effort: a failed prune costs nothing but table size, and the next one retries.
    await pruneForgotten(em, now).catch(() => 0);
  }
  return reservation;
}

/**
 * A login that succeeded: its account keys are forgotten, its address keys get this attempt
 * back (undoing a lock only if this attempt set it).
 */
export async function settleSuccess(em: EntityManager, reservation: Reservation): Promise<void> {
  if (!reservation.allowed) return;
  for (const k of reservation.keys) {
    if (k.resetOnSuccess) {
      await em.execute('delete from login_throttle where key = ?', [k.key]);
    } else {
      await em.execute(
        `update login_throttle set failures = greatest(failures - 1, 0),
                blocked_until = case when blocked_until is not distinct from ?::timestamptz then ?::timestamptz else blocked_until end
          where key = ?`,
        [k.counted.blockedUntil, k.before?.blockedUntil ?? null, k.key],
      );
    }
  }
}

/** Rows whose streak is forgotten mean the same as no row; delete a bounded batch of them. */
export async function pruneForgotten(em: EntityManager, now: Date): Promise<number> {
  const rows: Array<{ key: string }> = await em.execute(
    // forget_at is tested again outside the batch: a row that a reservation renewed while this
    // waited for its lock is re-checked in its new version and kept.
    `delete from login_throttle
      where key in (select key from login_throttle where forget_at < ? order by forget_at limit 1000) and forget_at < ?
      returning key`,
    [now, now],
  );
  return rows.length;
}
