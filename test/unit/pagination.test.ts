import { RequestError } from '../../src/domain/common/domain-error';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, checkPageArgs, decodeCursor, encodeCursor, type PageArgs } from '../../src/lib/pagination';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to throw');
}

describe('checkPageArgs', () => {
  it('uses 20 and 100 as default and maximum', () => {
    expect(DEFAULT_PAGE_SIZE).toBe(20);
    expect(MAX_PAGE_SIZE).toBe(100);
  });

  it.each<[string, PageArgs, { limit: number; backward: boolean }]>([
    ['nothing → default forward page', {}, { limit: 20, backward: false }],
    ['nulls → default forward page', { first: null, last: null }, { limit: 20, backward: false }],
    ['first 0', { first: 0 }, { limit: 0, backward: false }],
    ['first 1', { first: 1 }, { limit: 1, backward: false }],
    ['first 100', { first: 100 }, { limit: 100, backward: false }],
    ['first with after', { first: 5, after: 'x' }, { limit: 5, backward: false }],
    ['last 0', { last: 0 }, { limit: 0, backward: true }],
    ['last 10', { last: 10 }, { limit: 10, backward: true }],
    ['last 100', { last: 100 }, { limit: 100, backward: true }],
    ['last with first null', { first: null, last: 3 }, { limit: 3, backward: true }],
    ['only before → default forward page', { before: 'x' }, { limit: 20, backward: false }],
  ])('%s', (_label, args, expected) => {
    expect(checkPageArgs(args)).toEqual(expected);
  });

  it.each<[string, PageArgs, RegExp]>([
    ['first -1', { first: -1 }, /^first must be between 0 and 100, got -1$/],
    ['first 101', { first: 101 }, /^first must be between 0 and 100, got 101$/],
    ['first 1000000', { first: 1_000_000 }, /^first must be between 0 and 100/],
    ['last -1', { last: -1 }, /^last must be between 0 and 100, got -1$/],
    ['last 101', { last: 101 }, /^last must be between 0 and 100, got 101$/],
    ['first and last', { first: 5, last: 5 }, /either first or last, not both/],
    ['first 0 and last 0', { first: 0, last: 0 }, /either first or last, not both/],
  ])('%s → RequestError BAD_USER_INPUT', (_label, args, message) => {
    const error = thrown(() => checkPageArgs(args));
    expect(error).toBeInstanceOf(RequestError);
    expect((error as RequestError).code).toBe('BAD_USER_INPUT');
    expect((error as RequestError).message).toMatch(message);
  });
});

describe('encodeCursor / decodeCursor', () => {
  it.each([
    ['CREATED_AT', 1],
    ['UPDATED_AT', 42],
    ['NAME', 123456],
    ['ID', 2_147_483_647],
    ['POSITION', 7],
  ])('round-trips %s:%p', (key, id) => {
    const cursor = encodeCursor(key, id);
    expect(decodeCursor(cursor, key, 'after')).toBe(id);
  });

  it('produces an opaque url-safe string', () => {
    const cursor = encodeCursor('CREATED_AT', 17);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain('CREATED_AT');
  });

  it.each([
    ['cursor of another sort key', encodeCursor('NAME', 5), 'CREATED_AT'],
    ['cursor of a sort key differing in case', encodeCursor('name', 5), 'NAME'],
    ['sort key that is a prefix', encodeCursor('CREATED', 5), 'CREATED_AT'],
    ['empty string', '', 'CREATED_AT'],
    ['garbage', 'not-a-cursor', 'CREATED_AT'],
    ['global id instead of cursor', Buffer.from('Customer:5').toString('base64url'), 'CREATED_AT'],
    ['no id', Buffer.from('CREATED_AT:').toString('base64url'), 'CREATED_AT'],
    ['no separator', Buffer.from('CREATED_AT5').toString('base64url'), 'CREATED_AT'],
    ['negative id', Buffer.from('CREATED_AT:-5').toString('base64url'), 'CREATED_AT'],
    ['fractional id', Buffer.from('CREATED_AT:1.5').toString('base64url'), 'CREATED_AT'],
    ['id with letters', Buffer.from('CREATED_AT:5a').toString('base64url'), 'CREATED_AT'],
    ['eleven-digit id', Buffer.from('CREATED_AT:12345678901').toString('base64url'), 'CREATED_AT'],
  ])('%s is refused with BAD_USER_INPUT', (_label, cursor, key) => {
    const error = thrown(() => decodeCursor(cursor, key, 'before'));
    expect(error).toBeInstanceOf(RequestError);
    expect((error as RequestError).code).toBe('BAD_USER_INPUT');
    expect((error as RequestError).message).toBe(`before: "${cursor}" is not a cursor of this list and sort order`);
  });

  // Every id column is a PostgreSQL `serial` (int4), and global ids refuse ids above
  // 2^31-1 for that reason. A cursor carrying a larger id reaches `where id = ?` and fails
  // in the database ("out of range for type integer") instead of as BAD_USER_INPUT.
  it.each([
    ['2^31', 2_147_483_648],
    ['ten nines', 9_999_999_999],
  ])('a cursor whose id is above int4 (%s) is refused with BAD_USER_INPUT', (_label, id) => {
    const cursor = encodeCursor('CREATED_AT', id);
    const error = thrown(() => decodeCursor(cursor, 'CREATED_AT', 'after'));
    expect(error).toBeInstanceOf(RequestError);
    expect((error as RequestError).code).toBe('BAD_USER_INPUT');
  });
});
