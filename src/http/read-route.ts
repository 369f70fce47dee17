import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type express from 'express';
import type { Viewer } from '../domain/access/viewer';
import { readReplicaOf } from '../db/read-replica';
import { readRoute, type ReadRoute } from '../services/read-routing';
import { header } from './headers';

/**
 * `X-Read-Your-Writes: true` (or `1`): every read of this request comes from the primary, for
 * a client that has just written and must see it (another process of the same client, a
 * script after an import). A staff user's or key's own writes are followed without it
 * (src/services/read-routing.ts); this is for what that cannot know.
 */
export const READ_YOUR_WRITES_HEADER = 'x-read-your-writes';

export function asksPrimary(req: express.Request): boolean {
  const value = header(req, READ_YOUR_WRITES_HEADER)?.trim().toLowerCase();
  return value === 'true' || value === '1';
}

/** The read route of a request on the primary `orm`; undefined without a replica (DATABASE_READ_URL unset). */
export function readRouteFor(orm: MikroORM, em: EntityManager, viewer: Viewer | null, req: express.Request): ReadRoute | undefined {
  const replica = readReplicaOf(orm);
  if (!replica) return undefined;
  return readRoute({ replica, em, viewer, primaryAsked: asksPrimary(req), log: req.log });
}
