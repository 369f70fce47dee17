import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { labelOf, type Locale } from '../domain/customer/customer.enums';
import type { CustomFieldDefinition } from '../entities';
import { toGlobalId } from '../schema/global-id';
import { CustomFieldDefinitionCreateInput, CustomFieldDefinitionUpdateInput } from '../schema/types/custom-field.input';
import {
  CustomFieldDefinitionConnection,
  CustomFieldDefinitionPayload,
  CustomFieldDefinitionType,
  VocabularyType,
} from '../schema/types/customer.type';
import { VOCABULARY_ENUMS } from '../schema/types/enums';
import { RECORD_VOCABULARIES } from '../schema/types/records.enums';
import { SCORING_VOCABULARIES } from '../schema/types/scoring.enums';
import { REMINDER_VOCABULARIES } from '../schema/types/reminder.type';
import { MARKETING_VOCABULARIES } from '../schema/types/marketing.type';
import { needs } from './access';
import type { GraphQLContext } from './context';
import { PaginationArgs } from './pagination.args';
import { localeOf } from './locale';
import { givenId } from './given-id';
import { checked } from './records.mapper';

@ArgsType()
class CustomFieldDefinitionsArgs extends PaginationArgs {
  @Field({ defaultValue: false })
  includeInactive!: boolean;
}

@Resolver(() => CustomFieldDefinitionType)
export class CustomFieldResolver {
  @Authorized(needs({ scope: 'customers:read' }))
  @Query(() => CustomFieldDefinitionConnection, { description: 'The company-defined customer fields, by position.' })
  customFieldDefinitions(@Args() args: CustomFieldDefinitionsArgs, @Ctx() ctx: GraphQLContext) {
    return ctx.services.customerQueries.listCustomFieldDefinitions(args, args.includeInactive);
  }

  @Authorized(needs({ roles: ['ADMIN'] }))
  @Mutation(() => CustomFieldDefinitionPayload)
  async customFieldDefinitionCreate(
    @Arg('input', { validate: false }) input: CustomFieldDefinitionCreateInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.customFields.create(await checked(input));
  }

  @Authorized(needs({ roles: ['ADMIN'] }))
  @Mutation(() => CustomFieldDefinitionPayload, { description: 'The key and type cannot change.' })
  async customFieldDefinitionUpdate(
    @Arg('input', { validate: false }) input: CustomFieldDefinitionUpdateInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.customFields.update({ ...(await checked(input)), id: givenId(input.id, 'CustomFieldDefinition') });
  }

  @FieldResolver(() => String)
  id(@Root() def: CustomFieldDefinition) {
    return toGlobalId('CustomFieldDefinition', def.id);
  }
}

@Resolver()
export class VocabularyResolver {
  @Authorized()
  @Query(() => [VocabularyType], {
    description: 'Labels of the enum codes, in Chinese (default) or English (`Accept-Language: en` or `locale: "en"`).',
  })
  vocabularies(@Ctx() ctx: GraphQLContext, @Arg('locale', () => String, { nullable: true }) locale?: string | null): VocabularyType[] {
    const lang: Locale = localeOf(ctx, locale);
    return Object.entries({
      ...VOCABULARY_ENUMS,
      ...RECORD_VOCABULARIES,
      ...SCORING_VOCABULARIES,
      ...MARKETING_VOCABULARIES,
      ...REMINDER_VOCABULARIES,
    }).map(([name, vocab]) => ({
      name,
      values: vocab.values.map((code: string) => ({ code, label: labelOf(vocab as never, code as never, lang) })),
    }));
  }
}
