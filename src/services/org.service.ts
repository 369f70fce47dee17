import { say } from '../domain/common/bilingual';
import { PINYIN_COLLATION } from '../domain/common/sql';
import type { EntityManager } from '@mikro-orm/postgresql';
import { readModel } from '../db/read-model';
import { escapeLike } from './sql';
import { inTransaction, type Result } from './transaction';
import { normaliseEmail, normalisePhone } from '../domain/customer/contact';
import { passwordProblem } from '../domain/access/password-policy';
import { userError, UserInputFailure } from '../domain/common/domain-error';
import type { Role } from '../domain/access/role';
import { Department, Store, User } from '../entities';
import type { Checked } from './checked';
import type { GivenId } from './given-id';
import { paginate, type PageArgs } from '../lib/pagination';
import { hashPassword } from '../lib/password';
import type { ServiceContext } from './service-context';
import { failIfAny } from './validate-input';

// Optional ids below: absent (undefined) leaves a value as it is, null clears it.

export interface DepartmentCreateCommand extends Checked {
  name: string;
  /** Omitted or null: a top-level department. */
  parentId?: GivenId | null;
}

export interface DepartmentUpdateCommand extends Checked {
  id: GivenId;
  name?: string | null;
  /** Null makes it top-level. */
  parentId?: GivenId | null;
}

/** Local ids. */
export interface DepartmentListFilter {
  /** Only the direct children of this department. */
  parentId?: number | null;
  rootsOnly?: boolean | null;
}

export interface StoreCreateCommand extends Checked {
  name: string;
  departmentId: GivenId;
  city?: string | null;
  address?: string | null;
}

export interface StoreUpdateCommand extends Checked {
  id: GivenId;
  name?: string | null;
  /** Null or absent: the store stays in its department. */
  departmentId?: GivenId | null;
  city?: string | null;
  address?: string | null;
  active?: boolean | null;
}

/** Local ids. */
export interface StoreListFilter {
  departmentId?: number | null;
  active?: boolean | null;
}

export interface UserCreateCommand extends Checked {
  name: string;
  email: string;
  phone?: string | null;
  role: Role;
  /** Required for MANAGER and SALES. */
  departmentId?: GivenId | null;
  storeId?: GivenId | null;
  password: string;
}

export interface UserUpdateCommand extends Checked {
  id: GivenId;
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  role?: Role | null;
  departmentId?: GivenId | null;
  storeId?: GivenId | null;
  active?: boolean | null;
  password?: string | null;
}

/** Local ids. */
export interface UserListFilter {
  role?: Role | null;
  /** Users of this department and its subtree. */
  departmentId?: number | null;
  storeId?: number | null;
  active?: boolean | null;
  /** Matches name or email. */
  search?: string | null;
}

/** The Chinese names of the kinds `findGiven` looks for. */
const ORG_TYPE_ZH = { Department: '部门', Store: '门店', User: '用户' } as const;

/** The object a client's id names, or NOT_FOUND at `field` quoting the id as given. */
async function findGiven<T extends object>(
  em: EntityManager,
  entity: new () => T,
  type: keyof typeof ORG_TYPE_ZH,
  given: GivenId,
  field: string[],
): Promise<T> {
  const found = given.id ? await em.findOne(entity, { id: given.id }) : null;
  if (!found)
    throw new UserInputFailure([
      userError(
        field,
        say(`没有 id 为“${given.raw}”的${ORG_TYPE_ZH[type]}`, `no ${type.toLowerCase()} with id "${given.raw}"`),
        'NOT_FOUND',
      ),
    ]);
  return found;
}

/** A known row's id in the shape of a client's (the text is never quoted: the row exists). */
const known = (id: number): GivenId => ({ id, raw: String(id) });

const ORG_UNSCORED = { scoringUnchanged: 'departments, stores and users are not read by the scoring population' };

/** Departments, stores and staff, managed by admins (issue: organisation). */
export class OrgService {
  constructor(private readonly ctx: ServiceContext) {}

  // --- departments -------------------------------------------------------------------------

  createDepartment(input: DepartmentCreateCommand): Promise<Result<'department', Department>> {
    return inTransaction(
      this.ctx,
      'department',
      async (em) => {
        failIfAny(input.invalid);
        const parent = input.parentId ? await findGiven(em, Department, 'Department', input.parentId, ['input', 'parentId']) : null;
        const department = em.create(Department, { name: input.name.trim(), parent, path: '/' });
        await em.flush();
        department.path = `${parent?.path ?? '/'}${department.id}/`;
        await em.flush();
        return department;
      },
      ORG_UNSCORED,
    );
  }

  updateDepartment(input: DepartmentUpdateCommand): Promise<Result<'department', Department>> {
    return inTransaction(
      this.ctx,
      'department',
      async (em) => {
        failIfAny(input.invalid);
        const department = await findGiven(em, Department, 'Department', input.id, ['input', 'id']);
        if (input.name != null) department.name = input.name.trim();
        if (input.parentId !== undefined) {
          const parent = input.parentId ? await findGiven(em, Department, 'Department', input.parentId, ['input', 'parentId']) : null;
          // Lock the tree's rows and re-read the paths, so two concurrent moves cannot make a cycle.
          await em.execute('select id from department for update');
          await em.refresh(department);
          if (parent) await em.refresh(parent);
          if (parent && parent.path.startsWith(department.path)) {
            throw new UserInputFailure([
              userError(
                ['input', 'parentId'],
                say('部门不能移到自身或其下级部门之下', 'a department cannot move under itself or its own subtree'),
              ),
            ]);
          }
          const oldPath = department.path;
          const newPath = `${parent?.path ?? '/'}${department.id}/`;
          department.parent = parent;
          await em.flush();
          // The whole subtree moves with it, in the same transaction (em.execute runs on the
          // transaction's connection; getConnection().execute would wait on our own row lock).
          await em.execute(`update department set path = ? || substr(path, ?) where path like ?`, [
            newPath,
            oldPath.length + 1,
            `${oldPath}%`,
          ]);
          await em.refresh(department);
        }
        await em.flush();
        return department;
      },
      ORG_UNSCORED,
    );
  }

  listDepartments(args: PageArgs, filter: DepartmentListFilter) {
    const em = this.ctx.em;
    const base = em.getKnex().from('department as d').select('d.*');
    if (filter.parentId) base.where('d.parent_id', filter.parentId);
    if (filter.rootsOnly) base.whereNull('d.parent_id');
    return paginate({
      em,
      base,
      idColumn: 'd.id',
      sort: { key: 'PATH', column: 'd.path' },
      args,
      toNodes: (rows: Array<Record<string, unknown>>) => rows.map(readModel(em, Department)),
    });
  }

  // --- stores ------------------------------------------------------------------------------

  createStore(input: StoreCreateCommand): Promise<Result<'store', Store>> {
    return inTransaction(
      this.ctx,
      'store',
      async (em) => {
        failIfAny(input.invalid);
        const department = await findGiven(em, Department, 'Department', input.departmentId, ['input', 'departmentId']);
        const store = em.create(Store, {
          name: input.name.trim(),
          department,
          city: input.city?.trim() || null,
          address: input.address?.trim() || null,
        });
        await em.flush();
        return store;
      },
      ORG_UNSCORED,
    );
  }

  updateStore(input: StoreUpdateCommand): Promise<Result<'store', Store>> {
    return inTransaction(
      this.ctx,
      'store',
      async (em) => {
        failIfAny(input.invalid);
        const store = await findGiven(em, Store, 'Store', input.id, ['input', 'id']);
        if (input.name != null) store.name = input.name.trim();
        if (input.departmentId != null) {
          const department = await findGiven(em, Department, 'Department', input.departmentId, ['input', 'departmentId']);
          if (department.id !== store.department.id) {
            // Staff and customers of a store belong to its department; moving it would break that.
            const [{ n }] = await em.execute(
              `select (select count(*) from app_user where store_id = ?) + (select count(*) from customer where store_id = ?) as n`,
              [store.id, store.id],
            );
            if (Number(n) > 0) {
              throw new UserInputFailure([
                userError(
                  ['input', 'departmentId'],
                  say('该门店仍有员工或客户，请先将其移走', 'the store still has staff or customers; move them first'),
                  'INVALID',
                ),
              ]);
            }
            store.department = department;
          }
        }
        if (input.city !== undefined) store.city = input.city?.trim() || null;
        if (input.address !== undefined) store.address = input.address?.trim() || null;
        if (input.active != null) store.active = input.active;
        await em.flush();
        return store;
      },
      ORG_UNSCORED,
    );
  }

  listStores(args: PageArgs, filter: StoreListFilter) {
    const em = this.ctx.em;
    const base = em.getKnex().from('store as s').select('s.*');
    if (filter.departmentId) base.where('s.department_id', filter.departmentId);
    if (filter.active != null) base.where('s.active', filter.active);
    return paginate({
      em,
      base,
      idColumn: 's.id',
      sort: { key: 'NAME', column: 's.name', collation: PINYIN_COLLATION },
      args,
      toNodes: (rows: Array<Record<string, unknown>>) => rows.map(readModel(em, Store)),
    });
  }

  // --- users -------------------------------------------------------------------------------

  createUser(input: UserCreateCommand): Promise<Result<'user', User>> {
    return inTransaction(
      this.ctx,
      'user',
      async (em) => {
        const errors = [...input.invalid];
        const email = normaliseEmail(input.email);
        if (!email.ok) errors.push(userError(['input', 'email'], email.message));
        const phone = input.phone ? normalisePhone(input.phone) : null;
        if (phone && !phone.ok) errors.push(userError(['input', 'phone'], phone.message));
        if (input.role !== 'ADMIN' && !input.departmentId) {
          errors.push(
            userError(
              ['input', 'departmentId'],
              say(`${input.role} 角色的用户必须属于一个部门`, `a ${input.role} user needs a department`),
              'REQUIRED',
            ),
          );
        }
        const weak = passwordProblem(input.password, { email: email.ok ? email.value : input.email });
        if (weak) errors.push(userError(['input', 'password'], weak.message));
        failIfAny(errors);
        const placement = await this.placement(em, input.departmentId, input.storeId);
        const emailValue = (email as { value: string }).value;
        if (await em.count(User, { email: emailValue })) {
          throw new UserInputFailure([
            userError(['input', 'email'], say(`${emailValue} 已被其他用户使用`, `${emailValue} is already used by another user`), 'TAKEN'),
          ]);
        }
        const user = em.create(User, {
          name: input.name.trim(),
          email: emailValue,
          phone: phone && phone.ok ? phone.value : null,
          role: input.role,
          ...placement,
          passwordHash: await hashPassword(input.password),
        });
        await em.flush();
        return user;
      },
      ORG_UNSCORED,
    );
  }

  updateUser(input: UserUpdateCommand): Promise<Result<'user', User>> {
    return inTransaction(
      this.ctx,
      'user',
      async (em) => {
        const errors = [...input.invalid];
        const user = await findGiven(em, User, 'User', input.id, ['input', 'id']);
        if (input.email != null) {
          const email = normaliseEmail(input.email);
          if (!email.ok) errors.push(userError(['input', 'email'], email.message));
          else if (email.value !== user.email && (await em.count(User, { email: email.value }))) {
            errors.push(
              userError(
                ['input', 'email'],
                say(`${email.value} 已被其他用户使用`, `${email.value} is already used by another user`),
                'TAKEN',
              ),
            );
          } else user.email = email.value;
        }
        if (input.phone !== undefined) {
          const phone = input.phone ? normalisePhone(input.phone) : null;
          if (phone && !phone.ok) errors.push(userError(['input', 'phone'], phone.message));
          else user.phone = phone?.value ?? null;
        }
        const viewer = this.ctx.viewer;
        if (viewer?.kind === 'staff' && viewer.userId === user.id && (input.active === false || (input.role && input.role !== 'ADMIN'))) {
          errors.push(
            userError(
              ['input', input.active === false ? 'active' : 'role'],
              say('管理员不能停用自己或降低自己的角色', 'admins cannot deactivate or demote themselves'),
            ),
          );
        }
        const weak = input.password != null ? passwordProblem(input.password, { email: user.email }) : null;
        if (weak) errors.push(userError(['input', 'password'], weak.message));
        failIfAny(errors);
        if (input.name != null) user.name = input.name.trim();
        if (input.role != null) user.role = input.role;
        if (input.departmentId !== undefined || input.storeId !== undefined) {
          Object.assign(
            user,
            await this.placement(
              em,
              input.departmentId !== undefined ? input.departmentId : user.department && known(user.department.id),
              input.storeId !== undefined ? input.storeId : user.store && known(user.store.id),
            ),
          );
        }
        if (user.role !== 'ADMIN' && !user.department) {
          throw new UserInputFailure([
            userError(
              ['input', 'departmentId'],
              say(`${user.role} 角色的用户必须属于一个部门`, `a ${user.role} user needs a department`),
              'REQUIRED',
            ),
          ]);
        }
        if (input.active != null) user.active = input.active;
        if (input.password != null) user.passwordHash = await hashPassword(input.password);
        await em.flush();
        // A deactivated user or a new password ends every open session.
        if (input.active === false || input.password != null) {
          await em.execute('delete from auth_token where user_id = ?', [user.id]);
        }
        return user;
      },
      ORG_UNSCORED,
    );
  }

  /** Department and store of a user; a store must belong to the user's department. */
  private async placement(em: EntityManager, departmentId: GivenId | null | undefined, storeId: GivenId | null | undefined) {
    const department = departmentId ? await findGiven(em, Department, 'Department', departmentId, ['input', 'departmentId']) : null;
    const store = storeId ? await findGiven(em, Store, 'Store', storeId, ['input', 'storeId']) : null;
    if (store && store.department.id !== department?.id) {
      throw new UserInputFailure([
        userError(['input', 'storeId'], say('门店必须属于该用户所在的部门', "the store must belong to the user's department")),
      ]);
    }
    return { department, store };
  }

  listUsers(args: PageArgs, filter: UserListFilter) {
    const em = this.ctx.em;
    const base = em.getKnex().from('app_user as u').select('u.*');
    if (filter.role) base.where('u.role', filter.role);
    if (filter.departmentId) {
      base.whereRaw(`u.department_id in (select id from department where path like (select path from department where id = ?) || '%')`, [
        filter.departmentId,
      ]);
    }
    if (filter.storeId) base.where('u.store_id', filter.storeId);
    if (filter.active != null) base.where('u.active', filter.active);
    if (filter.search?.trim()) {
      const like = `%${escapeLike(filter.search.trim().toLowerCase())}%`;
      base.where((q) => {
        q.whereRaw('lower(u.name) like ?', [like]).orWhereRaw('u.email like ?', [like]);
      });
    }
    return paginate({
      em,
      base,
      idColumn: 'u.id',
      sort: { key: 'NAME', column: 'u.name', collation: PINYIN_COLLATION },
      args,
      toNodes: (rows: Array<Record<string, unknown>>) => rows.map(readModel(em, User)),
    });
  }
}
