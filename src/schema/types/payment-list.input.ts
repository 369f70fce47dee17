import { ArgsType, Field, ID, InputType, registerEnumType } from 'type-graphql';
import type { PaymentMethod } from '../../domain/records/records.enums';
import { PaginationArgs } from '../../resolvers/pagination.args';
import { DayRangeInput } from './order-list.input';
import { PaymentMethodEnum } from './records.enums';

export enum PaymentSortKey {
  PAID_AT = 'PAID_AT',
  AMOUNT = 'AMOUNT',
  ID = 'ID',
}
registerEnumType(PaymentSortKey, { name: 'PaymentSortKey', description: 'Ties are broken by id.' });

@InputType({ description: 'Which payments; every field narrows the list (within your data scope: the payments of your customers).' })
export class PaymentListFilter {
  @Field(() => DayRangeInput, { nullable: true, description: 'The day the money was received, company calendar.' })
  paidOn?: DayRangeInput | null;
  @Field(() => [PaymentMethodEnum], { nullable: true }) methods?: PaymentMethod[] | null;
  @Field(() => [ID], { nullable: true }) customerIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) orderIds?: string[] | null;
  @Field(() => [ID], { nullable: true, description: 'Against orders sold by these users.' }) salespersonIds?: string[] | null;
  @Field(() => [ID], { nullable: true, description: "Against orders sold by users of these departments' subtrees." }) departmentIds?:
    string[] | null;
  @Field(() => [ID], { nullable: true, description: 'Against orders of these stores.' }) storeIds?: string[] | null;
  @Field(() => [ID], { nullable: true, description: 'Recorded by these users.' }) recordedByIds?: string[] | null;
}

@ArgsType()
export class PaymentsArgs extends PaginationArgs {
  @Field(() => PaymentListFilter, { nullable: true }) filter?: PaymentListFilter | null;
  @Field(() => PaymentSortKey, { defaultValue: PaymentSortKey.PAID_AT }) sortKey!: PaymentSortKey;
  @Field(() => Boolean, { defaultValue: false, description: 'Newest (or largest) first when true.' }) reverse!: boolean;
}
