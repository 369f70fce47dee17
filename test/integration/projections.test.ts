import {
  parse,
  type FieldNode,
  type OperationDefinitionNode,
  getNamedType,
  isEnumType,
  isLeafType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLNamedType,
} from 'graphql';
import { buildSchema } from '../../src/schema/build-schema';
import { plainFieldsOf } from '../../src/schema/plain-fields';
import { selectedProps, type Projection } from '../../src/resolvers/projection';
import { CUSTOMER_PROJECTION, INQUIRY_PROJECTION, ORDER_PROJECTION } from '../../src/resolvers/projections';
import { toGlobalId } from '../../src/schema/global-id';
import { insertProducts } from '../support/products';
import { createFixture, type Fixture } from '../support/fixture';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Projected reads (issue 16): a list or a child page reads only the columns its selection
 * needs. Each field a projection maps (a plain field, or a field resolver it lists) must
 * answer the same as through `nodes(ids:)`, which reads every column: a `needs` entry that
 * lists too little would show here as a null or a wrong value.
 */
const schema = buildSchema();
let app: TestApp;
let f: Fixture;
let customerIds: string[] = [];
const orderIds: string[] = [];
const inquiryIds: string[] = [];

/** Arguments some fields cannot do without. */
const REQUIRED_ARGS: Record<string, string> = { 'Customer.marketingEligibility': '(channel: SMS, purpose: PROMOTION)' };

/** A selection of `field` one level deep: leaves as they are, an object's leaf fields, a connection's count and its nodes' leaves. */
function selectionOf(typeName: string, field: GraphQLField<unknown, unknown>): string {
  const args = REQUIRED_ARGS[`${typeName}.${field.name}`] ?? '';
  const type = getNamedType(field.type);
  if (isLeafType(type)) return `${field.name}${args}`;
  return `${field.name}${args} { ${leavesOf(type, true)} }`;
}

function leavesOf(type: GraphQLNamedType, deeper: boolean): string {
  if (!isObjectType(type)) return '__typename';
  const fields = Object.values(type.getFields()).filter((f) => !f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined));
  const leaves = fields.filter((f) => isScalarType(getNamedType(f.type)) || isEnumType(getNamedType(f.type))).map((f) => f.name);
  const nodes = fields.find((f) => f.name === 'nodes');
  const parts = [...leaves];
  if (nodes && deeper) parts.push(`nodes { ${leavesOf(getNamedType(nodes.type), false)} }`);
  return parts.length ? parts.join(' ') : '__typename';
}

/** The fields a projection maps, so a read may leave columns out for them. */
function mappedFields(projection: Projection): Array<GraphQLField<unknown, unknown>> {
  const type = schema.getType(projection.typeName);
  if (!isObjectType(type)) throw new Error(`${projection.typeName} is not an object type`);
  const plain = plainFieldsOf(projection.typeName);
  return Object.values(type.getFields()).filter((f) => plain.has(f.name) || Object.hasOwn(projection.needs, f.name));
}

async function data(query: string): Promise<Record<string, unknown>> {
  const res = await app.post({ query }, { token: f.admin.token });
  if (res.errors?.length) throw new Error(`${query}\n${JSON.stringify(res.errors)}`);
  return res.data as Record<string, unknown>;
}

const byId = (nodes: Array<{ id: string }>) => Object.fromEntries(nodes.map((n) => [n.id, n]));
const nodesQuery = (ids: string[], type: string, selection: string) =>
  `{ nodes(ids: ${JSON.stringify(ids)}) { ... on ${type} { id ${selection} } } }`;

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
  const products = await insertProducts(app, [
    { sku: 'P-1', name: '打印机', listPrice: '1200.00', cost: '800.00' },
    { sku: 'P-2', name: '墨盒', listPrice: '89.50', cost: '30.00', usageCycleDays: 60 },
  ]);
  const field = await app.post(
    { query: `mutation { customFieldDefinitionCreate(input: { key: "grade", label: "等级", type: TEXT }) { userErrors { message } } }` },
    { token: f.admin.token },
  );
  expect(field.errors).toBeUndefined();
  for (const [i, name] of ['王芳', '李强', '张伟'].entries()) {
    const created = await data(`mutation { customerCreate(input: {
      kind: PERSON, name: "${name}", phone: "138 1234 567${i}", email: "c${i}@example.com", province: "上海市", city: "上海市",
      cityTier: 1, source: REFERRAL, types: [RATIONAL], tags: ["决策人"], birthday: "1985-06-1${i}",
      ownerId: "${f.salesSh1.gid}", storeId: "${toGlobalId('Store', f.stores.shanghai)}",
      customFields: [{ key: "grade", value: "A${i}" }],
      contactPreference: { preferredChannel: WECHAT, consents: [{ channel: SMS, granted: ${i % 2 === 0} }] }
    }) { customer { id } userErrors { field message } } }`);
    const id = (created.customerCreate as { customer: { id: string } }).customer.id;
    customerIds.push(id);
    for (let n = 0; n <= i; n++) {
      const order = await data(`mutation { orderCreate(input: { customerId: "${id}", storeId: "${toGlobalId('Store', f.stores.shanghai)}",
        lines: [{ productId: "${products[0].gid}", quantity: "${n + 1}" }, { productId: "${products[1].gid}", quantity: "2", discount: "5.00" }]
      }) { order { id } userErrors { message } } }`);
      orderIds.push((order.orderCreate as { order: { id: string } }).order.id);
    }
    const inquiry = await data(`mutation { inquiryCreate(input: { customerId: "${id}", channel: EMAIL, projectDetails: "询价 ${i}",
      targetPrice: "99.90", quantity: "100", amount: "9990.00", urgency: URGENT }) { inquiry { id } userErrors { message } } }`);
    inquiryIds.push((inquiry.inquiryCreate as { inquiry: { id: string } }).inquiry.id);
  }
  // An archived one, so that `archived` and `archivedAt` are not the same for every customer.
  await data(`mutation { customerArchive(input: { id: "${customerIds[2]}" }) { userErrors { message } } }`);
  customerIds = customerIds.sort();
});
afterAll(() => app.close());

describe('projections', () => {
  it('leave columns out: a customer page asking for the name reads the name and the id only', () => {
    const operation = parse('{ customers { nodes { id name } } }').definitions[0] as OperationDefinitionNode;
    const field = operation.selectionSet.selections[0] as FieldNode;
    expect(selectedProps({ fieldNodes: [field], fragments: {} }, CUSTOMER_PROJECTION, 'connection')).toEqual(['name']);
  });

  it('read every column when a field resolver they do not list is asked for', () => {
    const operation = parse('{ customers { nodes { id lifecycle { stage } } } }').definitions[0] as OperationDefinitionNode;
    const field = operation.selectionSet.selections[0] as FieldNode;
    expect(selectedProps({ fieldNodes: [field], fragments: {} }, CUSTOMER_PROJECTION, 'connection')).toBeNull();
  });

  it.each(mappedFields(CUSTOMER_PROJECTION).map((fl) => [fl.name, fl]))(
    'Customer.%s is the same in a projected page, a projected customer(id:) and nodes(ids:)',
    async (_name, field) => {
      const selection = selectionOf('Customer', field);
      const page = (await data(`{ customers(first: 10, sortKey: ID, filter: { includeArchived: true }) { nodes { id ${selection} } } }`))
        .customers as {
        nodes: Array<{ id: string }>;
      };
      const full = (await data(nodesQuery(customerIds, 'Customer', selection))).nodes as Array<{ id: string }>;
      expect(page.nodes.map((n) => n.id)).toEqual(customerIds);
      expect(byId(page.nodes)).toEqual(byId(full));
      const one = (await data(`{ customer(id: "${customerIds[1]}") { id ${selection} } }`)).customer;
      expect(one).toEqual(byId(full)[customerIds[1]]);
    },
  );

  it.each(mappedFields(ORDER_PROJECTION).map((fl) => [fl.name, fl]))(
    'Order.%s is the same in a projected customer.orders page and nodes(ids:)',
    async (_name, field) => {
      const selection = selectionOf('Order', field);
      const pages = (
        await data(
          `{ customers(first: 50, sortKey: ID, filter: { includeArchived: true }) { nodes { orders(first: 10) { nodes { id ${selection} } } } } }`,
        )
      ).customers as { nodes: Array<{ orders: { nodes: Array<{ id: string }> } }> };
      const projected = pages.nodes.flatMap((c) => c.orders.nodes);
      expect(projected.map((o) => o.id).sort()).toEqual([...orderIds].sort());
      const full = (await data(nodesQuery(orderIds, 'Order', selection))).nodes as Array<{ id: string }>;
      expect(byId(projected)).toEqual(byId(full));
    },
  );

  it.each(mappedFields(INQUIRY_PROJECTION).map((fl) => [fl.name, fl]))(
    'Inquiry.%s is the same in a projected customer.inquiries page and nodes(ids:)',
    async (_name, field) => {
      const selection = selectionOf('Inquiry', field);
      const pages = (
        await data(
          `{ customers(first: 50, sortKey: ID, filter: { includeArchived: true }) { nodes { inquiries(first: 10) { nodes { id ${selection} } } } } }`,
        )
      ).customers as { nodes: Array<{ inquiries: { nodes: Array<{ id: string }> } }> };
      const projected = pages.nodes.flatMap((c) => c.inquiries.nodes);
      expect(projected.map((o) => o.id).sort()).toEqual([...inquiryIds].sort());
      const full = (await data(nodesQuery(inquiryIds, 'Inquiry', selection))).nodes as Array<{ id: string }>;
      expect(byId(projected)).toEqual(byId(full));
    },
  );
});
