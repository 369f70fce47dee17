import { checkCustomFieldDefinition } from '../domain/customer/custom-field';
import { userError, UserInputFailure } from '../domain/common/domain-error';
import { CustomFieldDefinition } from '../entities';
import { localIdOf } from '../schema/global-id';
import type {
  CustomFieldDefinitionCreateInput,
  CustomFieldDefinitionUpdateInput,
} from '../schema/types/custom-field.input';
import { inTransaction, type Result } from './transaction';
import type { ServiceContext } from './service-context';
import { checkInput, failIfAny } from './validate-input';

type DefinitionResult = Result<'customFieldDefinition', CustomFieldDefinition>;

function definitionProblems(def: Parameters<typeof checkCustomFieldDefinition>[0]) {
  return checkCustomFieldDefinition(def).map(([field, message]) => userError(['input', field], message));
}

const DEFINITIONS_UNSCORED = { scoringUnchanged: 'custom fields are not read by the scoring population' };

/** Company-defined customer fields (C4), admin only. */
export class CustomFieldService {
  constructor(private readonly ctx: ServiceContext) {}

  create(input: CustomFieldDefinitionCreateInput): Promise<DefinitionResult> {
    return inTransaction(
      this.ctx.em,
      'customFieldDefinition',
      async (em) => {
        const options = (input.options ?? []).map((o) => o.trim());
        const errors = [...(await checkInput(input)), ...definitionProblems({ key: input.key, type: input.type, options })];
        failIfAny(errors);
        if (await em.count(CustomFieldDefinition, { key: input.key })) {
          throw new UserInputFailure([userError(['input', 'key'], `a custom field "${input.key}" exists already`, 'TAKEN')]);
        }
        const customFieldDefinition = em.create(CustomFieldDefinition, {
          key: input.key,
          label: input.label.trim(),
          type: input.type,
          options,
          required: input.required ?? false,
          position: input.position ?? 0,
        });
        await em.flush();
        return customFieldDefinition;
      },
      DEFINITIONS_UNSCORED,
    );
  }

  update(input: CustomFieldDefinitionUpdateInput): Promise<DefinitionResult> {
    return inTransaction(
      this.ctx.em,
      'customFieldDefinition',
      async (em) => {
        failIfAny(await checkInput(input));
        const id = localIdOf(input.id, 'CustomFieldDefinition');
        const def = id ? await em.findOne(CustomFieldDefinition, id) : null;
        if (!def) throw new UserInputFailure([userError(['input', 'id'], `no custom field with id "${input.id}"`, 'NOT_FOUND')]);
        if (input.label != null) def.label = input.label.trim();
        if (input.options != null) def.options = input.options.map((o) => o.trim());
        if (input.required != null) def.required = input.required;
        if (input.active != null) def.active = input.active;
        if (input.position != null) def.position = input.position;
        failIfAny(definitionProblems(def));
        await em.flush();
        return def;
      },
      DEFINITIONS_UNSCORED,
    );
  }
}
