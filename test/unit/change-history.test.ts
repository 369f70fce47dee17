import { actorSetting, fieldChanges, subjectGlobalType, valueText } from '../../src/domain/audit/change-history';

describe('change history: what a recorded change reads as', () => {
  it.each([
    ['a string as it is', '13800000000', '13800000000'],
    ['Chinese text as it is', '王小明', '王小明'],
    ['a number in its JSON form', 12.5, '12.5'],
    ['a boolean', true, 'true'],
    ['a list as JSON', ['VIP', '老客户'], '["VIP","老客户"]'],
    ['an object as JSON', { a: 1 }, '{"a":1}'],
    ['null as absent', null, null],
    ['undefined as absent', undefined, null],
  ])('%s', (_name, value, text) => {
    expect(valueText(value)).toBe(text);
  });

  it('an update lists each changed column once, camel-cased, sorted, with before and after', () => {
    expect(fieldChanges('UPDATED', { phone: ['13800000000', '13900000000'], owner_id: [3, null] })).toEqual([
      { field: 'ownerId', before: '3', after: null },
      { field: 'phone', before: '13800000000', after: '13900000000' },
    ]);
  });

  it('a creation lists the values it was created with as after; a deletion the values it had as before', () => {
    expect(fieldChanges('CREATED', { name: '李雷', city_tier: 1 })).toEqual([
      { field: 'cityTier', before: null, after: '1' },
      { field: 'name', before: null, after: '李雷' },
    ]);
    expect(fieldChanges('DELETED', { name: '李雷' })).toEqual([{ field: 'name', before: '李雷', after: null }]);
  });

  it('an update entry that is not a [before, after] pair is refused loudly rather than misread', () => {
    expect(() => fieldChanges('UPDATED', { phone: '138' })).toThrow(/phone/);
  });

  it('the actor setting names the user or the key and the request; nobody is an empty setting', () => {
    expect(
      JSON.parse(actorSetting({ kind: 'staff', userId: 7, role: 'SALES', departmentId: null, departmentPath: null }, 'req-1')),
    ).toEqual({
      user: 7,
      request: 'req-1',
    });
    expect(JSON.parse(actorSetting({ kind: 'partner', apiKeyId: 4, scopes: [] }, undefined))).toEqual({ key: 4 });
    expect(actorSetting(null, undefined)).toBe('');
  });

  it.each([
    ['CUSTOMER', 'Customer'],
    ['ORDER', 'Order'],
    ['FOLLOW_UP', 'FollowUp'],
    ['SERVICE_CASE', 'ServiceCase'],
    ['API_KEY', 'ApiKey'],
    ['SCORING_SETTINGS', 'ScoringSettings'],
  ] as const)('subject %s is identified as a %s', (subject, type) => {
    expect(subjectGlobalType(subject)).toBe(type);
  });
});
