import {
  ApiKeyCreateDocument,
  CustomerCreateDocument,
  OrdersCancelDocument,
  OrdersCompleteDocument,
  OrdersCreateDocument,
  OrdersCustomerStatsDocument,
  OrdersPaymentRecordDocument,
  OrdersRefundDocument,
  OrdersServiceCaseForOrderDocument,
} from '../generated/graphql';
import { toGlobalId } from '../../src/schema/global-id';
import { countStatements, createFixture, type Fixture } from '../support/fixture';
import { insertProducts, type TestProduct } from '../support/products';
import { errorCode, startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let f: Fixture;
let kettle: TestProduct;
let filter: TestProduct;
let retired: TestProduct;
let customer: string;

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
  [kettle, filter, retired] = await insertProducts(app, [
    { sku: 'KT-01', name: '电热水壶', listPrice: '199.00', cost: '120.50' },
    { sku: 'FL-02', name: '净水滤芯', listPrice: '33.33', cost: '10.00', usageCycleDays: 90 },
    { sku: 'OLD-1', name: '停产型号', listPrice: '10.00', cost: '5.00', active: false },
  ]);
  customer = (await app.gql(CustomerCreateDocument, { input: { kind: 'PERSON', name: '订单客户' } }, { token: f.salesSh1.token })).data!
    .customerCreate.customer!.id;
});
afterAll(() => app.close());

const rows = async (table: string) => {
  const [{ n }] = await app.db.orm.em.fork().execute(`select count(*)::int as n from ${table}`);
  return n as number;
};

async function createOrder(token: string, input: Record<string, unknown>) {
  const res = await app.gql(OrdersCreateDocument, { input: { customerId: customer, ...input } as never }, { token });
  expect(res.errors).toBeUndefined();
  return res.data!.orderCreate;
}

describe('orderCreate', () => {
  it('prices the lines exactly, defaulting to list prices, and leaves the order pending', async () => {
    const payload = await createOrder(f.salesSh1.token, {
      lines: [
        { productId: filter.gid, quantity: '3' },
        { productId: kettle.gid, quantity: '1', unitPrice: '189.99', discount: '0.01' },
      ],
    });
    expect(payload.userErrors).toEqual([]);
    expect(payload.order).toMatchObject({
      status: 'PENDING',
      currency: 'CNY',
      subtotal: { amount: '289.98', currencyCode: 'CNY' },
      discountTotal: { amount: '0.01' },
      total: { amount: '289.97', currencyCode: 'CNY' },
      cost: { amount: '150.50' },
      grossProfit: { amount: '139.47' },
      outstanding: { amount: '289.97' },
      salesperson: { id: f.salesSh1.gid },
      store: { id: toGlobalId('Store', f.stores.shanghai) },
      number: expect.stringMatching(/^SO\d{8}-\d{6}$/),
    });
    expect(payload.order!.lines).toEqual([
      {
        position: 0,
        quantity: '3.000',
        unitPrice: { amount: '33.33' },
        discount: { amount: '0.00' },
        lineTotal: { amount: '99.99' },
        unitCost: { amount: '10.00' },
      },
      {
        position: 1,
        quantity: '1.000',
        unitPrice: { amount: '189.99' },
        discount: { amount: '0.01' },
        lineTotal: { amount: '189.98' },
        unitCost: { amount: '120.50' },
      },
    ]);
  });

  it.each([
    [{ lines: [] }, ['input', 'lines']],
    [{ lines: [{ productId: toGlobalId('Product', 99999), quantity: '1' }] }, ['input', 'lines', '0', 'productId']],
    [{ lines: [{ productId: 'Ym9ndXM', quantity: '1' }] }, ['input', 'lines', '0', 'productId']],
    [{ lines: [{ productId: retired?.gid ?? '', quantity: '1' }] }, ['input', 'lines', '0', 'productId']],
    [{ lines: [{ productId: 'KETTLE', quantity: '0' }] }, ['input', 'lines', '0', 'quantity']],
    [{ lines: [{ productId: 'KETTLE', quantity: '1', discount: '500.00' }] }, ['input', 'lines', '0', 'discount']],
    [{ lines: [{ productId: 'KETTLE', quantity: '1', unitPrice: '9.999' }] }, ['input', 'lines', '0', 'unitPrice']],
    [{ lines: [{ productId: 'KETTLE', quantity: '1' }], currency: 'USD' }, ['input', 'currency']],
    [{ lines: [{ productId: 'KETTLE', quantity: '1' }], orderedAt: '2999-01-01T00:00:00Z' }, ['input', 'orderedAt']],
    [{ lines: [{ productId: 'KETTLE', quantity: '1' }], idempotencyKey: 'has spaces' }, ['input', 'idempotencyKey']],
  ])('refuses %j at %j and writes nothing', async (input, field) => {
    const withIds = JSON.parse(
      JSON.stringify(input).replaceAll('"KETTLE"', JSON.stringify(kettle.gid)).replaceAll('""', JSON.stringify(retired.gid)),
    );
    const before = [await rows('sales_order'), await rows('order_line')];
    const payload = await createOrder(f.salesSh1.token, withIds);
    expect(payload.order).toBeNull();
    expect(payload.userErrors.map((e) => e.field)).toContainEqual(field);
    expect([await rows('sales_order'), await rows('order_line')]).toEqual(before);
  });

  it('refuses a float for an amount at the GraphQL layer', async () => {
    const res = await app.post(
      {
        query:
          'mutation($c: ID!, $p: ID!) { orderCreate(input: { customerId: $c, lines: [{ productId: $p, quantity: 1.5 }] }) { order { id } } }',
        variables: { c: customer, p: kettle.gid },
      },
      { token: f.salesSh1.token },
    );
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
  });

  it('writes an order of three lines in six statements: auth, BEGIN, the customer locked with what the order reads, the order with its lines, the figures, COMMIT', async () => {
    const query = `mutation($input: OrderCreateInput!) { orderCreate(input: $input) {
      order { id number status total { amount currencyCode } } userErrors { field message code } } }`;
    const input = {
      customerId: customer,
      lines: [
        { productId: kettle.gid, quantity: '1' },
        { productId: filter.gid, quantity: '2' },
        { productId: kettle.gid, quantity: '3', discount: '1.00' },
      ],
    };
    const before = await rows('order_line');
    let res: Awaited<ReturnType<typeof app.post>> | undefined;
    const statements = await countStatements(async () => {
      res = await app.post({ query, variables: { input } }, { token: f.salesSh1.token });
    });
    expect(res!.errors).toBeUndefined();
    expect(res!.data).toMatchObject({ orderCreate: { order: { status: 'PENDING', total: { amount: '861.66' } }, userErrors: [] } });
    expect(await rows('order_line')).toBe(before + 3);
    expect(statements).toBeLessThanOrEqual(6);
  });

  it('keeps other salespeople and keys without orders:write out', async () => {
    const other = await app.gql(
      OrdersCreateDocument,
      { input: { customerId: customer, lines: [{ productId: kettle.gid, quantity: '1' }] } },
      { token: f.salesSouth.token },
    );
    expect(other.data?.orderCreate.userErrors).toEqual([expect.objectContaining({ field: ['input', 'customerId'], code: 'NOT_FOUND' })]);
    const key = await app.gql(ApiKeyCreateDocument, { input: { name: 'erp-read', scopes: ['orders:read'] } }, { token: f.admin.token });
    const partner = await app.gql(
      OrdersCreateDocument,
      { input: { customerId: customer, lines: [{ productId: kettle.gid, quantity: '1' }] } },
      { apiKey: key.data!.apiKeyCreate.secret! },
    );
    expect(errorCode(partner)).toBe('FORBIDDEN');
    expect(errorCode(await app.gql(OrdersCreateDocument, { input: { customerId: customer, lines: [] } }))).toBe('UNAUTHENTICATED');
  });
});

describe('after-sale links', () => {
  it('opens a service case about an order and its product, and refuses another customer’s order', async () => {
    const order = (await createOrder(f.salesSh1.token, { lines: [{ productId: kettle.gid, quantity: '1' }] })).order!;
    const res = await app.gql(
      OrdersServiceCaseForOrderDocument,
      { input: { customerId: customer, type: 'INSTALLATION', description: '上门安装', orderId: order.id, productId: kettle.gid } },
      { token: f.salesSh1.token },
    );
    expect(res.data?.serviceCaseCreate.serviceCase).toMatchObject({
      order: { id: order.id, number: order.number },
      product: { sku: 'KT-01' },
    });
    const other = (await app.gql(CustomerCreateDocument, { input: { kind: 'PERSON', name: '别的客户' } }, { token: f.salesSh1.token }))
      .data!.customerCreate.customer!.id;
    const wrong = await app.gql(
      OrdersServiceCaseForOrderDocument,
      { input: { customerId: other, type: 'INSTALLATION', description: '上门安装', orderId: order.id } },
      { token: f.salesSh1.token },
    );
    expect(wrong.data?.serviceCaseCreate.userErrors).toEqual([expect.objectContaining({ field: ['input', 'orderId'], code: 'NOT_FOUND' })]);
  });
});

describe('idempotency', () => {
  it('leaves exactly one order when 20 identical requests race with one key', async () => {
    const key = await app.gql(
      ApiKeyCreateDocument,
      { input: { name: 'erp', scopes: ['orders:write', 'orders:read'] } },
      { token: f.admin.token },
    );
    const secret = key.data!.apiKeyCreate.secret!;
    const before = await rows('sales_order');
    const input = { customerId: customer, lines: [{ productId: kettle.gid, quantity: '2' }], idempotencyKey: 'erp-order-7781' };
    const results = await Promise.all(Array.from({ length: 20 }, () => app.gql(OrdersCreateDocument, { input }, { apiKey: secret })));
    const ids = new Set(results.map((r) => r.data?.orderCreate.order?.id));
    expect(results.every((r) => r.data?.orderCreate.userErrors.length === 0)).toBe(true);
    expect(ids.size).toBe(1);
    expect(await rows('sales_order')).toBe(before + 1);

    const reused = await app.gql(
      OrdersCreateDocument,
      { input: { ...input, lines: [{ productId: kettle.gid, quantity: '3' }] } },
      { apiKey: secret },
    );
    expect(reused.data?.orderCreate.userErrors).toEqual([
      expect.objectContaining({ field: ['input', 'idempotencyKey'], code: 'IDEMPOTENCY_KEY_REUSED' }),
    ]);
    expect(await rows('sales_order')).toBe(before + 1);
  });
});

describe('order moves and payments', () => {
  it('completes, takes payments up to the balance, refunds, and keeps the figures exact', async () => {
    const statsCustomer = (
      await app.gql(CustomerCreateDocument, { input: { kind: 'COMPANY', name: '图表公司' } }, { token: f.salesSh1.token })
    ).data!.customerCreate.customer!.id;
    const make = async (quantity: string) =>
      (
        await app.gql(
          OrdersCreateDocument,
          { input: { customerId: statsCustomer, lines: [{ productId: kettle.gid, quantity }] } },
          { token: f.salesSh1.token },
        )
      ).data!.orderCreate.order!;
    const a = await make('1');
    const b = await make('2');
    const c = await make('1');

    expect(
      (await app.gql(OrdersCompleteDocument, { input: { id: a.id } }, { token: f.salesSh1.token })).data?.orderComplete.order?.status,
    ).toBe('COMPLETED');
    expect(
      (await app.gql(OrdersCompleteDocument, { input: { id: b.id } }, { token: f.salesSh1.token })).data?.orderComplete.order?.status,
    ).toBe('COMPLETED');
    expect(
      (await app.gql(OrdersCancelDocument, { input: { id: c.id, reason: '客户改主意' } }, { token: f.salesSh1.token })).data?.orderCancel
        .order?.status,
    ).toBe('CANCELLED');

    const again = await app.gql(OrdersCancelDocument, { input: { id: a.id } }, { token: f.salesSh1.token });
    expect(again.data?.orderCancel.userErrors).toEqual([expect.objectContaining({ code: 'ILLEGAL_TRANSITION' })]);

    const pay = (amount: string, orderId = b.id, idempotencyKey?: string) =>
      app.gql(
        OrdersPaymentRecordDocument,
        { input: { orderId, amount, method: 'WECHAT_PAY', idempotencyKey } },
        { token: f.salesSh1.token },
      );
    const first = await pay('100.00', b.id, 'pay-1');
    expect(first.data?.paymentRecord.payment?.order.outstanding.amount).toBe('298.00');
    expect((await pay('100.00', b.id, 'pay-1')).data?.paymentRecord.payment?.id).toBe(first.data?.paymentRecord.payment?.id);
    const over = await pay('298.01');
    expect(over.data?.paymentRecord.userErrors).toEqual([
      expect.objectContaining({ field: ['input', 'amount'], message: expect.stringContaining('298.00') }),
    ]);
    expect((await pay('10', c.id)).data?.paymentRecord.userErrors[0]?.code).toBe('ILLEGAL_TRANSITION');

    let stats = (await app.gql(OrdersCustomerStatsDocument, { id: statsCustomer }, { token: f.salesSh1.token })).data!.customer!;
    expect(stats.stats).toMatchObject({
      orderCount: 2,
      totalSpent: { amount: '597.00', currencyCode: 'CNY' },
      grossProfit: { amount: '235.50' },
      averageOrderValue: { amount: '298.50' },
      outstanding: { amount: '497.00' },
      distinctProductsLast90Days: 1,
    });
    expect(stats.orders.totalCount).toBe(3);
    expect(stats.payments.totalCount).toBe(1);

    const refund = await app.gql(OrdersRefundDocument, { input: { id: a.id, reason: '质量问题' } }, { token: f.salesSh1.token });
    expect(refund.data?.orderRefund.order).toMatchObject({ status: 'REFUNDED', note: expect.stringContaining('质量问题') });
    stats = (await app.gql(OrdersCustomerStatsDocument, { id: statsCustomer }, { token: f.salesSh1.token })).data!.customer!;
    expect(stats.stats).toMatchObject({ orderCount: 1, totalSpent: { amount: '398.00' }, outstanding: { amount: '298.00' } });
  });

  it('refuses moves and payments on another salesperson’s order, and without credentials', async () => {
    const order = (await createOrder(f.salesSh1.token, { lines: [{ productId: kettle.gid, quantity: '1' }] })).order!;
    const move = await app.gql(OrdersCompleteDocument, { input: { id: order.id } }, { token: f.salesSouth.token });
    expect(move.data?.orderComplete.userErrors[0]).toMatchObject({ field: ['input', 'id'], code: 'NOT_FOUND' });
    const pay = await app.gql(
      OrdersPaymentRecordDocument,
      { input: { orderId: order.id, amount: '1.00', method: 'CASH' } },
      { token: f.salesSouth.token },
    );
    expect(pay.data?.paymentRecord.userErrors[0]).toMatchObject({ field: ['input', 'orderId'], code: 'NOT_FOUND' });
    expect(errorCode(await app.gql(OrdersRefundDocument, { input: { id: order.id } }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await app.gql(OrdersPaymentRecordDocument, { input: { orderId: order.id, amount: '1', method: 'CASH' } }))).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('refuses to complete an unknown, cancelled or completed order, changing nothing', async () => {
    const unknown = await app.gql(OrdersCompleteDocument, { input: { id: toGlobalId('Order', 999999) } }, { token: f.salesSh1.token });
    expect(unknown.data?.orderComplete.userErrors[0]).toMatchObject({ field: ['input', 'id'], code: 'NOT_FOUND' });
    const cancelled = (await createOrder(f.salesSh1.token, { lines: [{ productId: kettle.gid, quantity: '1' }] })).order!;
    await app.gql(OrdersCancelDocument, { input: { id: cancelled.id } }, { token: f.salesSh1.token });
    const res = await app.gql(OrdersCompleteDocument, { input: { id: cancelled.id, reason: '' } }, { token: f.salesSh1.token });
    expect(res.data?.orderComplete.userErrors[0]?.field).toEqual(['input', 'reason']);
    const again = await app.gql(OrdersCompleteDocument, { input: { id: cancelled.id } }, { token: f.salesSh1.token });
    expect(again.data?.orderComplete.userErrors[0]).toMatchObject({ code: 'ILLEGAL_TRANSITION' });
    const [{ status }] = await app.db.orm.em
      .fork()
      .execute('select status from sales_order where id = ?', [Number(Buffer.from(cancelled.id, 'base64url').toString().split(':')[1])]);
    expect(status).toBe('CANCELLED');
  });

  it('refuses a bad payment amount and writes nothing', async () => {
    const order = (await createOrder(f.salesSh1.token, { lines: [{ productId: kettle.gid, quantity: '1' }] })).order!;
    const before = await rows('payment');
    for (const amount of ['0', '-5', '1.001']) {
      const res = await app.gql(
        OrdersPaymentRecordDocument,
        { input: { orderId: order.id, amount, method: 'CASH' } },
        { token: f.salesSh1.token },
      );
      expect(res.data?.paymentRecord.userErrors[0]?.field).toEqual(['input', 'amount']);
    }
    expect(await rows('payment')).toBe(before);
  });
});
