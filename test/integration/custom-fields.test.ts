import {
  ApiKeyCreateDocument,
  CustomerCreateDocument,
  CustomerCustomFieldValuesDocument,
  CustomerUpdateDocument,
  CustomFieldDefinitionCreateDocument,
  CustomFieldDefinitionPageDocument,
  CustomFieldDefinitionsDocument,
  CustomFieldDefinitionUpdateDocument,
  type CustomFieldDefinitionCreateInput,
} from '../generated/graphql';
import { toGlobalId } from '../../src/schema/global-id';
import { createFixture, type Fixture } from '../support/fixture';
import { errorCode, startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let f: Fixture;
const defs: Record<string, string> = {};

async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().getConnection().execute(query, params);
}
const count = async (table: string) => (await sql<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n;
const definitionRows = () => sql('select key, label, type, options, required, active, position from custom_field_definition order by id');

async function define(input: CustomFieldDefinitionCreateInput) {
  const res = await app.gql(CustomFieldDefinitionCreateDocument, { input }, { token: f.admin.token });
  expect(res.data?.customFieldDefinitionCreate.userErrors).toEqual([]);
  const def = res.data!.customFieldDefinitionCreate.customFieldDefinition!;
  defs[def.key] = def.id;
  return def;
}

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
});
afterAll(() => app.close());

describe('customFieldDefinitionCreate', () => {
  it('creates definitions of each type, trimming labels and options', async () => {
    expect(await define({ key: 'budget', label: ' 采购预算 ', type: 'NUMBER', position: 10 })).toMatchObject({
      key: 'budget',
      label: '采购预算',
      type: 'NUMBER',
      options: [],
      required: false,
      active: true,
      position: 10,
    });
    await define({ key: 'visit_date', label: '回访日期', type: 'DATE', position: 20 });
    expect((await define({ key: 'level', label: '客户等级', type: 'OPTION', options: [' A ', 'B', 'C'], position: 30 })).options).toEqual([
      'A',
      'B',
      'C',
    ]);
    expect((await define({ key: 'remark', label: '备注', type: 'TEXT' })).position).toBe(0);
  });

  it.each<[string, Partial<CustomFieldDefinitionCreateInput>, string[], string]>([
    ['a key with a space and capitals', { key: 'Bad Key' }, ['input', 'key'], 'INVALID'],
    ['a key starting with a digit', { key: '1st' }, ['input', 'key'], 'INVALID'],
    ['an OPTION field without options', { type: 'OPTION' }, ['input', 'options'], 'INVALID'],
    ['repeated options', { type: 'OPTION', options: ['x', 'x'] }, ['input', 'options'], 'INVALID'],
    ['options on a TEXT field', { options: ['x'] }, ['input', 'options'], 'INVALID'],
    ['a taken key', { key: 'budget' }, ['input', 'key'], 'TAKEN'],
    ['an empty label', { label: '' }, ['input', 'label'], 'INVALID'],
    ['a negative position', { position: -1 }, ['input', 'position'], 'INVALID'],
  ])('refuses %s and writes nothing', async (_label, change, field, code) => {
    const before = await count('custom_field_definition');
    const input = { key: 'fresh_key', label: '新字段', type: 'TEXT' as const, ...change };
    const res = await app.gql(CustomFieldDefinitionCreateDocument, { input }, { token: f.admin.token });
    expect(res.data?.customFieldDefinitionCreate.customFieldDefinition).toBeNull();
    expect(res.data?.customFieldDefinitionCreate.userErrors).toEqual([expect.objectContaining({ field, code })]);
    expect(await count('custom_field_definition')).toBe(before);
  });

  it('is for admins only', async () => {
    const input = { key: 'by_manager', label: '经理字段', type: 'TEXT' as const };
    expect(errorCode(await app.gql(CustomFieldDefinitionCreateDocument, { input }, { token: f.managerEast.token }))).toBe('FORBIDDEN');
    expect(errorCode(await app.gql(CustomFieldDefinitionCreateDocument, { input }, { token: f.salesSh1.token }))).toBe('FORBIDDEN');
    expect(errorCode(await app.gql(CustomFieldDefinitionCreateDocument, { input }))).toBe('UNAUTHENTICATED');
    expect(await sql("select id from custom_field_definition where key = 'by_manager'")).toEqual([]);
  });
});

describe('customFieldDefinitions', () => {
  it('lists active definitions by position, for staff and for keys with customers:read', async () => {
    const res = await app.gql(CustomFieldDefinitionsDocument, {}, { token: f.salesSh1.token });
    expect(res.data!.customFieldDefinitions.nodes.map((d) => d.key)).toEqual(['remark', 'budget', 'visit_date', 'level']);
    const key = (await app.gql(ApiKeyCreateDocument, { input: { name: 'cf', scopes: ['customers:read'] } }, { token: f.admin.token })).data!
      .apiKeyCreate.secret!;
    const partner = await app.gql(CustomFieldDefinitionPageDocument, { first: 2 }, { apiKey: key });
    expect(partner.data!.customFieldDefinitions).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: true } });
    const next = await app.gql(
      CustomFieldDefinitionPageDocument,
      { first: 2, after: partner.data!.customFieldDefinitions.pageInfo.endCursor },
      { apiKey: key },
    );
    expect(next.data!.customFieldDefinitions.nodes.map((d) => d.key)).toEqual(['visit_date', 'level']);
  });

  it('refuses bad page arguments and callers without customers:read', async () => {
    expect(errorCode(await app.gql(CustomFieldDefinitionPageDocument, { first: 101 }, { token: f.admin.token }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await app.gql(CustomFieldDefinitionPageDocument, { after: 'bogus' }, { token: f.admin.token }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(errorCode(await app.gql(CustomFieldDefinitionsDocument, {}))).toBe('UNAUTHENTICATED');
    const orgKey = (await app.gql(ApiKeyCreateDocument, { input: { name: 'org', scopes: ['org:read'] } }, { token: f.admin.token })).data!
      .apiKeyCreate.secret!;
    expect(errorCode(await app.gql(CustomFieldDefinitionsDocument, {}, { apiKey: orgKey }))).toBe('FORBIDDEN');
  });
});

describe('custom field values on customers', () => {
  let id: string;
  const values = async () => (await app.gql(CustomerCustomFieldValuesDocument, { id }, { token: f.admin.token })).data!.customer!;

  it('stores canonical values and reads them back in definition order', async () => {
    const res = await app.gql(
      CustomerCreateDocument,
      {
        input: {
          kind: 'COMPANY',
          name: '自定义字段公司',
          customFields: [
            { key: 'budget', value: ' 0012.50 ' },
            { key: 'level', value: 'B' },
            { key: 'visit_date', value: '2024-02-29' },
            { key: 'remark', value: '  老客户  ' },
          ],
        },
      },
      { token: f.salesSh1.token },
    );
    expect(res.data?.customerCreate.userErrors).toEqual([]);
    id = res.data!.customerCreate.customer!.id;
    expect(res.data!.customerCreate.customer!.customFields).toEqual([
      { key: 'remark', label: '备注', type: 'TEXT', value: '老客户' },
      { key: 'budget', label: '采购预算', type: 'NUMBER', value: '12.5' },
      { key: 'visit_date', label: '回访日期', type: 'DATE', value: '2024-02-29' },
      { key: 'level', label: '客户等级', type: 'OPTION', value: 'B' },
    ]);
    expect((await values()).customFields).toEqual(res.data!.customerCreate.customer!.customFields);
  });

  it('updates the listed fields, keeps the others, and removes a value given as null', async () => {
    const res = await app.gql(
      CustomerUpdateDocument,
      {
        input: {
          id,
          customFields: [
            { key: 'budget', value: '-0.000' },
            { key: 'remark', value: null },
          ],
        },
      },
      { token: f.salesSh1.token },
    );
    expect(res.data?.customerUpdate.userErrors).toEqual([]);
    expect((await values()).customFields.map((v) => [v.key, v.value])).toEqual([
      ['budget', '0'],
      ['visit_date', '2024-02-29'],
      ['level', 'B'],
    ]);
  });

  const badValues = [
    ['budget', '12,5'],
    ['budget', '1e5'],
    ['budget', '1.1234567'],
    ['visit_date', '2023-02-29'],
    ['visit_date', '2024-2-1'],
    ['visit_date', '2024-13-01'],
    ['level', 'D'],
    ['level', 'b'],
    ['remark', 'x'.repeat(1001)],
  ].map(([key, value]) => [key, value.length > 20 ? `${value.length} characters` : JSON.stringify(value), value]);

  it.each(badValues)('refuses %s = %s on update and leaves the customer unchanged', async (key, _shown, value) => {
    const before = await values();
    const res = await app.gql(
      CustomerUpdateDocument,
      {
        input: {
          id,
          name: '不应保存',
          customFields: [
            { key: 'level', value: 'C' },
            { key, value },
          ],
        },
      },
      { token: f.salesSh1.token },
    );
    expect(res.data?.customerUpdate.customer).toBeNull();
    expect(res.data?.customerUpdate.userErrors).toEqual([
      expect.objectContaining({ field: ['input', 'customFields', '1', 'value'], code: 'INVALID' }),
    ]);
    expect(await values()).toEqual(before);
  });

  it('reports an unknown key as NOT_FOUND and writes nothing on create', async () => {
    const before = await count('customer');
    const res = await app.gql(
      CustomerCreateDocument,
      { input: { kind: 'PERSON', name: '未知字段', customFields: [{ key: 'no_such_field', value: '1' }] } },
      { token: f.salesSh1.token },
    );
    expect(res.data?.customerCreate.userErrors).toEqual([
      expect.objectContaining({ field: ['input', 'customFields', '0', 'key'], code: 'NOT_FOUND' }),
    ]);
    expect(await count('customer')).toBe(before);
  });

  it('keeps custom fields within the data scope', async () => {
    const res = await app.gql(
      CustomerUpdateDocument,
      { input: { id, customFields: [{ key: 'level', value: 'A' }] } },
      { token: f.salesSouth.token },
    );
    expect(res.data?.customerUpdate.userErrors[0]).toMatchObject({ field: ['input', 'id'], code: 'NOT_FOUND' });
    expect((await values()).customFields.find((v) => v.key === 'level')?.value).toBe('B');
  });
});

describe('customFieldDefinitionUpdate', () => {
  it('changes label, options and position; stored values stay', async () => {
    const res = await app.gql(
      CustomFieldDefinitionUpdateDocument,
      { input: { id: defs.level, label: '等级', options: ['A', 'C'], position: 1 } },
      { token: f.admin.token },
    );
    expect(res.data?.customFieldDefinitionUpdate.customFieldDefinition).toMatchObject({
      key: 'level',
      label: '等级',
      type: 'OPTION',
      options: ['A', 'C'],
      position: 1,
    });
    const list = await app.gql(CustomFieldDefinitionsDocument, {}, { token: f.admin.token });
    expect(list.data!.customFieldDefinitions.nodes.map((d) => d.key)).toEqual(['remark', 'level', 'budget', 'visit_date']);
    const customer = await sql<{ custom_fields: Record<string, string> }>(
      "select custom_fields from customer where name = '自定义字段公司'",
    );
    expect(customer[0].custom_fields.level).toBe('B');
  });

  it('deactivates a field: hidden by default, listed with includeInactive, and it takes no new values', async () => {
    const res = await app.gql(
      CustomFieldDefinitionUpdateDocument,
      { input: { id: defs.visit_date, active: false } },
      { token: f.admin.token },
    );
    expect(res.data?.customFieldDefinitionUpdate.customFieldDefinition?.active).toBe(false);
    expect(
      (await app.gql(CustomFieldDefinitionsDocument, {}, { token: f.admin.token })).data!.customFieldDefinitions.nodes.map((d) => d.key),
    ).not.toContain('visit_date');
    const all = await app.gql(CustomFieldDefinitionsDocument, { includeInactive: true }, { token: f.admin.token });
    expect(all.data!.customFieldDefinitions.nodes.find((d) => d.key === 'visit_date')).toMatchObject({ active: false });
    const write = await app.gql(
      CustomerCreateDocument,
      { input: { kind: 'PERSON', name: '停用字段', customFields: [{ key: 'visit_date', value: '2024-01-01' }] } },
      { token: f.admin.token },
    );
    expect(write.data?.customerCreate.userErrors).toEqual([
      expect.objectContaining({ field: ['input', 'customFields', '0', 'value'], code: 'INVALID' }),
    ]);
  });

  it.each<[string, Record<string, unknown>, string[], string]>([
    ['an OPTION field losing all options', { options: [] }, ['input', 'options'], 'INVALID'],
    ['an empty label', { label: '' }, ['input', 'label'], 'INVALID'],
    ['an unknown id', { id: toGlobalId('CustomFieldDefinition', 999999) }, ['input', 'id'], 'NOT_FOUND'],
    ['an id of another type', { id: toGlobalId('Customer', 1) }, ['input', 'id'], 'NOT_FOUND'],
  ])('refuses %s and changes nothing', async (_label, change, field, code) => {
    const before = await definitionRows();
    const res = await app.gql(
      CustomFieldDefinitionUpdateDocument,
      { input: { id: defs.level, position: 99, ...change } as never },
      { token: f.admin.token },
    );
    expect(res.data?.customFieldDefinitionUpdate.userErrors).toEqual([expect.objectContaining({ field, code })]);
    expect(await definitionRows()).toEqual(before);
  });

  it('is for admins only', async () => {
    const before = await definitionRows();
    const input = { id: defs.level, label: '越权' };
    expect(errorCode(await app.gql(CustomFieldDefinitionUpdateDocument, { input }, { token: f.managerEast.token }))).toBe('FORBIDDEN');
    expect(errorCode(await app.gql(CustomFieldDefinitionUpdateDocument, { input }))).toBe('UNAUTHENTICATED');
    expect(await definitionRows()).toEqual(before);
  });
});

describe('required custom fields', () => {
  beforeAll(async () => {
    await define({ key: 'contract_no', label: '合同编号', type: 'TEXT', required: true });
  });
  afterAll(async () => {
    await app.gql(CustomFieldDefinitionUpdateDocument, { input: { id: defs.contract_no, active: false } }, { token: f.admin.token });
  });

  it('refuses a new customer without the value, and accepts one with it', async () => {
    const before = await count('customer');
    const missing = await app.gql(CustomerCreateDocument, { input: { kind: 'PERSON', name: '缺合同' } }, { token: f.salesSh1.token });
    expect(missing.data?.customerCreate.userErrors).toEqual([
      expect.objectContaining({ field: ['input', 'customFields'], code: 'REQUIRED', message: expect.stringContaining('contract_no') }),
    ]);
    expect(await count('customer')).toBe(before);
    const ok = await app.gql(
      CustomerCreateDocument,
      { input: { kind: 'PERSON', name: '有合同', customFields: [{ key: 'contract_no', value: 'HT-001' }] } },
      { token: f.salesSh1.token },
    );
    expect(ok.data?.customerCreate.customer?.customFields).toEqual([
      { key: 'contract_no', label: '合同编号', type: 'TEXT', value: 'HT-001' },
    ]);

    const cleared = await app.gql(
      CustomerUpdateDocument,
      { input: { id: ok.data!.customerCreate.customer!.id, customFields: [{ key: 'contract_no', value: ' ' }] } },
      { token: f.salesSh1.token },
    );
    expect(cleared.data?.customerUpdate.userErrors).toEqual([
      expect.objectContaining({ field: ['input', 'customFields', '0', 'value'], code: 'REQUIRED' }),
    ]);
    const after = await app.gql(
      CustomerCustomFieldValuesDocument,
      { id: ok.data!.customerCreate.customer!.id },
      { token: f.salesSh1.token },
    );
    expect(after.data?.customer).toMatchObject({ version: 1, customFields: [{ key: 'contract_no', value: 'HT-001' }] });
  });
});
