import ExcelJS from 'exceljs';
import { SegmentCreateDocument } from '../generated/graphql';
import { createFixture, type Fixture } from '../support/fixture';
import { startTestApp, type TestApp } from '../support/test-app';
import { adminQuery } from '../support/test-database';

/**
 * A slow download of a large segment outlives the API's per-statement time-out: PostgreSQL
 * times a cursor from its first fetch to its last, so an export must lift the limit for its
 * own read, or a reader that pauses longer than the limit gets a cut-off file.
 */
const STATEMENT_TIMEOUT_MS = 1000;
const ROWS = 60_000;

let app: TestApp;
let f: Fixture;
let segmentId: string;

beforeAll(async () => {
  app = await startTestApp({ DB_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS) });
  f = await createFixture(app);
  // Wide rows, far more than the socket buffers hold, so the cursor is still open while the reader pauses.
  // Loaded on a connection of its own, without the API's time-out.
  await adminQuery(
    app.db.url,
    `insert into customer (kind, name, phones, emails, wechat_ids, addresses, important_dates, previous_categories, main_suppliers, types, tags,
                           custom_fields, consents, city, company_name, industry, search_text, created_at, updated_at)
     select 'COMPANY', '慢速客户' || g, '{}', '{}', '{}', '[]', '[]', '{}', '[]', '{}', '{}', '{}', '[]', '南京市',
            repeat('南京某某贸易有限公司', 5), repeat('批发零售', 5), '', now(), now()
       from generate_series(1, $1::int) g`,
    [ROWS],
  );
  const res = await app.gql(SegmentCreateDocument, { input: { name: '南京客户', query: 'city = "南京市"' } }, { token: f.admin.token });
  expect(res.data!.segmentCreate.userErrors).toEqual([]);
  segmentId = res.data!.segmentCreate.segment!.id;
}, 120_000);
afterAll(() => app.close());

/** Reads the first chunk, pauses for three statement time-outs, then reads the rest. */
async function slowDownload(format: 'csv' | 'xlsx'): Promise<Buffer> {
  const res = await fetch(`${app.url.replace(/\/graphql$/, '')}/exports/segments/${segmentId}.${format}`, {
    headers: { authorization: `Bearer ${f.admin.token}` },
  });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const chunks: Uint8Array[] = [];
  const first = await reader.read();
  chunks.push(first.value);
  await new Promise((r) => setTimeout(r, 3 * STATEMENT_TIMEOUT_MS));
  for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
  return Buffer.concat(chunks);
}

describe('a slow download of a large segment', () => {
  it('gets every row of the CSV although it takes longer than the statement time-out', async () => {
    const text = (await slowDownload('csv')).toString('utf8');
    const lines = text.split('\r\n').filter((l) => l.length > 0);
    expect(lines).toHaveLength(ROWS + 1);
    expect(lines[ROWS]).toContain('南京市');
  }, 120_000);

  it('gets every row of the workbook too', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await slowDownload('xlsx')) as unknown as ArrayBuffer);
    expect(workbook.worksheets[0].rowCount).toBe(ROWS + 1);
    expect(workbook.worksheets[0].getRow(ROWS + 1).getCell(8).value).toBe('南京市');
  }, 120_000);

  it('still has the API’s time-out on ordinary statements', async () => {
    const res = await app.post({ query: '{ __typename }' }, { token: f.admin.token });
    expect(res.status).toBe(200);
    const setting = await app.db.orm.em.fork().execute<Array<{ statement_timeout: string }>>('show statement_timeout');
    expect(setting[0].statement_timeout).toBe('1s');
  });
});
