import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { CountryCode } from 'libphonenumber-js/max';
import { say, type Bilingual } from '../common/bilingual';

/**
 * Contact normalisation (DOMAIN C1): phones to E.164 with CN as the default region,
 * emails trimmed, lower-cased and checked, so duplicates and searches match.
 */
export type Normalised = { ok: true; value: string } | { ok: false; message: Bilingual };

export function normalisePhone(raw: string, defaultRegion: CountryCode = 'CN'): Normalised {
  const trimmed = raw.trim();
  if (trimmed === '') return { ok: false, message: say('电话号码不能为空', 'phone must not be empty') };
  const parsed = parsePhoneNumberFromString(trimmed, defaultRegion);
  if (!parsed || !parsed.isValid()) {
    return {
      ok: false,
      message: say(
        `“${raw}”不是有效的电话号码（默认地区 ${defaultRegion}）`,
        `"${raw}" is not a valid phone number (default region ${defaultRegion})`,
      ),
    };
  }
  return { ok: true, value: parsed.number };
}

/** National digits of an E.164 number (`+8613812345678` → `13812345678`), for search. */
export function nationalDigits(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  return parsed ? String(parsed.nationalNumber) : e164.replace(/\D/g, '');
}

// Pragmatic RFC 5322 subset: one @, a dotted domain with a TLD of 2+ letters, no spaces.
const EMAIL = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.[a-z]{2,}$/;

export function normaliseEmail(raw: string): Normalised {
  const value = raw.trim().toLowerCase();
  const local = value.slice(0, value.lastIndexOf('@'));
  if (
    value.length > 254 ||
    local.length > 64 ||
    !EMAIL.test(value) ||
    value.includes('..') ||
    local.startsWith('.') ||
    local.endsWith('.')
  ) {
    return { ok: false, message: say(`“${raw}”不是有效的邮箱地址`, `"${raw}" is not a valid email address`) };
  }
  return { ok: true, value };
}

export interface SearchableContact {
  name: string;
  companyName?: string | null;
  phone?: string | null;
  email?: string | null;
  phones: readonly string[];
  emails: readonly string[];
  wechatIds: readonly string[];
}

/** The text that customer search matches against: one lower-case line. */
export function searchTextOf(c: SearchableContact): string {
  const phones = [c.phone, ...c.phones].filter((p): p is string => !!p);
  return [c.name, c.companyName, ...phones.flatMap((p) => [p, nationalDigits(p)]), c.email, ...c.emails, ...c.wechatIds]
    .filter((part): part is string => !!part)
    .join(' ')
    .toLowerCase();
}
