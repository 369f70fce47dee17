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
          .orWhereRaw(`${alias}.department_id in (select id from department where path like ? || '%')`, [scope.path]),
      );
  }
}

export function scopeFor(viewer: Viewer | null): CustomerScope {
  if (!viewer) throw new Error('customer access without a viewer');
  return customerScopeOf(viewer);
}
