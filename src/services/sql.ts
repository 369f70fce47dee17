import type { Knex } from '@mikro-orm/postgresql';
import { userInDepartmentsSql } from '../domain/access/customer-scope.sql';
import { say } from '../domain/common/bilingual';
import { RequestError } from '../domain/common/domain-error';

/** A day range whose start is after its end, as BAD_USER_INPUT naming `filter.<field>`. */
function invertedRange(field: string, from: string, to: string): RequestError {
  return new RequestError(
    'BAD_USER_INPUT',
    say(`filter.${field}：from（${from}）晚于 to（${to}）`, `filter.${field}: from (${from}) is after to (${to})`),
  );
}

/** Escapes LIKE wildcards so user text matches literally (`50%` is not a pattern). */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The knex adapter of `userInDepartmentsSql` (domain/access/customer-scope.sql.ts): the lists' department filters. */
export function whereUserInDepartments(q: Knex.QueryBuilder, column: string, departmentIds: readonly number[]): void {
  const condition = userInDepartmentsSql(column, departmentIds);
  q.whereRaw(condition.sql, condition.params as Knex.RawBinding[]);
}

/**
 * Restricts `column` (a timestamptz) to company calendar days, both included: from the first
 * instant of `from` to before the first instant of the day after `to` (computed in SQL, so
 * 9999-12-31 has one). An inverted range is BAD_USER_INPUT naming `field`.
 */
export function whereCompanyDays(
  q: Knex.QueryBuilder,
  column: string,
  from: string | null | undefined,
  to: string | null | undefined,
  timeZone: string,
  field: string,
): void {
  if (from && to && from > to) throw invertedRange(field, from, to);
  if (from) q.whereRaw(`${column} >= (?::date::timestamp at time zone ?)`, [from, timeZone]);
  if (to) q.whereRaw(`${column} < ((?::date + 1)::timestamp at time zone ?)`, [to, timeZone]);
}

/**
 * Restricts `column` (a `date`, a company day already) to the days from `from` to `to`, both
 * included. An inverted range is BAD_USER_INPUT naming `field`.
 */
export function whereDays(
  q: Knex.QueryBuilder,
  column: string,
  from: string | null | undefined,
  to: string | null | undefined,
  field: string,
): void {
  if (from && to && from > to) throw invertedRange(field, from, to);
  if (from) q.whereRaw(`${column} >= ?::date`, [from]);
  if (to) q.whereRaw(`${column} <= ?::date`, [to]);
}
