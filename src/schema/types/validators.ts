import Decimal from 'decimal.js';
import { Matches, ValidateBy } from 'class-validator';
import { ruleText } from './rule-text';

/** Text that is more than whitespace (it is trimmed before it is stored). */
export const NotBlank = () => Matches(/\S/, ruleText('不能为空或只含空格', '$property must not be blank'));

/**
 * A decimal string that fits its NUMERIC column: at most `scale` decimals and `integerDigits`
 * digits before the point; greater than 0 when `positive`, else not negative.
 */
export function DecimalWithin(scale: number, integerDigits: number, positive: boolean) {
  // class-validator reports the English `defaultMessage`; the Chinese travels in `context` as with `ruleText`.
  const zh = `必须${positive ? '大于 0' : '不小于 0'}，最多 ${scale} 位小数，整数部分最多 ${integerDigits} 位`;
  return ValidateBy(
    {
      name: 'decimalWithin',
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string') return false;
          const d = new Decimal(value);
          const bound = new Decimal(10).pow(integerDigits);
          return (positive ? d.gt(0) : d.gte(0)) && d.decimalPlaces() <= scale && d.abs().lt(bound);
        },
        defaultMessage: () =>
          `must be ${positive ? 'greater than 0' : '0 or more'}, with at most ${scale} decimals and ${integerDigits} digits before the point`,
      },
    },
    { context: { zh } },
  );
}

export const Quantity = () => DecimalWithin(3, 9, true);
export const Amount = () => DecimalWithin(2, 12, false);

/** A money amount greater than 0 (payments). */
export const PositiveAmount = () => DecimalWithin(2, 12, true);
