import pino from 'pino';
import { loadConfig } from '../../src/config';
import { calendarDayIn } from '../../src/domain/common/calendar';
import { runHistoryRefresh } from '../../src/jobs/scheduler';
import { prepareStartupData } from '../../src/jobs/startup-data';
import {
  at,
  daysBetween,
  examplesOf,
  examplesWrittenOn,
  figureComments,
  readDoc,
  shiftDays,
  shownPaths,
  valueAtKeys,
  type DocExample,
} from '../support/doc-examples';
import { adminQuery, createTestDatabase, testServer } from '../support/test-database';
import { startTestApp, type Auth, type GraphQLResponse, type TestApp } from '../support/test-app';

/**
 * Every GraphQL example of the README and its tour, run (not only validated) as a reader runs
 * it: on a fresh copy of the demo company as `npm start` seeds it, page by page in the order
 * of the page, signed in as the page says. Each answer must have no error and no user error
 * (unless the page says which code it shows), every list and value the example asks for must
 * show something in at least one place (unless the page says it may be empty), and every
 * figure quoted in a comment (`count  # 175`) must be the figure. Days move with the calendar
 * (`shiftDays`): the demo is laid out around the day it is seeded.
 */

const PAGES = [
  'README.md',
  ...[...readDoc('README.md').matchAll(/\]\(docs\/tour\/([\w-]+\.md)\)/g)].map((m) => `docs/tour/${m[1]}`),
].filter((page, i, all) => all.indexOf(page) === i);

const PASSWORDS: Array<[RegExp, string]> = [
  [/^admin@/, 'admin123'],
  [/^manager\./, 'manager123'],
  [/^sales\d+@/, 'sales123'],
];

type Data = Record<string, unknown>;

/** The codes of every `userErrors` list anywhere in an answer. */
function userErrorCodesOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(userErrorCodesOf);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) =>
    key === 'userErrors' && Array.isArray(v) ? v.map((e) => String((e as { code?: unknown }).code)) : userErrorCodesOf(v),
  );
}

let demo: string;
let shift = { days: 0, months: 0 };

beforeAll(async () => {
  // The demo, seeded once as `npm start` does on a first start, then cloned for every page.
  const env = { SEED_ON_EMPTY: 'true' };
  // Read before seeding, which takes a while: the demo is laid out around the day it starts.
  const today = calendarDayIn(new Date(), loadConfig({ ...process.env, NODE_ENV: 'test', ...env }).companyTimeZone);
  const db = await createTestDatabase(env);
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', ...env });
  await prepareStartupData(db.orm, config, pino({ level: 'silent' }));
  // And what the scheduler runs at start-up: the lifecycle history (lifecycleTransitions reads it).
  await runHistoryRefresh(db.orm, config);
  await db.orm.close(true);
  demo = db.name;

  const written = examplesWrittenOn();
  shift = {
    days: daysBetween(written, today),
    months: (Number(today.slice(0, 4)) - Number(written.slice(0, 4))) * 12 + Number(today.slice(5, 7)) - Number(written.slice(5, 7)),
  };
}, 240_000);
afterAll(() => demo && adminQuery(testServer().adminUrl, `drop database if exists "${demo}" with (force)`));

describe.each(PAGES)('the examples of %s, run on the demo data', (page) => {
  const examples = examplesOf(page);
  let app: TestApp;
  const answers: Data[] = [];
  const sessions = new Map<string, Auth>();

  beforeAll(async () => {
    app = await startTestApp({}, demo);
  }, 60_000);
  afterAll(() => app?.close());

  /** The value at a path of the page's latest answer that has it. */
  const earlier = (dotted: string): unknown => {
    for (const answer of [...answers].reverse()) {
      const v = at(answer, dotted);
      if (v !== undefined && v !== null) return v;
    }
    throw new Error(`${page}: no earlier answer has ${dotted}`);
  };

  const authOf = async (example: DocExample): Promise<Auth> => {
    if (example.keyFrom) return { apiKey: String(earlier(example.keyFrom)) };
    const email = example.as ?? 'admin@example.com';
    const known = sessions.get(email);
    if (known) return known;
    const password = PASSWORDS.find(([pattern]) => pattern.test(email))?.[1];
    if (!password) throw new Error(`${page}: no demo password for ${email}`);
    const res = await app.post({
      query: `mutation($e: String!, $p: String!) { login(input: { email: $e, password: $p }) { token } }`,
      variables: { e: email, p: password },
    });
    const auth = { token: (res.data as { login: { token: string } }).login.token };
    sessions.set(email, auth);
    return auth;
  };

  const variablesOf = (example: DocExample): Record<string, unknown> =>
    JSON.parse(JSON.stringify(example.variables), (_k, v: unknown) =>
      typeof v === 'string' && /^<[\w.]+>$/.test(v) ? earlier(v.slice(1, -1)) : v,
    ) as Record<string, unknown>;

  it.each(examples.map((e) => [e.index, e.query.trim().split('\n')[0], e] as const))('example %i (%s)', async (_i, _first, example) => {
    const days = example.datesAsWritten ? 0 : shift.days;
    const months = example.datesAsWritten ? 0 : shift.months;
    const query = shiftDays(example.query, days, months);
    // The page's own days move; a value taken from an earlier answer is already today's.
    const variables = variablesOf({
      ...example,
      variables: JSON.parse(shiftDays(JSON.stringify(example.variables), days, months)) as Record<string, unknown>,
    });
    const res: GraphQLResponse<unknown> = await app.post({ query, variables }, await authOf(example));
    const data = (res.data ?? {}) as Data;
    answers.push(data);
    const userErrorCodes = userErrorCodesOf(data);
    const codes = [...(res.errors ?? []).map((e) => e.extensions?.code as string), ...userErrorCodes];

    if (example.expectCode) {
      expect(codes).toContain(example.expectCode);
      return;
    }
    expect(res.errors).toBeUndefined();
    expect(userErrorCodes).toEqual([]);

    // Everything asked for shows something somewhere (an empty list or a null everywhere is reported at its top).
    const paths = shownPaths(data);
    const allowed = (p: string) =>
      example.mayBeEmpty.some((m) => p.replace(/\[\]/g, '') === m || p.replace(/\[\]/g, '').startsWith(`${m}.`));
    const blank = [...paths]
      .filter(([p, shown]) => !shown && !/(^|\.)userErrors/.test(p) && !allowed(p))
      .map(([p]) => p)
      .filter((p, _i, all) => !all.some((q) => q !== p && (p.startsWith(`${q}.`) || p.startsWith(`${q}[]`))));
    expect(blank).toEqual([]);

    for (const f of figureComments(query)) {
      let { value, throughList } = valueAtKeys(data, f.path);
      // `pageInfo { hasNextPage endCursor }  # true`: the figure is the line's first value.
      if (value !== null && typeof value === 'object' && !Array.isArray(value) && f.leafPath)
        ({ value, throughList } = valueAtKeys(data, f.leafPath));
      if (throughList)
        throw new Error(
          `${page} example ${example.index} line ${f.line}: a figure on ${f.path.join('.')}, inside a list, cannot be checked`,
        );
      const actual = Array.isArray(value) ? value.length : value;
      expect({ line: f.line, field: f.path.join('.'), value: String(actual) }).toEqual({
        line: f.line,
        field: f.path.join('.'),
        value: f.figure,
      });
    }
  });
});

describe("the README's description of the demo company", () => {
  it('has the stores, customers, products, records and surnames it says', async () => {
    const app = await startTestApp({}, demo);
    try {
      const text = readDoc('README.md').replace(/\s+/g, ' ');
      const figure = (pattern: RegExp) => {
        const m = pattern.exec(text);
        if (!m) throw new Error(`the README no longer says ${pattern}`);
        return Number(m[1].replace(/,/g, ''));
      };
      const count = async (sql: string) => Number((await app.db.orm.em.getConnection().execute(sql))[0].n);
      const about = (actual: number, said: number) => expect(Math.abs(actual - said) / said).toBeLessThan(0.05);
      expect(text).toContain('seven stores');
      expect(await count('select count(*) n from store')).toBe(7);
      expect(await count('select count(*) n from customer')).toBe(figure(/; ([\d,]+) customers \(persons and companies\)/));
      expect(await count('select count(*) n from product')).toBe(figure(/ ([\d,]+) products in a category tree/));
      about(await count('select count(*) n from sales_order'), figure(/about ([\d,]+) orders with lines/));
      about(await count('select count(*) n from follow_up'), figure(/ ([\d,]+) follow-ups along/));
      about(await count('select count(*) n from follow_up where need_urgency is not null'), figure(/about ([\d,]+) of them note/));
      about(await count('select count(*) n from inquiry'), figure(/ ([\d,]+) inquiries in every status/));
      about(await count('select count(*) n from service_case'), figure(/ ([\d,]+) service cases/));
      // 王, 李, 张, 刘 and 陈 lead: each is among the six most common surnames of the persons and at least 3% of them.
      const surnames: Array<{ s: string; n: number }> = await app.db.orm.em
        .getConnection()
        .execute(`select left(name, 1) s, count(*)::int n from customer where kind = 'PERSON' group by 1 order by 2 desc`);
      const persons = surnames.reduce((sum, r) => sum + r.n, 0);
      const top = surnames.slice(0, 6).map((r) => r.s);
      for (const s of ['王', '李', '张', '刘', '陈']) {
        expect(top).toContain(s);
        expect(surnames.find((r) => r.s === s)!.n / persons).toBeGreaterThan(0.03);
      }
    } finally {
      await app.close();
    }
  });
});
