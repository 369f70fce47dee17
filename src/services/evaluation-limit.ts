import type { Viewer } from '../domain/access/viewer';
import { KeyedSemaphore } from '../lib/semaphore';
import type { ServiceContext } from './service-context';

/**
 * Expensive evaluations (a segment's count or members: one statement over every customer of
 * the viewer's scope, seconds on a million customers) run at most `db.viewerEvaluations` at a
 * time per viewer, across all of that viewer's requests, and at most half the pool at a time
 * across all viewers, so the other half is always left to light requests. A viewer's 30
 * aliased previews (or 10 parallel requests of 3) then queue behind each other.
 *
 * Process-local: with several API processes each one applies the limits on its own (the pool
 * they protect is per process too).
 */
const perViewer = new Map<number, KeyedSemaphore>();
const overall = new Map<number, KeyedSemaphore>();

function gate(cache: Map<number, KeyedSemaphore>, limit: number): KeyedSemaphore {
  let semaphore = cache.get(limit);
  if (!semaphore) {
    semaphore = new KeyedSemaphore(limit);
    cache.set(limit, semaphore);
  }
  return semaphore;
}

/** Who the limit is per: a staff user or an API key (anonymous callers share one key; they cannot evaluate anyway). */
export function evaluationKeyOf(viewer: Viewer | null): string {
  if (!viewer) return 'anonymous';
  return viewer.kind === 'partner' ? `key:${viewer.apiKeyId}` : `user:${viewer.userId}`;
}

/** Runs one expensive evaluation under the viewer's and the process's limits. */
export function limitEvaluation<T>(ctx: ServiceContext, work: () => Promise<T>): Promise<T> {
  const { viewerEvaluations, poolMax } = ctx.config.db;
  const shared = Math.max(1, Math.floor(poolMax / 2));
  const withinProcess = () => gate(overall, shared).run('all', work);
  return viewerEvaluations > 0 ? gate(perViewer, viewerEvaluations).run(evaluationKeyOf(ctx.viewer), withinProcess) : withinProcess();
}
