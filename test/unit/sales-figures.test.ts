import { salesFigures, salesGrowth, ZERO_SUMS } from '../../src/domain/reports/sales-figures';

describe('salesFigures', () => {
  it('nets refunds, and derives profit, margin and average order value exactly', () => {
    const f = salesFigures({
      salesAmount: '1000.10',
      refundAmount: '200.05',
      netCost: '500.02',
      units: '7.5',
      orderCount: 3,
      refundCount: 1,
      customerCount: 2,
    });
    expect(f).toMatchObject({ amount: '800.05', grossProfit: '300.03', margin: '0.3750', averageOrderValue: '333.37', units: '7.500' });
  });

  it('has no margin without an amount and no average without orders', () => {
    expect(salesFigures(ZERO_SUMS)).toMatchObject({ amount: '0.00', grossProfit: '0.00', margin: null, averageOrderValue: null });
  });
});

describe('salesGrowth', () => {
  it('is the change over the earlier figure, null from zero, against its size when it was negative', () => {
    const now = salesFigures({ ...ZERO_SUMS, salesAmount: '150.00', orderCount: 3, customerCount: 1 });
    const before = salesFigures({ ...ZERO_SUMS, salesAmount: '100.00', orderCount: 2, customerCount: 1 });
    expect(salesGrowth(now, before)).toEqual({ amount: '0.5000', grossProfit: '0.5000', orderCount: '0.5000', customerCount: '0.0000' });
    expect(salesGrowth(now, salesFigures(ZERO_SUMS))).toEqual({ amount: null, grossProfit: null, orderCount: null, customerCount: null });
    const refundsOnly = salesFigures({ ...ZERO_SUMS, refundAmount: '100.00', refundCount: 1 });
    expect(salesGrowth(now, refundsOnly).amount).toBe('2.5000');
  });
});
