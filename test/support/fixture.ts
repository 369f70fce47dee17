import type { EntityManager } from '@mikro-orm/postgresql';
import { hashPassword } from '../../src/lib/password';
import { localIdOf } from '../../src/schema/global-id';
import { toGlobalId } from '../../src/schema/global-id';
import type { Role } from '../../src/domain/access/role';
import type { StaffViewer } from '../../src/domain/access/viewer';
import { CustomerCreateDocument, LoginDocument } from '../generated/graphql';
import type { TestApp } from './test-app';

export const PASSWORD = 'secret-pass-1';

export interface FixtureUser {
  id: number;
  gid: string;
  email: string;
  role: Role;
  departmentId: number | null;
  token: string;
  viewer: StaffViewer;
}

export interface Fixture {
  departments: { hq: number; east: number; shanghai: number; south: number };
  stores: { shanghai: number; south: number };
  admin: FixtureUser;
  managerEast: FixtureUser;
  salesSh1: FixtureUser;
  salesSh2: FixtureUser;
  salesSouth: FixtureUser;
}

/**
 * A small company: 总部 → 华东 → 上海, and 总部 → 华南; an admin, the east manager, two
 * Shanghai salespeople and one in the south. Every user is signed in through `login`.
 */
export async function createFixture(app: TestApp): Promise<Fixture> {
  const em: EntityManager = app.db.orm.em.fork();
  const c = em.getConnection();
  const now = new Date();
  const dept = async (name: string, parent: { id: number; path: string } | null) => {
    const [row] = await c.execute(
      `insert into department (name, parent_id, path, created_at, updated_at) values (?, ?, '/', ?, ?) returning id`,
      [name, parent?.id ?? null, now, now],
    );
    const path = `${parent?.path ?? '/'}${row.id}/`;
    await c.execute('update department set path = ? where id = ?', [path, row.id]);
    return { id: row.id as number, path };
  };
  const hq = await dept('总部', null);
  const east = await dept('华东', hq);
  const shanghai = await dept('上海', east);
  const south = await dept('华南', hq);
  const store = async (name: string, departmentId: number) => {
    const [row] = await c.execute(
      `insert into store (name, department_id, active, created_at, updated_at) values (?, ?, true, ?, ?) returning id`,
      [name, departmentId, now, now],
    );
    return row.id as number;
  };
  const stores = { shanghai: await store('徐汇店', shanghai.id), south: await store('天河店', south.id) };
  const passwordHash = await hashPassword(PASSWORD);
  const user = async (name: string, email: string, role: Role, d: { id: number; path: string }, storeId: number | null) => {
    const [row] = await c.execute(
      `insert into app_user (name, email, role, department_id, store_id, active, password_hash, created_at, updated_at)
       values (?, ?, ?, ?, ?, true, ?, ?, ?) returning id`,
      [name, email, role, d.id, storeId, passwordHash, now, now],
    );
    const res = await app.gql(LoginDocument, { input: { email, password: PASSWORD } });
    const token = res.data?.login.token;
    if (!token) throw new Error(`fixture login failed for ${email}: ${JSON.stringify(res)}`);
    const id = row.id as number;
    return {
      id,
      gid: toGlobalId('User', id),
      email,
      role,
      departmentId: d.id,
      token,
      viewer: { kind: 'staff', userId: id, role, departmentId: d.id, departmentPath: d.path } as StaffViewer,
    };
  };
  return {
    departments: { hq: hq.id, east: east.id, shanghai: shanghai.id, south: south.id },
    stores,
    admin: await user('管理员', 'admin@test.cn', 'ADMIN', hq, null),
    managerEast: await user('华东经理', 'manager.east@test.cn', 'MANAGER', east, null),
    salesSh1: await user('上海销售一', 'sales1@test.cn', 'SALES', shanghai, stores.shanghai),
    salesSh2: await user('上海销售二', 'sales2@test.cn', 'SALES', shanghai, stores.shanghai),
    salesSouth: await user('华南销售', 'sales.south@test.cn', 'SALES', south, stores.south),
  };
}

/** Counts every statement sent to PostgreSQL by this process while `work` runs. */
export async function countStatements(work: () => Promise<unknown>): Promise<number> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Client } = require('pg') as typeof import('pg');
  const proto = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  let count = 0;
  proto.query = function (this: unknown, ...args: unknown[]) {
    count++;
    return original.apply(this, args);
  };
  try {
    await work();
  } finally {
    proto.query = original;
  }
  return count;
}

/** A company customer created through the API by the user of `token` (a salesperson owns it); its local id. */
export async function createCompanyCustomer(app: TestApp, name: string, token: string): Promise<number> {
  const res = await app.gql(CustomerCreateDocument, { input: { kind: 'COMPANY', name } }, { token });
  return localIdOf(res.data!.customerCreate.customer!.id, 'Customer')!;
}
