/**
 * The tagged-SQL helpers, the one home of how statements are built (issue 15): a fragment
 * carries its text and its parameters in order; values are always parameters (`?`), only
 * `raw` text written in this code is inlined. Pure (no database access), so the domain's SQL
 * twins of its rules use them as well as the services and loaders; statements run with
 * `em.execute(fragment.sql, fragment.params)`.
 */

/** A piece of SQL with its parameters, in order. */
export class SqlFragment {
  constructor(
    readonly sql: string,
    readonly params: unknown[],
  ) {}
}

/** Builds a fragment: interpolated fragments are inlined, any other value becomes a `?` parameter. */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): SqlFragment {
  let text = strings[0];
  const params: unknown[] = [];
  values.forEach((value, i) => {
    if (value instanceof SqlFragment) {
      text += value.sql;
      params.push(...value.params);
    } else {
      text += '?';
      params.push(value);
    }
    text += strings[i + 1];
  });
  return new SqlFragment(text, params);
}

/** Trusted SQL text (identifiers and keywords written in this code, never input). */
export function raw(text: string): SqlFragment {
  return new SqlFragment(text, []);
}

export function joinSql(fragments: readonly SqlFragment[], separator: string): SqlFragment {
  return new SqlFragment(
    fragments.map((f) => f.sql).join(separator),
    fragments.flatMap((f) => f.params),
  );
}

/**
 * A PostgreSQL array literal for one parameter (`?::int[]`, `?::numeric[]`): knex would
 * expand a JavaScript array into a list of placeholders, and an empty one into nothing.
 */
export function pgArray(values: readonly (number | string)[]): string {
  for (const v of values) {
    if (typeof v === 'number' ? !Number.isFinite(v) : !/^-?\d+(\.\d+)?$/.test(v)) throw new Error(`not a number: ${String(v)}`);
  }
  return `{${values.join(',')}}`;
}

/** A PostgreSQL text array literal for one parameter (`?::text[]`), each element quoted. */
export function pgTextArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** The first instant of a company-local day, as a timestamptz expression. */
export function dayStartSql(day: string, timeZone: string): SqlFragment {
  return sql`(${day}::date::timestamp at time zone ${timeZone})`;
}

/** The company-local day of a timestamptz column. */
export function localDaySql(column: string, timeZone: string): SqlFragment {
  return sql`(${raw(column)} at time zone ${timeZone})::date`;
}

/** The collation that orders names as a Chinese reader expects: pinyin, ICU's `zh` (阿, 丁, 李, 上, 万, 王, 张; not 丁, 万, 上 by code point). */
export const PINYIN_COLLATION = 'zh-x-icu';
