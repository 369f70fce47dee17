import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { textIn } from '../domain/common/bilingual';
import { UserError } from '../schema/types/common.type';
import type { GraphQLContext } from './context';

@Resolver(() => UserError)
export class UserErrorResolver {
  @FieldResolver(() => String, {
    description:
      'What is wrong, in Chinese or English after `Accept-Language` (Chinese unless English is asked for); switch on `code`, not on the text.',
  })
  message(@Root() error: UserError, @Ctx() ctx: GraphQLContext): string {
    return textIn(error.message, ctx.locale);
  }
}
