import type { EntityManager } from '@mikro-orm/postgresql';
import { say } from '../domain/common/bilingual';
import { userError, UserInputFailure, type UserErrorData } from '../domain/common/domain-error';
import {
  initialServiceCaseStatus,
  isFinalServiceCaseStatus,
  serviceCaseMoveProblem,
  serviceCaseResolveProblem,
  type ServiceCaseMoveProblem,
} from '../domain/records/service-case-status';
import { Order, Product, ServiceCase, User } from '../entities';
import type { ServiceCaseStatus, ServiceCaseType } from '../domain/records/records.enums';
import { lockCustomerById, lockCustomerForRecords, noteStatsEffect, refreshCustomerStats } from './customer-stats.service';
import type { Checked } from './checked';
import type { GivenId } from './given-id';
import { inTransaction, type Result } from './transaction';
import { visibleRecordRows } from './record-visibility';
import type { ServiceContext } from './service-context';
import { namedStaff } from './staff';
import { failIfAny } from './validate-input';

export interface ServiceCaseCreateCommand extends Checked {
  customerId: GivenId;
  type: ServiceCaseType;
  description: string;
  appointmentAt?: Date | null;
  coverageEndsOn?: string | null;
  assigneeId?: GivenId | null;
  orderId?: GivenId | null;
  productId?: GivenId | null;
}

/** Absent fields stay as they are; null clears (or is refused for status and description). */
export interface ServiceCaseUpdateCommand extends Checked {
  id: GivenId;
  status?: ServiceCaseStatus | null;
  appointmentAt?: Date | null;
  coverageEndsOn?: string | null;
  description?: string | null;
  assigneeId?: GivenId | null;
}

export interface ServiceCaseResolveCommand extends Checked {
  id: GivenId;
  resolution: string;
  satisfaction?: number | null;
}

type ServiceCaseResult = Result<'serviceCase', ServiceCase>;

function problemError(problem: ServiceCaseMoveProblem, fields: Record<ServiceCaseMoveProblem['field'], string>): UserErrorData {
  return userError(['input', fields[problem.field]], problem.message, problem.code);
}

/** After-sale cases (DOMAIN R5); the satisfaction they collect feeds the customer's figures. */
export class ServiceCaseService {
  constructor(protected readonly ctx: ServiceContext) {}

  create(input: ServiceCaseCreateCommand): Promise<ServiceCaseResult> {
    return inTransaction(this.ctx, 'serviceCase', async (em, notes) => {
      const errors = [...input.invalid];
      const assignee = input.assigneeId ? await this.assignee(em, input.assigneeId, errors) : null;
      failIfAny(errors);
      const customer = await lockCustomerForRecords(this.ctx, em, input.customerId, ['input', 'customerId']);
      const orderId = input.orderId ? input.orderId.id : null;
      const order = orderId ? await em.findOne(Order, { id: orderId, customer: customer.id }) : null;
      if (input.orderId && !order)
        errors.push(
          userError(
            ['input', 'orderId'],
            say(`该客户没有 id 为“${input.orderId.raw}”的订单`, `no order of this customer with id "${input.orderId.raw}"`),
            'NOT_FOUND',
          ),
        );
      const productId = input.productId ? input.productId.id : null;
      const product = productId ? await em.findOne(Product, productId) : null;
      if (input.productId && !product)
        errors.push(
          userError(
            ['input', 'productId'],
            say(`没有 id 为“${input.productId.raw}”的产品`, `no product with id "${input.productId.raw}"`),
            'NOT_FOUND',
          ),
        );
      failIfAny(errors);
      const now = this.ctx.now();
      const appointmentAt = input.appointmentAt ?? null;
      const serviceCase = em.create(ServiceCase, {
        customer,
        order,
        product,
        type: input.type,
        status: initialServiceCaseStatus(appointmentAt),
        description: input.description.trim(),
        appointmentAt,
        coverageEndsOn: input.coverageEndsOn ?? null,
        assignee,
        createdAt: now,
        updatedAt: now,
      });
      await em.flush();
      noteStatsEffect(notes, await refreshCustomerStats(em, [customer.id]), 'a service case');
      return serviceCase;
    });
  }

  update(input: ServiceCaseUpdateCommand): Promise<ServiceCaseResult> {
    return inTransaction(this.ctx, 'serviceCase', async (em, notes) => {
      const errors = [...input.invalid];
      const serviceCase = await this.lockVisible(em, input.id);
      if (isFinalServiceCaseStatus(serviceCase.status)) {
        throw new UserInputFailure([
          userError(
            ['input', 'id'],
            say(`${serviceCase.status} 状态的售后单不能再修改`, `a ${serviceCase.status} case cannot change any more`),
            'ILLEGAL_TRANSITION',
          ),
        ]);
      }
      if (input.status === null)
        errors.push(userError(['input', 'status'], say('status 不能为 null', 'status cannot be null'), 'REQUIRED'));
      if (input.description === null)
        errors.push(userError(['input', 'description'], say('description 不能为 null', 'description cannot be null'), 'REQUIRED'));
      const status = input.status ?? serviceCase.status;
      const appointmentAt = input.appointmentAt !== undefined ? input.appointmentAt : (serviceCase.appointmentAt ?? null);
      const problem = serviceCaseMoveProblem(serviceCase.status, status, { appointmentAt, resolution: serviceCase.resolution ?? null });
      if (problem) errors.push(problemError(problem, { status: 'status', appointmentAt: 'appointmentAt', resolution: 'status' }));
      const assignee =
        input.assigneeId === undefined ? serviceCase.assignee : input.assigneeId ? await this.assignee(em, input.assigneeId, errors) : null;
      failIfAny(errors);
      serviceCase.status = status;
      serviceCase.appointmentAt = appointmentAt;
      if (input.coverageEndsOn !== undefined) serviceCase.coverageEndsOn = input.coverageEndsOn;
      if (input.description != null) serviceCase.description = input.description.trim();
      serviceCase.assignee = assignee ?? null;
      serviceCase.updatedAt = this.ctx.now();
      await em.flush();
      noteStatsEffect(notes, await refreshCustomerStats(em, [serviceCase.customer.id]), 'a service case');
      return serviceCase;
    });
  }

  resolve(input: ServiceCaseResolveCommand): Promise<ServiceCaseResult> {
    return inTransaction(this.ctx, 'serviceCase', async (em, notes) => {
      const errors = [...input.invalid];
      const serviceCase = await this.lockVisible(em, input.id);
      const problem = serviceCaseResolveProblem(serviceCase.status, input.resolution);
      if (problem) errors.push(problemError(problem, { status: 'id', appointmentAt: 'id', resolution: 'resolution' }));
      failIfAny(errors);
      const now = this.ctx.now();
      serviceCase.status = 'RESOLVED';
      serviceCase.resolution = input.resolution.trim();
      serviceCase.satisfaction = input.satisfaction ?? null;
      serviceCase.resolvedAt = now;
      serviceCase.updatedAt = now;
      await em.flush();
      noteStatsEffect(notes, await refreshCustomerStats(em, [serviceCase.customer.id]), 'a service case');
      return serviceCase;
    });
  }

  /** The case when its customer is in scope, with that customer locked. */
  private async lockVisible(em: EntityManager, ref: GivenId): Promise<ServiceCase> {
    const id = ref.id;
    const row = id ? (await visibleRecordRows(em, this.ctx.viewer, 'service_case', [id])).get(id) : undefined;
    if (!row)
      throw new UserInputFailure([
        userError(['input', 'id'], say(`没有 id 为“${ref.raw}”的售后单`, `no service case with id "${ref.raw}"`), 'NOT_FOUND'),
      ]);
    await lockCustomerById(em, row.customer_id as number);
    const [fresh] = await em.execute('select * from service_case where id = ? for update', [id]);
    return em.map(ServiceCase, fresh);
  }

  private async assignee(em: EntityManager, staff: GivenId, errors: UserErrorData[]): Promise<User | null> {
    return namedStaff(em, this.ctx.viewer, staff, 'assigneeId', errors);
  }
}
