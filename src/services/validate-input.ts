import { validate, type ValidationError } from 'class-validator';
import { UserInputFailure, type UserErrorData } from '../domain/common/domain-error';

function flatten(errors: ValidationError[], path: string[]): UserErrorData[] {
  return errors.flatMap((e) => {
    const field = [...path, e.property];
    const own = Object.values(e.constraints ?? {}).map((message) => ({
      field,
      message: message.startsWith(e.property) ? message.slice(e.property.length).trim() : message,
      code: 'INVALID' as const,
    }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * Runs the class-validator rules of a mutation input and reports each broken rule as a user
 * error whose field is the path into the input (`['input', 'addresses', '0', 'city']`).
 */
export async function checkInput(input: object, path: string[] = ['input']): Promise<UserErrorData[]> {
  const errors = await validate(input, {
    forbidUnknownValues: false,
    stopAtFirstError: true,
    validationError: { target: false, value: false },
  });
  return flatten(errors, path);
}

export function failIfAny(errors: UserErrorData[]): void {
  if (errors.length > 0) throw new UserInputFailure(errors);
}
