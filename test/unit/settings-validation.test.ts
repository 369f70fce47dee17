import { DEFAULT_SCORING_SETTINGS, type ScoringSettings } from '../../src/domain/scoring/scoring-settings';
import { scoringSettingsProblems } from '../../src/domain/scoring/scoring-settings.validate';

function withChange(change: (s: ScoringSettings) => void): ScoringSettings {
  const s = structuredClone(DEFAULT_SCORING_SETTINGS);
  change(s);
  return s;
}

describe('scoring settings validation', () => {
  it('accepts the DOMAIN defaults', () => {
    expect(scoringSettingsProblems(DEFAULT_SCORING_SETTINGS)).toEqual([]);
  });

  it.each<[string, (s: ScoringSettings) => void, string[], RegExp]>([
    ['value weights not summing to 1', (s) => (s.value.weights.profit = 50), ['value', 'weights'], /sum to 1 \(they sum to 1.1\)/],
    ['potential weights not summing to 1', (s) => (s.value.potential.weights.size = 10), ['value', 'potential', 'weights'], /sum to 1/],
    ['loyalty weights not summing to 1', (s) => (s.value.loyalty.weights.tenure = 0), ['value', 'loyalty', 'weights'], /sum to 1/],
    ['a negative weight', (s) => Object.assign(s.value.weights, { profit: 120, potential: -40 }), ['value', 'weights'], /between 0 and 1/],
    ['tier shares reaching 1', (s) => (s.value.tierShares.ordinary = 80), ['value', 'tierShares'], /less than 1/],
    ['a zero tier share', (s) => (s.value.tierShares.vip = 0), ['value', 'tierShares'], /at least 0.01/],
    ['ABC shares out of order', (s) => (s.abc = { aShare: 90, bShare: 70 }), ['abc'], /A < B/],
    ['LOST before dormancy', (s) => (s.lifecycle.lostAfterDays = 60), ['lifecycle', 'lostAfterDays'], /greater than dormancyMinDays/],
    ['LOYAL not above REPEAT', (s) => (s.lifecycle.loyalMinOrders = 2), ['lifecycle', 'loyalMinOrders'], /greater than repeatMinOrders/],
    ['a zero window', (s) => (s.windowDays = 0), ['windowDays'], /whole number of days/],
    ['fractional days', (s) => (s.lifecycle.prospectWindowDays = 1.5), ['lifecycle', 'prospectWindowDays'], /whole number/],
    ['satisfaction above 5', (s) => (s.lifecycle.loyalAltMinSatisfaction = 6), ['lifecycle', 'loyalAltMinSatisfaction'], /1 to 5/],
    ['a multiplier below 1', (s) => (s.lifecycle.dormancyCycleMultiplier = 0.5), ['lifecycle', 'dormancyCycleMultiplier'], /1 to 10/],
    ['points above 100', (s) => (s.value.lifecyclePoints.LOYAL = 101), ['value', 'lifecyclePoints', 'LOYAL'], /0 to 100/],
    [
      'membership levels not rising',
      (s) => (s.membership.levels[1].minSpend = '1500'),
      ['membership', 'levels', '1', 'minSpend'],
      /greater than the level before/,
    ],
    ['a membership level twice', (s) => (s.membership.levels[2].level = 'GOLD'), ['membership', 'levels'], /appear once/],
    [
      'levels out of order',
      (s) =>
        (s.membership.levels = [
          { level: 'GOLD', minSpend: '100' },
          { level: 'SILVER', minSpend: '200' },
        ]),
      ['membership', 'levels'],
      /rise in the order/,
    ],
    ['a non-amount spend', (s) => (s.membership.levels[0].minSpend = '-5'), ['membership', 'levels', '0', 'minSpend'], /positive amount/],
    ['RFM bounds reversed', (s) => (s.rfm.groups[0].r = [5, 4]), ['rfm', 'groups', '0', 'r'], /min ≤ max/],
    [
      'RFM group NEEDS_ATTENTION as a rule',
      (s) => (s.rfm.groups[0].group = 'NEEDS_ATTENTION'),
      ['rfm', 'groups', '0', 'group'],
      /fallback/,
    ],
    ['an RFM group twice', (s) => (s.rfm.groups[1].group = 'CHAMPIONS'), ['rfm', 'groups'], /once/],
    ['contact window shorter than DEEP windows', (s) => (s.depth.contactDays = 60), ['depth', 'contactDays'], /at least the DEEP windows/],
    ['zero trend months', (s) => (s.trend.months = 0), ['trend', 'months'], /from 1 to 12/],
    [
      'a zero inquiry amount for full points',
      (s) => (s.value.potential.inquiryAmountForFull = '0'),
      ['value', 'potential', 'inquiryAmountForFull'],
      /positive amount/,
    ],
  ])('refuses %s', (_name, change, path, message) => {
    const problems = scoringSettingsProblems(withChange(change));
    expect(problems).toEqual(expect.arrayContaining([{ path, message: expect.objectContaining({ en: expect.stringMatching(message) }) }]));
  });
});
