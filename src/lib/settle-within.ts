export type Settled = { state: 'done' } | { state: 'failed'; error: unknown } | { state: 'timed-out' };

/**
 * Waits for `promise` at most `ms` and says how it ended, never throwing: for shutdown
 * steps that must not hold the process (the promise is left to settle on its own).
 */
export async function settleWithin(promise: Promise<unknown>, ms: number): Promise<Settled> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Settled>((resolve) => {
    timer = setTimeout(() => resolve({ state: 'timed-out' }), ms);
  });
  try {
    return await Promise.race([
      promise.then(
        (): Settled => ({ state: 'done' }),
        (error: unknown): Settled => ({ state: 'failed', error }),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
