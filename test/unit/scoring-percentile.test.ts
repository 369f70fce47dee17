import fc from 'fast-check';
import {
  countMoneyBelow,
  money,
  percentileDisc,
  percentileDiscIndex,
  percentilesDisc,
  sortMoney,
} from '../../src/domain/scoring/percentile';

/**
 * PostgreSQL's definition of percentile_disc(p): the first value, in sort order, whose
 * position i (1-based) out of n reaches the fraction, i / n ≥ p (the cume_dist definition).
 */
function definition(n: number, percent: number): number {
  for (let i = 1; i <= n; i++) if (100 * i >= percent * n) return i - 1;
  return n - 1;
}

describe('percentileDiscIndex', () => {
  it.each<[string, number, number, number]>([
    ['one value: every fraction picks it', 1, 50, 0],
    ['p = 0 picks the first value', 5, 0, 0],
    ['p = 1 picks the last value', 5, 100, 4],
    ['0.2 of 5: exactly the first', 5, 20, 0],
    ['0.21 of 5: the second', 5, 21, 1],
    ['0.4 of 5: the second', 5, 40, 1],
    ['0.8 of 5: the fourth', 5, 80, 3],
    ['0.5 of 4: the second (no interpolation)', 4, 50, 1],
    ['0.95 of 20: the 19th', 20, 95, 18],
    ['0.99 of 3: the last', 3, 99, 2],
    ['0.01 of 1000: the 10th', 1000, 1, 9],
    // float8 arithmetic (0.07 × 100 = 7.000000000000001) would pick the 8th; the definition picks the 7th.
    ['0.07 of 100: the 7th, not the 8th of float arithmetic', 100, 7, 6],
    ['0.55 of 100: the 55th', 100, 55, 54],
    ['0.28 of 25: the 7th', 25, 28, 6],
  ])('%s', (_, n, percent, index) => {
    expect(percentileDiscIndex(n, percent)).toBe(index);
  });

  it('equals the cume_dist definition for every n up to 300 and every percentage', () => {
    for (let n = 1; n <= 300; n++) {
      for (let p = 0; p <= 100; p++) expect([n, p, percentileDiscIndex(n, p)]).toEqual([n, p, definition(n, p)]);
    }
  });

  it('equals the definition for large populations', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5_000_000 }), fc.integer({ min: 0, max: 100 }), (n, p) => {
        const i = percentileDiscIndex(n, p);
        // i is the first index whose position reaches the fraction.
        return 100 * (i + 1) >= p * n && (i === 0 || 100 * i < p * n);
      }),
      { seed: 20261124, numRuns: 2000 },
    );
  });

  it.each([
    [0, 50],
    [3, 101],
    [3, 2.5],
  ])('refuses n = %p, percent = %p', (n, p) => {
    expect(() => percentileDiscIndex(n, p)).toThrow(RangeError);
  });
});

describe('percentileDisc over values', () => {
  it.each<[string, number[], number, number | null]>([
    ['no values', [], 50, null],
    ['ties: the value at the position', [1, 1, 1, 1, 2, 2, 3, 5, 8, 13], 40, 1],
    ['ties: 0.6', [1, 1, 1, 1, 2, 2, 3, 5, 8, 13], 60, 2],
    ['ties: 0.8', [1, 1, 1, 1, 2, 2, 3, 5, 8, 13], 80, 5],
  ])('%s', (_, values, percent, expected) => {
    expect(percentileDisc(values, percent)).toBe(expected);
  });

  it('picks several at once, empty without values', () => {
    expect(percentilesDisc([10, 20, 30, 40, 50], [20, 40, 60, 80])).toEqual([10, 20, 30, 40]);
    expect(percentilesDisc([], [20, 40])).toEqual([]);
  });
});

describe('money helpers', () => {
  it('sorts decimal strings by value, not as text', () => {
    expect(sortMoney(['100.00', '9.50', '-3.00', '10.00'])).toEqual(['-3.00', '9.50', '10.00', '100.00']);
  });
  it.each<[string[], string, number]>([
    [['10.00', '20.00', '20.00', '30.00'], '20.00', 1],
    [['10.00', '20.00', '20.00', '30.00'], '20.01', 3],
    [['10.00', '20.00'], '5', 0],
    [[], '5', 0],
  ])('%p strictly below %s: %i', (cuts, value, count) => {
    expect(countMoneyBelow(cuts, value)).toBe(count);
  });
  it.each([
    ['0', '0.00'],
    ['12.5', '12.50'],
    ['-3', '-3.00'],
  ])('money(%s) = %s', (input, output) => {
    expect(money(input)).toBe(output);
  });
});
