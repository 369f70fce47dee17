import fc from 'fast-check';
import { replayLifecycle, type LifecycleTimeline } from '../../src/domain/lifecycle/lifecycle-history';
import {
  checkTransitionQuery,
  historyBasisKey,
  monthOf,
  movesOf,
  nextReplayDay,
  type TransitionQuery,
} from '../../src/domain/reports/lifecycle-transitions';
import { addDays } from '../../src/domain/common/calendar';
import { DEFAULT_SCORING_SETTINGS } from '../../src/domain/scoring/scoring-settings';

const RULES = DEFAULT_SCORING_SETTINGS.lifecycle;
const TODAY = '2026-06-30';

function timeline(partial: Partial<LifecycleTimeline>): LifecycleTimeline {
  return {
    customerId: 1,
    createdOn: '2025-01-01',
    orders: [],
    ratings: [],
    inquiries: [],
    qualifyingFollowUps: [],
    overrides: [],
    ...partial,
  };
}
const orders = (...days: string[]) => days.map((on, i) => ({ id: 100 + i, on }));

describe('movesOf', () => {
  it('keeps the moves, numbered, without the first stage', () => {
    const t = timeline({ orders: orders('2025-02-01', '2025-03-01') });
    const moves = movesOf(replayLifecycle(t, RULES, TODAY));
    expect(moves.map((m) => [m.seq, m.on, m.from, m.to, m.cause])).toEqual([
      [1, '2025-02-01', 'LEAD', 'NEW', 'ORDER'],
      [2, '2025-03-01', 'NEW', 'REPEAT', 'ORDER'],
      // 2 × 28 days < 90: dormant on the 91st day after the last order, lost on the 366th.
      [3, '2025-05-31', 'REPEAT', 'DORMANT', 'SILENCE'],
      [4, '2026-03-02', 'DORMANT', 'LOST', 'SILENCE'],
    ]);
  });
});

describe('nextReplayDay', () => {
  it.each<[string, Partial<LifecycleTimeline>, string | null]>([
    ['a lead with nothing pending', {}, null],
    ['a buyer: the dormancy threshold after its last order', { orders: orders('2026-06-01') }, addDays('2026-06-01', 91)],
    [
      'a buyer with a long cycle: 2 × its median gap',
      { orders: orders('2026-01-01', '2026-03-02', '2026-05-01') },
      addDays('2026-05-01', 121),
    ],
    ['a dormant buyer: the lost limit', { orders: orders('2026-01-01') }, addDays('2026-01-01', 366)],
    ['a lost buyer: nothing', { orders: orders('2025-01-01') }, null],
    ['a prospect: its window closing', { qualifyingFollowUps: ['2026-06-01'] }, addDays('2026-06-01', 181)],
    [
      'an order dated after today: it counts on the last day replayed, so tomorrow',
      { orders: orders('2026-06-01', '2026-07-03') },
      '2026-07-01',
    ],
    ['an inquiry closing after today', { inquiries: [{ id: 1, receivedOn: '2026-06-01', closedOn: '2026-07-10' }] }, '2026-07-01'],
  ])('%s', (_name, partial, expected) => {
    expect(nextReplayDay(timeline(partial), RULES, TODAY)).toBe(expected);
  });

  const day = (offset: number) => addDays(TODAY, offset);
  const arbitraryTimeline = fc
    .record({
      orders: fc.array(fc.integer({ min: -900, max: 5 }), { maxLength: 8 }),
      followUps: fc.array(fc.integer({ min: -900, max: 5 }), { maxLength: 3 }),
      inquiries: fc.array(fc.tuple(fc.integer({ min: -900, max: 5 }), fc.option(fc.integer({ min: 0, max: 60 }))), { maxLength: 3 }),
      ratings: fc.array(fc.tuple(fc.integer({ min: -900, max: 5 }), fc.integer({ min: 1, max: 5 })), { maxLength: 3 }),
    })
    .map((r) =>
      timeline({
        createdOn: day(-1000),
        orders: r.orders.sort((a, b) => a - b).map((o, i) => ({ id: i + 1, on: day(o) })),
        qualifyingFollowUps: r.followUps.sort((a, b) => a - b).map(day),
        inquiries: r.inquiries.map(([at, open], i) => ({ id: i + 1, receivedOn: day(at), closedOn: open == null ? null : day(at + open) })),
        ratings: r.ratings.map(([at, satisfaction]) => ({ on: day(at), satisfaction })),
      }),
    );

  it('is safe: a replay to any day before it equals the replay to today', () => {
    fc.assert(
      fc.property(arbitraryTimeline, fc.integer({ min: 1, max: 500 }), (t, ahead) => {
        const next = nextReplayDay(t, RULES, TODAY);
        const later = day(ahead);
        if (next == null || later < next) {
          expect(replayLifecycle(t, RULES, later)).toEqual(replayLifecycle(t, RULES, TODAY));
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('checkTransitionQuery', () => {
  const q = (since: string, until: string): TransitionQuery => ({ since, until, from: [], to: [], groupBy: 'NONE' });
  it('accepts a day and a quarter, refuses an inverted or too long period', () => {
    expect(() => checkTransitionQuery(q('2026-01-01', '2026-01-01'))).not.toThrow();
    expect(() => checkTransitionQuery(q('2026-01-01', '2026-03-31'))).not.toThrow();
    expect(() => checkTransitionQuery(q('2026-04-01', '2026-03-31'))).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(() => checkTransitionQuery(q('2000-01-01', '2026-03-31'))).toThrow(/at most 3660/);
  });
});

describe('historyBasisKey and monthOf', () => {
  it('changes with the rules and the time zone, not with the order of the keys', () => {
    const key = historyBasisKey(RULES, 'Asia/Shanghai');
    expect(historyBasisKey({ ...RULES, lostAfterDays: 400 }, 'Asia/Shanghai')).not.toBe(key);
    expect(historyBasisKey(RULES, 'Europe/Berlin')).not.toBe(key);
    const reversed = Object.fromEntries(Object.entries(RULES).reverse()) as typeof RULES;
    expect(historyBasisKey(reversed, 'Asia/Shanghai')).toBe(key);
    expect(monthOf('2026-03-31')).toBe('2026-03');
  });
});
