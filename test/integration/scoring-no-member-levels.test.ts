import { createFixture, type Fixture } from '../support/fixture';
import { startTestApp, type TestApp } from '../support/test-app';

/** Found by the fuzz (issue 11): settings without membership levels made every SQL scoring statement a syntax error. */
let app: TestApp;
let f: Fixture;

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
});
afterAll(() => app.close());

const asAdmin = (query: string) => app.post({ query }, { token: f.admin.token });

it('scores in SQL with no membership levels configured: everyone is REGULAR', async () => {
  for (const name of ['甲', '乙'])
    await asAdmin(`mutation { customerCreate(input: { kind: PERSON, name: "${name}" }) { customer { id } } }`);
  const update = await asAdmin('mutation { scoringSettingsUpdate(input: { membershipLevels: [] }) { userErrors { message } } }');
  expect(update).toMatchObject({ status: 200, data: { scoringSettingsUpdate: { userErrors: [] } } });

  const snapshot = await asAdmin('mutation { scoringSnapshotTake { userErrors { message } run { customerCount } } }');
  expect(snapshot.errors).toBeUndefined();
  expect(snapshot.data).toEqual({ scoringSnapshotTake: { userErrors: [], run: { customerCount: 2 } } });

  const preview = await asAdmin(
    '{ regular: segmentPreview(query: "member_level = REGULAR") { count } gold: segmentPreview(query: "member_level = GOLD") { count } }',
  );
  expect(preview.errors).toBeUndefined();
  expect(preview.data).toEqual({ regular: { count: 2 }, gold: { count: 0 } });
});
