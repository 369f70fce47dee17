import path from 'node:path';
import { scenarios } from '../scenarios';
import { PEER_NAME, POSTGRAPHILE_QUERIES, preparePeer, type PeerQuery } from './postgraphile';

/** The API's query texts by scenario (the floor serves them unchanged). */
const API_QUERIES: Record<string, string> = Object.fromEntries(
  scenarios({ busyCustomers: [], customers: [], products: [] }).map((s) => [s.id, s.graphql]),
);

/**
 * The peers `npm run bench -- --peer <name>` can add as a third side: each says what it is,
 * how to start it, and the scenarios it answers (its query, and its answer in the API's shape).
 */
export interface Peer {
  name: string;
  queries: Record<string, PeerQuery>;
  /** Installs what it needs (into `cacheDir`) and says how to start it. */
  prepare(cacheDir: string): { script: string; execPath?: string; cwd?: string };
}

export const PEERS = {
  postgraphile: {
    name: PEER_NAME,
    queries: POSTGRAPHILE_QUERIES,
    prepare: (cacheDir) => {
      const peer = preparePeer(cacheDir);
      return { script: peer.script, execPath: peer.node, cwd: peer.cwd };
    },
  },
  'apollo-floor': {
    name: `the fixed stack's floor: Express 5, Apollo Server 5 and graphql-js over the baseline's answers (no type-graphql), with the baseline's session check, on Node ${process.versions.node}`,
    // The API's own query texts and variables; the answers need no mapping.
    queries: Object.fromEntries(
      ['B1', 'B2', 'B7'].map((id) => [
        id,
        { graphql: API_QUERIES[id], variables: (api) => api, toApiShape: (data) => data } satisfies PeerQuery,
      ]),
    ),
    prepare: () => ({ script: path.join(__dirname, 'apollo-floor-server.js') }),
  },
} satisfies Record<string, Peer>;

export type PeerName = keyof typeof PEERS;

export const isPeerName = (name: string | undefined): name is PeerName => name != null && Object.hasOwn(PEERS, name);
