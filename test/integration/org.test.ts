import {
  ApiKeyCreateDocument,
  CustomerCreateDocument,
  CustomerDocument,
  DepartmentCreateDocument,
  DepartmentsDocument,
  DepartmentUpdateDocument,
  LoginDocument,
  StoreCreateDocument,
  StoresDocument,
  StoreUpdateDocument,
  UserCreateDocument,
  UsersDocument,
  UserUpdateDocument,
  ViewerDocument,
} from '../generated/graphql';
import { toGlobalId } from '../../src/schema/global-id';
import { createFixture, PASSWORD, type Fixture } from '../support/fixture';
import { errorCode, startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let f: Fixture;
const dept = (id: number) => toGlobalId('Department', id);
const store = (id: number) => toGlobalId('Store', id);

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
});
afterAll(() => app.close());

async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().getConnection().execute(query, params);
}
const count = async (table: string) => (await sql<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n;
const pathOf = async (id: number) => (await sql<{ path: string }>('select path from department where id = ?', [id]))[0].path;

async function partnerKey(scopes: string[]): Promise<string> {
  const res = await app.gql(ApiKeyCreateDocument, { input: { name: `org ${scopes.join(' ')}`, scopes } }, { token: f.admin.token });
  return res.data!.apiKeyCreate.secret!;
}

async function createUser(input: Record<string, unknown>) {
  const res = await app.gql(UserCreateDocument, { input: { password: PASSWORD, ...input } as never }, { token: f.admin.token });
  expect(res.data?.userCreate.userErrors).toEqual([]);
  return res.data!.userCreate.user!;
}
async function login(email: string) {
  return (await app.gql(LoginDocument, { input: { email, password: PASSWORD } })).data!.login;
}

describe('departments', () => {
  it('lists the tree in order, children of a parent and the roots, also for a salesperson', async () => {
    const all = await app.gql(DepartmentsDocument, { first: 100 }, { token: f.salesSh1.token });
    expect(all.data!.departments.nodes.map((d) => [d.name, d.parent?.name ?? null])).toEqual([
      ['总部', null],
      ['华东', '总部'],
      ['上海', '华东'],
      ['华南', '总部'],
    ]);
    const children = await app.gql(DepartmentsDocument, { filter: { parentId: dept(f.departments.hq) } }, { token: f.admin.token });
    expect(children.data!.departments.nodes.map((d) => d.name)).toEqual(['华东', '华南']);
    const roots = await app.gql(DepartmentsDocument, { filter: { rootsOnly: true } }, { token: f.admin.token });
    expect(roots.data!.departments).toMatchObject({ totalCount: 1, nodes: [{ id: dept(f.departments.hq) }] });
  });

  it('refuses a page over 100, and callers without credentials', async () => {
    expect(errorCode(await app.gql(DepartmentsDocument, { first: 101 }, { token: f.admin.token }))).toBe('BAD_USER_INPUT');
    const anonymous = await app.gql(DepartmentsDocument, { first: 5 });
    expect(errorCode(anonymous)).toBe('UNAUTHENTICATED');
    expect(anonymous.data).toBeNull();
  });
});

describe('departmentCreate', () => {
  it('creates a department under a parent with its materialised path', async () => {
    const res = await app.gql(
      DepartmentCreateDocument,
      { input: { name: ' 华北 ', parentId: dept(f.departments.hq) } },
      { token: f.admin.token },
    );
    expect(res.data?.departmentCreate.userErrors).toEqual([]);
    const d = res.data!.departmentCreate.department!;
    expect(d).toMatchObject({ name: '华北', parent: { id: dept(f.departments.hq) } });
    const [{ id }] = await sql<{ id: number }>("select id from department where name = '华北'");
    expect(dept(id)).toBe(d.id);
    expect(await pathOf(id)).toBe(`${await pathOf(f.departments.hq)}${id}/`);
  });

  it.each([
    [{ name: '' }, ['input', 'name'], 'INVALID'],
    [{ name: '无父', parentId: dept(999999) }, ['input', 'parentId'], 'NOT_FOUND'],
    [{ name: '错类型', parentId: store(1) }, ['input', 'parentId'], 'NOT_FOUND'],
  ])('refuses %j and writes nothing', async (input, field, code) => {
    const before = await count('department');
    const res = await app.gql(DepartmentCreateDocument, { input }, { token: f.admin.token });
    expect(res.data?.departmentCreate.department).toBeNull();
    expect(res.data?.departmentCreate.userErrors).toEqual([expect.objectContaining({ field, code })]);
    expect(await count('department')).toBe(before);
  });

  it('is for admins only', async () => {
    const before = await count('department');
    expect(errorCode(await app.gql(DepartmentCreateDocument, { input: { name: '经理建' } }, { token: f.managerEast.token }))).toBe(
      'FORBIDDEN',
    );
    expect(errorCode(await app.gql(DepartmentCreateDocument, { input: { name: '匿名建' } }))).toBe('UNAUTHENTICATED');
    expect(await count('department')).toBe(before);
  });
});

describe('departmentUpdate', () => {
  it('renames a department', async () => {
    const res = await app.gql(
      DepartmentUpdateDocument,
      { input: { id: dept(f.departments.south), name: '华南区' } },
      { token: f.admin.token },
    );
    expect(res.data?.departmentUpdate.department).toMatchObject({ name: '华南区', parent: { id: dept(f.departments.hq) } });
    expect((await sql<{ name: string }>('select name from department where id = ?', [f.departments.south]))[0].name).toBe('华南区');
  });

  it.each([
    ['its own child', () => f.departments.shanghai],
    ['itself', () => f.departments.east],
  ])('refuses moving a department under %s and leaves the tree alone', async (_label, target) => {
    const before = await sql('select id, parent_id, path from department order by id');
    const res = await app.gql(
      DepartmentUpdateDocument,
      { input: { id: dept(f.departments.east), parentId: dept(target()) } },
      { token: f.admin.token },
    );
    expect(res.data?.departmentUpdate.department).toBeNull();
    expect(res.data?.departmentUpdate.userErrors).toEqual([expect.objectContaining({ field: ['input', 'parentId'], code: 'INVALID' })]);
    expect(await sql('select id, parent_id, path from department order by id')).toEqual(before);
  });

  it('moves the whole subtree, and a manager’s data scope follows it', async () => {
    const create = async (name: string, parentId?: string) =>
      (await app.gql(DepartmentCreateDocument, { input: { name, parentId } }, { token: f.admin.token })).data!.departmentCreate.department!
        .id;
    const west = await create('西区');
    const chengdu = await create('成都', west);
    const region = await create('大西南');
    await createUser({ name: '西南经理', email: 'manager.sw@test.cn', role: 'MANAGER', departmentId: region });
    await createUser({ name: '成都销售', email: 'sales.cd@test.cn', role: 'SALES', departmentId: chengdu });
    const manager = (await login('manager.sw@test.cn')).token!;
    const sales = (await login('sales.cd@test.cn')).token!;
    const customer = (await app.gql(CustomerCreateDocument, { input: { kind: 'PERSON', name: '成都客户' } }, { token: sales })).data!
      .customerCreate.customer!.id;
    const seen = async () => (await app.gql(CustomerDocument, { id: customer }, { token: manager })).data?.customer?.name ?? null;
    expect(await seen()).toBeNull();

    const moved = await app.gql(DepartmentUpdateDocument, { input: { id: west, parentId: region } }, { token: f.admin.token });
    expect(moved.data?.departmentUpdate.department?.parent?.id).toBe(region);
    const local = (gid: string) => Number(Buffer.from(gid, 'base64url').toString().split(':')[1]);
    expect(await pathOf(local(chengdu))).toBe(`/${local(region)}/${local(west)}/${local(chengdu)}/`);
    expect(await seen()).toBe('成都客户');
    const users = await app.gql(UsersDocument, { filter: { departmentId: region } }, { token: f.admin.token });
    expect(users.data!.users.nodes.map((u) => u.email).sort()).toEqual(['manager.sw@test.cn', 'sales.cd@test.cn']);

    const back = await app.gql(DepartmentUpdateDocument, { input: { id: west, parentId: null } }, { token: f.admin.token });
    expect(back.data?.departmentUpdate.department?.parent).toBeNull();
    expect(await pathOf(local(chengdu))).toBe(`/${local(west)}/${local(chengdu)}/`);
    expect(await seen()).toBeNull();
  });

  it('reports an unknown department and refuses non-admins', async () => {
    const missing = await app.gql(DepartmentUpdateDocument, { input: { id: dept(999999), name: 'x' } }, { token: f.admin.token });
    expect(missing.data?.departmentUpdate.userErrors).toEqual([expect.objectContaining({ field: ['input', 'id'], code: 'NOT_FOUND' })]);
    const res = await app.gql(
      DepartmentUpdateDocument,
      { input: { id: dept(f.departments.east), name: '改名' } },
      { token: f.salesSh1.token },
    );
    expect(errorCode(res)).toBe('FORBIDDEN');
    expect((await sql<{ name: string }>('select name from department where id = ?', [f.departments.east]))[0].name).toBe('华东');
  });
});

describe('stores, storeCreate and storeUpdate', () => {
  it('lists stores by department and activity', async () => {
    const res = await app.gql(StoresDocument, { filter: { departmentId: dept(f.departments.shanghai) } }, { token: f.managerEast.token });
    expect(res.data!.stores.nodes).toEqual([
      expect.objectContaining({
        id: store(f.stores.shanghai),
        name: '徐汇店',
        active: true,
        department: { id: dept(f.departments.shanghai), name: '上海' },
      }),
    ]);
    expect(errorCode(await app.gql(StoresDocument, { first: -1 }, { token: f.admin.token }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await app.gql(StoresDocument, {}))).toBe('UNAUTHENTICATED');
  });

  it('creates, updates and deactivates a store', async () => {
    const created = await app.gql(
      StoreCreateDocument,
      { input: { name: '浦东店', city: ' 上海 ', address: '世纪大道1号', departmentId: dept(f.departments.shanghai) } },
      { token: f.admin.token },
    );
    expect(created.data?.storeCreate.userErrors).toEqual([]);
    const s = created.data!.storeCreate.store!;
    expect(s).toMatchObject({
      name: '浦东店',
      city: '上海',
      address: '世纪大道1号',
      active: true,
      department: { id: dept(f.departments.shanghai) },
    });
    const updated = await app.gql(
      StoreUpdateDocument,
      { input: { id: s.id, name: '深圳店', departmentId: dept(f.departments.south), address: null, active: false } },
      { token: f.admin.token },
    );
    expect(updated.data?.storeUpdate.store).toMatchObject({
      name: '深圳店',
      city: '上海',
      address: null,
      active: false,
      department: { id: dept(f.departments.south) },
    });
    const inactive = await app.gql(StoresDocument, { filter: { active: false } }, { token: f.admin.token });
    expect(inactive.data!.stores.nodes.map((n) => n.name)).toEqual(['深圳店']);
  });

  it.each([
    [{ name: '', departmentId: 'D' }, ['input', 'name'], 'INVALID'],
    [{ name: '无部门店', departmentId: dept(999999) }, ['input', 'departmentId'], 'NOT_FOUND'],
    [{ name: '长城市店', departmentId: 'D', city: 'x'.repeat(51) }, ['input', 'city'], 'INVALID'],
  ])('storeCreate refuses %j and writes nothing', async (input, field, code) => {
    const before = await count('store');
    const departmentId = input.departmentId === 'D' ? dept(f.departments.south) : input.departmentId;
    const res = await app.gql(StoreCreateDocument, { input: { ...input, departmentId } }, { token: f.admin.token });
    expect(res.data?.storeCreate).toEqual({ store: null, userErrors: [expect.objectContaining({ field, code })] });
    expect(await count('store')).toBe(before);
  });

  it('storeUpdate refuses bad input and non-admins, leaving the store unchanged', async () => {
    const snapshot = () => sql('select name, department_id, active from store where id = ?', [f.stores.south]);
    const before = await snapshot();
    const empty = await app.gql(StoreUpdateDocument, { input: { id: store(f.stores.south), name: '' } }, { token: f.admin.token });
    expect(empty.data?.storeUpdate.userErrors).toEqual([expect.objectContaining({ field: ['input', 'name'] })]);
    const badDept = await app.gql(
      StoreUpdateDocument,
      { input: { id: store(f.stores.south), name: '新名字', departmentId: dept(999999) } },
      { token: f.admin.token },
    );
    expect(badDept.data?.storeUpdate.userErrors).toEqual([
      expect.objectContaining({ field: ['input', 'departmentId'], code: 'NOT_FOUND' }),
    ]);
    const unknown = await app.gql(StoreUpdateDocument, { input: { id: store(999999), name: 'x' } }, { token: f.admin.token });
    expect(unknown.data?.storeUpdate.userErrors[0]).toMatchObject({ field: ['input', 'id'], code: 'NOT_FOUND' });
    expect(
      errorCode(
        await app.gql(StoreUpdateDocument, { input: { id: store(f.stores.south), active: false } }, { token: f.managerEast.token }),
      ),
    ).toBe('FORBIDDEN');
    expect(
      errorCode(
        await app.gql(
          StoreCreateDocument,
          { input: { name: '销售店', departmentId: dept(f.departments.south) } },
          { token: f.salesSouth.token },
        ),
      ),
    ).toBe('FORBIDDEN');
    expect(await snapshot()).toEqual(before);
  });
});

describe('users', () => {
  it('filters by role, department subtree and search', async () => {
    const sales = await app.gql(
      UsersDocument,
      { first: 100, filter: { role: 'SALES', departmentId: dept(f.departments.hq) } },
      { token: f.admin.token },
    );
    // By name in pinyin order: 华南 (hua) before 上海 (shang), 二 (er) before 一 (yi).
    expect(sales.data!.users.nodes.map((u) => u.email)).toEqual(['sales.south@test.cn', 'sales2@test.cn', 'sales1@test.cn']);
    const east = await app.gql(UsersDocument, { filter: { departmentId: dept(f.departments.east) } }, { token: f.managerEast.token });
    expect(east.data!.users.nodes.map((u) => u.id).sort()).toEqual([f.managerEast.gid, f.salesSh1.gid, f.salesSh2.gid].sort());
    const byName = await app.gql(UsersDocument, { filter: { search: '上海销售' } }, { token: f.admin.token });
    expect(byName.data!.users.totalCount).toBe(2);
    const byEmail = await app.gql(UsersDocument, { filter: { search: 'SALES.South@' } }, { token: f.admin.token });
    expect(byEmail.data!.users.nodes).toEqual([
      expect.objectContaining({ id: f.salesSouth.gid, role: 'SALES', store: { id: store(f.stores.south) } }),
    ]);
    const wildcard = await app.gql(UsersDocument, { filter: { search: '%' } }, { token: f.admin.token });
    expect(wildcard.data!.users.totalCount).toBe(0);
  });

  it('refuses bad arguments', async () => {
    expect(errorCode(await app.gql(UsersDocument, { first: 101 }, { token: f.admin.token }))).toBe('BAD_USER_INPUT');
    const long = await app.gql(UsersDocument, { filter: { search: 'x'.repeat(101) } }, { token: f.admin.token });
    expect(long.data).toBeNull();
    expect(errorCode(long)).toBe('BAD_USER_INPUT');
  });

  it('needs credentials, and a partner key needs org:read', async () => {
    expect(errorCode(await app.gql(UsersDocument, {}))).toBe('UNAUTHENTICATED');
    const without = await app.gql(UsersDocument, {}, { apiKey: await partnerKey(['customers:read']) });
    expect(errorCode(without)).toBe('FORBIDDEN');
    expect(without.data).toBeNull();
    const withOrg = await app.gql(UsersDocument, { filter: { role: 'ADMIN' } }, { apiKey: await partnerKey(['org:read']) });
    expect(withOrg.errors).toBeUndefined();
    expect(withOrg.data!.users.nodes.map((u) => u.id)).toEqual([f.admin.gid]);
  });
});

describe('userCreate', () => {
  it('creates a salesperson who can sign in', async () => {
    const u = await createUser({
      name: '新销售',
      email: ' New.Sales@Test.CN ',
      phone: '13900001111',
      role: 'SALES',
      departmentId: dept(f.departments.shanghai),
      storeId: store(f.stores.shanghai),
    });
    expect(u).toMatchObject({
      email: 'new.sales@test.cn',
      phone: '+8613900001111',
      role: 'SALES',
      active: true,
      store: { id: store(f.stores.shanghai) },
    });
    const session = await login('new.sales@test.cn');
    expect(session.user?.id).toBe(u.id);
  });

  it.each<[string, Record<string, unknown>, string[], string]>([
    ['a taken email', { email: 'SALES1@test.cn' }, ['input', 'email'], 'TAKEN'],
    ['a bad email', { email: 'not-an-email' }, ['input', 'email'], 'INVALID'],
    ['a short password', { password: 'short' }, ['input', 'password'], 'INVALID'],
    ['a MANAGER without department', { role: 'MANAGER', departmentId: null }, ['input', 'departmentId'], 'REQUIRED'],
    ['a store of another department', { storeId: 'S' }, ['input', 'storeId'], 'INVALID'],
    ['an unknown department', { departmentId: dept(999999) }, ['input', 'departmentId'], 'NOT_FOUND'],
  ])('refuses %s and writes nothing', async (_label, change, field, code) => {
    const before = await count('app_user');
    const storeId = change.storeId === 'S' ? store(f.stores.south) : undefined;
    const input = {
      name: '坏输入',
      email: 'bad.input@test.cn',
      role: 'SALES',
      departmentId: dept(f.departments.east),
      password: PASSWORD,
      ...change,
      storeId,
    };
    const res = await app.gql(UserCreateDocument, { input: input as never }, { token: f.admin.token });
    expect(res.data?.userCreate.user).toBeNull();
    expect(res.data?.userCreate.userErrors).toEqual([expect.objectContaining({ field, code })]);
    expect(await count('app_user')).toBe(before);
  });

  it('is for admins only', async () => {
    const input = { name: '越权', email: 'sneaky@test.cn', role: 'ADMIN' as const, password: PASSWORD };
    expect(errorCode(await app.gql(UserCreateDocument, { input }, { token: f.managerEast.token }))).toBe('FORBIDDEN');
    expect(errorCode(await app.gql(UserCreateDocument, { input }))).toBe('UNAUTHENTICATED');
    expect(await sql("select id from app_user where email = 'sneaky@test.cn'")).toEqual([]);
  });
});

describe('userUpdate', () => {
  it('changes fields, and deactivating a user ends their sessions', async () => {
    const u = await createUser({ name: '将离职', email: 'leaving@test.cn', role: 'SALES', departmentId: dept(f.departments.south) });
    const token = (await login('leaving@test.cn')).token!;
    expect((await app.gql(ViewerDocument, {}, { token })).data?.viewer?.id).toBe(u.id);
    const res = await app.gql(UserUpdateDocument, { input: { id: u.id, name: '已离职', active: false } }, { token: f.admin.token });
    expect(res.data?.userUpdate.user).toMatchObject({ name: '已离职', active: false });
    expect(errorCode(await app.gql(ViewerDocument, {}, { token }))).toBe('UNAUTHENTICATED');
    expect((await login('leaving@test.cn')).userErrors[0]?.code).toBe('INVALID_CREDENTIALS');
  });

  it('refuses an admin deactivating or demoting itself', async () => {
    for (const change of [{ active: false }, { role: 'SALES' as const }]) {
      const res = await app.gql(UserUpdateDocument, { input: { id: f.admin.gid, ...change } }, { token: f.admin.token });
      expect(res.data?.userUpdate.userErrors).toEqual([expect.objectContaining({ field: ['input', Object.keys(change)[0]] })]);
    }
    expect((await app.gql(ViewerDocument, {}, { token: f.admin.token })).data?.viewer).toMatchObject({ id: f.admin.gid, role: 'ADMIN' });
  });

  it('refuses bad or taken emails and leaves the user unchanged', async () => {
    const snapshot = () => sql('select name, email, active from app_user where id = ?', [f.salesSh2.id]);
    const before = await snapshot();
    const taken = await app.gql(
      UserUpdateDocument,
      { input: { id: f.salesSh2.gid, name: '改名', email: 'sales1@test.cn' } },
      { token: f.admin.token },
    );
    expect(taken.data?.userUpdate.userErrors).toEqual([expect.objectContaining({ field: ['input', 'email'], code: 'TAKEN' })]);
    const bad = await app.gql(UserUpdateDocument, { input: { id: f.salesSh2.gid, name: '改名', email: 'bad@' } }, { token: f.admin.token });
    expect(bad.data?.userUpdate.userErrors).toEqual([expect.objectContaining({ field: ['input', 'email'], code: 'INVALID' })]);
    const noDept = await app.gql(
      UserUpdateDocument,
      { input: { id: f.salesSh2.gid, departmentId: null, storeId: null } },
      { token: f.admin.token },
    );
    expect(noDept.data?.userUpdate.userErrors).toEqual([expect.objectContaining({ field: ['input', 'departmentId'], code: 'REQUIRED' })]);
    expect(await snapshot()).toEqual(before);
  });

  it('is for admins only', async () => {
    const res = await app.gql(UserUpdateDocument, { input: { id: f.salesSh1.gid, active: false } }, { token: f.managerEast.token });
    expect(errorCode(res)).toBe('FORBIDDEN');
    expect((await app.gql(ViewerDocument, {}, { token: f.salesSh1.token })).data?.viewer?.id).toBe(f.salesSh1.gid);
  });
});
