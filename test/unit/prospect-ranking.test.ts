import {
  DEFAULT_PROSPECT_RANKING_RULES as RULES,
  explainProspectReason,
  prospectRulesProblems,
  rankProspect,
  type ProspectFacts,
  type ProspectRankingRules,
} from '../../src/domain/segments/prospect-ranking';

const TODAY = '2026-11-23';
const facts = (over: Partial<ProspectFacts> = {}): ProspectFacts => ({
  customerId: 1,
  needUrgency: null,
  resultsHorizonDays: null,
  budget: null,
  nextFollowUpOn: null,
  urgentOpenInquiries: 0,
  inquiryAmount: null,
  ...over,
});

describe('urgency of need', () => {
  it.each<[string, Partial<ProspectFacts>, number, string]>([
    ['nothing known', {}, 40, 'URGENCY_UNKNOWN'],
    ['HIGH need', { needUrgency: 'HIGH' }, 100, 'NEED_URGENCY'],
    ['MEDIUM need', { needUrgency: 'MEDIUM' }, 60, 'NEED_URGENCY'],
    ['LOW need', { needUrgency: 'LOW' }, 20, 'NEED_URGENCY'],
    ['an urgent open inquiry', { urgentOpenInquiries: 1 }, 100, 'URGENT_INQUIRY'],
    ['LOW need and an urgent inquiry: the higher counts', { needUrgency: 'LOW', urgentOpenInquiries: 2 }, 100, 'URGENT_INQUIRY'],
    ['HIGH need and an urgent inquiry', { needUrgency: 'HIGH', urgentOpenInquiries: 1 }, 100, 'NEED_URGENCY'],
    ['MEDIUM + follow-up today', { needUrgency: 'MEDIUM', nextFollowUpOn: TODAY }, 80, 'NEED_URGENCY'],
    ['MEDIUM + follow-up in 7 days', { needUrgency: 'MEDIUM', nextFollowUpOn: '2026-11-30' }, 80, 'NEED_URGENCY'],
    ['MEDIUM + follow-up in 8 days: no bonus', { needUrgency: 'MEDIUM', nextFollowUpOn: '2026-12-01' }, 60, 'NEED_URGENCY'],
    ['MEDIUM + follow-up date passed: no bonus', { needUrgency: 'MEDIUM', nextFollowUpOn: '2026-11-22' }, 60, 'NEED_URGENCY'],
    ['unknown + follow-up soon', { nextFollowUpOn: '2026-11-25' }, 60, 'URGENCY_UNKNOWN'],
    ['HIGH + follow-up soon: capped at 100', { needUrgency: 'HIGH', nextFollowUpOn: '2026-11-25' }, 100, 'NEED_URGENCY'],
  ])('%s → %i', (_label, over, points, code) => {
    const r = rankProspect(facts(over), RULES, TODAY).urgency;
    expect(r.points).toBe(points);
    expect(r.reason.code).toBe(code);
    expect(r.weight).toBe(40);
  });
});

describe('how soon results can show', () => {
  it.each<[number | null, number, string]>([
    [null, 40, 'RESULTS_UNKNOWN'],
    [0, 100, 'RESULTS_WITHIN'],
    [30, 100, 'RESULTS_WITHIN'],
    [31, 60, 'RESULTS_WITHIN'],
    [90, 60, 'RESULTS_WITHIN'],
    [91, 20, 'RESULTS_LATER'],
    [365, 20, 'RESULTS_LATER'],
  ])('%s days → %i', (days, points, code) => {
    const r = rankProspect(facts({ resultsHorizonDays: days }), RULES, TODAY).quickResults;
    expect([r.points, r.reason.code]).toEqual([points, code]);
  });
});

describe('budget fit', () => {
  it.each<[string | null, string | null, number, string]>([
    [null, null, 40, 'BUDGET_UNKNOWN'],
    ['10000', null, 40, 'BUDGET_UNKNOWN'],
    [null, '10000', 40, 'BUDGET_UNKNOWN'],
    ['10000', '10000', 100, 'BUDGET_COVERS'],
    ['12000.50', '10000', 100, 'BUDGET_COVERS'],
    ['8000', '10000', 60, 'BUDGET_NEAR'],
    ['7999.99', '10000', 20, 'BUDGET_SHORT'],
    ['0', '0', 100, 'BUDGET_COVERS'],
    ['100', '0.00000', 100, 'BUDGET_COVERS'],
    ['0', '500', 20, 'BUDGET_SHORT'],
  ])('budget %s vs amount %s → %i', (budget, amount, points, code) => {
    const r = rankProspect(facts({ budget, inquiryAmount: amount }), RULES, TODAY).budgetFit;
    expect([r.points, r.reason.code]).toEqual([points, code]);
  });
});

describe('score', () => {
  it.each<[string, Partial<ProspectFacts>, number, string]>([
    ['nothing known', {}, 4000, '40.00'],
    ['everything at best', { needUrgency: 'HIGH', resultsHorizonDays: 10, budget: '5000', inquiryAmount: '5000' }, 10000, '100.00'],
    [
      'mixed',
      { needUrgency: 'MEDIUM', resultsHorizonDays: 60, budget: '100', inquiryAmount: '1000' },
      40 * 60 + 30 * 60 + 30 * 20,
      '48.00',
    ],
  ])('%s', (_label, over, score100, score) => {
    const r = rankProspect(facts(over), RULES, TODAY);
    expect(r.score100).toBe(score100);
    expect(r.score).toBe(score);
    expect(r.urgency.contribution).toBe(((r.urgency.points * 40) / 100).toFixed(2));
    const sum = Number(r.urgency.contribution) + Number(r.quickResults.contribution) + Number(r.budgetFit.contribution);
    expect(sum.toFixed(2)).toBe(score);
  });

  it('follows the rules given', () => {
    const rules: ProspectRankingRules = { ...RULES, weights: { urgency: 100, quickResults: 0, budgetFit: 0 } };
    expect(rankProspect(facts({ needUrgency: 'LOW' }), rules, TODAY).score).toBe('20.00');
    expect(rankProspect(facts({ needUrgency: 'LOW', resultsHorizonDays: 1 }), rules, TODAY).quickResults.contribution).toBe('0.00');
  });
});

describe('rules validation', () => {
  it('accepts the defaults', () => expect(prospectRulesProblems(RULES)).toEqual([]));
  it.each<[string, ProspectRankingRules, string]>([
    ['weights not summing to 100', { ...RULES, weights: { urgency: 50, quickResults: 30, budgetFit: 30 } }, 'weights must sum to 100'],
    [
      'points over 100',
      { ...RULES, urgency: { ...RULES.urgency, unknownPoints: 101 } },
      'urgency.unknownPoints must be an integer from 0 to 100',
    ],
    [
      'bands out of order',
      {
        ...RULES,
        quickResults: {
          ...RULES.quickResults,
          bands: [
            { maxDays: 90, points: 60 },
            { maxDays: 30, points: 100 },
          ],
        },
      },
      'quickResults.bands must ascend in maxDays',
    ],
  ])('refuses %s', (_label, rules, problem) => expect(prospectRulesProblems(rules)).toContain(problem));
});

describe('explanations', () => {
  it.each<[Partial<ProspectFacts>, 'urgency' | 'quickResults' | 'budgetFit', string, string]>([
    [{ needUrgency: 'HIGH' }, 'urgency', 'Latest follow-up rated the need high', '最近跟进记录的需求紧迫度:急需'],
    [
      { needUrgency: 'MEDIUM', nextFollowUpOn: '2026-11-25' },
      'urgency',
      'Latest follow-up rated the need medium; next follow-up planned in 2 days (2026-11-25), bonus added',
      '最近跟进记录的需求紧迫度:一般;2天后(2026-11-25)计划跟进,加分',
    ],
    [{ urgentOpenInquiries: 1 }, 'urgency', '1 open urgent inquiry', '有1条未结的紧急询盘'],
    [{}, 'urgency', 'No need urgency recorded and no urgent inquiry', '未记录需求紧迫度,也无紧急询盘'],
    [{ resultsHorizonDays: 14 }, 'quickResults', 'Results expected in 14 days (within 30)', '预计14天内见效(不超过30天)'],
    [{ resultsHorizonDays: 120 }, 'quickResults', 'Results expected only in 120 days (over 90)', '预计120天后才见效(超过90天)'],
    [
      { budget: '8500', inquiryAmount: '10000' },
      'budgetFit',
      'Budget 8,500.00 is 85% of the inquiry amount 10,000.00',
      '预算8,500.00达到询盘金额10,000.00的85%',
    ],
    [
      { budget: '20000', inquiryAmount: '12000' },
      'budgetFit',
      'Budget 20,000.00 covers the inquiry amount 12,000.00',
      '预算20,000.00足以覆盖询盘金额12,000.00',
    ],
    [
      { budget: '20000' },
      'budgetFit',
      'Budget 20,000.00, but no open inquiry with an amount to compare',
      '预算20,000.00,但无带金额的未结询盘可比',
    ],
  ])('%j %s', (over, key, en, zh) => {
    const reason = rankProspect(facts(over), RULES, TODAY)[key].reason;
    expect(explainProspectReason(reason, 'en')).toBe(en);
    expect(explainProspectReason(reason, 'zh')).toBe(zh);
  });
});
