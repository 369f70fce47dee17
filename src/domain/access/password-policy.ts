import { say, type Bilingual } from '../common/bilingual';
import { COMMON_PASSWORDS } from './common-passwords';

/**
 * The rule for a new password set through the API (userCreate, userUpdate). Length is what
 * resists guessing once the login throttle holds; the list and patterns catch the passwords
 * an attacker tries first. Passwords set before this rule (the demo's) still log in.
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

export type PasswordProblemKind = 'TOO_SHORT' | 'TOO_LONG' | 'COMMON' | 'REPEATED' | 'SEQUENCE' | 'EMAIL';

export interface PasswordProblem {
  kind: PasswordProblemKind;
  message: Bilingual;
}

const COMMON = new Set(COMMON_PASSWORDS);

/** Characters as a person counts them: code points, so 密码 is 2, not 2 UTF-16 units or 6 bytes. */
function characters(value: string): string[] {
  return [...value];
}

/** The same block over and over: aaaaaaaaaa, 1212121212, abcabcabca. */
function isRepeated(chars: string[]): boolean {
  for (let period = 1; period <= chars.length / 2; period++) {
    let repeats = true;
    for (let i = period; i < chars.length && repeats; i++) repeats = chars[i] === chars[i - period];
    if (repeats) return true;
  }
  return false;
}

/** A straight run up or down the character table: 0123456789, abcdefghij, 9876543210. */
function isSequence(chars: string[]): boolean {
  const step = chars[1].codePointAt(0)! - chars[0].codePointAt(0)!;
  if (step !== 1 && step !== -1) return false;
  return chars.every((c, i) => i === 0 || c.codePointAt(0)! - chars[i - 1].codePointAt(0)! === step);
}

/**
 * The first problem of a new password, or null when it is acceptable. `email` is the
 * account's address: the address or its local part is refused as the password.
 */
export function passwordProblem(password: string, account: { email?: string | null } = {}): PasswordProblem | null {
  const chars = characters(password);
  if (chars.length < PASSWORD_MIN_LENGTH) {
    return {
      kind: 'TOO_SHORT',
      message: say(
        `至少需要 ${PASSWORD_MIN_LENGTH} 个字符（当前只有 ${chars.length} 个）`,
        `must be at least ${PASSWORD_MIN_LENGTH} characters (it has ${chars.length})`,
      ),
    };
  }
  if (chars.length > PASSWORD_MAX_LENGTH) {
    return { kind: 'TOO_LONG', message: say(`最多 ${PASSWORD_MAX_LENGTH} 个字符`, `must be at most ${PASSWORD_MAX_LENGTH} characters`) };
  }
  const folded = password.normalize('NFKC').toLowerCase();
  if (COMMON.has(folded) || COMMON.has(folded.trim())) {
    return {
      kind: 'COMMON',
      message: say(
        '是最常见的密码之一，攻击者会最先尝试；请换一个',
        'is one of the most common passwords, which attackers try first; choose another',
      ),
    };
  }
  const foldedChars = characters(folded);
  if (isRepeated(foldedChars)) {
    return {
      kind: 'REPEATED',
      message: say('只是相同字符的重复；请选择更难猜到的密码', 'repeats the same characters; choose a less predictable password'),
    };
  }
  if (isSequence(foldedChars)) {
    return {
      kind: 'SEQUENCE',
      message: say('是一串连续的字符；请选择更难猜到的密码', 'is a run of consecutive characters; choose a less predictable password'),
    };
  }
  const email = account.email?.trim().toLowerCase();
  if (email) {
    const local = email.split('@')[0];
    if (folded === email || (local.length > 0 && folded === local)) {
      return { kind: 'EMAIL', message: say('不能与账号的邮箱地址相同', "must not be the account's email address") };
    }
  }
  return null;
}
