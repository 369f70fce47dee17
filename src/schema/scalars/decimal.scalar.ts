import { GraphQLError, GraphQLScalarType, Kind, print, type ValueNode } from 'graphql';

const DECIMAL = /^-?\d{1,14}(\.\d{1,6})?$/;
const FORM = 'Decimal must be a string such as "1299.50" (at most 14 digits before the point and 6 after) or an integer';

function refuse(message: string): never {
  throw new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

function parseText(text: string, got: string): string {
  const value = text.trim();
  if (!DECIMAL.test(value)) refuse(`${FORM}, got ${got}`);
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
      refuse(`${FORM}; a JSON number with a fraction has already been rounded to binary, send it as a string ("${value}"), got ${value}`);
    }
    refuse(`${FORM}, got ${value}`);
  }
  return refuse(`${FORM}, got ${JSON.stringify(value) ?? String(value)}`);
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
      return refuse(`${FORM}; write a fraction as a string ("${ast.value}"), got the float ${ast.value}`);
    default:
      return refuse(`${FORM}, got ${print(ast)}`);
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
