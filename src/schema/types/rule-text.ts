import type { ValidationOptions } from 'class-validator';

/**
 * The message of a validation rule in Chinese and English: `@Matches(X, ruleText('…', '…'))`.
 * class-validator reports the English `message` (with its `$property` placeholders); the
 * Chinese travels in the rule's `context` (src/services/validate-input.ts reads it).
 */
export function ruleText(zh: string, en: string, options: Omit<ValidationOptions, 'message' | 'context'> = {}): ValidationOptions {
  return { ...options, message: en, context: { zh } };
}
