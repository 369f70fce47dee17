import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { tracedBatch } from '../lib/spans';
import type { StepRecord } from '../domain/records/follow-up-progress';
import { FollowUp, FollowUpStep } from '../entities';
import { childPageLoader } from '../db/queries/child-pages';
import { firstStepRecords } from '../db/queries/follow-ups';

/** The follow-up loaders of one request: every list under a page of customers is one statement. */
export function followUpLoaders(em: EntityManager) {
  return {
    followUpsByCustomer: childPageLoader(em, {
      table: 'follow_up',
      parentColumn: 'customer_id',
      sortColumn: 'occurred_at',
      cursorKey: 'FOLLOW_UP',
      entity: FollowUp,
    }),
    /** Every step of the process, active or not, read once per request. */
    followUpSteps: new DataLoader<'all', FollowUpStep[]>(
      tracedBatch('followUpSteps', async (keys) => {
        const all = await em.find(FollowUpStep, {}, { orderBy: { position: 'asc', id: 'asc' } });
        return keys.map(() => all);
      }),
    ),
    /** For each customer, when each step was first recorded by one of its follow-ups. */
    followUpStepRecords: new DataLoader<number, StepRecord[]>(
      tracedBatch('followUpStepRecords', async (customerIds) => {
        const records = await firstStepRecords(em, customerIds);
        return customerIds.map((id) => records.get(id) ?? []);
      }),
    ),
  };
}
