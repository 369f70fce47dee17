import { abcClass, abcCuts, evaluateAbc, type AbcCuts } from '../../src/domain/scoring/abc';
import { explainAbc } from '../../src/domain/scoring/explanations';
import type { AbcClass } from '../../src/domain/scoring/scoring.enums';
import { DEFAULT_SCORING_SETTINGS } from '../../src/domain/scoring/scoring-settings';

const RULES = DEFAULT_SCORING_SETTINGS.abc;

describe('abcCuts: cumulative window gross profit, A up to 70 %, B up to 90 %', () => {
  it.each<[string, string[], AbcCuts]>([
    // T = 200: greater(100) = 0, greater(50) = 100 < 140, greater(30) = 150 < 180, greater(20) = 180.
    ['distinct profits', ['100', '50', '30', '20', '0', '-5'], { a: '50.00', b: '30.00' }],
    ['all tied: all A', ['50', '50', '50', '50'], { a: '50.00', b: '50.00' }],
    // T = 200: greater(40) = 100 < 140 → both 40s in A; greater(20) = 180, not < 180.
    ['ties at the A edge share A', ['100', '40', '40', '20'], { a: '40.00', b: '40.00' }],
    // T = 1000: greater(700) = 0, greater(200) = 700 (not < 700), so A is the 700 alone; greater(100) = 900 (not < 900).
    ['a share reached exactly is not "under" it', ['700', '200', '100'], { a: '700.00', b: '200.00' }],
    ['one customer', ['12.34'], { a: '12.34', b: '12.34' }],
    ['no positive profit: no A, no B', ['0', '-3'], { a: null, b: null }],
    ['nobody', [], { a: null, b: null }],
  ])('%s', (_, profits, cuts) => {
    expect(abcCuts(profits, RULES)).toEqual(cuts);
  });

  it('follows the company shares; a share of 0 leaves the class empty', () => {
    expect(abcCuts(['100', '50', '30', '20'], { aShare: 0, bShare: 50 })).toEqual({ a: null, b: '100.00' });
    expect(abcCuts(['100', '50', '30', '20'], { aShare: 80, bShare: 100 })).toEqual({ a: '30.00', b: '20.00' });
  });
});

describe('abcClass', () => {
  const cuts: AbcCuts = { a: '50.00', b: '30.00' };
  it.each<[string, AbcCuts, AbcClass]>([
    ['100', cuts, 'A'],
    ['50.00', cuts, 'A'],
    ['49.99', cuts, 'B'],
    ['30', cuts, 'B'],
    ['29.99', cuts, 'C'],
    ['0', cuts, 'C'],
    ['-10', cuts, 'C'],
    ['100', { a: null, b: null }, 'C'],
    ['100', { a: null, b: '10' }, 'B'],
  ])('profit %s with %p → %s', (profit, c, expected) => {
    expect(abcClass(profit, c)).toBe(expected);
  });

  it('explains with the cut-points', () => {
    const result = evaluateAbc('40', cuts, RULES);
    expect(explainAbc(result, 'en')).toBe(
      'Gross profit 40.00 in the window; A from 50.00 (first 70% of profit), B from 30.00 (up to 90%) → B (medium value)',
    );
    expect(explainAbc(result, 'zh')).toBe('统计期内毛利40.00;A类自50.00起(累计前70%),B类自30.00起(累计至90%) → B类(中价值)');
    expect(explainAbc(evaluateAbc('0', cuts, RULES), 'en')).toBe(
      'Gross profit 0.00 in the window, no positive contribution → C (low value)',
    );
  });
});
