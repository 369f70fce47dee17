import { createHash, randomBytes } from 'node:crypto';
import { readModel } from '../db/read-model';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Role } from '../domain/access/role';
import { API_SCOPES, type Viewer } from '../domain/access/viewer';
import { say } from '../domain/common/bilingual';
import { userError, UserInputFailure, type UserErrorData } from '../domain/common/domain-error';
import { ApiKey, AuthToken, User } from '../entities';
import { LoginThrottled, type ThrottlePolicy } from '../domain/access/login-throttle';
import { addressThrottleKey } from '../lib/client-address';
import type { Checked } from './checked';
import { reserveAttempt, settleSuccess, type ThrottleKey } from './login-throttle';
import { decoyHash, verifyPassword } from '../lib/password';
import { actingUserId, type ServiceContext } from './service-context';
import { paginate, type PageArgs } from '../lib/pagination';
import { inTransaction } from './transaction';

export const API_KEY_PREFIX = 'cok_';

export function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

export interface Credentials {
  bearerToken?: string;
  apiKey?: string;
}

/**
 * Resolves the viewer of a request from its credentials. A bad or expired credential is no
 * viewer at all, so the operation answers UNAUTHENTICATED.
 */
export async function authenticate(
  em: EntityManager,
  credentials: Credentials,
  now: Date,
  apiKeyTouchIntervalMs: number,
): Promise<Viewer | null> {
  const conn = em;
  if (credentials.bearerToken) {
    const rows: Array<{ id: number; role: Role; department_id: number | null; path: string | null }> = await conn.execute(
      `select u.id, u.role, u.department_id, d.path
           from auth_token t join app_user u on u.id = t.user_id left join department d on d.id = u.department_id
          where t.token_hash = ? and t.expires_at > ? and u.active`,
      [sha256(credentials.bearerToken), now],
    );
    const row = rows[0];
    return row ? { kind: 'staff', userId: row.id, role: row.role, departmentId: row.department_id, departmentPath: row.path } : null;
  }
  if (credentials.apiKey) {
    // Touch last_used_at at most once per interval: one statement, no write on most requests.
    const rows: Array<{ id: number; scopes: string[]; rate_capacity: number | null; rate_restore_per_second: number | null }> =
      await conn.execute(
        `with k as (
         select id, scopes, last_used_at, rate_capacity, rate_restore_per_second from api_key
          where secret_hash = ? and revoked_at is null and (expires_at is null or expires_at > ?)
       ), touched as (
         update api_key set last_used_at = ? from k
          where api_key.id = k.id and (k.last_used_at is null or k.last_used_at < ?)
       )
       select id, scopes, rate_capacity, rate_restore_per_second from k`,
        [sha256(credentials.apiKey), now, now, new Date(now.getTime() - apiKeyTouchIntervalMs)],
      );
    const row = rows[0];
    if (!row) return null;
    const own = row.rate_capacity != null && row.rate_restore_per_second != null;
    return {
      kind: 'partner',
      apiKeyId: row.id,
      scopes: parseTextArray(row.scopes),
      ...(own ? { rateLimit: { capacity: row.rate_capacity!, restorePerSecond: row.rate_restore_per_second! } } : {}),
    };
  }
  return null;
}

function parseTextArray(value: string[] | string): string[] {
  if (Array.isArray(value)) return value;
  const inner = value.replace(/^\{|\}$/g, '');
  return inner ? inner.split(',').map((s) => s.replace(/^"|"$/g, '')) : [];
}

export interface LoginCommand extends Checked {
  email: string;
  password: string;
}

export interface ApiKeyCreateCommand extends Checked {
  name: string;
  scopes: string[];
  expiresAt?: Date | null;
  /** The key's own rate-limit bucket; absent for the company's. */
  rateLimit?: { capacity: number; restorePerSecond: number } | null;
}

export type LoginResult =
  | { token: string; expiresAt: Date; user: User; userErrors: [] }
  | { token: null; expiresAt: null; user: null; userErrors: UserErrorData[] };

/** Where a login comes from, for the throttle and the audit line. */
export interface LoginRequest {
  /** The client's address as express sees it (`req.ip`, after `trust proxy`); absent in-process. */
  ip?: string;
  requestId?: string;
  log?: { warn(details: object, message: string): void };
}

export type LoginFailureReason = 'INVALID_INPUT' | 'UNKNOWN_EMAIL' | 'WRONG_PASSWORD' | 'INACTIVE' | 'THROTTLED';

/** The one spelling of an email that login looks up, counts and logs. */
export function normaliseLoginEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** `l***@example.com`: enough for a person reading the audit log to tell accounts apart, not to read them (the domain cut at 100 characters). */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const first = [...(at < 0 ? email : email.slice(0, at))].slice(0, 1).join('');
  return at < 0 ? `${first}***` : `${first}***${[...email.slice(at)].slice(0, 101).join('')}`;
}

const INVALID_CREDENTIALS = say('邮箱或密码错误，或账号已停用', 'email or password is wrong, or the account is inactive');

export class AuthService {
  constructor(private readonly ctx: ServiceContext) {}

  /**
   * Signs a member of staff in. Every attempt is first counted against the account (its
   * normalised email, whether or not it exists) and the source address; while either is
   * locked the attempt is refused with LoginThrottled before any password is checked. An
   * unknown email, a wrong password and an inactive account answer alike, after the same
   * scrypt work. Each failure writes one audit line (no password, the email masked). An
   * input its own rules refuse (`invalid`) is refused, and audited, before anything else.
   */
  async login(input: LoginCommand, request: LoginRequest = {}): Promise<LoginResult> {
    const email = normaliseLoginEmail(input.email);
    const audit = (reason: LoginFailureReason) =>
      request.log?.warn(
        {
          audit: 'login_failed',
          reason,
          email: maskEmail(email),
          emailHash: sha256(email).slice(0, 16),
          ip: request.ip ?? null,
          requestId: request.requestId ?? null,
        },
        'login failed',
      );
    const fail = (reason: LoginFailureReason, userErrors: UserErrorData[]): LoginResult => {
      audit(reason);
      return { token: null, expiresAt: null, user: null, userErrors };
    };
    if (input.invalid.length) return fail('INVALID_INPUT', input.invalid);

    const em = this.ctx.em;
    const reservation = await reserveAttempt(em, this.throttleKeys(email, request.ip), this.ctx.now());
    if (!reservation.allowed) {
      audit('THROTTLED');
      throw new LoginThrottled(reservation.retryAfterSeconds);
    }
    const user = await em.findOne(User, { email }, { populate: ['passwordHash'] });
    // Same work whether or not the email exists, so timing does not reveal accounts.
    const ok = await verifyPassword(input.password, user?.passwordHash ?? decoyHash());
    if (!user || !ok || !user.active) {
      const reason = !user ? 'UNKNOWN_EMAIL' : !ok ? 'WRONG_PASSWORD' : 'INACTIVE';
      return fail(reason, [userError(['input'], INVALID_CREDENTIALS, 'INVALID_CREDENTIALS')]);
    }
    await settleSuccess(em, reservation);
    const token = randomBytes(32).toString('base64url');
    const now = this.ctx.now();
    const expiresAt = new Date(now.getTime() + this.ctx.config.auth.tokenTtlHours * 3_600_000);
    await em.transactional(async (tx) => {
      // Expired sessions of this user are cleaned up as new ones are made.
      await tx.nativeDelete(AuthToken, { user: user.id, expiresAt: { $lte: now } });
      tx.create(AuthToken, { user: user.id, tokenHash: sha256(token), expiresAt, createdAt: now });
    });
    return { token, expiresAt, user, userErrors: [] };
  }

  private throttleKeys(email: string, ip: string | undefined): ThrottleKey[] {
    const settings = this.ctx.config.auth.loginThrottle;
    if (!settings.enabled) return [];
    const policy = (freeFailures: number): ThrottlePolicy => ({
      freeFailures,
      lockBaseSeconds: settings.lockBaseSeconds,
      lockMaxSeconds: settings.lockMaxSeconds,
      forgetAfterSeconds: settings.forgetAfterSeconds,
    });
    const keys: ThrottleKey[] = [{ key: `account:${sha256(email)}`, policy: policy(settings.accountFreeFailures), resetOnSuccess: true }];
    const address = addressThrottleKey(ip);
    if (address) keys.push({ key: `address:${address}`, policy: policy(settings.addressFreeFailures), resetOnSuccess: false });
    return keys;
  }

  async logout(bearerToken: string | undefined): Promise<boolean> {
    if (!bearerToken) return false;
    const deleted = await this.ctx.em.nativeDelete(AuthToken, { tokenHash: sha256(bearerToken) });
    return deleted > 0;
  }

  async createApiKey(input: ApiKeyCreateCommand): Promise<{ apiKey: ApiKey | null; secret: string | null; userErrors: UserErrorData[] }> {
    const errors = [...input.invalid];
    const unknown = input.scopes.filter((s) => !(API_SCOPES as readonly string[]).includes(s));
    if (unknown.length) {
      errors.push(
        userError(
          ['input', 'scopes'],
          say(
            `未知的权限范围：${unknown.join('、')}；可用的有：${API_SCOPES.join('、')}`,
            `unknown scopes: ${unknown.join(', ')}; known: ${API_SCOPES.join(', ')}`,
          ),
        ),
      );
    }
    if (input.scopes.length === 0)
      errors.push(userError(['input', 'scopes'], say('至少需要一个权限范围', 'give at least one scope'), 'REQUIRED'));
    if (input.expiresAt && input.expiresAt.getTime() <= this.ctx.now().getTime()) {
      errors.push(userError(['input', 'expiresAt'], say('必须是将来的时间', 'must be in the future')));
    }
    if (errors.length) return { apiKey: null, secret: null, userErrors: errors };
    const secret = API_KEY_PREFIX + randomBytes(32).toString('base64url');
    // In a transaction that says who acts, so the change history records who made the key (never its secret).
    const result = await inTransaction(
      this.ctx,
      'apiKey',
      async (em) => {
        const apiKey = em.create(ApiKey, {
          name: input.name.trim(),
          prefix: secret.slice(0, API_KEY_PREFIX.length + 8),
          secretHash: sha256(secret),
          scopes: [...new Set(input.scopes)].sort(),
          expiresAt: input.expiresAt ?? null,
          createdBy: em.getReference(User, actingUserId(this.ctx)!),
          createdAt: this.ctx.now(),
          rateCapacity: input.rateLimit?.capacity ?? null,
          rateRestorePerSecond: input.rateLimit?.restorePerSecond ?? null,
        });
        await em.flush();
        return apiKey;
      },
      { scoringUnchanged: 'API keys are not customer data' },
    );
    return { ...result, secret: result.apiKey ? secret : null };
  }

  /** `id` is null when the client's id does not name an API key. */
  async revokeApiKey(id: number | null): Promise<{ apiKey: ApiKey | null; userErrors: UserErrorData[] }> {
    return inTransaction(
      this.ctx,
      'apiKey',
      async (em) => {
        const apiKey = id ? await em.findOne(ApiKey, { id }) : null;
        if (!apiKey) throw new UserInputFailure([userError(['input', 'id'], say('没有这个 API 密钥', 'no such API key'), 'NOT_FOUND')]);
        apiKey.revokedAt ??= this.ctx.now();
        await em.flush();
        return apiKey;
      },
      { scoringUnchanged: 'API keys are not customer data' },
    );
  }

  listApiKeys(args: PageArgs) {
    const em = this.ctx.em;
    return paginate({
      em,
      base: em.getKnex().from('api_key as k').select('k.*'),
      idColumn: 'id',
      sort: { key: 'CREATED_AT', column: 'created_at' },
      reverse: true,
      args,
      toNodes: (rows: Array<Record<string, unknown>>) => rows.map(readModel(em, ApiKey)),
    });
  }
}
