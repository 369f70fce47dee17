import { isOverdue, responseDueAt, zonedTime } from '../../src/domain/records/inquiry-response';
import type { InquiryChannel, InquiryStatus, InquiryUrgency } from '../../src/domain/records/records.enums';

const SH = 'Asia/Shanghai';
const NY = 'America/New_York';
const BERLIN = 'Europe/Berlin';

describe('responseDueAt', () => {
  it.each<[string, string, InquiryUrgency, InquiryChannel, string, string]>([
    // Shanghai is UTC+8 all year.
    ['urgent in the morning: 18:00 the same day', '2026-03-10T01:00:00Z', 'URGENT', 'PHONE', SH, '2026-03-10T10:00:00Z'],
    ['urgent at 16:00: 18:00 and +2 h coincide', '2026-03-10T08:00:00Z', 'URGENT', 'PHONE', SH, '2026-03-10T10:00:00Z'],
    ['urgent at 17:30: 2 hours later, 19:30', '2026-03-10T09:30:00Z', 'URGENT', 'PHONE', SH, '2026-03-10T11:30:00Z'],
    ['urgent at 23:00: 2 hours later, 01:00 the next day', '2026-03-10T15:00:00Z', 'URGENT', 'WECHAT', SH, '2026-03-10T17:00:00Z'],
    [
      'urgent at 00:30 local (previous UTC day): 18:00 of the local day',
      '2026-03-09T16:30:00Z',
      'URGENT',
      'PHONE',
      SH,
      '2026-03-10T10:00:00Z',
    ],
    ['urgent by email: the urgent rule wins', '2026-03-10T01:00:00Z', 'URGENT', 'EMAIL', SH, '2026-03-10T10:00:00Z'],
    ['email: 12 hours', '2026-03-10T01:00:00Z', 'NORMAL', 'EMAIL', SH, '2026-03-10T13:00:00Z'],
    ['fax: 12 hours', '2026-03-10T15:00:00Z', 'NORMAL', 'FAX', SH, '2026-03-11T03:00:00Z'],
    ['phone: 24 hours', '2026-03-10T09:30:00Z', 'NORMAL', 'PHONE', SH, '2026-03-11T09:30:00Z'],
    ['website at 23:00: 24 hours', '2026-03-10T15:00:00Z', 'NORMAL', 'WEBSITE', SH, '2026-03-11T15:00:00Z'],
    ['B2B platform: 24 hours', '2026-03-10T01:00:00Z', 'NORMAL', 'B2B_PLATFORM', SH, '2026-03-11T01:00:00Z'],
    // New York: EST (UTC−5) in winter, EDT (UTC−4) from 8 March 2026.
    ['New York, winter morning: 18:00 EST', '2026-01-15T14:00:00Z', 'URGENT', 'PHONE', NY, '2026-01-15T23:00:00Z'],
    ['New York, summer morning: 18:00 EDT', '2026-07-01T13:00:00Z', 'URGENT', 'PHONE', NY, '2026-07-01T22:00:00Z'],
    [
      'New York, received 01:30 EST on the day clocks go forward: 18:00 EDT',
      '2026-03-08T06:30:00Z',
      'URGENT',
      'PHONE',
      NY,
      '2026-03-08T22:00:00Z',
    ],
    ['the instant that is 23:00 in Shanghai is 11:00 in New York', '2026-03-10T15:00:00Z', 'URGENT', 'PHONE', NY, '2026-03-10T22:00:00Z'],
    ['New York at 17:30 EDT: 2 hours later', '2026-07-01T21:30:00Z', 'URGENT', 'PHONE', NY, '2026-07-01T23:30:00Z'],
    // Berlin goes back from CEST to CET on 25 October 2026.
    ['Berlin, the day clocks go back: 18:00 CET', '2026-10-25T05:00:00Z', 'URGENT', 'PHONE', BERLIN, '2026-10-25T17:00:00Z'],
    ['Berlin email: 12 hours across the change', '2026-10-24T20:00:00Z', 'NORMAL', 'EMAIL', BERLIN, '2026-10-25T08:00:00Z'],
  ])('%s', (_, received, urgency, channel, zone, due) => {
    expect(responseDueAt(new Date(received), urgency, channel, zone).toISOString()).toBe(new Date(due).toISOString());
  });
});

describe('zonedTime', () => {
  it.each<[number, number, number, number, string, string]>([
    [2026, 3, 10, 18, SH, '2026-03-10T10:00:00Z'],
    [2026, 12, 31, 18, SH, '2026-12-31T10:00:00Z'],
    [2026, 7, 1, 18, NY, '2026-07-01T22:00:00Z'],
    [2026, 1, 1, 0, 'UTC', '2026-01-01T00:00:00Z'],
    [2026, 6, 1, 18, 'Pacific/Auckland', '2026-06-01T06:00:00Z'],
  ])('%i-%i-%i %i:00 in %s', (y, m, d, h, zone, expected) => {
    expect(zonedTime(y, m, d, h, zone).toISOString()).toBe(new Date(expected).toISOString());
  });
});

describe('isOverdue', () => {
  const due = new Date('2026-03-10T10:00:00Z');
  const after = new Date('2026-03-10T10:00:01Z');
  it.each<[string, InquiryStatus, Date | null, Date, boolean]>([
    ['open, unanswered, past due', 'NEW', null, after, true],
    ['negotiating without a recorded response, past due', 'NEGOTIATING', null, after, true],
    ['exactly at the deadline', 'NEW', null, due, false],
    ['before the deadline', 'NEW', null, new Date('2026-03-10T09:00:00Z'), false],
    ['answered late is no longer overdue', 'QUOTED', new Date('2026-03-10T12:00:00Z'), new Date('2026-03-11T00:00:00Z'), false],
    ['won', 'WON', null, after, false],
    ['lost', 'LOST', null, after, false],
  ])('%s', (_, status, firstRespondedAt, now, expected) => {
    expect(isOverdue({ status, responseDueAt: due, firstRespondedAt }, now)).toBe(expected);
  });
});
