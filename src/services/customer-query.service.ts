import { RequestError } from '../domain/common/domain-error';
import { readModel } from '../db/read-model';
import { normalisePhone } from '../domain/customer/contact';
import { Customer, CustomFieldDefinition } from '../entities';
import { localIdOf } from '../schema/global-id';
import { CustomerSortKey, type CustomerFilter } from '../schema/types/customer-filter.input';
import { applyCustomerScope, scopeFor } from './customer-scope';
import { escapeLike } from './sql';
import { paginate, type KeysetSort, type PageArgs } from './pagination';
import type { ServiceContext } from './service-context';

const SORTS: Record<CustomerSortKey, KeysetSort> = {
  [CustomerSortKey.CREATED_AT]: { key: 'CREATED_AT', column: 'c.created_at' },
  [CustomerSortKey.UPDATED_AT]: { key: 'UPDATED_AT', column: 'c.updated_at' },
  [CustomerSortKey.NAME]: { key: 'NAME', column: 'c.name' },
  [CustomerSortKey.ID]: { key: 'ID', column: 'c.id' },
};

function ids(globalIds: string[] | undefined, type: string, argument: string): number[] {
  return (globalIds ?? []).map((g) => {
    const id = localIdOf(g, type);
    if (!id) throw new RequestError('BAD_USER_INPUT', `filter.${argument}: "${g}" is not a ${type} id`);
    return id;
  });
}

/** Reads of the customer database, always within the viewer's data scope. */
export class CustomerQueryService {
  constructor(private readonly ctx: ServiceContext) {}

  list(args: PageArgs, filter: CustomerFilter | null | undefined, sortKey: CustomerSortKey, reverse: boolean) {
    const em = this.ctx.em;
    const knex = em.getKnex();
    const q = knex.from('customer as c').select('c.*');
    applyCustomerScope(q, scopeFor(this.ctx.viewer));
    const f = filter ?? {};
    if (f.archivedOnly) q.whereNotNull('c.archived_at');
    else if (!f.includeArchived) q.whereNull('c.archived_at');
    const search = f.search?.trim().toLowerCase();
    if (search) {
      const terms = [search];
      const phone = /^[+\d][\d\s()-]{5,}$/.test(search) ? normalisePhone(search) : null;
      if (phone?.ok) terms.push(phone.value);
      q.where((w) => {
        for (const term of terms) w.orWhereRaw(`c.search_text like ?`, [`%${escapeLike(term)}%`]);
      });
    }
    if (f.kinds?.length) q.whereIn('c.kind', f.kinds);
    const owners = ids(f.ownerIds, 'User', 'ownerIds');
    if (owners.length) q.whereIn('c.owner_id', owners);
    if (f.unassigned != null) (f.unassigned ? q.whereNull('c.owner_id') : q.whereNotNull('c.owner_id'));
    const departments = ids(f.departmentIds, 'Department', 'departmentIds');
    if (departments.length) {
      q.whereRaw(
        `c.department_id in (select d.id from department d join department root on d.path like root.path || '%' where root.id in (?))`,
        [departments],
      );
    }
    const stores = ids(f.storeIds, 'Store', 'storeIds');
    if (stores.length) q.whereIn('c.store_id', stores);
    if (f.sources?.length) q.whereIn('c.source', f.sources);
    if (f.country) q.where('c.country', f.country.toUpperCase());
    if (f.provinces?.length) q.whereIn('c.province', f.provinces);
    if (f.cities?.length) q.whereIn('c.city', f.cities);
    if (f.cityTiers?.length) q.whereIn('c.city_tier', f.cityTiers);
    if (f.industries?.length) q.whereIn('c.industry', f.industries);
    if (f.tags?.length) q.whereRaw('c.tags && array[?]::text[]', [f.tags]);
    if (f.allTags?.length) q.whereRaw('c.tags @> array[?]::text[]', [f.allTags]);
    if (f.types?.length) q.whereRaw('c.types && array[?]::text[]', [f.types]);
    if (f.createdAt?.from) q.where('c.created_at', '>=', f.createdAt.from);
    if (f.createdAt?.to) q.where('c.created_at', '<', f.createdAt.to);
    return paginate({
      em,
      base: q,
      idColumn: 'c.id',
      sort: SORTS[sortKey],
      reverse,
      args,
      toNodes: (rows: Array<Record<string, unknown>>) => rows.map(readModel(em, Customer)),
    });
  }

  /** Customers by local id within the scope, in one statement; absent ids map to null. */
  async byIds(localIds: readonly number[]): Promise<Array<Customer | null>> {
    const em = this.ctx.em;
    const q = em.getKnex().from('customer as c').select('c.*').whereIn('c.id', [...localIds]);
    applyCustomerScope(q, scopeFor(this.ctx.viewer));
    const rows: Array<{ id: number }> = await em.execute(q);
    const read = readModel(em, Customer);
    const byId = new Map(rows.map((r) => [r.id, read(r)]));
    return localIds.map((id) => byId.get(id) ?? null);
  }

  listCustomFieldDefinitions(args: PageArgs, includeInactive: boolean) {
    const em = this.ctx.em;
    const q = em.getKnex().from('custom_field_definition as f').select('f.*');
    if (!includeInactive) q.where('f.active', true);
    return paginate({
      em,
      base: q,
      idColumn: 'f.id',
      sort: { key: 'POSITION', column: 'f.position' },
      args,
      toNodes: (rows: Array<Record<string, unknown>>) => rows.map(readModel(em, CustomFieldDefinition)),
    });
  }
}
