import { columnsOf, readModel } from '../db/read-model';
import { normalisePhone } from '../domain/customer/contact';
import type * as V from '../domain/customer/customer.enums';
import { Customer, CustomFieldDefinition } from '../entities';
import { applyCustomerScope, scopeFor } from './customer-scope';
import { customerScopeSql } from '../domain/access/customer-scope.sql';
import { pgArray, PINYIN_COLLATION, raw, sql } from '../domain/common/sql';
import { escapeLike } from './sql';
import { paginate, type KeysetSort, type PageArgs } from '../lib/pagination';
import type { ServiceContext } from './service-context';

export type CustomerSort = 'CREATED_AT' | 'UPDATED_AT' | 'NAME' | 'ID';

const SORTS: Record<CustomerSort, KeysetSort> = {
  CREATED_AT: { key: 'CREATED_AT', column: 'c.created_at' },
  UPDATED_AT: { key: 'UPDATED_AT', column: 'c.updated_at' },
  NAME: { key: 'NAME', column: 'c.name', collation: PINYIN_COLLATION },
  ID: { key: 'ID', column: 'c.id' },
};

/** Which customers a list shows: all given conditions hold; a list matches any of its values. */
export interface CustomerListFilter {
  /** Part of the name, company, a phone (any format) or an email. */
  search?: string | null;
  kinds?: V.CustomerKind[] | null;
  /** Owned by any of these users (local ids). */
  ownerIds?: number[];
  /** true: customers with no owner; false: with one. */
  unassigned?: boolean | null;
  /** In any of these departments (local ids) or their subtrees. */
  departmentIds?: number[];
  storeIds?: number[];
  sources?: V.CustomerSource[] | null;
  country?: string | null;
  provinces?: string[] | null;
  cities?: string[] | null;
  cityTiers?: number[] | null;
  industries?: string[] | null;
  /** Has any of these tags. */
  tags?: string[] | null;
  /** Has all of these tags. */
  allTags?: string[] | null;
  types?: V.BehaviouralType[] | null;
  /** `from` inclusive, `to` exclusive. */
  createdAt?: { from?: Date | null; to?: Date | null } | null;
  includeArchived?: boolean | null;
  archivedOnly?: boolean | null;
}

export interface CustomerListQuery {
  filter: CustomerListFilter;
  sortKey: CustomerSort;
  reverse: boolean;
}

/** Reads of the customer database, always within the viewer's data scope. */
export class CustomerQueryService {
  constructor(private readonly ctx: ServiceContext) {}

  /** A page of customers; with `props` (entity property names), only the columns holding them, the id and the sort column are read. */
  list(args: PageArgs, { filter: f, sortKey, reverse }: CustomerListQuery, props: readonly string[] | null = null) {
    const em = this.ctx.em;
    const knex = em.getKnex();
    const sort = SORTS[sortKey];
    const columns = columnsOf(em, Customer, props);
    const selected = columns && [...new Set([...columns, sort.column.slice(2)])];
    const q = knex.from('customer as c').select(selected ? selected.map((c) => `c.${c}`) : 'c.*');
    applyCustomerScope(q, scopeFor(this.ctx.viewer));
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
    if (f.ownerIds?.length) q.whereIn('c.owner_id', f.ownerIds);
    if (f.unassigned != null) f.unassigned ? q.whereNull('c.owner_id') : q.whereNotNull('c.owner_id');
    if (f.departmentIds?.length) {
      q.whereRaw(
        `c.department_id in (select d.id from department d join department root on d.path like root.path || '%' where root.id in (?))`,
        [f.departmentIds],
      );
    }
    if (f.storeIds?.length) q.whereIn('c.store_id', f.storeIds);
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
      sort,
      reverse,
      args,
      toNodes: (rows: Array<Record<string, unknown>>) => rows.map(readModel(em, Customer, selected)),
    });
  }

  /** Customers by local id within the scope, in one statement; absent ids map to null. With `props`, only their columns (and the id). */
  async byIds(localIds: readonly number[], props: readonly string[] | null = null): Promise<Array<Customer | null>> {
    const em = this.ctx.em;
    // A merged customer's id resolves to the customer it was merged into: its column is always read.
    const asked = columnsOf(em, Customer, props);
    const columns = asked && !asked.includes('merged_into_id') ? [...asked, 'merged_into_id'] : asked;
    // Tagged SQL rather than a knex builder: this is every `customer(id:)` and `node(id:)`, and
    // building and compiling a knex query cost more than the statement's own round trip.
    const statement = sql`select ${raw(columns ? columns.map((c) => `c."${c}"`).join(', ') : 'c.*')}
        from customer c
       where c.id = any(${pgArray(localIds)}::int[]) and ${customerScopeSql(scopeFor(this.ctx.viewer))}`;
    const rows = await em.execute<Array<Record<string, unknown> & { id: number }>>(statement.sql, statement.params);
    const read = readModel(em, Customer, columns);
    const byId = new Map<number, Customer | null>(rows.map((r) => [r.id, read(r)]));
    const mergedInto = [...new Set(rows.flatMap((r) => (r.merged_into_id == null ? [] : [r.merged_into_id as number])))];
    if (mergedInto.length) {
      const targets = await this.byIds(mergedInto, props);
      mergedInto.forEach((target, i) => {
        for (const r of rows) if (r.merged_into_id === target) byId.set(r.id, targets[i]);
      });
    }
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
