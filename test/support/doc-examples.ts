import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, type SelectionSetNode } from 'graphql';
import { addDays } from '../../src/domain/common/calendar';

/**
 * The GraphQL examples of the README and its tour, as a reader runs them: each ```graphql
 * block, the ```json block right after it (its variables), and what an HTML comment right
 * before it says about running it (invisible on the rendered page):
 *
 *   <!-- example: as sales01@example.com -->        signed in as this demo user (default: the admin)
 *   <!-- example: key <apiKeyCreate.secret> -->     with `X-Api-Key` from an earlier answer of the page
 *   <!-- example: expect ILLEGAL_TRANSITION -->     the answer is refused with this code (no other check)
 *   <!-- example: may be empty webhookDeliveries.nodes -->   a list or value that may show nothing (say why in the text)
 *   <!-- example: dates as written -->              days are not moved to today (see `shiftDays`)
 *
 * Several in one comment are separated by `;`. A variable written `"<a.path>"` takes the value
 * at that path of the page's latest answer that has it (`nodes.0.id`: the first node's id).
 */
export interface DocExample {
  file: string;
  /** 1-based position among the file's GraphQL examples. */
  index: number;
  query: string;
  variables: Record<string, unknown>;
  as: string | null;
  keyFrom: string | null;
  expectCode: string | null;
  mayBeEmpty: string[];
  datesAsWritten: boolean;
}

const root = path.join(__dirname, '../..');

export function readDoc(file: string): string {
  return readFileSync(path.join(root, file), 'utf8');
}

const BLOCK = /(?:<!--\s*example:([\s\S]*?)-->\s*)?```graphql\n([\s\S]*?)```(?:\s*```json\n([\s\S]*?)```)?/g;

export function examplesOf(file: string): DocExample[] {
  return [...readDoc(file).matchAll(BLOCK)].map((m, i) => {
    const example: DocExample = {
      file,
      index: i + 1,
      query: m[2],
      variables: m[3] ? (JSON.parse(m[3]) as Record<string, unknown>) : {},
      as: null,
      keyFrom: null,
      expectCode: null,
      mayBeEmpty: [],
      datesAsWritten: false,
    };
    for (const directive of (m[1] ?? '')
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)) {
      let d: RegExpExecArray | null;
      if ((d = /^as (\S+@\S+)$/.exec(directive))) example.as = d[1];
      else if ((d = /^key <([\w.]+)>$/.exec(directive))) example.keyFrom = d[1];
      else if ((d = /^expect ([A-Z_]+)$/.exec(directive))) example.expectCode = d[1];
      else if ((d = /^may be empty (.+)$/.exec(directive))) example.mayBeEmpty.push(...d[1].split(',').map((p) => p.trim()));
      else if (directive === 'dates as written') example.datesAsWritten = true;
      else throw new Error(`${file} example ${i + 1}: unknown directive "${directive}"`);
    }
    return example;
  });
}

/** The day the examples' dates were written for (README: "…are those of YYYY-MM-DD…"). */
export function examplesWrittenOn(): string {
  const m = /examples' days are those of\s+(\d{4}-\d{2}-\d{2})/.exec(readDoc('README.md'));
  if (!m) throw new Error('the README no longer says which day its examples are written for');
  return m[1];
}

/** Days between two calendar days (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

function shiftMonth(month: string, months: number): string {
  const [y, m] = month.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/**
 * The examples were written on one day against a demo seeded that day; the demo data is laid
 * out around the day it is seeded. Run on another day, every day in an example moves by as
 * many days ("yesterday" stays yesterday), and a month (`"2026-11"`, last month) by as many months.
 */
export function shiftDays(text: string, days: number, months: number): string {
  if (days === 0 && months === 0) return text;
  return text
    .replace(/"(\d{4}-\d{2}-\d{2})/g, (_m, day: string) => `"${addDays(day, days)}`)
    .replace(/"(\d{4}-\d{2})"/g, (_m, month: string) => `"${shiftMonth(month, months)}"`);
}

/** The value at a dotted path (`a.b.0.c`), or undefined. */
export function at(value: unknown, dotted: string): unknown {
  return dotted
    .split('.')
    .reduce<unknown>((v, key) => (v === null || v === undefined ? undefined : (v as Record<string, unknown>)[key]), value);
}

/** Every field path of an answer, lists collapsed (`customers.nodes[].name`), with whether any instance shows something. */
export function shownPaths(value: unknown, prefix = '', out = new Map<string, boolean>()): Map<string, boolean> {
  if (Array.isArray(value)) {
    out.set(prefix, (out.get(prefix) ?? false) || value.length > 0);
    for (const item of value) shownPaths(item, `${prefix}[]`, out);
    return out;
  }
  if (prefix) out.set(prefix, (out.get(prefix) ?? false) || (value !== null && value !== undefined));
  if (value !== null && typeof value === 'object')
    for (const [key, v] of Object.entries(value)) shownPaths(v, prefix ? `${prefix}.${key}` : key, out);
  return out;
}

export interface FigureComment {
  line: number;
  /** The response path of the first field on the line, as keys. */
  path: string[];
  /** The response path of the first field on the line without a selection (when the first field is an object). */
  leafPath: string[] | null;
  figure: string;
}

/**
 * The figures the examples quote in comments: `count   # 175 members` says `count` is 175;
 * on a list field the figure is its length. Only a comment that starts with a number, `true`
 * or `false` is a figure (`# e.g. …` is not).
 */
export function figureComments(query: string): FigureComment[] {
  const lines = query.split('\n');
  const document = parse(query);
  const firstFieldOnLine = new Map<number, string[]>();
  const firstLeafOnLine = new Map<number, string[]>();
  const walk = (set: SelectionSetNode | undefined, path: string[]) => {
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.FIELD) {
        const key = s.alias?.value ?? s.name.value;
        const line = s.loc!.startToken.line;
        const own = [...path, key];
        if (!firstFieldOnLine.has(line)) firstFieldOnLine.set(line, own);
        if (!s.selectionSet && !firstLeafOnLine.has(line)) firstLeafOnLine.set(line, own);
        walk(s.selectionSet, own);
      } else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet, path);
    }
  };
  for (const def of document.definitions) if (def.kind === Kind.OPERATION_DEFINITION) walk(def.selectionSet, []);
  const figures: FigureComment[] = [];
  lines.forEach((text, i) => {
    const hash = text.indexOf('#');
    // A figure: a number (1,234 or 0.25) or a boolean, first in the comment and followed by a space, ':' or ';'.
    const comment = hash < 0 ? null : /^#\s*(-?\d[\d,]*(?:\.\d+)?|true|false)(?=[\s:;]|$)/.exec(text.slice(hash));
    if (!comment) return;
    const path = firstFieldOnLine.get(i + 1);
    if (path === undefined) throw new Error(`a figure comment on line ${i + 1} with no field on it: ${text.trim()}`);
    figures.push({ line: i + 1, path, leafPath: firstLeafOnLine.get(i + 1) ?? null, figure: comment[1].replace(/,/g, '') });
  });
  return figures;
}

/** Marks where a field path goes through a list (the figure is then not one value). */
export function valueAtKeys(data: unknown, keys: string[]): { value: unknown; throughList: boolean } {
  let v = data;
  for (const key of keys) {
    if (Array.isArray(v)) return { value: undefined, throughList: true };
    v = v === null || v === undefined ? undefined : (v as Record<string, unknown>)[key];
  }
  return { value: v, throughList: false };
}
