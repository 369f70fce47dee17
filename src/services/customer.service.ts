import { CustomerDuplicatesService, type DuplicateCheck } from './customer-duplicates.service';
import { OptimisticLockError } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { CustomerScope, Viewer } from '../domain/access/viewer';
import { scopeAllows } from '../domain/access/viewer';
import { calendarDayIn } from '../domain/common/calendar';
import { say } from '../domain/common/bilingual';
import { userError, UserInputFailure } from '../domain/common/domain-error';
import { CustomFieldDefinition, Customer, CustomerAssignment, Department, Store, User } from '../entities';
import type { CustomerKind } from '../domain/customer/customer.enums';
import type { Checked } from './checked';
import { applyCustomerFields, missingRequiredFields, type CustomerFieldsCommand } from './customer-fields';
import { applyCustomerScope, scopeFor } from './customer-scope';
import type { GivenId } from './given-id';
import { inTransaction, type Result } from './transaction';
import { actingUserId, viewerOf, type ServiceContext } from './service-context';
import { failIfAny } from './validate-input';

type CustomerResult = Result<'customer', Customer>;

/** Placement ids: absent means the default (or, on update, unchanged); null clears. */
export interface CustomerCreateCommand extends CustomerFieldsCommand, Checked {
  kind: CustomerKind;
  name: string;
  /** Defaults to the viewer for MANAGER and SALES staff. */
  ownerId?: GivenId | null;
  /** Defaults to the owner's department. */
  departmentId?: GivenId | null;
  /** Defaults to the owner's store. */
  storeId?: GivenId | null;
}

export interface CustomerUpdateCommand extends CustomerFieldsCommand, Checked {
  id: GivenId;
  /** The version read; when stale the update is refused with CONFLICT. */
  version?: number | null;
  kind?: CustomerKind | null;
  name?: string | null;
  departmentId?: GivenId | null;
  storeId?: GivenId | null;
}

export interface CustomerAssignCommand extends Checked {
  customerId: GivenId;
  /** Null: none given. */
  ownerId: GivenId | null;
  reason: string;
}

const notFound = (field: string[], id: GivenId) =>
  new UserInputFailure([userError(field, say(`没有 id 为“${id.raw}”的客户`, `no customer with id "${id.raw}"`), 'NOT_FOUND')]);

/** Writes to the customer database (C1–C5, C7), each in one transaction, within the viewer's scope. */
export class CustomerService {
  constructor(private readonly ctx: ServiceContext) {}

  private get scope(): CustomerScope {
    return scopeFor(this.ctx.viewer);
  }

  /** One customer by local id, or null when there is none (or no id) or it is outside the viewer's scope. */
  async findVisible(id: number | null, em: EntityManager = this.ctx.em, lock = false): Promise<Customer | null> {
    if (!id) return null;
    const query = em.getKnex().from('customer as c').select('c.*').where('c.id', id);
    applyCustomerScope(query, this.scope);
    if (lock) query.forUpdate();
    const rows = await em.execute(query);
    return rows[0] ? em.map(Customer, rows[0]) : null;
  }

  private async definitions(em: EntityManager) {
    const defs = await em.find(CustomFieldDefinition, {});
    return new Map(defs.map((d) => [d.key, d]));
  }

  async create(input: CustomerCreateCommand): Promise<CustomerResult & { duplicates: DuplicateCheck | null }> {
    let duplicates: DuplicateCheck | null = null;
    const result = await inTransaction(this.ctx, 'customer', async (em) => {
      const errors = [...input.invalid];
      const now = this.ctx.now();
      const customer = em.create(Customer, { kind: input.kind, name: input.name.trim(), createdAt: now, updatedAt: now });
      const definitions = await this.definitions(em);
      applyCustomerFields(customer, input, definitions, errors, now, calendarDayIn(now, this.ctx.config.companyTimeZone));
      errors.push(...missingRequiredFields(customer, definitions));
      failIfAny(errors);
      const owner = await this.chooseOwner(em, input.ownerId);
      await this.place(em, customer, owner, input.departmentId, input.storeId);
      await em.flush();
      em.create(CustomerAssignment, {
        customer,
        fromOwner: null,
        toOwner: owner,
        reason: 'created',
        assignedBy: this.actor(em),
        assignedAt: now,
      });
      await em.flush();
      duplicates = await this.checkDuplicates(em, customer);
      return customer;
    });
    return { ...result, duplicates: result.customer ? duplicates : null };
  }

  async update(input: CustomerUpdateCommand): Promise<CustomerResult & { duplicates: DuplicateCheck | null }> {
    let duplicates: DuplicateCheck | null = null;
    const result = await inTransaction(this.ctx, 'customer', async (em, notes) => {
      const errors = [...input.invalid];
      const customer = await this.findVisible(input.id.id, em, true);
      if (!customer) throw notFound(['input', 'id'], input.id);
      if (input.version != null && input.version !== customer.version) {
        throw new UserInputFailure([
          userError(
            ['input', 'version'],
            say(
              `客户在版本 ${input.version} 之后已被修改，当前版本为 ${customer.version}`,
              `the customer changed since version ${input.version}; it is now at ${customer.version}`,
            ),
            'CONFLICT',
          ),
        ]);
      }
      if (input.kind === null) errors.push(userError(['input', 'kind'], say('kind 不能为 null', 'kind cannot be null'), 'REQUIRED'));
      if (input.name === null) errors.push(userError(['input', 'name'], say('name 不能为 null', 'name cannot be null'), 'REQUIRED'));
      // Of the customer's own columns the scoring population reads company_size only (kind,
      // contact, custom fields and placement are not inputs; archiving is setArchived's).
      const companySizeBefore = customer.companySize ?? null;
      if (input.kind) customer.kind = input.kind;
      if (input.name) customer.name = input.name.trim();
      const definitions = await this.definitions(em);
      const now = this.ctx.now();
      applyCustomerFields(customer, input, definitions, errors, now, calendarDayIn(now, this.ctx.config.companyTimeZone));
      failIfAny(errors);
      if (input.departmentId !== undefined || input.storeId !== undefined) {
        const owner = customer.owner ? await em.findOneOrFail(User, customer.owner.id) : null;
        await this.place(
          em,
          customer,
          owner,
          input.departmentId === undefined ? undefined : input.departmentId,
          input.storeId === undefined ? undefined : input.storeId,
        );
      }
      await this.flushVersioned(em, input.version ?? customer.version);
      if ((customer.companySize ?? null) === companySizeBefore) {
        notes.scoringUnchanged('the company size, the only scored column an update can change, stayed');
      }
      // Checked again only when what identifies the customer was given.
      const identifying = [input.name, input.companyName, input.phone, input.phones, input.email, input.emails, input.wechatIds];
      if (identifying.some((v) => v !== undefined)) duplicates = await this.checkDuplicates(em, customer);
      return customer;
    });
    return { ...result, duplicates: result.customer ? duplicates : null };
  }

  /**
   * The customers this one may duplicate (issue 17 item 4): the candidates with the payload,
   * or, when the company refuses duplicates (CUSTOMER_DUPLICATES=refuse), a DUPLICATE user
   * error that rolls the write back.
   */
  private async checkDuplicates(em: EntityManager, customer: Customer): Promise<DuplicateCheck> {
    const check = await new CustomerDuplicatesService(this.ctx).check(em, customer.id);
    const count = check.candidates.length + check.hiddenCount;
    if (count > 0 && this.ctx.config.customerDuplicates === 'refuse') {
      throw new UserInputFailure([
        userError(
          ['input'],
          say(
            `按电话、邮箱、微信号或名称加公司匹配到 ${count} 个已有客户；请先合并或修改`,
            `matches ${count} existing customer${count > 1 ? 's' : ''} by phone, email, WeChat id or name and company; merge or change them first`,
          ),
          'DUPLICATE',
        ),
      ]);
    }
    return check;
  }

  setArchived(customerId: GivenId, archived: boolean): Promise<CustomerResult> {
    return inTransaction(this.ctx, 'customer', async (em, notes) => {
      const customer = await this.findVisible(customerId.id, em, true);
      if (!customer) throw notFound(['input', 'id'], customerId);
      if (archived !== (customer.archivedAt != null)) {
        customer.archivedAt = archived ? this.ctx.now() : null;
        await this.flushVersioned(em, customer.version);
      } else {
        notes.scoringUnchanged('the customer was already in that archived state');
      }
      return customer;
    });
  }

  assign(input: CustomerAssignCommand): Promise<CustomerResult> {
    return inTransaction(
      this.ctx,
      'customer',
      async (em) => {
        failIfAny(input.invalid);
        const customer = await this.findVisible(input.customerId.id, em, true);
        if (!customer) throw notFound(['input', 'customerId'], input.customerId);
        const previous = customer.owner ?? null;
        const owner = await this.chooseOwner(em, input.ownerId, true);
        if (previous?.id === owner?.id) {
          throw new UserInputFailure([
            userError(['input', 'ownerId'], say('该客户已属于此用户', 'the customer already belongs to this user')),
          ]);
        }
        await this.place(em, customer, owner, undefined, undefined, true);
        em.create(CustomerAssignment, {
          customer,
          fromOwner: previous,
          toOwner: owner,
          reason: input.reason.trim(),
          assignedBy: this.actor(em),
          assignedAt: this.ctx.now(),
        });
        await this.flushVersioned(em, customer.version);
        return customer;
      },
      { scoringUnchanged: 'owner, department and store are not read by the scoring population' },
    );
  }

  private actor(em: EntityManager): User | null {
    const id = actingUserId(this.ctx);
    return id ? em.getReference(User, id) : null;
  }

  /** Flushes; a concurrent writer that bumped the version first turns into a CONFLICT. */
  private async flushVersioned(em: EntityManager, version: number): Promise<void> {
    try {
      await em.flush();
    } catch (error) {
      if (error instanceof OptimisticLockError) {
        throw new UserInputFailure([
          userError(
            ['input', 'version'],
            say(`客户在版本 ${version} 之后已被他人修改`, `the customer was changed by someone else since version ${version}`),
            'CONFLICT',
          ),
        ]);
      }
      throw error;
    }
  }

  /**
   * The owner a viewer may give a customer: SALES only itself; MANAGER itself or staff of its
   * subtree; ADMIN and partners any active user. Omitted on create: the staff viewer.
   */
  async chooseOwner(em: EntityManager, ownerId: GivenId | null | undefined, required = false): Promise<User | null> {
    const viewer: Viewer = viewerOf(this.ctx);
    const field = ['input', 'ownerId'];
    if (!ownerId) {
      if (required) throw new UserInputFailure([userError(field, say('必须指定负责人', 'an owner is required'), 'REQUIRED')]);
      return viewer.kind === 'staff' && viewer.role !== 'ADMIN'
        ? em.findOneOrFail(User, viewer.userId, { populate: ['department'] })
        : null;
    }
    const owner = ownerId.id ? await em.findOne(User, ownerId.id, { populate: ['department'] }) : null;
    if (!owner)
      throw new UserInputFailure([
        userError(field, say(`没有 id 为“${ownerId.raw}”的用户`, `no user with id "${ownerId.raw}"`), 'NOT_FOUND'),
      ]);
    if (!owner.active) throw new UserInputFailure([userError(field, say(`${owner.name} 已停用`, `${owner.name} is inactive`))]);
    const allowed = scopeAllows(this.scope, { ownerId: owner.id, departmentPath: owner.department?.path ?? null });
    const salesOwnDepartment =
      viewer.kind === 'staff' && viewer.role === 'SALES' && required && owner.department?.id === viewer.departmentId;
    if (!allowed && !salesOwnDepartment) {
      throw new UserInputFailure([
        userError(field, say(`你不能把客户分配给 ${owner.name}`, `you cannot give customers to ${owner.name}`), 'FORBIDDEN'),
      ]);
    }
    return owner;
  }

  /**
   * Sets owner, department and store. Department and store default to the owner's; an
   * explicit department must lie in the viewer's scope and the store in that department.
   */
  private async place(
    em: EntityManager,
    customer: Customer,
    owner: User | null,
    departmentId: GivenId | null | undefined,
    storeId: GivenId | null | undefined,
    followOwner = false,
  ): Promise<void> {
    customer.owner = owner;
    let department = customer.department ? await em.findOneOrFail(Department, customer.department.id) : null;
    let store = customer.store ? await em.findOneOrFail(Store, customer.store.id) : null;
    if (followOwner || customer.id == null) {
      department = owner?.department ?? null;
      store = owner?.store ? await em.findOneOrFail(Store, owner.store.id) : null;
    }
    if (departmentId !== undefined) {
      department = departmentId?.id ? await em.findOne(Department, departmentId.id) : null;
      if (departmentId && !department) {
        throw new UserInputFailure([
          userError(
            ['input', 'departmentId'],
            say(`没有 id 为“${departmentId.raw}”的部门`, `no department with id "${departmentId.raw}"`),
            'NOT_FOUND',
          ),
        ]);
      }
      const scope = this.scope;
      if (department && scope.kind !== 'all' && !(scope.kind === 'subtree' && department.path.startsWith(scope.path))) {
        const viewer = viewerOf(this.ctx);
        if (!(viewer.kind === 'staff' && viewer.departmentId === department.id)) {
          throw new UserInputFailure([
            userError(['input', 'departmentId'], say('该部门不在你的数据范围内', 'the department is outside your scope'), 'FORBIDDEN'),
          ]);
        }
      }
      if (store && store.department.id !== department?.id) store = null;
    }
    if (storeId !== undefined) {
      store = storeId?.id ? await em.findOne(Store, storeId.id) : null;
      if (storeId && !store) {
        throw new UserInputFailure([
          userError(['input', 'storeId'], say(`没有 id 为“${storeId.raw}”的门店`, `no store with id "${storeId.raw}"`), 'NOT_FOUND'),
        ]);
      }
      if (store && store.department.id !== department?.id) {
        throw new UserInputFailure([
          userError(['input', 'storeId'], say('门店必须属于客户所在的部门', "the store must belong to the customer's department")),
        ]);
      }
    }
    customer.department = department;
    customer.store = store;
  }
}
