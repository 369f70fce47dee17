import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { tracedBatch } from '../lib/spans';
import { allCustomFieldDefinitions } from '../db/queries/custom-fields';
import { byIdLoader, readModel, readWhereIn } from '../db/read-model';
import { REMINDER_STATES, type ReminderKind, type ReminderState } from '../domain/reminders/reminder.enums';
import {
  ApiKey,
  Customer,
  CustomerAssignment,
  CustomFieldDefinition,
  Department,
  FollowUp,
  Inquiry,
  Order,
  Payment,
  Segment,
  ServiceCase,
  Store,
  User,
} from '../entities';
import type { Reminder, ReminderRef } from '../services/reminder.service';
import { visibleRecordRows } from '../services/record-visibility';
import type { GraphQLContext } from './context';
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
import { reminderLoaders } from './reminder.loaders';
import { crossSellLoaders } from './cross-sell.loaders';
import type { ReminderService } from '../services/reminder.service';
import type { CrossSellService } from '../services/cross-sell.service';
import { lazyGroups } from './lazy-groups';
import { auditLoaders } from './audit.loaders';
import type { WebhookDelivery, WebhookSubscription } from '../services/webhook.service';

/** The loaders of no area of their own: org, customers of records, assignments, custom fields. */
function coreLoaders(em: EntityManager) {
  return {
    user: byIdLoader(em, User),
    /** Unscoped: only for the customer of a record the viewer could already see. */
    customerOfRecord: byIdLoader(em, Customer),
    department: byIdLoader(em, Department),
    store: byIdLoader(em, Store),
    /** Unscoped: for `node(id:)`, which reads it only for admins (TYPE_ACCESS). */
    apiKey: byIdLoader(em, ApiKey),
    /** Company-wide, like the definitions list. */
    customFieldDefinition: byIdLoader(em, CustomFieldDefinition),
    assignmentsByCustomer: new DataLoader<number, CustomerAssignment[]>(
      tracedBatch('assignmentsByCustomer', async (customerIds) => {
        const rows = await readWhereIn(em, CustomerAssignment, 'customer_id', customerIds, 'assigned_at desc, id desc');
        return customerIds.map((id) => rows.filter((r) => r.customer.id === id));
      }),
    ),
    /** The company's custom field definitions, read once per request. */
    customFieldDefinitions: new DataLoader<'all', CustomFieldDefinition[]>(
      tracedBatch('customFieldDefinitions', async (keys) => {
        const all = await allCustomFieldDefinitions(em);
        return keys.map(() => all);
      }),
    ),
  };
}

const makeLoaders = lazyGroups();

/**
 * One set of loaders per request: every relation under a list is one statement per level.
 * Each area's group is made when the request first reads one of its loaders.
 */
export function createLoaders(
  em: EntityManager,
  now: () => Date,
  services: { scoring: ScoringService; marketing: MarketingService; reminders: ReminderService; crossSell: CrossSellService },
) {
  const { scoring, marketing, reminders, crossSell } = services;
  return makeLoaders([
    () => scoringLoaders(scoring),
    () => lifecycleLoaders(em, scoring),
    () => productLoaders(em),
    () => orderLoaders(em, now),
    () => followUpLoaders(em),
    () => inquiryLoaders(em),
    () => serviceCaseLoaders(em),
    () => marketingLoaders(marketing),
    () => reminderLoaders(em, reminders),
    () => crossSellLoaders(crossSell),
    () => auditLoaders(em),
    () => coreLoaders(em),
  ] as const);
}

export type Loaders = ReturnType<typeof createLoaders>;

/** Records of a customer: visible when their customer is in the viewer's data scope. */
const RECORD_TABLES = {
  Order: { table: 'sales_order', entity: Order },
  Payment: { table: 'payment', entity: Payment },
  FollowUp: { table: 'follow_up', entity: FollowUp },
  Inquiry: { table: 'inquiry', entity: Inquiry },
  ServiceCase: { table: 'service_case', entity: ServiceCase },
} as const;

export type RecordTypeName = keyof typeof RECORD_TABLES;

export function isRecordTypeName(type: string): type is RecordTypeName {
  return Object.hasOwn(RECORD_TABLES, type);
}

/** Every state: a reminder's `node` is found whatever its state. */
const ALL_REMINDER_STATES = Object.keys(REMINDER_STATES.labels) as ReminderState[];
const refKey = (r: ReminderRef) => JSON.stringify([r.customerId, r.kind, r.key]);

function createScopedLoaders(ctx: GraphQLContext) {
  const { em, viewer } = ctx;
  const record = (type: RecordTypeName) => {
    const { table, entity } = RECORD_TABLES[type];
    return new DataLoader<number, object | null>(
      tracedBatch(`record.${type}`, async (ids) => {
        const rows = await visibleRecordRows(em, viewer, table, ids);
        const read = readModel(em, entity as new () => object);
        return ids.map((id) => {
          const row = rows.get(id);
          return row ? read(row) : null;
        });
      }),
    );
  };
  return {
    /** Customers in the viewer's data scope; one outside it is null, like a missing one. */
    customer: new DataLoader<number, Customer | null>(tracedBatch('customer', (ids) => ctx.services.customerQueries.byIds(ids))),
    /** Orders, payments, follow-ups, inquiries and service cases whose customer is in the scope. */
    record: {
      Order: record('Order'),
      Payment: record('Payment'),
      FollowUp: record('FollowUp'),
      Inquiry: record('Inquiry'),
      ServiceCase: record('ServiceCase'),
    } satisfies Record<RecordTypeName, DataLoader<number, object | null>>,
    /** Segments not deleted. */
    segment: new DataLoader<number, Segment | null>(tracedBatch('segment', (ids) => ctx.services.segments.byIds(ids))),
    /** Webhook subscriptions and deliveries: every one for an admin, its own for a key. */
    webhookSubscription: new DataLoader<number, WebhookSubscription | null>(
      tracedBatch('webhookSubscription', (ids) => ctx.services.webhooks.byIds(ids)),
    ),
    webhookDelivery: new DataLoader<number, WebhookDelivery | null>(
      tracedBatch('webhookDelivery', (ids) => ctx.services.webhooks.deliveriesByIds(ids)),
    ),
    /**
     * Reminder occurrences in the scope, whatever their state; null when the rules do not list
     * one today. All the refs asked together are one evaluation over their customers and kinds.
     */
    reminder: new DataLoader<ReminderRef, Reminder | null, string>(
      tracedBatch('reminder', async (refs) => {
        const customerIds = [...new Set(refs.map((r) => r.customerId))];
        const kinds: ReminderKind[] = [...new Set(refs.map((r) => r.kind))];
        const found = await ctx.services.reminders.forCustomers(customerIds, { kinds, states: ALL_REMINDER_STATES });
        const byRef = new Map<string, Reminder>();
        for (const list of found.values()) for (const r of list) byRef.set(refKey(r), r);
        return refs.map((r) => byRef.get(refKey(r)) ?? null);
      }),
      { cacheKeyFn: refKey },
    ),
  };
}

export type ScopedLoaders = ReturnType<typeof createScopedLoaders>;

const scopedByRequest = new WeakMap<object, ScopedLoaders>();

/**
 * The loaders that read in the viewer's data scope (for `node(id:)` and `nodes(ids:)`), made on
 * first use and kept for the request, so every `node` field of one query shares them.
 */
export function scopedLoaders(ctx: GraphQLContext): ScopedLoaders {
  let loaders = scopedByRequest.get(ctx.loaders);
  if (!loaders) {
    loaders = createScopedLoaders(ctx);
    scopedByRequest.set(ctx.loaders, loaders);
  }
  return loaders;
}
