import { UniqueConstraintViolationException } from '@mikro-orm/core';
import Decimal from 'decimal.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { say } from '../domain/common/bilingual';
import { userError, UserInputFailure, type UserErrorData } from '../domain/common/domain-error';
import { followUpTimingProblems } from '../domain/records/follow-up-progress';
import { FollowUp, FollowUpStep, User } from '../entities';
import type { FollowUpChannel, FollowUpOutcome, NeedUrgency } from '../domain/records/records.enums';
import type { Checked } from './checked';
import type { GivenId } from './given-id';
import { lockCustomerById, lockCustomerForRecords, noteStatsEffect, refreshCustomerStats } from './customer-stats.service';
import { inTransaction, type Result, type WriteNotes } from './transaction';
import { visibleRecordRows } from './record-visibility';
import type { ServiceContext } from './service-context';
import { namedStaff } from './staff';
import { failIfAny } from './validate-input';

/** What `create` and `createIn` take (followUpCreate, and reminderComplete's follow-up). */
export interface FollowUpCommand extends Checked {
  customerId: GivenId;
  channel: FollowUpChannel;
  /** Defaults to now. */
  occurredAt?: Date | null;
  summary: string;
  outcome?: FollowUpOutcome | null;
  outcomeNote?: string | null;
  /** A calendar day, YYYY-MM-DD. */
  nextFollowUpOn?: string | null;
  stepKey?: string | null;
  needUrgency?: NeedUrgency | null;
  resultsHorizonDays?: number | null;
  budget?: string | null;
  /** Defaults to the staff viewer. */
  salespersonId?: GivenId | null;
}

/** Absent fields stay as they are; null clears (or is refused for the summary). */
export interface FollowUpUpdateCommand extends Checked {
  id: GivenId;
  summary?: string | null;
  outcome?: FollowUpOutcome | null;
  outcomeNote?: string | null;
  nextFollowUpOn?: string | null;
  stepKey?: string | null;
  needUrgency?: NeedUrgency | null;
  resultsHorizonDays?: number | null;
  budget?: string | null;
}

export interface FollowUpStepCreateCommand extends Checked {
  key: string;
  name: string;
  position: number;
}

export interface FollowUpStepUpdateCommand extends Checked {
  id: GivenId;
  name?: string;
  position?: number;
  active?: boolean;
}

const amount = (value: string | null | undefined) => (value == null ? null : new Decimal(value).toFixed(2));

const STEPS_UNSCORED = { scoringUnchanged: 'follow-up steps are not read by the scoring population' };

const stepTaken = (key: string) =>
  new UserInputFailure([userError(['input', 'key'], say(`跟进步骤 "${key}" 已存在`, `a follow-up step "${key}" exists already`), 'TAKEN')]);

/** Follow-ups (DOMAIN R1) and the steps of the standard process; figures kept in the same transaction. */
export class FollowUpService {
  constructor(protected readonly ctx: ServiceContext) {}

  create(input: FollowUpCommand): Promise<Result<'followUp', FollowUp>> {
    return inTransaction(this.ctx, 'followUp', (em, notes) => this.createIn(em, notes, input));
  }

  /** Records a follow-up inside the caller's transaction (`reminderComplete` records one with the state change). */
  async createIn(em: EntityManager, notes: WriteNotes, input: FollowUpCommand): Promise<FollowUp> {
    const errors = [...input.invalid];
    const now = this.ctx.now();
    const occurredAt = input.occurredAt ?? now;
    const nextFollowUpOn = input.nextFollowUpOn ?? null;
    for (const [field, message] of followUpTimingProblems({ occurredAt, nextFollowUpOn }, now, this.ctx.config.companyTimeZone)) {
      errors.push(userError(['input', field], message));
    }
    const step = input.stepKey ? await this.stepFor(em, input.stepKey, null, errors) : null;
    const salesperson = await this.salesperson(em, input.salespersonId, errors);
    failIfAny(errors);
    const customer = await lockCustomerForRecords(this.ctx, em, input.customerId, ['input', 'customerId']);
    const followUp = em.create(FollowUp, {
      customer,
      salesperson,
      channel: input.channel,
      occurredAt,
      summary: input.summary.trim(),
      outcome: input.outcome ?? null,
      outcomeNote: input.outcomeNote?.trim() || null,
      nextFollowUpOn,
      step,
      needUrgency: input.needUrgency ?? null,
      resultsHorizonDays: input.resultsHorizonDays ?? null,
      budget: amount(input.budget),
      createdAt: now,
    });
    await em.flush();
    noteStatsEffect(notes, await refreshCustomerStats(em, [customer.id]), 'a follow-up');
    return followUp;
  }

  update(input: FollowUpUpdateCommand): Promise<Result<'followUp', FollowUp>> {
    return inTransaction(this.ctx, 'followUp', async (em, notes) => {
      const errors = [...input.invalid];
      const followUp = await this.lockVisible(em, input.id, ['input', 'id']);
      if (input.summary === null)
        errors.push(userError(['input', 'summary'], say('summary 不能为 null', 'summary cannot be null'), 'REQUIRED'));
      const nextFollowUpOn = input.nextFollowUpOn !== undefined ? input.nextFollowUpOn : (followUp.nextFollowUpOn ?? null);
      if (input.nextFollowUpOn !== undefined) {
        const problems = followUpTimingProblems(
          { occurredAt: followUp.occurredAt, nextFollowUpOn },
          this.ctx.now(),
          this.ctx.config.companyTimeZone,
        );
        for (const [field, message] of problems) if (field === 'nextFollowUpOn') errors.push(userError(['input', field], message));
      }
      const step =
        input.stepKey === undefined
          ? followUp.step
          : input.stepKey
            ? await this.stepFor(em, input.stepKey, followUp.step?.id ?? null, errors)
            : null;
      failIfAny(errors);
      if (input.summary != null) followUp.summary = input.summary.trim();
      if (input.outcome !== undefined) followUp.outcome = input.outcome;
      if (input.outcomeNote !== undefined) followUp.outcomeNote = input.outcomeNote?.trim() || null;
      followUp.nextFollowUpOn = nextFollowUpOn;
      followUp.step = step ?? null;
      if (input.needUrgency !== undefined) followUp.needUrgency = input.needUrgency;
      if (input.resultsHorizonDays !== undefined) followUp.resultsHorizonDays = input.resultsHorizonDays;
      if (input.budget !== undefined) followUp.budget = amount(input.budget);
      await em.flush();
      noteStatsEffect(notes, await refreshCustomerStats(em, [followUp.customer.id]), 'a follow-up');
      return followUp;
    });
  }

  /** The steps of the process by position: a short list, read whole. */
  listSteps(includeInactive: boolean): Promise<FollowUpStep[]> {
    return this.ctx.em.find(FollowUpStep, includeInactive ? {} : { active: true }, { orderBy: { position: 'asc', id: 'asc' } });
  }

  createStep(input: FollowUpStepCreateCommand): Promise<Result<'followUpStep', FollowUpStep>> {
    return inTransaction(
      this.ctx,
      'followUpStep',
      async (em) => {
        failIfAny(input.invalid);
        if (await em.count(FollowUpStep, { key: input.key })) throw stepTaken(input.key);
        const step = em.create(FollowUpStep, {
          key: input.key,
          name: input.name.trim(),
          position: input.position,
          createdAt: this.ctx.now(),
        });
        try {
          await em.flush();
        } catch (error) {
          // Two admins adding the same key at once: the unique index decides, the loser is told.
          if (error instanceof UniqueConstraintViolationException) throw stepTaken(input.key);
          throw error;
        }
        return step;
      },
      STEPS_UNSCORED,
    );
  }

  updateStep(input: FollowUpStepUpdateCommand): Promise<Result<'followUpStep', FollowUpStep>> {
    return inTransaction(
      this.ctx,
      'followUpStep',
      async (em) => {
        failIfAny(input.invalid);
        const id = input.id.id;
        const step = id ? await em.findOne(FollowUpStep, id) : null;
        if (!step)
          throw new UserInputFailure([
            userError(
              ['input', 'id'],
              say(`没有 id 为“${input.id.raw}”的跟进步骤`, `no follow-up step with id "${input.id.raw}"`),
              'NOT_FOUND',
            ),
          ]);
        if (input.name != null) step.name = input.name.trim();
        if (input.position != null) step.position = input.position;
        if (input.active != null) step.active = input.active;
        await em.flush();
        return step;
      },
      STEPS_UNSCORED,
    );
  }

  /** The follow-up when its customer is in scope, with that customer locked. */
  private async lockVisible(em: EntityManager, given: GivenId, field: string[]): Promise<FollowUp> {
    const id = given.id;
    const row = id ? (await visibleRecordRows(em, this.ctx.viewer, 'follow_up', [id])).get(id) : undefined;
    if (!row)
      throw new UserInputFailure([
        userError(field, say(`没有 id 为“${given.raw}”的跟进记录`, `no follow-up with id "${given.raw}"`), 'NOT_FOUND'),
      ]);
    await lockCustomerById(em, row.customer_id as number);
    const [fresh] = await em.execute('select * from follow_up where id = ? for update', [id]);
    return em.map(FollowUp, fresh);
  }

  /** The step named by `key`; a step that is inactive takes no new follow-ups (the current one may stay). */
  private async stepFor(em: EntityManager, key: string, currentId: number | null, errors: UserErrorData[]): Promise<FollowUpStep | null> {
    const step = await em.findOne(FollowUpStep, { key });
    if (!step) {
      errors.push(userError(['input', 'stepKey'], say(`没有跟进步骤 "${key}"`, `no follow-up step "${key}"`), 'NOT_FOUND'));
      return null;
    }
    if (!step.active && step.id !== currentId)
      errors.push(userError(['input', 'stepKey'], say(`步骤 "${key}" 已不在流程中`, `step "${key}" is no longer part of the process`)));
    return step;
  }

  /** The given salesperson (active; SALES may only name itself), else the staff viewer; none for a partner key. */
  private async salesperson(em: EntityManager, given: GivenId | null | undefined, errors: UserErrorData[]): Promise<User | null> {
    const viewer = this.ctx.viewer;
    if (!given) return viewer?.kind === 'staff' ? em.getReference(User, viewer.userId) : null;
    return namedStaff(em, viewer, given, 'salespersonId', errors, { what: say('记录跟进', 'records follow-ups') });
  }
}
