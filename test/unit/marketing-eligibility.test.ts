import type { ContactChannel } from '../../src/domain/customer/customer.enums';
import { capWindowStart, marketingEligibility, type MarketingEligibilityInput } from '../../src/domain/reminders/marketing-eligibility';
import { DEFAULT_REMINDER_SETTINGS, type MarketingCap } from '../../src/domain/reminders/reminder-settings';
import type { TouchPurpose } from '../../src/domain/reminders/reminder.enums';

const CAP = DEFAULT_REMINDER_SETTINGS.marketingCap;
const SMS_YES = [{ channel: 'SMS', granted: true, updatedAt: '2026-01-01T00:00:00Z' }];
const SMS_NO = [{ channel: 'SMS', granted: false, updatedAt: '2026-01-01T00:00:00Z' }];
const at = (iso: string) => new Date(iso);

function input(over: Partial<MarketingEligibilityInput>): MarketingEligibilityInput {
  return {
    channel: 'SMS',
    purpose: 'PROMOTION',
    consents: SMS_YES,
    archived: false,
    cappedTouchesInWindow: [],
    cap: CAP,
    timeZone: 'Asia/Shanghai',
    ...over,
  };
}

describe('marketingEligibility', () => {
  it('has the default cap of the issue: 2 promotional touches in 30 days, PROMOTION and NEW_PRODUCT counted together', () => {
    expect(CAP).toEqual({ maxTouches: 2, days: 30, cappedPurposes: ['PROMOTION', 'NEW_PRODUCT'] });
  });

  // 2026-12-01T02:00:00Z is 10:00 on 1 December in Shanghai; 2026-11-20T20:00:00Z is 04:00 on 21 November there.
  it.each<
    [
      string,
      Partial<MarketingEligibilityInput>,
      { eligible: boolean; reason: string | null; nextPossibleOn: string | null; recentTouchCount: number },
    ]
  >([
    ['consent, no touches: eligible', {}, { eligible: true, reason: null, nextPossibleOn: null, recentTouchCount: 0 }],
    [
      'one touch left under the cap',
      { cappedTouchesInWindow: [at('2026-12-01T02:00:00Z')] },
      { eligible: true, reason: null, nextPossibleOn: null, recentTouchCount: 1 },
    ],
    [
      'at the cap: possible again on the local day the older touch leaves (its instant + 30 × 24 h)',
      { cappedTouchesInWindow: [at('2026-12-01T02:00:00Z'), at('2026-11-20T20:00:00Z')] },
      { eligible: false, reason: 'CAP_REACHED', nextPossibleOn: '2026-12-21', recentTouchCount: 2 },
    ],
    [
      'the day is the company-local one (20:00 UTC is the next day in Shanghai)',
      { cappedTouchesInWindow: [at('2026-11-20T20:00:00Z'), at('2026-12-01T02:00:00Z')], timeZone: 'UTC' },
      { eligible: false, reason: 'CAP_REACHED', nextPossibleOn: '2026-12-20', recentTouchCount: 2 },
    ],
    [
      'over the cap (3 of 2, e.g. after the cap was lowered): the 2nd most recent must leave too',
      { cappedTouchesInWindow: [at('2026-11-10T02:00:00Z'), at('2026-12-01T02:00:00Z'), at('2026-11-25T02:00:00Z')] },
      { eligible: false, reason: 'CAP_REACHED', nextPossibleOn: '2026-12-25', recentTouchCount: 3 },
    ],
    [
      'NEW_PRODUCT is capped like PROMOTION',
      { purpose: 'NEW_PRODUCT', cappedTouchesInWindow: [at('2026-12-01T02:00:00Z'), at('2026-11-20T20:00:00Z')] },
      { eligible: false, reason: 'CAP_REACHED', nextPossibleOn: '2026-12-21', recentTouchCount: 2 },
    ],
    [
      'GREETING is never capped, even at the cap',
      { purpose: 'GREETING', cappedTouchesInWindow: [at('2026-12-01T02:00:00Z'), at('2026-11-20T20:00:00Z')] },
      { eligible: true, reason: null, nextPossibleOn: null, recentTouchCount: 2 },
    ],
    [
      'SERVICE is never capped',
      { purpose: 'SERVICE', cappedTouchesInWindow: [at('2026-12-01T02:00:00Z'), at('2026-11-20T20:00:00Z'), at('2026-11-19T20:00:00Z')] },
      { eligible: true, reason: null, nextPossibleOn: null, recentTouchCount: 3 },
    ],
    [
      'consent refused on the channel',
      { consents: SMS_NO },
      { eligible: false, reason: 'NO_CONSENT', nextPossibleOn: null, recentTouchCount: 0 },
    ],
    [
      'consent on another channel only',
      { channel: 'EMAIL' },
      { eligible: false, reason: 'NO_CONSENT', nextPossibleOn: null, recentTouchCount: 0 },
    ],
    ['no consents at all', { consents: [] }, { eligible: false, reason: 'NO_CONSENT', nextPossibleOn: null, recentTouchCount: 0 }],
    ['consents missing (null)', { consents: null }, { eligible: false, reason: 'NO_CONSENT', nextPossibleOn: null, recentTouchCount: 0 }],
    [
      'granted must be JSON true, not the text "true"',
      { consents: [{ channel: 'SMS', granted: 'true' }] },
      { eligible: false, reason: 'NO_CONSENT', nextPossibleOn: null, recentTouchCount: 0 },
    ],
    [
      'greetings need consent too',
      { purpose: 'GREETING', consents: SMS_NO },
      { eligible: false, reason: 'NO_CONSENT', nextPossibleOn: null, recentTouchCount: 0 },
    ],
    [
      'NO_CONSENT comes before CAP_REACHED',
      { consents: SMS_NO, cappedTouchesInWindow: [at('2026-12-01T02:00:00Z'), at('2026-11-20T20:00:00Z')] },
      { eligible: false, reason: 'NO_CONSENT', nextPossibleOn: null, recentTouchCount: 2 },
    ],
    [
      'ARCHIVED comes before everything',
      { archived: true, consents: SMS_NO, cappedTouchesInWindow: [at('2026-12-01T02:00:00Z'), at('2026-11-20T20:00:00Z')] },
      { eligible: false, reason: 'ARCHIVED', nextPossibleOn: null, recentTouchCount: 2 },
    ],
    ['archived with consent', { archived: true }, { eligible: false, reason: 'ARCHIVED', nextPossibleOn: null, recentTouchCount: 0 }],
    [
      'a cap of 0 refuses every capped touch, with no day to wait for',
      { cap: { ...CAP, maxTouches: 0 } },
      { eligible: false, reason: 'CAP_REACHED', nextPossibleOn: null, recentTouchCount: 0 },
    ],
    [
      'a cap of 1 in 7 days: the one touch leaves after 7 × 24 h',
      { cap: { maxTouches: 1, days: 7, cappedPurposes: ['PROMOTION'] }, cappedTouchesInWindow: [at('2026-12-01T02:00:00Z')] },
      { eligible: false, reason: 'CAP_REACHED', nextPossibleOn: '2026-12-08', recentTouchCount: 1 },
    ],
    [
      'a purpose left out of the capped purposes is not capped',
      {
        purpose: 'NEW_PRODUCT',
        cap: { maxTouches: 1, days: 7, cappedPurposes: ['PROMOTION'] },
        cappedTouchesInWindow: [at('2026-12-01T02:00:00Z')],
      },
      { eligible: true, reason: null, nextPossibleOn: null, recentTouchCount: 1 },
    ],
  ])('%s', (_name, over, expected) => {
    expect(marketingEligibility(input(over))).toEqual(expected);
  });

  it.each<[ContactChannel, TouchPurpose]>([
    ['WECHAT', 'PROMOTION'],
    ['EMAIL', 'SERVICE'],
  ])('reads the consent of the channel asked (%s, %s)', (channel, purpose) => {
    const consents = [
      { channel: 'SMS', granted: false },
      { channel, granted: true },
    ];
    expect(marketingEligibility(input({ channel, purpose, consents })).eligible).toBe(true);
    expect(marketingEligibility(input({ channel: 'SMS', purpose, consents })).reason).toBe('NO_CONSENT');
  });
});

describe('capWindowStart', () => {
  it.each<[string, MarketingCap, string]>([
    ['2026-12-06T10:00:00.000Z', CAP, '2026-11-06T10:00:00.000Z'],
    ['2026-12-06T10:00:00.123Z', { ...CAP, days: 7 }, '2026-11-29T10:00:00.123Z'],
    // Exact hours, not calendar days: across a daylight-saving change the window is still 30 × 24 h.
    ['2026-04-01T12:00:00.000Z', CAP, '2026-03-02T12:00:00.000Z'],
  ])('from %s is exactly days × 24 h before', (now, cap, start) => {
    expect(capWindowStart(new Date(now), cap).toISOString()).toBe(start);
  });
});
