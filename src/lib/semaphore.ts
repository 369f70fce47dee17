/**
 * A counting semaphore: at most `limit` holders at once; the others wait first come, first
 * served. A released permit goes straight to the longest waiter, so a stream of newcomers
 * cannot overtake the queue.
 */
export class Semaphore {
  private held = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`a semaphore needs a limit of at least 1, got ${limit}`);
  }

  /** Permits held now. */
  get holders(): number {
    return this.held;
  }

  /** Callers waiting for a permit. */
  get waiting(): number {
    return this.waiters.length;
  }

  /** Resolves with a release function once a permit is held; calling it more than once is harmless. */
  acquire(): Promise<() => void> {
    if (this.held < this.limit) {
      this.held += 1;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve) => this.waiters.push(() => resolve(this.releaser())));
  }

  /** A permit now if one is free (its release function), or undefined: for callers that must not queue. */
  tryAcquire(): (() => void) | undefined {
    if (this.held >= this.limit) return undefined;
    this.held += 1;
    return this.releaser();
  }

  /** Runs `work` holding a permit, and releases it however `work` ends. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) next();
      else this.held -= 1;
    };
  }
}

/**
 * One semaphore per key (a viewer, a tenant), made on first use and dropped once idle, so
 * the map holds only keys with work in flight.
 */
export class KeyedSemaphore {
  private readonly semaphores = new Map<string, Semaphore>();

  constructor(readonly limit: number) {
    new Semaphore(limit); // validates the limit once, here
  }

  /** Keys with work holding or waiting for a permit. */
  get activeKeys(): number {
    return this.semaphores.size;
  }

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    let semaphore = this.semaphores.get(key);
    if (!semaphore) {
      semaphore = new Semaphore(this.limit);
      this.semaphores.set(key, semaphore);
    }
    const own = semaphore;
    try {
      return await own.run(work);
    } finally {
      if (own.holders === 0 && own.waiting === 0 && this.semaphores.get(key) === own) this.semaphores.delete(key);
    }
  }
}
