import { GraphQLScalarType, Kind, print, type ValueNode } from 'graphql';
import { say } from '../../domain/common/bilingual';
import { isCalendarDay } from '../../domain/common/calendar';
import { bilingualError } from '../../server/request-locale';
import { EARLIEST_DAY, LATEST_DAY } from './date-range';

function parse(value: unknown, got: string): string {
  // The pattern fixes four-digit years, so only year 0000 lies outside the range.
  if (typeof value !== 'string' || !isCalendarDay(value) || value < EARLIEST_DAY || value > LATEST_DAY) {
    throw bilingualError(
      say(
        `Date 必须是 YYYY-MM-DD 格式的日期，范围 ${EARLIEST_DAY} 至 ${LATEST_DAY}，收到的是 ${got}`,
        `Date must be a calendar day as YYYY-MM-DD, from ${EARLIEST_DAY} to ${LATEST_DAY}, got ${got}`,
      ),
      { extensions: { code: 'BAD_USER_INPUT' } },
    );
  }
  return value;
}

/** A calendar day, `YYYY-MM-DD`, with no time zone (birthdays, anniversaries). */
export const CalendarDateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: `A calendar day in ISO-8601 form, \`YYYY-MM-DD\`, from ${EARLIEST_DAY} to ${LATEST_DAY}.`,
  serialize: (value) => parse(value, JSON.stringify(value) ?? String(value)),
  parseValue: (value) => parse(value, JSON.stringify(value) ?? String(value)),
  parseLiteral: (ast: ValueNode) => parse(ast.kind === Kind.STRING ? ast.value : undefined, print(ast)),
});
