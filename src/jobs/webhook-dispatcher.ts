import { performance } from 'node:perf_hooks';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { dispatchOptionsOf, dispatchWebhooks } from '../services/webhook-dispatch.service';
import type { JobObserver } from './job-observer';

/** The dispatcher's rounds are reported to the job observer under this name (it is no pg-boss queue). */
export const WEBHOOK_DISPATCH_JOB = 'webhook-dispatch';

export interface WebhookDispatcher {
  /** Lets the round in progress finish (its attempts are bounded by WEBHOOK_TIMEOUT_MS) and stops. */
  stop(): Promise<void>;
}

/**
 * The webhook worker of this process: a round (fan out new events, send what is due) every
 * WEBHOOK_POLL_MS, at once again after a round that found work. Every API process may run
 * one: rounds claim what they send, so processes share the work without sending twice.
 */
export function startWebhookDispatcher(orm: MikroORM, config: Config, log: Logger, observer?: JobObserver): WebhookDispatcher {
  const options = dispatchOptionsOf(config);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let lastOverdueCheck = 0;
  const round = async () => {
    let busy = false;
    const started = performance.now();
    try {
      // Overdue inquiries are looked for once a minute, not every round.
      const detectOverdue = Date.now() - lastOverdueCheck >= 60_000;
      if (detectOverdue) lastOverdueCheck = Date.now();
      const r = await dispatchWebhooks(orm.em.fork(), { ...options, detectOverdue });
      busy = r.attempted > 0 || r.events > 0;
      observer?.jobRan(WEBHOOK_DISPATCH_JOB, 'ok', (performance.now() - started) / 1000);
      if (r.attempted > 0) observer?.webhookDeliveries(r.succeeded, r.failed);
      if (r.failed || r.disabled) log.warn(r, 'webhooks: deliveries failed');
      else if (busy) log.debug(r, 'webhooks: round');
    } catch (error) {
      observer?.jobRan(WEBHOOK_DISPATCH_JOB, 'error', (performance.now() - started) / 1000);
      log.error({ err: error }, 'webhooks: round failed');
    }
    if (!stopped) schedule(busy ? 0 : config.webhooks.pollMs);
  };
  const schedule = (ms: number) => {
    timer = setTimeout(() => {
      running = round();
    }, ms);
  };
  schedule(config.webhooks.pollMs);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
