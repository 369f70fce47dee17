import {
  ApiKeyCreateDocument,
  CustomerCreateDocument,
  CustomFieldDefinitionCreateDocument,
  NodeDetailDocument,
  NodeDocument,
  NodesDetailDocument,
  NodesDocument,
  VocabulariesDocument,
} from '../generated/graphql';
import { toGlobalId } from '../../src/schema/global-id';
import { countStatements, createFixture, type Fixture } from '../support/fixture';
import { errorCode, startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let f: Fixture;
let sh1Customer: string;
let southCustomer: string;
let apiKey: { id: string; secret: string };
let fieldId: string;

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
  const customer = async (token: string, name: string) =>
    (await app.gql(CustomerCreateDocument, { input: { kind: 'PERSON', name } }, { token })).data!.customerCreate.customer!.id;
  sh1Customer = await customer(f.salesSh1.token, '节点客户甲');
  southCustomer = await customer(f.salesSouth.token, '节点客户乙');
  const key = (await app.gql(ApiKeyCreateDocument, { input: { name: '节点', scopes: ['customers:read'] } }, { token: f.admin.token })).data!
    .apiKeyCreate;
  apiKey = { id: key.apiKey!.id, secret: key.secret! };
  fieldId = (
    await app.gql(CustomFieldDefinitionCreateDocument, { input: { key: 'grade', label: '等级', type: 'TEXT' } }, { token: f.admin.token })
  ).data!.customFieldDefinitionCreate.customFieldDefinition!.id;
});
afterAll(() => app.close());

const dept = (id: number) => toGlobalId('Department', id);

describe('node', () => {
  it('resolves a customer, a user and a department to their types', async () => {
    const get = async (id: string) => {
      const res = await app.gql(NodeDocument, { id }, { token: f.admin.token });
      expect(res.errors).toBeUndefined();
      return res.data!.node;
    };
    expect(await get(sh1Customer)).toEqual({ __typename: 'Customer', id: sh1Customer, name: '节点客户甲' });
    expect(await get(f.salesSouth.gid)).toEqual({ __typename: 'User', id: f.salesSouth.gid, email: 'sales.south@test.cn' });
    expect(await get(dept(f.departments.east))).toEqual({ __typename: 'Department', id: dept(f.departments.east), name: '华东' });
  });

  it('resolves stores, API keys and custom field definitions for an admin', async () => {
    const get = async (id: string, token = f.admin.token) => (await app.gql(NodeDetailDocument, { id }, { token })).data?.node;
    expect(await get(toGlobalId('Store', f.stores.south))).toEqual({
      __typename: 'Store',
      id: toGlobalId('Store', f.stores.south),
      name: '天河店',
    });
    expect(await get(apiKey.id)).toMatchObject({ __typename: 'ApiKey', name: '节点', prefix: apiKey.secret.slice(0, 12) });
    expect(await get(fieldId)).toEqual({ __typename: 'CustomFieldDefinition', id: fieldId, key: 'grade' });
    // An API key is for admins only: a manager gets null, not an error.
    const asManager = await app.gql(NodeDetailDocument, { id: apiKey.id }, { token: f.managerEast.token });
    expect(asManager).toMatchObject({ data: { node: null } });
    expect(asManager.errors).toBeUndefined();
  });

  it('answers null for a customer outside the viewer’s scope', async () => {
    for (const token of [f.salesSh2.token, f.managerEast.token]) {
      const res = await app.gql(NodeDocument, { id: southCustomer }, { token });
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({ node: null });
    }
    expect((await app.gql(NodeDocument, { id: southCustomer }, { token: f.salesSouth.token })).data?.node).toMatchObject({
      name: '节点客户乙',
    });
  });

  it.each([
    ['garbage', 'not-a-global-id'],
    ['an empty id', ''],
    ['an unknown type', toGlobalId('Widget', 1)],
    ['a missing customer', toGlobalId('Customer', 999999)],
    ['a zero id', toGlobalId('Customer', 0)],
    ['an id past int4', toGlobalId('Customer', '9999999999')],
  ])('answers null for %s', async (_label, id) => {
    const res = await app.gql(NodeDocument, { id }, { token: f.admin.token });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ node: null });
  });

  it('follows a partner key’s scopes: customers yes, staff no', async () => {
    const customer = await app.gql(NodeDocument, { id: southCustomer }, { apiKey: apiKey.secret });
    expect(customer.data?.node).toMatchObject({ __typename: 'Customer', name: '节点客户乙' });
    const user = await app.gql(NodeDocument, { id: f.admin.gid }, { apiKey: apiKey.secret });
    expect(user.errors).toBeUndefined();
    expect(user.data?.node).toBeNull();
    const many = await app.gql(NodesDocument, { ids: [apiKey.id, sh1Customer, dept(f.departments.hq)] }, { apiKey: apiKey.secret });
    expect(many.data?.nodes).toEqual([null, { __typename: 'Customer', id: sh1Customer }, null]);
  });

  it('needs credentials', async () => {
    const res = await app.gql(NodeDocument, { id: sh1Customer });
    expect(errorCode(res)).toBe('UNAUTHENTICATED');
    expect(res.data?.node ?? null).toBeNull();
  });
});

describe('nodes', () => {
  it('answers in the order asked, with null for what the viewer may not see', async () => {
    const ids = [dept(f.departments.south), southCustomer, 'garbage', f.salesSh1.gid, sh1Customer, sh1Customer];
    const res = await app.gql(NodesDetailDocument, { ids }, { token: f.salesSh1.token });
    expect(res.errors).toBeUndefined();
    expect(res.data!.nodes).toEqual([
      { __typename: 'Department', id: dept(f.departments.south), name: '华南' },
      null,
      null,
      { __typename: 'User', id: f.salesSh1.gid, email: 'sales1@test.cn' },
      { __typename: 'Customer', id: sh1Customer, name: '节点客户甲', owner: { id: f.salesSh1.gid } },
      { __typename: 'Customer', id: sh1Customer, name: '节点客户甲', owner: { id: f.salesSh1.gid } },
    ]);
  });

  it('loads customers, users and departments in one statement per type, however many ids', async () => {
    const many = (type: string, n: number) => Array.from({ length: n }, (_, i) => toGlobalId(type, i + 1));
    const small = await countStatements(() =>
      app.gql(NodesDocument, { ids: [sh1Customer, f.admin.gid, dept(f.departments.hq)] }, { token: f.admin.token }),
    );
    const large = await countStatements(() =>
      app.gql(NodesDocument, { ids: [...many('Customer', 60), ...many('User', 20), ...many('Department', 20)] }, { token: f.admin.token }),
    );
    expect(large).toBe(small);
  });

  it('loads 50 ids of 3 types with at most 3 entity statements, in the order asked', async () => {
    // Customers, API keys and custom field definitions, interleaved; the real ones among missing ones.
    const types = ['Customer', 'ApiKey', 'CustomFieldDefinition'];
    const ids = Array.from({ length: 50 }, (_, i) => toGlobalId(types[i % 3], 900_000 + i));
    const real: Record<number, string> = { 3: sh1Customer, 7: apiKey.id, 11: fieldId, 30: southCustomer, 40: apiKey.id, 48: sh1Customer };
    for (const [at, id] of Object.entries(real)) ids[Number(at)] = id;
    // One id of one type: the statements of the request itself (authentication) and one entity statement.
    const single = await countStatements(() => app.gql(NodesDocument, { ids: [sh1Customer] }, { token: f.admin.token }));
    const ask = () => app.gql(NodesDocument, { ids }, { token: f.admin.token });
    let res: Awaited<ReturnType<typeof ask>> | undefined;
    const many = await countStatements(async () => {
      res = await ask();
    });
    expect(many - (single - 1)).toBeLessThanOrEqual(3);
    expect(res!.errors).toBeUndefined();
    const typeOf = (id: string) =>
      id === sh1Customer || id === southCustomer ? 'Customer' : id === apiKey.id ? 'ApiKey' : 'CustomFieldDefinition';
    expect(res!.data!.nodes).toEqual(ids.map((id, i) => (real[i] ? { __typename: typeOf(id), id } : null)));
  });

  it('takes up to 100 ids and refuses more with BAD_USER_INPUT', async () => {
    const hundred = Array.from({ length: 100 }, (_, i) => toGlobalId('Customer', i + 1));
    const ok = await app.gql(NodesDocument, { ids: hundred }, { token: f.admin.token });
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.nodes).toHaveLength(100);
    expect(
      ok
        .data!.nodes.filter(Boolean)
        .map((n) => n!.id)
        .sort(),
    ).toEqual([sh1Customer, southCustomer].sort());
    const tooMany = await app.gql(NodesDocument, { ids: [...hundred, sh1Customer] }, { token: f.admin.token });
    expect(errorCode(tooMany)).toBe('BAD_USER_INPUT');
    expect(tooMany.data).toBeNull();
  });

  it('needs credentials', async () => {
    const res = await app.gql(NodesDocument, { ids: [sh1Customer] });
    expect(errorCode(res)).toBe('UNAUTHENTICATED');
    expect(res.data).toBeNull();
  });
});

describe('vocabularies', () => {
  const labels = (
    res: { data?: { vocabularies: Array<{ name: string; values: Array<{ code: string; label: string }> }> } | null },
    name: string,
  ) => Object.fromEntries(res.data!.vocabularies.find((v) => v.name === name)!.values.map((v) => [v.code, v.label]));

  it('lists every enum with Chinese labels by default', async () => {
    const res = await app.gql(VocabulariesDocument, {}, { token: f.salesSh1.token, headers: { 'accept-language': '' } });
    expect(res.data!.vocabularies.map((v) => v.name).sort()).toEqual(
      [
        'AgeBand',
        'BehaviouralType',
        'CompanySize',
        'ContactChannel',
        'CustomerKind',
        'CustomerSource',
        'EconomicStatus',
        'EducationLevel',
        'Gender',
        'ImportantDateKind',
        'IncomeBand',
        'CurrencyCode',
        'OrderStatus',
        'PaymentMethod',
        'FollowUpChannel',
        'FollowUpOutcome',
        'InquiryStatus',
        'InquiryUrgency',
        'InquiryChannel',
        'NeedUrgency',
        'ServiceCaseType',
        'ServiceCaseStatus',
        'LifecycleStage',
        'ValueTier',
        'AbcClass',
        'MemberLevel',
        'RelationshipDepth',
        'RfmGroup',
        'TrendDirection',
        'TrendFlag',
        'VolumeMeasure',
        'TouchPurpose',
        'TouchRefusal',
        'ReminderKind',
        'ReminderUrgency',
        'ReminderState',
      ].sort(),
    );
    expect(labels(res, 'CustomerSource')).toMatchObject({ WALK_IN: '到店', REFERRAL: '转介绍', OTHER: '其他' });
    expect(labels(res, 'CustomerKind')).toEqual({ PERSON: '个人', COMPANY: '企业' });
    expect(labels(res, 'LifecycleStage')).toMatchObject({ LEAD: '潜在客户', LOYAL: '忠诚客户' });
    expect(Object.keys(labels(res, 'BehaviouralType')).sort()).toEqual([
      'BENEFIT_SEEKING',
      'HABITUAL',
      'IMPULSIVE',
      'RATIONAL',
      'UNREASONABLE',
    ]);
  });

  it('answers in English for locale "en" and for Accept-Language: en', async () => {
    const byArg = await app.gql(VocabulariesDocument, { locale: 'en' }, { token: f.admin.token });
    expect(labels(byArg, 'CustomerSource')).toMatchObject({ WALK_IN: 'Walk-in', REFERRAL: 'Referral' });
    const byHeader = await app.gql(VocabulariesDocument, {}, { token: f.admin.token, headers: { 'Accept-Language': 'en-GB,en;q=0.9' } });
    expect(byHeader.data).toEqual(byArg.data);
    const zhHeader = await app.gql(VocabulariesDocument, {}, { token: f.admin.token, headers: { 'Accept-Language': 'zh-CN' } });
    expect(labels(zhHeader, 'CustomerKind')).toEqual({ PERSON: '个人', COMPANY: '企业' });
  });

  it('lets the locale argument win over the header, and ignores an unknown locale', async () => {
    const zh = await app.gql(VocabulariesDocument, { locale: 'zh' }, { token: f.admin.token, headers: { 'Accept-Language': 'en' } });
    expect(labels(zh, 'Gender')).toEqual({ MALE: '男', FEMALE: '女', OTHER: '其他' });
    const fr = await app.gql(VocabulariesDocument, { locale: 'fr' }, { token: f.admin.token, headers: { 'Accept-Language': 'en' } });
    expect(labels(fr, 'Gender')).toEqual({ MALE: 'Male', FEMALE: 'Female', OTHER: 'Other' });
  });

  it('answers a partner key too, whatever its scopes', async () => {
    const res = await app.gql(VocabulariesDocument, { locale: 'en' }, { apiKey: apiKey.secret });
    expect(labels(res, 'CustomerKind')).toEqual({ PERSON: 'Person', COMPANY: 'Company' });
  });

  it('needs credentials', async () => {
    const res = await app.gql(VocabulariesDocument, { locale: 'en' });
    expect(errorCode(res)).toBe('UNAUTHENTICATED');
    expect(res.data).toBeNull();
  });
});
