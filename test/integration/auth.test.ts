import { createHash } from 'node:crypto';
import {
  ApiKeyCreateDocument,
  ApiKeyRevokeDocument,
  ApiKeysDocument,
  CustomerCreateDocument,
  CustomersCountDocument,
  LoginDocument,
  LogoutDocument,
  UserCreateDocument,
  UserUpdateDocument,
  ViewerDocument,
} from '../generated/graphql';
import { hashPassword } from '../../src/lib/password';
import { toGlobalId } from '../../src/schema/global-id';
import { createFixture, PASSWORD, type Fixture } from '../support/fixture';
import { errorCode, startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let f: Fixture;

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
});
afterAll(() => app.close());

async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().getConnection().execute(query, params);
}
const count = async (table: string) => (await sql<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n;
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

async function login(email: string, password = PASSWORD) {
  const res = await app.gql(LoginDocument, { input: { email, password } });
  expect(res.errors).toBeUndefined();
  return res.data!.login;
}
async function createKey(input: { name: string; scopes: string[]; expiresAt?: string }) {
  const res = await app.gql(ApiKeyCreateDocument, { input }, { token: f.admin.token });
  expect(res.data?.apiKeyCreate.userErrors).toEqual([]);
  return { ...res.data!.apiKeyCreate.apiKey!, secret: res.data!.apiKeyCreate.secret! };
}
const viewerOf = (auth: { token?: string; apiKey?: string }) => app.gql(ViewerDocument, {}, auth);

describe('login', () => {
  it('returns a token that works for viewer, with an expiry', async () => {
    const before = Date.now();
    const session = await login(' Sales1@Test.cn ');
    expect(session.userErrors).toEqual([]);
    expect(session.user).toEqual({ id: f.salesSh1.gid, name: '上海销售一', role: 'SALES' });
    const hours = (Date.parse(session.expiresAt!) - before) / 3_600_000;
    expect(hours).toBeGreaterThan(11.9);
    expect(hours).toBeLessThan(12.1);
    const me = await viewerOf({ token: session.token! });
    expect(me.data?.viewer).toMatchObject({
      id: f.salesSh1.gid,
      email: 'sales1@test.cn',
      department: { name: '上海' },
      store: { name: '徐汇店' },
    });
    const [row] = await sql<{ n: number }>('select count(*)::int as n from auth_token where token_hash = ?', [sha256(session.token!)]);
    expect(row.n).toBe(1);
  });

  it('gives the same answer for a wrong password and an unknown email, and opens no session', async () => {
    const sessions = await count('auth_token');
    const wrong = await login('sales1@test.cn', 'wrong-password');
    const unknown = await login('nobody@test.cn');
    expect(wrong).toEqual({
      token: null,
      expiresAt: null,
      user: null,
      userErrors: [{ field: ['input'], code: 'INVALID_CREDENTIALS', message: expect.any(String) }],
    });
    expect(unknown).toEqual(wrong);
    expect(await count('auth_token')).toBe(sessions);
  });

  it('refuses an over-long email as invalid input', async () => {
    const res = await login(`${'a'.repeat(250)}@test.cn`);
    expect(res.token).toBeNull();
    expect(res.userErrors).toEqual([expect.objectContaining({ field: ['input', 'email'], code: 'INVALID' })]);
  });

  it('refuses a bad bearer token', async () => {
    expect(errorCode(await viewerOf({ token: 'not-a-token' }))).toBe('UNAUTHENTICATED');
  });
});

describe('sessions', () => {
  it('logout ends only the session of its own token', async () => {
    const { token } = await login('sales2@test.cn');
    const res = await app.gql(LogoutDocument, {}, { token: token! });
    expect(res.data?.logout).toEqual({ loggedOut: true });
    expect(errorCode(await viewerOf({ token: token! }))).toBe('UNAUTHENTICATED');
    expect(await sql('select id from auth_token where token_hash = ?', [sha256(token!)])).toEqual([]);
    expect((await viewerOf({ token: f.salesSh2.token })).data?.viewer?.id).toBe(f.salesSh2.gid);
  });

  it('logout needs a session: none gives UNAUTHENTICATED, a partner key FORBIDDEN', async () => {
    expect(errorCode(await app.gql(LogoutDocument, {}))).toBe('UNAUTHENTICATED');
    const key = await createKey({ name: 'logout key', scopes: ['customers:read'] });
    expect(errorCode(await app.gql(LogoutDocument, {}, { apiKey: key.secret }))).toBe('FORBIDDEN');
  });

  it('refuses an expired token, and the next login clears expired sessions', async () => {
    const { token } = await login('manager.east@test.cn');
    expect((await viewerOf({ token: token! })).data?.viewer?.id).toBe(f.managerEast.gid);
    await sql("update auth_token set expires_at = now() - interval '1 second' where token_hash = ?", [sha256(token!)]);
    const expired = await viewerOf({ token: token! });
    expect(errorCode(expired)).toBe('UNAUTHENTICATED');
    expect(expired.data?.viewer ?? null).toBeNull();
    await login('manager.east@test.cn');
    expect(await sql('select id from auth_token where token_hash = ?', [sha256(token!)])).toEqual([]);
  });

  it('issues tokens that are already expired when the TTL is 0 hours', async () => {
    const zero = await startTestApp({ AUTH_TOKEN_TTL_HOURS: '0' });
    try {
      // The fixture signs everyone in: login succeeds, but the tokens never work.
      const g = await createFixture(zero);
      expect(errorCode(await zero.gql(ViewerDocument, {}, { token: g.admin.token }))).toBe('UNAUTHENTICATED');
    } finally {
      await zero.close();
    }
  });
});

describe('apiKeyCreate', () => {
  it('returns the secret once and stores only its SHA-256 and a prefix', async () => {
    const key = await createKey({ name: ' 合作方A ', scopes: ['customers:read', 'org:read', 'customers:read'] });
    expect(key).toMatchObject({
      name: '合作方A',
      scopes: ['customers:read', 'org:read'],
      expiresAt: null,
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(key.secret).toMatch(/^cok_[\w-]{40,}$/);
    expect(key.prefix).toBe(key.secret.slice(0, 12));
    const [row] = await sql<Record<string, unknown>>('select * from api_key where id = ?', [
      Number(Buffer.from(key.id, 'base64url').toString().split(':')[1]),
    ]);
    expect(row.secret_hash).toBe(sha256(key.secret));
    expect(row.prefix).toBe(key.prefix);
    expect(
      Object.values(row)
        .map(String)
        .some((v) => v.includes(key.secret)),
    ).toBe(false);
  });

  it('lets a key with customers:read read customers but not write them', async () => {
    const key = await createKey({ name: 'reader', scopes: ['customers:read'] });
    const read = await app.gql(CustomersCountDocument, {}, { apiKey: key.secret });
    expect(read.errors).toBeUndefined();
    expect(read.data?.customers.totalCount).toBe(await count('customer'));
    const partnerViewer = await viewerOf({ apiKey: key.secret });
    expect(partnerViewer.errors).toBeUndefined();
    expect(partnerViewer.data).toEqual({ viewer: null });
    const before = await count('customer');
    const write = await app.gql(CustomerCreateDocument, { input: { kind: 'PERSON', name: '合作方客户' } }, { apiKey: key.secret });
    expect(errorCode(write)).toBe('FORBIDDEN');
    expect(await count('customer')).toBe(before);
    const writer = await createKey({ name: 'writer', scopes: ['customers:write'] });
    const created = await app.gql(CustomerCreateDocument, { input: { kind: 'PERSON', name: '合作方客户' } }, { apiKey: writer.secret });
    // Written; without customers:read the key does not read it back (partner-scopes.test.ts).
    expect(created.data?.customerCreate).toMatchObject({ customer: null, userErrors: [] });
    expect(await count('customer')).toBe(before + 1);
  });

  it.each([
    ['an unknown scope', { scopes: ['customers:read', 'payroll:read'] }, ['input', 'scopes'], 'INVALID'],
    ['a malformed scope', { scopes: ['everything'] }, ['input', 'scopes'], 'INVALID'],
    ['no scopes', { scopes: [] }, ['input', 'scopes'], 'REQUIRED'],
    ['an expiry in the past', { scopes: ['customers:read'], expiresAt: '2020-01-01T00:00:00Z' }, ['input', 'expiresAt'], 'INVALID'],
    ['an empty name', { name: '', scopes: ['customers:read'] }, ['input', 'name'], 'INVALID'],
  ])('refuses %s and stores nothing', async (_label, change, field, code) => {
    const before = await count('api_key');
    const res = await app.gql(ApiKeyCreateDocument, { input: { name: 'bad', ...change } }, { token: f.admin.token });
    expect(res.data?.apiKeyCreate).toMatchObject({ apiKey: null, secret: null });
    expect(res.data?.apiKeyCreate.userErrors).toContainEqual(expect.objectContaining({ field, code }));
    expect(await count('api_key')).toBe(before);
  });

  it('is for admins only', async () => {
    const before = await count('api_key');
    const input = { name: 'x', scopes: ['customers:read'] };
    expect(errorCode(await app.gql(ApiKeyCreateDocument, { input }, { token: f.managerEast.token }))).toBe('FORBIDDEN');
    expect(errorCode(await app.gql(ApiKeyCreateDocument, { input }, { token: f.salesSh1.token }))).toBe('FORBIDDEN');
    expect(errorCode(await app.gql(ApiKeyCreateDocument, { input }))).toBe('UNAUTHENTICATED');
    expect(await count('api_key')).toBe(before);
  });
});

describe('apiKeyRevoke', () => {
  it('stops the key at once and keeps the first revocation time', async () => {
    const key = await createKey({ name: 'to revoke', scopes: ['customers:read'] });
    expect(errorCode(await app.gql(CustomersCountDocument, {}, { apiKey: key.secret }))).toBeUndefined();
    const res = await app.gql(ApiKeyRevokeDocument, { input: { id: key.id } }, { token: f.admin.token });
    expect(res.data?.apiKeyRevoke.userErrors).toEqual([]);
    const revokedAt = res.data!.apiKeyRevoke.apiKey!.revokedAt!;
    expect(Math.abs(Date.parse(revokedAt) - Date.now())).toBeLessThan(60_000);
    expect(errorCode(await app.gql(CustomersCountDocument, {}, { apiKey: key.secret }))).toBe('UNAUTHENTICATED');
    const again = await app.gql(ApiKeyRevokeDocument, { input: { id: key.id } }, { token: f.admin.token });
    expect(again.data?.apiKeyRevoke.apiKey?.revokedAt).toBe(revokedAt);
  });

  it.each([toGlobalId('ApiKey', 999999), toGlobalId('User', 1), 'garbage'])('reports %s as NOT_FOUND', async (id) => {
    const res = await app.gql(ApiKeyRevokeDocument, { input: { id } }, { token: f.admin.token });
    expect(res.data?.apiKeyRevoke).toEqual({
      apiKey: null,
      userErrors: [expect.objectContaining({ field: ['input', 'id'], code: 'NOT_FOUND' })],
    });
  });

  it('is for admins only, and the key keeps working', async () => {
    const key = await createKey({ name: 'kept', scopes: ['customers:read'] });
    expect(errorCode(await app.gql(ApiKeyRevokeDocument, { input: { id: key.id } }, { token: f.managerEast.token }))).toBe('FORBIDDEN');
    expect(errorCode(await app.gql(ApiKeyRevokeDocument, { input: { id: key.id } }, { apiKey: key.secret }))).toBe('FORBIDDEN');
    expect(errorCode(await app.gql(ApiKeyRevokeDocument, { input: { id: key.id } }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await app.gql(CustomersCountDocument, {}, { apiKey: key.secret }))).toBeUndefined();
  });
});

describe('apiKeys', () => {
  it('lists keys newest first, revoked ones included, with lastUsedAt set after use', async () => {
    const older = await createKey({ name: 'older', scopes: ['customers:read'] });
    const newer = await createKey({ name: 'newer', scopes: ['org:read'], expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    await app.gql(ApiKeyRevokeDocument, { input: { id: older.id } }, { token: f.admin.token });
    const list = async () => (await app.gql(ApiKeysDocument, { first: 100 }, { token: f.admin.token })).data!.apiKeys;
    const before = await list();
    expect(before.totalCount).toBe(await count('api_key'));
    expect(before.nodes.slice(0, 2)).toEqual([
      expect.objectContaining({ id: newer.id, name: 'newer', lastUsedAt: null, revokedAt: null }),
      expect.objectContaining({ id: older.id, name: 'older', revokedAt: expect.any(String) }),
    ]);
    expect(errorCode(await app.gql(CustomersCountDocument, {}, { apiKey: older.secret }))).toBe('UNAUTHENTICATED');

    expect((await app.gql(ViewerDocument, {}, { apiKey: newer.secret })).errors).toBeUndefined();
    const used = (await list()).nodes.find((k) => k.id === newer.id)!;
    expect(Math.abs(Date.parse(used.lastUsedAt!) - Date.now())).toBeLessThan(60_000);
    // At most once a minute: a second use does not move it.
    await app.gql(ViewerDocument, {}, { apiKey: newer.secret });
    expect((await list()).nodes.find((k) => k.id === newer.id)!.lastUsedAt).toBe(used.lastUsedAt);
    expect((await list()).nodes.find((k) => k.id === older.id)!.lastUsedAt).toBeNull();
  });

  it('refuses an expired key', async () => {
    const key = await createKey({
      name: 'expiring',
      scopes: ['customers:read'],
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(errorCode(await app.gql(CustomersCountDocument, {}, { apiKey: key.secret }))).toBeUndefined();
    await sql("update api_key set expires_at = now() - interval '1 second' where secret_hash = ?", [sha256(key.secret)]);
    expect(errorCode(await app.gql(CustomersCountDocument, {}, { apiKey: key.secret }))).toBe('UNAUTHENTICATED');
  });

  it('refuses a page over 100 and anyone but admins', async () => {
    expect(errorCode(await app.gql(ApiKeysDocument, { first: 101 }, { token: f.admin.token }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await app.gql(ApiKeysDocument, { first: 5 }, { token: f.managerEast.token }))).toBe('FORBIDDEN');
    const key = await createKey({ name: 'all scopes', scopes: ['customers:read', 'customers:write', 'org:read'] });
    expect(errorCode(await app.gql(ApiKeysDocument, { first: 5 }, { apiKey: key.secret }))).toBe('FORBIDDEN');
    expect(errorCode(await app.gql(ApiKeysDocument, { first: 5 }))).toBe('UNAUTHENTICATED');
  });
});

describe('password policy for new passwords', () => {
  const newUser = (email: string, password: string) =>
    app.gql(UserCreateDocument, { input: { name: '新用户', email, role: 'ADMIN', password } }, { token: f.admin.token });

  it.each([
    ['the probe’s 8 digits', '12345678', 'must be at least 10 characters (it has 8)'],
    ['a common password', 'password123', 'is one of the most common passwords, which attackers try first; choose another'],
    ['a common password in capitals', 'QWERTYUIOP', 'is one of the most common passwords, which attackers try first; choose another'],
    ['ten of one digit', '0000000000', 'repeats the same characters; choose a less predictable password'],
    ['the account’s email', 'policy.user@test.cn', "must not be the account's email address"],
    ['over 200 characters', 'x1'.repeat(101), 'must be at most 200 characters'],
  ])('userCreate refuses %s with a precise user error and writes nothing', async (_label, password, message) => {
    const res = await newUser('policy.user@test.cn', password);
    expect(res.data?.userCreate).toEqual({ user: null, userErrors: [{ field: ['input', 'password'], code: 'INVALID', message }] });
    expect(await sql("select id from app_user where email = 'policy.user@test.cn'")).toEqual([]);
  });

  it('userCreate accepts a long uncommon password, which then signs in', async () => {
    const res = await newUser('policy.ok@test.cn', 'long-enough-1');
    expect(res.data?.userCreate.userErrors).toEqual([]);
    expect((await login('policy.ok@test.cn', 'long-enough-1')).token).toEqual(expect.any(String));
  });

  it('userUpdate refuses a weak new password and keeps the old one', async () => {
    const created = await newUser('policy.update@test.cn', 'long-enough-1');
    const id = created.data!.userCreate.user!.id;
    const res = await app.gql(UserUpdateDocument, { input: { id, password: 'qwertyuiop' } }, { token: f.admin.token });
    expect(res.data?.userUpdate.userErrors).toEqual([
      { field: ['input', 'password'], code: 'INVALID', message: expect.stringMatching(/most common/) },
    ]);
    expect((await login('policy.update@test.cn', 'long-enough-1')).token).toEqual(expect.any(String));
  });

  it('still signs in an account whose password was set before the policy (the demo’s admin123)', async () => {
    const now = new Date();
    await sql(
      `insert into app_user (name, email, role, active, password_hash, created_at, updated_at) values ('旧账号', 'old.short@test.cn', 'ADMIN', true, ?, ?, ?)`,
      [await hashPassword('admin123'), now, now],
    );
    expect((await login('old.short@test.cn', 'admin123')).token).toEqual(expect.any(String));
  });
});
