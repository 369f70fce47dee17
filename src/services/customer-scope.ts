import type { Knex } from '@mikro-orm/postgresql';
import { customerScopeOf, type CustomerScope, type Viewer } from '../domain/access/viewer';

/** The SQL twin of `scopeAllows`: restricts a query over `customer` aliased `alias`. */
export function applyCustomerScope(query: Knex.QueryBuilder, scope: CustomerScope, alias = 'c'): Knex.QueryBuilder {
  switch (scope.kind) {
    case 'all':
      return query;
    case 'owner':
      return query.where(`${alias}.owner_id`, scope.userId);
    case 'subtree':
      return query.where((q) =>
        q
          .where(`${alias}.owner_id`, scope.userId)
          // `= any(array(…))` as in customerScopeSql (segment.sql.ts): read through customer_department_idx
          // (a sales department manager's customer count on 1M customers: 6 ms instead of 0.6 s).
          .orWhereRaw(`${alias}.department_id = any(array(select id from department where path like ? || '%'))`, [scope.path]),
      );
  }
}

export function scopeFor(viewer: Viewer | null): CustomerScope {
  if (!viewer) throw new Error('customer access without a viewer');
  return customerScopeOf(viewer);
}
