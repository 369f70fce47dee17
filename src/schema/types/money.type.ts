import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { CURRENCY_CODES, type CurrencyCode } from '../../domain/records/records.enums';
import { DecimalScalar } from '../scalars/decimal.scalar';

export const CurrencyCodeEnum = Object.fromEntries(CURRENCY_CODES.values.map((c) => [c, c])) as { [K in CurrencyCode]: K };
registerEnumType(CurrencyCodeEnum, { name: 'CurrencyCode', description: 'ISO 4217 currency code.' });

@ObjectType('Money', { description: 'An exact amount of money in a currency.' })
export class MoneyType {
  @Field(() => DecimalScalar)
  amount!: string;

  @Field(() => CurrencyCodeEnum)
  currencyCode!: CurrencyCode;
}

export function money(amount: string, currencyCode: CurrencyCode): MoneyType {
  return { amount, currencyCode };
}
