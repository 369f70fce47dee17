import { calendarDayIn } from '../../src/domain/common/calendar';
import { followUpProgress, followUpTimingProblems, type ProcessStep } from '../../src/domain/records/follow-up-progress';

const step = (id: number, key: string, position: number, active = true): ProcessStep => ({ id, key, name: key, position, active });
const at = (iso: string) => new Date(iso);

const CONTACT = step(1, 'contact', 10);
const NEEDS = step(2, 'needs', 20);
const QUOTE = step(3, 'quote', 30);
const RETIRED = step(4, 'retired', 15, false);
const SAME_POSITION = step(5, 'visit', 20);

describe('followUpProgress', () => {
  it.each([
    ['no steps at all', [], [], { done: [], completed: 0, total: 0, next: null }],
    ['nothing done yet', [QUOTE, CONTACT, NEEDS], [], { done: [false, false, false], completed: 0, total: 3, next: 'contact' }],
    [
      'first step done',
      [CONTACT, NEEDS, QUOTE],
      [{ stepId: 1, occurredAt: at('2026-01-02T00:00:00Z') }],
      { done: [true, false, false], completed: 1, total: 3, next: 'needs' },
    ],
    [
      'a later step done out of order: next is still the first missing one',
      [CONTACT, NEEDS, QUOTE],
      [{ stepId: 3, occurredAt: at('2026-01-02T00:00:00Z') }],
      { done: [false, false, true], completed: 1, total: 3, next: 'contact' },
    ],
    [
      'every step done',
      [CONTACT, NEEDS, QUOTE],
      [1, 2, 3].map((stepId) => ({ stepId, occurredAt: at('2026-01-02T00:00:00Z') })),
      { done: [true, true, true], completed: 3, total: 3, next: null },
    ],
    [
      'an inactive step is left out, even when done',
      [CONTACT, RETIRED, NEEDS],
      [{ stepId: 4, occurredAt: at('2026-01-02T00:00:00Z') }],
      { done: [false, false], completed: 0, total: 2, next: 'contact' },
    ],
    [
      'a record of an unknown step counts for nothing',
      [CONTACT],
      [{ stepId: 99, occurredAt: at('2026-01-02T00:00:00Z') }],
      { done: [false], completed: 0, total: 1, next: 'contact' },
    ],
    ['equal positions keep creation order', [SAME_POSITION, NEEDS], [], { done: [false, false], completed: 0, total: 2, next: 'needs' }],
  ])('%s', (_label, steps, records, expected) => {
    const progress = followUpProgress(steps, records);
    expect(progress.steps.map((s) => s.done)).toEqual(expected.done);
    expect(progress.completedCount).toBe(expected.completed);
    expect(progress.totalCount).toBe(expected.total);
    expect(progress.next?.key ?? null).toBe(expected.next);
  });

  it('lists steps by position and returns the step objects it was given', () => {
    const progress = followUpProgress([QUOTE, NEEDS, CONTACT], []);
    expect(progress.steps.map((s) => s.step)).toEqual([CONTACT, NEEDS, QUOTE]);
    expect(progress.steps[0].step).toBe(CONTACT);
  });

  it('dates a step by the earliest follow-up that recorded it', () => {
    const progress = followUpProgress(
      [CONTACT],
      [
        { stepId: 1, occurredAt: at('2026-03-05T08:00:00Z') },
        { stepId: 1, occurredAt: at('2026-02-01T08:00:00Z') },
        { stepId: 1, occurredAt: at('2026-04-01T08:00:00Z') },
      ],
    );
    expect(progress.steps[0]).toEqual({ step: CONTACT, done: true, doneAt: at('2026-02-01T08:00:00Z') });
  });
});

describe('calendarDayIn', () => {
  it.each([
    ['2026-01-01T15:59:59Z', 'Asia/Shanghai', '2026-01-01'],
    ['2026-01-01T16:00:00Z', 'Asia/Shanghai', '2026-01-02'],
    ['2026-01-01T16:00:00Z', 'UTC', '2026-01-01'],
    ['2026-01-01T03:00:00Z', 'America/New_York', '2025-12-31'],
  ])('%s in %s is %s', (instant, zone, day) => {
    expect(calendarDayIn(at(instant), zone)).toBe(day);
  });
});

describe('followUpTimingProblems', () => {
  const now = at('2026-05-10T04:00:00Z'); // 12:00 in Shanghai
  it.each([
    ['now, no next date', { occurredAt: now, nextFollowUpOn: null }, []],
    ['4 minutes ahead (clock skew)', { occurredAt: at('2026-05-10T04:04:00Z'), nextFollowUpOn: null }, []],
    ['6 minutes ahead', { occurredAt: at('2026-05-10T04:06:00Z'), nextFollowUpOn: null }, ['occurredAt']],
    ['next on the same day', { occurredAt: now, nextFollowUpOn: '2026-05-10' }, []],
    ['next the day before', { occurredAt: now, nextFollowUpOn: '2026-05-09' }, ['nextFollowUpOn']],
    // 2026-05-09T17:00Z is 01:00 on the 10th in Shanghai: the 9th is before it there.
    [
      'day taken in the company zone, not UTC',
      { occurredAt: at('2026-05-09T17:00:00Z'), nextFollowUpOn: '2026-05-09' },
      ['nextFollowUpOn'],
    ],
    ['in the past with a past next date on its day', { occurredAt: at('2025-01-01T02:00:00Z'), nextFollowUpOn: '2025-01-01' }, []],
    ['both wrong', { occurredAt: at('2026-06-01T00:00:00Z'), nextFollowUpOn: '2026-05-31' }, ['occurredAt', 'nextFollowUpOn']],
  ])('%s', (_label, timing, fields) => {
    expect(followUpTimingProblems(timing, now, 'Asia/Shanghai').map(([f]) => f)).toEqual(fields);
  });
});
