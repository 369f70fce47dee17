import type { Locale } from './locale';

/**
 * A text for people, in both languages the API speaks: Chinese (the default) and English.
 * Messages are written in both where they arise, so neither language is a translation kept
 * somewhere else that could drift; the edge picks one per request (`Accept-Language`).
 */
export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

/** A message in Chinese and English. */
export function say(zh: string, en: string): Bilingual {
  return { zh, en };
}

/** The message in a locale. */
export function textIn(text: Bilingual, locale: Locale): string {
  return locale === 'en' ? text.en : text.zh;
}

/** Two messages one after the other, joined with each language's separator. */
export function joinSaid(texts: readonly Bilingual[]): Bilingual {
  return { zh: texts.map((t) => t.zh).join('；'), en: texts.map((t) => t.en).join('; ') };
}

/** Alternatives: `A or B or C` / `A、B 或 C` (codes such as statuses). */
export function orList(items: readonly string[]): Bilingual {
  const zh = items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join('、')} 或 ${items[items.length - 1]}`;
  return { zh, en: items.join(' or ') };
}

/** A text that is the same in both languages (a name, a code, a number). */
export function verbatim(text: string): Bilingual {
  return { zh: text, en: text };
}

export function isBilingual(value: unknown): value is Bilingual {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Bilingual).zh === 'string' &&
    typeof (value as Bilingual).en === 'string'
  );
}
