import {
  getNamedType,
  isAbstractType,
  isLeafType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
} from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { API_SCOPES, type ApiScope, type PartnerViewer } from '../../src/domain/access/viewer';
import { requirementOfRoles } from '../../src/resolvers/access';
import { FIELD_ACCESS, guardedFieldNames, keyMayRead, requirementOfType, TYPE_ACCESS } from '../../src/resolvers/type-access';
import { buildSchema } from '../../src/schema/build-schema';
import { toGlobalId } from '../../src/schema/global-id';
import {
  PartnerScopesCustomerLinksDocument,
  PartnerScopesCustomerNoOpDocument,
  PartnerScopesPreviewCountDocument,
  PartnerScopesPreviewMembersDocument,
  PartnerScopesSegmentCountDocument,
  PartnerScopesSegmentMembersDocument,
} from '../generated/graphql';
import { createFixture, type Fixture } from '../support/fixture';
import { insertOrder, refreshFigures } from '../support/records';
import { errorCode, startTestApp, type Auth, type GraphQLResponse, type TestApp } from '../support/test-app';

/**
 * Issue 11, "partner keys read only their scopes". Every object type has a rule (TYPE_ACCESS);
 * for every single scope a key can hold, every query and every mutation the key may run is
 * sent with a selection generated from the schema that reaches every type (each type in full
 * once per document, every other link to it by `__typename`), and the answer must hold no
 * object of a type the key may not read: such links are null or FORBIDDEN, never data.
 */

const schema = buildSchema();
const queryType = schema.getQueryType()!;
const mutationType = schema.getMutationType()!;

let app: TestApp;
let f: Fixture;
const keys = {} as Record<ApiScope, Auth>;
let admin: Auth;

/** The seeded world: one of everything, linked to everything. */
const w = {} as Record<string, string>;

function partner(scope: ApiScope): PartnerViewer {
  return { kind: 'partner', apiKeyId: 0, scopes: [scope] };
}

async function gql<T = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown>,
  auth: Auth,
): Promise<GraphQLResponse<T>> {
  return (await app.post({ query, variables }, auth)) as GraphQLResponse<T>;
}

/** A staff write that must succeed; returns the payload. */
async function must(query: string, variables: Record<string, unknown>, auth: Auth = admin): Promise<Record<string, unknown>> {
  const res = await gql(query, variables, auth);
  const payload = res.data && (Object.values(res.data)[0] as Record<string, unknown>);
  if (res.errors || !payload || (payload.userErrors as unknown[] | undefined)?.length) {
    throw new Error(`seeding failed: ${query.slice(0, 60)} → ${JSON.stringify(res)}`);
  }
  return payload;
}

const idOf = (payload: Record<string, unknown>, key: string) => (payload[key] as { id: string }).id;

// ---------------------------------------------------------------------------------------
// Selections generated from the schema.

/** Arguments a field cannot go without, by `Type.field`; a new one must be added here. */
const REQUIRED_ARGS: Record<string, () => string> = {
  'Query.customer': () => `id: ${JSON.stringify(w.customer)}`,
  'Query.product': () => `id: ${JSON.stringify(w.product)}`,
  'Query.segment': () => `id: ${JSON.stringify(w.segment)}`,
  'Query.node': () => `id: ${JSON.stringify(w.customer)}`,
  'Query.nodes': () => `ids: ${JSON.stringify(nodeIds())}`,
  'Customer.marketingEligibility': () => 'channel: SMS, purpose: PROMOTION',
  'Query.companyHolidays': () => `year: ${YEAR}`,
  'Query.salesReport': () => `period: { year: ${YEAR} }, groupBy: [SALESPERSON]`,
  'Query.inquiryReport': () => `period: { year: ${YEAR} }, groupBy: [SALESPERSON]`,
  'Query.customerDistribution': () => 'by: VALUE_TIER',
  'Query.lifecycleTransitions': () => `since: "${YEAR}-01-01", until: "${YEAR}-12-31"`,
};

/** Optional arguments worth giving. */
const OPTIONAL_ARGS: Record<string, () => string> = {
  'Query.segmentPreview': () => 'query: "kind = COMPANY"',
};

/** One id of every Node type, for `nodes(ids:)`. */
function nodeIds(): string[] {
  return [
    w.customer,
    w.customField,
    w.owner,
    w.department,
    w.store,
    w.apiKey,
    w.product,
    w.category,
    w.order,
    w.payment,
    w.followUp,
    w.inquiry,
    w.serviceCase,
    w.segment,
  ];
}

function argsOf(parent: GraphQLObjectType, field: GraphQLField<unknown, unknown>): string {
  const key = `${parent.name}.${field.name}`;
  const given: string[] = [];
  const missing = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
  if (missing.length) {
    if (!REQUIRED_ARGS[key]) throw new Error(`${key} needs ${missing.map((a) => a.name).join(', ')}: add it to REQUIRED_ARGS`);
    given.push(REQUIRED_ARGS[key]());
  }
  if (OPTIONAL_ARGS[key]) given.push(OPTIONAL_ARGS[key]());
  if (field.args.some((a) => a.name === 'first') && !given.some((g) => g.startsWith('first'))) given.push('first: 3');
  return given.length ? `(${given.join(', ')})` : '';
}

/**
 * Every field of `type`; each object type expanded once per document, later links to it by
 * `__typename`. `skip` holds response paths (`segment.members`) left out after a FORBIDDEN.
 */
function selectionOf(type: GraphQLNamedType, expanded: Set<string>, path: string, skip: ReadonlySet<string>, alias = false): string {
  if (isAbstractType(type)) {
    // Each possible type in full, whatever the others expanded; their fields are aliased by
    // type (`department` is `Department!` on one and `Department` on another).
    const parts = schema.getPossibleTypes(type).map((t) => `... on ${t.name} ${selectionOf(t, new Set(expanded), path, skip, true)}`);
    return `{ __typename ${parts.join(' ')} }`;
  }
  if (!isObjectType(type) || expanded.has(type.name)) return '{ __typename }';
  expanded.add(type.name);
  const fields = Object.values(type.getFields()).flatMap((field) => {
    const key = alias ? `${type.name}_${field.name}` : field.name;
    if (skip.has(`${path}.${key}`)) return [];
    const named = getNamedType(field.type);
    const head = `${alias ? `${key}: ` : ''}${field.name}${argsOf(type, field)}`;
    return [isLeafType(named) ? head : `${head} ${selectionOf(named, expanded, `${path}.${key}`, skip)}`];
  });
  return `{ __typename ${fields.join(' ')} }`;
}

function queryDocument(field: GraphQLField<unknown, unknown>, skip: ReadonlySet<string> = new Set()): string {
  const named = getNamedType(field.type);
  return `query { ${field.name}${argsOf(queryType, field)}${isLeafType(named) ? '' : ` ${selectionOf(named, new Set(), field.name, skip)}`} }`;
}

function mutationDocument(field: GraphQLField<unknown, unknown>): string {
  const input = field.args.find((a) => a.name === 'input');
  const variable = input ? `($input: ${input.type.toString()})` : '';
  return `mutation${variable} { ${field.name}${input ? '(input: $input)' : ''} ${selectionOf(getNamedType(field.type), new Set(), field.name, new Set())} }`;
}

// ---------------------------------------------------------------------------------------
// What an answer may hold.

interface Reading {
  /** Objects of types the viewer may not read: `path: Type`. */
  leaks: string[];
  /** Types of the objects that came back. */
  seen: Set<string>;
  /** Error codes, with their paths. */
  errors: string[];
}

function read(res: GraphQLResponse<unknown>, viewer: PartnerViewer | null): Reading {
  const reading: Reading = {
    leaks: [],
    seen: new Set(),
    errors: (res.errors ?? []).map((e) => `${e.extensions?.code}@${(e.path ?? []).join('.')}`),
  };
  const visit = (value: unknown, path: string) => {
    if (Array.isArray(value)) return value.forEach((v, i) => visit(v, `${path}.${i}`));
    if (!value || typeof value !== 'object') return;
    const typeName = (value as { __typename?: string }).__typename;
    if (typeName) {
      reading.seen.add(typeName);
      const requirement = requirementOfType(schema.getType(typeName) as GraphQLObjectType);
      if (!requirement || !keyMayRead(viewer, requirement)) reading.leaks.push(`${path}: ${typeName}`);
    }
    for (const [k, v] of Object.entries(value)) visit(v, `${path}.${k}`);
  };
  visit(res.data, 'data');
  return reading;
}

/** The scope a key needs to run a root field (`@Authorized`), null for staff-only fields, 'any' for open ones. */
function operationScope(rootName: 'Query' | 'Mutation', fieldName: string): ApiScope | 'any' | null {
  const storage = getMetadataStorage();
  const resolver = (rootName === 'Query' ? storage.queries : storage.mutations).find((r) => r.schemaName === fieldName);
  if (!resolver) throw new Error(`${rootName}.${fieldName}: no resolver metadata`);
  if (!resolver.roles) return 'any'; // no @Authorized: login
  const requirement = requirementOfRoles(resolver.roles as string[]);
  if (requirement.scope) return requirement.scope;
  return requirement.roles ? null : 'any';
}

// ---------------------------------------------------------------------------------------
// Mutations a key may run, with an input each; run in this order, once per key that may.

const MUTATION_INPUTS: Record<string, () => Record<string, unknown> | undefined> = {
  login: () => ({ email: 'nobody@partner-scopes.test', password: 'not-the-password-1' }),
  customerCreate: () => ({ kind: 'PERSON', name: '合作方新客户', phone: '13900000001' }),
  customerUpdate: () => ({ id: w.customer }),
  customerAssign: () => ({ customerId: w.spare, ownerId: toGlobalId('User', f.salesSh2.id), reason: '接口转交' }),
  customerArchive: () => ({ id: w.spare }),
  customerRestore: () => ({ id: w.spare }),
  customerLifecycleOverride: () => ({ customerId: w.spare, stage: 'LOYAL', reason: '接口设定' }),
  customerLifecycleOverrideClear: () => ({ customerId: w.spare }),
  productCategoryCreate: () => ({ name: '接口分类', parentId: w.category }),
  productCategoryUpdate: () => ({ id: w.spareCategory, name: '接口改名分类' }),
  productCreate: () => ({ sku: 'API-NEW', name: '接口产品', listPrice: '10.00', cost: '5.00', categoryId: w.category }),
  productUpdate: () => ({ id: w.spareProduct, name: '接口改名产品' }),
  orderCreate: () => ({ customerId: w.customer, lines: [{ productId: w.product, quantity: '1' }] }),
  orderComplete: () => ({ id: w.pendingOrder }),
  paymentRecord: () => ({ orderId: w.pendingOrder, amount: '1.00', method: 'CASH' }),
  orderRefund: () => ({ id: w.pendingOrder }),
  orderCancel: () => ({ id: w.cancellableOrder }),
  followUpCreate: () => ({ customerId: w.customer, channel: 'SMS', summary: '接口记录' }),
  followUpUpdate: () => ({ id: w.followUp, summary: '接口更正' }),
  inquiryCreate: () => ({ customerId: w.customer, channel: 'WEBSITE', projectDetails: '接口询盘' }),
  inquiryUpdate: () => ({ id: w.openInquiry, projectDetails: '接口改询盘' }),
  inquiryRespond: () => ({ id: w.openInquiry }),
  inquiryMove: () => ({ id: w.openInquiry, status: 'QUOTED' }),
  inquiryConvertToOrder: () => ({ id: w.openInquiry, lines: [{ productId: w.product, quantity: '1' }] }),
  serviceCaseCreate: () => ({ customerId: w.customer, type: 'COMPLAINT', description: '接口投诉' }),
  serviceCaseUpdate: () => ({ id: w.openCase, status: 'IN_PROGRESS' }),
  serviceCaseResolve: () => ({ id: w.openCase, resolution: '已处理', satisfaction: 4 }),
  segmentCreate: () => ({ name: '接口分群', query: 'kind = PERSON' }),
  segmentUpdate: () => ({ id: w.keySegment, name: '接口改分群' }),
  segmentDelete: () => ({ id: w.keySegment }),
  reminderSnooze: () => ({ id: reminderId(w.reminderA), until: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10) }),
  reminderComplete: () => ({ id: reminderId(w.reminderB) }),
  reminderDismiss: () => ({ id: reminderId(w.reminderC), reason: '接口忽略' }),
  marketingTouchesRecord: () => ({ customerIds: [w.customer], channel: 'SMS', purpose: 'GREETING', note: '接口问候' }),
  // A key with only webhooks:write reads no topic (refused in the payload, below); it changes its own subscription.
  webhookSubscriptionCreate: () => ({ url: 'https://partner.example/hooks', topics: ['CUSTOMER_CREATED'] }),
  webhookSubscriptionUpdate: () => ({ id: w.keyWebhook, url: 'https://partner.example/hooks2' }),
  webhookDeliveryRetry: () => ({ id: w.keyWebhookDelivery }),
  webhookSubscriptionDelete: () => ({ id: w.keyWebhook }),
};

/** Mutations whose payload refuses a single-scope key (FORBIDDEN user error): it needs a read scope besides. */
const REFUSED_IN_PAYLOAD = new Set(['webhookSubscriptionCreate']);

/** The NEVER_PURCHASED reminder of a customer (created 40 days ago without orders). */
function reminderId(customerGlobalId: string): string {
  return Buffer.from(
    `Reminder:${Buffer.from(customerGlobalId, 'base64url').toString().split(':')[1]}:NEVER_PURCHASED:never`,
    'utf8',
  ).toString('base64url');
}

const YEAR = new Date().getFullYear();

/** Mutations a single-scope key is refused inside the resolver (they need a second scope). */
const NEEDS_SECOND_SCOPE = new Set(['inquiryConvertToOrder']);

// ---------------------------------------------------------------------------------------

beforeAll(async () => {
  app = await startTestApp({
    GRAPHQL_MAX_DEPTH: '64',
    GRAPHQL_MAX_COST: '100000000',
    GRAPHQL_MAX_ALIASES: '1000',
    VIEWER_CONCURRENT_EVALUATIONS: '0',
  });
  f = await createFixture(app);
  admin = { token: f.admin.token };
  const sales = { token: f.salesSh1.token };

  for (const scope of API_SCOPES) {
    const key = await must(
      `mutation($input: ApiKeyCreateInput!) { apiKeyCreate(input: $input) { secret apiKey { id } userErrors { code } } }`,
      {
        input: { name: `only ${scope}`, scopes: [scope] },
      },
    );
    keys[scope] = { apiKey: key.secret as string };
    w.apiKey = idOf(key, 'apiKey');
  }
  const segmentWriter = await must(`mutation($input: ApiKeyCreateInput!) { apiKeyCreate(input: $input) { secret userErrors { code } } }`, {
    input: { name: 'segments', scopes: ['segments:read', 'segments:write'] },
  });

  w.category = idOf(
    await must(
      `mutation($input: ProductCategoryCreateInput!) { productCategoryCreate(input: $input) { productCategory { id } userErrors { code } } }`,
      { input: { name: '打印耗材' } },
    ),
    'productCategory',
  );
  w.spareCategory = idOf(
    await must(
      `mutation($input: ProductCategoryCreateInput!) { productCategoryCreate(input: $input) { productCategory { id } userErrors { code } } }`,
      { input: { name: '备用分类', parentId: w.category } },
    ),
    'productCategory',
  );
  const productCreate = `mutation($input: ProductCreateInput!) { productCreate(input: $input) { product { id } userErrors { code } } }`;
  w.product = idOf(
    await must(productCreate, { input: { sku: 'PS-1', name: '硒鼓', listPrice: '299.00', cost: '120.00', categoryId: w.category } }),
    'product',
  );
  w.spareProduct = idOf(await must(productCreate, { input: { sku: 'PS-2', name: '墨盒', listPrice: '99.00', cost: '40.00' } }), 'product');
  w.customField = idOf(
    await must(
      `mutation($input: CustomFieldDefinitionCreateInput!) { customFieldDefinitionCreate(input: $input) { customFieldDefinition { id } userErrors { code } } }`,
      {
        input: { key: 'budget_note', label: '预算说明', type: 'TEXT' },
      },
    ),
    'customFieldDefinition',
  );
  await must(
    `mutation($input: FollowUpStepCreateInput!) { followUpStepCreate(input: $input) { followUpStep { id } userErrors { code } } }`,
    {
      input: { key: 'first_call', name: '首次电话', position: 1 },
    },
  );

  const customerCreate = `mutation($input: CustomerCreateInput!) { customerCreate(input: $input) { customer { id } userErrors { field code message } } }`;
  w.customer = idOf(
    await must(
      customerCreate,
      {
        input: {
          kind: 'COMPANY',
          name: '机密客户',
          phone: '13800138000',
          email: 'secret@customer.cn',
          notes: '私密备注',
          tags: ['决策人'],
          addresses: [{ label: '总部', province: '上海市', city: '上海', street: '机密路 1 号' }],
          importantDates: [{ kind: 'COMPANY_ANNIVERSARY', date: '2001-05-01' }],
          mainSuppliers: [{ name: '老供应商', satisfaction: 3 }],
          contactPreference: { preferredChannel: 'WECHAT', consents: [{ channel: 'SMS', granted: true }] },
          customFields: [{ key: 'budget_note', value: '十万' }],
        },
      },
      sales,
    ),
    'customer',
  );
  w.spare = idOf(await must(customerCreate, { input: { kind: 'PERSON', name: '备用客户' } }, sales), 'customer');
  // The same phone as the confidential customer: a duplicate group (customerDuplicates).
  await must(customerCreate, { input: { kind: 'PERSON', name: '机密客户的联系人', phone: '13800138000' } }, sales);
  // Customers with a reminder each (NEVER_PURCHASED: created 40 days ago, no order) that no other mutation touches.
  for (const k of ['reminderA', 'reminderB', 'reminderC'] as const) {
    w[k] = idOf(await must(customerCreate, { input: { kind: 'PERSON', name: `提醒客户${k.slice(-1)}` } }, sales), 'customer');
    await app.db.orm.em
      .fork()
      .execute(`update customer set created_at = now() - interval '40 days' where id = ?`, [
        Number(Buffer.from(w[k], 'base64url').toString().split(':')[1]),
      ]);
  }
  await app.db.orm.em
    .fork()
    .execute(`insert into company_holiday (day, name_zh, name_en) values (make_date(?::int, 10, 1), '国庆节', 'National Day')`, [YEAR]);
  w.owner = toGlobalId('User', f.salesSh2.id);
  w.department = toGlobalId('Department', f.departments.shanghai);
  w.store = toGlobalId('Store', f.stores.shanghai);
  await must(`mutation($input: CustomerAssignInput!) { customerAssign(input: $input) { customer { id } userErrors { code } } }`, {
    input: { customerId: w.customer, ownerId: w.owner, reason: '调岗' },
  });
  await must(
    `mutation($input: CustomerLifecycleOverrideInput!) { customerLifecycleOverride(input: $input) { customer { id } userErrors { code } } }`,
    {
      input: { customerId: w.customer, stage: 'PROSPECT', reason: '重新洽谈' },
    },
  );

  const orderCreate = `mutation($input: OrderCreateInput!) { orderCreate(input: $input) { order { id } userErrors { field code message } } }`;
  const orderInput = { customerId: w.customer, storeId: w.store, salespersonId: w.owner, lines: [{ productId: w.product, quantity: '2' }] };
  w.order = idOf(await must(orderCreate, { input: orderInput }), 'order');
  await must(`mutation($input: OrderTransitionInput!) { orderComplete(input: $input) { order { id } userErrors { code } } }`, {
    input: { id: w.order },
  });
  const payment = await must(
    `mutation($input: PaymentRecordInput!) { paymentRecord(input: $input) { payment { id } userErrors { field code message } } }`,
    {
      input: { orderId: w.order, amount: '100.00', method: 'BANK_TRANSFER' },
    },
  );
  w.payment = idOf(payment, 'payment');
  w.pendingOrder = idOf(await must(orderCreate, { input: orderInput }), 'order');
  w.cancellableOrder = idOf(await must(orderCreate, { input: orderInput }), 'order');

  const followUpCreate = `mutation($input: FollowUpCreateInput!) { followUpCreate(input: $input) { followUp { id } userErrors { field code message } } }`;
  w.followUp = idOf(
    await must(followUpCreate, {
      input: {
        customerId: w.customer,
        channel: 'CALL',
        summary: '电话沟通',
        stepKey: 'first_call',
        budget: '5000',
        needUrgency: 'HIGH',
        resultsHorizonDays: 30,
        salespersonId: w.owner,
      },
    }),
    'followUp',
  );
  const inquiryCreate = `mutation($input: InquiryCreateInput!) { inquiryCreate(input: $input) { inquiry { id } userErrors { field code message } } }`;
  const inquiryInput = {
    customerId: w.customer,
    channel: 'WEBSITE',
    projectDetails: '采购硒鼓',
    amount: '600.00',
    targetPrice: '280.00',
    salespersonId: w.owner,
  };
  w.inquiry = idOf(await must(inquiryCreate, { input: inquiryInput }), 'inquiry');
  await must(
    `mutation($input: InquiryConvertToOrderInput!) { inquiryConvertToOrder(input: $input) { inquiry { id } userErrors { field code message } } }`,
    {
      input: { id: w.inquiry, lines: [{ productId: w.product, quantity: '1' }] },
    },
  );
  w.openInquiry = idOf(await must(inquiryCreate, { input: inquiryInput }), 'inquiry');

  const caseCreate = `mutation($input: ServiceCaseCreateInput!) { serviceCaseCreate(input: $input) { serviceCase { id } userErrors { field code message } } }`;
  const caseInput = {
    customerId: w.customer,
    type: 'INSTALLATION',
    description: '上门安装',
    orderId: w.order,
    productId: w.product,
    assigneeId: w.owner,
  };
  w.serviceCase = idOf(await must(caseCreate, { input: caseInput }), 'serviceCase');
  w.openCase = idOf(await must(caseCreate, { input: caseInput }), 'serviceCase');

  const segmentCreate = `mutation($input: SegmentCreateInput!) { segmentCreate(input: $input) { segment { id } userErrors { field code message } } }`;
  w.segment = idOf(await must(segmentCreate, { input: { name: '企业客户', query: 'kind = COMPANY' } }), 'segment');
  w.keySegment = idOf(
    await must(segmentCreate, { input: { name: '接口建的', query: 'kind = PERSON' } }, { apiKey: segmentWriter.secret as string }),
    'segment',
  );

  // A value-tier move, so tierMigrations and valueTierHistory have a row.
  const em = app.db.orm.em.fork();
  // A webhook subscription of the webhooks:write key (made as a key with customers:read would
  // make it) and a delivery of it, so staff read both and the key changes its own.
  const [hookKey] = await em.execute(`select id from api_key where name = 'only webhooks:write'`);
  const [hook] = await em.execute(
    `insert into webhook_subscription (url, topics, secret, scopes, created_by_api_key_id, created_at, updated_at)
     values ('https://partner.example/hooks', '{CUSTOMER_CREATED}', 'whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3', '{customers:read,webhooks:write}', ?, now(), now()) returning id`,
    [hookKey.id],
  );
  const [event] = await em.execute(
    `insert into webhook_event (topic, customer_id, subject_type, subject_id, data) values ('CUSTOMER_CREATED', null, 'CUSTOMER', 1, '{}') returning id`,
  );
  const [delivery] = await em.execute(`insert into webhook_delivery (subscription_id, event_id) values (?, ?) returning id`, [
    hook.id,
    event.id,
  ]);
  w.keyWebhook = toGlobalId('WebhookSubscription', hook.id);
  w.keyWebhookDelivery = toGlobalId('WebhookDelivery', delivery.id);
  const [run] = await em.execute(
    `insert into scoring_snapshot_run (trigger, taken_at, taken_on, customer_count, change_count, settings_version) values ('ON_DEMAND', now(), current_date, 1, 1, 1) returning id`,
  );
  const customerLocalId = Number(Buffer.from(w.customer, 'base64url').toString().split(':')[1]);
  await em.execute(
    `insert into value_tier_snapshot (run_id, customer_id, tier, previous_tier, score, taken_at) values (?, ?, 'MAJOR', 'ORDINARY', 61.5, now())`,
    [run.id, customerLocalId],
  );
  // Cross-sell: two more buyers, so product → spareProduct is a rule with lift 1.5 and the customer has a suggestion.
  const localId = (gid: string) => Number(Buffer.from(gid, 'base64url').toString().split(':')[1]);
  const third = idOf(await must(productCreate, { input: { sku: 'PS-3', name: '碎纸机', listPrice: '599.00', cost: '350.00' } }), 'product');
  const line = (gid: string) => ({ productId: localId(gid), quantity: '1', unitPrice: '1.00', unitCost: '0.50' });
  const buyer = async (name: string) => localId(idOf(await must(customerCreate, { input: { kind: 'PERSON', name } }, sales), 'customer'));
  await insertOrder(app, {
    customerId: await buyer('交叉购买客户'),
    orderedAt: new Date(),
    lines: [line(w.product), line(w.spareProduct)],
  });
  await insertOrder(app, { customerId: await buyer('其他购买客户'), orderedAt: new Date(), lines: [line(third)] });
  await must(`mutation { productAssociationsRefresh(input: { minSupport: 0 }) { run { id } userErrors { code } } }`, {});
  await refreshFigures(app);
}, 180_000);
afterAll(() => app?.close());

describe('the rule table', () => {
  const objectTypes = Object.values(schema.getTypeMap()).filter(
    (t): t is GraphQLObjectType => isObjectType(t) && !t.name.startsWith('__') && t !== queryType && t !== mutationType,
  );

  it('gives every object type of the schema a rule, and names no type the schema lacks', () => {
    expect(objectTypes.filter((t) => requirementOfType(t) === undefined).map((t) => t.name)).toEqual([]);
    expect(Object.keys(TYPE_ACCESS).filter((name) => !isObjectType(schema.getType(name)))).toEqual([]);
  });

  it('guards every field that yields objects of a type a key may not read freely', () => {
    const restricted = (t: GraphQLNamedType) =>
      isObjectType(t) && Object.keys(requirementOfType(t) ?? { roles: [] }).some((k) => k === 'scope' || k === 'roles');
    const expected = [queryType, mutationType, ...objectTypes].flatMap((t) =>
      Object.values(t.getFields())
        .filter((field) => restricted(getNamedType(field.type)))
        .map((field) => `${t.name}.${field.name}`),
    );
    expect(expected.length).toBeGreaterThan(50);
    expect(expected.filter((name) => !guardedFieldNames().has(name))).toEqual([]);
  });

  it('has only `node`, `nodes` and `Reminder.subject` yield an abstract type (they apply the same table per object)', () => {
    const abstract = [queryType, mutationType, ...objectTypes].flatMap((t) =>
      Object.values(t.getFields())
        .filter((field) => isAbstractType(getNamedType(field.type)))
        .map((field) => `${t.name}.${field.name}`),
    );
    // Reminder.subject checks the subject's type rule in its resolver, as node does.
    expect(abstract.sort()).toEqual(['Query.node', 'Query.nodes', 'Reminder.subject']);
  });

  it('knows an input for every mutation a partner key may run', () => {
    const reachable = Object.keys(mutationType.getFields()).filter((name) => operationScope('Mutation', name) !== null);
    expect(reachable.filter((name) => !MUTATION_INPUTS[name]).sort()).toEqual([]);
    expect(Object.keys(MUTATION_INPUTS).filter((name) => !reachable.includes(name))).toEqual([]);
  });
});

/** Restricted types no query reaches (they are only in mutation payloads). */
const ONLY_IN_PAYLOADS = ['ScoringSnapshotRun', 'ProductAssociationRun', 'CustomerDuplicateCheck'];

describe('every query, for staff', () => {
  it('answers without errors and reaches every type a key needs a scope for, with data', async () => {
    const seen = new Set<string>();
    for (const field of Object.values(queryType.getFields())) {
      const res = await app.post({ query: queryDocument(field) }, admin);
      expect({ field: field.name, errors: res.errors }).toEqual({ field: field.name, errors: undefined });
      for (const t of read(res, null).seen) seen.add(t);
    }
    const restricted = Object.entries(TYPE_ACCESS)
      .filter(([name, r]) => (r.scope || r.roles) && !ONLY_IN_PAYLOADS.includes(name))
      .map(([name]) => name);
    expect(restricted.filter((name) => !seen.has(name))).toEqual([]);
  }, 120_000);
});

/** What a single-scope key must be able to read through the queries (the rule does not over-deny). */
const VISIBLE: Record<ApiScope, string[]> = {
  'customers:read': ['Customer', 'CustomFieldDefinition', 'TierMigration', 'CustomerAssignment', 'PostalAddress', 'CustomerLifecycle'],
  'customers:write': [],
  'org:read': ['User', 'Department', 'Store'],
  'products:read': ['Product', 'ProductCategory', 'ProductAssociation'],
  'products:write': [],
  'orders:read': ['Order', 'Payment', 'OrderLine'],
  'orders:write': [],
  'followups:read': ['FollowUp', 'FollowUpStep'],
  'followups:write': [],
  'inquiries:read': ['Inquiry'],
  'inquiries:write': [],
  'service:read': ['ServiceCase'],
  'service:write': [],
  'segments:read': ['Segment', 'SegmentPreview'],
  'segments:write': [],
  // A reminder is customer data: reading one also needs customers:read (reminders.test.ts).
  'reminders:read': [],
  'reminders:write': [],
  'marketing:write': [],
  'reports:read': ['SalesReport', 'InquiryReport', 'CustomerDistribution', 'LifecycleTransitionReport'],
  // A key reads only its own subscriptions and their deliveries (webhooks.test.ts); a fresh key has none.
  'webhooks:write': [],
};

/** Fields a single-scope key must be refused (FORBIDDEN: a list or a connection of another area). */
const REFUSED: Record<ApiScope, string[]> = {
  'customers:read': [
    'customer.orders',
    'customer.payments',
    'customer.stats',
    'customer.followUps',
    'customer.followUpProgress',
    'customer.inquiries',
    'customer.serviceCases',
    'customer.reminders',
    'customer.productSuggestions',
  ],
  'customers:write': [],
  'org:read': [],
  'products:read': [],
  'products:write': [],
  'orders:read': [],
  'orders:write': [],
  'followups:read': [],
  'followups:write': [],
  'inquiries:read': [],
  'inquiries:write': [],
  'service:read': [],
  'service:write': [],
  'segments:read': ['segment.members', 'segmentPreview.members', 'segment.count', 'segmentPreview.count'],
  'segments:write': [],
  'reminders:read': [],
  'reminders:write': [],
  'marketing:write': [],
  'reports:read': [],
  'webhooks:write': [],
};

describe.each(API_SCOPES.map((s) => [s]))('a key with only %s', (scope) => {
  it('reads through every query only what the scope covers, and all of it', async () => {
    const seen = new Set<string>();
    const problems: string[] = [];
    const refused: string[] = [];
    for (const field of Object.values(queryType.getFields())) {
      // Send the whole graph; leave out each field refused (FORBIDDEN) and send again, so what
      // stays readable is read too and a refusal cannot hide the rest behind null propagation.
      const skip = new Set<string>();
      for (let round = 0; ; round++) {
        if (round > 40) throw new Error(`${field.name}: refusals do not settle`);
        const res = await app.post({ query: queryDocument(field, skip) }, keys[scope]);
        const reading = read(res, partner(scope));
        for (const t of reading.seen) seen.add(t);
        problems.push(...reading.leaks.map((l) => `${field.name} leaks ${l}`));
        const forbidden = (res.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN');
        problems.push(
          ...(res.errors ?? [])
            .filter((e) => e.extensions?.code !== 'FORBIDDEN')
            .map((e) => `${field.name} fails ${e.extensions?.code}: ${e.message}`),
        );
        const paths = new Set(forbidden.map((e) => (e.path ?? []).filter((p) => typeof p === 'string').join('.')));
        for (const e of forbidden) {
          if ((e.path ?? []).length <= 1) continue; // the operation itself (@Authorized)
          const type = /to read ([\w.]+)\.$|^(\w+) is not readable/.exec(e.message);
          const typeName = type?.[1] ?? type?.[2];
          const rule = typeName && (FIELD_ACCESS[typeName] ?? requirementOfType(schema.getType(typeName) as GraphQLObjectType));
          if (!rule || keyMayRead(partner(scope), rule)) {
            problems.push(`${field.name}: refused ${(e.path ?? []).join('.')} (${e.message}) though the key may read it`);
          }
        }
        if (paths.size === 0 || paths.has(field.name)) {
          const rootRule = isObjectType(getNamedType(field.type))
            ? requirementOfType(getNamedType(field.type) as GraphQLObjectType)
            : undefined;
          if (
            operationScope('Query', field.name) === scope &&
            field.name !== 'viewer' &&
            (!rootRule || keyMayRead(partner(scope), rootRule))
          ) {
            // A query of the key's own area answers, even when some links in it are refused.
            expect({ field: field.name, refused: paths.has(field.name), data: rootOf(res, field.name) }).toMatchObject({
              refused: false,
              data: expect.anything(),
            });
          }
          break;
        }
        for (const p of paths) {
          skip.add(p);
          refused.push(p);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(VISIBLE[scope].filter((t) => !seen.has(t))).toEqual([]);
    expect(REFUSED[scope].filter((p) => !refused.includes(p))).toEqual([]);
  }, 180_000);

  it('reads through every mutation it may run only what the scope covers', async () => {
    const problems: string[] = [];
    for (const [name, input] of Object.entries(MUTATION_INPUTS)) {
      const allowed = operationScope('Mutation', name);
      if (allowed !== scope && allowed !== 'any') continue;
      const field = mutationType.getFields()[name];
      const res = await app.post({ query: mutationDocument(field), variables: { input: input() } }, keys[scope]);
      const reading = read(res, partner(scope));
      problems.push(...reading.leaks.map((l) => `${name} leaks ${l}`));
      if (NEEDS_SECOND_SCOPE.has(name)) {
        expect({ name, code: errorCode(res) }).toEqual({ name, code: 'FORBIDDEN' });
      } else if (REFUSED_IN_PAYLOAD.has(name)) {
        const userErrors = (rootOf(res, name) as { userErrors?: Array<{ code: string }> } | null)?.userErrors ?? [];
        expect({ name, errors: res.errors, codes: userErrors.map((e) => e.code) }).toEqual({
          name,
          errors: undefined,
          codes: ['FORBIDDEN'],
        });
      } else if (name === 'login') {
        expect(res.errors?.map((e) => e.extensions?.code) ?? []).not.toContain('INTERNAL_SERVER_ERROR');
      } else {
        // The write went through: the payload has no user errors, and no object the key cannot read.
        expect({ name, errors: res.errors, userErrors: (rootOf(res, name) as { userErrors?: unknown } | null)?.userErrors }).toEqual({
          name,
          errors: undefined,
          userErrors: [],
        });
      }
    }
    expect(problems).toEqual([]);
  }, 120_000);
});

describe('the cases found by the probe', () => {
  it('gives a segments:read key the definitions, not the counts or members (a count narrowed by halves spells out customer data)', async () => {
    const auth = keys['segments:read'];
    const count = await app.gql(PartnerScopesSegmentCountDocument, { id: w.segment }, auth);
    expect(errorCode(count)).toBe('FORBIDDEN');
    expect(count.errors?.[0]?.path).toEqual(['segment', 'count']);
    const withCustomers = await app.gql(
      PartnerScopesSegmentCountDocument,
      { id: w.segment },
      { apiKey: await keyWith(['segments:read', 'customers:read']) },
    );
    expect(withCustomers.errors).toBeUndefined();
    expect(withCustomers.data?.segment).toEqual({ name: '企业客户', count: 1 });
    const members = await app.gql(PartnerScopesSegmentMembersDocument, { id: w.segment }, auth);
    expect(errorCode(members)).toBe('FORBIDDEN');
    expect(members.errors?.[0]?.path).toEqual(['segment', 'members']);
    expect(members.data?.segment ?? null).toBeNull();
    expect(JSON.stringify(members)).not.toContain('机密');

    expect(errorCode(await app.gql(PartnerScopesPreviewCountDocument, { query: 'kind = COMPANY' }, auth))).toBe('FORBIDDEN');
    const previewCount = await app.gql(
      PartnerScopesPreviewCountDocument,
      { query: 'kind = COMPANY' },
      { apiKey: await keyWith(['segments:read', 'customers:read']) },
    );
    expect(previewCount.data?.segmentPreview.count).toBe(1);
    const preview = await app.gql(PartnerScopesPreviewMembersDocument, { query: 'kind = COMPANY' }, auth);
    expect(errorCode(preview)).toBe('FORBIDDEN');
    expect(JSON.stringify(preview)).not.toContain('13800138000');

    const both = await app.post(
      { query: `{ segment(id: "${w.segment}") { members { nodes { name } } } }` },
      { apiKey: await keyWith(['segments:read', 'customers:read']) },
    );
    expect(both.data).toEqual({ segment: { members: { nodes: [{ name: '机密客户' }] } } });
  });

  it('gives a customers:write key a no-op update’s result without the customer', async () => {
    const res = await app.gql(PartnerScopesCustomerNoOpDocument, { input: { id: w.customer } }, keys['customers:write']);
    expect(res.errors).toBeUndefined();
    expect(res.data?.customerUpdate).toEqual({ customer: null, userErrors: [] });
    const readWrite = await app.gql(
      PartnerScopesCustomerNoOpDocument,
      { input: { id: w.customer } },
      { apiKey: await keyWith(['customers:write', 'customers:read']) },
    );
    expect(readWrite.data?.customerUpdate.customer).toMatchObject({ name: '机密客户', phone: '+8613800138000' });
  });

  it('gives a customers:read key the customer without its department, store and staff', async () => {
    const res = await app.gql(PartnerScopesCustomerLinksDocument, { id: w.customer }, keys['customers:read']);
    expect(res.errors).toBeUndefined();
    expect(res.data?.customer).toEqual({
      name: '机密客户',
      department: null,
      store: null,
      owner: null,
      assignmentHistory: {
        nodes: [
          { reason: '调岗', fromOwner: null, toOwner: null, assignedBy: null },
          { reason: 'created', fromOwner: null, toOwner: null, assignedBy: null },
        ],
      },
    });
    const withOrg = await app.gql(
      PartnerScopesCustomerLinksDocument,
      { id: w.customer },
      { apiKey: await keyWith(['customers:read', 'org:read']) },
    );
    expect(withOrg.data?.customer).toMatchObject({
      department: { name: '上海' },
      store: { name: '徐汇店' },
      owner: { name: '上海销售二' },
    });
  });

  it('leaves staff as they were: their data scope decides', async () => {
    const owner = await app.gql(PartnerScopesCustomerLinksDocument, { id: w.customer }, { token: f.salesSh2.token });
    expect(owner.data?.customer).toMatchObject({
      department: { name: '上海' },
      owner: { name: '上海销售二' },
      assignmentHistory: {
        nodes: [
          { reason: '调岗', fromOwner: { name: '上海销售一' }, toOwner: { name: '上海销售二' }, assignedBy: { name: '管理员' } },
          { reason: 'created', fromOwner: null, toOwner: { name: '上海销售一' }, assignedBy: { name: '上海销售一' } },
        ],
      },
    });
    expect((await app.gql(PartnerScopesCustomerLinksDocument, { id: w.customer }, { token: f.salesSh1.token })).data?.customer).toBeNull();
    const members = await app.gql(PartnerScopesSegmentMembersDocument, { id: w.segment }, { token: f.salesSh2.token });
    expect(members.data?.segment?.members.nodes.map((n) => n.name)).toEqual(['机密客户']);
  });
});

function rootOf(res: GraphQLResponse<unknown>, field: string): unknown {
  return (res.data as Record<string, unknown> | null | undefined)?.[field] ?? null;
}

async function keyWith(scopes: string[]): Promise<string> {
  const key = await must(`mutation($input: ApiKeyCreateInput!) { apiKeyCreate(input: $input) { secret userErrors { code } } }`, {
    input: { name: scopes.join(' '), scopes },
  });
  return key.secret as string;
}
