import { isLocale, type Locale } from '../domain/common/locale';
import type { GraphQLContext } from './context';

/** The `locale` argument of fields that explain themselves in Chinese or English. */
export const LOCALE_ARG = {
  nullable: true,
  description: '`zh` or `en`; default from `Accept-Language` (Chinese unless English is asked for).',
};

/** The `locale` argument when it is `zh` or `en`, else the request's. */
export function localeOf(ctx: Pick<GraphQLContext, 'locale'>, locale: string | null | undefined): Locale {
  return isLocale(locale) ? locale : ctx.locale;
}
