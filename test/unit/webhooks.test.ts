import {
  deliveredStatus,
  disabledByFailures,
  retryDelayMs,
  topicsReadableWith,
  webhookMessageId,
  webhookUrlProblem,
} from '../../src/domain/webhooks/webhooks';
import { webhookPayload } from '../../src/domain/webhooks/payload';
import { toGlobalId } from '../../src/domain/common/global-id';

const policy = { baseDelayMs: 10_000, maxDelayMs: 3_600_000, disableAfterMs: 86_400_000 };

describe('webhook URLs', () => {
  it.each([
    ['https://partner.example.cn/hooks', true, null],
    ['https://partner.example.cn/hooks', false, null],
    ['http://127.0.0.1:8080/hook', true, null],
    ['http://localhost/hook', true, null],
    ['http://[::1]:3000/h', true, null],
    ['http://127.0.0.1:8080/hook', false, 'must use https in production'],
    ['http://partner.example.cn/hooks', true, 'must use https (plain http only to a loopback address in development)'],
    ['ftp://partner.example.cn/hooks', true, 'must use https'],
    ['https://user:pw@partner.example.cn/', true, 'must not carry credentials'],
    ['/relative/path', true, 'is not an absolute URL'],
    ['not a url', true, 'is not an absolute URL'],
  ])('%s (loopback http allowed: %s) → %s', (url, allow, problem) => {
    expect(webhookUrlProblem(url, allow)?.en ?? null).toBe(problem);
  });
});

describe('retries and disabling', () => {
  it.each([
    [1, 10_000],
    [2, 20_000],
    [3, 40_000],
    [9, 2_560_000],
    [10, 3_600_000],
    [30, 3_600_000],
  ])('after %i failed attempts the next waits %i ms', (attempt, ms) => {
    expect(retryDelayMs(attempt, policy)).toBe(ms);
  });

  it('disables a subscription after a day of failures without a success, not before', () => {
    const now = new Date('2026-12-06T12:00:00Z');
    expect(disabledByFailures(null, now, policy)).toBe(false);
    expect(disabledByFailures(new Date('2026-12-05T12:00:01Z'), now, policy)).toBe(false);
    expect(disabledByFailures(new Date('2026-12-05T12:00:00Z'), now, policy)).toBe(true);
  });

  it.each([
    [200, true],
    [204, true],
    [299, true],
    [301, false],
    [400, false],
    [500, false],
    [null, false],
  ])('answer %s delivered: %s', (status, ok) => {
    expect(deliveredStatus(status)).toBe(ok);
  });

  it('a message id is the same for every attempt of one event', () => {
    expect(webhookMessageId(42)).toBe('msg_42');
  });
});

describe('topics a subscriber may receive', () => {
  it('an admin (no key scopes) every topic; a key those its read scopes cover', () => {
    expect(topicsReadableWith(null)).toHaveLength(12);
    expect(topicsReadableWith(['customers:read'])).toEqual(['CUSTOMER_CREATED', 'CUSTOMER_UPDATED', 'CUSTOMER_MERGED', 'REMINDER_DUE']);
    expect(topicsReadableWith(['orders:read', 'customers:write'])).toEqual([
      'ORDER_CREATED',
      'ORDER_COMPLETED',
      'ORDER_CANCELLED',
      'ORDER_REFUNDED',
      'PAYMENT_RECORDED',
    ]);
    expect(topicsReadableWith([])).toEqual([]);
  });
});

describe('the body a receiver gets', () => {
  it('names fields as the API does: camelCase, global ids for references, ISO instants, numerics as text', () => {
    const body = webhookPayload({
      topic: 'ORDER_COMPLETED',
      subjectType: 'ORDER',
      subjectId: 12,
      occurredAt: new Date('2026-12-06T08:00:00Z'),
      data: {
        id: 12,
        number: 'SO20261206-12',
        customer_id: 7,
        salesperson_id: null,
        total: '3587.00',
        status: 'COMPLETED',
        previous_status: 'PENDING',
        completed_at: '2026-12-06T16:00:00.123456+08:00',
      },
    });
    expect(body).toEqual({
      type: 'ORDER_COMPLETED',
      timestamp: '2026-12-06T08:00:00.000Z',
      data: {
        id: toGlobalId('Order', 12),
        number: 'SO20261206-12',
        customerId: toGlobalId('Customer', 7),
        salespersonId: null,
        total: '3587.00',
        status: 'COMPLETED',
        previousStatus: 'PENDING',
        completedAt: '2026-12-06T08:00:00.123Z',
      },
    });
  });

  it('names a due reminder by its Reminder id and the record it is about by its global id', () => {
    const body = webhookPayload({
      topic: 'REMINDER_DUE',
      subjectType: 'CUSTOMER',
      subjectId: 7,
      occurredAt: new Date('2026-12-07T01:00:00Z'),
      data: {
        customer_id: 7,
        kind: 'MAINTENANCE_DUE',
        occurrence_key: '31:2026-12-07',
        due_on: '2026-12-07',
        due_at: '2026-12-07T00:00:00+08:00',
        subject_type: 'SERVICE_CASE',
        subject_id: 31,
        figures: { intervalDays: 180 },
        value_tier: 'VIP',
      },
    });
    expect(body.data).toEqual({
      id: toGlobalId('Reminder', '7:MAINTENANCE_DUE:31:2026-12-07'),
      customerId: toGlobalId('Customer', 7),
      kind: 'MAINTENANCE_DUE',
      occurrenceKey: '31:2026-12-07',
      dueOn: '2026-12-07',
      dueAt: '2026-12-06T16:00:00.000Z',
      subjectType: 'SERVICE_CASE',
      subjectId: toGlobalId('ServiceCase', 31),
      figures: { intervalDays: 180 },
      valueTier: 'VIP',
    });
  });

  it('lists the changed fields of a customer update by their API names', () => {
    const body = webhookPayload({
      topic: 'CUSTOMER_UPDATED',
      subjectType: 'CUSTOMER',
      subjectId: 3,
      occurredAt: new Date('2026-12-06T08:00:00Z'),
      data: { id: 3, name: '王小明', owner_id: 5, changed_fields: ['owner_id', 'phone'] },
    });
    expect(body.data).toEqual({
      id: toGlobalId('Customer', 3),
      name: '王小明',
      ownerId: toGlobalId('User', 5),
      changedFields: ['ownerId', 'phone'],
    });
  });
});
