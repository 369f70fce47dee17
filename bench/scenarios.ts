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
          lines: [0, 1, 2].map(() => ({ productId: toGlobalId('Product', pick(fx.products)), quantity: String(1 + Math.floor(Math.random() * 3)) })),
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
  ];
}
