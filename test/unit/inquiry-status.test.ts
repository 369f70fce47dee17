import { conversionProblem, inquiryMoveProblem, isOpenInquiry, moveRecordsResponse } from '../../src/domain/records/inquiry-status';
import type { InquiryStatus } from '../../src/domain/records/records.enums';

const ALL: InquiryStatus[] = ['NEW', 'QUOTED', 'NEGOTIATING', 'WON', 'LOST'];

describe('inquiryMoveProblem', () => {
  it.each<[InquiryStatus, InquiryStatus, string | null, null | { field: string; code: string }]>([
    ['NEW', 'QUOTED', null, null],
    ['NEW', 'NEGOTIATING', null, null],
    ['QUOTED', 'NEGOTIATING', null, null],
    ['NEW', 'LOST', '客户预算不足', null],
    ['QUOTED', 'LOST', '价格高于竞争对手', null],
    ['NEGOTIATING', 'LOST', '交期无法满足', null],
    ['NEW', 'LOST', null, { field: 'lostReason', code: 'REQUIRED' }],
    ['QUOTED', 'LOST', '   ', { field: 'lostReason', code: 'REQUIRED' }],
    ['NEGOTIATING', 'LOST', 'x'.repeat(501), { field: 'lostReason', code: 'TOO_LONG' }],
    ['NEW', 'QUOTED', '不该有原因', { field: 'lostReason', code: 'INVALID' }],
    ['NEGOTIATING', 'QUOTED', null, { field: 'status', code: 'ILLEGAL_TRANSITION' }],
    ['QUOTED', 'NEW', null, { field: 'status', code: 'ILLEGAL_TRANSITION' }],
    ['NEW', 'NEW', null, { field: 'status', code: 'ILLEGAL_TRANSITION' }],
    ['QUOTED', 'QUOTED', null, { field: 'status', code: 'ILLEGAL_TRANSITION' }],
    ['NEW', 'WON', null, { field: 'status', code: 'ILLEGAL_TRANSITION' }],
    ['NEGOTIATING', 'WON', null, { field: 'status', code: 'ILLEGAL_TRANSITION' }],
    ['WON', 'LOST', '后悔了', { field: 'status', code: 'ILLEGAL_TRANSITION' }],
    ['LOST', 'NEGOTIATING', null, { field: 'status', code: 'ILLEGAL_TRANSITION' }],
    ['LOST', 'LOST', '再次丢失', { field: 'status', code: 'ILLEGAL_TRANSITION' }],
  ])('%s → %s (reason %j)', (from, to, reason, expected) => {
    const problem = inquiryMoveProblem(from, to, reason);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatchObject(expected);
  });

  it('points a move to WON at the conversion', () => {
    expect(inquiryMoveProblem('QUOTED', 'WON', null)?.message.en).toContain('inquiryConvertToOrder');
  });

  it('says which moves a status allows', () => {
    expect(inquiryMoveProblem('QUOTED', 'NEW', null)?.message.en).toContain('NEGOTIATING or LOST');
  });

  it.each(ALL)('never moves anything into WON (from %s)', (from) => {
    expect(inquiryMoveProblem(from, 'WON', null)).not.toBeNull();
  });

  it.each<InquiryStatus>(['WON', 'LOST'])('keeps %s final', (from) => {
    for (const to of ALL) expect(inquiryMoveProblem(from, to, 'reason')?.code).toBe('ILLEGAL_TRANSITION');
  });
});

describe('conversionProblem', () => {
  it.each<[InquiryStatus, boolean]>([
    ['NEW', true],
    ['QUOTED', true],
    ['NEGOTIATING', true],
    ['WON', false],
    ['LOST', false],
  ])('%s can be converted: %s', (from, allowed) => {
    expect(conversionProblem(from) === null).toBe(allowed);
  });
});

describe('open statuses and responses', () => {
  it.each<[InquiryStatus, boolean, boolean]>([
    ['NEW', true, false],
    ['QUOTED', true, true],
    ['NEGOTIATING', true, true],
    ['WON', false, true],
    ['LOST', false, false],
  ])('%s: open %s, records a response %s', (status, open, responds) => {
    expect(isOpenInquiry(status)).toBe(open);
    expect(moveRecordsResponse(status)).toBe(responds);
  });
});
