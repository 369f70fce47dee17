import type {
  DepartmentCreateInput,
  DepartmentFilter,
  DepartmentUpdateInput,
  StoreCreateInput,
  StoreFilter,
  StoreUpdateInput,
  UserCreateInput,
  UserFilter,
  UserUpdateInput,
} from '../schema/types/org.input';
import type {
  DepartmentCreateCommand,
  DepartmentListFilter,
  DepartmentUpdateCommand,
  StoreCreateCommand,
  StoreListFilter,
  StoreUpdateCommand,
  UserCreateCommand,
  UserListFilter,
  UserUpdateCommand,
} from '../services/org.service';
import { filterLocalId, givenId, optionalGivenId } from './given-id';
import { checked } from './records.mapper';

// An empty id in an optional field reads as none, as it always has; a filter id of the wrong
// type is BAD_USER_INPUT naming the filter field.

export function departmentListFilter(filter: DepartmentFilter | null | undefined): DepartmentListFilter {
  return {
    parentId: filter?.parentId ? filterLocalId(filter.parentId, 'Department', 'parentId') : null,
    rootsOnly: filter?.rootsOnly,
  };
}

export function storeListFilter(filter: StoreFilter | null | undefined): StoreListFilter {
  return {
    departmentId: filter?.departmentId ? filterLocalId(filter.departmentId, 'Department', 'departmentId') : null,
    active: filter?.active,
  };
}

export function userListFilter(filter: UserFilter | null | undefined): UserListFilter {
  return {
    role: filter?.role,
    departmentId: filter?.departmentId ? filterLocalId(filter.departmentId, 'Department', 'departmentId') : null,
    storeId: filter?.storeId ? filterLocalId(filter.storeId, 'Store', 'storeId') : null,
    active: filter?.active,
    search: filter?.search,
  };
}

export async function departmentCreateCommand(input: DepartmentCreateInput): Promise<DepartmentCreateCommand> {
  return { ...(await checked(input)), parentId: optionalGivenId(input.parentId, 'Department') };
}

export async function departmentUpdateCommand(input: DepartmentUpdateInput): Promise<DepartmentUpdateCommand> {
  return { ...(await checked(input)), id: givenId(input.id, 'Department'), parentId: optionalGivenId(input.parentId, 'Department') };
}

export async function storeCreateCommand(input: StoreCreateInput): Promise<StoreCreateCommand> {
  return { ...(await checked(input)), departmentId: givenId(input.departmentId, 'Department') };
}

export async function storeUpdateCommand(input: StoreUpdateInput): Promise<StoreUpdateCommand> {
  return {
    ...(await checked(input)),
    id: givenId(input.id, 'Store'),
    // Here an empty id is an id that names nothing (NOT_FOUND), not "none".
    departmentId: input.departmentId == null ? input.departmentId : givenId(input.departmentId, 'Department'),
  };
}

export async function userCreateCommand(input: UserCreateInput): Promise<UserCreateCommand> {
  return {
    ...(await checked(input)),
    departmentId: optionalGivenId(input.departmentId, 'Department'),
    storeId: optionalGivenId(input.storeId, 'Store'),
  };
}

export async function userUpdateCommand(input: UserUpdateInput): Promise<UserUpdateCommand> {
  return {
    ...(await checked(input)),
    id: givenId(input.id, 'User'),
    departmentId: optionalGivenId(input.departmentId, 'Department'),
    storeId: optionalGivenId(input.storeId, 'Store'),
  };
}
