import { GraphQLError, GraphQLScalarType, Kind, print, type ValueNode } from 'graphql';
import { say, type Bilingual } from '../../domain/common/bilingual';
import { bilingualError } from '../../server/request-locale';

const DECIMAL = /^-?\d{1,14}(\.\d{1,6})?$/;
const FORM = say(
  'Decimal 必须是字符串（例如 "1299.50"，整数部分最多 14 位、小数部分最多 6 位）或整数',
  'Decimal must be a string such as "1299.50" (at most 14 digits before the point and 6 after) or an integer',
);

function refuse(text: Bilingual): never {
  throw bilingualError(text, { extensions: { code: 'BAD_USER_INPUT' } });
}

/** The form, then what was sent. */
function refuseGot(got: string): never {
  return refuse(say(`${FORM.zh}，收到的是 ${got}`, `${FORM.en}, got ${got}`));
}

function parseText(text: string, got: string): string {
  const value = text.trim();
  if (!DECIMAL.test(value)) refuseGot(got);
  return value;
}

/**
 * Variables arrive through JSON.parse: an integer is exact up to 2^53 (beyond the 14 digits
 * allowed), but a number with a fraction has already been rounded to binary.
 */
function parseValue(value: unknown): string {
  if (typeof value === 'string') return parseText(value, JSON.stringify(value));
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return parseText(String(value), String(value));
    if (Number.isFinite(value) && !Number.isInteger(value)) {
      refuse(
        say(
          `${FORM.zh}；带小数的 JSON 数字已被舍入为二进制浮点数，请以字符串发送（"${value}"），收到的是 ${value}`,
          `${FORM.en}; a JSON number with a fraction has already been rounded to binary, send it as a string ("${value}"), got ${value}`,
        ),
      );
    }
    refuseGot(String(value));
  }
  return refuseGot(JSON.stringify(value) ?? String(value));
}

/**
 * In the document an integer literal is its own digits, exact: `amount: 12` is "12". A float
 * literal is refused like a float variable, so one rule holds however a client writes it.
 */
function parseLiteral(ast: ValueNode): string {
  switch (ast.kind) {
    case Kind.STRING:
      return parseText(ast.value, print(ast));
    case Kind.INT:
      return parseText(ast.value, ast.value);
    case Kind.FLOAT:
      return refuse(
        say(
          `${FORM.zh}；小数请写成字符串（"${ast.value}"），收到的是浮点数 ${ast.value}`,
          `${FORM.en}; write a fraction as a string ("${ast.value}"), got the float ${ast.value}`,
        ),
      );
    default:
      return refuseGot(print(ast));
  }
}

/**
 * An exact decimal number carried as a string (`"1299.50"`), so money never passes through
 * a float. GraphQL `Float` and `Int` (32-bit) cannot hold it exactly.
 */
export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description:
    'An exact decimal number as a string, e.g. "1299.50": at most 14 digits before the point and 6 after. ' +
    'On input an integer (`12`) is accepted too; a float (`12.5`) never is.',
  serialize: (value) => {
    if (typeof value === 'string') return value;
    throw new GraphQLError('Decimal values are strings from NUMERIC columns');
  },
  parseValue,
  parseLiteral,
});
