import DataLoader from 'dataloader';
import { tracedBatch } from '../lib/spans';
import type { EntityManager } from '@mikro-orm/postgresql';
import { byIdLoader } from '../db/read-model';
import type { ReminderFilter } from '../domain/reminders/reminder-list.sql';
import type { ReminderSubject } from '../domain/reminders/reminder-rules';
import { FollowUp, Inquiry, Order, Product, ServiceCase } from '../entities';
import type { Reminder, ReminderService } from '../services/reminder.service';

/**
 * The reminder loaders of one request: `customer.reminders` for a whole page of customers is
 * one statement per filter, and the subjects of a page of reminders one statement per type.
 */
export function reminderLoaders(em: EntityManager, reminders: ReminderService) {
  const byFilter = new Map<string, DataLoader<number, Reminder[]>>();
  const subjects = {
    ORDER: byIdLoader(em, Order),
    PRODUCT: byIdLoader(em, Product),
    FOLLOW_UP: byIdLoader(em, FollowUp),
    INQUIRY: byIdLoader(em, Inquiry),
    SERVICE_CASE: byIdLoader(em, ServiceCase),
  };
  return {
    remindersOfCustomer(filter: ReminderFilter): DataLoader<number, Reminder[]> {
      const key = JSON.stringify([filter.kinds ?? null, filter.states ?? null]);
      let loader = byFilter.get(key);
      if (!loader) {
        loader = new DataLoader<number, Reminder[]>(
          tracedBatch('remindersOfCustomer', async (ids) => {
            const found = await reminders.forCustomers(ids, filter);
            return ids.map((id) => found.get(id) ?? []);
          }),
        );
        byFilter.set(key, loader);
      }
      return loader;
    },
    reminderSubject(subject: ReminderSubject): Promise<object | null> {
      return (subjects[subject.type] as DataLoader<number, object | null>).load(subject.id);
    },
  };
}

export type ReminderLoaders = ReturnType<typeof reminderLoaders>;
