import type { EntityManager } from '@mikro-orm/postgresql';
import type { StepRecord } from '../../domain/records/follow-up-progress';

/** Statements over `follow_up` that the loaders batch. */

/** For each customer, when each step of the process was first recorded by one of its follow-ups. */
export async function firstStepRecords(em: EntityManager, customerIds: readonly number[]): Promise<Map<number, StepRecord[]>> {
  const rows: Array<{ customer_id: number; step_id: number; done_at: Date }> = await em.execute(
    `select customer_id, step_id, min(occurred_at) as done_at
       from follow_up
      where customer_id in (?) and step_id is not null
      group by customer_id, step_id`,
    [[...customerIds]],
  );
  const byCustomer = new Map<number, StepRecord[]>();
  for (const r of rows) {
    const records = byCustomer.get(r.customer_id) ?? [];
    records.push({ stepId: r.step_id, occurredAt: new Date(r.done_at) });
    byCustomer.set(r.customer_id, records);
  }
  return byCustomer;
}
