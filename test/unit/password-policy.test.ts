import { COMMON_PASSWORDS } from '../../src/domain/access/common-passwords';
import { PASSWORD_MIN_LENGTH, passwordProblem, type PasswordProblemKind } from '../../src/domain/access/password-policy';

describe('passwordProblem', () => {
  // Every row has four items: jest takes a callback with one parameter more than the row for `done`.
  it.each<[string, string, PasswordProblemKind | null, string | undefined]>([
    ['the password of the probe', '12345678', 'TOO_SHORT', undefined],
    ['empty', '', 'TOO_SHORT', undefined],
    ['nine characters', 'abcdefgh9', 'TOO_SHORT', undefined],
    ['nine Chinese characters count as nine', '密码密码密码密码密', 'TOO_SHORT', undefined],
    ['ten characters, not common', 'long-pass1', null, undefined],
    ['the test suites’ password', 'secret-pass-1', null, undefined],
    ['ten Chinese characters', '我的密码不告诉别人吧', null, undefined],
    ['200 characters', 'a1b2c3d4e5'.repeat(19) + 'zyxwvutsrq', null, undefined],
    ['201 characters', 'a'.repeat(200) + 'b', 'TOO_LONG', undefined],
    ['a common password', 'password123', 'COMMON', undefined],
    ['a common password in capitals', 'PASSWORD123', 'COMMON', undefined],
    ['a common password with fullwidth letters (NFKC)', 'ｑｗｅｒｔｙｕｉｏｐ', 'COMMON', undefined],
    ['a common keyboard walk', '1qaz2wsx3edc', 'COMMON', undefined],
    ['common in China', 'woaini1314', 'COMMON', undefined],
    ['a common password with a trailing space', 'qwertyuiop ', 'COMMON', undefined],
    ['one character repeated', '1111111111', 'REPEATED', undefined],
    ['a short block repeated', '1212121212', 'REPEATED', undefined],
    ['a block repeated, cut off', 'abcabcabca', 'REPEATED', undefined],
    ['digits counting up', '0123456789', 'SEQUENCE', undefined],
    ['letters counting down', 'jihgfedcba', 'SEQUENCE', undefined],
    ['almost a sequence', '0123456780', null, undefined],
    ['the email address', 'li.lei@example.com', 'EMAIL', 'li.lei@example.com'],
    ['the email in other case', 'Li.Lei@Example.com', 'EMAIL', 'li.lei@example.com'],
    ['the local part of the email', 'li.lei.sales', 'EMAIL', 'li.lei.sales@example.com'],
    ['contains the local part but more', 'li.lei.sales-2024!', null, 'li.lei.sales@example.com'],
  ])('%s: %j → %s', (_label, password, kind, email) => {
    expect(passwordProblem(password, { email })?.kind ?? null).toBe(kind);
  });

  it('says how long a password must be and how long this one is', () => {
    expect(passwordProblem('12345678')?.message.en).toBe(`must be at least ${PASSWORD_MIN_LENGTH} characters (it has 8)`);
  });

  it('refuses every entry of the list, and the list holds only lowercase passwords the length rule lets through', () => {
    for (const common of COMMON_PASSWORDS) {
      expect(common).toBe(common.toLowerCase());
      expect([...common].length).toBeGreaterThanOrEqual(PASSWORD_MIN_LENGTH);
      expect(passwordProblem(common)?.kind).toBe('COMMON');
    }
    expect(COMMON_PASSWORDS.length).toBeGreaterThan(1_000);
  });
});
