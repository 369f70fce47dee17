import { ArgsType, Field, Int } from 'type-graphql';
import { say } from '../domain/common/bilingual';
import { RequestError } from '../domain/common/domain-error';
import { checkPageArgs, decodeCursor, encodeCursor, type PageArgs } from '../lib/pagination';
import type { ConnectionResult } from '../lib/connection';

/**
 * `@Args(PAGE_ARGS)` for the page arguments alone: they carry no class-validator rule (the
 * pagination checks them, with BAD_USER_INPUT), so type-graphql's validation of each call
 * is skipped; it ran once per parent, 50 times for the orders of a page of customers.
 */
export const PAGE_ARGS = { validate: false } as const;

@ArgsType()
export class PaginationArgs implements PageArgs {
  @Field(() => Int, { nullable: true, description: 'At most 100.' })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: 'At most 100.' })
  last?: number | null;

  @Field(() => String, { nullable: true })
  before?: string | null;
}

/** A connection over a short list already loaded in full (e.g. one customer's owner changes). */
export function connectionFromList<T extends { id: number }>(items: T[], args: PageArgs, key: string): ConnectionResult<T> {
  const { limit, backward } = checkPageArgs(args);
  let start = 0;
  let end = items.length;
  const indexOf = (cursor: string, argument: string) => {
    const id = decodeCursor(cursor, key, argument);
    const index = items.findIndex((i) => i.id === id);
    if (index < 0) {
      throw new RequestError(
        'BAD_USER_INPUT',
        say(`${argument}：“${cursor}”不是此列表的游标`, `${argument}: "${cursor}" is not a cursor of this list`),
      );
    }
    return index;
  };
  if (args.after) start = indexOf(args.after, 'after') + 1;
  if (args.before) end = indexOf(args.before, 'before');
  const window = items.slice(start, end);
  const page = backward ? window.slice(Math.max(0, window.length - limit)) : window.slice(0, limit);
  const edges = page.map((node) => ({ cursor: encodeCursor(key, node.id), node }));
  return {
    edges,
    nodes: page,
    pageInfo: {
      hasNextPage: backward ? end < items.length : window.length > limit,
      hasPreviousPage: backward ? window.length > limit : start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount: items.length,
  };
}

/** Arguments of a nested list (`customer.orders(first: 5)`): forward pages only. */
@ArgsType()
export class ChildPaginationArgs {
  @Field(() => Int, { nullable: true, description: 'At most 100; default 20.' })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;
}

/** Arguments of a nested list that pages both ways (a customer's records, a segment's members). */
@ArgsType()
export class TwoWayChildPageArgs extends ChildPaginationArgs {
  @Field(() => Int, { nullable: true, description: 'At most 100: the last rows of the list, or those just before `before`.' })
  last?: number | null;

  @Field(() => String, { nullable: true })
  before?: string | null;
}
