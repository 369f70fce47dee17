import fc from 'fast-check';
import {
  choosePortfolio,
  mixLines,
  mixScore,
  sharesOf,
  targetCounts,
  type PortfolioCandidate,
} from '../../src/domain/customer/portfolio-mix';

/** A message in both languages: the English as given, the Chinese beside it. */
const said = (en: string) => ({ zh: expect.stringMatching(/[\u4e00-\u9fff]/), en });

const candidate = (id: number, tier: string, stage: string): PortfolioCandidate<string, string> => ({ id, tier, stage });

describe('target counts from shares (largest remainder)', () => {
  it('splits a count by shares, the remainders to the largest fractions', () => {
    expect(targetCounts({ A: 0.5, B: 0.5 }, 7)).toEqual({ A: 4, B: 3 });
    expect(targetCounts({ A: 1 / 3, B: 1 / 3, C: 1 / 3 }, 10)).toEqual({ A: 4, B: 3, C: 3 });
    expect(targetCounts({ A: 0.7, B: 0.2, C: 0.1 }, 10)).toEqual({ A: 7, B: 2, C: 1 });
    expect(targetCounts({ A: 0.25, B: 0.75 }, 0)).toEqual({ A: 0, B: 0 });
  });

  it('always sums to the count', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 7 }), fc.nat(1000), (weights, n) => {
        const total = weights.reduce((a, b) => a + b, 0);
        const shares = Object.fromEntries(weights.map((w, i) => [`k${i}`, w / total]));
        const counts = targetCounts(shares, n);
        expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(n);
        for (const [k, c] of Object.entries(counts)) expect(Math.abs(c - shares[k] * n)).toBeLessThan(1);
      }),
    );
  });
});

describe('choosing a portfolio', () => {
  it('without a mix takes the first candidates in the order given', () => {
    const pool = [candidate(5, 'VIP', 'LOYAL'), candidate(2, 'SMALL', 'LEAD'), candidate(9, 'MAJOR', 'NEW')];
    expect(choosePortfolio(pool, 2, {})).toEqual([5, 2]);
    expect(choosePortfolio(pool, 10, {})).toEqual([5, 2, 9]);
  });

  it('meets a one-dimensional mix exactly when the candidates allow, in the order given within a class', () => {
    const pool = [
      candidate(1, 'VIP', 'LOYAL'),
      candidate(2, 'VIP', 'LOYAL'),
      candidate(3, 'VIP', 'REPEAT'),
      candidate(4, 'SMALL', 'LEAD'),
      candidate(5, 'SMALL', 'DORMANT'),
      candidate(6, 'SMALL', 'LEAD'),
    ];
    expect(choosePortfolio(pool, 4, { tiers: { VIP: 0.5, SMALL: 0.5 } })).toEqual([1, 2, 4, 5]);
  });

  it('fills a share the candidates cannot meet from the others, the mix as close as it can be', () => {
    const pool = [
      candidate(1, 'SMALL', 'LEAD'),
      candidate(2, 'VIP', 'LOYAL'),
      candidate(3, 'SMALL', 'LEAD'),
      candidate(4, 'ORDINARY', 'NEW'),
      candidate(5, 'SMALL', 'LEAD'),
    ];
    // Wanted: 2 VIP and 2 ORDINARY; there is one of each, so two more come from SMALL.
    const chosen = choosePortfolio(pool, 4, { tiers: { VIP: 0.5, ORDINARY: 0.5 } });
    expect(chosen).toHaveLength(4);
    expect(chosen).toEqual(expect.arrayContaining([2, 4]));
  });

  it('meets two dimensions together where a greedy pick would not (the easy half and the challenging half)', () => {
    // Wanted: one VIP and one SMALL, one LOYAL and one LEAD. Picking (SMALL, LOYAL) first —
    // it serves both wishes — leaves (VIP, LEAD), which nobody is; (VIP, LOYAL) + (SMALL, LEAD) meets all.
    const pool = [candidate(1, 'SMALL', 'LOYAL'), candidate(2, 'VIP', 'LOYAL'), candidate(3, 'SMALL', 'LEAD')];
    const chosen = choosePortfolio(pool, 2, { tiers: { VIP: 0.5, SMALL: 0.5 }, stages: { LOYAL: 0.5, LEAD: 0.5 } });
    expect(chosen.sort()).toEqual([2, 3]);
  });

  const tiers = ['VIP', 'MAJOR', 'ORDINARY', 'SMALL'];
  const stages = ['LEAD', 'NEW', 'LOYAL'];
  const sharesOf = (keys: string[]) =>
    fc
      .array(fc.integer({ min: 0, max: 4 }), { minLength: keys.length, maxLength: keys.length })
      .filter((w) => w.some((x) => x > 0))
      .map((w) => {
        const total = w.reduce((a, b) => a + b, 0);
        return Object.fromEntries(keys.flatMap((k, i) => (w[i] ? [[k, w[i] / total]] : [])));
      });

  it('reaches the best mix score of every subset of that size (brute force on small pools)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...tiers), fc.constantFrom(...stages)), { minLength: 1, maxLength: 11 }),
        fc.integer({ min: 1, max: 11 }),
        fc.option(sharesOf(tiers), { nil: undefined }),
        fc.option(sharesOf(stages), { nil: undefined }),
        (cells, wanted, tierShares, stageShares) => {
          const pool = cells.map(([tier, stage], i) => candidate(i + 1, tier, stage));
          const n = Math.min(wanted, pool.length);
          const mix = { tiers: tierShares, stages: stageShares };
          const chosen = choosePortfolio(pool, wanted, mix);
          expect(chosen).toHaveLength(n);
          expect(new Set(chosen).size).toBe(n);
          const pick = (ids: number[]) => pool.filter((c) => ids.includes(c.id));
          let best = -1;
          for (let mask = 0; mask < 1 << pool.length; mask++) {
            const ids = pool.filter((_, i) => mask & (1 << i)).map((c) => c.id);
            if (ids.length === n) best = Math.max(best, mixScore(pick(ids), n, mix));
          }
          expect(mixScore(pick(chosen), n, mix)).toBe(best);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('meets an achievable mix exactly on a large pool', () => {
    const pool = Array.from({ length: 5000 }, (_, i) =>
      candidate(i + 1, tiers[i % 4], ['LEAD', 'NEW', 'REPEAT', 'LOYAL', 'DORMANT'][i % 5]),
    );
    const mix = { tiers: { VIP: 0.1, SMALL: 0.4, ORDINARY: 0.5 }, stages: { LOYAL: 0.5, DORMANT: 0.5 } };
    const started = process.hrtime.bigint();
    const chosen = choosePortfolio(pool, 1000, mix);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const chosenSet = new Set(chosen);
    const picked = pool.filter((c) => chosenSet.has(c.id));
    const count = (p: (c: PortfolioCandidate<string, string>) => boolean) => picked.filter(p).length;
    expect([count((c) => c.tier === 'VIP'), count((c) => c.tier === 'SMALL'), count((c) => c.tier === 'ORDINARY')]).toEqual([
      100, 400, 500,
    ]);
    expect([count((c) => c.stage === 'LOYAL'), count((c) => c.stage === 'DORMANT')]).toEqual([500, 500]);
    expect(mixScore(picked, 1000, mix)).toBe(2000);
    console.log(`1,000 of 5,000 candidates chosen in ${ms.toFixed(1)} ms`);
  });
});

describe('shares as a client lists them', () => {
  const path = ['input', 'mix', 'stages'];
  it('become shares when each is in (0, 1], each class once, and they sum to 1', () => {
    expect(
      sharesOf(
        [
          { key: 'LEAD', share: 0.5 },
          { key: 'LOYAL', share: 0.5 },
        ],
        path,
      ),
    ).toEqual({ LEAD: 0.5, LOYAL: 0.5 });
    expect(
      sharesOf(
        [
          { key: 'A', share: 0.333 },
          { key: 'B', share: 0.333 },
          { key: 'C', share: 0.334 },
        ],
        path,
      ),
    ).toEqual({ A: 0.333, B: 0.333, C: 0.334 });
  });

  it('name what is wrong, and the sum that was sent', () => {
    expect(sharesOf([], path)).toEqual([
      { field: path, message: said('give at least one share, or leave this dimension out'), code: 'REQUIRED' },
    ]);
    expect(
      sharesOf(
        [
          { key: 'A', share: 0.333 },
          { key: 'B', share: 0.333 },
        ],
        path,
      ),
    ).toEqual([{ field: path, message: said('the shares sum to 0.666; they must sum to 1'), code: 'INVALID' }]);
    expect(
      sharesOf(
        [
          { key: 'A', share: 1.5 },
          { key: 'A', share: -0.5 },
        ],
        path,
      ),
    ).toEqual([
      { field: [...path, '0', 'share'], message: said('a share is above 0 and at most 1 (1.5 given)'), code: 'INVALID' },
      { field: [...path, '1'], message: said('A is given twice'), code: 'INVALID' },
      { field: [...path, '1', 'share'], message: said('a share is above 0 and at most 1 (-0.5 given)'), code: 'INVALID' },
    ]);
  });
});

describe('the mix report', () => {
  it('lists every class in vocabulary order: asked for, available, achieved', () => {
    expect(
      mixLines(['VIP', 'MAJOR', 'SMALL'], { VIP: 0.5, SMALL: 0.5 }, 3, ['VIP', 'SMALL', 'SMALL', 'MAJOR'], ['VIP', 'SMALL', 'MAJOR']),
    ).toEqual([
      { key: 'VIP', requestedShare: 0.5, requestedCount: 2, availableCount: 1, achievedCount: 1 },
      { key: 'MAJOR', requestedShare: 0, requestedCount: 0, availableCount: 1, achievedCount: 1 },
      { key: 'SMALL', requestedShare: 0.5, requestedCount: 1, availableCount: 2, achievedCount: 1 },
    ]);
    expect(mixLines(['VIP', 'SMALL'], null, 1, ['SMALL'], ['SMALL'])).toEqual([
      { key: 'VIP', requestedShare: null, requestedCount: null, availableCount: 0, achievedCount: 0 },
      { key: 'SMALL', requestedShare: null, requestedCount: null, availableCount: 1, achievedCount: 1 },
    ]);
  });
});
