/**
 * A page of a list in the shape of a Relay connection, as services return it (plain data: the
 * GraphQL connection types in src/schema/types/connection.type.ts read it). `totalCount` may be
 * a getter, so the count runs only when it is asked.
 */
export interface PageInfoResult {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface ConnectionResult<T> {
  edges: Array<{ cursor: string; node: T }>;
  nodes: T[];
  pageInfo: PageInfoResult;
  readonly totalCount: Promise<number> | number;
}
