import type { EntityManager } from '@mikro-orm/postgresql';
import { userError, UserInputFailure, type UserErrorData } from '../domain/common/domain-error';
import {
  initialServiceCaseStatus,
  isFinalServiceCaseStatus,
  serviceCaseMoveProblem,
  serviceCaseResolveProblem,
  type ServiceCaseMoveProblem,
} from '../domain/records/service-case-status';
import { Order, Product, ServiceCase, User } from '../entities';
import { localIdOf } from '../schema/global-id';
import type { ServiceCaseCreateInput, ServiceCaseResolveInput, ServiceCaseUpdateInput } from '../schema/types/service-case.input';
import { lockCustomerById, lockCustomerForRecords, noteStatsEffect, refreshCustomerStats } from './customer-stats.service';
import { inTransaction, type Result } from './transaction';
import { visibleRecordRows } from './record-visibility';
import type { ServiceContext } from './service-context';
import { namedStaff } from './staff';
import { checkInput, failIfAny } from './validate-input';

type ServiceCaseResult = Result<'serviceCase', ServiceCase>;

function problemError(problem: ServiceCaseMoveProblem, fields: Record<ServiceCaseMoveProblem['field'], string>): UserErrorData {
  return userError(['input', fields[problem.field]], problem.message, problem.code);
}

/** After-sale cases (DOMAIN R5); the satisfaction they collect feeds the customer's figures. */
export class ServiceCaseService {
  constructor(protected readonly ctx: ServiceContext) {}

  create(input: ServiceCaseCreateInput): Promise<ServiceCaseResult> {
    return inTransaction(this.ctx.em, 'serviceCase', async (em, notes) => {
      const errors = await checkInput(input);
      const assignee = input.assigneeId ? await this.assignee(em, input.assigneeId, errors) : null;
      failIfAny(errors);
      const customer = await lockCustomerForRecords(this.ctx, em, input.customerId, ['input', 'customerId']);
      const orderId = input.orderId ? localIdOf(input.orderId, 'Order') : null;
      const order = orderId ? await em.findOne(Order, { id: orderId, customer: customer.id }) : null;
      if (input.orderId && !order) errors.push(userError(['input', 'orderId'], `no order of this customer with id "${input.orderId}"`, 'NOT_FOUND'));
      const productId = input.productId ? localIdOf(input.productId, 'Product') : null;
      const product = productId ? await em.findOne(Product, productId) : null;
      if (input.productId && !product) errors.push(userError(['input', 'productId'], `no product with id "${input.productId}"`, 'NOT_FOUND'));
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

  update(input: ServiceCaseUpdateInput): Promise<ServiceCaseResult> {
    return inTransaction(this.ctx.em, 'serviceCase', async (em, notes) => {
      const errors = await checkInput(input);
      const serviceCase = await this.lockVisible(em, input.id);
      if (isFinalServiceCaseStatus(serviceCase.status)) {
        throw new UserInputFailure([userError(['input', 'id'], `a ${serviceCase.status} case cannot change any more`, 'ILLEGAL_TRANSITION')]);
      }
      if (input.status === null) errors.push(userError(['input', 'status'], 'status cannot be null', 'REQUIRED'));
      if (input.description === null) errors.push(userError(['input', 'description'], 'description cannot be null', 'REQUIRED'));
      const status = input.status ?? serviceCase.status;
      const appointmentAt = input.appointmentAt !== undefined ? input.appointmentAt : (serviceCase.appointmentAt ?? null);
      const problem = serviceCaseMoveProblem(serviceCase.status, status, { appointmentAt, resolution: serviceCase.resolution ?? null });
      if (problem) errors.push(problemError(problem, { status: 'status', appointmentAt: 'appointmentAt', resolution: 'status' }));
      const assignee =
        input.assigneeId === undefined
          ? serviceCase.assignee
          : input.assigneeId
            ? await this.assignee(em, input.assigneeId, errors)
            : null;
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

  resolve(input: ServiceCaseResolveInput): Promise<ServiceCaseResult> {
    return inTransaction(this.ctx.em, 'serviceCase', async (em, notes) => {
      const errors = await checkInput(input);
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

  /** The case by global id when its customer is in scope, with that customer locked. */
  private async lockVisible(em: EntityManager, globalId: string): Promise<ServiceCase> {
    const id = localIdOf(globalId, 'ServiceCase');
    const row = id ? (await visibleRecordRows(em, this.ctx.viewer, 'service_case', [id])).get(id) : undefined;
    if (!row) throw new UserInputFailure([userError(['input', 'id'], `no service case with id "${globalId}"`, 'NOT_FOUND')]);
    await lockCustomerById(em, row.customer_id as number);
    const [fresh] = await em.execute('select * from service_case where id = ? for update', [id]);
    return em.map(ServiceCase, fresh);
  }

  private async assignee(em: EntityManager, globalId: string, errors: UserErrorData[]): Promise<User | null> {
    return namedStaff(em, this.ctx.viewer, globalId, 'assigneeId', errors);
  }
}
