/** The languages the API explains itself in: Chinese (the default) and English. */
export const LOCALES = ['zh', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: unknown): value is Locale {
  return value === 'zh' || value === 'en';
}

/** The locale an `Accept-Language` header asks for: English when it starts with `en`, else Chinese. */
export function localeFromAcceptLanguage(acceptLanguage: string | undefined): Locale {
  return acceptLanguage?.trim().toLowerCase().startsWith('en') ? 'en' : 'zh';
}
