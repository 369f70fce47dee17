import { fromGlobalId, localIdOf, toGlobalId } from '../../src/schema/global-id';
import { cursorIdOf, encodeCursor, notAnIdOf } from '../../src/domain/common/global-id';
import { filterLocalIds, requiredLocalId } from '../../src/resolvers/given-id';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

describe('toGlobalId / fromGlobalId', () => {
  it.each([
    ['Customer', 1],
    ['Customer', 42],
    ['User', 7],
    ['Department', 1_000_000],
    ['CustomFieldDefinition', 2_147_483_647],
    ['ApiKey', 9],
  ])('round-trips %s:%p', (type, id) => {
    const globalId = toGlobalId(type, id);
    expect(fromGlobalId(globalId)).toEqual({ type, id });
    expect(localIdOf(globalId, type)).toBe(id);
  });

  it.each([
    ['Customer', 1, 'Q3VzdG9tZXI6MQ'],
    ['User', 7, 'VXNlcjo3'],
  ])('encodes %s:%p as base64url %p', (type, id, expected) => {
    expect(toGlobalId(type, id)).toBe(expected);
  });

  it('is opaque: the result contains no "Type:id" in clear and no padding or url-unsafe characters', () => {
    const globalId = toGlobalId('CustomFieldDefinition', 123456);
    expect(globalId).not.toContain(':');
    expect(globalId).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('accepts a string id', () => {
    expect(fromGlobalId(toGlobalId('Store', '15'))).toEqual({ type: 'Store', id: 15 });
  });

  it('keeps different types apart', () => {
    expect(toGlobalId('Customer', 5)).not.toBe(toGlobalId('Store', 5));
  });
});

describe('fromGlobalId refusals', () => {
  it.each([
    ['empty string', ''],
    ['not base64', '!!!'],
    ['garbage text', 'hello world'],
    ['no separator', b64('Customer42')],
    ['empty type', b64(':42')],
    ['empty id', b64('Customer:')],
    ['zero', b64('Customer:0')],
    ['negative', b64('Customer:-1')],
    ['leading zero', b64('Customer:01')],
    ['fraction', b64('Customer:1.5')],
    ['exponent', b64('Customer:1e3')],
    ['hex', b64('Customer:0x10')],
    ['space before id', b64('Customer: 1')],
    ['trailing text', b64('Customer:1abc')],
    ['second separator', b64('Customer:1:2')],
    ['2^31 (one above int4 max)', b64('Customer:2147483648')],
    ['ten nines', b64('Customer:9999999999')],
    ['eleven digits', b64('Customer:12345678901')],
    ['toGlobalId of zero', toGlobalId('Customer', 0)],
    ['toGlobalId of a negative id', toGlobalId('Customer', -5)],
    ['toGlobalId above int4', toGlobalId('Customer', 2 ** 31)],
  ])('%s → null', (_label, globalId) => {
    expect(fromGlobalId(globalId)).toBeNull();
  });
});

describe('localIdOf', () => {
  it.each([
    ['matching type', toGlobalId('Customer', 5), 'Customer', 5],
    ['another type', toGlobalId('Store', 5), 'Customer', null],
    ['type differs in case', toGlobalId('customer', 5), 'Customer', null],
    ['type is a prefix', toGlobalId('Cust', 5), 'Customer', null],
    ['garbage', 'not-a-global-id', 'Customer', null],
    ['empty', '', 'Customer', null],
    ['zero', toGlobalId('Customer', 0), 'Customer', null],
    ['negative', toGlobalId('Customer', -1), 'Customer', null],
    ['int4 max', toGlobalId('Customer', 2_147_483_647), 'Customer', 2_147_483_647],
    ['above int4 max', toGlobalId('Customer', 2_147_483_648), 'Customer', null],
    ['raw numeric id, not a global id', '5', 'Customer', null],
  ])('%s → %p', (_label, globalId, type, expected) => {
    expect(localIdOf(globalId, type)).toBe(expected);
  });
});

describe('the one codec: cursors and the bad-id wording', () => {
  it.each([
    ['CUSTOMER_ID', 5, 'CUSTOMER_ID', 5],
    ['CUSTOMER_ID', 2_147_483_647, 'CUSTOMER_ID', 2_147_483_647],
    ['CUSTOMER_ID', 5, 'NAME', null],
  ])('a cursor made for %s:%i reads under %s as %p', (key, id, readAs, expected) => {
    expect(cursorIdOf(encodeCursor(key, id), readAs)).toBe(expected);
  });

  it.each([b64('CUSTOMER_ID:0'), b64('CUSTOMER_ID:2147483648'), b64('CUSTOMER_ID:01'), b64('CUSTOMER_ID'), 'nonsense'])(
    'reads %p as no cursor',
    (cursor) => {
      expect(cursorIdOf(cursor, 'CUSTOMER_ID')).toBeNull();
    },
  );

  it('names a wrong id one way, in filters and arguments alike', () => {
    const storeId = toGlobalId('Store', 1);
    expect(notAnIdOf(storeId, 'User')).toEqual({ zh: `“${storeId}”不是 User 的 id`, en: `"${storeId}" is not the id of a User` });
    expect(() => filterLocalIds([storeId], 'User', 'ownerIds')).toThrow(`filter.ownerIds: "${storeId}" is not the id of a User`);
    expect(() => requiredLocalId(storeId, 'Department', 'departmentRootId')).toThrow(
      `departmentRootId: "${storeId}" is not the id of a Department`,
    );
    expect(filterLocalIds([toGlobalId('User', 3)], 'User', 'ownerIds')).toEqual([3]);
  });
});
