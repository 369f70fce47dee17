import type { EmbeddedPostgresHandle, PostmasterExit } from './embedded-postgres';

export interface SupervisorLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface SupervisorOptions {
  /** Restart attempts after a crash before giving up; 0 = never restart. */
  attempts: number;
  /** Wait before the first attempt, doubled before each next one (at most 8×). */
  backoffMs: number;
  /** A server that stays up this long after a restart has the full number of attempts again. */
  stableMs?: number;
  log: SupervisorLog;
  /** The server died and could not be brought back: the process should exit non-zero for an outer supervisor. */
  onGiveUp(error: Error): void;
}

export interface PostgresSupervisor {
  /** No restarts from now on; waits for an attempt under way to settle. */
  stop(): Promise<void>;
}

/**
 * Watches the embedded postmaster and starts it again when it exits unasked (killed, out of
 * memory, crashed): bounded attempts with doubling back-off, then `onGiveUp`. Requests fail
 * fast while it is down (the pool cannot connect); the pool drops its dead connections by
 * itself and opens new ones as soon as the server accepts them again.
 */
export function supervisePostgres(pg: EmbeddedPostgresHandle, options: SupervisorOptions): PostgresSupervisor {
  const { attempts, backoffMs, log } = options;
  const stableMs = options.stableMs ?? 30_000;
  let stopped = false;
  let failures = 0; // attempts used since the server was last stable
  let stableTimer: NodeJS.Timeout | undefined;
  let waitTimer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  let recovering: Promise<void> | undefined;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      waitTimer = setTimeout(resolve, ms);
    });

  const recover = async (exit: PostmasterExit) => {
    clearTimeout(stableTimer);
    log.error({ ...exit, dataDir: pg.dataDir }, 'embedded PostgreSQL exited unexpectedly; restarting it');
    let lastError: Error = new Error(`embedded PostgreSQL exited (code ${exit.code}, signal ${exit.signal})`);
    while (!stopped && failures < attempts) {
      const delay = backoffMs * 2 ** Math.min(failures, 3);
      failures += 1;
      await sleep(delay);
      if (stopped) return;
      const startedAt = Date.now();
      try {
        await pg.restart();
        log.info({ attempt: failures, afterMs: Date.now() - startedAt, pid: pg.pid }, 'embedded PostgreSQL restarted');
        stableTimer = setTimeout(() => (failures = 0), stableMs).unref();
        return;
      } catch (error) {
        lastError = error instanceof Error ? error : new Error(String(error));
        log.warn({ attempt: failures, of: attempts, err: lastError }, 'embedded PostgreSQL restart failed');
      }
    }
    if (!stopped) {
      log.error({ attempts, err: lastError }, 'embedded PostgreSQL could not be restarted; giving up');
      options.onGiveUp(lastError);
    }
  };

  pg.onUnexpectedExit((exit) => {
    if (stopped || recovering) return;
    recovering = recover(exit).finally(() => (recovering = undefined));
  });

  return {
    async stop() {
      stopped = true;
      clearTimeout(stableTimer);
      clearTimeout(waitTimer);
      wake?.();
      await recovering;
    },
  };
}
