import { normaliseEmail, normalisePhone, searchTextOf } from '../domain/customer/contact';
import { checkCustomFieldValue, type CustomFieldRule } from '../domain/customer/custom-field';
import { say } from '../domain/common/bilingual';
import { userError, type UserErrorData } from '../domain/common/domain-error';
import type * as V from '../domain/customer/customer.enums';
import type { ChannelConsent, Customer } from '../entities/customer.entity';

/** A postal address as a client gives it (`country` defaults to the customer's). */
export interface PostalAddressCommand {
  label?: string | null;
  country?: string | null;
  province?: string | null;
  city?: string | null;
  district?: string | null;
  street?: string | null;
  postalCode?: string | null;
}

/**
 * The customer fields shared by create and update. Absent (undefined) means "leave as is";
 * null clears. Lists replace what was there.
 */
export interface CustomerFieldsCommand {
  companyName?: string | null;
  phone?: string | null;
  email?: string | null;
  phones?: string[] | null;
  emails?: string[] | null;
  wechatIds?: string[] | null;
  addresses?: PostalAddressCommand[] | null;
  source?: V.CustomerSource | null;
  country?: string | null;
  province?: string | null;
  city?: string | null;
  cityTier?: number | null;
  industry?: string | null;
  /** A calendar day, `YYYY-MM-DD`. */
  birthday?: string | null;
  importantDates?: Array<{ kind: V.ImportantDateKind; label?: string | null; date: string }> | null;
  economicStatus?: V.EconomicStatus | null;
  purchaseCharacteristics?: string | null;
  previousCategories?: string[] | null;
  mainSuppliers?: Array<{ name: string; satisfaction?: number | null; note?: string | null }> | null;
  gender?: V.Gender | null;
  ageBand?: V.AgeBand | null;
  incomeBand?: V.IncomeBand | null;
  occupation?: string | null;
  education?: V.EducationLevel | null;
  companySize?: V.CompanySize | null;
  types?: V.BehaviouralType[] | null;
  tags?: string[] | null;
  /** Sets the listed fields; a null or blank value removes one. Others stay as they are. */
  customFields?: Array<{ key: string; value?: string | null }> | null;
  contactPreference?: {
    preferredChannel?: V.ContactChannel | null;
    preferredTime?: string | null;
    /** Sets consent for the channels listed; others stay as they are. */
    consents?: Array<{ channel: V.ContactChannel; granted: boolean }> | null;
  } | null;
  notes?: string | null;
}

type Path = string[];

function phoneList(values: string[], field: Path, errors: UserErrorData[]): string[] {
  const out: string[] = [];
  values.forEach((raw, i) => {
    const n = normalisePhone(raw);
    if (n.ok) out.push(n.value);
    else errors.push(userError([...field, String(i)], n.message));
  });
  return [...new Set(out)];
}

function emailList(values: string[], field: Path, errors: UserErrorData[]): string[] {
  const out: string[] = [];
  values.forEach((raw, i) => {
    const n = normaliseEmail(raw);
    if (n.ok) out.push(n.value);
    else errors.push(userError([...field, String(i)], n.message));
  });
  return [...new Set(out)];
}

const trimOrNull = (v: string | null | undefined) => (v == null ? null : v.trim() || null);
const uniqueTrimmed = (values: string[]) => [...new Set(values.map((v) => v.trim()).filter(Boolean))];

/**
 * Applies the shared customer fields of a create or update input to `customer`: phones to
 * E.164, emails checked, custom fields validated against their definitions. Absent fields
 * are left alone and null clears. Problems are pushed to `errors` (nothing is flushed here).
 */
export function applyCustomerFields(
  customer: Customer,
  input: CustomerFieldsCommand,
  definitions: ReadonlyMap<string, CustomFieldRule & { label: string }>,
  errors: UserErrorData[],
  now: Date,
  /** The company day of `now`: a birthday after it is refused. */
  today: string,
): void {
  const at = (...field: string[]) => ['input', ...field];
  if (input.companyName !== undefined) customer.companyName = trimOrNull(input.companyName);
  if (input.phone !== undefined) {
    if (input.phone == null || input.phone.trim() === '') customer.phone = null;
    else {
      const n = normalisePhone(input.phone);
      if (n.ok) customer.phone = n.value;
      else errors.push(userError(at('phone'), n.message));
    }
  }
  if (input.email !== undefined) {
    if (input.email == null || input.email.trim() === '') customer.email = null;
    else {
      const n = normaliseEmail(input.email);
      if (n.ok) customer.email = n.value;
      else errors.push(userError(at('email'), n.message));
    }
  }
  if (input.phones != null) customer.phones = phoneList(input.phones, at('phones'), errors);
  if (input.emails != null) customer.emails = emailList(input.emails, at('emails'), errors);
  if (input.wechatIds != null) customer.wechatIds = uniqueTrimmed(input.wechatIds);
  if (input.addresses != null) {
    customer.addresses = input.addresses.map((a) => ({
      label: trimOrNull(a.label),
      country: a.country ?? null,
      province: trimOrNull(a.province),
      city: trimOrNull(a.city),
      district: trimOrNull(a.district),
      street: trimOrNull(a.street),
      postalCode: trimOrNull(a.postalCode),
    }));
  }
  if (input.source !== undefined) customer.source = input.source ?? null;
  if (input.country != null) customer.country = input.country;
  if (input.province !== undefined) customer.province = trimOrNull(input.province);
  if (input.city !== undefined) customer.city = trimOrNull(input.city);
  if (input.cityTier !== undefined) customer.cityTier = input.cityTier ?? null;
  if (input.industry !== undefined) customer.industry = trimOrNull(input.industry);
  if (input.birthday !== undefined) {
    if (input.birthday != null && input.birthday > today)
      errors.push(userError(at('birthday'), say(`不能晚于今天（${today}）`, `must not be after today (${today})`)));
    else if (input.birthday != null && input.birthday < '1900-01-01')
      errors.push(userError(at('birthday'), say('不能早于 1900 年', 'must not be before 1900')));
    else customer.birthday = input.birthday ?? null;
  }
  if (input.importantDates != null) {
    customer.importantDates = input.importantDates.map((d) => ({ kind: d.kind, label: trimOrNull(d.label), date: d.date }));
  }
  if (input.economicStatus !== undefined) customer.economicStatus = input.economicStatus ?? null;
  if (input.purchaseCharacteristics !== undefined) customer.purchaseCharacteristics = trimOrNull(input.purchaseCharacteristics);
  if (input.previousCategories != null) customer.previousCategories = uniqueTrimmed(input.previousCategories);
  if (input.mainSuppliers != null) {
    customer.mainSuppliers = input.mainSuppliers.map((s) => ({
      name: s.name.trim(),
      satisfaction: s.satisfaction ?? null,
      note: trimOrNull(s.note),
    }));
  }
  if (input.gender !== undefined) customer.gender = input.gender ?? null;
  if (input.ageBand !== undefined) customer.ageBand = input.ageBand ?? null;
  if (input.incomeBand !== undefined) customer.incomeBand = input.incomeBand ?? null;
  if (input.occupation !== undefined) customer.occupation = trimOrNull(input.occupation);
  if (input.education !== undefined) customer.education = input.education ?? null;
  if (input.companySize !== undefined) customer.companySize = input.companySize ?? null;
  if (input.types != null) customer.types = [...new Set(input.types)];
  if (input.tags != null) customer.tags = uniqueTrimmed(input.tags);
  if (input.notes !== undefined) customer.notes = trimOrNull(input.notes);
  if (input.contactPreference != null) {
    const pref = input.contactPreference;
    if (pref.preferredChannel !== undefined) customer.preferredChannel = pref.preferredChannel ?? null;
    if (pref.preferredTime !== undefined) customer.preferredContactTime = trimOrNull(pref.preferredTime);
    if (pref.consents != null) {
      const byChannel = new Map<string, ChannelConsent>(customer.consents.map((c) => [c.channel, c]));
      for (const c of pref.consents) {
        const previous = byChannel.get(c.channel);
        if (previous?.granted === c.granted) continue; // keep when consent was given
        byChannel.set(c.channel, { channel: c.channel, granted: c.granted, updatedAt: now.toISOString() });
      }
      customer.consents = [...byChannel.values()].sort((a, b) => a.channel.localeCompare(b.channel));
    }
  }
  if (input.customFields != null) {
    const values = { ...customer.customFields };
    input.customFields.forEach((entry, i) => {
      const def = definitions.get(entry.key);
      const field = at('customFields', String(i), 'value');
      if (errors.some((e) => e.field.join('.') === field.join('.'))) return; // already refused by the input rules
      if (!def) {
        errors.push(
          userError(
            at('customFields', String(i), 'key'),
            say(`没有自定义字段 "${entry.key}"`, `no custom field "${entry.key}"`),
            'NOT_FOUND',
          ),
        );
      } else if (entry.value == null || entry.value.trim() === '') {
        if (def.required) errors.push(userError(field, say(`“${def.label}”为必填项`, `"${def.label}" is required`), 'REQUIRED'));
        delete values[entry.key];
      } else {
        const check = checkCustomFieldValue(def, entry.value);
        if (check.ok) values[entry.key] = check.value;
        else errors.push(userError(field, check.message));
      }
    });
    customer.customFields = values;
  }
  customer.searchText = searchTextOf(customer);
}

/** Active required custom fields the customer has no value for. */
export function missingRequiredFields(
  customer: Customer,
  definitions: ReadonlyMap<string, CustomFieldRule & { label: string }>,
): UserErrorData[] {
  return [...definitions.values()]
    .filter((d) => d.active && d.required && !Object.hasOwn(customer.customFields, d.key))
    .map((d) =>
      userError(['input', 'customFields'], say(`“${d.label}”（${d.key}）为必填项`, `"${d.label}" (${d.key}) is required`), 'REQUIRED'),
    );
}
