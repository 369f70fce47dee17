import { ApiKeyCreateDocument } from '../generated/graphql';
import { createFixture, type Fixture } from '../support/fixture';
import { errorCode, startTestApp, type Auth, type TestApp } from '../support/test-app';

/**
 * Duplicate customers (issue 17 item 4, DOMAIN C6): creating or changing a customer that
 * shares a phone, an email or a WeChat id with another, or has a similar name and company,
 * warns with the candidates (those outside the viewer's scope only counted), or is refused
 * when the company says so; `customerDuplicates` lists the groups to clean up.
 */

interface Check {
  candidates: Array<{ customer: { id: string; name: string } | null; reasons: string[]; score: number }>;
  hiddenCount: number;
}
interface Payload {
  customer: { id: string } | null;
  duplicates: Check | null;
  userErrors: Array<{ field: string[]; code: string; message: string }>;
}

const CREATE = `mutation($input: CustomerCreateInput!) { customerCreate(input: $input) {
  customer { id } userErrors { field code message }
  duplicates { hiddenCount candidates { customer { id name } reasons score } } } }`;
const UPDATE = `mutation($input: CustomerUpdateInput!) { customerUpdate(input: $input) {
  customer { id } userErrors { field code message }
  duplicates { hiddenCount candidates { customer { id name } reasons score } } } }`;
const LIST = `query($first: Int, $after: String, $filter: CustomerDuplicatesFilter) {
  customerDuplicates(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { customer { id name } candidates { customer { id } reasons score } } } }`;

let app: TestApp;
let f: Fixture;
const c: Record<string, string> = {};

async function create(app: TestApp, input: Record<string, unknown>, auth: Auth): Promise<Payload> {
  const res = await app.post({ query: CREATE, variables: { input } }, auth);
  expect(res.errors).toBeUndefined();
  return (res.data as { customerCreate: Payload }).customerCreate;
}

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
  const sales = { token: f.salesSh1.token };
  const a = await create(
    app,
    { kind: 'PERSON', name: '王建国', phone: '13800001234', email: 'wang.jg@example.cn', wechatIds: ['wjg_1980'] },
    sales,
  );
  expect(a.duplicates).toEqual({ candidates: [], hiddenCount: 0 });
  c.a = a.customer!.id;
});

afterAll(async () => {
  await app.close();
});

describe('the check on create and update', () => {
  it('warns with a customer sharing the phone, and creates the customer', async () => {
    const b = await create(app, { kind: 'PERSON', name: '王先生', phone: '+86 138 0000 1234' }, { token: f.salesSh1.token });
    expect(b.userErrors).toEqual([]);
    expect(b.customer).not.toBeNull();
    expect(b.duplicates).toEqual({ candidates: [{ customer: { id: c.a, name: '王建国' }, reasons: ['PHONE'], score: 1 }], hiddenCount: 0 });
    c.b = b.customer!.id;
  });

  it("counts, without showing, a match outside the viewer's data scope", async () => {
    const other = await create(app, { kind: 'PERSON', name: '张女士', email: 'Wang.JG@example.cn' }, { token: f.salesSh2.token });
    expect(other.customer).not.toBeNull();
    expect(other.duplicates).toEqual({ candidates: [], hiddenCount: 1 });
    c.other = other.customer!.id;
    // The manager of the department sees both: the email match is shown to them on the next change.
    const seen = await app.post(
      { query: UPDATE, variables: { input: { id: c.other, email: 'wang.jg@example.cn' } } },
      { token: f.managerEast.token },
    );
    const check = (seen.data as { customerUpdate: Payload }).customerUpdate.duplicates!;
    expect(check.candidates.map((x) => [x.customer?.id, x.reasons])).toEqual([[c.a, ['EMAIL']]]);
  });

  it('finds a similar name and company by trigram similarity, with its score', async () => {
    const first = await create(app, { kind: 'COMPANY', name: '上海宏远医疗器械有限公司' }, { token: f.salesSh1.token });
    const similar = await create(app, { kind: 'COMPANY', name: '上海宏远医疗器械有限公司（浦东）' }, { token: f.salesSh1.token });
    const candidate = similar.duplicates!.candidates.find((x) => x.customer?.id === first.customer!.id)!;
    expect(candidate.reasons).toEqual(['NAME_AND_COMPANY']);
    expect(candidate.score).toBeGreaterThanOrEqual(0.6);
    expect(candidate.score).toBeLessThan(1);
    const unrelated = await create(app, { kind: 'COMPANY', name: '广州鑫源农业股份公司' }, { token: f.salesSh1.token });
    expect(unrelated.duplicates).toEqual({ candidates: [], hiddenCount: 0 });
  });

  it('checks an update that changes a contact, and not one that does not', async () => {
    const res = await app.post({ query: UPDATE, variables: { input: { id: c.b, wechatIds: ['wjg_1980'] } } }, { token: f.salesSh1.token });
    const payload = (res.data as { customerUpdate: Payload }).customerUpdate;
    expect(payload.duplicates!.candidates).toEqual([{ customer: { id: c.a, name: '王建国' }, reasons: ['PHONE', 'WECHAT'], score: 1 }]);
    const notes = await app.post({ query: UPDATE, variables: { input: { id: c.b, notes: '只改备注' } } }, { token: f.salesSh1.token });
    expect((notes.data as { customerUpdate: Payload }).customerUpdate.duplicates).toBeNull();
  });

  it('refuses a duplicate with DUPLICATE and writes nothing when the company refuses duplicates', async () => {
    const strict = await startTestApp({ CUSTOMER_DUPLICATES: 'refuse' });
    try {
      const fx = await createFixture(strict);
      const first = await create(strict, { kind: 'PERSON', name: '李雷', phone: '13900005678' }, { token: fx.salesSh1.token });
      expect(first.customer).not.toBeNull();
      const count = async () =>
        (await strict.db.orm.em.fork().execute<Array<{ n: number }>>('select count(*)::int as n from customer'))[0].n;
      const before = await count();
      const second = await create(strict, { kind: 'PERSON', name: '李先生', phone: '13900005678' }, { token: fx.salesSh1.token });
      expect(second.customer).toBeNull();
      expect(second.duplicates).toBeNull();
      expect(second.userErrors).toEqual([
        {
          field: ['input'],
          code: 'DUPLICATE',
          message: 'matches 1 existing customer by phone, email, WeChat id or name and company; merge or change them first',
        },
      ]);
      expect(await count()).toBe(before);
    } finally {
      await strict.close();
    }
  });
});

describe('customerDuplicates', () => {
  it('lists each group by its first customer with the reasons, filters by reason, and pages', async () => {
    const res = await app.post({ query: LIST, variables: { first: 10 } }, { token: f.admin.token });
    expect(res.errors).toBeUndefined();
    const list = (
      res.data as {
        customerDuplicates: {
          totalCount: number;
          nodes: Array<{ customer: { id: string }; candidates: Array<{ customer: { id: string }; reasons: string[]; score: number }> }>;
        };
      }
    ).customerDuplicates;
    const group = list.nodes.find((g) => g.customer.id === c.a)!;
    expect(group.candidates).toEqual(
      expect.arrayContaining([
        { customer: { id: c.b }, reasons: ['PHONE', 'WECHAT'], score: 1 },
        { customer: { id: c.other }, reasons: ['EMAIL'], score: 1 },
      ]),
    );
    expect(list.totalCount).toBe(list.nodes.length);

    const emails = await app.post({ query: LIST, variables: { filter: { reasons: ['EMAIL'] } } }, { token: f.admin.token });
    const byEmail = (emails.data as { customerDuplicates: { nodes: Array<{ candidates: Array<{ customer: { id: string } }> }> } })
      .customerDuplicates;
    expect(byEmail.nodes.flatMap((g) => g.candidates.map((x) => x.customer.id))).toEqual([c.other]);

    const page = await app.post(
      { query: LIST, variables: { first: 1, filter: { reasons: ['PHONE', 'EMAIL'] } } },
      { token: f.admin.token },
    );
    expect((page.data as { customerDuplicates: { pageInfo: { hasNextPage: boolean } } }).customerDuplicates.pageInfo.hasNextPage).toBe(
      false,
    );
  });

  it("keeps to the viewer's data scope", async () => {
    const res = await app.post({ query: LIST, variables: {} }, { token: f.salesSh2.token });
    const groups = (res.data as { customerDuplicates: { nodes: unknown[] } }).customerDuplicates.nodes;
    expect(JSON.stringify(groups)).not.toContain(c.a);
  });

  it.each([
    [{ first: 101 }, /first must be between 0 and 100/],
    [{ after: 'not-a-cursor' }, /after/],
  ])('refuses %j with BAD_USER_INPUT', async (variables, message) => {
    const res = await app.post({ query: LIST, variables }, { token: f.admin.token });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toMatch(message);
  });

  it('needs customers:read for a key, and a sign-in', async () => {
    const key = await app.gql(ApiKeyCreateDocument, { input: { name: '无客户权限', scopes: ['orders:read'] } }, { token: f.admin.token });
    expect(errorCode(await app.post({ query: LIST }, { apiKey: key.data!.apiKeyCreate.secret! }))).toBe('FORBIDDEN');
    expect(errorCode(await app.post({ query: LIST }, {}))).toBe('UNAUTHENTICATED');
  });
});
