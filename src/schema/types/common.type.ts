import { Field, ID, InterfaceType, ObjectType, registerEnumType } from 'type-graphql';
import { nodeTypeOf } from '../node-type';
import { USER_ERROR_CODES, type UserErrorCode } from '../../domain/common/domain-error';
import type { Bilingual } from '../../domain/common/bilingual';

export const UserErrorCodeEnum = Object.fromEntries(USER_ERROR_CODES.map((c) => [c, c])) as {
  [K in UserErrorCode]: K;
};
registerEnumType(UserErrorCodeEnum, {
  name: 'UserErrorCode',
  description: 'Why a mutation refused its input.',
});

@ObjectType({ description: 'A problem with the input of a mutation. Nothing was written.' })
export class UserError {
  @Field(() => [String], { description: 'Path to the input field, e.g. ["input", "email"]; empty when not about one field.' })
  field!: string[];

  /** Both languages; the `message` field (src/resolvers/user-error.resolver.ts) answers the request's. */
  message!: Bilingual;

  @Field(() => UserErrorCodeEnum)
  code!: UserErrorCode;
}

@InterfaceType({
  description: 'An object with a global ID, fetchable with `node(id:)`.',
  resolveType: (value: object) => nodeTypeOf(value),
})
export abstract class Node {
  @Field(() => ID, { description: 'Opaque global ID.' })
  id!: string;
}

@ObjectType({ description: 'Relay pagination information.' })
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field()
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}
