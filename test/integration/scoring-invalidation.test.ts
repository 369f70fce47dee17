import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  CustomerArchiveDocument,
  CustomerAssignDocument,
  CustomerCreateDocument,
  CustomerRestoreDocument,
  CustomerUpdateDocument,
  CustomFieldDefinitionCreateDocument,
  CustomFieldDefinitionUpdateDocument,
  DepartmentCreateDocument,
  DepartmentUpdateDocument,
  FollowUpsCreateDocument,
  FollowUpsStepCreateDocument,
  FollowUpsStepUpdateDocument,
  FollowUpsUpdateDocument,
  InquiryConvertToOrderDocument,
  InquiryCreateDocument,
  InquiryMoveDocument,
  InquiryRespondDocument,
  InquiryUpdateDocument,
  LifecycleOverrideDocument,
  OrdersCancelDocument,
  OrdersCompleteDocument,
  OrdersCreateDocument,
  OrdersPaymentRecordDocument,
  OrdersRefundDocument,
  ProductsCategoryCreateDocument,
  ProductsCategoryUpdateDocument,
  ProductsCreateDocument,
  ProductsUpdateDocument,
  ScoringSettingsUpdateDocument,
  SegmentCreateDocument,
  SegmentDeleteDocument,
  SegmentUpdateDocument,
  ServiceCasesCreateDocument,
  ServiceCasesResolveDocument,
  ServiceCasesUpdateDocument,
  StoreCreateDocument,
  StoreUpdateDocument,
  UserCreateDocument,
  UserUpdateDocument,
} from '../generated/graphql';
import { calendarDayIn } from '../../src/domain/common/calendar';
import type { ScoringPopulation } from '../../src/domain/scoring/customer-facts';
import { populationFromRow, populationSql } from '../../src/domain/scoring/population.sql';
import { localIdOf, toGlobalId } from '../../src/schema/global-id';
import { readScoringState } from '../../src/services/scoring-settings.service';
import { createFixture, type Fixture } from '../support/fixture';
import { insertProducts, type TestProduct } from '../support/products';
import { daysAgo, insertOrder, refreshFigures } from '../support/records';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The scoring data version (the key of the cached company-wide cut-points) moves only after
 * writes that can change what the population statement reads (the list beside
 * bumpScoringDataVersion). Every exempted write is checked twice: the version stays, and
 * the population computed from the database is the same before and after it.
 */

let app: TestApp;
let f: Fixture;
let product: TestProduct;
const buyers: string[] = [];
const leads: string[] = [];

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
  [product] = await insertProducts(app, [{ sku: 'INV-1', name: '失效测试品', listPrice: '100.00', cost: '40.00' }]);
  // Buyers with different histories and leads without orders, so scores, tiers and cuts vary.
  for (let i = 0; i < 5; i++) buyers.push(await customer(`买家${i}`, i % 2 ? 'LARGE' : 'SMALL'));
  for (let i = 0; i < 3; i++) leads.push(await customer(`线索${i}`, null));
  for (let i = 0; i < buyers.length; i++) {
    for (let n = 0; n <= i; n++) {
      await insertOrder(app, {
        customerId: localIdOf(buyers[i], 'Customer')!,
        orderedAt: daysAgo(20 + 45 * n + 7 * i),
        lines: [{ productId: product.id, quantity: String(1 + i), unitPrice: String(100 + 30 * n), unitCost: '40' }],
      });
    }
  }
  await refreshFigures(app);
});
afterAll(() => app.close());

const admin = () => ({ token: f.admin.token });

async function customer(name: string, companySize: string | null): Promise<string> {
  const res = await app.gql(CustomerCreateDocument, { input: { kind: 'COMPANY', name, companySize } as never }, admin());
  expect(res.data?.customerCreate.userErrors).toEqual([]);
  return res.data!.customerCreate.customer!.id;
}

/** Runs a mutation as the admin and answers its payload, failing on any error. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function run<R>(doc: TypedDocumentNode<R, any>, input: Record<string, unknown>): Promise<any> {
  const res = await app.gql(doc, { input }, admin());
  expect(res.errors).toBeUndefined();
  const payload = Object.values(res.data as Record<string, { userErrors: unknown[] }>)[0];
  expect(payload.userErrors).toEqual([]);
  return payload;
}

async function dataVersion(): Promise<{ last_value: string; is_called: boolean }> {
  const [row] = await app.db.orm.em.fork().execute(`select last_value::text as last_value, is_called from scoring_data_version`);
  return row as { last_value: string; is_called: boolean };
}

async function population(): Promise<ScoringPopulation> {
  const em = app.db.orm.em.fork();
  const { settings } = await readScoringState(em);
  const timeZone = app.config.companyTimeZone;
  const { sql, params } = populationSql({ settings, today: calendarDayIn(new Date(), timeZone), timeZone });
  return populationFromRow((await em.execute(sql, params))[0]);
}

const order = async (customerId: string) =>
  (await run(OrdersCreateDocument, { customerId, lines: [{ productId: product.gid, quantity: '2' }] })).order.id as string;
const inquiry = async (customerId: string, amount = '5000.00') =>
  (await run(InquiryCreateDocument, { customerId, channel: 'PHONE', projectDetails: '询价', amount })).inquiry.id as string;
const serviceCase = async (customerId: string) =>
  (await run(ServiceCasesCreateDocument, { customerId, type: 'INSTALLATION', description: '安装' })).serviceCase.id as string;
const followUp = async (customerId: string, outcome: string | null) =>
  (await run(FollowUpsCreateDocument, { customerId, channel: 'CALL', summary: '电话', outcome })).followUp.id as string;
const segment = async (name: string) =>
  (await run(SegmentCreateDocument, { name, query: 'kind = COMPANY AND order_count >= 2' })).segment.id as string;

interface Case {
  name: string;
  /** Runs before the version is read; answers what `act` needs. */
  prepare?: () => Promise<string>;
  act: (prepared: string) => Promise<unknown>;
}

/** Writes that change nothing the population reads: the version must stay. */
const exempt: Case[] = [
  {
    name: 'departmentCreate',
    act: () => run(DepartmentCreateDocument, { name: '新部门', parentId: toGlobalId('Department', f.departments.hq) }),
  },
  {
    name: 'departmentUpdate',
    act: () => run(DepartmentUpdateDocument, { id: toGlobalId('Department', f.departments.south), name: '华南区' }),
  },
  {
    name: 'storeCreate',
    act: () => run(StoreCreateDocument, { name: '新店', departmentId: toGlobalId('Department', f.departments.south) }),
  },
  { name: 'storeUpdate', act: () => run(StoreUpdateDocument, { id: toGlobalId('Store', f.stores.south), city: '广州' }) },
  {
    name: 'userCreate',
    act: () =>
      run(UserCreateDocument, {
        name: '新销售',
        email: 'new.sales@test.cn',
        password: 'a-Strong-pass-9',
        role: 'SALES',
        departmentId: toGlobalId('Department', f.departments.south),
      }),
  },
  { name: 'userUpdate', act: () => run(UserUpdateDocument, { id: f.salesSouth.gid, name: '华南销售改名' }) },
  {
    name: 'customFieldDefinitionCreate',
    act: () => run(CustomFieldDefinitionCreateDocument, { key: 'inv_note', label: '备注', type: 'TEXT' }),
  },
  {
    name: 'customFieldDefinitionUpdate',
    prepare: async () =>
      (await run(CustomFieldDefinitionCreateDocument, { key: 'inv_level', label: '级别', type: 'TEXT' })).customFieldDefinition.id,
    act: (id) => run(CustomFieldDefinitionUpdateDocument, { id, label: '等级' }),
  },
  { name: 'segmentCreate', act: () => segment('失效分群') },
  { name: 'segmentUpdate', prepare: () => segment('改名分群'), act: (id) => run(SegmentUpdateDocument, { id, name: '改过名的分群' }) },
  { name: 'segmentDelete', prepare: () => segment('删除分群'), act: (id) => run(SegmentDeleteDocument, { id }) },
  { name: 'productCategoryCreate', act: () => run(ProductsCategoryCreateDocument, { name: '杯子' }) },
  {
    name: 'productCategoryUpdate',
    prepare: async () => (await run(ProductsCategoryCreateDocument, { name: '壶' })).productCategory.id,
    act: (id) => run(ProductsCategoryUpdateDocument, { id, name: '水壶' }),
  },
  { name: 'productCreate', act: () => run(ProductsCreateDocument, { sku: 'INV-2', name: '新品', listPrice: '10.00', cost: '4.00' }) },
  // Ordered lines keep their own cost: a new product cost moves no profit.
  {
    name: 'productUpdate (cost and price)',
    act: () => run(ProductsUpdateDocument, { id: product.gid, cost: '90.00', listPrice: '150.00' }),
  },
  { name: 'followUpStepCreate', act: () => run(FollowUpsStepCreateDocument, { key: 'inv_visit', name: '拜访', position: 9 }) },
  {
    name: 'followUpStepUpdate',
    prepare: async () => (await run(FollowUpsStepCreateDocument, { key: 'inv_demo', name: '演示', position: 10 })).followUpStep.id,
    act: (id) => run(FollowUpsStepUpdateDocument, { id, name: '产品演示' }),
  },
  { name: 'customerUpdate (name, tags)', act: () => run(CustomerUpdateDocument, { id: buyers[0], name: '买家零', tags: ['重要'] }) },
  { name: 'customerUpdate (same company size)', act: () => run(CustomerUpdateDocument, { id: buyers[1], companySize: 'LARGE' }) },
  { name: 'customerAssign', act: () => run(CustomerAssignDocument, { customerId: buyers[2], ownerId: f.salesSh1.gid, reason: '调整' }) },
  { name: 'customerRestore of an active customer', act: () => run(CustomerRestoreDocument, { id: buyers[3] }) },
  { name: 'orderCreate (PENDING)', act: () => order(buyers[0]) },
  {
    name: 'paymentRecord',
    prepare: () => order(buyers[1]),
    act: (id) => run(OrdersPaymentRecordDocument, { orderId: id, amount: '50.00', method: 'CASH' }),
  },
  { name: 'orderCancel of a PENDING order', prepare: () => order(buyers[2]), act: (id) => run(OrdersCancelDocument, { id }) },
  { name: 'followUpCreate, qualifying, on a buyer', act: () => followUp(buyers[3], 'INTERESTED') },
  { name: 'followUpCreate, not qualifying, on a lead', act: () => followUp(leads[0], 'NOT_INTERESTED') },
  {
    name: 'followUpUpdate (summary)',
    prepare: () => followUp(buyers[4], null),
    act: (id) => run(FollowUpsUpdateDocument, { id, summary: '改了摘要' }),
  },
  {
    name: 'inquiryUpdate (details)',
    prepare: () => inquiry(buyers[4]),
    act: (id) => run(InquiryUpdateDocument, { id, projectDetails: '改了需求' }),
  },
  { name: 'inquiryRespond', prepare: () => inquiry(buyers[3]), act: (id) => run(InquiryRespondDocument, { id }) },
  { name: 'serviceCaseCreate', act: () => serviceCase(buyers[0]) },
  {
    name: 'serviceCaseUpdate (description)',
    prepare: () => serviceCase(buyers[1]),
    act: (id) => run(ServiceCasesUpdateDocument, { id, description: '改了描述' }),
  },
];

/** A sample of writes that change what the population reads: the version must move. */
const scoring: Case[] = [
  { name: 'customerCreate', act: () => customer('新客户', 'MEDIUM') },
  { name: 'customerUpdate (company size)', act: () => run(CustomerUpdateDocument, { id: buyers[0], companySize: 'ENTERPRISE' }) },
  { name: 'customerArchive', act: () => run(CustomerArchiveDocument, { id: leads[2] }) },
  { name: 'orderComplete', prepare: () => order(buyers[2]), act: (id) => run(OrdersCompleteDocument, { id }) },
  {
    name: 'orderRefund',
    prepare: async () => {
      const id = await order(buyers[3]);
      await run(OrdersCompleteDocument, { id });
      return id;
    },
    act: (id) => run(OrdersRefundDocument, { id }),
  },
  { name: 'followUpCreate, qualifying, on a lead', act: () => followUp(leads[1], 'INTERESTED') },
  { name: 'inquiryCreate', act: () => inquiry(leads[0]) },
  {
    name: 'inquiryUpdate (amount)',
    prepare: () => inquiry(buyers[2]),
    act: (id) => run(InquiryUpdateDocument, { id, amount: '9000.00' }),
  },
  {
    name: 'inquiryMove to LOST',
    prepare: () => inquiry(buyers[1]),
    act: (id) => run(InquiryMoveDocument, { id, status: 'LOST', lostReason: '价格' }),
  },
  {
    name: 'inquiryConvertToOrder',
    prepare: () => inquiry(buyers[0]),
    act: (id) => run(InquiryConvertToOrderDocument, { id, lines: [{ productId: product.gid, quantity: '1' }] }),
  },
  {
    name: 'serviceCaseResolve with satisfaction',
    prepare: async () => {
      const id = await serviceCase(buyers[4]);
      await run(ServiceCasesUpdateDocument, { id, status: 'IN_PROGRESS' });
      return id;
    },
    act: (id) => run(ServiceCasesResolveDocument, { id, resolution: '已修好', satisfaction: 2 }),
  },
  {
    name: 'customerLifecycleOverride',
    act: () => run(LifecycleOverrideDocument, { customerId: buyers[4], stage: 'LOYAL', reason: '大客户' }),
  },
];

describe('the scoring data version', () => {
  it.each(exempt.map((c) => [c.name, c] as const))('stays after %s, and the population is indeed the same', async (_name, c) => {
    const prepared = c.prepare ? await c.prepare() : '';
    const version = await dataVersion();
    const before = await population();
    await c.act(prepared);
    expect(await dataVersion()).toEqual(version);
    expect(await population()).toEqual(before);
  });

  it.each(scoring.map((c) => [c.name, c] as const))('moves after %s', async (_name, c) => {
    const prepared = c.prepare ? await c.prepare() : '';
    const version = await dataVersion();
    await c.act(prepared);
    expect(await dataVersion()).not.toEqual(version);
  });

  it('stays after scoringSettingsUpdate, whose settings version keys the cached population already', async () => {
    const em = app.db.orm.em.fork();
    const version = await dataVersion();
    const settingsBefore = (await readScoringState(em)).settingsVersion;
    await run(ScoringSettingsUpdateDocument, { lifecycle: { loyalMinOrders: 4 } });
    expect(await dataVersion()).toEqual(version);
    expect((await readScoringState(em)).settingsVersion).not.toEqual(settingsBefore);
  });

  it('compares populations that a scoring write does change (the honesty check can fail)', async () => {
    const before = await population();
    expect(before.buyerCount).toBeGreaterThanOrEqual(5);
    expect(before.valueCuts).not.toBeNull();
    await insertOrder(app, {
      customerId: localIdOf(leads[1], 'Customer')!,
      orderedAt: daysAgo(3),
      lines: [{ productId: product.id, quantity: '1', unitPrice: '777', unitCost: '1' }],
    });
    await refreshFigures(app);
    expect(await population()).not.toEqual(before);
  });
});
