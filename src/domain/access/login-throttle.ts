/**
 * The login throttle's rule, per key (an account's normalised email, or a source address).
 * Each attempt is counted before its password is checked, so parallel attempts cannot
 * slip past the count. The first `freeFailures` attempts of a streak go through at once;
 * the attempt that reaches the threshold and each one after it lock the key for
 * `lockBaseSeconds`, doubling per attempt up to `lockMaxSeconds`. While a key is locked its
 * attempts are refused and not counted (so waiting out the lock is enough). A streak is
 * forgotten `forgetAfterSeconds` after its last attempt or lock end. The caller resets an
 * account's streak on success and gives a source address its attempt back.
 */
export interface ThrottlePolicy {
  freeFailures: number;
  lockBaseSeconds: number;
  lockMaxSeconds: number;
  forgetAfterSeconds: number;
}

export interface ThrottleState {
  failures: number;
  blockedUntil: Date | null;
  forgetAt: Date;
}

export type AttemptDecision = { allowed: false; retryAfterSeconds: number } | { allowed: true; next: ThrottleState };

export function lockSeconds(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.freeFailures) return 0;
  const doublings = Math.min(failures - policy.freeFailures, 30);
  return Math.min(policy.lockBaseSeconds * 2 ** doublings, policy.lockMaxSeconds);
}

function plusSeconds(date: Date, seconds: number): Date {
  return new Date(date.getTime() + seconds * 1000);
}

export function isLocked(state: ThrottleState | null, now: Date): state is ThrottleState & { blockedUntil: Date } {
  return !!state?.blockedUntil && state.blockedUntil.getTime() > now.getTime();
}

export function retryAfterSeconds(blockedUntil: Date, now: Date): number {
  return Math.max(1, Math.ceil((blockedUntil.getTime() - now.getTime()) / 1000));
}

/** What an attempt at `now` does to a key in `state` (null: no streak). */
export function decideAttempt(state: ThrottleState | null, policy: ThrottlePolicy, now: Date): AttemptDecision {
  if (isLocked(state, now)) return { allowed: false, retryAfterSeconds: retryAfterSeconds(state.blockedUntil, now) };
  const failures = state && state.forgetAt.getTime() > now.getTime() ? state.failures + 1 : 1;
  const lock = lockSeconds(failures, policy);
  const blockedUntil = lock > 0 ? plusSeconds(now, lock) : null;
  return { allowed: true, next: { failures, blockedUntil, forgetAt: plusSeconds(blockedUntil ?? now, policy.forgetAfterSeconds) } };
}

/** A login refused by the throttle, without its password being checked; the edge answers 429. */
export class LoginThrottled extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed logins; try again in ${retryAfterSeconds} s.`);
  }
}
