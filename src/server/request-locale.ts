import { AsyncLocalStorage } from 'node:async_hooks';
import { GraphQLError, type GraphQLErrorOptions } from 'graphql';
import { isBilingual, textIn, verbatim, type Bilingual } from '../domain/common/bilingual';
import type { Locale } from '../domain/common/locale';

/**
 * The language of the request being answered, for the places that shape errors without its
 * context (Apollo's `formatError`): set around the GraphQL middleware from `Accept-Language`.
 */
const current = new AsyncLocalStorage<Locale>();

export function withRequestLocale<T>(locale: Locale, fn: () => T): T {
  return current.run(locale, fn);
}

/** The request's language; Chinese outside a request, as for a request that asks for none. */
export function requestLocale(): Locale {
  return current.getStore() ?? 'zh';
}

/** A GraphQL error whose message is said in both languages: `message` is the English (logs), `text` both. */
export function bilingualError(text: Bilingual, options?: GraphQLErrorOptions): GraphQLError & { text: Bilingual } {
  return Object.assign(new GraphQLError(text.en, options), { text });
}

/** The two-language message an error (or an error it wraps) carries, if any. */
export function bilingualOf(error: unknown): Bilingual | null {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const text = (e as { text?: unknown }).text;
    if (isBilingual(text)) return text;
    e = (e as { originalError?: unknown }).originalError;
  }
  return null;
}

/**
 * An error's message (`message`, as graphql-js composed it) in both languages. graphql-js puts
 * its own English before ours when a variable is refused (`Variable "$input" got invalid value
 * 1.5 at "input.amount"; <ours>`): that part stays, like graphql-js's other messages. An error
 * without ours reads the same in both.
 */
export function bilingualMessageOf(error: unknown, message: string): Bilingual {
  const text = bilingualOf(error);
  if (!text) return verbatim(message);
  if (!message.endsWith(text.en)) return text;
  const prefix = message.slice(0, message.length - text.en.length);
  return { zh: `${prefix}${text.zh}`, en: message };
}

/** An error's message in the request's language, when it carries both. */
export function localizedMessage(error: unknown, message: string): string {
  return textIn(bilingualMessageOf(error, message), requestLocale());
}
