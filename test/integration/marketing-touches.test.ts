import { CONTACT_CHANNELS, type ContactChannel } from '../../src/domain/customer/customer.enums';
import { calendarDayIn } from '../../src/domain/common/calendar';
import { capWindowStart, marketingEligibility } from '../../src/domain/reminders/marketing-eligibility';
import { marketingEligibleSql } from '../../src/domain/reminders/marketing-eligibility.sql';
import { DEFAULT_REMINDER_SETTINGS } from '../../src/domain/reminders/reminder-settings';
import { TOUCH_PURPOSES, type TouchPurpose } from '../../src/domain/reminders/reminder.enums';
import { pgArray, sql } from '../../src/domain/common/sql';
import { MarketingTouch } from '../../src/entities';
import { localIdOf, toGlobalId } from '../../src/schema/global-id';
import {
  ApiKeyCreateDocument,
  CustomerArchiveDocument,
  CustomerCreateDocument,
  MarketingEligibilityOneDocument,
  MarketingEligibilityPageDocument,
  MarketingPreviewMembersDocument,
  MarketingSegmentMembersDocument,
  MarketingTouchesRecordDocument,
  MarketingVocabulariesDocument,
  SegmentCreateDocument,
  type MarketingTouchesRecordInput,
} from '../generated/graphql';
import { countStatements, createFixture, type Fixture } from '../support/fixture';
import { errorCode, startTestApp, type Auth, type TestApp } from '../support/test-app';

/**
 * marketingTouchesRecord, customer.marketingEligibility, segment.members(eligibleFor:) and the
 * export's ?channel=&purpose= (DOMAIN M4, issue 13 item 4), over HTTP against PostgreSQL.
 */

let app: TestApp;
let f: Fixture;
let admin: Auth;
let sh1: Auth;
let south: Auth;
const CAP = DEFAULT_REMINDER_SETTINGS.marketingCap;
const DAY_MS = 86_400_000;
const TZ = 'Asia/Shanghai';
/** Every customer made here is in this city, so a segment over it holds them all. */
let city = 0;

const em = () => app.db.orm.em.fork();
async function rows(table: string): Promise<number> {
  const [{ n }] = await em().execute(`select count(*)::int as n from ${table}`);
  return n as number;
}
const written = async () => [await rows('marketing_touch'), await rows('marketing_touch_batch'), await rows('idempotency_record')];

interface Made {
  gid: string;
  id: number;
}

async function customer(
  auth: Auth,
  name: string,
  consents: Array<{ channel: ContactChannel; granted: boolean }> = [{ channel: 'SMS', granted: true }],
  place = `营销城${city}`,
): Promise<Made> {
  const res = await app.gql(
    CustomerCreateDocument,
    { input: { kind: 'PERSON', name, city: place, contactPreference: { consents } } as never },
    auth,
  );
  expect(res.data?.customerCreate.userErrors).toEqual([]);
  const gid = res.data!.customerCreate.customer!.id;
  return { gid, id: localIdOf(gid, 'Customer')! };
}

async function touch(input: Partial<MarketingTouchesRecordInput>, auth: Auth = admin) {
  const res = await app.gql(MarketingTouchesRecordDocument, { input: { channel: 'SMS', purpose: 'PROMOTION', ...input } }, auth);
  expect(res.errors).toBeUndefined();
  return res.data!.marketingTouchesRecord;
}

/** A touch made earlier, straight into the tables (the API records touches at its own clock). */
async function insertTouch(
  customerId: number,
  touchedAt: Date,
  purpose: TouchPurpose = 'PROMOTION',
  channel: ContactChannel = 'SMS',
): Promise<void> {
  const [batch] = await em().execute(
    `insert into marketing_touch_batch (channel, purpose, recorded_count, created_at) values (?, ?, 1, ?) returning id`,
    [channel, purpose, touchedAt],
  );
  await em().execute(
    `insert into marketing_touch (customer_id, batch_id, channel, purpose, touched_at, created_at) values (?, ?, ?, ?, ?, ?)`,
    [customerId, batch.id, channel, purpose, touchedAt, touchedAt],
  );
}

async function eligibility(gid: string, channel: ContactChannel = 'SMS', purpose: TouchPurpose = 'PROMOTION', auth: Auth = admin) {
  const res = await app.gql(MarketingEligibilityOneDocument, { id: gid, channel, purpose }, auth);
  expect(res.errors).toBeUndefined();
  return res.data!.customer!.marketingEligibility;
}

async function apiKey(scopes: string[]): Promise<Auth> {
  const res = await app.gql(ApiKeyCreateDocument, { input: { name: `marketing ${scopes.join(' ')}`, scopes } }, admin);
  return { apiKey: res.data!.apiKeyCreate.secret! };
}

async function touchTimes(customerId: number): Promise<Date[]> {
  const list: Array<{ touched_at: Date }> = await em().execute(
    'select touched_at from marketing_touch where customer_id = ? order by touched_at',
    [customerId],
  );
  return list.map((r) => new Date(r.touched_at));
}

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
  admin = { token: f.admin.token };
  sh1 = { token: f.salesSh1.token };
  south = { token: f.salesSouth.token };
});
afterAll(() => app?.close());
beforeEach(() => {
  city++;
});

describe('marketingTouchesRecord', () => {
  it('records a touch for each customer who consented on the channel and is under the cap, and says why it skipped the others', async () => {
    const yes = await customer(sh1, '同意短信');
    const no = await customer(sh1, '拒绝短信', [{ channel: 'SMS', granted: false }]);
    const archived = await customer(sh1, '已归档', [{ channel: 'SMS', granted: true }]);
    await app.gql(CustomerArchiveDocument, { input: { id: archived.gid } }, sh1);
    const emailOnly = await customer(sh1, '只收邮件', [{ channel: 'EMAIL', granted: true }]);
    const [{ version: scoringBefore }] = await em().execute(
      `select last_value::text || is_called::text as version from scoring_data_version`,
    );
    const before = await written();

    const payload = await touch({ customerIds: [emailOnly.gid, yes.gid, archived.gid, no.gid], note: '双十二促销短信' });
    expect(payload).toEqual({
      recordedCount: 1,
      skipped: [
        { customerId: emailOnly.gid, customer: { id: emailOnly.gid, name: '只收邮件' }, reason: 'NO_CONSENT', nextPossibleOn: null },
        { customerId: archived.gid, customer: { id: archived.gid, name: '已归档' }, reason: 'ARCHIVED', nextPossibleOn: null },
        { customerId: no.gid, customer: { id: no.gid, name: '拒绝短信' }, reason: 'NO_CONSENT', nextPossibleOn: null },
      ],
      userErrors: [],
    });
    expect(await written()).toEqual([before[0] + 1, before[1] + 1, before[2]]);
    const [row] = await em().execute(
      `select t.customer_id, t.channel, t.purpose, t.note, t.recorded_by_user_id, t.recorded_by_api_key_id, b.recorded_count, b.skipped
         from marketing_touch t join marketing_touch_batch b on b.id = t.batch_id where t.customer_id = ?`,
      [yes.id],
    );
    expect(row).toEqual({
      customer_id: yes.id,
      channel: 'SMS',
      purpose: 'PROMOTION',
      note: '双十二促销短信',
      recorded_by_user_id: f.admin.id,
      recorded_by_api_key_id: null,
      recorded_count: 1,
      skipped: [
        { customerId: emailOnly.id, reason: 'NO_CONSENT', nextPossibleOn: null },
        { customerId: archived.id, reason: 'ARCHIVED', nextPossibleOn: null },
        { customerId: no.id, reason: 'NO_CONSENT', nextPossibleOn: null },
      ],
    });
    // The entities map the tables.
    const [entity] = await em().find(MarketingTouch, { customer: yes.id }, { populate: ['batch'] });
    expect(entity).toMatchObject({
      channel: 'SMS',
      purpose: 'PROMOTION',
      note: '双十二促销短信',
      recordedByUser: { id: f.admin.id },
      recordedByApiKey: null,
    });
    expect(entity.touchedAt).toBeInstanceOf(Date);
    expect(entity.batch).toMatchObject({
      channel: 'SMS',
      purpose: 'PROMOTION',
      recordedCount: 1,
      segment: null,
      skipped: expect.arrayContaining([{ customerId: no.id, reason: 'NO_CONSENT', nextPossibleOn: null }]),
    });
    // The email-only customer is reachable by email.
    expect(await touch({ customerIds: [emailOnly.gid], channel: 'EMAIL', purpose: 'NEW_PRODUCT' })).toMatchObject({
      recordedCount: 1,
      skipped: [],
    });
    // Touches are not scoring inputs: cached cut-points stay.
    const [{ version: scoringAfter }] = await em().execute(
      `select last_value::text || is_called::text as version from scoring_data_version`,
    );
    expect(scoringAfter).toBe(scoringBefore);
  });

  it('touches a named customer once, however often it is named', async () => {
    const c = await customer(sh1, '重复点名');
    expect(await touch({ customerIds: [c.gid, c.gid, c.gid], purpose: 'GREETING' })).toMatchObject({ recordedCount: 1, skipped: [] });
    expect(await touchTimes(c.id)).toHaveLength(1);
  });

  it('touches the members of a segment in the viewer’s scope', async () => {
    const a = await customer(sh1, '分群甲');
    const b = await customer(sh1, '分群乙', [{ channel: 'SMS', granted: false }]);
    const other = await customer(south, '分群丙');
    const segment = (await app.gql(SegmentCreateDocument, { input: { name: `营销城${city}`, query: `city = "营销城${city}"` } }, admin))
      .data!.segmentCreate.segment!.id;
    // The salesperson's own members only.
    expect(await touch({ segmentId: segment }, sh1)).toMatchObject({
      recordedCount: 1,
      skipped: [{ customerId: b.gid, reason: 'NO_CONSENT' }],
    });
    expect(await touchTimes(other.id)).toEqual([]);
    expect(await touch({ segmentId: segment, purpose: 'SERVICE' }, admin)).toMatchObject({
      recordedCount: 2,
      skipped: [{ customerId: b.gid }],
    });
    expect((await touchTimes(a.id)).length).toBe(2);
    const [batch] = await em().execute('select segment_id from marketing_touch_batch order by id desc limit 1');
    expect(batch.segment_id).toBe(localIdOf(segment, 'Segment'));
  });
});

describe('bad input writes nothing', () => {
  let c: Made;
  let segment: string;
  beforeAll(async () => {
    c = await customer(sh1, '输入检查');
    segment = (await app.gql(SegmentCreateDocument, { input: { name: '输入检查分群', query: 'kind = PERSON' } }, admin)).data!.segmentCreate
      .segment!.id;
  });

  it.each<[string, () => Partial<MarketingTouchesRecordInput>, { field: string[]; code: string }]>([
    ['both customerIds and segmentId', () => ({ customerIds: [c.gid], segmentId: segment }), { field: ['input'], code: 'INVALID' }],
    ['neither customerIds nor segmentId', () => ({}), { field: ['input'], code: 'REQUIRED' }],
    ['an empty list', () => ({ customerIds: [] }), { field: ['input', 'customerIds'], code: 'REQUIRED' }],
    [
      'more than 1,000 customers',
      () => ({ customerIds: Array.from({ length: 1001 }, () => c.gid) }),
      { field: ['input', 'customerIds'], code: 'INVALID' },
    ],
    [
      'an unknown customer',
      () => ({ customerIds: [c.gid, toGlobalId('Customer', 999_999)] }),
      { field: ['input', 'customerIds', '1'], code: 'NOT_FOUND' },
    ],
    ['an id that is not an id', () => ({ customerIds: ['Ym9ndXM', c.gid] }), { field: ['input', 'customerIds', '0'], code: 'NOT_FOUND' }],
    [
      'an id of another type',
      () => ({ customerIds: [toGlobalId('Store', f.stores.shanghai)] }),
      { field: ['input', 'customerIds', '0'], code: 'NOT_FOUND' },
    ],
    ['an unknown segment', () => ({ segmentId: toGlobalId('Segment', 999_999) }), { field: ['input', 'segmentId'], code: 'NOT_FOUND' }],
    ['a customer id given as the segment', () => ({ segmentId: c.gid }), { field: ['input', 'segmentId'], code: 'NOT_FOUND' }],
    [
      'a note over 500 characters',
      () => ({ customerIds: [c.gid], note: '短'.repeat(501) }),
      { field: ['input', 'note'], code: 'TOO_LONG' },
    ],
    [
      'a malformed idempotency key',
      () => ({ customerIds: [c.gid], idempotencyKey: 'has spaces' }),
      { field: ['input', 'idempotencyKey'], code: 'INVALID' },
    ],
  ])('%s', async (_name, input, error) => {
    const before = await written();
    const payload = await touch(input());
    expect(payload.recordedCount).toBeNull();
    expect(payload.skipped).toBeNull();
    expect(payload.userErrors).toContainEqual(expect.objectContaining(error));
    expect(await written()).toEqual(before);
  });

  it('refuses an unknown channel or purpose before anything runs', async () => {
    const before = await written();
    const mutation = 'mutation($input: MarketingTouchesRecordInput!) { marketingTouchesRecord(input: $input) { recordedCount } }';
    for (const input of [
      { customerIds: [c.gid], channel: 'FAX', purpose: 'PROMOTION' },
      { customerIds: [c.gid], channel: 'SMS', purpose: 'SPAM' },
      { customerIds: [c.gid], channel: 'sms', purpose: 'PROMOTION' },
    ]) {
      const res = await app.post({ query: mutation, variables: { input } }, admin);
      expect({ status: res.status, code: errorCode(res) }).toEqual({ status: 400, code: 'BAD_USER_INPUT' });
    }
    const inline = await app.post(
      {
        query: `mutation { marketingTouchesRecord(input: { customerIds: ["${c.gid}"], channel: FAX, purpose: PROMOTION }) { recordedCount } }`,
      },
      admin,
    );
    expect(errorCode(inline)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await written()).toEqual(before);
  });
});

describe('who may record', () => {
  it('lets a salesperson touch only its own customers: another one’s is NOT_FOUND, and nothing is written', async () => {
    const mine = await customer(sh1, '自己的客户');
    const theirs = await customer(south, '别人的客户');
    const before = await written();
    const payload = await touch({ customerIds: [mine.gid, theirs.gid] }, sh1);
    expect(payload).toEqual({
      recordedCount: null,
      skipped: null,
      userErrors: [{ field: ['input', 'customerIds', '1'], message: `no customer with id "${theirs.gid}"`, code: 'NOT_FOUND' }],
    });
    expect(await written()).toEqual(before);
    expect(await touch({ customerIds: [theirs.gid] }, south)).toMatchObject({ recordedCount: 1 });
    // A manager reaches its subtree.
    expect(await touch({ customerIds: [mine.gid] }, { token: f.managerEast.token })).toMatchObject({ recordedCount: 1 });
  });

  it('needs marketing:write from a key (FORBIDDEN without), and writes with it, the key as the recorder', async () => {
    const c = await customer(sh1, '接口客户');
    const readOnly = await apiKey(['customers:read']);
    const refused = await app.gql(
      MarketingTouchesRecordDocument,
      { input: { customerIds: [c.gid], channel: 'SMS', purpose: 'PROMOTION' } },
      readOnly,
    );
    expect(errorCode(refused)).toBe('FORBIDDEN');
    expect(
      errorCode(await app.gql(MarketingTouchesRecordDocument, { input: { customerIds: [c.gid], channel: 'SMS', purpose: 'PROMOTION' } })),
    ).toBe('UNAUTHENTICATED');
    expect(await touchTimes(c.id)).toEqual([]);

    const writer = await apiKey(['marketing:write']);
    const no = await customer(sh1, '接口拒收', [{ channel: 'SMS', granted: false }]);
    const payload = await touch({ customerIds: [c.gid, no.gid] }, writer);
    // Without customers:read the key learns the ids it sent and the reasons, not the customers.
    expect(payload).toEqual({
      recordedCount: 1,
      skipped: [{ customerId: no.gid, customer: null, reason: 'NO_CONSENT', nextPossibleOn: null }],
      userErrors: [],
    });
    const [row] = await em().execute('select recorded_by_user_id, recorded_by_api_key_id from marketing_touch where customer_id = ?', [
      c.id,
    ]);
    expect(row.recorded_by_user_id).toBeNull();
    expect(row.recorded_by_api_key_id).toEqual(expect.any(Number));
    // A segment's members need the scopes that read them.
    const segment = (await app.gql(SegmentCreateDocument, { input: { name: '接口营销', query: 'kind = PERSON' } }, admin)).data!
      .segmentCreate.segment!.id;
    expect((await touch({ segmentId: segment }, writer)).userErrors).toEqual([
      expect.objectContaining({ field: ['input', 'segmentId'], code: 'FORBIDDEN' }),
    ]);
    const full = await apiKey(['marketing:write', 'segments:read', 'customers:read']);
    const bySegment = await touch({ segmentId: segment, purpose: 'GREETING' }, full);
    expect(bySegment.userErrors).toEqual([]);
    expect(bySegment.recordedCount).toBeGreaterThan(0);
  });
});

describe('the company cap', () => {
  it('counts PROMOTION and NEW_PRODUCT together, never GREETING or SERVICE, and says when the next one is possible', async () => {
    const c = await customer(sh1, '频次上限');
    expect(await touch({ customerIds: [c.gid], purpose: 'GREETING' })).toMatchObject({ recordedCount: 1 });
    expect(await touch({ customerIds: [c.gid], purpose: 'PROMOTION' })).toMatchObject({ recordedCount: 1 });
    expect(await eligibility(c.gid)).toEqual({ eligible: true, reason: null, nextPossibleOn: null, recentTouchCount: 1 });
    expect(await touch({ customerIds: [c.gid], purpose: 'NEW_PRODUCT' })).toMatchObject({ recordedCount: 1 });
    const [first] = await em().execute<Array<{ touched_at: Date }>>(
      `select touched_at from marketing_touch where customer_id = ? and purpose = 'PROMOTION'`,
      [c.id],
    );
    const next = calendarDayIn(new Date(new Date(first.touched_at).getTime() + 30 * DAY_MS), TZ);
    for (const purpose of ['PROMOTION', 'NEW_PRODUCT'] as const) {
      expect(await touch({ customerIds: [c.gid], purpose })).toEqual({
        recordedCount: 0,
        skipped: [{ customerId: c.gid, customer: { id: c.gid, name: '频次上限' }, reason: 'CAP_REACHED', nextPossibleOn: next }],
        userErrors: [],
      });
      expect(await eligibility(c.gid, 'SMS', purpose)).toEqual({
        eligible: false,
        reason: 'CAP_REACHED',
        nextPossibleOn: next,
        recentTouchCount: 2,
      });
    }
    // The cap is per customer, whatever the channel.
    expect(await eligibility(c.gid, 'EMAIL', 'PROMOTION')).toMatchObject({ eligible: false, reason: 'NO_CONSENT', recentTouchCount: 2 });
    for (const purpose of ['GREETING', 'SERVICE'] as const) {
      expect(await touch({ customerIds: [c.gid], purpose })).toMatchObject({ recordedCount: 1, skipped: [] });
      expect(await eligibility(c.gid, 'SMS', purpose)).toEqual({ eligible: true, reason: null, nextPossibleOn: null, recentTouchCount: 2 });
    }
    expect(await touchTimes(c.id)).toHaveLength(5);
  });

  it('counts only the touches of the last 30 × 24 hours, and names the day the one that must leave does', async () => {
    const c = await customer(sh1, '滚动窗口');
    const now = Date.now();
    await insertTouch(c.id, new Date(now - 30 * DAY_MS - 60_000)); // left the window a minute ago
    await insertTouch(c.id, new Date(now - 45 * DAY_MS), 'NEW_PRODUCT');
    expect(await eligibility(c.gid)).toMatchObject({ eligible: true, recentTouchCount: 0 });
    const older = new Date(now - 29 * DAY_MS);
    await insertTouch(c.id, older, 'NEW_PRODUCT');
    await insertTouch(c.id, new Date(now - 2 * DAY_MS), 'PROMOTION', 'WECHAT');
    expect(await eligibility(c.gid)).toEqual({
      eligible: false,
      reason: 'CAP_REACHED',
      nextPossibleOn: calendarDayIn(new Date(older.getTime() + 30 * DAY_MS), TZ),
      recentTouchCount: 2,
    });
    // A third one (the cap was lower when it went out): the second most recent must leave too.
    await insertTouch(c.id, new Date(now - 10 * DAY_MS));
    expect(await eligibility(c.gid)).toMatchObject({
      reason: 'CAP_REACHED',
      nextPossibleOn: calendarDayIn(new Date(now + 20 * DAY_MS), TZ),
      recentTouchCount: 3,
    });
  });

  it('records exactly one touch when two requests race for the last touch under the cap', async () => {
    const rounds = 6;
    let recorded = 0;
    let capped = 0;
    for (let round = 0; round < rounds; round++) {
      const c = await customer(sh1, `竞争${round}`);
      await insertTouch(c.id, new Date(Date.now() - DAY_MS));
      const results = await Promise.all([touch({ customerIds: [c.gid] }), touch({ customerIds: [c.gid], purpose: 'NEW_PRODUCT' }, sh1)]);
      expect(results.map((r) => r.recordedCount).sort()).toEqual([0, 1]);
      expect(results.flatMap((r) => r.skipped!.map((s) => s.reason))).toEqual(['CAP_REACHED']);
      const [{ n }] = await em().execute(
        `select count(*)::int as n from marketing_touch where customer_id = ? and purpose in ('PROMOTION', 'NEW_PRODUCT')`,
        [c.id],
      );
      expect(n).toBe(CAP.maxTouches);
      recorded += results.reduce((s, r) => s + r.recordedCount!, 0);
      capped += results.filter((r) => r.recordedCount === 0).length;
    }
    expect({ recorded, capped }).toEqual({ recorded: rounds, capped: rounds });
  });

  it('does not deadlock when two requests name the same customers in opposite orders', async () => {
    const a = await customer(sh1, '顺序甲');
    const b = await customer(sh1, '顺序乙');
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        touch({ customerIds: i % 2 ? [a.gid, b.gid] : [b.gid, a.gid], purpose: 'PROMOTION' }, i % 3 ? admin : sh1),
      ),
    );
    expect(results.every((r) => r.userErrors.length === 0)).toBe(true);
    expect(results.reduce((s, r) => s + r.recordedCount!, 0)).toBe(2 * CAP.maxTouches);
    expect((await touchTimes(a.id)).length).toBe(CAP.maxTouches);
    expect((await touchTimes(b.id)).length).toBe(CAP.maxTouches);
  });
});

describe('idempotency', () => {
  it('replays the first result for the same key and input, and writes nothing more', async () => {
    const c = await customer(sh1, '幂等甲');
    const no = await customer(sh1, '幂等乙', [{ channel: 'SMS', granted: false }]);
    const input = { customerIds: [c.gid, no.gid], note: '新品上市', idempotencyKey: 'sms-campaign-42' };
    const first = await touch(input);
    expect(first).toMatchObject({ recordedCount: 1, skipped: [{ customerId: no.gid, reason: 'NO_CONSENT' }] });
    const before = await written();
    expect(await touch(input)).toEqual(first);
    expect(await touch({ ...input })).toEqual(first);
    expect(await written()).toEqual(before);

    const reused = await touch({ ...input, note: '另一条短信' });
    expect(reused).toEqual({
      recordedCount: null,
      skipped: null,
      userErrors: [expect.objectContaining({ field: ['input', 'idempotencyKey'], code: 'IDEMPOTENCY_KEY_REUSED' })],
    });
    expect(await touch({ ...input, purpose: 'GREETING' })).toMatchObject({
      userErrors: [expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED' })],
    });
    expect(await written()).toEqual(before);
    // Keys are per caller: the salesperson's own 'sms-campaign-42' is another request.
    expect(await touch(input, sh1)).toMatchObject({ recordedCount: 1, userErrors: [] });
  });

  it('makes one batch when identical requests with one key race', async () => {
    const c = await customer(sh1, '幂等并发');
    const key = await apiKey(['marketing:write', 'customers:read']);
    const before = await rows('marketing_touch_batch');
    const input = { customerIds: [c.gid], purpose: 'GREETING' as const, idempotencyKey: 'partner-retry-7' };
    const results = await Promise.all(Array.from({ length: 8 }, () => touch(input, key)));
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(results[0]).toMatchObject({ recordedCount: 1, skipped: [], userErrors: [] });
    expect(await rows('marketing_touch_batch')).toBe(before + 1);
    expect(await touchTimes(c.id)).toHaveLength(1);
  });
});

describe('customer.marketingEligibility', () => {
  it('answers every reason', async () => {
    const ok = await customer(sh1, '可发送');
    const no = await customer(sh1, '未同意', [{ channel: 'SMS', granted: false }]);
    const archived = await customer(sh1, '归档客户');
    await app.gql(CustomerArchiveDocument, { input: { id: archived.gid } }, sh1);
    const full = await customer(sh1, '满额');
    await insertTouch(full.id, new Date(Date.now() - 3 * DAY_MS));
    await insertTouch(full.id, new Date(Date.now() - DAY_MS));
    expect(await eligibility(ok.gid)).toEqual({ eligible: true, reason: null, nextPossibleOn: null, recentTouchCount: 0 });
    expect(await eligibility(no.gid)).toEqual({ eligible: false, reason: 'NO_CONSENT', nextPossibleOn: null, recentTouchCount: 0 });
    expect(await eligibility(archived.gid)).toEqual({ eligible: false, reason: 'ARCHIVED', nextPossibleOn: null, recentTouchCount: 0 });
    expect(await eligibility(full.gid)).toMatchObject({ eligible: false, reason: 'CAP_REACHED', recentTouchCount: 2 });
    // Read with the customer: a key with customers:read sees it; the salesperson its own customers only.
    expect(await eligibility(full.gid, 'SMS', 'PROMOTION', await apiKey(['customers:read']))).toMatchObject({ reason: 'CAP_REACHED' });
    expect(
      (await app.gql(MarketingEligibilityOneDocument, { id: full.gid, channel: 'SMS', purpose: 'PROMOTION' }, south)).data?.customer,
    ).toBeNull();
  });

  it('costs the same number of statements for a page of 5 customers as for 40', async () => {
    for (let i = 0; i < 40; i++) {
      const c = await customer(sh1, `批量${i}`, [{ channel: 'SMS', granted: i % 3 !== 0 }]);
      if (i % 4 === 0) await insertTouch(c.id, new Date(Date.now() - i * 3_600_000));
    }
    const page = async (first: number) => {
      let data: unknown;
      const statements = await countStatements(async () => {
        const res = await app.gql(MarketingEligibilityPageDocument, { first, channel: 'SMS', purpose: 'PROMOTION' }, admin);
        expect(res.errors).toBeUndefined();
        expect(res.data!.customers.nodes).toHaveLength(first);
        data = res.data;
      });
      return { statements, data };
    };
    const small = await page(5);
    const large = await page(40);
    expect(large.statements).toBe(small.statements);
  });
});

describe('segment members eligible for a channel and purpose', () => {
  let segment: string;
  const made: Record<string, Made> = {};
  const place = '营销成员城';
  beforeAll(async () => {
    const SMS_YES = [{ channel: 'SMS' as const, granted: true }];
    made.ok = await customer(sh1, '成员可发', SMS_YES, place);
    made.no = await customer(sh1, '成员拒收', [{ channel: 'SMS', granted: false }], place);
    made.full = await customer(sh1, '成员满额', SMS_YES, place);
    made.wechat = await customer(sh1, '成员微信', [{ channel: 'WECHAT', granted: true }], place);
    made.south = await customer(south, '成员华南', SMS_YES, place);
    made.gone = await customer(sh1, '成员归档', SMS_YES, place);
    await app.gql(CustomerArchiveDocument, { input: { id: made.gone.gid } }, sh1);
    await insertTouch(made.full.id, new Date(Date.now() - DAY_MS));
    await insertTouch(made.full.id, new Date(Date.now() - 2 * DAY_MS), 'NEW_PRODUCT');
    segment = (await app.gql(SegmentCreateDocument, { input: { name: '营销成员', query: `city = "${place}"` } }, admin)).data!.segmentCreate
      .segment!.id;
  });
  const ids = (...names: string[]) => names.map((n) => made[n].gid).sort((a, b) => localIdOf(a, 'Customer')! - localIdOf(b, 'Customer')!);

  it.each<[string, { channel: ContactChannel; purpose: TouchPurpose } | null, string[]]>([
    ['no eligibility: every active member', null, ['ok', 'no', 'full', 'wechat', 'south']],
    ['SMS promotion', { channel: 'SMS', purpose: 'PROMOTION' }, ['ok', 'south']],
    ['SMS new product (capped together)', { channel: 'SMS', purpose: 'NEW_PRODUCT' }, ['ok', 'south']],
    ['SMS greeting (not capped)', { channel: 'SMS', purpose: 'GREETING' }, ['ok', 'full', 'south']],
    ['WeChat promotion', { channel: 'WECHAT', purpose: 'PROMOTION' }, ['wechat']],
    ['email service: nobody consented', { channel: 'EMAIL', purpose: 'SERVICE' }, []],
  ])('%s', async (_name, eligibleFor, expected) => {
    const res = await app.gql(MarketingSegmentMembersDocument, { id: segment, first: 100, eligibleFor }, admin);
    expect(res.errors).toBeUndefined();
    const s = res.data!.segment!;
    expect(s.members.nodes.map((n) => n.id)).toEqual(ids(...expected));
    expect(s.members.totalCount).toBe(expected.length);
    expect(s.count).toBe(expected.length);
    const preview = await app.gql(MarketingPreviewMembersDocument, { query: `city = "${place}"`, eligibleFor }, admin);
    expect(preview.data!.segmentPreview).toEqual({
      count: expected.length,
      members: { totalCount: expected.length, nodes: ids(...expected).map((id) => ({ id })) },
    });
  });

  it('pages through the eligible members, within the salesperson’s scope', async () => {
    const eligibleFor = { channel: 'SMS' as const, purpose: 'GREETING' as const };
    const first = await app.gql(MarketingSegmentMembersDocument, { id: segment, first: 2, eligibleFor }, admin);
    expect(first.data!.segment!.members).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
    const rest = await app.gql(
      MarketingSegmentMembersDocument,
      { id: segment, first: 2, after: first.data!.segment!.members.pageInfo.endCursor, eligibleFor },
      admin,
    );
    expect([...first.data!.segment!.members.nodes, ...rest.data!.segment!.members.nodes].map((n) => n.id)).toEqual(
      ids('ok', 'full', 'south'),
    );
    expect(rest.data!.segment!.members.pageInfo.hasNextPage).toBe(false);
    const mine = await app.gql(MarketingSegmentMembersDocument, { id: segment, first: 10, eligibleFor }, sh1);
    expect(mine.data!.segment!.members.nodes.map((n) => n.id)).toEqual(ids('ok', 'full'));
  });

  it('exports only the eligible members with ?channel=&purpose=, and refuses bad values with 400', async () => {
    const base = app.url.replace(/\/graphql$/, '');
    const exported = async (query: string, token = f.admin.token) => {
      const res = await fetch(`${base}/exports/segments/${segment}.csv${query}`, { headers: { authorization: `Bearer ${token}` } });
      return { status: res.status, text: await res.text() };
    };
    const idsOf = (text: string) =>
      text
        .replace(/^\uFEFF/, '')
        .split('\r\n')
        .slice(1)
        .filter(Boolean)
        .map((line) => line.split(',')[0]);
    expect(idsOf((await exported('')).text)).toEqual(ids('ok', 'no', 'full', 'wechat', 'south'));
    expect(idsOf((await exported('?channel=SMS&purpose=PROMOTION')).text)).toEqual(ids('ok', 'south'));
    expect(idsOf((await exported('?purpose=GREETING&channel=SMS')).text)).toEqual(ids('ok', 'full', 'south'));
    expect(idsOf((await exported('?channel=SMS&purpose=GREETING', f.salesSh1.token)).text)).toEqual(ids('ok', 'full'));
    const xlsx = await fetch(`${base}/exports/segments/${segment}.xlsx?channel=WECHAT&purpose=PROMOTION`, {
      headers: { authorization: `Bearer ${f.admin.token}` },
    });
    expect(xlsx.status).toBe(200);
    for (const query of [
      '?channel=FAX&purpose=PROMOTION',
      '?channel=SMS&purpose=SPAM',
      '?channel=SMS',
      '?purpose=PROMOTION',
      '?channel=SMS&channel=EMAIL&purpose=PROMOTION',
      '?channel=sms&purpose=PROMOTION',
    ]) {
      const res = await exported(query);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(JSON.parse(res.text)).toEqual({
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        code: 'BAD_USER_INPUT',
        detail: expect.any(String),
        requestId: expect.any(String),
      });
    }
  });
});

describe('the SQL predicate and the TypeScript evaluator', () => {
  it('agree on 240 random customers, for every channel and purpose, with touches on both sides of the window edge', async () => {
    let seed = 20261206;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
    const now = new Date();
    const windowStart = capWindowStart(now, CAP);
    const customers: Array<{ id: number; archived: boolean; consents: unknown[]; touches: Array<{ at: Date; purpose: TouchPurpose }> }> =
      [];
    const edge = [-1, 0, 1, 2, -3_600_000, 3_600_000, -29 * DAY_MS, 5 * DAY_MS];
    for (let i = 0; i < 240; i++) {
      const consents = CONTACT_CHANNELS.values
        .filter(() => random() < 0.4)
        .map((channel) => ({ channel, granted: pick([true, true, false, 'true', null]), updatedAt: now.toISOString() }));
      const archived = random() < 0.15;
      const [row] = await em().execute(
        `insert into customer (kind, name, phones, emails, wechat_ids, addresses, important_dates, previous_categories, main_suppliers, types, tags,
                               custom_fields, consents, search_text, archived_at, created_at, updated_at)
         values ('PERSON', ?, '{}', '{}', '{}', '[]', '[]', '{}', '[]', '{}', '{}', '{}', ?::jsonb, '', ?, now(), now()) returning id`,
        [`随机${i}`, JSON.stringify(consents), archived ? now : null],
      );
      const touches = Array.from({ length: Math.floor(random() * 5) }, () => ({
        at: new Date(windowStart.getTime() + pick(edge)),
        purpose: pick(TOUCH_PURPOSES.values),
      }));
      for (const t of touches) await insertTouch(row.id, t.at, t.purpose, pick(CONTACT_CHANNELS.values));
      customers.push({ id: row.id, archived, consents, touches });
    }
    const disagreements: string[] = [];
    let eligibleCount = 0;
    for (const channel of CONTACT_CHANNELS.values) {
      for (const purpose of TOUCH_PURPOSES.values) {
        const statement = sql`select c.id, ${marketingEligibleSql({ channel, purpose, cap: CAP, windowStart })} as eligible from customer c where c.id = any(${pgArray(customers.map((c) => c.id))}::int[])`;
        const bySql = new Map<number, boolean>(
          (await em().execute<Array<{ id: number; eligible: boolean }>>(statement.sql, statement.params)).map((r) => [r.id, r.eligible]),
        );
        for (const c of customers) {
          const ts = marketingEligibility({
            channel,
            purpose,
            consents: c.consents as never,
            archived: c.archived,
            cappedTouchesInWindow: c.touches.filter((t) => CAP.cappedPurposes.includes(t.purpose) && t.at > windowStart).map((t) => t.at),
            cap: CAP,
            timeZone: TZ,
          });
          if (ts.eligible) eligibleCount++;
          if (bySql.get(c.id) !== ts.eligible)
            disagreements.push(`${c.id} ${channel} ${purpose}: SQL ${bySql.get(c.id)}, TS ${ts.eligible} (${ts.reason})`);
        }
      }
    }
    expect(disagreements).toEqual([]);
    // Both outcomes occur, so the comparison means something.
    expect(eligibleCount).toBeGreaterThan(100);
    expect(eligibleCount).toBeLessThan(240 * 24 - 100);
    // The loader runs the same check on every row it explains (it throws on a disagreement).
    const res = await app.gql(MarketingEligibilityPageDocument, { first: 100, channel: 'WECHAT', purpose: 'NEW_PRODUCT' }, admin);
    expect(res.errors).toBeUndefined();
  }, 120_000);
});

describe('vocabularies', () => {
  it('labels the purposes and refusals', async () => {
    const res = await app.gql(MarketingVocabulariesDocument, {}, admin);
    const byName = new Map(res.data!.vocabularies.map((v) => [v.name, v.values]));
    expect(byName.get('TouchPurpose')).toEqual([
      { code: 'PROMOTION', label: 'Promotion' },
      { code: 'NEW_PRODUCT', label: 'New product' },
      { code: 'GREETING', label: 'Greeting' },
      { code: 'SERVICE', label: 'Service message' },
    ]);
    expect(byName.get('TouchRefusal')?.map((v) => v.code)).toEqual(['NO_CONSENT', 'CAP_REACHED', 'ARCHIVED']);
  });
});

describe('the cap in the company’s reminder settings', () => {
  afterAll(() => em().execute('delete from reminder_settings'));

  it('follows a changed cap at once: 1 touch in 7 days, NEW_PRODUCT no longer capped', async () => {
    const c = await customer(sh1, '设置上限');
    const recent = new Date(Date.now() - 6 * DAY_MS);
    await insertTouch(c.id, recent);
    await insertTouch(c.id, new Date(Date.now() - 2 * DAY_MS), 'NEW_PRODUCT');
    expect(await eligibility(c.gid)).toMatchObject({
      reason: 'CAP_REACHED',
      nextPossibleOn: calendarDayIn(new Date(recent.getTime() + 30 * DAY_MS), TZ),
      recentTouchCount: 2,
    });
    await em().execute(`insert into reminder_settings (id, rules, version, updated_at) values (1, ?::jsonb, 2, now())`, [
      JSON.stringify({ marketingCap: { maxTouches: 1, days: 7, cappedPurposes: ['PROMOTION'] } }),
    ]);
    expect(await eligibility(c.gid)).toEqual({
      eligible: false,
      reason: 'CAP_REACHED',
      nextPossibleOn: calendarDayIn(new Date(recent.getTime() + 7 * DAY_MS), TZ),
      recentTouchCount: 1,
    });
    expect(await touch({ customerIds: [c.gid] })).toMatchObject({ recordedCount: 0, skipped: [{ reason: 'CAP_REACHED' }] });
    expect(await touch({ customerIds: [c.gid], purpose: 'NEW_PRODUCT' })).toMatchObject({ recordedCount: 1, skipped: [] });
  });
});
