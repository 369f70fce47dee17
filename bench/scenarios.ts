import { toGlobalId } from '../src/schema/global-id';

/** What one scenario asks: the GraphQL request for the API, and the same ask for the baseline. */
export interface Scenario {
  id: string;
  title: string;
  /** Whether requests write (their answers then differ in ids, not in shape). */
  writes: boolean;
  graphql: string;
  /** Variables of the next request (random within the fixtures). */
  variables(): Record<string, unknown>;
  /** The baseline path for those variables. */
  baselinePath: string;
  /** Fields of the API's answer the baseline does not produce (text, not figures): left out of the same-answer check. */
  notCompared?: readonly string[];
  /** Load for this scenario when the defaults do not fit (a page of seconds at 10 connections would only queue). */
  load?: { connections: number; seconds: number };
  /** Sequential requests that count the SQL statements per request (default 50). */
  countRequests?: number;
  /** Also time single requests one after another: the API warm, the API with its scoring cache missed, and the baseline. */
  sequentialPageTimes?: boolean;
  /** Also report each side's statements (mean execution time per call, from pg_stat_statements) while counting them. */
  statementBreakdown?: boolean;
}

/** G1's segment, in the text form of the segment language (three conditions: profile, last order, order count). */
export const G1_QUERY = 'city_tier = 1 AND last_order_at < -90d AND order_count >= 2';

/**
 * A streamed export of a saved segment (issue 6, item 8): one request, the API's RSS
 * sampled while it streams. The segment selects every active customer.
 */
export interface ExportCase {
  id: string;
  title: string;
  format: 'csv' | 'xlsx';
  /** The saved segment's rule (text form). */
  query: string;
  /** Downloads one after another in the same API process: a later one peaking no higher than the first shows nothing accumulates. */
  passes: number;
}

export const EXPORT_SEGMENT_QUERY = 'country = CN';

export function exportCases(): ExportCase[] {
  return [
    {
      id: 'G3',
      title: 'GET /exports/segments/<id>.csv of a segment holding every active customer',
      format: 'csv',
      query: EXPORT_SEGMENT_QUERY,
      passes: Number(process.env.BENCH_EXPORT_PASSES || 2),
    },
    { id: 'G3X', title: 'GET /exports/segments/<id>.xlsx of the same segment', format: 'xlsx', query: EXPORT_SEGMENT_QUERY, passes: 1 },
  ];
}

export interface Fixtures {
  /** Customers with at least 20 orders (B2). */
  busyCustomers: number[];
  /** Any customers (B5, B7). */
  customers: number[];
  products: number[];
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];

export function scenarios(fx: Fixtures): Scenario[] {
  return [
    {
      id: 'B1',
      title: 'customers(first: 50) with each customer’s last five orders (id, time, total)',
      writes: false,
      graphql: `query B1 { customers(first: 50) { nodes { id name orders(first: 5) { nodes { id orderedAt total { amount currencyCode } } } } } }`,
      variables: () => ({}),
      baselinePath: '/b1',
    },
    {
      id: 'B2',
      title: 'one customer with 20 orders, their lines and products, and five inquiries',
      writes: false,
      graphql: `query B2($id: ID!) { customer(id: $id) { id name
        orders(first: 20) { nodes { id number total { amount } lines { quantity product { name } } } }
        inquiries(first: 5) { nodes { id status receivedAt } } } }`,
      variables: () => ({ id: toGlobalId('Customer', pick(fx.busyCustomers)) }),
      baselinePath: '/b2',
    },
    {
      id: 'B5',
      title: 'orderCreate with three lines (figures updated in the same transaction)',
      writes: true,
      graphql: `mutation B5($input: OrderCreateInput!) { orderCreate(input: $input) {
        order { id number status total { amount currencyCode } } userErrors { field message code } } }`,
      variables: () => ({
        input: {
          customerId: toGlobalId('Customer', pick(fx.customers)),
          lines: [0, 1, 2].map(() => ({
            productId: toGlobalId('Product', pick(fx.products)),
            quantity: String(1 + Math.floor(Math.random() * 3)),
          })),
        },
      }),
      baselinePath: '/b5',
    },
    {
      id: 'B7',
      title: 'customer(id) { id name } — the fixed cost of a request',
      writes: false,
      graphql: `query B7($id: ID!) { customer(id: $id) { id name } }`,
      variables: () => ({ id: toGlobalId('Customer', pick(fx.customers)) }),
      baselinePath: '/b7',
    },
    {
      id: 'S1',
      title: 'customers(first: 100) with every scoring field: stage, RFM, value score and tier, ABC, member level, depth, trend',
      writes: false,
      graphql: `query S1 { customers(first: 100) { nodes { id
        lifecycle { stage since reason override { stage } playbook { problems actions } }
        rfm { recencyDays frequency monetary { amount currencyCode } r f m group }
        value { score tier indicators { profit potential lifecycle loyalty } }
        abcClass memberLevel relationshipDepth
        trend { direction flags months { month amount { amount } quantity distinctProducts } } } } }`,
      variables: () => ({}),
      baselinePath: '/s1',
      // The stage's start day (a replay of each customer's history), the reason in words and
      // the playbook text: the API computes them, the hand-written query does not.
      notCompared: ['since', 'reason', 'playbook'],
      load: { connections: 2, seconds: 20 },
      countRequests: 10,
      sequentialPageTimes: true,
    },
    {
      id: 'G1',
      title: `segmentPreview(query: "${G1_QUERY}") { count members(first: 50) { nodes { id name } } }`,
      writes: false,
      graphql: `query G1($query: String!) { segmentPreview(query: $query) { count members(first: 50) { nodes { id name } } } }`,
      variables: () => ({ query: G1_QUERY }),
      baselinePath: '/g1',
      // A count over every active customer takes seconds on 1,000,000 of them: at 10 connections requests would only queue.
      load: { connections: 2, seconds: 20 },
      countRequests: 10,
      statementBreakdown: true,
    },
  ];
}
