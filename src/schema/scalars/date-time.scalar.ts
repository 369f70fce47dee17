import { GraphQLScalarType, Kind, print, type ValueNode } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { say, verbatim, type Bilingual } from '../../domain/common/bilingual';
import { bilingualError } from '../../server/request-locale';
import { EARLIEST_INSTANT, LATEST_INSTANT } from './date-range';

function refuse(got: Bilingual): never {
  throw bilingualError(
    say(
      `DateTime 必须是 RFC 3339 日期时间，例如 "2024-05-01T08:30:00Z"，范围 0001-01-01T00:00:00Z 至 9999-12-31T23:59:59.999Z，收到的是 ${got.zh}`,
      `DateTime must be an RFC 3339 date-time such as "2024-05-01T08:30:00Z", from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z, got ${got.en}`,
    ),
    { extensions: { code: 'BAD_USER_INPUT' } },
  );
}

/** graphql-scalars checks the RFC 3339 grammar (real days, offsets); we add the range. */
function parse(value: unknown, got: Bilingual): Date {
  let date: Date;
  try {
    date = DateTimeResolver.parseValue(value);
  } catch {
    return refuse(got);
  }
  const time = date.getTime();
  if (!(time >= EARLIEST_INSTANT && time <= LATEST_INSTANT)) return refuse(got);
  return date;
}

function describe(value: unknown): Bilingual {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? say('无效的 Date', 'an invalid Date') : verbatim(value.toISOString());
  return verbatim(JSON.stringify(value) ?? String(value));
}

/**
 * `DateTime` as graphql-scalars defines it (same name, same wire format: ISO-8601 in UTC),
 * refusing instants outside years 0001–9999 UTC before any SQL sees them.
 */
export const DateTimeScalar = new GraphQLScalarType<Date, unknown>({
  name: 'DateTime',
  description:
    'An instant as an RFC 3339 date-time string, such as `2007-12-03T10:15:30Z`; any offset on input, UTC on output. ' +
    'From 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z (PostgreSQL has no year 0; later years have no four-digit form).',
  serialize: (value) => DateTimeResolver.serialize(value),
  parseValue: (value) => parse(value, describe(value)),
  parseLiteral: (ast: ValueNode) => parse(ast.kind === Kind.STRING ? ast.value : undefined, verbatim(print(ast))),
  extensions: DateTimeResolver.extensions,
});
