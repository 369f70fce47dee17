import type { ClassType } from 'type-graphql';
import { Field, ObjectType } from 'type-graphql';
import { UserError } from './common.type';

/** `{ <field>: T, userErrors }`: the shape of every mutation's result. */
export function PayloadType<T extends object>(objectType: ClassType<T>, field: string) {
  @ObjectType()
  abstract class Payload {
    @Field(() => [UserError], { description: 'Empty when the mutation succeeded.' })
    userErrors!: UserError[];
  }
  Field(() => objectType, {
    nullable: true,
    description: 'Null when there are user errors, and for an API key without the read scope of its area (the write is done).',
  })(Payload.prototype, field);
  return Payload;
}
