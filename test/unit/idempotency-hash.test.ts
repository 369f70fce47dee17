import { requestHash } from '../../src/services/idempotency';

const order = (quantity: string, extra: Record<string, unknown> = {}) => ({
  customerId: 'Q3VzdG9tZXI6MQ',
  lines: [{ productId: 'UHJvZHVjdDox', quantity, discount: '0' }],
  ...extra,
});

describe('requestHash', () => {
  it.each([
    ['2', '2.0'],
    ['2', '2.000'],
    ['0.5', '0.50'],
  ])('treats quantity %s and %s as the same request', (a, b) => {
    expect(requestHash(order(a))).toBe(requestHash(order(b)));
  });

  it('ignores key order and the idempotency key itself', () => {
    expect(requestHash({ b: 1, a: 2, idempotencyKey: 'x' })).toBe(requestHash({ a: 2, b: 1, idempotencyKey: 'y' }));
  });

  it.each([
    [order('2'), order('3')],
    [order('2', { note: '007' }), order('2', { note: '7' })],
    [order('2', { orderedAt: new Date('2026-01-01T00:00:00Z') }), order('2', { orderedAt: new Date('2026-01-02T00:00:00Z') })],
  ])('tells different requests apart (%#)', (a, b) => {
    expect(requestHash(a)).not.toBe(requestHash(b));
  });
});
