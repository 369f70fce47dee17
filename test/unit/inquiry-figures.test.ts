import { drillDownOf, inquiryFigures, minutesOf, shareOf, ZERO_INQUIRY_SUMS } from '../../src/domain/reports/inquiry-figures';
import { inquiryKeyLabel } from '../../src/domain/reports/inquiry-report-labels';

/** The pure parts of the inquiry report (issue 14 item 3): ratios, minutes, drill-downs, labels. */
describe('inquiry report figures', () => {
  it.each<[number, number, string | null]>([
    [1, 3, '0.3333'],
    [2, 3, '0.6667'],
    [1, 6, '0.1667'],
    [1, 8, '0.1250'],
    [1, 20_000, '0.0001'], // 0.00005: half up
    [1, 20_001, '0.0000'],
    [5, 5, '1.0000'],
    [0, 4, '0.0000'],
    [3, 0, null],
  ])('shareOf(%i, %i) = %s', (part, whole, expected) => {
    expect(shareOf(part, whole)).toBe(expected);
  });

  it.each<[string | null, string | null]>([
    ['1830', '30.50'],
    ['1830.000000', '30.50'],
    ['0.3', '0.01'], // 0.005 minutes: half up
    ['0.299999', '0.00'],
    ['86400', '1440.00'],
    ['-0.3', '-0.01'],
    ['-0.000001', '0.00'],
    [null, null],
  ])('minutesOf(%s) = %s', (seconds, expected) => {
    expect(minutesOf(seconds)).toBe(expected);
  });

  it('rates over the decided inquiries, and null without a denominator', () => {
    expect(
      inquiryFigures({
        ...ZERO_INQUIRY_SUMS,
        total: 6,
        won: 1,
        lost: 3,
        open: 2,
        answeredInTime: 3,
        awaitingResponse: 2,
        answered: 4,
        medianSeconds: '1830',
      }),
    ).toMatchObject({
      conversionRate: '0.2500',
      wonShare: '0.1667',
      answeredInTimeShare: '0.7500',
      firstResponseMedianMinutes: '30.50',
      firstResponseP90Minutes: null,
    });
    expect(inquiryFigures(ZERO_INQUIRY_SUMS)).toMatchObject({
      conversionRate: null,
      wonShare: null,
      answeredInTimeShare: null,
      repeatOrderShare: null,
    });
  });

  it.each<[string, Parameters<typeof drillDownOf>[0], Parameters<typeof drillDownOf>[2], Partial<ReturnType<typeof drillDownOf>>]>([
    [
      'the report itself',
      { channels: ['EMAIL'] },
      [],
      { channels: ['EMAIL'], statuses: [], receivedOn: { from: '2026-11-01', to: '2026-11-30' } },
    ],
    [
      'an open outcome within a status filter',
      { statuses: ['NEW', 'LOST'] },
      [{ dimension: 'OUTCOME', value: 'OPEN' }],
      { statuses: ['NEW'] },
    ],
    ['an open outcome', {}, [{ dimension: 'OUTCOME', value: 'OPEN' }], { statuses: ['NEW', 'QUOTED', 'NEGOTIATING'] }],
    [
      'the unassigned',
      { departmentIds: [4] },
      [{ dimension: 'SALESPERSON', value: null }],
      { hasSalesperson: false, salespersonIds: [], departmentIds: [4] },
    ],
    ['a salesperson', {}, [{ dimension: 'SALESPERSON', value: '7' }], { salespersonIds: [7], hasSalesperson: null }],
    ['no country', {}, [{ dimension: 'COUNTRY', value: null }], { hasCountry: false, countries: [] }],
    [
      'repeat orders in a week',
      {},
      [
        { dimension: 'REPEAT_ORDER', value: 'true' },
        { dimension: 'WEEK', value: '2026-W45', days: { from: '2026-11-02', to: '2026-11-08' } },
      ],
      { repeatOrder: true, receivedOn: { from: '2026-11-02', to: '2026-11-08' } },
    ],
  ])('drills down into %s', (_name, filter, keys, expected) => {
    expect(drillDownOf(filter, { from: '2026-11-01', to: '2026-11-30' }, keys)).toMatchObject(expected);
  });

  it.each<[Parameters<typeof inquiryKeyLabel>, string]>([
    [['OUTCOME', 'OPEN', null, 'zh'], '跟进中'],
    [['STATUS', 'QUOTED', null, 'en'], 'Quoted'],
    [['CHANNEL', 'WECHAT', null, 'zh'], '微信'],
    [['COUNTRY', 'DE', null, 'zh'], '德国'],
    [['COUNTRY', null, null, 'en'], 'Country unknown'],
    [['SALESPERSON', null, null, 'zh'], '无销售员'],
    [['SALESPERSON', '7', '上海销售一', 'en'], '上海销售一'],
    [['REPEAT_ORDER', 'true', null, 'en'], 'Repeat order'],
    [['MONTH', '2026-11', null, 'en'], '2026-11'],
  ])('labels %j as %s', (args, expected) => {
    expect(inquiryKeyLabel(...args)).toBe(expected);
  });
});
