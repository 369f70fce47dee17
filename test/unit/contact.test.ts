import { nationalDigits, normaliseEmail, normalisePhone, searchTextOf, type SearchableContact } from '../../src/domain/customer/contact';

/** A message in both languages: the English as given, the Chinese beside it. */
const said = (en: string) => ({ zh: expect.stringMatching(/[\u4e00-\u9fff]/), en });

describe('normalisePhone (default region CN)', () => {
  it.each([
    ['mobile with spaces', '138 1234 5678', '+8613812345678'],
    ['bare mobile', '13812345678', '+8613812345678'],
    ['mobile with surrounding whitespace', '  13812345678  ', '+8613812345678'],
    ['mobile with +86 and dashes', '+86 138-1234-5678', '+8613812345678'],
    ['mobile with 0086 international prefix', '0086 138 1234 5678', '+8613812345678'],
    ['Shanghai landline with trunk 0 and parentheses', '(021) 6123-4567', '+862161234567'],
    ['Beijing landline', '010-8888 6666', '+861088886666'],
    ['US number keeps its own country code', '+1 650 253 0000', '+16502530000'],
    ['UK number keeps its own country code', '+44 20 7946 0958', '+442079460958'],
  ])('%s: %p → %p', (_label, raw, expected) => {
    expect(normalisePhone(raw)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['too short', '12345'],
    ['empty', ''],
    ['only whitespace', '   '],
    ['letters', 'abc'],
    ['mobile one digit short', '1381234567'],
    ['mobile one digit long', '138123456789'],
  ])('%s: %p is refused with a message', (_label, raw) => {
    const result = normalisePhone(raw);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toEqual(said(expect.any(String)));
    expect(result.message.en.length).toBeGreaterThan(0);
  });

  it('says an empty phone is empty', () => {
    expect(normalisePhone('')).toEqual({ ok: false, message: said('phone must not be empty') });
  });

  it.each([
    ['12345', 'CN'],
    ['abc', 'CN'],
  ] as const)('names the raw input %p and the region %p in the message', (raw, region) => {
    const result = normalisePhone(raw);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message.en).toContain(`"${raw}"`);
    expect(result.message.en).toContain(region);
  });

  it.each([
    ['US national number with region US', '(650) 253-0000', 'US', '+16502530000'],
    ['CN mobile with region US needs +86', '+86 138 1234 5678', 'US', '+8613812345678'],
  ] as const)('%s: %p → %p', (_label, raw, region, expected) => {
    expect(normalisePhone(raw, region)).toEqual({ ok: true, value: expected });
  });

  it('interprets a national number in the given region, not CN', () => {
    // 13812345678 is a CN mobile but not a valid US number.
    expect(normalisePhone('13812345678', 'US').ok).toBe(false);
  });
});

describe('nationalDigits', () => {
  it.each([
    ['+8613812345678', '13812345678'],
    ['+862161234567', '2161234567'],
    ['+16502530000', '6502530000'],
    ['+442079460958', '2079460958'],
    // Not E.164: falls back to stripping non-digits.
    ['138-1234-5678', '13812345678'],
    ['(021) 6123 4567', '02161234567'],
  ])('%p → %p', (e164, expected) => {
    expect(nationalDigits(e164)).toBe(expected);
  });
});

describe('normaliseEmail', () => {
  it.each([
    ['Alice@Example.COM', 'alice@example.com'],
    ['  bob@example.com  ', 'bob@example.com'],
    ['\tCarol.Smith+tag@Mail.Example.CN\n', 'carol.smith+tag@mail.example.cn'],
    ['first.last@sub-domain.example.org', 'first.last@sub-domain.example.org'],
    ['x@a.io', 'x@a.io'],
    ["o'brien@example.ie", "o'brien@example.ie"],
  ])('%p → %p', (raw, expected) => {
    expect(normaliseEmail(raw)).toEqual({ ok: true, value: expected });
  });

  const longLocal = 'a'.repeat(64);
  const label = 'b'.repeat(60);
  // 64 + 1 + 4 × (60 + 1) + 3 = 312 characters, every label short enough for the pattern.
  const overLong = `${longLocal}@${label}.${label}.${label}.${label}.com`;
  // Exactly 254 characters: 64 + '@' + 3 labels of 60 + dots + a domain tail.
  const tail = `${'c'.repeat(254 - 64 - 1 - 3 * 61 - 4)}.com`;
  const atLimit = `${longLocal}@${label}.${label}.${label}.${tail}`;

  it('builds test addresses of the intended lengths', () => {
    expect(overLong.length).toBeGreaterThan(254);
    expect(atLimit.length).toBe(254);
  });

  it('accepts an address of exactly 254 characters', () => {
    expect(normaliseEmail(atLimit)).toEqual({ ok: true, value: atLimit });
  });

  it.each([
    ['no @', 'not-an-email'],
    ['no TLD', 'a@b'],
    ['consecutive dots in local part', 'a..b@example.com'],
    ['consecutive dots in domain', 'a@example..com'],
    ['space in local part', 'a b@example.com'],
    ['empty', ''],
    ['only whitespace', '   '],
    ['two @', 'a@b@example.com'],
    ['missing local part', '@example.com'],
    ['one-letter TLD', 'a@example.c'],
    ['numeric TLD', 'a@example.123'],
    ['domain label starting with hyphen', 'a@-example.com'],
    ['domain label ending with hyphen', 'a@example-.com'],
    ['over 254 characters', overLong],
  ])('%s: %p is refused', (_label, raw) => {
    const result = normaliseEmail(raw);
    expect(result).toEqual({ ok: false, message: said(`"${raw}" is not a valid email address`) });
  });

  // RFC 5322 dot-atom: a local part may neither start nor end with a dot. The code rejects
  // '..' for the same reason, so these look like an oversight of the pattern.
  it.each([
    ['local part starting with a dot', '.a@example.com'],
    ['local part ending with a dot', 'a.@example.com'],
  ])('%s: %p is refused', (_label, raw) => {
    expect(normaliseEmail(raw).ok).toBe(false);
  });
});

describe('searchTextOf', () => {
  const base: SearchableContact = {
    name: 'Zhang Wei',
    companyName: 'ACME Trading Co',
    phone: '+8613812345678',
    email: 'Zhang.Wei@Example.com',
    phones: ['+862161234567', '+16502530000'],
    emails: ['ZW@Work.Example.CN'],
    wechatIds: ['WeChat_ZW88'],
  };
  const text = searchTextOf(base);

  it.each([
    ['name', 'zhang wei'],
    ['company name', 'acme trading co'],
    ['primary phone E.164', '+8613812345678'],
    ['primary phone national digits', '13812345678'],
    ['extra CN landline E.164', '+862161234567'],
    ['extra CN landline national digits', '2161234567'],
    ['extra US phone E.164', '+16502530000'],
    ['extra US phone national digits', '6502530000'],
    ['primary email', 'zhang.wei@example.com'],
    ['extra email', 'zw@work.example.cn'],
    ['WeChat id', 'wechat_zw88'],
  ])('includes the %s (%p)', (_label, part) => {
    expect(text.split(' ')).toEqual(expect.arrayContaining(part.split(' ')));
    expect(text).toContain(part);
  });

  it('is entirely lower-case', () => {
    expect(text).toBe(text.toLowerCase());
  });

  it.each([
    [
      'no company, phone or email',
      { ...base, companyName: null, phone: null, email: null, phones: [], emails: [], wechatIds: [] },
      'zhang wei',
    ],
    ['undefined optionals', { name: 'Li Na', phones: [], emails: [], wechatIds: [] }, 'li na'],
    ['only extra phones', { name: 'Li', phones: ['+8613812345678'], emails: [], wechatIds: [] }, 'li +8613812345678 13812345678'],
    ['only WeChat', { name: 'Li', companyName: '', phones: [], emails: [], wechatIds: ['Li_WX'] }, 'li li_wx'],
  ] as Array<[string, SearchableContact, string]>)('%s → exact text %p', (_label, contact, expected) => {
    expect(searchTextOf(contact)).toBe(expected);
  });

  it.each([['null'], ['undefined'], ['empty string']])('does not render a missing company (%s) as text', (kind) => {
    const companyName = kind === 'null' ? null : kind === 'undefined' ? undefined : '';
    const result = searchTextOf({ ...base, companyName });
    expect(result).not.toMatch(/\bnull\b|\bundefined\b/);
    expect(result).not.toContain('  ');
    expect(result).not.toContain('acme');
  });
});
