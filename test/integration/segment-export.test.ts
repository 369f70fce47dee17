import ExcelJS from 'exceljs';
import type { Viewer } from '../../src/domain/access/viewer';
import { takeExportSlot } from '../../src/services/export-slots';
import { calendarDayIn } from '../../src/domain/common/calendar';
import { contentDisposition, neutraliseFormula, segmentFileName } from '../../src/http/segment-export';
import { localIdOf, toGlobalId } from '../../src/schema/global-id';
import { ApiKeyCreateDocument, CustomerCreateDocument, SegmentCreateDocument } from '../generated/graphql';
import { createFixture, type Fixture } from '../support/fixture';
import { startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let f: Fixture;
let segmentId: string;
let bulkSegmentId: string;
const keys: Record<'read' | 'none' | 'segmentsOnly', string> = {} as never;
const NAMES_SH1 = ['张伟', '王芳', '=HYPERLINK("http://x")'];
const NAMES_SOUTH = ['李娜'];
const BULK = 1234;

const base = () => app.url.replace(/\/graphql$/, '');
function get(path: string, headers: Record<string, string> = {}) {
  return fetch(`${base()}${path}`, { headers });
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function customer(token: string, name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await app.gql(
    CustomerCreateDocument,
    { input: { kind: 'PERSON', name, city: '上海市', cityTier: 1, ...extra } as never },
    { token },
  );
  expect(res.data?.customerCreate.userErrors).toEqual([]);
  return res.data!.customerCreate.customer!.id;
}

/** The rows of a CSV without its BOM; the simple quoting of these values needs no full parser. */
function csvRows(text: string): string[][] {
  return text
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter((l) => l.length > 0)
    .map((line) => {
      const cells: string[] = [];
      let cell = '';
      let quoted = false;
      for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (quoted) {
          if (c === '"' && line[i + 1] === '"') {
            cell += '"';
            i++;
          } else if (c === '"') quoted = false;
          else cell += c;
        } else if (c === '"') quoted = true;
        else if (c === ',') {
          cells.push(cell);
          cell = '';
        } else cell += c;
      }
      cells.push(cell);
      return cells;
    });
}

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
  for (const [i, name] of NAMES_SH1.entries())
    await customer(f.salesSh1.token, name, { phone: '138 1234 5678', email: `sh1.${i}@example.com` });
  for (const name of NAMES_SOUTH) await customer(f.salesSouth.token, name);
  await customer(f.salesSh1.token, '北京客户', { city: '北京市' });
  const res = await app.gql(
    SegmentCreateDocument,
    { input: { name: '上海客户 2026', query: 'city = "上海市" AND kind = PERSON' } },
    { token: f.admin.token },
  );
  expect(res.data!.segmentCreate.userErrors).toEqual([]);
  segmentId = res.data!.segmentCreate.segment!.id;
  // Enough rows for several cursor batches: straight into the table, like the bench generator.
  await app.db.orm.em.fork().execute(
    `insert into customer (kind, name, phones, emails, wechat_ids, addresses, important_dates, previous_categories, main_suppliers, types, tags,
                           custom_fields, consents, city, city_tier, search_text, created_at, updated_at)
     select 'COMPANY', '批量客户' || g, '{}', '{}', '{}', '[]', '[]', '{}', '[]', '{}', '{批量}', '{}', '[]', '杭州市', 2, '', now(), now()
       from generate_series(1, ?) g`,
    [BULK],
  );
  const bulk = await app.gql(SegmentCreateDocument, { input: { name: '批量', query: 'city = "杭州市"' } }, { token: f.admin.token });
  bulkSegmentId = bulk.data!.segmentCreate.segment!.id;
  const key = async (scopes: string[]) =>
    (await app.gql(ApiKeyCreateDocument, { input: { name: `export ${scopes.join(' ')}`, scopes } }, { token: f.admin.token })).data!
      .apiKeyCreate.secret!;
  keys.read = await key(['segments:read', 'customers:read']);
  keys.none = await key(['customers:read']);
  keys.segmentsOnly = await key(['segments:read']);
}, 120_000);
afterAll(() => app.close());

describe('GET /exports/segments/<id>.csv', () => {
  it('streams the members as CSV with a BOM, Chinese intact, and the segment name as the file name', async () => {
    const res = await get(`/exports/segments/${segmentId}.csv`, bearer(f.admin.token));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    // A readable ASCII fallback (the name has no Latin letters, so the id) beside the UTF-8 name, both with the company day.
    const day = calendarDayIn(new Date(), app.config.companyTimeZone);
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="segment-2026-${day}.csv"; filename*=UTF-8''${encodeURIComponent(`上海客户 2026-${day}.csv`)}`,
    );
    expect(res.headers.get('cache-control')).toBe('no-store');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = csvRows(bytes.toString('utf8'));
    expect(rows[0].slice(0, 3)).toEqual(['ID', '客户名称', '类型']);
    const names = rows.slice(1).map((r) => r[1]);
    expect(names.sort()).toEqual([...NAMES_SH1.map(neutraliseFormula), ...NAMES_SOUTH].sort());
    expect(names).toContain('\'=HYPERLINK("http://x")');
    const zhang = rows.find((r) => r[1] === '张伟')!;
    expect(zhang[2]).toBe('个人');
    expect(zhang[4]).toBe('+8613812345678');
    expect(zhang[7]).toBe('上海市');
    expect(localIdOf(zhang[0], 'Customer')).not.toBeNull();
  });

  it('has English headers for Accept-Language: en', async () => {
    const res = await get(`/exports/segments/${segmentId}.csv`, { ...bearer(f.admin.token), 'accept-language': 'en-US' });
    const rows = csvRows(await res.text());
    expect(rows[0].slice(0, 3)).toEqual(['ID', 'Name', 'Kind']);
    expect(rows.find((r) => r[1] === '张伟')![2]).toBe('Person');
  });

  it("gives a salesperson only its own customers, and a key with segments:read and customers:read everyone's", async () => {
    const own = csvRows(await (await get(`/exports/segments/${segmentId}.csv`, bearer(f.salesSh1.token))).text());
    expect(
      own
        .slice(1)
        .map((r) => r[1])
        .sort(),
    ).toEqual(NAMES_SH1.map(neutraliseFormula).sort());
    const south = csvRows(await (await get(`/exports/segments/${segmentId}.csv`, bearer(f.salesSouth.token))).text());
    expect(south.slice(1).map((r) => r[1])).toEqual(NAMES_SOUTH);
    const other = csvRows(await (await get(`/exports/segments/${segmentId}.csv`, bearer(f.salesSh2.token))).text());
    expect(other).toHaveLength(1); // the header only
    const byKey = await get(`/exports/segments/${segmentId}.csv`, { 'x-api-key': keys.read });
    expect(byKey.status).toBe(200);
    expect(csvRows(await byKey.text())).toHaveLength(1 + NAMES_SH1.length + NAMES_SOUTH.length);
  });

  it('streams thousands of rows in order, across many cursor batches', async () => {
    const res = await get(`/exports/segments/${bulkSegmentId}.csv`, { 'x-api-key': keys.read });
    const rows = csvRows(await res.text());
    expect(rows).toHaveLength(BULK + 1);
    const ids = rows.slice(1).map((r) => localIdOf(r[0], 'Customer')!);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(rows[1][11]).toBe('批量');
  });

  let bigSegmentId: string | undefined;
  /** 40,000 customers with hard-to-compress text: far more than the socket buffers hold, even deflated. */
  async function bigSegment(): Promise<string> {
    if (bigSegmentId) return bigSegmentId;
    await app.db.orm.em.fork().execute(
      `insert into customer (kind, name, phones, emails, wechat_ids, addresses, important_dates, previous_categories, main_suppliers, types, tags,
                             custom_fields, consents, city, company_name, industry, search_text, created_at, updated_at)
       select 'COMPANY', '深圳批量客户' || g, '{}', '{}', '{}', '[]', '[]', '{}', '[]', '{}', '{}', '{}', '[]', '深圳市',
              '深圳' || md5(g::text) || md5((g + 1)::text) || '科技有限公司', md5((-g)::text), '', now(), now()
         from generate_series(1, 40000) g`,
    );
    const big = await app.gql(SegmentCreateDocument, { input: { name: '深圳批量', query: 'city = "深圳市"' } }, { token: f.admin.token });
    bigSegmentId = big.data!.segmentCreate.segment!.id;
    return bigSegmentId;
  }

  it.each(['csv', 'xlsx'])('lets go of its database connection when the client goes away mid-download (%s)', async (format) => {
    const controller = new AbortController();
    const res = await fetch(`${base()}/exports/segments/${await bigSegment()}.${format}`, {
      headers: { 'x-api-key': keys.read },
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    await reader.read().catch(() => undefined);
    const db = app.db.url.slice(app.db.url.lastIndexOf('/') + 1);
    // Any session of this database inside a transaction, running or idle: an export still closing
    // its cursor is `active` before it is `idle in transaction`, so counting only the idle ones races.
    const openTransactions = async () =>
      (
        await app.db.orm.em
          .fork()
          .execute<Array<{ n: number }>>(
            `select count(*)::int as n from pg_stat_activity where datname = ? and xact_start is not null and pid <> pg_backend_pid()`,
            [db],
          )
      )[0].n;
    for (let i = 0; i < 50 && (await openTransactions()) > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await openTransactions()).toBe(0);
    const again = await get(`/exports/segments/${segmentId}.csv`, { 'x-api-key': keys.read });
    expect(csvRows(await again.text())).toHaveLength(1 + NAMES_SH1.length + NAMES_SOUTH.length);
  });

  it.each<[string, Record<string, string>, string, number, string]>([
    ['without credentials', {}, 'csv', 401, 'UNAUTHENTICATED'],
    ['with a bad token', { authorization: 'Bearer nope' }, 'csv', 401, 'UNAUTHENTICATED'],
    ['for a key without segments:read', { 'x-api-key': 'NONE' }, 'xlsx', 403, 'FORBIDDEN'],
    // Members are customers: segments:read alone reads definitions and counts, not profiles.
    ['for a key with segments:read but not customers:read', { 'x-api-key': 'SEGMENTS_ONLY' }, 'csv', 403, 'FORBIDDEN'],
  ])('is refused %s', async (_label, headers, format, status, code) => {
    const resolved =
      headers['x-api-key'] === 'NONE'
        ? { 'x-api-key': keys.none }
        : headers['x-api-key'] === 'SEGMENTS_ONLY'
          ? { 'x-api-key': keys.segmentsOnly }
          : headers;
    const res = await get(`/exports/segments/${segmentId}.${format}`, resolved);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(await res.json()).toMatchObject({
      type: 'about:blank',
      status,
      code,
      detail: expect.any(String),
      requestId: res.headers.get('x-request-id'),
    });
  });

  it("refuses an export beyond the viewer's (429) or the server's (503) concurrent downloads, with Retry-After", async () => {
    const admin: Viewer = {
      kind: 'staff',
      userId: localIdOf(f.admin.gid, 'User')!,
      role: 'ADMIN',
      departmentId: null,
      departmentPath: null,
    };
    const limits = { perViewer: app.config.db.viewerExports, poolMax: app.config.db.poolMax };
    // Two downloads of the admin's still streaming (each holds a connection while it does).
    const held = [takeExportSlot(admin, limits), takeExportSlot(admin, limits)];
    try {
      const mine = await get(`/exports/segments/${segmentId}.csv`, bearer(f.admin.token));
      expect(mine.status).toBe(429);
      expect(mine.headers.get('retry-after')).toBe('5');
      expect(await mine.json()).toMatchObject({ status: 429, title: 'Too Many Requests', code: 'TOO_MANY_REQUESTS' });
      // The server's share (a quarter of the pool of 10: 2) is taken too, so another user waits as well.
      const other = await get(`/exports/segments/${segmentId}.csv`, bearer(f.salesSh1.token));
      expect(other.status).toBe(503);
      expect(await other.json()).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    } finally {
      for (const slot of held) if (slot.ok) slot.release();
    }
    const again = await get(`/exports/segments/${segmentId}.csv`, bearer(f.admin.token));
    expect(again.status).toBe(200);
    await again.text();
  });

  it.each([
    ['an unknown segment', () => `/exports/segments/${toGlobalId('Segment', 999_999)}.csv`],
    ['an id of another type', () => `/exports/segments/${toGlobalId('Customer', 1)}.csv`],
    ['an unknown format', () => `/exports/segments/${segmentId}.pdf`],
  ])('answers 404 for %s', async (_label, path) => {
    const res = await get(path(), bearer(f.admin.token));
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ status: 404, title: 'Not Found', code: 'NOT_FOUND' });
  });
});

describe('GET /exports/segments/<id>.xlsx', () => {
  it('streams an Excel workbook that reads back with Chinese names intact', async () => {
    const res = await get(`/exports/segments/${segmentId}.xlsx`, bearer(f.admin.token));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const day = calendarDayIn(new Date(), app.config.companyTimeZone);
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(`上海客户 2026-${day}.xlsx`)}`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe('上海客户 2026');
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[0].slice(0, 3)).toEqual(['ID', '客户名称', '类型']);
    // Cells are typed text in a workbook: a name that looks like a formula stays text, unchanged.
    expect(
      rows
        .slice(1)
        .map((r) => r[1])
        .sort(),
    ).toEqual([...NAMES_SH1, ...NAMES_SOUTH].sort());
    expect(rows.find((r) => r[1] === '李娜')![8]).toBe(1);
  });

  it('gives a salesperson only its own customers, across many rows for a key', async () => {
    const own = new ExcelJS.Workbook();
    await own.xlsx.load(
      Buffer.from(
        await (await get(`/exports/segments/${segmentId}.xlsx`, bearer(f.salesSouth.token))).arrayBuffer(),
      ) as unknown as ArrayBuffer,
    );
    expect(own.worksheets[0].rowCount).toBe(2);
    expect(own.worksheets[0].getRow(2).getCell(2).value).toBe('李娜');
    const bulk = new ExcelJS.Workbook();
    await bulk.xlsx.load(
      Buffer.from(
        await (await get(`/exports/segments/${bulkSegmentId}.xlsx`, { 'x-api-key': keys.read })).arrayBuffer(),
      ) as unknown as ArrayBuffer,
    );
    expect(bulk.worksheets[0].rowCount).toBe(BULK + 1);
  });
});

describe('export helpers', () => {
  it.each([
    ['=1+2', "'=1+2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['+86 138', '+86 138'],
    ['+8613812345678', '+8613812345678'],
    ['-12.5', '-12.5'],
    ['-cmd|', "'-cmd|"],
    ['张伟', '张伟'],
  ])('neutralises %s as %s', (value, expected) => expect(neutraliseFormula(value)).toBe(expected));

  it.each([
    [{ id: 12, name: '上海客户' }, 'segment-12-2026-12-07'],
    [{ id: 12, name: 'VIP 客户（华东）' }, 'segment-vip-2026-12-07'],
    [{ id: 3, name: 'Q4 Café promo / 2026' }, 'segment-q4-cafe-promo-2026-2026-12-07'],
    [{ id: 4, name: '---' }, 'segment-4-2026-12-07'],
  ])('names the export of %j %s in ASCII', (segment, ascii) => {
    expect(segmentFileName(segment, '2026-12-07')).toEqual({ ascii, local: `${segment.name}-2026-12-07` });
  });

  it('encodes file names per RFC 5987 with an ASCII fallback', () => {
    expect(contentDisposition('VIP/客户"名单', 'csv')).toBe(
      `attachment; filename="VIP______.csv"; filename*=UTF-8''VIP_%E5%AE%A2%E6%88%B7_%E5%90%8D%E5%8D%95.csv`,
    );
    expect(contentDisposition("it's (ok)", 'xlsx')).toBe(`attachment; filename="it's (ok).xlsx"; filename*=UTF-8''it%27s%20%28ok%29.xlsx`);
  });
});
