import {
  canMoveServiceCase,
  initialServiceCaseStatus,
  isFinalServiceCaseStatus,
  serviceCaseMoveProblem,
  serviceCaseResolveProblem,
} from '../../src/domain/records/service-case-status';
import { SERVICE_CASE_STATUSES, type ServiceCaseStatus } from '../../src/domain/records/records.enums';

const LEGAL: Array<[ServiceCaseStatus, ServiceCaseStatus]> = [
  ['OPEN', 'SCHEDULED'],
  ['OPEN', 'IN_PROGRESS'],
  ['OPEN', 'CANCELLED'],
  ['SCHEDULED', 'IN_PROGRESS'],
  ['SCHEDULED', 'CANCELLED'],
  ['IN_PROGRESS', 'RESOLVED'],
  ['RESOLVED', 'CLOSED'],
];

const ALL_PAIRS = SERVICE_CASE_STATUSES.values.flatMap((from) => SERVICE_CASE_STATUSES.values.map((to) => [from, to] as const));

describe('canMoveServiceCase', () => {
  it.each(ALL_PAIRS)('%s → %s', (from, to) => {
    expect(canMoveServiceCase(from, to)).toBe(LEGAL.some(([f, t]) => f === from && t === to));
  });
});

describe('isFinalServiceCaseStatus', () => {
  it.each([
    ['OPEN', false],
    ['SCHEDULED', false],
    ['IN_PROGRESS', false],
    ['RESOLVED', false],
    ['CLOSED', true],
    ['CANCELLED', true],
  ] as const)('%s → %s', (status, final) => {
    expect(isFinalServiceCaseStatus(status)).toBe(final);
  });
});

describe('initialServiceCaseStatus', () => {
  it('is SCHEDULED with an appointment and OPEN without', () => {
    expect(initialServiceCaseStatus(new Date('2026-05-01T02:00:00Z'))).toBe('SCHEDULED');
    expect(initialServiceCaseStatus(null)).toBe('OPEN');
  });
});

describe('serviceCaseMoveProblem', () => {
  const appointment = new Date('2026-05-01T02:00:00Z');
  it.each([
    ['OPEN', 'IN_PROGRESS', { appointmentAt: null, resolution: null }, null],
    ['OPEN', 'OPEN', { appointmentAt: null, resolution: null }, null],
    ['SCHEDULED', 'SCHEDULED', { appointmentAt: appointment, resolution: null }, null],
    ['OPEN', 'SCHEDULED', { appointmentAt: appointment, resolution: null }, null],
    ['OPEN', 'SCHEDULED', { appointmentAt: null, resolution: null }, ['appointmentAt', 'REQUIRED']],
    ['SCHEDULED', 'SCHEDULED', { appointmentAt: null, resolution: null }, ['appointmentAt', 'REQUIRED']],
    ['IN_PROGRESS', 'RESOLVED', { appointmentAt: null, resolution: null }, ['resolution', 'REQUIRED']],
    ['IN_PROGRESS', 'RESOLVED', { appointmentAt: null, resolution: '   ' }, ['resolution', 'REQUIRED']],
    ['IN_PROGRESS', 'RESOLVED', { appointmentAt: null, resolution: '更换压缩机' }, null],
    ['RESOLVED', 'CLOSED', { appointmentAt: null, resolution: '更换压缩机' }, null],
    ['OPEN', 'RESOLVED', { appointmentAt: null, resolution: 'x' }, ['status', 'ILLEGAL_TRANSITION']],
    ['IN_PROGRESS', 'OPEN', { appointmentAt: null, resolution: null }, ['status', 'ILLEGAL_TRANSITION']],
    ['CLOSED', 'OPEN', { appointmentAt: null, resolution: null }, ['status', 'ILLEGAL_TRANSITION']],
    ['CANCELLED', 'SCHEDULED', { appointmentAt: appointment, resolution: null }, ['status', 'ILLEGAL_TRANSITION']],
  ] as const)('%s → %s with %j', (from, to, facts, expected) => {
    const problem = serviceCaseMoveProblem(from, to, facts);
    expect(problem ? [problem.field, problem.code] : null).toEqual(expected);
  });

  it('says which moves are possible', () => {
    expect(serviceCaseMoveProblem('SCHEDULED', 'CLOSED', { appointmentAt: null, resolution: null })?.message.en).toBe(
      'a SCHEDULED case cannot become CLOSED; it can become IN_PROGRESS or CANCELLED',
    );
    expect(serviceCaseMoveProblem('CLOSED', 'OPEN', { appointmentAt: null, resolution: null })?.message.en).toContain('it is final');
  });
});

describe('serviceCaseResolveProblem', () => {
  it.each([
    ['IN_PROGRESS', '已上门维修', null],
    ['IN_PROGRESS', '  ', ['resolution', 'REQUIRED']],
    ['OPEN', '已上门维修', ['status', 'ILLEGAL_TRANSITION']],
    ['SCHEDULED', '已上门维修', ['status', 'ILLEGAL_TRANSITION']],
    ['RESOLVED', '再次处理', ['status', 'ILLEGAL_TRANSITION']],
    ['CLOSED', '已上门维修', ['status', 'ILLEGAL_TRANSITION']],
    ['CANCELLED', '已上门维修', ['status', 'ILLEGAL_TRANSITION']],
  ] as const)('%s with %p', (from, resolution, expected) => {
    const problem = serviceCaseResolveProblem(from, resolution);
    expect(problem ? [problem.field, problem.code] : null).toEqual(expected);
  });
});
