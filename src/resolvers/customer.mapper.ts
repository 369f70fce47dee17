import type { CustomerFilter } from '../schema/types/customer-filter.input';
import { CustomerSortKey } from '../schema/types/customer-filter.input';
import type { CustomerAssignInput, CustomerCreateInput, CustomerUpdateInput } from '../schema/types/customer.input';
import type { CustomerListQuery, CustomerSort } from '../services/customer-query.service';
import type { CustomerAssignCommand, CustomerCreateCommand, CustomerUpdateCommand } from '../services/customer.service';
import { filterLocalIds, givenId, optionalGivenId } from './given-id';
import { checked } from './records.mapper';

const SORTS: Record<CustomerSortKey, CustomerSort> = {
  [CustomerSortKey.CREATED_AT]: 'CREATED_AT',
  [CustomerSortKey.UPDATED_AT]: 'UPDATED_AT',
  [CustomerSortKey.NAME]: 'NAME',
  [CustomerSortKey.ID]: 'ID',
};

/** The `customers` arguments as a list query; a filter id of the wrong type is BAD_USER_INPUT. */
export function customerListQuery(
  filter: CustomerFilter | null | undefined,
  sortKey: CustomerSortKey,
  reverse: boolean,
): CustomerListQuery {
  const f = filter ?? {};
  return {
    filter: {
      ...f,
      ownerIds: filterLocalIds(f.ownerIds, 'User', 'ownerIds'),
      departmentIds: filterLocalIds(f.departmentIds, 'Department', 'departmentIds'),
      storeIds: filterLocalIds(f.storeIds, 'Store', 'storeIds'),
    },
    sortKey: SORTS[sortKey],
    reverse,
  };
}

export async function customerCreateCommand(input: CustomerCreateInput): Promise<CustomerCreateCommand> {
  return {
    ...(await checked(input)),
    ownerId: optionalGivenId(input.ownerId, 'User'),
    departmentId: optionalGivenId(input.departmentId, 'Department'),
    storeId: optionalGivenId(input.storeId, 'Store'),
  };
}

export async function customerUpdateCommand(input: CustomerUpdateInput): Promise<CustomerUpdateCommand> {
  return {
    ...(await checked(input)),
    id: givenId(input.id, 'Customer'),
    departmentId: optionalGivenId(input.departmentId, 'Department'),
    storeId: optionalGivenId(input.storeId, 'Store'),
  };
}

export async function customerAssignCommand(input: CustomerAssignInput): Promise<CustomerAssignCommand> {
  return {
    ...(await checked(input)),
    customerId: givenId(input.customerId, 'Customer'),
    ownerId: optionalGivenId(input.ownerId, 'User'),
  };
}
