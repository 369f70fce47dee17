import fc from 'fast-check';
import { replayLifecycle, type LifecycleTimeline, type LifecycleTransition } from '../../src/domain/lifecycle/lifecycle-history';
import { evaluateStage, type StageFacts } from '../../src/domain/lifecycle/lifecycle-stage';
import { explainTransition } from '../../src/domain/lifecycle/transition-explanation';
import { addDays, dayNumber, dayString, daysBetween } from '../../src/domain/common/calendar';
import type { LifecycleStage } from '../../src/domain/scoring/scoring.enums';
import { DEFAULT_SCORING_SETTINGS, type LifecycleRules } from '../../src/domain/scoring/scoring-settings';

const RULES = DEFAULT_SCORING_SETTINGS.lifecycle;

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
type Row = [on: string, from: LifecycleStage | null, to: LifecycleStage, cause: string];
const rows = (ts: LifecycleTransition[]): Row[] => ts.map((t) => [t.on, t.from, t.to, t.cause.code]);

/**
 * The stage facts at the end of `day`, computed from scratch: the independent twin of the
 * replay's running figures, for the day-by-day reference replay below.
 */
function factsAsOf(t: LifecycleTimeline, day: string, today: string): StageFacts {
  const clamp = (d: string) => (d > today ? today : d);
  const done = t.orders
    .map((o) => clamp(o.on))
    .filter((d) => d <= day)
    .sort();
  const gaps = done
    .slice(1)
    .map((d, i) => daysBetween(done[i], d))
    .sort((a, b) => a - b);
  const n = gaps.length;
  const median = n === 0 ? null : n % 2 ? gaps[(n - 1) / 2] : (gaps[n / 2 - 1] + gaps[n / 2]) / 2;
  const ratings = t.ratings.filter((r) => clamp(r.on) <= day);
  const open = t.inquiries.filter((i) => clamp(i.receivedOn) <= day && (i.closedOn == null || clamp(i.closedOn) > day));
  const followUps = t.qualifyingFollowUps
    .map(clamp)
    .filter((d) => d <= day)
    .sort();
  const active = t.overrides
    .filter((o) => clamp(o.setOn) <= day && (o.clearedOn == null || clamp(o.clearedOn) > day))
    .sort((a, b) => b.setAt.getTime() - a.setAt.getTime())[0];
  return {
    orderCount: done.length,
    firstOrderOn: done[0] ?? null,
    lastOrderOn: done[done.length - 1] ?? null,
    medianIntervalDays: median,
    satisfactionCount: ratings.length,
    satisfactionSum: ratings.reduce((s, r) => s + r.satisfaction, 0),
    openInquiryCount: open.length,
    lastQualifyingFollowUpOn: followUps[followUps.length - 1] ?? null,
    override: active ? { stage: active.stage, reason: active.reason, byUserId: active.byUserId, at: active.setAt } : null,
  };
}

/** The obvious replay: evaluate every single day from the start of the history to today. */
function replayDaily(t: LifecycleTimeline, rules: LifecycleRules, today: string): Array<[string, LifecycleStage | null, LifecycleStage]> {
  const days = [
    t.createdOn,
    ...t.orders.map((o) => o.on),
    ...t.ratings.map((r) => r.on),
    ...t.inquiries.map((i) => i.receivedOn),
    ...t.qualifyingFollowUps,
    ...t.overrides.map((o) => o.setOn),
  ];
  let day = days.reduce((a, b) => (b < a ? b : a));
  if (day > today) day = today;
  const out: Array<[string, LifecycleStage | null, LifecycleStage]> = [];
  let current: LifecycleStage | null = null;
  for (; day <= today; day = addDays(day, 1)) {
    const stage = evaluateStage(factsAsOf(t, day, today), rules, day).stage;
    if (stage !== current) out.push([day, current, stage]);
    current = stage;
  }
  return out;
}

describe('replayLifecycle', () => {
  it('follows a customer lead → prospect → new → repeat → dormant → repeat again (L2) → dormant → lost, with the day and cause of each', () => {
    const t = timeline({
      qualifyingFollowUps: ['2025-02-01'],
      orders: orders('2025-03-01', '2025-03-11', '2025-08-01'),
    });
    const history = replayLifecycle(t, RULES, '2026-09-01');
    expect(rows(history)).toEqual<Row[]>([
      ['2025-01-01', null, 'LEAD', 'CREATED'],
      ['2025-02-01', 'LEAD', 'PROSPECT', 'FOLLOW_UP'],
      ['2025-03-01', 'PROSPECT', 'NEW', 'ORDER'],
      ['2025-03-11', 'NEW', 'REPEAT', 'ORDER'],
      // median gap 10 days → threshold max(90, 2 × 10) = 90: dormant on the 91st silent day
      ['2025-06-10', 'REPEAT', 'DORMANT', 'SILENCE'],
      ['2025-08-01', 'DORMANT', 'REPEAT', 'ORDER'],
      // gaps 10 and 143 → median 76.5 → threshold 153: dormant on the 154th silent day
      ['2026-01-02', 'REPEAT', 'DORMANT', 'SILENCE'],
      ['2026-08-02', 'DORMANT', 'LOST', 'SILENCE'],
    ]);
    expect(history[2].cause).toEqual({ code: 'ORDER', orderId: 100, orderCount: 1 });
    expect(history[4].cause).toEqual({ code: 'SILENCE', silentDays: 91, limitDays: 90 });
    expect(history[5].cause).toEqual({ code: 'ORDER', orderId: 102, orderCount: 3 });
    expect(history[6].cause).toEqual({ code: 'SILENCE', silentDays: 154, limitDays: 153 });
    expect(history[7].cause).toEqual({ code: 'SILENCE', silentDays: 366, limitDays: 365 });
  });

  it.each<[string, Partial<LifecycleTimeline>, string, Row[]]>([
    ['a lead who never shows interest', {}, '2026-01-01', [['2025-01-01', null, 'LEAD', 'CREATED']]],
    [
      'a prospect whose qualifying follow-up leaves the 180-day window',
      { qualifyingFollowUps: ['2025-01-10'] },
      '2025-12-31',
      [
        ['2025-01-01', null, 'LEAD', 'CREATED'],
        ['2025-01-10', 'LEAD', 'PROSPECT', 'FOLLOW_UP'],
        ['2025-07-10', 'PROSPECT', 'LEAD', 'PROSPECT_EXPIRED'],
      ],
    ],
    [
      'a prospect by an open inquiry, back to lead when it closes',
      { inquiries: [{ id: 7, receivedOn: '2025-02-01', closedOn: '2025-03-01' }] },
      '2025-12-31',
      [
        ['2025-01-01', null, 'LEAD', 'CREATED'],
        ['2025-02-01', 'LEAD', 'PROSPECT', 'INQUIRY_OPENED'],
        ['2025-03-01', 'PROSPECT', 'LEAD', 'INQUIRY_CLOSED'],
      ],
    ],
    [
      'an inquiry received and closed the same day, which never counts',
      { inquiries: [{ id: 7, receivedOn: '2025-02-01', closedOn: '2025-02-01' }] },
      '2025-12-31',
      [['2025-01-01', null, 'LEAD', 'CREATED']],
    ],
    [
      'a lead who orders on its first day',
      { createdOn: '2025-05-05', orders: orders('2025-05-05') },
      '2025-06-01',
      [['2025-05-05', null, 'NEW', 'CREATED']],
    ],
    [
      'a follow-up and an order on the same day: the order is the cause',
      { qualifyingFollowUps: ['2025-02-01'], orders: orders('2025-02-01') },
      '2025-03-01',
      [
        ['2025-01-01', null, 'LEAD', 'CREATED'],
        ['2025-02-01', 'LEAD', 'NEW', 'ORDER'],
      ],
    ],
    [
      'a one-time buyer: dormant after 90 silent days, lost after 365',
      { orders: orders('2025-01-01') },
      '2026-06-01',
      [
        ['2025-01-01', null, 'NEW', 'CREATED'],
        ['2025-04-02', 'NEW', 'DORMANT', 'SILENCE'],
        ['2026-01-02', 'DORMANT', 'LOST', 'SILENCE'],
      ],
    ],
    [
      'a rating that makes a long, satisfied repeat customer loyal (5 orders over 365 days, average ≥ 4)',
      {
        orders: orders('2025-01-01', '2025-04-01', '2025-07-01', '2025-10-01', '2026-01-01'),
        ratings: [{ on: '2026-01-10', satisfaction: 5 }],
      },
      '2026-02-01',
      [
        ['2025-01-01', null, 'NEW', 'CREATED'],
        ['2025-04-01', 'NEW', 'REPEAT', 'ORDER'],
        ['2026-01-10', 'REPEAT', 'LOYAL', 'RATING'],
      ],
    ],
    [
      'events dated after today, which count on today',
      { orders: orders('2025-01-05') },
      '2025-01-03',
      [
        ['2025-01-01', null, 'LEAD', 'CREATED'],
        ['2025-01-03', 'LEAD', 'NEW', 'ORDER'],
      ],
    ],
  ])('%s', (_label, partial, today, expected) => {
    expect(rows(replayLifecycle(timeline(partial), RULES, today))).toEqual(expected);
  });

  it('makes a customer LOYAL on the day of its 10th completed order ("about 10 successful deals")', () => {
    const days = Array.from({ length: 10 }, (_, i) => addDays('2025-01-01', 20 * i));
    const history = replayLifecycle(timeline({ orders: orders(...days) }), RULES, '2025-08-01');
    expect(rows(history)).toEqual<Row[]>([
      ['2025-01-01', null, 'NEW', 'CREATED'],
      ['2025-01-21', 'NEW', 'REPEAT', 'ORDER'],
      [days[9], 'REPEAT', 'LOYAL', 'ORDER'],
    ]);
    expect(history[2].cause).toEqual({ code: 'ORDER', orderId: 109, orderCount: 10 });
  });

  it('records a manual override with its reason, its replacement, and its clearing', () => {
    const at = (day: string, time = '02:00:00') => new Date(`${day}T${time}Z`);
    const t = timeline({
      orders: orders('2025-01-01', '2025-02-01'),
      overrides: [
        { id: 1, stage: 'LOST', reason: '客户已倒闭', setOn: '2025-03-01', setAt: at('2025-03-01'), byUserId: 9, clearedOn: '2025-03-10' },
        {
          id: 2,
          stage: 'LOYAL',
          reason: '战略客户',
          setOn: '2025-03-10',
          setAt: at('2025-03-10'),
          byUserId: 9,
          clearedOn: '2025-04-01',
          clearReason: '误判',
        },
        // set and cleared within one day: never in force at the end of a day
        {
          id: 3,
          stage: 'DORMANT',
          reason: '试一下',
          setOn: '2025-04-05',
          setAt: at('2025-04-05'),
          byUserId: null,
          clearedOn: '2025-04-05',
        },
        { id: 4, stage: 'REPEAT', reason: '与规则一致', setOn: '2025-04-10', setAt: at('2025-04-10'), byUserId: null, clearedOn: null },
      ],
    });
    const history = replayLifecycle(t, RULES, '2025-06-01');
    expect(rows(history)).toEqual<Row[]>([
      ['2025-01-01', null, 'NEW', 'CREATED'],
      ['2025-02-01', 'NEW', 'REPEAT', 'ORDER'],
      ['2025-03-01', 'REPEAT', 'LOST', 'OVERRIDE_SET'],
      ['2025-03-10', 'LOST', 'LOYAL', 'OVERRIDE_SET'],
      ['2025-04-01', 'LOYAL', 'REPEAT', 'OVERRIDE_CLEARED'],
      // override 4 holds REPEAT while the rules would make the customer dormant on 2025-05-03
    ]);
    expect(history[2].cause).toEqual({ code: 'OVERRIDE_SET', overrideId: 1, reason: '客户已倒闭', byUserId: 9 });
    expect(history[4].cause).toEqual({ code: 'OVERRIDE_CLEARED', overrideId: 2, reason: '误判' });
    const withoutLast = { ...t, overrides: t.overrides.slice(0, 3) };
    expect(rows(replayLifecycle(withoutLast, RULES, '2025-06-01')).at(-1)).toEqual(['2025-05-03', 'REPEAT', 'DORMANT', 'SILENCE']);
  });

  it('ends in the stage evaluateStage gives on today’s facts, and changes on the same days as a day-by-day replay', () => {
    const base = '2024-01-01';
    const day = fc.integer({ min: 0, max: 700 }).map((n) => addDays(base, n));
    const arbitrary = fc.record({
      created: fc.integer({ min: 0, max: 300 }),
      orders: fc.array(day, { maxLength: 14 }),
      ratings: fc.array(fc.record({ on: day, satisfaction: fc.integer({ min: 1, max: 5 }) }), { maxLength: 4 }),
      inquiries: fc.array(fc.record({ received: fc.integer({ min: 0, max: 700 }), open: fc.option(fc.integer({ min: 0, max: 200 })) }), {
        maxLength: 3,
      }),
      followUps: fc.array(day, { maxLength: 4 }),
      overrides: fc.array(
        fc.record({
          set: fc.integer({ min: 0, max: 700 }),
          length: fc.option(fc.integer({ min: 0, max: 120 })),
          stage: fc.constantFrom<LifecycleStage>('LEAD', 'PROSPECT', 'NEW', 'REPEAT', 'LOYAL', 'DORMANT', 'LOST'),
        }),
        { maxLength: 3 },
      ),
      today: fc.integer({ min: 200, max: 760 }),
      rules: fc.record({
        prospectWindowDays: fc.integer({ min: 10, max: 200 }),
        dormancyMinDays: fc.integer({ min: 20, max: 120 }),
        dormancyCycleMultiplier: fc.constantFrom(1, 1.5, 2, 3),
        lostAfterDays: fc.integer({ min: 60, max: 400 }),
        repeatMinOrders: fc.integer({ min: 2, max: 3 }),
        loyalMinOrders: fc.integer({ min: 4, max: 10 }),
        loyalAltMinOrders: fc.integer({ min: 2, max: 5 }),
        loyalAltMinSpanDays: fc.integer({ min: 30, max: 365 }),
        loyalAltMinSatisfaction: fc.integer({ min: 3, max: 5 }),
      }),
    });
    fc.assert(
      fc.property(arbitrary, (a) => {
        const sets = [...a.overrides].sort((x, y) => x.set - y.set);
        const t = timeline({
          createdOn: addDays(base, a.created),
          orders: a.orders.map((on, i) => ({ id: i + 1, on })).sort((x, y) => (x.on < y.on ? -1 : x.on > y.on ? 1 : x.id - y.id)),
          ratings: a.ratings,
          inquiries: a.inquiries.map((i, n) => ({
            id: n + 1,
            receivedOn: addDays(base, i.received),
            closedOn: i.open == null ? null : addDays(base, i.received + i.open),
          })),
          qualifyingFollowUps: [...a.followUps].sort(),
          overrides: sets.map((o, i) => {
            const replacedAt = sets[i + 1]?.set;
            const clearedAt = o.length == null ? replacedAt : Math.min(o.set + o.length, replacedAt ?? Infinity);
            return {
              id: i + 1,
              stage: o.stage,
              reason: `r${i}`,
              setOn: addDays(base, o.set),
              setAt: new Date(Date.parse(`${addDays(base, o.set)}T00:00:00Z`) + i * 60_000),
              byUserId: null,
              clearedOn: clearedAt == null ? null : addDays(base, clearedAt),
            };
          }),
        });
        const today = addDays(base, a.today);
        const history = replayLifecycle(t, a.rules, today);
        expect(history.map((h) => [h.on, h.from, h.to])).toEqual(replayDaily(t, a.rules, today));
        expect(history.at(-1)?.to).toBe(evaluateStage(factsAsOf(t, today, today), a.rules, today).stage);
        for (let i = 1; i < history.length; i++) expect(history[i].from).toBe(history[i - 1].to);
      }),
      { numRuns: 400, seed: 20261124 },
    );
  });
});

describe('explainTransition', () => {
  it.each<[LifecycleTransition['cause'], string, string]>([
    [{ code: 'CREATED' }, '客户建档', 'Customer record created'],
    [{ code: 'ORDER', orderId: 42, orderCount: 2 }, '完成订单 #42（累计 2 笔成交）', 'Completed order #42 (2 completed in total)'],
    [{ code: 'FOLLOW_UP' }, '跟进显示出购买意向', 'A follow-up showed intent to buy'],
    [{ code: 'INQUIRY_OPENED', inquiryId: 5, openInquiries: 1 }, '收到询盘 #5（进行中 1 个）', 'Inquiry #5 received (1 open)'],
    [{ code: 'INQUIRY_CLOSED', inquiryId: 5, openInquiries: 0 }, '询盘 #5 已关闭（进行中 0 个）', 'Inquiry #5 closed (0 open)'],
    [
      { code: 'RATING', satisfaction: 5, ratings: 3, averageSatisfaction: 4.33 },
      '服务满意度评分 5 分（3 次评分，平均 4.33 分）',
      'Service rated 5/5 (3 ratings, average 4.33)',
    ],
    [
      { code: 'OVERRIDE_SET', overrideId: 1, reason: '客户已倒闭', byUserId: 3 },
      '手动设定阶段：客户已倒闭',
      'Stage set by hand: 客户已倒闭',
    ],
    [
      { code: 'OVERRIDE_CLEARED', overrideId: 1, reason: null },
      '取消手动设定，恢复按规则判定',
      'Manual stage cleared; the rules decide again',
    ],
    [
      { code: 'OVERRIDE_CLEARED', overrideId: 1, reason: '恢复经营' },
      '取消手动设定，恢复按规则判定：恢复经营',
      'Manual stage cleared; the rules decide again: 恢复经营',
    ],
    [{ code: 'SILENCE', silentDays: 91, limitDays: 90 }, '已 91 天未成交，超过 90 天', 'No completed order for 91 days, more than 90'],
    [
      { code: 'PROSPECT_EXPIRED', daysAgo: 181, windowDays: 180 },
      '最近一次有意向的跟进已过去 181 天，超过 180 天的意向期',
      'The last follow-up with intent to buy was 181 days ago, past the 180-day window',
    ],
  ])('explains %j', (cause, zh, en) => {
    expect(explainTransition({ cause }, 'zh')).toBe(zh);
    expect(explainTransition({ cause }, 'en')).toBe(en);
  });
});

describe('day numbers (the replay’s days)', () => {
  it('are the days since 1970-01-01, the same as daysBetween and addDays give, for every day of 1900–2199', () => {
    for (let n = daysBetween('1970-01-01', '1900-01-01'); n <= daysBetween('1970-01-01', '2199-12-31'); n++) {
      const day = addDays('1970-01-01', n);
      if (dayString(n) !== day || dayNumber(day) !== n) throw new Error(`day ${n}: ${dayString(n)} / ${day} / ${dayNumber(day)}`);
    }
    expect([dayNumber('0000-01-01'), dayString(-719_528), dayString(2_932_896)]).toEqual([-719_528, '0000-01-01', '9999-12-31']);
  });

  it('parse anything else as Date.parse does', () => {
    for (const day of [
      '2025-02-29',
      '2024-02-30',
      '2025-04-31',
      '2025-13-01',
      '2025-00-10',
      '2025-1-01',
      ' 2025-01-01',
      '+002025-01-01',
      '',
      'x',
    ]) {
      expect(dayNumber(day)).toBe(Date.parse(`${day}T00:00:00Z`) / 86_400_000);
    }
  });
});
