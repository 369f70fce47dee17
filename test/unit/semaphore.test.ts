import { KeyedSemaphore, Semaphore } from '../../src/lib/semaphore';

/** A task that records how many run at once and finishes when told. */
function tracker() {
  let running = 0;
  let peak = 0;
  const finishers: Array<() => void> = [];
  const order: number[] = [];
  const task = (id: number) => async () => {
    running += 1;
    peak = Math.max(peak, running);
    order.push(id);
    await new Promise<void>((resolve) => finishers.push(resolve));
    running -= 1;
    return id;
  };
  const settle = () => new Promise((r) => setImmediate(r));
  const finishOne = async () => {
    finishers.shift()?.();
    await settle();
  };
  return {
    task,
    settle,
    finishOne,
    get running() {
      return running;
    },
    get peak() {
      return peak;
    },
    order,
  };
}

describe('Semaphore', () => {
  it.each([0, -1, 1.5, Number.NaN])('refuses the limit %p', (limit) => {
    expect(() => new Semaphore(limit)).toThrow(RangeError);
  });

  it.each([1, 2, 5])('runs at most %i tasks at once, first come first served', async (limit) => {
    const s = new Semaphore(limit);
    const t = tracker();
    const all = Promise.all(Array.from({ length: 12 }, (_, i) => s.run(t.task(i))));
    await t.settle();
    expect(t.running).toBe(limit);
    expect(s.waiting).toBe(12 - limit);
    while (t.order.length < 12 || t.running > 0) await t.finishOne();
    expect(await all).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(t.peak).toBe(limit);
    expect(t.order).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(s.holders).toBe(0);
  });

  it('releases the permit when the work fails, and a double release gives back only one permit', async () => {
    const s = new Semaphore(1);
    await expect(s.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(s.holders).toBe(0);
    const release = await s.acquire();
    release();
    release();
    expect(s.holders).toBe(0);
    const a = await s.acquire();
    let second = false;
    void s.acquire().then(() => (second = true));
    await new Promise((r) => setImmediate(r));
    expect(second).toBe(false);
    a();
    await new Promise((r) => setImmediate(r));
    expect(second).toBe(true);
  });
});

describe('KeyedSemaphore', () => {
  it('limits each key on its own and forgets idle keys', async () => {
    const k = new KeyedSemaphore(2);
    const a = tracker();
    const b = tracker();
    const runs = [
      ...Array.from({ length: 6 }, (_, i) => k.run('viewer-a', a.task(i))),
      ...Array.from({ length: 3 }, (_, i) => k.run('viewer-b', b.task(i))),
    ];
    await a.settle();
    expect(a.running).toBe(2);
    expect(b.running).toBe(2);
    expect(k.activeKeys).toBe(2);
    while (a.order.length < 6 || a.running > 0) await a.finishOne();
    while (b.order.length < 3 || b.running > 0) await b.finishOne();
    await Promise.all(runs);
    expect(a.peak).toBe(2);
    expect(b.peak).toBe(2);
    expect(k.activeKeys).toBe(0);
  });
});
