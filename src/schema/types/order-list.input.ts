import { ArgsType, Field, ID, InputType, registerEnumType } from 'type-graphql';
import type { OrderStatus } from '../../domain/records/records.enums';
import { PaginationArgs } from '../../resolvers/pagination.args';
import { CalendarDateScalar } from '../scalars/calendar-date.scalar';
import { OrderStatusEnum } from './records.enums';

export enum OrderSortKey {
  ORDERED_AT = 'ORDERED_AT',
  TOTAL = 'TOTAL',
  ID = 'ID',
}
registerEnumType(OrderSortKey, { name: 'OrderSortKey', description: 'Ties are broken by id.' });

@InputType({ description: 'Calendar days in the company time zone, both included.' })
export class DayRangeInput {
  @Field(() => CalendarDateScalar, { nullable: true }) from?: string | null;
  @Field(() => CalendarDateScalar, { nullable: true }) to?: string | null;
}

@InputType({ description: 'Which orders; every field narrows the list (within your data scope: the orders of your customers).' })
export class OrderListFilter {
  @Field(() => [OrderStatusEnum], { nullable: true }) statuses?: OrderStatus[] | null;
  @Field(() => DayRangeInput, { nullable: true, description: 'The day the order was placed, company calendar.' })
  orderedOn?: DayRangeInput | null;
  @Field(() => [ID], { nullable: true, description: 'Sold by these users.' }) salespersonIds?: string[] | null;
  @Field(() => [ID], { nullable: true, description: "Sold by users of these departments' subtrees." }) departmentIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) storeIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) customerIds?: string[] | null;
  @Field(() => [ID], { nullable: true, description: 'With a line of one of these products.' }) productIds?: string[] | null;
  @Field(() => [ID], { nullable: true, description: "With a line of a product in these categories' subtrees." }) categoryIds?:
    string[] | null;
}

@ArgsType()
export class OrdersArgs extends PaginationArgs {
  @Field(() => OrderListFilter, { nullable: true }) filter?: OrderListFilter | null;
  @Field(() => OrderSortKey, { defaultValue: OrderSortKey.ORDERED_AT }) sortKey!: OrderSortKey;
  @Field(() => Boolean, { defaultValue: false, description: 'Newest (or largest) first when true.' }) reverse!: boolean;
}
