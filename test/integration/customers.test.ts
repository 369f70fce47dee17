import {
  CustomerArchiveDocument,
  CustomerAssignDocument,
  CustomerCreateDocument,
  CustomerDocument,
  CustomerHistoryDocument,
  CustomerRestoreDocument,
  CustomersCountDocument,
  CustomersDocument,
  CustomerUpdateDocument,
} from '../generated/graphql';
import { toGlobalId } from '../../src/schema/global-id';
import { createFixture, type Fixture } from '../support/fixture';
import { errorCode, startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let f: Fixture;

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
});
afterAll(() => app.close());

async function customerRows(): Promise<number> {
  const [{ count }] = await app.db.orm.em.fork().getConnection().execute('select count(*)::int as count from customer');
  return count;
}

async function create(token: string, input: Record<string, unknown>) {
  const res = await app.gql(CustomerCreateDocument, { input: input as never }, { token });
  expect(res.errors).toBeUndefined();
  return res.data!.customerCreate;
}

describe('customerCreate', () => {
  it('creates a person with normalised contacts, owned by the salesperson who created it', async () => {
    const payload = await create(f.salesSh1.token, {
      kind: 'PERSON',
      name: '张伟',
      phone: '138 1234 5678',
      email: ' Zhang.Wei@Example.COM ',
      phones: ['(021) 6123-4567'],
      wechatIds: ['zhangwei88'],
      addresses: [{ label: '家', province: '上海市', city: '上海市', street: '漕溪北路88号' }],
      source: 'REFERRAL',
      province: '上海市',
      city: '上海市',
      cityTier: 1,
      industry: '零售',
      birthday: '1985-06-15',
      importantDates: [{ kind: 'WEDDING_ANNIVERSARY', date: '2012-10-01' }],
      economicStatus: 'UPPER_MIDDLE',
      previousCategories: ['家电'],
      mainSuppliers: [{ name: '苏宁', satisfaction: 3 }],
      gender: 'MALE',
      ageBand: 'FROM_35_TO_44',
      incomeBand: 'UPPER_MIDDLE',
      education: 'BACHELOR',
      types: ['RATIONAL', 'HABITUAL'],
      tags: ['重视服务', '重视服务', ' 决策人 '],
      contactPreference: { preferredChannel: 'WECHAT', preferredTime: '工作日晚上', consents: [{ channel: 'SMS', granted: false }] },
    });
    expect(payload.userErrors).toEqual([]);
    const c = payload.customer!;
    expect(c).toMatchObject({
      kind: 'PERSON',
      name: '张伟',
      phone: '+8613812345678',
      email: 'zhang.wei@example.com',
      phones: ['+862161234567'],
      wechatIds: ['zhangwei88'],
      cityTier: 1,
      birthday: '1985-06-15',
      types: ['RATIONAL', 'HABITUAL'],
      tags: ['重视服务', '决策人'],
      version: 1,
      archived: false,
      owner: { id: f.salesSh1.gid, name: '上海销售一' },
      department: { id: toGlobalId('Department', f.departments.shanghai) },
      store: { id: toGlobalId('Store', f.stores.shanghai) },
    });
    expect(c.contactPreference.consents).toEqual([
      { channel: 'SMS', granted: false, updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
    ]);
    const history = await app.gql(CustomerHistoryDocument, { id: c.id }, { token: f.salesSh1.token });
    expect(history.data?.customer?.assignmentHistory.nodes).toEqual([
      expect.objectContaining({ reason: 'created', fromOwner: null, toOwner: { id: f.salesSh1.gid } }),
    ]);
  });

  it('refuses a bad email with a user error on the email field and writes nothing', async () => {
    const before = await customerRows();
    const res = await app.gql(
      CustomerCreateDocument,
      { input: { kind: 'PERSON', name: '李娜', email: 'not-an-email' } },
      { token: f.admin.token },
    );
    expect(res.data?.customerCreate.customer).toBeNull();
    expect(res.data?.customerCreate.userErrors).toEqual([
      { field: ['input', 'email'], message: expect.stringContaining('not-an-email'), code: 'INVALID' },
    ]);
    expect(await customerRows()).toBe(before);
  });

  it.each([
    [{ kind: 'PERSON', name: '' }, ['input', 'name']],
    [{ kind: 'PERSON', name: '王芳', phone: '12345' }, ['input', 'phone']],
    [{ kind: 'PERSON', name: '王芳', cityTier: 7 }, ['input', 'cityTier']],
    [{ kind: 'PERSON', name: '王芳', phones: ['+8613800000000', 'abc'] }, ['input', 'phones', '1']],
    [{ kind: 'PERSON', name: '王芳', mainSuppliers: [{ name: '格力', satisfaction: 9 }] }, ['input', 'mainSuppliers', '0', 'satisfaction']],
    [{ kind: 'PERSON', name: '王芳', country: 'china' }, ['input', 'country']],
    [{ kind: 'PERSON', name: '王芳', birthday: '2030-05-01' }, ['input', 'birthday']],
    [{ kind: 'PERSON', name: '王芳', birthday: '1850-05-01' }, ['input', 'birthday']],
  ])('reports %j at %j', async (input, field) => {
    const before = await customerRows();
    const res = await app.gql(CustomerCreateDocument, { input: input as never }, { token: f.admin.token });
    expect(res.errors).toBeUndefined();
    expect(res.data?.customerCreate.userErrors.map((e) => e.field)).toContainEqual(field);
    expect(await customerRows()).toBe(before);
  });

  it('refuses a SALES user giving the customer to someone else', async () => {
    const res = await app.gql(
      CustomerCreateDocument,
      { input: { kind: 'PERSON', name: '赵强', ownerId: f.salesSouth.gid } },
      { token: f.salesSh1.token },
    );
    expect(res.data?.customerCreate.userErrors[0]).toMatchObject({ field: ['input', 'ownerId'], code: 'FORBIDDEN' });
  });

  it('needs a viewer', async () => {
    const res = await app.gql(CustomerCreateDocument, { input: { kind: 'PERSON', name: '无名' } });
    expect(errorCode(res)).toBe('UNAUTHENTICATED');
  });
});

describe('data scope', () => {
  let sh1Customer: string;
  let southCustomer: string;

  beforeAll(async () => {
    sh1Customer = (await create(f.salesSh1.token, { kind: 'PERSON', name: '上海客户甲' })).customer!.id;
    southCustomer = (await create(f.salesSouth.token, { kind: 'COMPANY', name: '广州某公司' })).customer!.id;
  });

  it('lets a SALES user read its own customer but not another salesperson’s', async () => {
    expect((await app.gql(CustomerDocument, { id: sh1Customer }, { token: f.salesSh1.token })).data?.customer?.name).toBe('上海客户甲');
    const other = await app.gql(CustomerDocument, { id: sh1Customer }, { token: f.salesSh2.token });
    expect(other.errors).toBeUndefined();
    expect(other.data?.customer).toBeNull();
  });

  it('hides other salespeople’s customers from a SALES user’s list', async () => {
    const res = await app.gql(CustomersDocument, { first: 100 }, { token: f.salesSh2.token });
    const names = res.data!.customers.edges.map((e) => e.node.name);
    expect(names).not.toContain('上海客户甲');
    expect(names).not.toContain('广州某公司');
  });

  it('refuses a SALES user updating or reassigning another salesperson’s customer, writing nothing', async () => {
    const update = await app.gql(CustomerUpdateDocument, { input: { id: sh1Customer, name: '改名' } }, { token: f.salesSh2.token });
    expect(update.data?.customerUpdate.userErrors[0]).toMatchObject({ field: ['input', 'id'], code: 'NOT_FOUND' });
    const assign = await app.gql(
      CustomerAssignDocument,
      { input: { customerId: sh1Customer, ownerId: f.salesSh2.gid, reason: '抢客户' } },
      { token: f.salesSh2.token },
    );
    expect(assign.data?.customerAssign.userErrors[0]).toMatchObject({ field: ['input', 'customerId'], code: 'NOT_FOUND' });
    const still = await app.gql(CustomerDocument, { id: sh1Customer }, { token: f.admin.token });
    expect(still.data?.customer).toMatchObject({ name: '上海客户甲', owner: { id: f.salesSh1.gid }, version: 1 });
  });

  it('reads a malformed or foreign-typed id as not found', async () => {
    for (const id of ['garbage', toGlobalId('User', f.salesSh1.id)]) {
      const res = await app.gql(CustomerDocument, { id }, { token: f.admin.token });
      expect(res.errors).toBeUndefined();
      expect(res.data?.customer).toBeNull();
    }
  });

  it('refuses customer(id) without credentials', async () => {
    expect(errorCode(await app.gql(CustomerDocument, { id: sh1Customer }))).toBe('UNAUTHENTICATED');
  });

  it('lets a MANAGER see its department subtree and nothing outside it', async () => {
    expect((await app.gql(CustomerDocument, { id: sh1Customer }, { token: f.managerEast.token })).data?.customer?.name).toBe('上海客户甲');
    expect((await app.gql(CustomerDocument, { id: southCustomer }, { token: f.managerEast.token })).data?.customer).toBeNull();
  });

  it('lets an ADMIN see everything', async () => {
    const res = await app.gql(CustomersCountDocument, {}, { token: f.admin.token });
    expect(res.data!.customers.totalCount).toBe(await customerRows());
  });
});

describe('customerUpdate', () => {
  let id: string;
  beforeAll(async () => {
    id = (await create(f.salesSh1.token, { kind: 'PERSON', name: '孙丽', tags: ['价格敏感'] })).customer!.id;
  });

  it('changes the fields given, keeps the others, and bumps the version', async () => {
    const res = await app.gql(
      CustomerUpdateDocument,
      { input: { id, version: 1, name: '孙丽娟', email: 'sunli@example.cn', companyName: null } },
      { token: f.salesSh1.token },
    );
    expect(res.data?.customerUpdate.userErrors).toEqual([]);
    expect(res.data?.customerUpdate.customer).toMatchObject({ name: '孙丽娟', email: 'sunli@example.cn', tags: ['价格敏感'], version: 2 });
  });

  it('refuses a stale version with CONFLICT and writes nothing', async () => {
    const res = await app.gql(CustomerUpdateDocument, { input: { id, version: 1, name: '旧版本写入' } }, { token: f.salesSh1.token });
    expect(res.data?.customerUpdate.userErrors).toEqual([
      { field: ['input', 'version'], message: expect.stringContaining('version 1'), code: 'CONFLICT' },
    ]);
    const now = await app.gql(CustomerDocument, { id }, { token: f.salesSh1.token });
    expect(now.data?.customer).toMatchObject({ name: '孙丽娟', version: 2 });
  });

  it('lets exactly one of two concurrent writers of the same version win', async () => {
    const current = (await app.gql(CustomerDocument, { id }, { token: f.salesSh1.token })).data!.customer!;
    const results = await Promise.all(
      ['并发甲', '并发乙'].map((notes) =>
        app.gql(CustomerUpdateDocument, { input: { id, version: current.version, notes } }, { token: f.salesSh1.token }),
      ),
    );
    const codes = results.map((r) => r.data?.customerUpdate.userErrors[0]?.code ?? 'OK').sort();
    expect(codes).toEqual(['CONFLICT', 'OK']);
    const after = (await app.gql(CustomerDocument, { id }, { token: f.salesSh1.token })).data!.customer!;
    expect(after.version).toBe(current.version + 1);
  });

  it('refuses a birthday after today (company calendar) on update, and takes today', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: app.config.companyTimeZone }).format(new Date());
    const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const res = await app.gql(CustomerUpdateDocument, { input: { id, birthday: tomorrow } }, { token: f.salesSh1.token });
    expect(res.data?.customerUpdate.userErrors).toEqual([
      { field: ['input', 'birthday'], message: `must not be after today (${today})`, code: 'INVALID' },
    ]);
    const ok = await app.gql(CustomerUpdateDocument, { input: { id, birthday: today } }, { token: f.salesSh1.token });
    expect(ok.data?.customerUpdate.userErrors).toEqual([]);
  });

  it('refuses a bad email on update and leaves the record unchanged', async () => {
    const res = await app.gql(CustomerUpdateDocument, { input: { id, email: 'bad@', name: '不会保存' } }, { token: f.salesSh1.token });
    expect(res.data?.customerUpdate.userErrors.map((e) => e.field)).toEqual([['input', 'email']]);
    expect((await app.gql(CustomerDocument, { id }, { token: f.salesSh1.token })).data?.customer?.name).toBe('孙丽娟');
  });

  it('refuses a partner key without customers:write', async () => {
    const res = await app.gql(CustomerUpdateDocument, { input: { id, name: 'x' } }, { apiKey: 'cok_not-a-real-key' });
    expect(errorCode(res)).toBe('UNAUTHENTICATED');
  });
});

describe('customerArchive and customerRestore', () => {
  let id: string;
  beforeAll(async () => {
    id = (await create(f.salesSh1.token, { kind: 'COMPANY', name: '归档测试有限公司' })).customer!.id;
  });

  it('hides an archived customer unless the filter asks, and restores it', async () => {
    const archived = await app.gql(CustomerArchiveDocument, { input: { id } }, { token: f.salesSh1.token });
    expect(archived.data?.customerArchive.customer).toMatchObject({ archived: true });
    const search = { search: '归档测试' };
    expect((await app.gql(CustomersCountDocument, { filter: search }, { token: f.salesSh1.token })).data?.customers.totalCount).toBe(0);
    expect(
      (await app.gql(CustomersCountDocument, { filter: { ...search, includeArchived: true } }, { token: f.salesSh1.token })).data?.customers
        .totalCount,
    ).toBe(1);
    const restored = await app.gql(CustomerRestoreDocument, { input: { id } }, { token: f.salesSh1.token });
    expect(restored.data?.customerRestore.customer).toMatchObject({ archived: false, archivedAt: null });
    expect((await app.gql(CustomersCountDocument, { filter: search }, { token: f.salesSh1.token })).data?.customers.totalCount).toBe(1);
  });

  it('reports an unknown id as NOT_FOUND', async () => {
    const res = await app.gql(CustomerArchiveDocument, { input: { id: toGlobalId('Customer', 999999) } }, { token: f.admin.token });
    expect(res.data?.customerArchive.userErrors[0]).toMatchObject({ field: ['input', 'id'], code: 'NOT_FOUND' });
    const restore = await app.gql(CustomerRestoreDocument, { input: { id: toGlobalId('Store', 1) } }, { token: f.admin.token });
    expect(restore.data?.customerRestore.userErrors[0]).toMatchObject({ field: ['input', 'id'], code: 'NOT_FOUND' });
  });

  it('needs a viewer to restore', async () => {
    expect(errorCode(await app.gql(CustomerRestoreDocument, { input: { id } }))).toBe('UNAUTHENTICATED');
  });

  it('refuses a salesperson archiving another salesperson’s customer', async () => {
    const res = await app.gql(CustomerArchiveDocument, { input: { id } }, { token: f.salesSouth.token });
    expect(res.data?.customerArchive.userErrors[0]?.code).toBe('NOT_FOUND');
  });
});

describe('customerAssign', () => {
  let id: string;
  beforeAll(async () => {
    id = (await create(f.salesSh1.token, { kind: 'PERSON', name: '周杰' })).customer!.id;
  });

  it('lets the manager reassign with a reason and keeps the history', async () => {
    const res = await app.gql(
      CustomerAssignDocument,
      { input: { customerId: id, ownerId: f.salesSh2.gid, reason: '销售一休假' } },
      { token: f.managerEast.token },
    );
    expect(res.data?.customerAssign.userErrors).toEqual([]);
    expect(res.data?.customerAssign.customer?.owner?.id).toBe(f.salesSh2.gid);
    const history = await app.gql(CustomerHistoryDocument, { id }, { token: f.managerEast.token });
    expect(
      history.data?.customer?.assignmentHistory.nodes.map((n) => [n.reason, n.fromOwner?.id ?? null, n.toOwner?.id, n.assignedBy?.id]),
    ).toEqual([
      ['销售一休假', f.salesSh1.gid, f.salesSh2.gid, f.managerEast.gid],
      ['created', null, f.salesSh1.gid, f.salesSh1.gid],
    ]);
    // The old owner no longer sees it; the new one does.
    expect((await app.gql(CustomerDocument, { id }, { token: f.salesSh1.token })).data?.customer).toBeNull();
    expect((await app.gql(CustomerDocument, { id }, { token: f.salesSh2.token })).data?.customer?.name).toBe('周杰');
  });

  it('refuses a manager giving a customer to staff outside its subtree', async () => {
    const res = await app.gql(
      CustomerAssignDocument,
      { input: { customerId: id, ownerId: f.salesSouth.gid, reason: '调区' } },
      { token: f.managerEast.token },
    );
    expect(res.data?.customerAssign.userErrors[0]).toMatchObject({ field: ['input', 'ownerId'], code: 'FORBIDDEN' });
  });

  it('needs a reason', async () => {
    const res = await app.gql(
      CustomerAssignDocument,
      { input: { customerId: id, ownerId: f.salesSh1.gid, reason: '' } },
      { token: f.admin.token },
    );
    expect(res.data?.customerAssign.userErrors[0]?.field).toEqual(['input', 'reason']);
  });
});

describe('customers connection', () => {
  beforeAll(async () => {
    for (let i = 0; i < 7; i++) await create(f.salesSouth.token, { kind: 'PERSON', name: `翻页客户${i}`, tags: i % 2 ? ['单'] : ['双'] });
  });

  it('pages forward and backward with cursors', async () => {
    const filter = { search: '翻页客户' };
    const first = await app.gql(CustomersDocument, { first: 3, filter, sortKey: 'NAME' }, { token: f.salesSouth.token });
    const page1 = first.data!.customers;
    expect(page1.totalCount).toBe(7);
    expect(page1.edges.map((e) => e.node.name)).toEqual(['翻页客户0', '翻页客户1', '翻页客户2']);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const second = await app.gql(
      CustomersDocument,
      { first: 3, after: page1.pageInfo.endCursor, filter, sortKey: 'NAME' },
      { token: f.salesSouth.token },
    );
    expect(second.data!.customers.edges.map((e) => e.node.name)).toEqual(['翻页客户3', '翻页客户4', '翻页客户5']);
    const back = await app.gql(
      CustomersDocument,
      { last: 2, before: second.data!.customers.pageInfo.startCursor, filter, sortKey: 'NAME' },
      { token: f.salesSouth.token },
    );
    expect(back.data!.customers.edges.map((e) => e.node.name)).toEqual(['翻页客户1', '翻页客户2']);
    const reversed = await app.gql(CustomersDocument, { first: 2, filter, sortKey: 'NAME', reverse: true }, { token: f.salesSouth.token });
    expect(reversed.data!.customers.edges.map((e) => e.node.name)).toEqual(['翻页客户6', '翻页客户5']);
  });

  it('sorts NAME by pinyin, as a Chinese reader expects, in both directions and across pages', async () => {
    // By code point these would come 丁, 万, 上, 张, 李, 王, 阿.
    for (const surname of ['万', '丁', '张', '王', '阿', '上', '李'])
      await create(f.salesSouth.token, { kind: 'PERSON', name: `${surname}拼音` });
    const filter = { search: '拼音' };
    const pinyin = ['阿拼音', '丁拼音', '李拼音', '上拼音', '万拼音', '王拼音', '张拼音'];
    const first = await app.gql(CustomersDocument, { first: 4, filter, sortKey: 'NAME' }, { token: f.salesSouth.token });
    expect(first.data!.customers.edges.map((e) => e.node.name)).toEqual(pinyin.slice(0, 4));
    const rest = await app.gql(
      CustomersDocument,
      { first: 4, after: first.data!.customers.pageInfo.endCursor, filter, sortKey: 'NAME' },
      { token: f.salesSouth.token },
    );
    expect(rest.data!.customers.edges.map((e) => e.node.name)).toEqual(pinyin.slice(4));
    const reversed = await app.gql(CustomersDocument, { first: 3, filter, sortKey: 'NAME', reverse: true }, { token: f.salesSouth.token });
    expect(reversed.data!.customers.edges.map((e) => e.node.name)).toEqual(['张拼音', '王拼音', '万拼音']);
    const back = await app.gql(
      CustomersDocument,
      { last: 2, before: rest.data!.customers.pageInfo.startCursor, filter, sortKey: 'NAME' },
      { token: f.salesSouth.token },
    );
    expect(back.data!.customers.edges.map((e) => e.node.name)).toEqual(['李拼音', '上拼音']);
  });

  it('filters by tags', async () => {
    const res = await app.gql(CustomersCountDocument, { filter: { search: '翻页客户', tags: ['单'] } }, { token: f.salesSouth.token });
    expect(res.data!.customers.totalCount).toBe(3);
  });

  it('refuses a page over 100 with BAD_USER_INPUT', async () => {
    const res = await app.gql(CustomersDocument, { first: 101 }, { token: f.admin.token });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.status).toBe(200); // a resolver's refusal, as the README's table says: other fields still answer
  });

  it('refuses an over-long search with BAD_USER_INPUT', async () => {
    const res = await app.gql(CustomersDocument, { first: 5, filter: { search: '长'.repeat(101) } }, { token: f.admin.token });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
  });

  it('finds a customer by any format of its phone', async () => {
    await create(f.salesSouth.token, { kind: 'PERSON', name: '电话查找', phone: '+86 139-8765-4321' });
    for (const search of ['13987654321', '139 8765 4321', '+8613987654321', '8765']) {
      const res = await app.gql(CustomersDocument, { first: 5, filter: { search } }, { token: f.salesSouth.token });
      expect(res.data!.customers.edges.map((e) => e.node.name)).toContain('电话查找');
    }
  });

  it('refuses a cursor of another sort order', async () => {
    const page = await app.gql(CustomersDocument, { first: 1, sortKey: 'NAME' }, { token: f.admin.token });
    const res = await app.gql(
      CustomersDocument,
      { first: 1, after: page.data!.customers.pageInfo.endCursor, sortKey: 'CREATED_AT' },
      { token: f.admin.token },
    );
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
  });

  it('needs a viewer', async () => {
    expect(errorCode(await app.gql(CustomersDocument, { first: 5 }))).toBe('UNAUTHENTICATED');
  });
});
