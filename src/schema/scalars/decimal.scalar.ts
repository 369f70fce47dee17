import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const DECIMAL = /^-?\d{1,14}(\.\d{1,6})?$/;

function parse(value: unknown): string {
  if (typeof value !== 'string' || !DECIMAL.test(value.trim())) {
    throw new GraphQLError(`Decimal must be a string such as "1299.00" (no floats), got ${JSON.stringify(value)}`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return value.trim();
}

/**
 * An exact decimal number carried as a string (`"1299.50"`), so money never passes through
 * a float. GraphQL `Float` and `Int` (32-bit) cannot hold it exactly.
 */
export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description: 'An exact decimal number as a string, e.g. "1299.50". Never a float.',
  serialize: (value) => {
    if (typeof value === 'string') return value;
    throw new GraphQLError('Decimal values are strings from NUMERIC columns');
  },
  parseValue: parse,
  parseLiteral: (ast) => parse(ast.kind === Kind.STRING ? ast.value : undefined),
});
