import { createFixture, type Fixture } from '../support/fixture';
import { insertProducts, type TestProduct } from '../support/products';
import { startTestApp, type GraphQLResponse, type TestApp } from '../support/test-app';

/**
 * Issue 18 item 3: messages follow `Accept-Language` like labels: Chinese by default (and for
 * `zh-CN`), English for `en`, with the same codes, fields and extensions. graphql-js's own
 * messages (an unknown field) are English in both.
 */
let app: TestApp;
let f: Fixture;
let product: TestProduct;

const CJK = /[\u4e00-\u9fff]/;

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
  [product] = await insertProducts(app, [{ sku: 'MSG-1', name: '电热水壶', listPrice: '199.00', cost: '100.00' }]);
});
afterAll(() => app?.close());

type Language = 'zh-CN' | 'en' | '';

async function ask(language: Language, body: { query: string; variables?: Record<string, unknown> }, signedIn = true) {
  return app.post(body, { ...(signedIn ? { token: f.admin.token } : {}), headers: { 'accept-language': language } });
}

/** The same request in Chinese (by default and asked for) and in English. */
async function inEachLanguage(body: { query: string; variables?: Record<string, unknown> }, signedIn = true) {
  const [none, zh, en] = await Promise.all((['', 'zh-CN', 'en'] as const).map((l) => ask(l, body, signedIn)));
  return { none, zh, en };
}

const userErrors = (res: GraphQLResponse<unknown>) =>
  Object.values(res.data as Record<string, { userErrors: Array<{ field: string[]; message: string; code: string }> }>)[0].userErrors;

describe('user errors', () => {
  it('a rule of the domain: a birthday after today', async () => {
    const { none, zh, en } = await inEachLanguage({
      query: `mutation { customerCreate(input: { kind: PERSON, name: "张三", birthday: "2099-01-01" }) { customer { id } userErrors { field message code } } }`,
    });
    const [n, z, e] = [userErrors(none), userErrors(zh), userErrors(en)];
    expect(z).toEqual(n);
    expect(z.map((u) => [u.field, u.code])).toEqual(e.map((u) => [u.field, u.code]));
    expect(z[0].field).toEqual(['input', 'birthday']);
    expect(z[0].message).toMatch(CJK);
    expect(e[0].message).not.toMatch(CJK);
    expect(e[0].message).toContain('after today');
  });

  it("a validation rule's own message (a name too long) and a service's (an unknown product)", async () => {
    const { zh, en } = await inEachLanguage({
      query: `mutation($name: String!, $product: ID!) {
        customerCreate(input: { kind: PERSON, name: $name }) { userErrors { field message code } }
        orderCreate(input: { customerId: "Q3VzdG9tZXI6OTk5OTk5", lines: [{ productId: $product, quantity: "1" }] }) { userErrors { field message code } }
      }`,
      variables: { name: '张'.repeat(500), product: product.gid },
    });
    const data = (res: GraphQLResponse<unknown>) =>
      res.data as {
        customerCreate: { userErrors: Array<{ message: string; code: string }> };
        orderCreate: { userErrors: Array<{ message: string; code: string }> };
      };
    expect(data(zh).customerCreate.userErrors[0].message).toMatch(/最多 \d+ 个字符/);
    expect(data(en).customerCreate.userErrors[0].message).toMatch(/shorter than or equal to \d+ characters/);
    expect(data(zh).orderCreate.userErrors.map((u) => u.code)).toEqual(data(en).orderCreate.userErrors.map((u) => u.code));
    expect(data(zh).orderCreate.userErrors[0].code).toBe('NOT_FOUND');
    expect(data(zh).orderCreate.userErrors[0].message).toMatch(CJK);
    expect(data(en).orderCreate.userErrors[0].message).not.toMatch(CJK);
  });
});

describe('errors of the whole request', () => {
  it('a segment query that does not parse: the position in both, the same extensions', async () => {
    const { none, zh, en } = await inEachLanguage({ query: `{ segmentPreview(query: "city = ") { count } }` });
    expect(zh.errors![0].message).toBe(none.errors![0].message);
    expect(zh.errors![0].message).toMatch(/第 1 行第 \d+ 列/);
    expect(en.errors![0].message).toMatch(/line 1, column \d+/);
    expect(zh.errors![0].extensions).toEqual(en.errors![0].extensions);
    expect(zh.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('no credentials: UNAUTHENTICATED in both', async () => {
    const { zh, en } = await inEachLanguage({ query: `{ customers(first: 1) { totalCount } }` }, false);
    expect([zh.errors![0].extensions?.code, en.errors![0].extensions?.code]).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
    expect(zh.errors![0].message).toMatch(CJK);
    expect(en.errors![0].message).toMatch(/^Sign in/);
  });

  it("a refused scalar value keeps graphql-js's English prefix and says ours in the request's language", async () => {
    const { zh, en } = await inEachLanguage({
      query: `mutation($q: Decimal!) { orderCreate(input: { customerId: "Q3VzdG9tZXI6MQ", lines: [{ productId: "UHJvZHVjdDox", quantity: $q }] }) { userErrors { code } } }`,
      variables: { q: 1.5 },
    });
    expect([zh.status, en.status]).toEqual([400, 400]);
    expect(zh.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(zh.errors![0].message).toMatch(/^Variable "\$q" got invalid value 1\.5; .*[\u4e00-\u9fff]/);
    expect(en.errors![0].message).toMatch(/^Variable "\$q" got invalid value 1\.5; /);
    expect(en.errors![0].message).not.toMatch(CJK);
  });

  it("graphql-js's own messages stay English", async () => {
    const { zh, en } = await inEachLanguage({ query: `{ customerz { id } }` });
    expect(zh.errors![0].message).toBe(en.errors![0].message);
    expect(zh.errors![0].message).toContain('Cannot query field "customerz"');
  });
});

describe('HTTP problem documents', () => {
  it("an export's refusal says its detail in the request's language", async () => {
    const url = app.url.replace(/\/graphql$/, '/exports/segments/U2VnbWVudDox.csv');
    const [zh, en] = await Promise.all(
      ['zh-CN', 'en'].map(async (language) => {
        const res = await fetch(url, { headers: { 'accept-language': language } });
        return { status: res.status, body: (await res.json()) as { code: string; detail: string } };
      }),
    );
    expect([zh.status, en.status]).toEqual([401, 401]);
    expect(zh.body.code).toBe(en.body.code);
    expect(zh.body.detail).toMatch(CJK);
    expect(en.body.detail).toMatch(/^Sign in/);
  });
});
