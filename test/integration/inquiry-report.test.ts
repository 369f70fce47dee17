import { addDays } from '../../src/domain/common/calendar';
import { calendarDayIn } from '../../src/domain/common/calendar';
import { toGlobalId } from '../../src/schema/global-id';
import {
  ApiKeyCreateDocument,
  InquiryListDocument,
  InquiryReportDocument,
  type InquiryReportQuery,
  type InquiryReportQueryVariables,
} from '../generated/graphql';
import { countStatements, createFixture, type Fixture, createCompanyCustomer } from '../support/fixture';
import { insertInquiries, type ReportInquiry } from '../support/inquiry-data';
import { errorCode, startTestApp, type Auth, type TestApp } from '../support/test-app';

/**
 * `inquiryReport` (issue 14 item 3, DOMAIN A2) on inquiries whose figures can be checked by
 * hand: November 2026 in Asia/Shanghai with inquiries on the first and the last instant of
 * the month and just outside it; conversion, first-response median and p90, answered in
 * time, lost reasons; drill-downs that list exactly each row; scope, keys, bad input and
 * statements that do not grow with the data.
 */

let app: TestApp;
let f: Fixture;
const c: Record<string, number> = {};
let keys: Record<'reports' | 'reportsOrg' | 'inquiries', Auth>;
const MIN = 60_000;

const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> =>
  app.db.orm.em.fork().getConnection().execute(query, params);
/** Shanghai time (UTC+8 all year). */
const at = (day: string, time = '10:00:00') => new Date(`${day}T${time}+08:00`);
const plus = (d: Date, minutes: number) => new Date(d.getTime() + minutes * MIN);
const november = { month: '2026-11' };

async function report(variables: InquiryReportQueryVariables, auth: Auth = { token: f.admin.token }) {
  const res = await app.gql(InquiryReportDocument, variables, auth);
  expect(res.errors).toBeUndefined();
  return res.data!.inquiryReport;
}
type Report = InquiryReportQuery['inquiryReport'];
type Row = Report['rows'][number];
const brief = (r: Row) => [...r.keys.map((k) => k.label), r.total];

/** The `inquiries` list's count for a drill-down filter (passed as it came, but for nulls). */
async function listed(filter: Row['drillDown'], auth: Auth = { token: f.admin.token }) {
  const res = await app.gql(InquiryListDocument, { first: 1, filter: filter }, auth);
  expect(res.errors).toBeUndefined();
  return res.data!.inquiries.totalCount;
}

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
  const customer = (name: string, token: string) => createCompanyCustomer(app, name, token);
  c.sh1 = await customer('上海询价客户一', f.salesSh1.token);
  c.sh2 = await customer('上海询价客户二', f.salesSh2.token);
  c.south = await customer('华南询价客户', f.salesSouth.token);
  const q = (o: Partial<ReportInquiry> & Pick<ReportInquiry, 'customerId' | 'receivedAt' | 'status'>): ReportInquiry => ({
    salespersonId: null,
    channel: 'EMAIL',
    urgency: 'NORMAL',
    country: null,
    repeatOrder: false,
    responseDueAt: plus(o.receivedAt, 12 * 60),
    firstRespondedAt: null,
    lostReason: null,
    ...o,
  });
  await insertInquiries(app, [
    // A: the first instant of November, won, answered in 30.5 minutes, a repeat order.
    q({
      customerId: c.sh1,
      salespersonId: f.salesSh1.id,
      receivedAt: at('2026-11-01', '00:00:00'),
      status: 'WON',
      country: 'DE',
      repeatOrder: true,
      firstRespondedAt: plus(at('2026-11-01', '00:00:00'), 30.5),
    }),
    // The last instant of October: not in November.
    q({ customerId: c.sh1, salespersonId: f.salesSh1.id, receivedAt: at('2026-10-31', '23:59:59'), status: 'LOST', lostReason: 'Price' }),
    // C: urgent by phone, due 18:00, answered in 20 minutes, lost on price.
    q({
      customerId: c.sh1,
      salespersonId: f.salesSh1.id,
      receivedAt: at('2026-11-10'),
      status: 'LOST',
      channel: 'PHONE',
      urgency: 'URGENT',
      country: 'DE',
      responseDueAt: at('2026-11-10', '18:00:00'),
      firstRespondedAt: at('2026-11-10', '10:20:00'),
      lostReason: ' Price too high ',
    }),
    // D: answered a day later (late), lost on price, spelled differently.
    q({
      customerId: c.sh2,
      salespersonId: f.salesSh2.id,
      receivedAt: at('2026-11-15', '09:00:00'),
      status: 'LOST',
      country: 'US',
      firstRespondedAt: at('2026-11-16', '09:00:00'),
      lostReason: 'price too high',
    }),
    // E: never answered and long past due (overdue now), no country.
    q({
      customerId: c.sh2,
      salespersonId: f.salesSh2.id,
      receivedAt: at('2026-11-20', '12:00:00'),
      status: 'NEW',
      channel: 'WEBSITE',
      responseDueAt: at('2026-11-21', '12:00:00'),
    }),
    // F: the last instant of November, quoted after an hour, a repeat order.
    q({
      customerId: c.south,
      salespersonId: f.salesSouth.id,
      receivedAt: at('2026-11-30', '23:59:59'),
      status: 'QUOTED',
      channel: 'WECHAT',
      country: 'CN',
      repeatOrder: true,
      responseDueAt: plus(at('2026-11-30', '23:59:59'), 24 * 60),
      firstRespondedAt: plus(at('2026-11-30', '23:59:59'), 60),
    }),
    // G: nobody's, lost without an answer (late).
    q({ customerId: c.south, receivedAt: at('2026-11-25', '08:00:00'), status: 'LOST', country: 'CN', lostReason: '交期太长' }),
    // The first instant of December: not in November.
    q({ customerId: c.south, salespersonId: f.salesSouth.id, receivedAt: at('2026-12-01', '00:00:00'), status: 'NEW' }),
  ]);
  const key = async (scopes: string[]) => ({
    apiKey: (await app.gql(ApiKeyCreateDocument, { input: { name: `reports ${scopes.join(' ')}`, scopes } }, { token: f.admin.token }))
      .data!.apiKeyCreate.secret!,
  });
  keys = {
    reports: await key(['reports:read']),
    reportsOrg: await key(['reports:read', 'org:read']),
    inquiries: await key(['inquiries:read']),
  };
}, 120_000);
afterAll(() => app.close());

describe('inquiryReport', () => {
  it("answers last month's inquiries and what became of them, day boundaries in the company calendar", async () => {
    const r = await report({ period: november });
    expect(r.period).toEqual({ from: '2026-11-01', to: '2026-11-30', label: '2026-11-01/2026-11-30' });
    expect(r).toMatchObject({
      total: 6,
      won: 1,
      lost: 3,
      open: 2,
      conversionRate: '0.2500', // 1 / (1 + 3)
      wonShare: '0.1667', // 1 / 6
      answered: 4, // 20, 30.5, 60, 1440 minutes
      firstResponseMedianMinutes: '30.50', // percentile_disc: the 2nd of 4
      firstResponseP90Minutes: '1440.00', // the 4th of 4 (ceil(0.9 × 4))
      answeredInTime: 3,
      awaitingResponse: 0,
      answeredInTimeShare: '0.5000', // A, C, F of 6: D answered late, E and G never
      repeatOrders: 2,
      repeatOrderShare: '0.3333',
    });
    expect(r.lostReasons).toEqual([
      { reason: 'Price too high', count: 2, share: '0.6667' },
      { reason: '交期太长', count: 1, share: '0.3333' },
    ]);
    expect((await report({ period: november, lostReasonLimit: 1 })).lostReasons).toHaveLength(1);
    expect(r.drillDown).toMatchObject({ receivedOn: { from: '2026-11-01', to: '2026-11-30' }, statuses: null, salespersonIds: null });
    expect(await listed(r.drillDown)).toBe(6);
    expect(r.rows).toEqual([]);
    // A null groupBy is none (the default), not a server error.
    expect((await report({ period: november, groupBy: null })).total).toBe(6);
  });

  it('groups by salesperson, the most inquiries first, with a row for the unassigned ones', async () => {
    const r = await report({ period: november, groupBy: ['SALESPERSON'], locale: 'zh' });
    expect(r.rows.map(brief)).toEqual([
      ['上海销售一', 2],
      ['上海销售二', 2],
      ['华南销售', 1],
      ['无销售员', 1],
    ]);
    const [sh1, sh2, , none] = r.rows;
    expect(sh1).toMatchObject({
      keys: [{ dimension: 'SALESPERSON', id: f.salesSh1.gid, value: null }],
      won: 1,
      lost: 1,
      conversionRate: '0.5000',
      firstResponseMedianMinutes: '20.00',
      firstResponseP90Minutes: '30.50',
      answeredInTimeShare: '1.0000',
      drillDown: { salespersonIds: [f.salesSh1.gid], hasSalesperson: null },
    });
    expect(sh2).toMatchObject({
      conversionRate: '0.0000',
      firstResponseMedianMinutes: '1440.00',
      answeredInTimeShare: '0.0000',
      repeatOrderShare: '0.0000',
    });
    expect(none).toMatchObject({ keys: [{ id: null }], drillDown: { salespersonIds: null, hasSalesperson: false } });
  });

  it('groups by outcome, status, channel, urgency, country and repeat order, labelled in Chinese or English', async () => {
    expect((await report({ period: november, groupBy: ['OUTCOME'], locale: 'en' })).rows.map(brief)).toEqual([
      ['Lost', 3],
      ['Open', 2],
      ['Won', 1],
    ]);
    const r = await report({ period: november, groupBy: ['COUNTRY', 'URGENCY'], locale: 'en' });
    expect(r.rows.map(brief)).toEqual([
      ['China', 'Normal', 2],
      ['Germany', 'Normal', 1],
      ['Germany', 'Urgent', 1],
      ['United States', 'Normal', 1],
      ['Country unknown', 'Normal', 1],
    ]);
    expect(r.rows[0].keys[0]).toMatchObject({ dimension: 'COUNTRY', id: null, value: 'CN' });
    expect((await report({ period: november, groupBy: ['COUNTRY'], locale: 'zh' })).rows.map(brief)).toEqual([
      ['中国', 2],
      ['德国', 2],
      ['美国', 1],
      ['国家未知', 1],
    ]);
    expect((await report({ period: november, groupBy: ['REPEAT_ORDER', 'CHANNEL'], locale: 'zh' })).rows.map(brief)).toEqual([
      ['新询盘', '邮件', 2],
      ['新询盘', '电话', 1],
      ['新询盘', '网站', 1],
      ['返单询盘', '邮件', 1],
      ['返单询盘', '微信', 1],
    ]);
  });

  it('groups by week: every ISO week of the period, cut to it, zeros included', async () => {
    const r = await report({ period: november, groupBy: ['WEEK'] });
    expect(r.rows.map((row) => [row.keys[0].value, row.drillDown.receivedOn, row.total])).toEqual([
      ['2026-W44', { from: '2026-11-01', to: '2026-11-01' }, 1],
      ['2026-W45', { from: '2026-11-02', to: '2026-11-08' }, 0],
      ['2026-W46', { from: '2026-11-09', to: '2026-11-15' }, 2],
      ['2026-W47', { from: '2026-11-16', to: '2026-11-22' }, 1],
      ['2026-W48', { from: '2026-11-23', to: '2026-11-29' }, 1],
      ['2026-W49', { from: '2026-11-30', to: '2026-11-30' }, 1],
    ]);
    expect(r.rows[1]).toMatchObject({ conversionRate: null, firstResponseMedianMinutes: null, answeredInTimeShare: null });
    const days = await report({ period: { from: '2026-10-31', to: '2026-12-01' }, groupBy: ['DAY', 'OUTCOME'] });
    expect(days.rows).toHaveLength(32 * 3);
    expect(days.rows.filter((row) => row.total > 0).map((row) => [row.keys[0].value, row.keys[1].value, row.total])).toEqual([
      ['2026-10-31', 'LOST', 1],
      ['2026-11-01', 'WON', 1],
      ['2026-11-10', 'LOST', 1],
      ['2026-11-15', 'LOST', 1],
      ['2026-11-20', 'OPEN', 1],
      ['2026-11-25', 'LOST', 1],
      ['2026-11-30', 'OPEN', 1],
      ['2026-12-01', 'OPEN', 1],
    ]);
  });

  it("drills down: every row's filter lists exactly the row's inquiries", async () => {
    const variants: Array<[InquiryReportQueryVariables, Auth]> = [
      [{ period: november, groupBy: ['SALESPERSON'] }, { token: f.admin.token }],
      [{ period: november, groupBy: ['OUTCOME', 'COUNTRY'] }, { token: f.admin.token }],
      [{ period: november, groupBy: ['STATUS', 'CHANNEL', 'URGENCY'] }, { token: f.admin.token }],
      [{ period: { from: '2026-10-31', to: '2026-12-01' }, groupBy: ['WEEK', 'REPEAT_ORDER'] }, { token: f.admin.token }],
      [{ period: november, groupBy: ['DAY'] }, { token: f.admin.token }],
      [
        {
          period: november,
          groupBy: ['OUTCOME', 'SALESPERSON'],
          filter: { statuses: ['LOST', 'NEW'], departmentIds: [toGlobalId('Department', f.departments.east)] },
        },
        { token: f.admin.token },
      ],
      [
        { period: november, groupBy: ['COUNTRY'], filter: { overdue: false, repeatOrder: false, countries: ['de', 'US'] } },
        { token: f.admin.token },
      ],
      [{ period: november, groupBy: ['SALESPERSON', 'COUNTRY'] }, { token: f.salesSouth.token }],
      [{ period: november, groupBy: ['OUTCOME'] }, { token: f.managerEast.token }],
    ];
    let rows = 0;
    for (const [variables, auth] of variants) {
      const r = await report(variables, auth);
      expect(await listed(r.drillDown, auth)).toBe(r.total);
      for (const row of r.rows) {
        expect([JSON.stringify(row.keys.map((k) => k.value ?? k.id)), await listed(row.drillDown, auth)]).toEqual([
          JSON.stringify(row.keys.map((k) => k.value ?? k.id)),
          row.total,
        ]);
        rows++;
      }
    }
    expect(rows).toBeGreaterThan(40);
  });

  it('filters like the inquiries list', async () => {
    const total = async (filter: InquiryReportQueryVariables['filter']) => (await report({ period: november, filter })).total;
    expect(await total({ statuses: ['LOST'] })).toBe(3);
    expect(await total({ channels: ['EMAIL'] })).toBe(3);
    expect(await total({ urgencies: ['URGENT'] })).toBe(1);
    expect(await total({ countries: ['de'] })).toBe(2);
    expect(await total({ hasCountry: false })).toBe(1);
    expect(await total({ hasSalesperson: false })).toBe(1);
    expect(await total({ overdue: true })).toBe(1);
    expect(await total({ repeatOrder: true })).toBe(2);
    expect(await total({ salespersonIds: [f.salesSouth.gid] })).toBe(1);
    expect(await total({ departmentIds: [toGlobalId('Department', f.departments.east)] })).toBe(4);
    expect(await total({ customerIds: [toGlobalId('Customer', c.south)] })).toBe(2);
  });

  it('leaves an open inquiry that is not due yet out of the answered-in-time share', async () => {
    const now = new Date();
    const today = calendarDayIn(now, 'Asia/Shanghai');
    const [awaiting, late] = await insertInquiries(app, [
      {
        customerId: c.sh1,
        salespersonId: null,
        receivedAt: plus(now, -1),
        channel: 'EMAIL',
        urgency: 'NORMAL',
        status: 'NEW',
        country: null,
        repeatOrder: false,
        responseDueAt: plus(now, 300),
        firstRespondedAt: null,
        lostReason: null,
      },
      {
        customerId: c.sh1,
        salespersonId: null,
        receivedAt: plus(now, -1),
        channel: 'EMAIL',
        urgency: 'NORMAL',
        status: 'LOST',
        country: null,
        repeatOrder: false,
        responseDueAt: plus(now, 300),
        firstRespondedAt: null,
        lostReason: '  ',
      },
    ]);
    try {
      // Yesterday too: a minute ago can be yesterday right after midnight.
      const r = await report({ period: { from: addDays(today, -1), to: today } });
      expect(r).toMatchObject({
        total: 2,
        awaitingResponse: 1,
        answeredInTime: 0,
        answeredInTimeShare: '0.0000',
        lost: 1,
        conversionRate: '0.0000',
      });
      expect(r.lostReasons).toEqual([{ reason: null, count: 1, share: '1.0000' }]);
    } finally {
      await sql(`delete from inquiry where id = any(?::int[])`, [`{${awaiting},${late}}`]);
    }
  });

  it("keeps to the viewer's data scope and needs reports:read from a key", async () => {
    const own = await report({ period: november, groupBy: ['SALESPERSON'] }, { token: f.salesSouth.token });
    // The south customer's inquiries, the unassigned one included.
    expect(own.rows.map((row) => [row.keys[0].id, row.total])).toEqual([
      [f.salesSouth.gid, 1],
      [null, 1],
    ]);
    expect((await report({ period: november }, { token: f.salesSh2.token })).total).toBe(2);
    expect((await report({ period: november }, { token: f.managerEast.token })).total).toBe(4);
    expect((await report({ period: november }, keys.reports)).total).toBe(6);
    // A key reads the salespeople's names only with org:read; their ids it always gets.
    const bySalesperson = async (auth: Auth) =>
      (await report({ period: november, groupBy: ['SALESPERSON'], locale: 'zh' }, auth)).rows.map((row) => [
        row.keys[0].id,
        row.keys[0].label,
      ]);
    expect(await bySalesperson(keys.reports)).toEqual([
      [f.salesSh1.gid, null],
      [f.salesSh2.gid, null],
      [f.salesSouth.gid, null],
      [null, '无销售员'],
    ]);
    expect((await bySalesperson(keys.reportsOrg))[0]).toEqual([f.salesSh1.gid, '上海销售一']);
    expect(errorCode(await app.gql(InquiryReportDocument, { period: november }, keys.inquiries))).toBe('FORBIDDEN');
    // Narrowed to a customer, a report is that customer's inquiries: a key needs customers:read and inquiries:read.
    const narrowed = await app.gql(
      InquiryReportDocument,
      { period: november, filter: { customerIds: [toGlobalId('Customer', c.south)] } },
      keys.reports,
    );
    expect(errorCode(narrowed)).toBe('FORBIDDEN');
    expect(errorCode(await app.gql(InquiryReportDocument, { period: november }))).toBe('UNAUTHENTICATED');
  });

  it.each<[string, InquiryReportQueryVariables, RegExp]>([
    ['an inverted period', { period: { from: '2026-11-30', to: '2026-11-01' } }, /period: from \(2026-11-30\) is after to \(2026-11-01\)/],
    ['two forms of period', { period: { year: 2026, month: '2026-11' } }, /only one of/],
    ['a dimension twice', { period: november, groupBy: ['STATUS', 'STATUS'] }, /twice/],
    ['four dimensions', { period: november, groupBy: ['STATUS', 'CHANNEL', 'URGENCY', 'COUNTRY'] }, /at most 3/],
    ['two period dimensions', { period: november, groupBy: ['DAY', 'WEEK'] }, /at most one of DAY, WEEK and MONTH/],
    [
      'a period too long by DAY',
      { period: { from: '2025-01-01', to: '2026-12-31' }, groupBy: ['DAY'] },
      /DAY: at most 366 days, the period has 730/,
    ],
    ['a country that is not a code', { period: november, filter: { countries: ['Germany'] } }, /filter\.countries: "Germany"/],
    ['too many lost reasons', { period: november, lostReasonLimit: 101 }, /lostReasonLimit: from 0 to 100/],
    ['an id of another type', { period: november, filter: { salespersonIds: [toGlobalId('Customer', 1)] } }, /filter\.salespersonIds/],
  ])('refuses %s with BAD_USER_INPUT', async (_name, variables, message) => {
    const res = await app.gql(InquiryReportDocument, variables, { token: f.admin.token });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toMatch(message);
  });

  it('costs the same statements for a day and for a year by salesperson, country and month', async () => {
    const statements = (variables: InquiryReportQueryVariables) =>
      countStatements(async () => {
        expect((await app.gql(InquiryReportDocument, variables, { token: f.admin.token })).errors).toBeUndefined();
      });
    const one = await statements({ period: { from: '2026-11-10', to: '2026-11-10' } });
    expect(await statements({ period: { year: 2026 }, groupBy: ['SALESPERSON', 'COUNTRY', 'MONTH'] })).toBe(one);
  });
});
