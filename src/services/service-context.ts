import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../domain/access/viewer';
import type { Config } from '../config';
import type { ReadRoute } from './read-routing';

/** What every service gets from the request: its unit of work, who asks, and the clock. */
export interface ServiceContext {
  em: EntityManager;
  viewer: Viewer | null;
  now: () => Date;
  config: Config;
  /** The request's id (the `x-request-id` answered), recorded with every change it writes; absent outside a request. */
  requestId?: string;
  /** Where heavy read-only work runs (a streaming replica or the primary): see read-routing.ts. Absent: on `em`. */
  reads?: ReadRoute;
}

/** The viewer of an operation that the auth checker has already let through. */
export function viewerOf(ctx: ServiceContext): Viewer {
  if (!ctx.viewer) throw new Error('operation reached a service without a viewer; is it @Authorized?');
  return ctx.viewer;
}

/** The staff user id acting, or null for a partner key. */
export function actingUserId(ctx: ServiceContext): number | null {
  return ctx.viewer?.kind === 'staff' ? ctx.viewer.userId : null;
}
