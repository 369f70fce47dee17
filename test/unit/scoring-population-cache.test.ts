import type { ScoringPopulation } from '../../src/domain/scoring/customer-facts';
import { ScoringPopulationCache } from '../../src/services/scoring-population.cache';

const population = (customerCount: number): ScoringPopulation => ({
  rfm: null,
  profitPercentiles: [],
  valueCuts: null,
  abcCuts: { a: null, b: null },
  customerCount,
  buyerCount: 0,
});

function counter() {
  let calls = 0;
  return {
    compute: (n: number) => () => {
      calls++;
      return Promise.resolve(population(n));
    },
    get calls() {
      return calls;
    },
  };
}

describe('the scoring population cache', () => {
  it('computes once per key, sharing one computation among concurrent requests', async () => {
    const cache = new ScoringPopulationCache();
    const c = counter();
    const [a, b] = await Promise.all([cache.get('7|1|2026-11-23', c.compute(1), 0), cache.get('7|1|2026-11-23', c.compute(2), 0)]);
    expect(a).toBe(b);
    expect(await cache.get('7|1|2026-11-23', c.compute(3), 10)).toBe(a);
    expect(c.calls).toBe(1);
  });

  it.each([
    ['a write committed', '8|1|2026-11-23'],
    ['the settings changed', '7|2|2026-11-23'],
    ['the company day turned', '7|1|2026-11-24'],
  ])('recomputes when %s', async (_why, key) => {
    const cache = new ScoringPopulationCache();
    const c = counter();
    await cache.get('7|1|2026-11-23', c.compute(1), 0);
    expect((await cache.get(key, c.compute(2), 1)).customerCount).toBe(2);
    expect(c.calls).toBe(2);
  });

  it('with a staleness allowance serves the previous population after a write while a fresh one is computed, never after a settings or day change', async () => {
    const cache = new ScoringPopulationCache(60_000);
    const c = counter();
    await cache.get('7|1|2026-11-23', c.compute(1), 0);
    expect((await cache.get('8|1|2026-11-23', c.compute(2), 1_000)).customerCount).toBe(1);
    await new Promise((r) => setImmediate(r));
    expect((await cache.get('8|1|2026-11-23', c.compute(3), 2_000)).customerCount).toBe(2);
    expect((await cache.get('8|2|2026-11-23', c.compute(4), 3_000)).customerCount).toBe(4);
    expect((await cache.get('9|2|2026-11-23', c.compute(5), 120_000)).customerCount).toBe(5);
  });

  it('does not keep a failed computation', async () => {
    const cache = new ScoringPopulationCache();
    await expect(cache.get('1|1|d', () => Promise.reject(new Error('statement timeout')), 0)).rejects.toThrow('statement timeout');
    expect((await cache.get('1|1|d', () => Promise.resolve(population(9)), 1)).customerCount).toBe(9);
  });
});
