import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { tracedBatch } from '../../lib/spans';
import type { ConnectionResult } from '../../lib/connection';
import { columnsOf, readModel } from '../read-model';
import { checkPageArgs, decodeCursor, encodeCursor, pageConnection } from '../../lib/pagination';

export interface ChildPageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
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
  /** Rows wanted: `first`, or `last` when `backward`. */
  limit: number;
  backward: boolean;
  after: number | null;
  before: number | null;
  /** The columns to read, or null for all. */
  columns: readonly string[] | null;
}

const groupOf = (k: PageKey) => `${k.limit}:${k.backward}:${k.after ?? ''}:${k.before ?? ''}:${k.columns?.join(',') ?? '*'}`;
const keyOf = (k: PageKey) => `${k.parentId}:${groupOf(k)}`;

/**
 * One paginated child list (`customer.followUps(first: 3)`) for every parent of a page in a
 * single statement: a LATERAL subquery per parent id, newest first, reading only the columns
 * asked for (`props`, entity property names; all when null). Pages go both ways: `first` /
 * `after` forward, `last` / `before` backward (read oldest first from the cursor, then
 * turned round). `totalCount` is a second grouped statement, run only when asked.
 */
export function childPageLoader<T extends object>(em: EntityManager, spec: ChildListSpec<T>) {
  const { table, parentColumn, sortColumn } = spec;
  const pages = new DataLoader<PageKey, { rows: T[]; ids: number[]; hasMore: boolean }, string>(
    tracedBatch(`${table}.page`, async (keys) => {
      const groups = new Map<string, PageKey[]>();
      for (const key of keys) groups.set(groupOf(key), [...(groups.get(groupOf(key)) ?? []), key]);
      const results = new Map<string, { rows: T[]; ids: number[]; hasMore: boolean }>();
      for (const group of groups.values()) {
        const { limit, backward, after, before, columns } = group[0];
        const read = spec.entity ? readModel(em, spec.entity, columns) : spec.read;
        const selected = columns ? [...new Set([...columns, sortColumn])].map((c) => `t.${c}`).join(', ') : 't.*';
        const parentIds = [...new Set(group.map((k) => k.parentId))];
        // The list is newest first: after a cursor means older than its row, before it newer.
        const bound = (op: '<' | '>') =>
          `and (t.${sortColumn}, t.id) ${op} (select ${sortColumn}, id from ${table} where id = ? and ${parentColumn} = p.id)`;
        const direction = backward ? 'asc' : 'desc';
        const rows: Array<Record<string, unknown> & { id: number; __parent: number }> = await em.execute(
          `select ${selected}, p.id as __parent
             from unnest(array[?]::int[]) as p(id)
             cross join lateral (
               select ${selected} from ${table} t
                where t.${parentColumn} = p.id ${after ? bound('<') : ''} ${before ? bound('>') : ''}
                order by t.${sortColumn} ${direction}, t.id ${direction}
                limit ?
             ) t`,
          [parentIds, ...(after ? [after] : []), ...(before ? [before] : []), limit + 1],
        );
        const byParent = new Map<number, Array<Record<string, unknown> & { id: number }>>();
        for (const row of rows) {
          const mine = byParent.get(row.__parent);
          if (mine) mine.push(row);
          else byParent.set(row.__parent, [row]);
        }
        for (const parentId of parentIds) {
          const mine = byParent.get(parentId) ?? [];
          const page = mine.slice(0, limit);
          if (backward) page.reverse();
          results.set(keyOf({ ...group[0], parentId }), {
            rows: page.map(read),
            ids: page.map((r) => r.id),
            hasMore: mine.length > limit,
          });
        }
      }
      return keys.map((k) => results.get(keyOf(k))!);
    }),
    { cacheKeyFn: keyOf },
  );
  const counts = new DataLoader<number, number>(
    tracedBatch(`${table}.count`, async (parentIds) => {
      const rows: Array<{ parent: number; count: number }> = await em.execute(
        `select ${parentColumn} as parent, count(*)::int as count from ${table} where ${parentColumn} in (?) group by 1`,
        [[...parentIds]],
      );
      const byParent = new Map(rows.map((r) => [r.parent, r.count]));
      return parentIds.map((id) => byParent.get(id) ?? 0);
    }),
  );

  return async (parentId: number, args: ChildPageArgs, props: readonly string[] | null = null): Promise<ConnectionResult<T>> => {
    const { limit, backward } = checkPageArgs(args);
    const after = args.after ? decodeCursor(args.after, spec.cursorKey, 'after') : null;
    const before = args.before ? decodeCursor(args.before, spec.cursorKey, 'before') : null;
    const page =
      limit === 0
        ? { rows: [], ids: [], hasMore: false }
        : await pages.load({ parentId, limit, backward, after, before, columns: spec.entity ? columnsOf(em, spec.entity, props) : null });
    const edges = page.rows.map((node, i) => ({ cursor: encodeCursor(spec.cursorKey, page.ids[i]), node }));
    return pageConnection(edges, { hasMore: page.hasMore, backward, cursorGiven: (backward ? before : after) != null }, () =>
      counts.load(parentId),
    );
  };
}
