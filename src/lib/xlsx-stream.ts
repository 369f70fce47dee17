import { type PassThrough, Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { ZipFile } from 'yazl';

/**
 * A streaming .xlsx writer that honours backpressure end to end: the worksheet XML is produced
 * from an async iterable of rows only as fast as the zip (yazl, deflate) and the consumer take
 * it, so a slow download pauses the source (a database cursor) instead of buffering the file.
 * (exceljs's streaming writer buffers its output without waiting for a full consumer.)
 *
 * The workbook is the minimum Excel, LibreOffice and Numbers open: content types, relations, a
 * workbook, a bold frozen header row, column widths, number formats per column, and inline
 * strings (no shared-string table to hold in memory). A sheet that reaches Excel's row limit
 * continues in a new sheet.
 */

export type XlsxCell = string | number | null | undefined;

export interface XlsxColumn {
  header: string;
  /** In characters, as Excel measures widths. */
  width: number;
  /** Excel number format of the column's cells, e.g. `#,##0.00`, `0.0%`, `yyyy-mm-dd` (a date is its serial day number); none: General. */
  numberFormat?: string;
}

export interface XlsxOptions {
  sheetName: string;
  columns: readonly XlsxColumn[];
  /** Data rows per sheet (the header comes on top of each); Excel's limit is 1,048,576 rows in all. */
  rowsPerSheet?: number;
}

export const EXCEL_MAX_ROWS = 1_048_576;
/** Excel refuses a cell of more characters. */
export const EXCEL_MAX_CELL_TEXT = 32_767;
const CHUNK_CHARS = 64 * 1024;

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

// Characters XML 1.0 forbids (C0 controls but tab, LF, CR; U+FFFE/U+FFFF; lone surrogates).
const INVALID_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const XML_SPECIAL: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Text as XML character data; `_xHHHH_`, which Excel would decode as a character, is escaped as Excel does. */
export function xmlText(value: string): string {
  return value
    .replace(INVALID_XML, '\uFFFD')
    .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1')
    .replace(/\r\n?/g, '\n')
    .replace(/[&<>"]/g, (c) => XML_SPECIAL[c]);
}

/** Column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

function cellXml(ref: string, value: XlsxCell, style = ''): string {
  if (value == null || value === '') return '';
  if (typeof value === 'number') {
    return Number.isFinite(value) ? `<c r="${ref}"${style}><v>${value}</v></c>` : cellXml(ref, String(value), style);
  }
  const text = value.length > EXCEL_MAX_CELL_TEXT ? `${value.slice(0, EXCEL_MAX_CELL_TEXT - 1)}…` : value;
  const space = /^\s|\s$|\n/.test(text) ? ' xml:space="preserve"' : '';
  return `<c r="${ref}"${style} t="inlineStr"><is><t${space}>${xmlText(text)}</t></is></c>`;
}

/** The cell style attribute of each column, or one for the whole row. */
function rowXml(rowNumber: number, cells: readonly XlsxCell[], style: string | readonly string[] = ''): string {
  let xml = `<row r="${rowNumber}">`;
  for (let i = 0; i < cells.length; i++)
    xml += cellXml(`${columnName(i)}${rowNumber}`, cells[i], typeof style === 'string' ? style : (style[i] ?? ''));
  return `${xml}</row>`;
}

/** Custom number formats are numbered from 164 (below are Excel's built-in ones). */
const FIRST_CUSTOM_FORMAT = 164;
/** Cell styles 0 (plain) and 1 (bold header) come first; each distinct number format gets the next. */
const FIRST_FORMAT_STYLE = 2;

/** The distinct number formats of the columns, in column order. */
function numberFormats(columns: readonly XlsxColumn[]): string[] {
  return [...new Set(columns.flatMap((c) => (c.numberFormat ? [c.numberFormat] : [])))];
}

/** Each column's cell style attribute (its number format's), `''` for General. */
function columnStyles(columns: readonly XlsxColumn[]): string[] {
  const formats = numberFormats(columns);
  return columns.map((c) => (c.numberFormat ? ` s="${FIRST_FORMAT_STYLE + formats.indexOf(c.numberFormat)}"` : ''));
}

function sheetHead(columns: readonly XlsxColumn[]): string {
  const cols = columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`).join('');
  return (
    `${XML_DECL}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
    `<cols>${cols}</cols><sheetData>` +
    rowXml(
      1,
      columns.map((c) => c.header),
      ' s="1"',
    )
  );
}

/** Excel's longest sheet name, in UTF-16 code units (an emoji counts 2). */
const SHEET_NAME_MAX = 31;

/** At most `max` UTF-16 code units of `text`, never half of a surrogate pair. */
function headUnits(text: string, max: number): string {
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}

/** Apostrophes and spaces off both ends: Excel refuses a name that starts or ends with `'`. */
function trimSheetName(name: string): string {
  return name.replace(/^['\s]+|['\s]+$/g, '');
}

/**
 * Sheet names: at most 31 characters, none of []:*?/\, not starting or ending with an
 * apostrophe (also after truncation: `…客户'` cut at 31 would end with one), not Excel's
 * reserved `History`, unique.
 */
export function sheetNames(base: string, count: number): string[] {
  const clean = trimSheetName(base.replace(/[[\]:*?/\\\u0000-\u001f]/g, '_'));
  return Array.from({ length: count }, (_, i) => {
    const suffix = i === 0 ? '' : ` (${i + 1})`;
    let name = trimSheetName(headUnits(clean, SHEET_NAME_MAX - suffix.length)) || 'Sheet';
    if (name.toLowerCase() === 'history') name = `${name}_`;
    return `${name}${suffix}`;
  });
}

interface Lookahead {
  /** The next row not yet written, or the end. */
  next: IteratorResult<readonly XlsxCell[]>;
}

/** One worksheet's XML in chunks of about 64K characters, from `cursor.next` on, for at most `limit` rows. */
async function* sheetXml(rows: AsyncIterator<readonly XlsxCell[]>, cursor: Lookahead, columns: readonly XlsxColumn[], limit: number) {
  let xml = sheetHead(columns);
  const styles = columnStyles(columns);
  for (let written = 0; !cursor.next.done && written < limit; written++) {
    xml += rowXml(written + 2, cursor.next.value, styles);
    if (xml.length >= CHUNK_CHARS) {
      yield Buffer.from(xml, 'utf8');
      xml = '';
    }
    cursor.next = await rows.next();
  }
  yield Buffer.from(`${xml}</sheetData></worksheet>`, 'utf8');
}

function packageParts(names: readonly string[], formats: readonly string[]): Array<[string, string]> {
  const numFmts = formats.length
    ? `<numFmts count="${formats.length}">${formats.map((f, i) => `<numFmt numFmtId="${FIRST_CUSTOM_FORMAT + i}" formatCode="${xmlText(f)}"/>`).join('')}</numFmts>`
    : '';
  const formatXfs = formats
    .map((_, i) => `<xf numFmtId="${FIRST_CUSTOM_FORMAT + i}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`)
    .join('');
  const sheetOverrides = names
    .map(
      (_, i) =>
        `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
    )
    .join('');
  const sheets = names.map((name, i) => `<sheet name="${xmlText(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
  const sheetRels = names
    .map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
    .join('');
  return [
    [
      '[Content_Types].xml',
      `${XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        `${sheetOverrides}</Types>`,
    ],
    [
      '_rels/.rels',
      `${XML_DECL}<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ],
    ['xl/workbook.xml', `${XML_DECL}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets>${sheets}</sheets></workbook>`],
    [
      'xl/_rels/workbook.xml.rels',
      `${XML_DECL}<Relationships xmlns="${PKG_REL_NS}">${sheetRels}` +
        `<Relationship Id="rId${names.length + 1}" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`,
    ],
    [
      'xl/styles.xml',
      `${XML_DECL}<styleSheet xmlns="${MAIN_NS}">${numFmts}` +
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
        `<cellXfs count="${FIRST_FORMAT_STYLE + formats.length}"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
        `<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>${formatXfs}</cellXfs>` +
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>',
    ],
  ];
}

/**
 * The workbook as a byte stream. Rows are pulled from `rows` only while the stream's reader
 * keeps up; when the stream is destroyed (the client left) the rows' iterator is returned,
 * which closes a database cursor behind it; an error from `rows` destroys the stream with it.
 */
export function xlsxStream(rows: AsyncIterable<readonly XlsxCell[]>, options: XlsxOptions): Readable {
  const limit = Math.max(1, Math.min(options.rowsPerSheet ?? EXCEL_MAX_ROWS - 1, EXCEL_MAX_ROWS - 1));
  const zip = new ZipFile();
  const out = zip.outputStream as PassThrough; // yazl's output is a PassThrough (typed as NodeJS.ReadableStream)
  const iterator = rows[Symbol.asyncIterator]();
  let part: Readable | undefined;
  let settled = false;
  out.once('close', () => {
    if (!settled) part?.destroy();
  });

  const write = async () => {
    const cursor: Lookahead = { next: await iterator.next() };
    let sheets = 0;
    do {
      sheets++;
      part = Readable.from(sheetXml(iterator, cursor, options.columns, limit), { objectMode: false });
      zip.addReadStream(part, `xl/worksheets/sheet${sheets}.xml`);
      await finished(part);
      if (out.destroyed) throw new Error('the reader went away');
    } while (!cursor.next.done);
    for (const [path, xml] of packageParts(sheetNames(options.sheetName, sheets), numberFormats(options.columns)))
      zip.addBuffer(Buffer.from(xml, 'utf8'), path);
    zip.end();
  };
  write().then(
    () => {
      settled = true;
    },
    (error: unknown) => {
      settled = true;
      // Closes a cursor behind the rows; a failure to close must not become an unhandled rejection.
      Promise.resolve(iterator.return?.()).catch(() => undefined);
      out.destroy(error instanceof Error ? error : new Error(String(error)));
    },
  );
  return out;
}
