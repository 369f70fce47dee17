import type { EntityManager } from '@mikro-orm/postgresql';
import type { Knex } from '@mikro-orm/postgresql';
import { say } from '../domain/common/bilingual';
import { RequestError } from '../domain/common/domain-error';
import type { ConnectionResult } from './connection';
import { cursorIdOf, encodeCursor } from '../domain/common/global-id';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface KeysetSort {
  /** Name carried in the cursor, so a cursor of one sort order is refused by another. */
  key: string;
  /** Qualified SQL column sorted on, e.g. `c.created_at`; ties broken by `idColumn`. */
  column: string;
  /** A collation for the sort and its bounds, e.g. `zh-x-icu` (names in pinyin order); the database's default when absent. */
  collation?: string;
}

export interface PageQuery<Row, T> {
  em: EntityManager;
  /** Filtered query without ordering or limits; selects at least `idColumn`. */
  base: Knex.QueryBuilder;
  idColumn: string;
  sort: KeysetSort;
  reverse?: boolean;
  args: PageArgs;
  toNodes(rows: Row[]): T[];
}

export { encodeCursor };

/** The local id in `cursor` (made by `encodeCursor(sortKey, …)`), or BAD_USER_INPUT naming `argument`. */
export function decodeCursor(cursor: string, sortKey: string, argument: string): number {
  const id = cursorIdOf(cursor, sortKey);
  if (id == null) {
    throw new RequestError(
      'BAD_USER_INPUT',
      say(`${argument}：“${cursor}”不是此列表在当前排序下的游标`, `${argument}: "${cursor}" is not a cursor of this list and sort order`),
    );
  }
  return id;
}

export function checkPageArgs(args: PageArgs): { limit: number; backward: boolean } {
  for (const name of ['first', 'last'] as const) {
    const value = args[name];
    if (value != null && (value < 0 || value > MAX_PAGE_SIZE)) {
      throw new RequestError(
        'BAD_USER_INPUT',
        say(`${name} 必须在 0 到 ${MAX_PAGE_SIZE} 之间，实际为 ${value}`, `${name} must be between 0 and ${MAX_PAGE_SIZE}, got ${value}`),
      );
    }
  }
  if (args.first != null && args.last != null) {
    throw new RequestError('BAD_USER_INPUT', say('first 和 last 只能给其中一个', 'pass either first or last, not both'));
  }
  if (args.last != null) return { limit: args.last, backward: true };
  return { limit: args.first ?? DEFAULT_PAGE_SIZE, backward: false };
}

/**
 * A page as a connection. Forward (`first`): `hasMore` is whether a row followed the page,
 * `cursorGiven` whether the page started after a cursor. Backward (`last`): `hasMore` is
 * whether a row preceded the page, `cursorGiven` whether it ended before a cursor.
 * `totalCount` runs only when a client asks for it, and once.
 */
export function pageConnection<T>(
  edges: Array<{ cursor: string; node: T }>,
  page: { hasMore: boolean; backward: boolean; cursorGiven: boolean },
  totalCount: () => Promise<number>,
): ConnectionResult<T> {
  let total: Promise<number> | undefined;
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage: page.backward ? page.cursorGiven : page.hasMore,
      hasPreviousPage: page.backward ? page.hasMore : page.cursorGiven,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    get totalCount() {
      total ??= totalCount();
      return total;
    },
  };
}

/** A forward-only page (`first`/`after`) as a connection (`pageConnection`). */
export function forwardConnection<T>(
  edges: Array<{ cursor: string; node: T }>,
  hasMore: boolean,
  afterGiven: boolean,
  totalCount: () => Promise<number>,
): ConnectionResult<T> {
  return pageConnection(edges, { hasMore, backward: false, cursorGiven: afterGiven }, totalCount);
}

/**
 * Keyset pagination over (sort column, id). A cursor holds only the row's id; the bound is
 * the sort value of that row read inside the same statement, so it is exact to the
 * microsecond and one statement serves the page.
 */
export async function paginate<Row extends { id: number }, T>(q: PageQuery<Row, T>): Promise<ConnectionResult<T>> {
  const { limit, backward } = checkPageArgs(q.args);
  const { column, key, collation } = q.sort;
  const collate = (expression: string) => (collation ? `${expression} collate "${collation}"` : expression);
  const ascending = !q.reverse;
  const page = q.base.clone();
  // The bound is the cursor row's sort value read through the same filtered, scoped query:
  // a cursor naming a row the viewer cannot see bounds nothing, so it reveals nothing.
  const bare = (qualified: string) => qualified.slice(qualified.indexOf('.') + 1);
  const bound = (cursor: string, argument: string, after: boolean) => {
    const id = decodeCursor(cursor, key, argument);
    const op = after === ascending ? '>' : '<';
    page.whereRaw(`(${collate(column)}, ${q.idColumn}) ${op} (select ${collate(`b.${bare(column)}`)}, b.id from ? as b where b.id = ?)`, [
      q.base.clone(),
      id,
    ]);
  };
  if (q.args.after) bound(q.args.after, 'after', true);
  if (q.args.before) bound(q.args.before, 'before', false);
  const direction = ascending !== backward ? 'asc' : 'desc';
  page.orderByRaw(`${collate(column)} ${direction}, ${q.idColumn} ${direction}`).limit(limit + 1);

  const rows = limit === 0 ? [] : await q.em.execute<Row[]>(page);
  const hasMore = rows.length > limit;
  const pageRows = rows.slice(0, limit);
  if (backward) pageRows.reverse();
  const nodes = q.toNodes(pageRows);
  const edges = pageRows.map((row, i) => ({ cursor: encodeCursor(key, row.id), node: nodes[i] }));
  let total: Promise<number> | undefined;
  return {
    edges,
    nodes,
    pageInfo: {
      hasNextPage: backward ? Boolean(q.args.before) : hasMore,
      hasPreviousPage: backward ? hasMore : Boolean(q.args.after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    get totalCount() {
      total ??= q.em
        .execute(q.base.clone().clearSelect().clearOrder().count({ count: '*' }))
        .then((r) => Number((r[0] as { count: string | number }).count));
      return total;
    },
  };
}
