import { Writable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { columnName, EXCEL_MAX_CELL_TEXT, sheetNames, xlsxStream, xmlText, type XlsxCell } from '../../src/lib/xlsx-stream';

const COLUMNS = [
  { header: '客户名称', width: 20 },
  { header: 'Orders', width: 8 },
  { header: 'Note', width: 30 },
];

async function* from(rows: XlsxCell[][]) {
  for (const row of rows) yield row;
}

async function readBack(bytes: Buffer): Promise<Array<{ name: string; rows: unknown[][] }>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook.worksheets.map((sheet) => {
    const rows: unknown[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1)));
    return { name: sheet.name, rows };
  });
}

describe('xlsxStream', () => {
  it('writes text exactly (Chinese, markup, edge spaces, line breaks), numbers as numbers, and skips empty cells', async () => {
    const rows: XlsxCell[][] = [
      ['张伟', 3, '<b>&"\'</b>'],
      ['  前后空格 ', 0, 'line 1\nline 2'],
      ['王芳', -12.5, null],
      ['中文 English', 1e21, '=1+2'],
      ['ctrl\u0001char', Number.NaN, undefined],
    ];
    const [sheet, ...others] = await readBack(await buffer(xlsxStream(from(rows), { sheetName: '客户', columns: COLUMNS })));
    expect(others).toEqual([]);
    expect(sheet.name).toBe('客户');
    expect(sheet.rows[0]).toEqual(['客户名称', 'Orders', 'Note']);
    expect(sheet.rows[1]).toEqual(['张伟', 3, '<b>&"\'</b>']);
    expect(sheet.rows[2]).toEqual(['  前后空格 ', 0, 'line 1\nline 2']);
    expect(sheet.rows[3].slice(0, 2)).toEqual(['王芳', -12.5]);
    expect(sheet.rows[3][2]).toBeUndefined();
    // A string is never a formula in a workbook: "=1+2" stays the text it was.
    expect(sheet.rows[4]).toEqual(['中文 English', 1e21, '=1+2']);
    expect(sheet.rows[5]).toEqual(['ctrl\uFFFDchar', 'NaN']);
    expect(sheet.rows).toHaveLength(6);
  });

  it('cuts a cell at the length Excel accepts', async () => {
    const long = '长'.repeat(EXCEL_MAX_CELL_TEXT + 10);
    const [sheet] = await readBack(await buffer(xlsxStream(from([[long, 1, null]]), { sheetName: 's', columns: COLUMNS })));
    const cell = sheet.rows[1][0] as string;
    expect(cell).toHaveLength(EXCEL_MAX_CELL_TEXT);
    expect(cell.endsWith('…')).toBe(true);
  });

  it('writes a header-only sheet for no rows', async () => {
    const sheets = await readBack(await buffer(xlsxStream(from([]), { sheetName: 'Empty', columns: COLUMNS })));
    expect(sheets).toEqual([{ name: 'Empty', rows: [['客户名称', 'Orders', 'Note']] }]);
  });

  it.each([
    [5, ['名单', '名单 (2)', '名单 (3)'], [2, 2, 1]],
    [4, ['名单', '名单 (2)'], [2, 2]],
    [2, ['名单'], [2]],
  ])('continues %i rows in a new sheet after each 2 (Excel row limit), never with an empty last sheet', async (count, names, perSheet) => {
    const rows = Array.from({ length: count }, (_, i): XlsxCell[] => [`客户${i + 1}`, i + 1, null]);
    const sheets = await readBack(await buffer(xlsxStream(from(rows), { sheetName: '名单', columns: COLUMNS, rowsPerSheet: 2 })));
    expect(sheets.map((s) => s.name)).toEqual(names);
    expect(sheets.map((s) => s.rows.length - 1)).toEqual(perSheet);
    expect(sheets.every((s) => s.rows[0][0] === '客户名称')).toBe(true);
    expect(sheets.flatMap((s) => s.rows.slice(1).map((r) => r[1]))).toEqual(rows.map((r) => r[1]));
  });

  /**
   * A reader that takes the first 64 KB, then stalls until released; `stalled` resolves once the
   * export has stopped pulling rows (no new row for 5 × 25 ms). The rows are text that deflate
   * cannot shrink to nothing, so the bytes really flow.
   */
  async function stalledExport(total: number) {
    let produced = 0;
    async function* rows() {
      for (let i = 0; i < total; i++) {
        produced++;
        yield [`客户${(i * 2654435761) % 1_000_003}`, i, `备注 ${(i * 40503) % 65_521} ${Math.imul(i, 48271) >>> 0}`] as XlsxCell[];
      }
    }
    let stalled = true;
    let release: (() => void) | undefined;
    let received = 0;
    const chunks: Buffer[] = [];
    const slowReader = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        received += chunk.length;
        if (received < 64 * 1024 || !stalled) done();
        else release = done;
      },
    });
    const stream = xlsxStream(rows(), { sheetName: 'big', columns: COLUMNS });
    const piping = pipeline(stream, slowReader);
    let before = -1;
    for (let still = 0; still < 5;) {
      await new Promise((r) => setTimeout(r, 25));
      still = produced === before ? still + 1 : 0;
      before = produced;
    }
    return {
      stream,
      piping,
      chunks,
      released: release !== undefined,
      produced: () => produced,
      resume: () => {
        stalled = false;
        release!();
      },
    };
  }

  // Two streams, not one, so the file is fast: a long one shows that a stalled reader stops
  // the rows within the first tenth (the buffers hold ~6,300 of these rows), and a shorter one
  // that a stalled export, once its reader resumes, still writes every row, read back with ExcelJS.
  it('reads rows only as fast as its reader takes the bytes (backpressure)', async () => {
    const TOTAL = 200_000;
    const run = await stalledExport(TOTAL);
    expect(run.released).toBe(true);
    expect(run.produced()).toBeGreaterThan(0);
    expect(run.produced()).toBeLessThan(TOTAL / 10);
    // The reader leaves; writing the other 190,000-odd rows would prove nothing more.
    run.stream.destroy();
    await expect(run.piping).rejects.toThrow();
    expect(run.produced()).toBeLessThan(TOTAL / 10);
  });

  it('finishes every row once its stalled reader resumes', async () => {
    const TOTAL = 20_000;
    const run = await stalledExport(TOTAL);
    expect(run.released).toBe(true);
    expect(run.produced()).toBeLessThan(TOTAL);
    run.resume();
    await run.piping;
    expect(run.produced()).toBe(TOTAL);
    const [sheet] = await readBack(Buffer.concat(run.chunks));
    expect(sheet.rows).toHaveLength(TOTAL + 1);
    expect(sheet.rows.slice(1).map((r) => r[1])).toEqual(Array.from({ length: TOTAL }, (_, i) => i));
  });

  it('returns the rows’ iterator (closing a cursor behind it) when its reader goes away', async () => {
    let closed = false;
    async function* endless() {
      try {
        for (let i = 0; ; i++) yield [`客户${i}`, i, 'x'.repeat(50)] as XlsxCell[];
      } finally {
        closed = true;
      }
    }
    const stream = xlsxStream(endless(), { sheetName: 's', columns: COLUMNS });
    await new Promise<void>((resolve) => stream.once('data', () => resolve()));
    stream.destroy();
    for (let i = 0; i < 100 && !closed; i++) await new Promise((r) => setTimeout(r, 10));
    expect(closed).toBe(true);
  });

  it('returns the rows’ iterator when its reader goes away before the first row', async () => {
    let release!: () => void;
    const firstRow = new Promise<void>((resolve) => (release = resolve));
    let closed = false;
    async function* slowStart() {
      try {
        await firstRow;
        for (let i = 0; ; i++) yield [`客户${i}`, i, 'x'.repeat(50)] as XlsxCell[];
      } finally {
        closed = true;
      }
    }
    const stream = xlsxStream(slowStart(), { sheetName: 's', columns: COLUMNS });
    stream.destroy();
    release();
    for (let i = 0; i < 100 && !closed; i++) await new Promise((r) => setTimeout(r, 10));
    expect(closed).toBe(true);
  });

  it('leaves no unhandled rejection when closing the rows fails after its reader went away', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      async function* failsToClose() {
        try {
          for (let i = 0; ; i++) yield [`客户${i}`, i, 'x'.repeat(50)] as XlsxCell[];
        } finally {
          // eslint-disable-next-line no-unsafe-finally -- the test is of a cursor whose close throws
          throw new Error('the cursor could not be closed');
        }
      }
      const stream = xlsxStream(failsToClose(), { sheetName: 's', columns: COLUMNS });
      await new Promise<void>((resolve) => stream.once('data', () => resolve()));
      stream.destroy();
      await new Promise((r) => setTimeout(r, 200));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('fails the stream with the error of its rows', async () => {
    async function* failing() {
      yield ['a', 1, null] as XlsxCell[];
      throw new Error('cursor failed');
    }
    await expect(buffer(xlsxStream(failing(), { sheetName: 's', columns: COLUMNS }))).rejects.toThrow('cursor failed');
  });
});

describe('xlsx helpers', () => {
  it.each([
    [0, 'A'],
    [25, 'Z'],
    [26, 'AA'],
    [701, 'ZZ'],
    [702, 'AAA'],
  ])('names column %i %s', (index, name) => expect(columnName(index)).toBe(name));

  it('escapes XML and Excel escapes', () => {
    expect(xmlText('a<b>&"c"')).toBe('a&lt;b&gt;&amp;&quot;c&quot;');
    expect(xmlText('_x000D_')).toBe('_x005F_x000D_');
    expect(xmlText('a\u0000b\uD800c\r\nd')).toBe('a\uFFFDb\uFFFDc\nd');
    expect(xmlText('😀')).toBe('😀');
  });

  it('makes legal, unique sheet names', () => {
    expect(sheetNames('a/b:c?', 1)).toEqual(['a_b_c_']);
    expect(sheetNames("'quoted'", 1)).toEqual(['quoted']);
    expect(sheetNames('', 2)).toEqual(['Sheet', 'Sheet (2)']);
    const long = sheetNames('很长的客户分群名称'.repeat(5), 2);
    expect(long.map((n) => [...n].length)).toEqual([31, 31]);
    expect(long[1].endsWith(' (2)')).toBe(true);
  });
});
