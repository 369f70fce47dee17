import { addDays } from '../../src/domain/common/calendar';
import { evaluateDepth, relationshipDepth, type DepthFacts } from '../../src/domain/scoring/depth';
import { explainDepth, explainMemberLevel } from '../../src/domain/scoring/explanations';
import { evaluateMemberLevel, memberLevel } from '../../src/domain/scoring/membership';
import type { MemberLevel, RelationshipDepth } from '../../src/domain/scoring/scoring.enums';
import { DEFAULT_SCORING_SETTINGS } from '../../src/domain/scoring/scoring-settings';

const TODAY = '2026-11-23';
const ago = (days: number | null) => (days == null ? null : addDays(TODAY, -days));

describe('memberLevel: spend in the last 365 days', () => {
  const rules = DEFAULT_SCORING_SETTINGS.membership;
  it.each<[string, MemberLevel]>([
    ['0', 'REGULAR'],
    ['1999.99', 'REGULAR'],
    ['2000', 'SILVER'],
    ['2000.00', 'SILVER'],
    ['9999.99', 'SILVER'],
    ['10000', 'GOLD'],
    ['49999.99', 'GOLD'],
    ['50000', 'DIAMOND'],
    ['1000000', 'DIAMOND'],
  ])('¥%s → %s', (spend, level) => {
    expect(memberLevel(spend, rules)).toBe(level);
  });

  it('follows the company levels', () => {
    expect(memberLevel('600', { levels: [{ level: 'GOLD', minSpend: '500' }] })).toBe('GOLD');
    expect(memberLevel('600', { levels: [] })).toBe('REGULAR');
  });

  it.each<[string, string, string]>([
    [
      '2000',
      '2,000.00 spent in the last 365 days: Silver (from 2,000.00); Gold from 10,000.00',
      '近365天消费2,000.00:银卡会员(2,000.00起);金卡会员需10,000.00',
    ],
    ['150', '150.00 spent in the last 365 days: Regular; Silver from 2,000.00', '近365天消费150.00:普通会员;银卡会员需2,000.00'],
    ['80000', '80,000.00 spent in the last 365 days: Diamond (from 50,000.00)', '近365天消费80,000.00:钻石会员(50,000.00起)'],
  ])('explains ¥%s', (spend, en, zh) => {
    const result = evaluateMemberLevel(spend, rules, 365);
    expect(explainMemberLevel(result, 'en')).toBe(en);
    expect(explainMemberLevel(result, 'zh')).toBe(zh);
  });
});

describe('relationshipDepth: the 5-3-2 law', () => {
  const rules = DEFAULT_SCORING_SETTINGS.depth;
  const f = (recentFollowUpCount: number, followUpDaysAgo: number | null, orderDaysAgo: number | null): DepthFacts => ({
    recentFollowUpCount,
    lastFollowUpOn: ago(followUpDaysAgo),
    lastOrderOn: ago(orderDaysAgo),
  });
  it.each<[string, DepthFacts, RelationshipDepth]>([
    ['3 follow-ups in 90 days', f(3, 80, null), 'DEEP'],
    ['2 follow-ups, the last 30 days ago, an order 90 days ago', f(2, 30, 90), 'DEEP'],
    ['a follow-up 31 days ago and an order 10 days ago', f(1, 31, 10), 'ORDINARY'],
    ['a follow-up 5 days ago and an order 91 days ago', f(1, 5, 91), 'ORDINARY'],
    ['a follow-up today, never bought', f(1, 0, null), 'ORDINARY'],
    ['only an order 180 days ago', f(0, null, 180), 'ORDINARY'],
    ['only a follow-up 180 days ago', f(0, 180, null), 'ORDINARY'],
    ['last contact 181 days ago', f(0, 181, 181), 'FORGOTTEN'],
    ['never contacted', f(0, null, null), 'FORGOTTEN'],
  ])('%s → %s', (_, facts, depth) => {
    expect(relationshipDepth(facts, rules, TODAY)).toBe(depth);
  });

  it.each<[DepthFacts, string, string]>([
    [f(4, 3, null), '4 follow-ups in the last 90 days (3 make a deep relationship) → Deep', '近90天跟进4次(3次起为深度关系) → 深度关系'],
    [
      f(1, 12, 40),
      'last follow-up 12 days ago (within 30 days) and last order 40 days ago (within 90 days) → Deep',
      '最近一次跟进在12天前(30天内),最近一笔订单在40天前(90天内) → 深度关系',
    ],
    [
      f(0, null, 200),
      '0 follow-ups in the last 90 days; never followed up, last order 200 days ago; contact window 180 days → Forgotten',
      '近90天跟进0次;从未跟进,最近一笔订单在200天前;联系期180天 → 被遗忘',
    ],
  ])('explains %#', (facts, en, zh) => {
    const result = evaluateDepth(facts, rules, TODAY);
    expect(explainDepth(result, 'en')).toBe(en);
    expect(explainDepth(result, 'zh')).toBe(zh);
  });
});
