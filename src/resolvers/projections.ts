import type { Projection } from './projection';

/**
 * What the field resolvers of the types read through projected lists need of their parent
 * (entity property names). A field resolver missing here makes its read select every column,
 * so forgetting one costs speed, never a wrong answer; listing too little is caught by
 * `test/integration/projections.test.ts`, which compares each field projected and unprojected.
 */
const ID_ONLY: readonly string[] = [];

export const CUSTOMER_PROJECTION: Projection = {
  typeName: 'Customer',
  needs: {
    id: ID_ONLY,
    archived: ['archivedAt'],
    owner: ['owner'],
    department: ['department'],
    store: ['store'],
    contactPreference: ['preferredChannel', 'preferredContactTime', 'consents'],
    customFields: ['customFields'],
    assignmentHistory: ID_ONLY,
    orders: ID_ONLY,
    payments: ID_ONLY,
    followUps: ID_ONLY,
    followUpProgress: ID_ONLY,
    inquiries: ID_ONLY,
    serviceCases: ID_ONLY,
    stats: ID_ONLY,
    trend: ID_ONLY,
    lifecycleHistory: ID_ONLY,
    valueTierHistory: ID_ONLY,
    productSuggestions: ID_ONLY,
    reminders: ID_ONLY,
    marketingEligibility: ID_ONLY,
  },
};

export const ORDER_PROJECTION: Projection = {
  typeName: 'Order',
  needs: {
    id: ID_ONLY,
    customer: ['customer'],
    salesperson: ['salesperson'],
    store: ['store'],
    subtotal: ['subtotal', 'currency'],
    discountTotal: ['discountTotal', 'currency'],
    total: ['total', 'currency'],
    cost: ['costTotal', 'currency'],
    grossProfit: ['total', 'costTotal', 'currency'],
    paidTotal: ['paidTotal', 'currency'],
    outstanding: ['status', 'total', 'paidTotal', 'currency'],
    lines: ID_ONLY,
    payments: ID_ONLY,
  },
};

export const INQUIRY_PROJECTION: Projection = {
  typeName: 'Inquiry',
  needs: {
    id: ID_ONLY,
    customer: ['customer'],
    salesperson: ['salesperson'],
    targetPrice: ['targetPrice', 'currency'],
    amount: ['amount', 'currency'],
    order: ['order'],
  },
};
