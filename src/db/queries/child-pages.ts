import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { RequestError } from '../../domain/common/domain-error';
import type { ConnectionResult } from '../../lib/connection';
import { columnsOf, readModel } from '../read-model';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, decodeCursor, encodeCursor, forwardConnection } from '../../lib/pagination';

export interface ChildPageArgs {
  first?: number | null;
  after?: string | null;
}

interface ChildListTable {
  /** Table holding the children, e.g. `follow_up`. */
  table: string;
  /** Column pointing at the parent, e.g. `customer_id`. */
  parentColumn: string;
  /** Sort column, newest first; ties broken by id. */
  sortColumn: string;
  /** Cursor key, so cursors of one list are refused by another. */
  cursorKey: string;
}

/**
 * A child list read as an entity (`readModel`, only the columns asked for), or as plain rows
 * turned into values by `read` (every column; a table with no entity, e.g. `audit_event`).
 */
export type ChildListSpec<T> = ChildListTable &
  ({ entity: new (...args: never[]) => T; read?: never } | { entity?: never; read: (row: Record<string, unknown>) => T });

interface PageKey {
  parentId: number;
  first: number;
  after: number | null;
  /** The columns to read, or null for all. */
  columns: readonly string[] | null;
}

const keyOf = (k: PageKey) => `${k.parentId}:${k.first}:${k.after ?? ''}:${k.columns?.join(',') ?? '*'}`;

/**
 * One paginated child list (`customer.followUps(first: 3)`) for every parent of a page in a
 * single statement: a LATERAL subquery per parent id, newest first, reading only the columns
 * asked for (`props`, entity property names; all when null). `totalCount` is a second
 * grouped statement, run only when asked.
 */
export function childPageLoader<T extends object>(em: EntityManager, spec: ChildListSpec<T>) {
  const { table, parentColumn, sortColumn } = spec;
  const pages = new DataLoader<PageKey, { rows: T[]; ids: number[]; hasMore: boolean }, string>(
    async (keys) => {
      const groups = new Map<string, PageKey[]>();
      for (const key of keys) {
        const group = `${key.first}:${key.after ?? ''}:${key.columns?.join(',') ?? '*'}`;
        groups.set(group, [...(groups.get(group) ?? []), key]);
      }
      const results = new Map<string, { rows: T[]; ids: number[]; hasMore: boolean }>();
      for (const group of groups.values()) {
        const { first, after, columns } = group[0];
        const read = spec.entity ? readModel(em, spec.entity, columns) : spec.read;
        const selected = columns ? [...new Set([...columns, sortColumn])].map((c) => `t.${c}`).join(', ') : 't.*';
        const parentIds = [...new Set(group.map((k) => k.parentId))];
        const bound = after
          ? `and (t.${sortColumn}, t.id) < (select ${sortColumn}, id from ${table} where id = ? and ${parentColumn} = p.id)`
          : '';
        const rows: Array<Record<string, unknown> & { id: number; __parent: number }> = await em.execute(
          `select ${selected}, p.id as __parent
             from unnest(array[?]::int[]) as p(id)
             cross join lateral (
               select ${selected} from ${table} t
                where t.${parentColumn} = p.id ${bound}
                order by t.${sortColumn} desc, t.id desc
                limit ?
             ) t`,
          [parentIds, ...(after ? [after] : []), first + 1],
        );
        const byParent = new Map<number, Array<Record<string, unknown> & { id: number }>>();
        for (const row of rows) {
          const mine = byParent.get(row.__parent);
          if (mine) mine.push(row);
          else byParent.set(row.__parent, [row]);
        }
        for (const parentId of parentIds) {
          const mine = byParent.get(parentId) ?? [];
          const page = mine.slice(0, first);
          results.set(keyOf({ parentId, first, after, columns }), {
            rows: page.map(read),
            ids: page.map((r) => r.id),
            hasMore: mine.length > first,
          });
        }
      }
      return keys.map((k) => results.get(keyOf(k))!);
    },
    { cacheKeyFn: keyOf },
  );
  const counts = new DataLoader<number, number>(async (parentIds) => {
    const rows: Array<{ parent: number; count: number }> = await em.execute(
      `select ${parentColumn} as parent, count(*)::int as count from ${table} where ${parentColumn} in (?) group by 1`,
      [[...parentIds]],
    );
    const byParent = new Map(rows.map((r) => [r.parent, r.count]));
    return parentIds.map((id) => byParent.get(id) ?? 0);
  });

  return async (parentId: number, args: ChildPageArgs, props: readonly string[] | null = null): Promise<ConnectionResult<T>> => {
    const first = args.first ?? DEFAULT_PAGE_SIZE;
    if (first < 0 || first > MAX_PAGE_SIZE) {
      throw new RequestError('BAD_USER_INPUT', `first must be between 0 and ${MAX_PAGE_SIZE}, got ${first}`);
    }
    const after = args.after ? decodeCursor(args.after, spec.cursorKey, 'after') : null;
    const page =
      first === 0
        ? { rows: [], ids: [], hasMore: false }
        : await pages.load({ parentId, first, after, columns: spec.entity ? columnsOf(em, spec.entity, props) : null });
    const edges = page.rows.map((node, i) => ({ cursor: encodeCursor(spec.cursorKey, page.ids[i]), node }));
    return forwardConnection(edges, page.hasMore, after != null, () => counts.load(parentId));
  };
}
