import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { tracedBatch } from '../lib/spans';
import { readWhereIn } from '../db/read-model';
import { replayLifecycle, type LifecycleTransition } from '../domain/lifecycle/lifecycle-history';
import { ValueTierSnapshot } from '../entities';
import { loadTimelines } from '../services/lifecycle-timeline';
import type { ScoringService } from '../services/scoring.service';

/**
 * Lifecycle histories and value-tier histories of a whole page of customers: one statement
 * each (plus the request's one read of the scoring settings), whatever the page size.
 */
export function lifecycleLoaders(em: EntityManager, scoring: ScoringService) {
  return {
    /** Stage transitions, oldest first, replayed with the rules in force as of today. */
    lifecycleHistory: new DataLoader<number, LifecycleTransition[]>(
      tracedBatch('lifecycleHistory', async (customerIds) => {
        const { settings, today, timeZone } = await scoring.sqlInput();
        const timelines = await loadTimelines(em, customerIds, timeZone);
        return customerIds.map((id) => {
          const timeline = timelines.get(id);
          return timeline ? replayLifecycle(timeline, settings.lifecycle, today) : [];
        });
      }),
    ),
    /** Value-tier changes found by snapshots, oldest first. */
    valueTierHistory: new DataLoader<number, ValueTierSnapshot[]>(
      tracedBatch('valueTierHistory', async (customerIds) => {
        const rows = await readWhereIn(em, ValueTierSnapshot, 'customer_id', customerIds, 'customer_id, taken_at, id');
        const byCustomer = new Map<number, ValueTierSnapshot[]>();
        for (const row of rows) {
          const list = byCustomer.get(row.customer.id);
          if (list) list.push(row);
          else byCustomer.set(row.customer.id, [row]);
        }
        return customerIds.map((id) => byCustomer.get(id) ?? []);
      }),
    ),
  };
}

export type LifecycleLoaders = ReturnType<typeof lifecycleLoaders>;
