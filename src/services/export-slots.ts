import type { Viewer } from '../domain/access/viewer';
import { Semaphore } from '../lib/semaphore';
import { evaluationKeyOf } from './evaluation-limit';

/**
 * Streamed exports hold a pool connection for as long as the download lasts (minutes for a
 * large segment read slowly), outside any request budget. So they take slots that do not
 * queue: at most `perViewer` at once for one user or API key, and at most a quarter of the
 * pool for everyone, so exports can never take the connections the API needs. A download
 * that finds no slot is refused at once (the client retries), rather than holding its HTTP
 * request open in a queue.
 *
 * Process-local, like the evaluation limits: each API process protects its own pool.
 */
const perViewer = new Map<string, Semaphore>();
const overall = new Map<number, Semaphore>();

export type ExportSlot = { ok: true; release: () => void } | { ok: false; reason: 'VIEWER' | 'SERVER' };

export function takeExportSlot(viewer: Viewer, limits: { perViewer: number; poolMax: number }): ExportSlot {
  const shared = Math.max(1, Math.floor(limits.poolMax / 4));
  let all = overall.get(shared);
  if (!all) overall.set(shared, (all = new Semaphore(shared)));
  const key = evaluationKeyOf(viewer);
  let own = perViewer.get(key);
  if (!own) perViewer.set(key, (own = new Semaphore(Math.max(1, limits.perViewer))));
  const releaseOwn = own.tryAcquire();
  if (!releaseOwn) return { ok: false, reason: 'VIEWER' };
  const releaseAll = all.tryAcquire();
  if (!releaseAll) {
    releaseOwn();
    if (own.holders === 0) perViewer.delete(key);
    return { ok: false, reason: 'SERVER' };
  }
  let released = false;
  return {
    ok: true,
    release: () => {
      if (released) return;
      released = true;
      releaseAll();
      releaseOwn();
      if (own.holders === 0 && perViewer.get(key) === own) perViewer.delete(key);
    },
  };
}
