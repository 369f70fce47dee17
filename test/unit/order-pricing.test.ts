import { checkLine, checkPayment, orderTotals, priceLine } from '../../src/domain/records/order-pricing';
import { acceptsPayment, canMoveOrder } from '../../src/domain/records/order-status';

const line = (quantity: string, unitPrice: string, discount = '0', unitCost = '0') => ({ quantity, unitPrice, discount, unitCost });

describe('priceLine', () => {
  it.each([
    [line('3', '33.33'), '99.99'],
    [line('0.1', '0.1'), '0.01'],
    [line('0.333', '3.00'), '1.00'],
    [line('1', '189.99', '0.01'), '189.98'],
    [line('2.5', '19.99', '1.00'), '48.98'],
    [line('1000000', '99999.99'), '99999990000.00'],
  ])('%j totals %s exactly', (input, total) => {
    expect(priceLine(input).lineTotal).toBe(total);
  });

  it('returns canonical forms', () => {
    expect(priceLine(line('3', '33.3', '0', '10'))).toEqual({
      quantity: '3.000',
      unitPrice: '33.30',
      discount: '0.00',
      unitCost: '10.00',
      lineTotal: '99.90',
    });
  });
});

describe('orderTotals', () => {
  it('adds lines without float error and derives profit', () => {
    const totals = orderTotals([line('3', '0.1', '0', '0.05'), line('1', '0.2', '0.01', '0.1')]);
    expect(totals).toEqual({ subtotal: '0.50', discountTotal: '0.01', total: '0.49', costTotal: '0.25', grossProfit: '0.24' });
  });
});

describe('checkLine', () => {
  it.each([
    [line('0', '1'), 'quantity'],
    [line('-1', '1'), 'quantity'],
    [line('1.0001', '1'), 'quantity'],
    [line('1', '-1'), 'unitPrice'],
    [line('1', '1.001'), 'unitPrice'],
    [line('1', '1', '-1'), 'discount'],
    [line('2', '10', '20.01'), 'discount'],
  ])('%j is refused at %s', (input, field) => {
    expect(checkLine(input, 4)).toEqual([expect.objectContaining({ index: 4, field })]);
  });

  it('accepts a discount equal to the line amount', () => {
    expect(checkLine(line('2', '10', '20'), 0)).toEqual([]);
  });
});

describe('checkPayment', () => {
  it.each([
    ['10.00', '100.00', '0', null],
    ['100.00', '100.00', '0', null],
    ['0.01', '100.00', '99.99', null],
    ['0.02', '100.00', '99.99', 'exceeds the outstanding balance of 0.01'],
    ['0', '100.00', '0', 'must be greater than 0'],
    ['1.005', '100.00', '0', 'at most 2 decimals'],
  ])('%s against total %s with %s paid → %s', (amount, total, paid, expected) => {
    expect(checkPayment(amount, total, paid)?.en ?? null).toBe(expected);
  });
});

describe('order moves', () => {
  it.each([
    ['PENDING', 'COMPLETED', true],
    ['PENDING', 'CANCELLED', true],
    ['PENDING', 'REFUNDED', false],
    ['COMPLETED', 'REFUNDED', true],
    ['COMPLETED', 'CANCELLED', false],
    ['CANCELLED', 'COMPLETED', false],
    ['REFUNDED', 'COMPLETED', false],
  ] as const)('%s → %s: %s', (from, to, allowed) => {
    expect(canMoveOrder(from, to)).toBe(allowed);
  });

  it.each([
    ['PENDING', true],
    ['COMPLETED', true],
    ['CANCELLED', false],
    ['REFUNDED', false],
  ] as const)('%s accepts payments: %s', (status, accepts) => {
    expect(acceptsPayment(status)).toBe(accepts);
  });
});
