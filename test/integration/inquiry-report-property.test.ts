import fc from 'fast-check';
import { addDays, addMonths, daysBetween } from '../../src/domain/common/calendar';
import type { InquiryDimension } from '../../src/domain/reports/inquiry-report.sql';

import { InquiryListDocument, InquiryReportDocument, type InquiryReportQuery } from '../generated/graphql';
import { createFixture, type Fixture, createCompanyCustomer } from '../support/fixture';
import { insertInquiries, referenceInquiryReport, type ReferenceInquiryFigures, type ReportInquiry } from '../support/inquiry-data';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * `inquiryReport` against an independent TypeScript computation (test/support/inquiry-data.ts)
 * over random inquiries and periods: instants on both sides of local midnights, response times
 * before and after the deadline, open inquiries not due yet, lost reasons differing in case and
 * spaces, up to three dimensions; and each row's drill-down listing exactly its inquiries. In
 * Asia/Shanghai (UTC+8 all year) and Europe/Berlin (23- and 25-hour days at the clock changes).
 */

const DST_DAYS = ['2025-03-30', '2025-10-26', '2026-03-29', '2026-10-25'];
const DIMENSIONS: InquiryDimension[] = [
  'OUTCOME',
  'STATUS',
  'CHANNEL',
  'URGENCY',
  'SALESPERSON',
  'COUNTRY',
  'REPEAT_ORDER',
  'DAY',
  'WEEK',
  'MONTH',
];
const REASONS = ['Price', 'price ', ' PRICE', '交期太长', '交期太长\t', 'Competitor', 'competitor', '   ', 'quality'];
const MIN = 60_000;
/** The reports' "now", fixed for the run: no deadline is generated within 30 minutes of it. */
const NOW = new Date();

type Figures = Omit<InquiryReportQuery['inquiryReport'], 'period' | 'groupBy' | 'lostReasons' | 'rows' | 'drillDown' | '__typename'>;
const figures = (f: Figures): ReferenceInquiryFigures => ({
  total: f.total,
  won: f.won,
  lost: f.lost,
  open: f.open,
  conversionRate: f.conversionRate ?? null,
  wonShare: f.wonShare ?? null,
  answered: f.answered,
  firstResponseMedianMinutes: f.firstResponseMedianMinutes ?? null,
  firstResponseP90Minutes: f.firstResponseP90Minutes ?? null,
  answeredInTime: f.answeredInTime,
  awaitingResponse: f.awaitingResponse,
  answeredInTimeShare: f.answeredInTimeShare ?? null,
  repeatOrders: f.repeatOrders,
  repeatOrderShare: f.repeatOrderShare ?? null,
});

/** Days around the clock changes of 2026 and up to today, so that periods hold many of the inquiries. */
const TODAY_UTC = NOW.toISOString().slice(0, 10);
const dayArb = fc.oneof(
  fc.constantFrom(...DST_DAYS),
  fc.integer({ min: -6, max: 6 }).map((n) => addDays('2026-03-29', n)),
  fc.integer({ min: -40, max: 1 }).map((n) => addDays(TODAY_UTC, n)),
);
/** An instant near a UTC hour of a day from `from` − 1 to `to` + 1 (every whole-hour zone's local midnight is among them, ± 1 s), or within two days before now. */
const instantArb = (from: string, to: string) =>
  fc.oneof(
    fc
      .record({
        day: fc.integer({ min: -1, max: daysBetween(from, to) + 1 }).map((n) => addDays(from, n)),
        hour: fc.integer({ min: 0, max: 23 }),
        second: fc.oneof(fc.constantFrom(-1, 0, 1), fc.integer({ min: 0, max: 3599 })),
      })
      .map(({ day, hour, second }) => new Date(Date.parse(`${day}T00:00:00Z`) + (hour * 3600 + second) * 1000)),
    fc.integer({ min: 1, max: 48 * 60 }).map((minutes) => new Date(NOW.getTime() - minutes * MIN)),
  );

describe.each(['Asia/Shanghai', 'Europe/Berlin'])('inquiryReport in %s equals the TypeScript computation', (timeZone) => {
  let app: TestApp;
  let f: Fixture;
  let customers: number[] = [];
  let salespeople: Array<number | null> = [];
  const currentZone = timeZone;
  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> =>
    app.db.orm.em.fork().getConnection().execute(query, params);

  beforeAll(async () => {
    app = await startTestApp({ COMPANY_TIME_ZONE: timeZone });
    f = await createFixture(app);
    const customer = (name: string, token: string) => createCompanyCustomer(app, name, token);
    customers = [
      await customer('甲客户', f.salesSh1.token),
      await customer('乙客户', f.salesSh2.token),
      await customer('丙客户', f.salesSouth.token),
    ];
    salespeople = [f.salesSh1.id, f.salesSh2.id, f.salesSouth.id, null];
  }, 120_000);
  afterAll(() => app.close());

  const inquiryArb = (from: string, to: string) =>
    fc
      .record({
        customerId: fc.constantFrom(...customers),
        salespersonId: fc.constantFrom(...salespeople),
        receivedAt: instantArb(from, to),
        channel: fc.constantFrom('EMAIL', 'PHONE', 'WECHAT'),
        urgency: fc.constantFrom('NORMAL', 'URGENT'),
        status: fc.constantFrom<ReportInquiry['status']>('NEW', 'QUOTED', 'NEGOTIATING', 'WON', 'LOST', 'LOST'),
        country: fc.constantFrom('CN', 'DE', null),
        repeatOrder: fc.boolean(),
        // Whole hours plus 30 minutes after receipt: never within 30 minutes of NOW for the recent ones.
        dueHours: fc.integer({ min: 0, max: 24 }),
        responseMinutes: fc.option(fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.constantFrom(0.25, 1.5, 90.75)), { nil: null }),
        reason: fc.constantFrom(...REASONS),
      })
      .map(({ dueHours, responseMinutes, reason, ...q }): ReportInquiry => {
        const base = q.receivedAt.getTime() > NOW.getTime() - 49 * 60 * MIN ? NOW.getTime() : q.receivedAt.getTime();
        const responded = responseMinutes == null ? null : new Date(q.receivedAt.getTime() + responseMinutes * MIN);
        return {
          ...q,
          responseDueAt: new Date(base + (dueHours - 12) * 60 * MIN + 30 * MIN),
          // A response is in the past.
          firstRespondedAt: responded && responded.getTime() < NOW.getTime() ? responded : null,
          lostReason: q.status === 'LOST' ? reason : null,
        };
      });

  const queryArb = fc
    .record({
      start: dayArb,
      length: fc.oneof(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 45 })),
      months: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
      recent: fc.boolean(),
      groupBy: fc
        .uniqueArray(fc.constantFrom(...DIMENSIONS), { maxLength: 3 })
        .filter((g) => g.filter((d) => d === 'DAY' || d === 'WEEK' || d === 'MONTH').length <= 1),
      lostReasonLimit: fc.integer({ min: 0, max: 4 }),
    })
    .map(({ start, length, months, recent, ...q }) => {
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: currentZone }).format(NOW);
      const from = recent ? addDays(today, -(length % 4)) : months ? `${start.slice(0, 8)}01` : start;
      const to = recent ? today : months ? addDays(addMonths(from, months), -1) : addDays(start, length);
      return { ...q, from, to };
    });

  it('for random inquiries, periods and dimensions, with drill-downs', async () => {
    await fc.assert(
      fc.asyncProperty(
        queryArb.chain((q) => fc.tuple(fc.constant(q), fc.array(inquiryArb(q.from, q.to), { minLength: 0, maxLength: 40, size: 'large' }))),
        async ([q, inquiries]) => {
          await sql(`delete from inquiry`);
          await insertInquiries(app, inquiries);
          const { from, to } = q;
          const res = await app.gql(
            InquiryReportDocument,
            { period: { from, to }, groupBy: q.groupBy, lostReasonLimit: q.lostReasonLimit },
            { token: f.admin.token },
          );
          expect(res.errors).toBeUndefined();
          const report = res.data!.inquiryReport;
          const expected = referenceInquiryReport(inquiries, {
            timeZone,
            period: { from, to },
            groupBy: q.groupBy,
            now: NOW,
            lostReasonLimit: q.lostReasonLimit,
          });
          const keyOf = (keys: Array<{ id?: string | null; value?: string | null }>) =>
            keys.map((k) => (k.id != null ? String(decodeLocal(k.id)) : (k.value ?? null)));
          const actual = report.rows
            .map((r) => ({ keys: keyOf(r.keys), figures: figures(r) }))
            .sort((a, b) =>
              JSON.stringify(a.keys) < JSON.stringify(b.keys) ? -1 : JSON.stringify(a.keys) > JSON.stringify(b.keys) ? 1 : 0,
            );
          expect(actual).toEqual(q.groupBy.length ? expected.rows : []);
          expect(figures(report)).toEqual(expected.totals);
          expect(report.lostReasons).toEqual(expected.lostReasons);
          // The drill-downs of the first rows (and of the whole report) list exactly their inquiries.
          for (const r of [report, ...report.rows.slice(0, 6)]) {
            const list = await app.gql(InquiryListDocument, { first: 1, filter: r.drillDown }, { token: f.admin.token });
            expect(list.errors).toBeUndefined();
            expect(list.data!.inquiries.totalCount).toBe(r.total);
          }
        },
      ),
      { numRuns: 40, seed: 20261206 },
    );
  }, 600_000);
});

/** The local id inside any global id (`Type:123`), whatever the type. */
function decodeLocal(globalId: string): number {
  return Number(Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]);
}
