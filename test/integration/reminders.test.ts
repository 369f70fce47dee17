import { calendarDayIn } from '../../src/domain/common/calendar';
import { addMonths } from '../../src/domain/common/calendar';
import { addDays } from '../../src/domain/common/calendar';
import { localIdOf, toGlobalId } from '../../src/schema/global-id';
import {
  ApiKeyCreateDocument,
  CompanyHolidaysDocument,
  CompanyHolidaysSetDocument,
  CustomerCreateDocument,
  CustomerRemindersDocument,
  ReminderCompleteDocument,
  ReminderDismissDocument,
  ReminderNodeDocument,
  RemindersDocument,
  RemindersPageDocument,
  ReminderSettingsDocument,
  ReminderSettingsUpdateDocument,
  ReminderSnoozeDocument,
  type CustomerRemindersQuery,
  type RemindersQuery,
  type ReminderKind,
  type ReminderState,
} from '../generated/graphql';
import { countStatements, createFixture, type Fixture } from '../support/fixture';
import { insertOrder, refreshFigures } from '../support/records';
import { errorCode, startTestApp, type Auth, type GraphQLResponse, type TestApp } from '../support/test-app';

/**
 * Reminders (DOMAIN M1–M3) over GraphQL: each rule fires on its day and not the day before,
 * with the figures that fired it; done, snoozed and dismissed occurrences keep their state and
 * the next occurrence fires as new; a salesperson sees only its own customers; a key needs
 * reminders:read / reminders:write; bad input writes nothing.
 */

let app: TestApp;
let f: Fixture;
const TZ = 'Asia/Shanghai';
const today = calendarDayIn(new Date(), TZ);
const keys = {} as Record<'read' | 'write' | 'none' | 'remindersOnly', Auth>;
const c: Record<string, number> = {};
const products: Record<string, number> = {};

/** Noon of a company day, as an instant. */
const noon = (day: string) => new Date(Date.parse(`${day}T12:00:00+08:00`));
const ago = (days: number) => noon(addDays(today, -days));

async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().getConnection().execute(query, params);
}

/** A customer of `token`'s salesperson, created `createdDaysAgo` days ago. */
async function customer(name: string, token: string, createdDaysAgo = 400): Promise<number> {
  const res = await app.gql(CustomerCreateDocument, { input: { kind: 'PERSON', name } }, { token });
  expect(res.data?.customerCreate.userErrors).toEqual([]);
  const id = localIdOf(res.data!.customerCreate.customer!.id, 'Customer')!;
  await sql(`update customer set created_at = ? where id = ?`, [ago(createdDaysAgo), id]);
  return id;
}

async function followUp(customerId: number, at: Date, channel = 'CALL', next: string | null = null): Promise<number> {
  const [row] = await sql<{ id: number }>(
    `insert into follow_up (customer_id, salesperson_id, channel, occurred_at, summary, next_follow_up_on, created_at) values (?, ?, ?, ?, '回访', ?, now()) returning id`,
    [customerId, f.salesSh1.id, channel, at, next],
  );
  return row.id;
}

const line = (productId: number, quantity = '1') => ({ productId, quantity, unitPrice: '100.00', unitCost: '60.00' });

async function remindersOf(customerId: number, kinds?: ReminderKind[], states?: ReminderState[], auth: Auth = { token: f.admin.token }) {
  const res = await app.gql(CustomerRemindersDocument, { id: toGlobalId('Customer', customerId), kinds, states }, auth);
  expect(res.errors).toBeUndefined();
  return res.data!.customer!.reminders;
}
type R = NonNullable<CustomerRemindersQuery['customer']>['reminders'][number];
const figures = (r: R) => Object.fromEntries(r.figures.map((x) => [x.key, x.value]));

async function settings(input: Record<string, unknown>) {
  const res = await app.gql(ReminderSettingsUpdateDocument, { input: input as never }, { token: f.admin.token });
  expect(res.errors).toBeUndefined();
  return res.data!.reminderSettingsUpdate;
}

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
  const t1 = f.salesSh1.token;
  const [cartridge, printer] = await sql<{ id: number }>(
    `insert into product (sku, name, list_price, cost, currency, usage_cycle_days, maintenance_interval_days, active, created_at, updated_at)
     values ('INK-1', '墨盒', 100, 60, 'CNY', 30, null, true, now(), now()), ('PRN-1', '打印机', 100, 60, 'CNY', null, 180, true, now(), now()) returning id`,
  );
  products.cartridge = cartridge.id;
  products.printer = printer.id;

  // NO_FOLLOW_UP (30 days) and NEVER_FOLLOWED_UP (7 days after creation), owned customers only.
  c.followed30 = await customer('三十天未跟进', t1);
  await followUp(c.followed30, ago(30));
  c.followed29 = await customer('二十九天未跟进', t1);
  await followUp(c.followed29, ago(29));
  c.unowned = await customer('无负责人', t1);
  await followUp(c.unowned, ago(40));
  await sql(`update customer set owner_id = null where id = ?`, [c.unowned]);
  c.new7 = await customer('新客户七天', t1, 7);
  c.new6 = await customer('新客户六天', t1, 6);
  // NO_REPURCHASE: max(60, 1.5 × median).
  c.once60 = await customer('六十天前买过', t1);
  await insertOrder(app, { customerId: c.once60, orderedAt: ago(60), lines: [line(products.printer)] });
  c.once59 = await customer('五十九天前买过', t1);
  await insertOrder(app, { customerId: c.once59, orderedAt: ago(59), lines: [line(products.printer)] });
  c.every50 = await customer('每五十天买一次', t1);
  for (const d of [175, 125, 75]) await insertOrder(app, { customerId: c.every50, orderedAt: ago(d), lines: [line(products.printer)] });
  // PRODUCT_USED_UP: 3 × 30 days − 7 warning = due 83 days after the purchase.
  c.ink83 = await customer('墨盒八十三天', t1);
  await insertOrder(app, { customerId: c.ink83, orderedAt: ago(83), lines: [line(products.cartridge, '3')] });
  c.ink82 = await customer('墨盒八十二天', t1);
  await insertOrder(app, { customerId: c.ink82, orderedAt: ago(82), lines: [line(products.cartridge, '3')] });
  // MAINTENANCE_DUE: 180 − 7 = due 173 days after the purchase or the last maintenance.
  c.printer173 = await customer('打印机一百七十三天', t1);
  await insertOrder(app, { customerId: c.printer173, orderedAt: ago(173), lines: [line(products.printer)] });
  c.printerServiced = await customer('打印机保养过', t1);
  await insertOrder(app, { customerId: c.printerServiced, orderedAt: ago(300), lines: [line(products.printer)] });
  await sql(
    `insert into service_case (customer_id, product_id, type, status, description, resolved_at, created_at, updated_at) values (?, ?, 'MAINTENANCE', 'RESOLVED', '保养', ?, now(), now())`,
    [c.printerServiced, products.printer, ago(100)],
  );
  // NEXT_FOLLOW_UP_DUE: the latest follow-up's next day.
  c.nextToday = await customer('今天计划跟进', t1);
  await followUp(c.nextToday, ago(3), 'CALL', today);
  c.nextTomorrow = await customer('明天计划跟进', t1);
  await followUp(c.nextTomorrow, ago(3), 'CALL', addDays(today, 1));
  // BIRTHDAY (7 days ahead) and ANNIVERSARY.
  c.birthday7 = await customer('七天后生日', t1);
  c.birthday8 = await customer('八天后生日', t1);
  await sql(`update customer set birthday = ? where id = ?`, [`1992${addDays(today, 7).slice(4)}`, c.birthday7]);
  await sql(`update customer set birthday = ? where id = ?`, [`1992${addDays(today, 8).slice(4)}`, c.birthday8]);
  c.wedding = await customer('结婚纪念日', t1);
  await sql(`update customer set important_dates = ?::jsonb where id = ?`, [
    JSON.stringify([{ kind: 'WEDDING_ANNIVERSARY', label: null, date: `2016${addDays(today, 3).slice(4)}` }]),
    c.wedding,
  ]);
  // RENEWAL_DUE: within 30 days either side of the coverage end.
  c.renewal = await customer('保修到期', t1);
  for (const end of [addDays(today, 30), addDays(today, 31), addDays(today, -30), addDays(today, -31)]) {
    await sql(
      `insert into service_case (customer_id, type, status, description, coverage_ends_on, created_at, updated_at) values (?, 'WARRANTY', 'CLOSED', '三包', ?, now(), now())`,
      [c.renewal, end],
    );
  }
  // INQUIRY_RESPONSE_OVERDUE.
  c.inquiry = await customer('询盘未回复', t1);
  for (const [due, responded] of [
    [new Date(Date.now() - 3_600_000), null],
    [new Date(Date.now() + 3_600_000), null],
    [new Date(Date.now() - 3_600_000), new Date()],
  ] as const) {
    await sql(
      `insert into inquiry (customer_id, received_at, channel, urgency, status, project_details, currency, response_due_at, first_responded_at, created_at, updated_at)
       values (?, now() - interval '1 day', 'EMAIL', 'NORMAL', 'NEW', '询价', 'CNY', ?, ?, now(), now())`,
      [c.inquiry, due, responded],
    );
  }
  // PURCHASE_TREND_FALLING: 4, 3, 2, 1 units over the four months before this one.
  c.falling = await customer('采购下滑', t1);
  for (const [back, quantity] of [
    [4, '4'],
    [3, '3'],
    [2, '2'],
    [1, '1'],
  ] as const) {
    await insertOrder(app, {
      customerId: c.falling,
      orderedAt: noon(`${addMonths(`${today.slice(0, 7)}-01`, -back).slice(0, 7)}-10`),
      lines: [line(products.printer, quantity)],
    });
  }
  // VIP_REVIEW_DUE: a VISIT 3 months ago is due (today, or a day or two before at a month's end);
  // one 60 days ago is due in about a month, not listed yet.
  c.review = await customer('季度回顾', t1);
  await followUp(c.review, noon(addMonths(today, -3)), 'VISIT');
  c.reviewLater = await customer('季度回顾未到', t1);
  await followUp(c.reviewLater, ago(60), 'VISIT');
  // Other salespeople's customers.
  c.sh2 = await customer('销售二的客户', f.salesSh2.token, 100);
  c.south = await customer('华南的客户', f.salesSouth.token, 100);
  await refreshFigures(app);

  const key = async (scopes: string[]) => ({
    apiKey: (await app.gql(ApiKeyCreateDocument, { input: { name: `reminders ${scopes.join(' ')}`, scopes } }, { token: f.admin.token }))
      .data!.apiKeyCreate.secret!,
  });
  keys.read = await key(['reminders:read', 'customers:read']);
  keys.write = await key(['reminders:read', 'reminders:write', 'customers:read']);
  keys.none = await key(['customers:read']);
  keys.remindersOnly = await key(['reminders:read', 'reminders:write']);
}, 180_000);
afterAll(() => app.close());

describe('each rule fires on its day, not the day before, with its figures', () => {
  it('NO_FOLLOW_UP: 30 days after the last follow-up, owned customers only', async () => {
    const [r] = await remindersOf(c.followed30, ['NO_FOLLOW_UP']);
    expect(r).toMatchObject({ kind: 'NO_FOLLOW_UP', dueOn: today, urgency: 'DUE_TODAY', state: 'OPEN', subject: null });
    expect(figures(r)).toEqual({ lastFollowUpOn: addDays(today, -30), days: '30' });
    expect(r.reason).toBe(`last follow-up ${addDays(today, -30)}: no follow-up for 30 days`);
    expect(r.reasonZh).toBe(`最近一次跟进在 ${addDays(today, -30)}，已超过 30 天未跟进`);
    expect(await remindersOf(c.followed29, ['NO_FOLLOW_UP'])).toEqual([]);
    expect(await remindersOf(c.unowned, ['NO_FOLLOW_UP', 'NEVER_FOLLOWED_UP'])).toEqual([]);
  });

  it('NEVER_FOLLOWED_UP: 7 days after creation', async () => {
    expect((await remindersOf(c.new7, ['NEVER_FOLLOWED_UP'])).map((r) => [r.dueOn, figures(r).createdOn])).toEqual([
      [today, addDays(today, -7)],
    ]);
    expect(await remindersOf(c.new6, ['NEVER_FOLLOWED_UP'])).toEqual([]);
  });

  it('NEVER_PURCHASED: 30 days after creation', async () => {
    expect((await remindersOf(c.followed30, ['NEVER_PURCHASED'])).map((r) => r.dueOn)).toEqual([addDays(today, -370)]);
    expect(await remindersOf(c.new7, ['NEVER_PURCHASED'])).toEqual([]);
    expect(await remindersOf(c.once60, ['NEVER_PURCHASED'])).toEqual([]);
  });

  it('NO_REPURCHASE: max(60 days, 1.5 × the own median interval)', async () => {
    const [once] = await remindersOf(c.once60, ['NO_REPURCHASE']);
    expect(once).toMatchObject({ dueOn: today });
    expect(figures(once)).toEqual({ lastOrderOn: addDays(today, -60), medianIntervalDays: null, days: '60' });
    expect(await remindersOf(c.once59, ['NO_REPURCHASE'])).toEqual([]);
    // Every 50 days: due 75 days after the last order, which was 75 days ago.
    const [every] = await remindersOf(c.every50, ['NO_REPURCHASE']);
    expect(figures(every)).toEqual({ lastOrderOn: addDays(today, -75), medianIntervalDays: '50', days: '75' });
    expect(every.reason).toBe(`last purchase ${addDays(today, -75)}, usually every 50 days: no repurchase for 75 days`);
  });

  it('PRODUCT_USED_UP: last purchase + quantity × usage cycle − 7 days, about the purchase', async () => {
    const [r] = await remindersOf(c.ink83, ['PRODUCT_USED_UP']);
    expect(r).toMatchObject({ dueOn: today, subject: { __typename: 'Order' } });
    expect(r.reason).toBe(`last purchase ${addDays(today, -83)} of 3 × 墨盒, usage cycle 30 days: used up around ${addDays(today, 7)}`);
    expect(r.reasonZh).toContain('墨盒');
    expect(await remindersOf(c.ink82, ['PRODUCT_USED_UP'])).toEqual([]);
  });

  it('MAINTENANCE_DUE: from the purchase, or from the last maintenance once there is one', async () => {
    const [r] = await remindersOf(c.printer173, ['MAINTENANCE_DUE']);
    expect(r).toMatchObject({ dueOn: today, subject: { __typename: 'Product' } });
    expect(figures(r)).toMatchObject({
      product: '打印机',
      since: addDays(today, -173),
      sinceMaintenance: 'false',
      maintenanceOn: addDays(today, 7),
    });
    // Bought 300 days ago (due 127 days ago) but maintained 100 days ago: due in 73 days, not listed.
    expect(await remindersOf(c.printerServiced, ['MAINTENANCE_DUE'])).toEqual([]);
  });

  it('NEXT_FOLLOW_UP_DUE: the planned day of the latest follow-up', async () => {
    const [r] = await remindersOf(c.nextToday, ['NEXT_FOLLOW_UP_DUE']);
    expect(r).toMatchObject({ dueOn: today, subject: { __typename: 'FollowUp' } });
    expect(await remindersOf(c.nextTomorrow, ['NEXT_FOLLOW_UP_DUE'])).toEqual([]);
  });

  it('BIRTHDAY and ANNIVERSARY: listed from 7 days ahead, UPCOMING, with the age or the years', async () => {
    const [b] = await remindersOf(c.birthday7, ['BIRTHDAY']);
    const on = addDays(today, 7);
    expect(b).toMatchObject({ dueOn: on, urgency: 'UPCOMING' });
    expect(figures(b).age).toBe(String(Number(on.slice(0, 4)) - 1992));
    expect(await remindersOf(c.birthday8, ['BIRTHDAY'])).toEqual([]);
    const [w] = await remindersOf(c.wedding, ['ANNIVERSARY']);
    expect(w.dueOn).toBe(addDays(today, 3));
    expect(w.reason).toContain('Wedding anniversary');
    expect(w.reasonZh).toContain('结婚纪念日');
  });

  it('RENEWAL_DUE: from 30 days before the coverage end to 30 days after, about the service case', async () => {
    const list = await remindersOf(c.renewal, ['RENEWAL_DUE']);
    expect(list.map((r) => r.dueOn).sort()).toEqual([addDays(today, -30), addDays(today, 30)]);
    expect(list.every((r) => r.subject?.__typename === 'ServiceCase')).toBe(true);
  });

  it('INQUIRY_RESPONSE_OVERDUE: open, unanswered and past its deadline', async () => {
    const list = await remindersOf(c.inquiry, ['INQUIRY_RESPONSE_OVERDUE']);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ urgency: 'OVERDUE', subject: { __typename: 'Inquiry' } });
    expect(list[0].reason).toMatch(/^the inquiry had to be answered by \d{4}-\d{2}-\d{2} \d{2}:\d{2} and has not been$/);
  });

  it('PURCHASE_TREND_FALLING: volume falling each of the last 3 full months', async () => {
    const [r] = await remindersOf(c.falling, ['PURCHASE_TREND_FALLING']);
    expect(r).toMatchObject({ dueOn: `${today.slice(0, 7)}-01` });
    expect(figures(r)).toMatchObject({ decliningVolume: 'true', shrinkingVariety: 'false' });
    expect(r.reason).toBe('purchases fell month after month');
  });

  it('HOLIDAY and VIP_REVIEW_DUE: only for the tiers configured', async () => {
    await app.gql(
      CompanyHolidaysSetDocument,
      {
        input: {
          year: Number(addDays(today, 5).slice(0, 4)),
          holidays: [{ day: addDays(today, 5), nameZh: '测试节', nameEn: 'Test Day' }],
        },
      },
      { token: f.admin.token },
    );
    const allTiers = ['VIP', 'MAJOR', 'ORDINARY', 'SMALL'];
    await settings({
      rules: [
        { kind: 'HOLIDAY', tiers: allTiers },
        { kind: 'VIP_REVIEW_DUE', tiers: allTiers },
      ],
    });
    const [h] = await remindersOf(c.review, ['HOLIDAY']);
    expect(h).toMatchObject({ dueOn: addDays(today, 5), urgency: 'UPCOMING' });
    expect(h.reasonZh).toContain('测试节');
    const [v] = await remindersOf(c.review, ['VIP_REVIEW_DUE']);
    expect(v).toMatchObject({ dueOn: addMonths(addMonths(today, -3), 3) });
    expect(figures(v)).toMatchObject({ since: addMonths(today, -3), reviewed: 'true', everyMonths: '3' });
    expect(await remindersOf(c.reviewLater, ['VIP_REVIEW_DUE'])).toEqual([]);
    // The customer's tier taken out of both rules: neither fires.
    const others = allTiers.filter((t) => t !== v.valueTier);
    await settings({
      rules: [
        { kind: 'HOLIDAY', tiers: others },
        { kind: 'VIP_REVIEW_DUE', tiers: others },
      ],
    });
    expect(await remindersOf(c.review, ['HOLIDAY', 'VIP_REVIEW_DUE'])).toEqual([]);
    await settings({ resetToDefaults: true });
  });

  it('a rule switched off lists nothing; its thresholds move the list on the next query', async () => {
    await settings({ rules: [{ kind: 'NO_FOLLOW_UP', enabled: false }] });
    expect(await remindersOf(c.followed30, ['NO_FOLLOW_UP'])).toEqual([]);
    await settings({ rules: [{ kind: 'NO_FOLLOW_UP', enabled: true, days: 29 }] });
    expect((await remindersOf(c.followed29, ['NO_FOLLOW_UP'])).map((r) => r.dueOn)).toEqual([today]);
    await settings({ resetToDefaults: true });
  });
});

describe('reminders list', () => {
  it('sorts overdue first, then by due time, and pages with a stable cursor and a totalCount', async () => {
    const all: Array<{ id: string; urgency: string; dueAt: string }> = [];
    let after: string | null = null;
    let total = -1;
    do {
      const res: GraphQLResponse<RemindersQuery> = await app.gql(RemindersDocument, { first: 7, after }, { token: f.salesSh1.token });
      expect(res.errors).toBeUndefined();
      const page = res.data!.reminders;
      total = page.totalCount;
      all.push(...page.edges.map((e) => ({ id: e.node.id, urgency: e.node.urgency, dueAt: e.node.dueAt })));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor! : null;
    } while (after);
    expect(all.length).toBe(total);
    expect(new Set(all.map((r) => r.id)).size).toBe(total);
    const rank = { OVERDUE: 0, DUE_TODAY: 1, UPCOMING: 2 } as Record<string, number>;
    for (let i = 1; i < all.length; i++) {
      const [a, b] = [all[i - 1], all[i]];
      expect(rank[a.urgency] < rank[b.urgency] || (a.urgency === b.urgency && Date.parse(a.dueAt) <= Date.parse(b.dueAt))).toBe(true);
    }
    expect(all.some((r) => r.urgency === 'OVERDUE') && all.some((r) => r.urgency === 'UPCOMING')).toBe(true);
  });

  it('filters by kind, due range and value tier', async () => {
    const res = await app.gql(
      RemindersDocument,
      { filter: { kinds: ['BIRTHDAY', 'ANNIVERSARY'], dueFrom: addDays(today, 1), dueTo: addDays(today, 7) }, first: 50 },
      { token: f.admin.token },
    );
    expect(res.data!.reminders.edges.map((e) => e.node.customer.name).sort()).toEqual(['七天后生日', '结婚纪念日']);
    const all = await app.gql(RemindersDocument, { first: 100 }, { token: f.admin.token });
    const tier = all.data!.reminders.edges[0].node.valueTier;
    const tiers = await app.gql(RemindersDocument, { filter: { valueTiers: [tier] }, first: 100 }, { token: f.admin.token });
    expect(tiers.data!.reminders.edges.length).toBeGreaterThan(0);
    expect(tiers.data!.reminders.edges.every((e) => e.node.valueTier === tier)).toBe(true);
  });

  it("a salesperson sees its own customers' reminders, a manager its subtree's, filterable by salesperson", async () => {
    const names = async (auth: Auth, filter: Record<string, unknown> = {}) => {
      const res = await app.gql(RemindersPageDocument, { filter: { kinds: ['NEVER_PURCHASED'], ...filter }, first: 100 }, auth);
      expect(res.errors).toBeUndefined();
      return new Set(res.data!.reminders.nodes.map((n) => n.customer.name));
    };
    const sh1 = await names({ token: f.salesSh1.token });
    expect(sh1.has('三十天未跟进')).toBe(true);
    expect(sh1.has('销售二的客户') || sh1.has('华南的客户')).toBe(false);
    expect([...(await names({ token: f.salesSh2.token }))]).toEqual(['销售二的客户']);
    const manager = await names({ token: f.managerEast.token });
    expect(manager.has('销售二的客户') && manager.has('三十天未跟进') && !manager.has('华南的客户')).toBe(true);
    expect([...(await names({ token: f.managerEast.token }, { ownerId: f.salesSh2.gid }))]).toEqual(['销售二的客户']);
    expect((await names({ token: f.admin.token }, { departmentId: toGlobalId('Department', f.departments.south) })).has('华南的客户')).toBe(
      true,
    );
  });

  it('a key needs reminders:read, and customers:read (a reminder is customer data); it then reads the company', async () => {
    expect(errorCode(await app.gql(RemindersPageDocument, { first: 5 }, keys.none))).toBe('FORBIDDEN');
    expect(errorCode(await app.gql(RemindersPageDocument, { first: 5 }, keys.remindersOnly))).toBe('FORBIDDEN');
    const res = await app.gql(RemindersPageDocument, { filter: { kinds: ['NEVER_PURCHASED'] }, first: 100 }, keys.read);
    expect(res.errors).toBeUndefined();
    expect(res.data!.reminders.nodes.map((n) => n.customer.name)).toEqual(expect.arrayContaining(['销售二的客户', '华南的客户']));
    // customer.reminders too; the subject needs its own type's scope.
    const own = await app.gql(CustomerRemindersDocument, { id: toGlobalId('Customer', c.ink83), kinds: ['PRODUCT_USED_UP'] }, keys.read);
    expect(own.data!.customer!.reminders[0].subject).toBeNull();
    expect(errorCode(await app.gql(CustomerRemindersDocument, { id: toGlobalId('Customer', c.ink83) }, keys.none))).toBe('FORBIDDEN');
  });

  it('refuses a foreign cursor, a reversed due range and an unknown kind', async () => {
    expect(errorCode(await app.gql(RemindersPageDocument, { first: 5, after: 'bm90LWEtY3Vyc29y' }, { token: f.admin.token }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      errorCode(await app.gql(RemindersPageDocument, { filter: { dueFrom: today, dueTo: addDays(today, -1) } }, { token: f.admin.token })),
    ).toBe('BAD_USER_INPUT');
    const unknown = await app.post({ query: '{ reminders(filter: { kinds: [NOT_A_KIND] }) { totalCount } }' }, { token: f.admin.token });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(errorCode(await app.gql(RemindersPageDocument, { first: 101 }, { token: f.admin.token }))).toBe('BAD_USER_INPUT');
    const forged = (parts: unknown[]) => Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
    for (const after of [
      forged(['REMINDER', 0, '2026-13-45 99:99:99+99', 0, 1, 'BIRTHDAY', '2026']),
      forged(['REMINDER', 0, '2026-12-01 00:00:00+08', 0, 1, 'NOT_A_KIND', '2026']),
      forged(['REMINDER', 0, '2026-12-01 00:00:00+08', 0, 1, 'BIRTHDAY', 'a\u0000b']),
    ]) {
      expect(errorCode(await app.gql(RemindersPageDocument, { first: 5, after }, { token: f.admin.token }))).toBe('BAD_USER_INPUT');
    }
    const nul = Buffer.from(`Reminder:${c.south}:BIRTHDAY:a\u0000b`, 'utf8').toString('base64url');
    expect((await app.gql(ReminderNodeDocument, { id: nul }, { token: f.admin.token })).data!.node).toBeNull();
  });

  it('costs a constant number of statements whatever the page size', async () => {
    const statements = (first: number) =>
      countStatements(async () => {
        const res = await app.gql(RemindersDocument, { first }, { token: f.admin.token });
        expect(res.errors).toBeUndefined();
        expect(res.data!.reminders.edges.length).toBe(first);
      });
    await statements(2); // warm the scoring population cache
    expect(await statements(2)).toBe(await statements(25));
  });

  it('node(id) finds a listed reminder; a salesperson cannot read another one’s', async () => {
    const [r] = await remindersOf(c.sh2, ['NEVER_PURCHASED']);
    const mine = await app.gql(ReminderNodeDocument, { id: r.id }, { token: f.salesSh2.token });
    expect(mine.data!.node).toMatchObject({ id: r.id, kind: 'NEVER_PURCHASED', state: 'OPEN' });
    expect((await app.gql(ReminderNodeDocument, { id: r.id }, { token: f.salesSh1.token })).data!.node).toBeNull();
  });
});

describe('state: done, snoozed, dismissed (DOMAIN M3)', () => {
  const stateRows = async () => Number((await sql<{ n: string }>(`select count(*) as n from reminder_state`))[0].n);

  it('snooze hides a reminder until its day; in the past, beyond a year or for another salesperson it writes nothing', async () => {
    const [r] = await remindersOf(c.new7, ['NEVER_FOLLOWED_UP']);
    const before = await stateRows();
    for (const [until, token, code] of [
      [today, f.salesSh1.token, 'INVALID'],
      [addDays(today, -1), f.salesSh1.token, 'INVALID'],
      [addDays(today, 400), f.salesSh1.token, 'INVALID'],
      [addDays(today, 3), f.salesSh2.token, 'NOT_FOUND'],
    ] as const) {
      const res = await app.gql(ReminderSnoozeDocument, { input: { id: r.id, until } }, { token });
      expect(res.data!.reminderSnooze.userErrors.map((e) => e.code)).toEqual([code]);
      expect(res.data!.reminderSnooze.reminder).toBeNull();
    }
    expect(await stateRows()).toBe(before);
    const ok = await app.gql(ReminderSnoozeDocument, { input: { id: r.id, until: addDays(today, 3) } }, { token: f.salesSh1.token });
    expect(ok.data!.reminderSnooze).toEqual({ reminder: { id: r.id, state: 'SNOOZED', snoozedUntil: addDays(today, 3) }, userErrors: [] });
    expect(await remindersOf(c.new7, ['NEVER_FOLLOWED_UP'])).toEqual([]);
    expect((await remindersOf(c.new7, ['NEVER_FOLLOWED_UP'], ['SNOOZED'])).map((x) => x.id)).toEqual([r.id]);
    // Its day comes: OPEN again, the same occurrence.
    await sql(`update reminder_state set snoozed_until = ? where state = 'SNOOZED'`, [today]);
    expect((await remindersOf(c.new7, ['NEVER_FOLLOWED_UP'])).map((x) => [x.id, x.state])).toEqual([[r.id, 'OPEN']]);
  });

  it('dismissed never comes back; dismissing twice is ILLEGAL_TRANSITION; the next purchase is a new occurrence', async () => {
    const [r] = await remindersOf(c.ink83, ['PRODUCT_USED_UP']);
    const first = await app.gql(ReminderDismissDocument, { input: { id: r.id, reason: '客户改用别家墨盒' } }, { token: f.salesSh1.token });
    expect(first.data!.reminderDismiss.reminder).toEqual({ id: r.id, state: 'DISMISSED', stateReason: '客户改用别家墨盒' });
    const again = await app.gql(ReminderDismissDocument, { input: { id: r.id } }, { token: f.salesSh1.token });
    expect(again.data!.reminderDismiss.userErrors.map((e) => e.code)).toEqual(['ILLEGAL_TRANSITION']);
    expect(await remindersOf(c.ink83, ['PRODUCT_USED_UP'])).toEqual([]);
    expect((await remindersOf(c.ink83, ['PRODUCT_USED_UP'], ['DISMISSED'])).map((x) => x.id)).toEqual([r.id]);
    // A newer purchase of one cartridge, 30 − 7 = 23 days ago: a new occurrence, due today.
    await insertOrder(app, { customerId: c.ink83, orderedAt: ago(23), lines: [line(products.cartridge, '1')] });
    await refreshFigures(app);
    const [next] = await remindersOf(c.ink83, ['PRODUCT_USED_UP']);
    expect(next).toMatchObject({ state: 'OPEN', dueOn: today });
    expect(next.id).not.toBe(r.id);
  });

  it('complete can record the follow-up in the same call; the occurrence is done and no new one is due', async () => {
    const [r] = await remindersOf(c.followed30, ['NO_FOLLOW_UP']);
    const res = await app.gql(
      ReminderCompleteDocument,
      { input: { id: r.id, followUp: { channel: 'CALL', summary: '电话回访，客户下月补货', outcome: 'INTERESTED' } } },
      { token: f.salesSh1.token },
    );
    expect(res.data!.reminderComplete).toMatchObject({ reminder: { id: r.id, state: 'DONE' }, userErrors: [] });
    const [fu] = await sql<{ summary: string }>(`select summary from follow_up where customer_id = ? order by id desc limit 1`, [
      c.followed30,
    ]);
    expect(fu.summary).toBe('电话回访，客户下月补货');
    expect(await remindersOf(c.followed30, ['NO_FOLLOW_UP'])).toEqual([]);
    expect(
      (await app.gql(ReminderCompleteDocument, { input: { id: r.id } }, { token: f.salesSh1.token })).data!.reminderComplete.userErrors[0]
        .code,
    ).toBe('ILLEGAL_TRANSITION');
  });

  it('two completions at once: one is done with its follow-up, the other is ILLEGAL_TRANSITION and writes nothing', async () => {
    const [r] = await remindersOf(c.once59, ['NEVER_FOLLOWED_UP']);
    const complete = (summary: string) =>
      app.gql(ReminderCompleteDocument, { input: { id: r.id, followUp: { channel: 'CALL', summary } } }, { token: f.salesSh1.token });
    const results = await Promise.all([complete('第一次电话'), complete('第二次电话')]);
    const codes = results
      .map((res) => res.data!.reminderComplete.userErrors.map((e) => e.code).join() || res.data!.reminderComplete.reminder!.state)
      .sort();
    expect(codes).toEqual(['DONE', 'ILLEGAL_TRANSITION']);
    const followUps = await sql<{ id: number }>(`select id from follow_up where customer_id = ?`, [c.once59]);
    expect(followUps).toHaveLength(1);
    const [state] = await sql<{ state: string; follow_up_id: number }>(
      `select state, follow_up_id from reminder_state where customer_id = ? and kind = 'NEVER_FOLLOWED_UP'`,
      [c.once59],
    );
    expect(state).toEqual({ state: 'DONE', follow_up_id: followUps[0].id });
  });

  it('a bad follow-up rolls the completion back', async () => {
    const [r] = await remindersOf(c.followed29, ['NEVER_PURCHASED']);
    const before = await stateRows();
    const res = await app.gql(
      ReminderCompleteDocument,
      { input: { id: r.id, followUp: { channel: 'CALL', summary: '计划', nextFollowUpOn: addDays(today, -5) } } },
      { token: f.salesSh1.token },
    );
    expect(res.data!.reminderComplete.reminder).toBeNull();
    expect(res.data!.reminderComplete.userErrors.map((e) => e.field.join('.'))).toEqual(['input.followUp.nextFollowUpOn']);
    expect(await stateRows()).toBe(before);
    expect((await remindersOf(c.followed29, ['NEVER_PURCHASED']))[0].state).toBe('OPEN');
  });

  it('a key needs reminders:write; an id that names nothing is NOT_FOUND', async () => {
    const [r] = await remindersOf(c.south, ['NEVER_PURCHASED']);
    expect(errorCode(await app.gql(ReminderDismissDocument, { input: { id: r.id } }, keys.read))).toBe('FORBIDDEN');
    // Recording the follow-up with a completion is a follow-up write: it needs followups:write.
    const withFollowUp = await app.gql(
      ReminderCompleteDocument,
      { input: { id: r.id, followUp: { channel: 'CALL', summary: '接口回访' } } },
      keys.write,
    );
    expect(errorCode(withFollowUp)).toBe('FORBIDDEN');
    expect(Number((await sql<{ n: string }>(`select count(*) as n from follow_up where customer_id = ?`, [c.south]))[0].n)).toBe(0);
    const ok = await app.gql(ReminderDismissDocument, { input: { id: r.id } }, keys.write);
    expect(ok.data!.reminderDismiss.reminder).toMatchObject({ state: 'DISMISSED' });
    for (const id of [
      'not-an-id',
      toGlobalId('Customer', c.south),
      Buffer.from(`Reminder:${c.south}:BIRTHDAY:1999`).toString('base64url'),
    ]) {
      const res = await app.gql(ReminderDismissDocument, { input: { id } }, { token: f.admin.token });
      expect(res.data!.reminderDismiss.userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);
    }
  });
});

describe('reminderSettings', () => {
  it('admins read the defaults of DOMAIN with a description; others are FORBIDDEN', async () => {
    const res = await app.gql(ReminderSettingsDocument, { locale: 'en' }, { token: f.admin.token });
    const rules = Object.fromEntries(res.data!.reminderSettings.rules.map((r) => [r.kind, r]));
    expect(rules.NO_FOLLOW_UP).toMatchObject({ enabled: true, days: 30, aheadDays: null });
    expect(rules.NO_REPURCHASE).toMatchObject({ multiplier: 1.5, minDays: 60 });
    expect(rules.BIRTHDAY).toMatchObject({ aheadDays: 7 });
    expect(rules.VIP_REVIEW_DUE).toMatchObject({ everyMonths: 3, tiers: ['VIP'] });
    expect(res.data!.reminderSettings.marketingCap).toEqual({ maxTouches: 2, days: 30, cappedPurposes: ['PROMOTION', 'NEW_PRODUCT'] });
    expect(rules.NO_REPURCHASE.description).toContain('1.5');
    expect(Object.keys(rules)).toHaveLength(14);
    expect(errorCode(await app.gql(ReminderSettingsDocument, {}, { token: f.managerEast.token }))).toBe('FORBIDDEN');
  });

  it('validates the whole change, refuses a stale expectedVersion, and writes nothing on error', async () => {
    const { version } = (await app.gql(ReminderSettingsDocument, {}, { token: f.admin.token })).data!.reminderSettings;
    const bad = await settings({
      rules: [
        { kind: 'NO_FOLLOW_UP', days: 0 },
        { kind: 'BIRTHDAY', days: 3 },
        { kind: 'NO_REPURCHASE', multiplier: 1.555 },
      ],
      marketingCap: { days: 0 },
    });
    expect(bad.reminderSettings).toBeNull();
    expect(bad.userErrors.map((e) => e.field.join('.')).sort()).toEqual(
      ['input.marketingCap.days', 'input.rules.0.days', 'input.rules.1.days', 'input.rules.2.multiplier'].sort(),
    );
    const stale = await settings({ expectedVersion: version - 1, rules: [{ kind: 'BIRTHDAY', aheadDays: 3 }] });
    expect(stale.userErrors.map((e) => e.code)).toEqual(['CONFLICT']);
    expect((await app.gql(ReminderSettingsDocument, {}, { token: f.admin.token })).data!.reminderSettings.version).toBe(version);
    const ok = await settings({
      expectedVersion: version,
      rules: [{ kind: 'NO_REPURCHASE', multiplier: 2 }],
      marketingCap: { maxTouches: 3 },
    });
    expect(ok.reminderSettings!.version).toBe(version + 1);
    expect(ok.reminderSettings!.marketingCap.maxTouches).toBe(3);
    const reset = await settings({ resetToDefaults: true });
    expect(reset.reminderSettings!.rules.find((r) => r.kind === 'NO_REPURCHASE')!.multiplier).toBe(1.5);
  });

  it('company holidays: a year replaced as a whole; days outside the year are refused', async () => {
    const set = await app.gql(
      CompanyHolidaysSetDocument,
      {
        input: {
          year: 2027,
          holidays: [
            { day: '2027-02-06', nameZh: '春节', nameEn: 'Spring Festival' },
            { day: '2026-09-25', nameZh: '中秋节', nameEn: 'Mid-Autumn' },
          ],
        },
      },
      { token: f.admin.token },
    );
    expect(set.data!.companyHolidaysSet.userErrors.map((e) => e.field.join('.'))).toEqual(['input.holidays.1.day']);
    await app.gql(
      CompanyHolidaysSetDocument,
      { input: { year: 2027, holidays: [{ day: '2027-02-06', nameZh: '春节', nameEn: 'Spring Festival' }] } },
      { token: f.admin.token },
    );
    expect((await app.gql(CompanyHolidaysDocument, { year: 2027 }, { token: f.salesSh1.token })).data!.companyHolidays).toEqual([
      { day: '2027-02-06', nameZh: '春节', nameEn: 'Spring Festival' },
    ]);
    expect(errorCode(await app.gql(CompanyHolidaysSetDocument, { input: { year: 2027, holidays: [] } }, { token: f.salesSh1.token }))).toBe(
      'FORBIDDEN',
    );
  });
});
