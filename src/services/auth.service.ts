import { createHash, randomBytes } from 'node:crypto';
import { readModel } from '../db/read-model';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Role } from '../domain/access/role';
import { API_SCOPES, type Viewer } from '../domain/access/viewer';
import { userError, type UserErrorData } from '../domain/common/domain-error';
import { ApiKey, AuthToken, User } from '../entities';
import type { ApiKeyCreateInput, LoginInput } from '../schema/types/org.input';
import { localIdOf } from '../schema/global-id';
import { decoyHash, verifyPassword } from './password';
import { actingUserId, type ServiceContext } from './service-context';
import { checkInput } from './validate-input';
import { paginate, type PageArgs } from './pagination';

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
    const rows: Array<{ id: number; role: Role; department_id: number | null; path: string | null }> =
      await conn.execute(
        `select u.id, u.role, u.department_id, d.path
           from auth_token t join app_user u on u.id = t.user_id left join department d on d.id = u.department_id
          where t.token_hash = ? and t.expires_at > ? and u.active`,
        [sha256(credentials.bearerToken), now],
      );
    const row = rows[0];
    return row
      ? { kind: 'staff', userId: row.id, role: row.role, departmentId: row.department_id, departmentPath: row.path }
      : null;
  }
  if (credentials.apiKey) {
    // Touch last_used_at at most once per interval: one statement, no write on most requests.
    const rows: Array<{ id: number; scopes: string[] }> = await conn.execute(
      `with k as (
         select id, scopes, last_used_at from api_key
          where secret_hash = ? and revoked_at is null and (expires_at is null or expires_at > ?)
       ), touched as (
         update api_key set last_used_at = ? from k
          where api_key.id = k.id and (k.last_used_at is null or k.last_used_at < ?)
       )
       select id, scopes from k`,
      [sha256(credentials.apiKey), now, now, new Date(now.getTime() - apiKeyTouchIntervalMs)],
    );
    const row = rows[0];
    return row ? { kind: 'partner', apiKeyId: row.id, scopes: parseTextArray(row.scopes) } : null;
  }
  return null;
}

function parseTextArray(value: string[] | string): string[] {
  if (Array.isArray(value)) return value;
  const inner = value.replace(/^\{|\}$/g, '');
  return inner ? inner.split(',').map((s) => s.replace(/^"|"$/g, '')) : [];
}

export type LoginResult =
  | { token: string; expiresAt: Date; user: User; userErrors: [] }
  | { token: null; expiresAt: null; user: null; userErrors: UserErrorData[] };

export class AuthService {
  constructor(private readonly ctx: ServiceContext) {}

  async login(input: LoginInput): Promise<LoginResult> {
    const inputErrors = await checkInput(input);
    if (inputErrors.length) return { token: null, expiresAt: null, user: null, userErrors: inputErrors };
    const em = this.ctx.em;
    const user = await em.findOne(User, { email: input.email.trim().toLowerCase() }, { populate: ['passwordHash'] });
    // Same work whether or not the email exists, so timing does not reveal accounts.
    const ok = await verifyPassword(input.password, user?.passwordHash ?? (await decoyHash()));
    if (!user || !ok || !user.active) {
      return {
        token: null,
        expiresAt: null,
        user: null,
        userErrors: [userError(['input'], 'email or password is wrong, or the account is inactive', 'INVALID_CREDENTIALS')],
      };
    }
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

  async logout(bearerToken: string | undefined): Promise<boolean> {
    if (!bearerToken) return false;
    const deleted = await this.ctx.em.nativeDelete(AuthToken, { tokenHash: sha256(bearerToken) });
    return deleted > 0;
  }

  async createApiKey(
    input: ApiKeyCreateInput,
  ): Promise<{ apiKey: ApiKey | null; secret: string | null; userErrors: UserErrorData[] }> {
    const errors = await checkInput(input);
    const unknown = input.scopes.filter((s) => !(API_SCOPES as readonly string[]).includes(s));
    if (unknown.length) {
      errors.push(userError(['input', 'scopes'], `unknown scopes: ${unknown.join(', ')}; known: ${API_SCOPES.join(', ')}`));
    }
    if (input.scopes.length === 0) errors.push(userError(['input', 'scopes'], 'give at least one scope', 'REQUIRED'));
    if (input.expiresAt && input.expiresAt.getTime() <= this.ctx.now().getTime()) {
      errors.push(userError(['input', 'expiresAt'], 'must be in the future'));
    }
    if (errors.length) return { apiKey: null, secret: null, userErrors: errors };
    const secret = API_KEY_PREFIX + randomBytes(32).toString('base64url');
    const em = this.ctx.em;
    const apiKey = em.create(ApiKey, {
      name: input.name.trim(),
      prefix: secret.slice(0, API_KEY_PREFIX.length + 8),
      secretHash: sha256(secret),
      scopes: [...new Set(input.scopes)].sort(),
      expiresAt: input.expiresAt ?? null,
      createdBy: em.getReference(User, actingUserId(this.ctx)!),
      createdAt: this.ctx.now(),
    });
    await em.flush();
    return { apiKey, secret, userErrors: [] };
  }

  async revokeApiKey(globalId: string): Promise<{ apiKey: ApiKey | null; userErrors: UserErrorData[] }> {
    const id = localIdOf(globalId, 'ApiKey');
    const apiKey = id ? await this.ctx.em.findOne(ApiKey, { id }) : null;
    if (!apiKey) return { apiKey: null, userErrors: [userError(['input', 'id'], 'no such API key', 'NOT_FOUND')] };
    apiKey.revokedAt ??= this.ctx.now();
    await this.ctx.em.flush();
    return { apiKey, userErrors: [] };
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
