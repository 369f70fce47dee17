import { localIdOf, toGlobalId } from '../../src/schema/global-id';
import { createFixture, type Fixture } from '../support/fixture';
import { insertProducts, type TestProduct } from '../support/products';
import { daysAgo, insertOrder, refreshFigures } from '../support/records';
import { errorCode, startTestApp, type Auth, type TestApp } from '../support/test-app';

/**
 * customerAssignBatch (issue 17 item 5, DOMAIN C7): a manager hands a set of customers to a
 * salesperson with a requested mix of lifecycle stages and value tiers and is told the mix
 * achieved; the handed customers change owner with their assignment history, the others stay;
 * a dry run writes nothing and chooses the same customers; a retried key hands nothing twice;
 * bad input writes nothing; only admins and managers may, within their subtree.
 */

let app: TestApp;
let f: Fixture;
let kettle: TestProduct;
let manager: Auth;
const CITY = '分配城';

const ASSIGN = `mutation($input: CustomerAssignBatchInput!) { customerAssignBatch(input: $input) {
  batch { dryRun replayed candidateCount alreadyOwnedCount assignedCount owner { id }
    customers { id owner { id } }
    valueTiers { tier requestedShare requestedCount availableCount achievedCount }
    stages { stage requestedShare requestedCount availableCount achievedCount } }
  userErrors { field message code } } }`;

interface MixLine {
  requestedShare: number | null;
  requestedCount: number | null;
  availableCount: number;
  achievedCount: number;
}
interface Batch {
  dryRun: boolean;
  replayed: boolean;
  candidateCount: number;
  alreadyOwnedCount: number;
  assignedCount: number;
  owner: { id: string } | null;
  customers: Array<{ id: string; owner: { id: string } | null }>;
  valueTiers: Array<MixLine & { tier: string }>;
  stages: Array<MixLine & { stage: string }>;
}
interface Payload {
  batch: Batch | null;
  userErrors: Array<{ field: string[]; message: string; code: string }>;
}

async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().getConnection().execute(query, params);
}

async function assign(input: Record<string, unknown>, auth: Auth = manager): Promise<Payload> {
  const res = await app.post({ query: ASSIGN, variables: { input: { reason: '新人搭配', ...input } } }, auth);
  expect(res.errors).toBeUndefined();
  return (res.data as { customerAssignBatch: Payload }).customerAssignBatch;
}

/** What the database holds about who owns what and how it got there. */
async function written() {
  const [a] = await sql<{ n: number }>('select count(*)::int as n from customer_assignment');
  const [b] = await sql<{ n: number }>('select count(*)::int as n from customer_assignment_batch');
  const owners = await sql<{ id: number; owner_id: number }>('select id, owner_id from customer order by id');
  return { assignments: a.n, batches: b.n, owners };
}

interface Made {
  id: number;
  gid: string;
}

async function customer(name: string, owner: Auth): Promise<Made> {
  const res = await app.post(
    {
      query: `mutation($i: CustomerCreateInput!) { customerCreate(input: $i) { customer { id } userErrors { message } } }`,
      variables: { i: { kind: 'COMPANY', name, city: CITY } },
    },
    owner,
  );
  const gid = (res.data as { customerCreate: { customer: { id: string } } }).customerCreate.customer.id;
  return { gid, id: localIdOf(gid, 'Customer')! };
}

/** Each customer's stage and tier now, read through the API as the admin. */
async function classes(ids: number[]): Promise<Map<number, { stage: string; tier: string }>> {
  const res = await app.post(
    {
      query: `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Customer { id lifecycle { stage } value { tier } } } }`,
      variables: { ids: ids.map((id) => toGlobalId('Customer', id)) },
    },
    { token: f.admin.token },
  );
  expect(res.errors).toBeUndefined();
  const nodes = (res.data as { nodes: Array<{ id: string; lifecycle: { stage: string }; value: { tier: string } }> }).nodes;
  return new Map(nodes.map((n) => [localIdOf(n.id, 'Customer')!, { stage: n.lifecycle.stage, tier: n.value.tier }]));
}

const line = (n: number) => ({ productId: kettle.id, quantity: String(n), unitPrice: '300.00', unitCost: '100.00' });
/** Three groups of four Shanghai customers of the first salesperson: nothing bought, bought once, bought often and much. */
const groups: { quiet: Made[]; once: Made[]; loyal: Made[] } = { quiet: [], once: [], loyal: [] };
let stageOf: { quiet: string; once: string; loyal: string };
let tierOf: { quiet: string; loyal: string };

beforeAll(async () => {
  app = await startTestApp();
  f = await createFixture(app);
  manager = { token: f.managerEast.token };
  [kettle] = await insertProducts(app, [{ sku: 'ASSIGN-KETTLE', name: '分配水壶', listPrice: '300.00', cost: '100.00' }]);
  const sh1 = { token: f.salesSh1.token };
  for (let i = 0; i < 4; i++) {
    groups.quiet.push(await customer(`安静客户${i}`, sh1));
    const once = await customer(`一次客户${i}`, sh1);
    await insertOrder(app, { customerId: once.id, orderedAt: daysAgo(5), lines: [line(1)] });
    groups.once.push(once);
    const loyal = await customer(`忠实客户${i}`, sh1);
    for (const days of [300, 200, 120, 60, 20])
      await insertOrder(app, { customerId: loyal.id, orderedAt: daysAgo(days), lines: [line(20)] });
    groups.loyal.push(loyal);
  }
  await refreshFigures(app);
  const seen = await classes([...groups.quiet, ...groups.once, ...groups.loyal].map((c) => c.id));
  const uniform = (list: Made[], key: 'stage' | 'tier') => {
    const values = new Set(list.map((c) => seen.get(c.id)![key]));
    expect(values.size).toBe(1);
    return [...values][0];
  };
  stageOf = { quiet: uniform(groups.quiet, 'stage'), once: uniform(groups.once, 'stage'), loyal: uniform(groups.loyal, 'stage') };
  tierOf = { quiet: uniform(groups.quiet, 'tier'), loyal: uniform(groups.loyal, 'tier') };
  expect(new Set(Object.values(stageOf)).size).toBe(3);
  expect(tierOf.quiet).not.toBe(tierOf.loyal);
}, 120_000);

afterAll(async () => {
  await app.close();
});

const gids = (list: Made[]) => list.map((c) => c.gid);
const all = () => [...gids(groups.quiet), ...gids(groups.once), ...gids(groups.loyal)];

describe('handing over a matched portfolio', () => {
  it('hands an easy half and a challenging half, the first by id of each, and reports the mix', async () => {
    const before = await written();
    const payload = await assign({
      ownerId: f.salesSh2.gid,
      customerIds: all(),
      count: 4,
      mix: {
        stages: [
          { stage: stageOf.loyal, share: 0.5 },
          { stage: stageOf.quiet, share: 0.5 },
        ],
      },
    });
    expect(payload.userErrors).toEqual([]);
    const batch = payload.batch!;
    const expected = [groups.quiet[0], groups.quiet[1], groups.loyal[0], groups.loyal[1]].map((c) => c.id).sort((a, b) => a - b);
    expect(batch.customers.map((c) => localIdOf(c.id, 'Customer'))).toEqual(expected);
    expect(batch.customers.every((c) => c.owner?.id === f.salesSh2.gid)).toBe(true);
    expect(batch).toMatchObject({ dryRun: false, replayed: false, candidateCount: 12, alreadyOwnedCount: 0, assignedCount: 4 });
    expect(batch.owner?.id).toBe(f.salesSh2.gid);
    const stage = (s: string) => batch.stages.find((l) => l.stage === s)!;
    expect(stage(stageOf.loyal)).toEqual({
      stage: stageOf.loyal,
      requestedShare: 0.5,
      requestedCount: 2,
      availableCount: 4,
      achievedCount: 2,
    });
    expect(stage(stageOf.quiet)).toEqual({
      stage: stageOf.quiet,
      requestedShare: 0.5,
      requestedCount: 2,
      availableCount: 4,
      achievedCount: 2,
    });
    expect(stage(stageOf.once)).toEqual({ stage: stageOf.once, requestedShare: 0, requestedCount: 0, availableCount: 4, achievedCount: 0 });
    expect(batch.stages).toHaveLength(7);
    expect(batch.valueTiers.every((l) => l.requestedShare === null && l.requestedCount === null)).toBe(true);
    expect(batch.valueTiers.reduce((sum, l) => sum + l.achievedCount, 0)).toBe(4);

    // The database: four owners changed, each with its history row in the batch; nobody else moved.
    const after = await written();
    expect(after.batches).toBe(before.batches + 1);
    expect(after.assignments).toBe(before.assignments + 4);
    const moved = after.owners.filter((o) => before.owners.find((b) => b.id === o.id)!.owner_id !== o.owner_id).map((o) => o.id);
    expect(moved).toEqual(expected);
    const history = await sql<{ customer_id: number; from_owner_id: number; to_owner_id: number; reason: string; assigned_by_id: number }>(
      `select a.customer_id, a.from_owner_id, a.to_owner_id, a.reason, a.assigned_by_id from customer_assignment a
        where a.batch_id = (select max(id) from customer_assignment_batch) order by a.customer_id`,
    );
    expect(history).toEqual(
      expected.map((id) => ({
        customer_id: id,
        from_owner_id: f.salesSh1.id,
        to_owner_id: f.salesSh2.id,
        reason: '新人搭配',
        assigned_by_id: f.managerEast.id,
      })),
    );
    const [placed] = await sql<{ stores: number[] }>(
      'select array_agg(distinct store_id) as stores from customer where id = any(?::int[])',
      [`{${expected.join(',')}}`],
    );
    expect(placed.stores).toEqual([f.stores.shanghai]);

    // The change history and the customer's assignment history tell the same story.
    const res = await app.post(
      {
        query: `query($id: ID!) { customer(id: $id) { assignmentHistory(first: 5) { edges { node { reason toOwner { id } } } }
          changeHistory(first: 5) { edges { node { changes { field before after } } } } } }`,
        variables: { id: toGlobalId('Customer', expected[0]) },
      },
      { token: f.admin.token },
    );
    expect(res.errors).toBeUndefined();
    const c = (res.data as { customer: Record<string, { edges: Array<{ node: Record<string, unknown> }> }> }).customer;
    expect(c.assignmentHistory.edges[0].node).toEqual({ reason: '新人搭配', toOwner: { id: f.salesSh2.gid } });
    const changes = c.changeHistory.edges.flatMap((e) => e.node.changes as Array<{ field: string }>).map((ch) => ch.field);
    expect(changes).toContain('ownerId');
  });

  it('chooses the same customers in a dry run as for real, and the dry run writes nothing', async () => {
    const input = {
      ownerId: f.salesSh2.gid,
      customerIds: all(),
      count: 3,
      mix: {
        valueTiers: [
          { tier: tierOf.loyal, share: 1 / 3 },
          { tier: tierOf.quiet, share: 2 / 3 },
        ],
        stages: [
          { stage: stageOf.once, share: 1 / 3 },
          { stage: stageOf.loyal, share: 1 / 3 },
          { stage: stageOf.quiet, share: 1 / 3 },
        ],
      },
    };
    const before = await written();
    const dry = (await assign({ ...input, dryRun: true })).batch!;
    expect(await written()).toEqual(before);
    expect(dry.dryRun).toBe(true);
    // Those handed over in the first test are the new owner's now, so they are no candidates.
    expect(dry).toMatchObject({ candidateCount: 8, alreadyOwnedCount: 4, assignedCount: 3 });
    // The achieved counts are the classes of the customers chosen, as the API reads them.
    const chosen = await classes(dry.customers.map((c) => localIdOf(c.id, 'Customer')!));
    for (const l of dry.stages) expect(l.achievedCount).toBe([...chosen.values()].filter((c) => c.stage === l.stage).length);
    for (const l of dry.valueTiers) expect(l.achievedCount).toBe([...chosen.values()].filter((c) => c.tier === l.tier).length);
    expect(dry.customers.every((c) => c.owner?.id === f.salesSh1.gid)).toBe(true);

    const real = (await assign(input)).batch!;
    expect(real.customers.map((c) => c.id)).toEqual(dry.customers.map((c) => c.id));
    expect(real.stages).toEqual(dry.stages);
    expect(real.customers.every((c) => c.owner?.id === f.salesSh2.gid)).toBe(true);
  });

  it('chooses from a segment’s members in the manager’s scope, those already the owner’s left alone', async () => {
    const southern = await customer('华南分配客户', { token: f.salesSouth.token });
    const segment = await app.post(
      {
        query: `mutation($i: SegmentCreateInput!) { segmentCreate(input: $i) { segment { id } userErrors { message } } }`,
        variables: { i: { name: '分配城客户', query: `city = "${CITY}"` } },
      },
      manager,
    );
    const segmentId = (segment.data as { segmentCreate: { segment: { id: string } } }).segmentCreate.segment.id;
    const owned = await sql<{ n: number }>(`select count(*)::int as n from customer where city = ? and owner_id = ?`, [
      CITY,
      f.salesSh2.id,
    ]);
    const payload = await assign({ ownerId: f.salesSh2.gid, segmentId, count: 2 });
    expect(payload.userErrors).toEqual([]);
    // The southern customer is outside the east manager's scope: neither candidate nor counted.
    expect(payload.batch).toMatchObject({ candidateCount: 12 - owned[0].n, alreadyOwnedCount: owned[0].n, assignedCount: 2 });
    expect(payload.batch!.customers.map((c) => c.id)).not.toContain(southern.gid);
    const [still] = await sql<{ owner_id: number }>('select owner_id from customer where id = ?', [southern.id]);
    expect(still.owner_id).toBe(f.salesSouth.id);
  });

  it('hands nothing twice for a retried key, even when the retries race', async () => {
    const input = { ownerId: f.salesSh1.gid, customerIds: all(), count: 2, idempotencyKey: 'assign-race-1' };
    const before = await written();
    const [a, b] = await Promise.all([assign(input), assign(input)]);
    expect([a.userErrors, b.userErrors]).toEqual([[], []]);
    expect([a.batch!.replayed, b.batch!.replayed].sort()).toEqual([false, true]);
    expect(a.batch!.customers.map((c) => c.id)).toEqual(b.batch!.customers.map((c) => c.id));
    const again = await assign(input);
    expect(again.batch!.replayed).toBe(true);
    expect(again.batch!.customers.map((c) => c.id)).toEqual(a.batch!.customers.map((c) => c.id));
    const after = await written();
    expect([after.batches - before.batches, after.assignments - before.assignments]).toEqual([1, 2]);

    const reused = await assign({ ...input, count: 3 });
    expect(reused.userErrors.map((e) => e.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect(await written()).toEqual(after);
  });
});

describe('bad input writes nothing', () => {
  it.each([
    ['neither customers nor a segment', { customerIds: null }, [['input']], 'REQUIRED'],
    [
      'shares that do not sum to 1',
      {
        mix: {
          stages: [
            { stage: 'LEAD', share: 0.5 },
            { stage: 'LOYAL', share: 0.4 },
          ],
        },
      },
      [['input', 'mix', 'stages']],
      'INVALID',
    ],
    [
      'a class given twice',
      {
        mix: {
          valueTiers: [
            { tier: 'VIP', share: 0.5 },
            { tier: 'VIP', share: 0.5 },
          ],
        },
      },
      [['input', 'mix', 'valueTiers', '1']],
      'INVALID',
    ],
    [
      'a share of 0',
      {
        mix: {
          valueTiers: [
            { tier: 'VIP', share: 0 },
            { tier: 'SMALL', share: 1 },
          ],
        },
      },
      [['input', 'mix', 'valueTiers', '0', 'share']],
      'INVALID',
    ],
    ['an empty share list', { mix: { stages: [] } }, [['input', 'mix', 'stages']], 'REQUIRED'],
    ['a count of 0', { count: 0 }, [['input', 'count']], 'INVALID'],
    ['a count above 1,000', { count: 1001 }, [['input', 'count']], 'INVALID'],
    ['a blank reason', { reason: ' ' }, [['input', 'reason']], 'INVALID'],
  ])('%s', async (_, extra, fields, code) => {
    const before = await written();
    const payload = await assign({ ownerId: f.salesSh2.gid, customerIds: gids(groups.once), ...extra });
    expect(payload.batch).toBeNull();
    expect(payload.userErrors.map((e) => e.field)).toEqual(fields);
    expect(payload.userErrors.map((e) => e.code)).toEqual(fields.map(() => code));
    expect(await written()).toEqual(before);
  });

  it('says what the shares summed to', async () => {
    const payload = await assign({
      ownerId: f.salesSh2.gid,
      customerIds: gids(groups.once),
      mix: {
        valueTiers: [
          { tier: 'VIP', share: 0.333 },
          { tier: 'MAJOR', share: 0.333 },
          { tier: 'SMALL', share: 0.3 },
        ],
      },
    });
    expect(payload.userErrors.map((e) => e.message)).toEqual(['the shares sum to 0.966; they must sum to 1']);
  });

  it('refuses customers and owners outside the manager’s subtree, and unknown ids, at their positions', async () => {
    const southern = await customer('华南客户', { token: f.salesSouth.token });
    const before = await written();
    const foreign = await assign({ ownerId: f.salesSh2.gid, customerIds: [groups.once[0].gid, southern.gid, 'Q3VzdG9tZXI6OTk5OTk5'] });
    expect(foreign.userErrors).toEqual([
      { field: ['input', 'customerIds', '1'], message: `no active customer with id "${southern.gid}"`, code: 'NOT_FOUND' },
      { field: ['input', 'customerIds', '2'], message: 'no active customer with id "Q3VzdG9tZXI6OTk5OTk5"', code: 'NOT_FOUND' },
    ]);
    const owner = await assign({ ownerId: f.salesSouth.gid, customerIds: gids(groups.once) });
    expect(owner.userErrors.map((e) => [e.field, e.code])).toEqual([[['input', 'ownerId'], 'FORBIDDEN']]);
    expect(await written()).toEqual(before);
  });
});

describe('who may hand customers over', () => {
  it('is admins and managers: a salesperson and an API key are FORBIDDEN, nobody signed in UNAUTHENTICATED', async () => {
    const input = { ownerId: f.salesSh2.gid, customerIds: gids(groups.once), reason: '越权' };
    const key = await app.post(
      {
        query: `mutation($i: ApiKeyCreateInput!) { apiKeyCreate(input: $i) { secret } }`,
        variables: { i: { name: 'assign batch', scopes: ['customers:read', 'customers:write'] } },
      },
      { token: f.admin.token },
    );
    const apiKey = (key.data as { apiKeyCreate: { secret: string } }).apiKeyCreate.secret;
    const before = await written();
    for (const [auth, code] of [
      [{ token: f.salesSh1.token }, 'FORBIDDEN'],
      [{ apiKey }, 'FORBIDDEN'],
      [{}, 'UNAUTHENTICATED'],
    ] as Array<[Auth, string]>) {
      const res = await app.post({ query: ASSIGN, variables: { input } }, auth);
      expect(errorCode(res)).toBe(code);
    }
    expect(await written()).toEqual(before);
    const fresh = await customer('管理员转交客户', { token: f.salesSh1.token });
    const asAdmin = await assign({ ...input, customerIds: [fresh.gid] }, { token: f.admin.token });
    expect(asAdmin.userErrors).toEqual([]);
    expect(asAdmin.batch!.customers).toEqual([{ id: fresh.gid, owner: { id: f.salesSh2.gid } }]);
  });
});
