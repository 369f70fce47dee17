import { checkCustomFieldDefinition, type CustomFieldType } from '../domain/customer/custom-field';
import { say } from '../domain/common/bilingual';
import { userError, UserInputFailure } from '../domain/common/domain-error';
import { CustomFieldDefinition } from '../entities';
import type { Checked } from './checked';
import type { GivenId } from './given-id';
import { inTransaction, type Result } from './transaction';
import type { ServiceContext } from './service-context';
import { failIfAny } from './validate-input';

export interface CustomFieldDefinitionCreateCommand extends Checked {
  key: string;
  label: string;
  type: CustomFieldType;
  options?: string[] | null;
  required?: boolean | null;
  position?: number | null;
}

/** Absent (or null) fields are left as they are. */
export interface CustomFieldDefinitionUpdateCommand extends Checked {
  id: GivenId;
  label?: string | null;
  options?: string[] | null;
  required?: boolean | null;
  active?: boolean | null;
  position?: number | null;
}

type DefinitionResult = Result<'customFieldDefinition', CustomFieldDefinition>;

function definitionProblems(def: Parameters<typeof checkCustomFieldDefinition>[0]) {
  return checkCustomFieldDefinition(def).map(([field, message]) => userError(['input', field], message));
}

const DEFINITIONS_UNSCORED = { scoringUnchanged: 'custom fields are not read by the scoring population' };

/** Company-defined customer fields (C4), admin only. */
export class CustomFieldService {
  constructor(private readonly ctx: ServiceContext) {}

  create(input: CustomFieldDefinitionCreateCommand): Promise<DefinitionResult> {
    return inTransaction(
      this.ctx,
      'customFieldDefinition',
      async (em) => {
        const options = (input.options ?? []).map((o) => o.trim());
        const errors = [...input.invalid, ...definitionProblems({ key: input.key, type: input.type, options })];
        failIfAny(errors);
        if (await em.count(CustomFieldDefinition, { key: input.key })) {
          throw new UserInputFailure([
            userError(['input', 'key'], say(`自定义字段 "${input.key}" 已存在`, `a custom field "${input.key}" exists already`), 'TAKEN'),
          ]);
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

  update(input: CustomFieldDefinitionUpdateCommand): Promise<DefinitionResult> {
    return inTransaction(
      this.ctx,
      'customFieldDefinition',
      async (em) => {
        failIfAny(input.invalid);
        const def = input.id.id ? await em.findOne(CustomFieldDefinition, input.id.id) : null;
        if (!def)
          throw new UserInputFailure([
            userError(
              ['input', 'id'],
              say(`没有 id 为“${input.id.raw}”的自定义字段`, `no custom field with id "${input.id.raw}"`),
              'NOT_FOUND',
            ),
          ]);
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
