import { validate, type ValidationError } from 'class-validator';
import { say, type Bilingual } from '../domain/common/bilingual';
import { UserInputFailure, type UserErrorData } from '../domain/common/domain-error';

/**
 * class-validator's own messages (rules given without a message) in Chinese, by rule: the
 * figure comes from its English message. A rule given a message of ours carries its Chinese
 * in `context.zh` (`ruleText` in src/schema/types/rule-text.ts).
 */
const DEFAULT_ZH: Record<string, (en: string) => string | null> = {
  maxLength: (en) => figure(en, /shorter than or equal to (\d+) characters/, (n) => `最多 ${n} 个字符`),
  minLength: (en) => figure(en, /longer than or equal to (\d+) characters/, (n) => `至少 ${n} 个字符`),
  isLength: (en) =>
    figure(en, /longer than or equal to (\d+) characters/, (n) => `至少 ${n} 个字符`) ??
    figure(en, /shorter than or equal to (\d+) characters/, (n) => `最多 ${n} 个字符`),
  arrayMaxSize: (en) => figure(en, /no more than (\d+) elements/, (n) => `最多 ${n} 项`),
  arrayMinSize: (en) => figure(en, /at least (\d+) elements/, (n) => `至少 ${n} 项`),
  min: (en) => figure(en, /less than (-?[\d.]+)/, (n) => `不能小于 ${n}`),
  max: (en) => figure(en, /greater than (-?[\d.]+)/, (n) => `不能大于 ${n}`),
  isInt: () => '必须是整数',
};

function figure(en: string, pattern: RegExp, zh: (n: string) => string): string | null {
  const m = pattern.exec(en);
  return m ? zh(m[1]) : null;
}

/** One broken rule's message in both languages, without the property name class-validator starts with. */
export function ruleMessage(property: string, rule: string, en: string, context: unknown): Bilingual {
  const english = en.startsWith(property) ? en.slice(property.length).trim() : en;
  const own = (context as { zh?: unknown } | undefined)?.zh;
  if (typeof own === 'string') return say(own, english);
  const each = /^each value in /.test(english) ? '每一项' : '';
  const zh = DEFAULT_ZH[rule]?.(english);
  return say(zh ? `${each}${zh}` : english, english);
}

function flatten(errors: ValidationError[], path: string[]): UserErrorData[] {
  return errors.flatMap((e) => {
    const field = [...path, e.property];
    const own = Object.entries(e.constraints ?? {}).map(([rule, message]) => ({
      field,
      message: ruleMessage(e.property, rule, message, e.contexts?.[rule]),
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
