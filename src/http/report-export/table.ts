import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { Writable } from 'node:stream';
import type { Locale } from '../../domain/customer/customer.enums';
import { daysBetween } from '../../domain/common/calendar';
import { neutraliseFormula } from '../segment-export';
import { xlsxStream, type XlsxCell } from '../../lib/xlsx-stream';

/**
 * A report as a table: one column list per report (`sales.ts`, `customers.ts`), one row per
 * report row and a totals row, written as CSV (UTF-8 BOM, RFC 4180 quoting, CRLF) or Excel.
 *
 * A column has a kind that decides both files: money is a decimal string with 2 places
 * (written as is in CSV, a number formatted `#,##0.00` in Excel), a ratio a decimal (0.2335:
 * as is in CSV, `0.0%` in Excel), a count an integer, a date `YYYY-MM-DD` (text in CSV, a
 * date cell in Excel), text neutralised against formulas in CSV.
 */
export type ColumnKind = 'text' | 'date' | 'money' | 'percent' | 'integer' | 'number';
export type CellValue = string | number | null;
export type Localized = { zh: string; en: string };

export interface ReportColumn<R> {
  header: Localized;
  /** In characters, for Excel. */
  width: number;
  kind: ColumnKind;
  value(row: R, locale: Locale): CellValue;
}

/** What a report export writes: its columns and cells, and how the file is named. */
export interface ReportFile {
  /** The file name without extension: ASCII (`sales-2026-11-01_2026-11-30`), and the reader's (`销售报表-…`). */
  fileName: { ascii: string; local: string };
  sheetName: string;
  columns: ReadonlyArray<{ header: string; width: number; kind: ColumnKind }>;
  rows: ReadonlyArray<readonly CellValue[]>;
}

export const NUMBER_FORMATS: Readonly<Record<ColumnKind, string | undefined>> = {
  text: undefined,
  date: 'yyyy-mm-dd',
  money: '#,##0.00',
  percent: '0.0%',
  integer: '#,##0',
  number: undefined,
};

/** The rows (data, then totals) under the columns, in the reader's language. */
export function reportFile<R>(
  columns: ReadonlyArray<ReportColumn<R>>,
  rows: readonly R[],
  locale: Locale,
  naming: { fileName: { ascii: string; local: string }; sheetName: string },
): ReportFile {
  return {
    ...naming,
    columns: columns.map((c) => ({ header: c.header[locale], width: c.width, kind: c.kind })),
    rows: rows.map((row) => columns.map((c) => c.value(row, locale))),
  };
}

/** Excel's serial day number of a calendar day (day 1 is 1900-01-01; Excel counts a 29 February 1900 that never was). */
export function excelSerial(day: string): number {
  const serial = daysBetween('1899-12-30', day);
  return day < '1900-03-01' ? serial - 1 : serial;
}

function csvCell(kind: ColumnKind, value: CellValue): CellValue {
  if (value == null) return null;
  if (kind === 'text') return neutraliseFormula(String(value));
  return value;
}

function xlsxCell(kind: ColumnKind, value: CellValue): XlsxCell {
  if (value == null || value === '') return null;
  switch (kind) {
    case 'text':
      return String(value);
    case 'date':
      return excelSerial(String(value));
    default:
      return typeof value === 'number' ? value : Number(value);
  }
}

export async function writeCsv(file: ReportFile, out: Writable): Promise<void> {
  const kinds = file.columns.map((c) => c.kind);
  const records = Readable.from(file.rows.map((row) => row.map((value, i) => csvCell(kinds[i], value))));
  const csv = stringify({ bom: true, header: true, columns: file.columns.map((c) => c.header), record_delimiter: 'windows' });
  await pipeline(records, csv, out);
}

export async function writeXlsx(file: ReportFile, out: Writable): Promise<void> {
  const kinds = file.columns.map((c) => c.kind);
  const cells = (async function* () {
    for (const row of file.rows) yield row.map((value, i) => xlsxCell(kinds[i], value));
  })();
  const columns = file.columns.map((c) => ({ header: c.header, width: c.width, numberFormat: NUMBER_FORMATS[c.kind] }));
  await pipeline(xlsxStream(cells, { sheetName: file.sheetName, columns }), out);
}
