import {
  ApiKeyCreateDocument,
  CustomerCreateDocument,
  OrdersCancelDocument,
  OrdersCreateDocument,
  OrdersRefundDocument,
  RecordsAccessCustomerOrdersDocument,
  RecordsAccessNodeOrderDocument,
} from '../generated/graphql';
import { createFixture, type Fixture } from '../support/fixture';
import { insertProducts, type TestProduct } from '../support/products';
import { errorCode, startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let f: Fixture;
let product: TestProduct;
let customer: string;
let order: string;

const key = async (scopes: string[]) =>
  (await app.gql(ApiKeyCreateDocument, { input: { name: scopes.join('+'), scopes } }, { token: f.admin.token })).data!.apiKeyCreate.secret!;

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
  [product] = await insertProducts(app, [{ sku: 'AC-1', name: '硒鼓', listPrice: '299.00', cost: '120.00' }]);
  customer = (await app.gql(CustomerCreateDocument, { input: { kind: 'PERSON', name: '权限客户' } }, { token: f.salesSh1.token })).data!
    .customerCreate.customer!.id;
  order = (
    await app.gql(
      OrdersCreateDocument,
      { input: { customerId: customer, lines: [{ productId: product.gid, quantity: '1' }] } },
      { token: f.salesSh1.token },
    )
  ).data!.orderCreate.order!.id;
});
afterAll(() => app.close());

it('lets a partner follow links only into areas its key covers', async () => {
  const ordersOnly = await key(['orders:read']);
  const res = await app.gql(RecordsAccessNodeOrderDocument, { id: order }, { apiKey: ordersOnly });
  expect(res.errors).toBeUndefined();
  expect(res.data?.node).toEqual({ id: order, customer: null, salesperson: null, lines: [{ product: null }] });

  const wide = await key(['orders:read', 'customers:read', 'products:read', 'org:read']);
  const full = await app.gql(RecordsAccessNodeOrderDocument, { id: order }, { apiKey: wide });
  expect(full.data?.node).toEqual({
    id: order,
    customer: { id: customer },
    salesperson: { email: 'sales1@test.cn' },
    lines: [{ product: { sku: 'AC-1' } }],
  });
});

it('shows staff every link of the records in their scope', async () => {
  const res = await app.gql(RecordsAccessCustomerOrdersDocument, { id: customer }, { token: f.salesSh1.token });
  expect(res.data?.customer?.orders.nodes[0]).toMatchObject({
    salesperson: { id: f.salesSh1.gid },
    customer: { id: customer },
    lines: [{ product: { sku: 'AC-1' } }],
  });
});

it('refuses order moves to a key without orders:write and to the wrong salesperson', async () => {
  const readOnly = await key(['orders:read', 'customers:read']);
  expect(errorCode(await app.gql(OrdersCancelDocument, { input: { id: order } }, { apiKey: readOnly }))).toBe('FORBIDDEN');
  expect(errorCode(await app.gql(OrdersRefundDocument, { input: { id: order } }, { apiKey: readOnly }))).toBe('FORBIDDEN');
  const other = await app.gql(OrdersCancelDocument, { input: { id: order } }, { token: f.salesSh2.token });
  expect(other.data?.orderCancel.userErrors[0]).toMatchObject({ field: ['input', 'id'], code: 'NOT_FOUND' });
  const refund = await app.gql(OrdersRefundDocument, { input: { id: order } }, { token: f.salesSh2.token });
  expect(refund.data?.orderRefund.userErrors[0]).toMatchObject({ field: ['input', 'id'], code: 'NOT_FOUND' });
});

it.each([
  [{ quantity: '10000000000' }, 'quantity'],
  [{ quantity: '1', unitPrice: '99999999999999' }, 'unitPrice'],
  [{ quantity: '1', discount: '1000000000000' }, 'discount'],
])('answers an amount too large for its column (%j) with a user error, not a 500', async (line, field) => {
  const res = await app.gql(
    OrdersCreateDocument,
    { input: { customerId: customer, lines: [{ productId: product.gid, ...line }] } },
    { token: f.salesSh1.token },
  );
  expect(res.errors).toBeUndefined();
  expect(res.data?.orderCreate.userErrors).toEqual([expect.objectContaining({ field: ['input', 'lines', '0', field] })]);
});

it('refuses an order whose total would overflow, with a user error', async () => {
  const lines = Array.from({ length: 3 }, () => ({ productId: product.gid, quantity: '999999999', unitPrice: '999999999999.99' }));
  const res = await app.gql(OrdersCreateDocument, { input: { customerId: customer, lines } }, { token: f.salesSh1.token });
  expect(res.data?.orderCreate.userErrors).toEqual([expect.objectContaining({ field: ['input', 'lines'] })]);
});
