import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { byIdLoader, readModel, readWhereIn } from '../db/read-model';
import { Customer, CustomerAssignment, CustomFieldDefinition, Department, Store, User } from '../entities';
import { followUpLoaders } from './follow-up.loaders';
import { inquiryLoaders } from './inquiry.loaders';
import { orderLoaders } from './order.loaders';
import { productLoaders } from './product.loaders';
import { lifecycleLoaders } from './lifecycle.loaders';
import { marketingLoaders } from './marketing.loaders';
import type { MarketingService } from '../services/marketing.service';
import { scoringLoaders } from './scoring.loaders';
import type { ScoringService } from '../services/scoring.service';
import { serviceCaseLoaders } from './service-case.loaders';

/** One set of loaders per request: every relation under a list is one statement per level. */
export function createLoaders(em: EntityManager, now: () => Date, scoring: ScoringService, marketing: MarketingService) {
  return {
    ...scoringLoaders(scoring),
    ...lifecycleLoaders(em, scoring),
    ...productLoaders(em),
    ...orderLoaders(em, now),
    ...followUpLoaders(em),
    ...inquiryLoaders(em),
    ...serviceCaseLoaders(em),
    ...marketingLoaders(marketing),
    user: byIdLoader(em, User),
    /** Unscoped: only for the customer of a record the viewer could already see. */
    customerOfRecord: byIdLoader(em, Customer),
    department: byIdLoader(em, Department),
    store: byIdLoader(em, Store),
    assignmentsByCustomer: new DataLoader<number, CustomerAssignment[]>(async (customerIds) => {
      const rows = await readWhereIn(em, CustomerAssignment, 'customer_id', customerIds, 'assigned_at desc, id desc');
      return customerIds.map((id) => rows.filter((r) => r.customer.id === id));
    }),
    /** The company's custom field definitions, read once per request. */
    customFieldDefinitions: new DataLoader<'all', CustomFieldDefinition[]>(async (keys) => {
      const all: CustomFieldDefinition[] = (await em.execute('select * from custom_field_definition order by position, id')).map(
        readModel(em, CustomFieldDefinition),
      );
      return keys.map(() => all);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
