import { dormancyThresholdDays, evaluateStage, type StageFacts } from '../../src/domain/lifecycle/lifecycle-stage';
import { addDays } from '../../src/domain/common/calendar';
import { explainStage } from '../../src/domain/scoring/explanations';
import type { LifecycleStage } from '../../src/domain/scoring/scoring.enums';
import { DEFAULT_SCORING_SETTINGS, type LifecycleRules } from '../../src/domain/scoring/scoring-settings';

const TODAY = '2026-11-23';
const RULES = DEFAULT_SCORING_SETTINGS.lifecycle;
const ago = (days: number) => addDays(TODAY, -days);

function facts(partial: Partial<StageFacts> = {}): StageFacts {
  return {
    orderCount: 0,
    firstOrderOn: null,
    lastOrderOn: null,
    medianIntervalDays: null,
    satisfactionCount: 0,
    satisfactionSum: 0,
    openInquiryCount: 0,
    lastQualifyingFollowUpOn: null,
    override: null,
    ...partial,
  };
}

/** A buyer with `orders` completed orders, the first `spanDays` before the last, the last `lastDaysAgo` days ago. */
function buyer(orders: number, lastDaysAgo: number, more: Partial<StageFacts> = {}, spanDays = 30 * (orders - 1)): StageFacts {
  return facts({
    orderCount: orders,
    firstOrderOn: ago(lastDaysAgo + spanDays),
    lastOrderOn: ago(lastDaysAgo),
    medianIntervalDays: orders >= 2 ? 30 : null,
    ...more,
  });
}

describe('evaluateStage (DOMAIN L1 and the default rules)', () => {
  it.each<[string, StageFacts, LifecycleStage, string]>([
    // Leads and prospects: no completed order.
    ['nothing at all: LEAD', facts(), 'LEAD', 'NO_ORDER_NO_INTEREST'],
    ['an open inquiry: PROSPECT', facts({ openInquiryCount: 1 }), 'PROSPECT', 'OPEN_INQUIRY'],
    ['a qualifying follow-up today: PROSPECT', facts({ lastQualifyingFollowUpOn: TODAY }), 'PROSPECT', 'QUALIFYING_FOLLOW_UP'],
    [
      'a qualifying follow-up 180 days ago: still PROSPECT',
      facts({ lastQualifyingFollowUpOn: ago(180) }),
      'PROSPECT',
      'QUALIFYING_FOLLOW_UP',
    ],
    ['a qualifying follow-up 181 days ago: LEAD again', facts({ lastQualifyingFollowUpOn: ago(181) }), 'LEAD', 'NO_ORDER_NO_INTEREST'],
    [
      'an open inquiry beats an old follow-up',
      facts({ openInquiryCount: 2, lastQualifyingFollowUpOn: ago(400) }),
      'PROSPECT',
      'OPEN_INQUIRY',
    ],
    // Buyers.
    ['one completed order: NEW', buyer(1, 10), 'NEW', 'FIRST_ORDER'],
    ['an order beats an open inquiry', buyer(1, 10, { openInquiryCount: 3 }), 'NEW', 'FIRST_ORDER'],
    ['two orders: REPEAT', buyer(2, 10), 'REPEAT', 'REPEAT_ORDERS'],
    ['nine orders: REPEAT', buyer(9, 10), 'REPEAT', 'REPEAT_ORDERS'],
    ['ten orders ("about 10 successful deals"): LOYAL', buyer(10, 10), 'LOYAL', 'LOYAL_ORDERS'],
    [
      'five orders over a year with satisfaction 4: LOYAL by the long-satisfied rule',
      buyer(5, 10, { satisfactionCount: 2, satisfactionSum: 8 }, 365),
      'LOYAL',
      'LOYAL_LONG_SATISFIED',
    ],
    ['the same over 364 days: REPEAT', buyer(5, 10, { satisfactionCount: 2, satisfactionSum: 8 }, 364), 'REPEAT', 'REPEAT_ORDERS'],
    [
      'the same with satisfaction 3.9: REPEAT',
      buyer(5, 10, { satisfactionCount: 10, satisfactionSum: 39 }, 400),
      'REPEAT',
      'REPEAT_ORDERS',
    ],
    ['the same without any rating: REPEAT', buyer(5, 10, {}, 400), 'REPEAT', 'REPEAT_ORDERS'],
    [
      'four orders over two years, satisfied: REPEAT',
      buyer(4, 10, { satisfactionCount: 3, satisfactionSum: 15 }, 730),
      'REPEAT',
      'REPEAT_ORDERS',
    ],
    // Dormancy: max(90, 2 × median interval).
    ['one order 90 days ago: still NEW', buyer(1, 90), 'NEW', 'FIRST_ORDER'],
    ['one order 91 days ago: DORMANT (threshold 90)', buyer(1, 91), 'DORMANT', 'DORMANT_SILENT'],
    ['median 30, last order 91 days ago: DORMANT (threshold 90)', buyer(3, 91, { medianIntervalDays: 30 }), 'DORMANT', 'DORMANT_SILENT'],
    ['median 60, last order 120 days ago: REPEAT (threshold 120)', buyer(3, 120, { medianIntervalDays: 60 }), 'REPEAT', 'REPEAT_ORDERS'],
    ['median 60, last order 121 days ago: DORMANT', buyer(3, 121, { medianIntervalDays: 60 }), 'DORMANT', 'DORMANT_SILENT'],
    [
      'median 60.5, last order 121 days ago: REPEAT (threshold 121)',
      buyer(3, 121, { medianIntervalDays: 60.5 }),
      'REPEAT',
      'REPEAT_ORDERS',
    ],
    [
      'a ten-order customer silent past the threshold: DORMANT, not LOYAL',
      buyer(12, 200, { medianIntervalDays: 20 }),
      'DORMANT',
      'DORMANT_SILENT',
    ],
    // Lost after 365 days, whatever the threshold.
    ['last order 365 days ago: DORMANT', buyer(2, 365), 'DORMANT', 'DORMANT_SILENT'],
    ['last order 366 days ago: LOST', buyer(2, 366), 'LOST', 'LOST_SILENT'],
    ['median 200 (threshold 400), last order 365 days ago: REPEAT', buyer(3, 365, { medianIntervalDays: 200 }), 'REPEAT', 'REPEAT_ORDERS'],
    ['median 200, last order 366 days ago: LOST', buyer(3, 366, { medianIntervalDays: 200 }), 'LOST', 'LOST_SILENT'],
  ])('%s', (_, input, stage, reason) => {
    const result = evaluateStage(input, RULES, TODAY);
    expect([result.stage, result.derivedStage, result.reason.code]).toEqual([stage, stage, reason]);
  });

  it.each<[string, StageFacts, LifecycleStage, LifecycleStage]>([
    [
      'a repeat customer marked lost',
      buyer(3, 10, { override: { stage: 'LOST', reason: '公司倒闭', byUserId: 1, at: new Date('2026-11-01T00:00:00Z') } }),
      'LOST',
      'REPEAT',
    ],
    [
      'a lead marked prospect',
      facts({ override: { stage: 'PROSPECT', reason: '展会面谈', byUserId: null, at: new Date('2026-11-01T00:00:00Z') } }),
      'PROSPECT',
      'LEAD',
    ],
  ])('an override wins, the derived stage stays visible: %s', (_, input, stage, derived) => {
    const result = evaluateStage(input, RULES, TODAY);
    expect([result.stage, result.derivedStage]).toEqual([stage, derived]);
    expect(result.figures).toContainEqual({ key: 'overrideStage', value: stage });
  });

  it('follows the rules given, not the defaults', () => {
    const rules: LifecycleRules = { ...RULES, loyalMinOrders: 6, dormancyMinDays: 30, lostAfterDays: 100, prospectWindowDays: 10 };
    expect(evaluateStage(buyer(6, 5), rules, TODAY).stage).toBe('LOYAL');
    expect(evaluateStage(buyer(1, 31), rules, TODAY).stage).toBe('DORMANT');
    expect(evaluateStage(buyer(2, 101), rules, TODAY).stage).toBe('LOST');
    expect(evaluateStage(facts({ lastQualifyingFollowUpOn: ago(11) }), rules, TODAY).stage).toBe('LEAD');
  });

  it('cites the figures that produced the stage', () => {
    const result = evaluateStage(buyer(3, 42, { medianIntervalDays: 30 }), RULES, TODAY);
    expect(result.figures).toEqual(
      expect.arrayContaining([
        { key: 'completedOrders', value: 3 },
        { key: 'daysSinceLastOrder', value: 42 },
        { key: 'medianDaysBetweenOrders', value: 30 },
        { key: 'dormancyThresholdDays', value: 90 },
      ]),
    );
  });
});

describe('dormancyThresholdDays', () => {
  it.each<[number | null, number]>([
    [null, 90],
    [10, 90],
    [45, 90],
    [60, 120],
    [60.5, 121],
    [200, 400],
  ])('median %p → %i days', (median, threshold) => {
    expect(dormancyThresholdDays(median, RULES)).toBe(threshold);
  });
});

describe('explainStage', () => {
  it.each<[string, StageFacts, string, string]>([
    [
      'repeat, with the days and the threshold',
      buyer(3, 42, { medianIntervalDays: 30 }),
      '3 completed orders, last one 42 days ago; dormancy threshold 90 days',
      '3笔成交订单,最近一笔在42天前;沉睡阈值90天',
    ],
    [
      'dormant',
      buyer(3, 130, { medianIntervalDays: 60 }),
      'Last completed order 130 days ago, beyond the dormancy threshold of 120 days',
      '最近一笔成交订单在130天前,超过沉睡阈值120天',
    ],
    [
      'lost',
      buyer(2, 400),
      'Last completed order 400 days ago, more than the 365 days after which a customer is lost',
      '最近一笔成交订单在400天前,超过流失阈值365天',
    ],
    [
      'prospect by follow-up',
      facts({ lastQualifyingFollowUpOn: ago(12) }),
      'No completed order yet; a qualifying follow-up 12 days ago, within the 180-day prospect window',
      '尚无成交订单;12天前有一次有效跟进,在180天意向期内',
    ],
    ['prospect by inquiry', facts({ openInquiryCount: 2 }), 'No completed order yet; 2 open inquiries', '尚无成交订单;有2条未结询盘'],
    [
      'loyal by the long-satisfied rule',
      buyer(5, 10, { satisfactionCount: 2, satisfactionSum: 9 }, 400),
      '5 completed orders over 400 days with average satisfaction 4.5, last one 10 days ago; dormancy threshold 90 days',
      '5笔成交订单,跨越400天,平均满意度4.5,最近一笔在10天前;沉睡阈值90天',
    ],
    [
      'an override',
      buyer(3, 42, { override: { stage: 'LOST', reason: 'x', byUserId: 1, at: new Date() } }),
      '3 completed orders, last one 42 days ago; dormancy threshold 90 days. Set by hand to Lost (the rules give Repeat customer)',
      '3笔成交订单,最近一笔在42天前;沉睡阈值90天。人工设定为沉睡客户(永久性沉睡)(规则得出:老客户)',
    ],
  ])('%s', (_, input, en, zh) => {
    const result = evaluateStage(input, RULES, TODAY);
    expect(explainStage(result, 'en')).toBe(en);
    expect(explainStage(result, 'zh')).toBe(zh);
  });

  it('explains a reason alone with its own numbers', () => {
    expect(explainStage({ code: 'LOYAL_ORDERS', orders: 12, minOrders: 10 }, 'en')).toBe(
      '12 completed orders, at least the 10 of a loyal customer',
    );
    expect(explainStage({ code: 'LOYAL_ORDERS', orders: 12, minOrders: 10 }, 'zh')).toBe('12笔成交订单,达到忠诚客户的10笔');
  });
});
