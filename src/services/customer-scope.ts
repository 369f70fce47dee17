import type { Knex } from '@mikro-orm/postgresql';
import { customerScopeSql } from '../domain/access/customer-scope.sql';
import { customerScopeOf, type CustomerScope, type Viewer } from '../domain/access/viewer';

/** The knex adapter of `customerScopeSql` (the one SQL twin of `scopeAllows`): restricts a query over `customer` aliased `alias`. */
export function applyCustomerScope(query: Knex.QueryBuilder, scope: CustomerScope, alias = 'c'): Knex.QueryBuilder {
  if (scope.kind === 'all') return query;
  const condition = customerScopeSql(scope, alias);
  return query.whereRaw(condition.sql, condition.params as Knex.RawBinding[]);
}

export function scopeFor(viewer: Viewer | null): CustomerScope {
  if (!viewer) throw new Error('customer access without a viewer');
  return customerScopeOf(viewer);
}
