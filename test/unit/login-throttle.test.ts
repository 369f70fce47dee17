import { decideAttempt, lockSeconds, type ThrottlePolicy, type ThrottleState } from '../../src/domain/access/login-throttle';
import { loadConfig } from '../../src/config';
import { maskEmail } from '../../src/services/auth.service';
import { addressThrottleKey } from '../../src/lib/client-address';

const policy: ThrottlePolicy = { freeFailures: 5, lockBaseSeconds: 30, lockMaxSeconds: 900, forgetAfterSeconds: 3600 };
const T0 = new Date('2026-01-01T00:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe('lockSeconds', () => {
  it.each([
    [1, 0],
    [4, 0],
    [5, 30],
    [6, 60],
    [7, 120],
    [9, 480],
    [10, 900],
    [11, 900],
    [10_000, 900],
  ])('after %i counted failures the key is locked for %i s', (failures, seconds) => {
    expect(lockSeconds(failures, policy)).toBe(seconds);
  });
});

describe('decideAttempt', () => {
  it.each<[string, ThrottleState | null, Date, ReturnType<typeof decideAttempt>]>([
    ['a first attempt', null, T0, { allowed: true, next: { failures: 1, blockedUntil: null, forgetAt: at(3600) } }],
    [
      'the fourth',
      { failures: 3, blockedUntil: null, forgetAt: at(3600) },
      at(10),
      { allowed: true, next: { failures: 4, blockedUntil: null, forgetAt: at(3610) } },
    ],
    [
      'the fifth goes through and locks',
      { failures: 4, blockedUntil: null, forgetAt: at(3600) },
      at(10),
      { allowed: true, next: { failures: 5, blockedUntil: at(40), forgetAt: at(3640) } },
    ],
    [
      'one while locked is refused with the wait',
      { failures: 5, blockedUntil: at(40), forgetAt: at(3640) },
      at(10),
      { allowed: false, retryAfterSeconds: 30 },
    ],
    [
      'the wait rounds up',
      { failures: 5, blockedUntil: at(40), forgetAt: at(3640) },
      new Date(at(39).getTime() + 1),
      { allowed: false, retryAfterSeconds: 1 },
    ],
    [
      'after the lock, one more, and the lock doubles',
      { failures: 5, blockedUntil: at(40), forgetAt: at(3640) },
      at(40),
      { allowed: true, next: { failures: 6, blockedUntil: at(100), forgetAt: at(3700) } },
    ],
    [
      'a streak past its forget time starts over',
      { failures: 9, blockedUntil: at(40), forgetAt: at(3640) },
      at(3640),
      { allowed: true, next: { failures: 1, blockedUntil: null, forgetAt: at(7240) } },
    ],
    [
      'a row that means no streak (forget_at = its creation)',
      { failures: 0, blockedUntil: null, forgetAt: T0 },
      T0,
      { allowed: true, next: { failures: 1, blockedUntil: null, forgetAt: at(3600) } },
    ],
  ])('%s', (_label, state, now, expected) => {
    expect(decideAttempt(state, policy, now)).toEqual(expected);
  });

  it('lets through at most the free attempts, then one per lock, for attempts as fast as they come', () => {
    let state: ThrottleState | null = null;
    let allowed = 0;
    // 60 attempts at 16 per second, as in the probe: 3.75 s in all.
    for (let i = 0; i < 60; i++) {
      const decision = decideAttempt(state, policy, new Date(T0.getTime() + i * 62.5));
      if (decision.allowed) {
        allowed++;
        state = decision.next;
      }
    }
    expect(allowed).toBe(5);
  });
});

describe('addressThrottleKey', () => {
  it.each<[string | undefined, string | undefined]>([
    ['127.0.0.1', '127.0.0.1'],
    ['::ffff:10.1.2.3', '10.1.2.3'],
    ['::FFFF:10.1.2.3', '10.1.2.3'],
    ['2001:db8:85a3:1:2:8a2e:370:7334', '2001:db8:85a3:1::/64'],
    ['2001:db8:85a3:1::1', '2001:db8:85a3:1::/64'],
    ['2001:0db8:85a3:0001:ffff::', '2001:db8:85a3:1::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['not an address', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%s → %s', (ip, key) => {
    expect(addressThrottleKey(ip)).toBe(key);
  });
});

describe('login settings', () => {
  it('defaults: 5 failures per account, 20 per address, locks from 30 s doubling to 15 min, forgotten after 1 h; trust proxy off', () => {
    const config = loadConfig({});
    expect(config.auth.loginThrottle).toEqual({
      enabled: true,
      accountFreeFailures: 5,
      addressFreeFailures: 20,
      lockBaseSeconds: 30,
      lockMaxSeconds: 900,
      forgetAfterSeconds: 3600,
    });
    expect(config.trustProxy).toBe(false);
  });

  it.each<[string, boolean | number | string]>([
    ['', false],
    ['false', false],
    ['0', false],
    ['true', true],
    ['1', 1],
    ['2', 2],
    ['loopback', 'loopback'],
    ['loopback, 10.0.0.0/8', 'loopback, 10.0.0.0/8'],
  ])('TRUST_PROXY=%j is %j', (raw, value) => {
    expect(loadConfig({ TRUST_PROXY: raw }).trustProxy).toBe(value);
  });
});

describe('maskEmail (audit lines)', () => {
  it.each([
    ['li.lei@test.cn', 'l***@test.cn'],
    ['张三@例子.公司', '张***@例子.公司'],
    ['no-at-sign', 'n***'],
    ['', '***'],
    [`a@${'x'.repeat(500)}`, `a***@${'x'.repeat(100)}`],
  ])('%s → %s', (email, masked) => {
    expect(maskEmail(email)).toBe(masked);
  });
});
