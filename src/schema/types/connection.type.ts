import type { ClassType } from 'type-graphql';
import { Field, Int, ObjectType } from 'type-graphql';
import { PageInfo } from './common.type';

export type { ConnectionResult } from '../../lib/connection';

/** A Relay connection type for `nodeType`, named `<name>Connection` with `<name>Edge`. */
export function ConnectionType<T extends object>(nodeType: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field()
    cursor!: string;

    @Field(() => nodeType)
    node!: T;
  }

  @ObjectType()
  abstract class Connection {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => [nodeType], { description: 'The nodes of `edges`, for clients that do not need cursors.' })
    nodes!: T[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    // Not a simple field: the count is a promise (a getter that runs its statement only when
    // asked), and graphql-jit awaits a value only behind a resolver.
    @Field(() => Int, { simple: false, description: 'How many objects match, ignoring pagination.' })
    totalCount!: number;
  }
  return Connection;
}
