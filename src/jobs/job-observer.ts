import { performance } from 'node:perf_hooks';

export type JobOutcome = 'ok' | 'error';

/**
 * What the job runners tell whoever watches them (the metrics registry, src/http/metrics.ts)
 * without importing it: each run of a queue's handler, and the webhook deliveries of a round.
 */
export interface JobObserver {
  jobRan(queue: string, outcome: JobOutcome, seconds: number): void;
  webhookDeliveries(delivered: number, failed: number): void;
}

/** `handler`, reporting each run of it (its outcome and duration) to `observer`, if any. */
export function observedJob<A extends unknown[], R>(
  observer: JobObserver | undefined,
  queue: string,
  handler: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  if (!observer) return handler;
  return async (...args: A) => {
    const started = performance.now();
    try {
      const result = await handler(...args);
      observer.jobRan(queue, 'ok', (performance.now() - started) / 1000);
      return result;
    } catch (error) {
      observer.jobRan(queue, 'error', (performance.now() - started) / 1000);
      throw error;
    }
  };
}
