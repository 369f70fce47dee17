import type { EntityManager } from '@mikro-orm/postgresql';
import { readModel } from '../db/read-model';
import DataLoader from 'dataloader';
import type { StepRecord } from '../domain/records/follow-up-progress';
import { FollowUp, FollowUpStep } from '../entities';
import { childPageLoader } from '../services/child-pages';

/** The follow-up loaders of one request: every list under a page of customers is one statement. */
export function followUpLoaders(em: EntityManager) {
  return {
    followUpsByCustomer: childPageLoader(em, {
      table: 'follow_up',
      parentColumn: 'customer_id',
      sortColumn: 'occurred_at',
      cursorKey: 'FOLLOW_UP',
      toNode: readModel(em, FollowUp),
    }),
    /** Every step of the process, active or not, read once per request. */
    followUpSteps: new DataLoader<'all', FollowUpStep[]>(async (keys) => {
      const all = await em.find(FollowUpStep, {}, { orderBy: { position: 'asc', id: 'asc' } });
      return keys.map(() => all);
    }),
    /** For each customer, when each step was first recorded by one of its follow-ups. */
    followUpStepRecords: new DataLoader<number, StepRecord[]>(async (customerIds) => {
      const rows: Array<{ customer_id: number; step_id: number; done_at: Date }> = await em.execute(
        `select customer_id, step_id, min(occurred_at) as done_at
           from follow_up
          where customer_id in (?) and step_id is not null
          group by customer_id, step_id`,
        [[...customerIds]],
      );
      const byCustomer = new Map<number, StepRecord[]>();
      for (const r of rows) {
        byCustomer.set(r.customer_id, [...(byCustomer.get(r.customer_id) ?? []), { stepId: r.step_id, occurredAt: new Date(r.done_at) }]);
      }
      return customerIds.map((id) => byCustomer.get(id) ?? []);
    }),
  };
}
