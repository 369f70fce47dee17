import { actualCost, bucketKey, chargeOf, retryAfterSeconds } from '../../src/domain/access/rate-limit';

const size = { capacity: 2000, restorePerSecond: 100 };

describe('rate limit rules', () => {
  it('a key and a user each have their own bucket', () => {
    expect(bucketKey({ kind: 'partner', apiKeyId: 4 })).toBe('key:4');
    expect(bucketKey({ kind: 'staff', userId: 4 })).toBe('user:4');
  });

  it.each([
    [0, 100, 1],
    [50, 100, 1],
    [0, 1000, 10],
    [0, 1050, 11],
    [999.5, 1000, 1],
  ])('a bucket holding %d points holds %d after %d s', (available, cost, seconds) => {
    expect(retryAfterSeconds(available, cost, size)).toBe(seconds);
  });

  it('a request dearer than the whole bucket takes a full bucket: it waits for one, and empties it', () => {
    expect(chargeOf(4102, size)).toBe(2000);
    expect(chargeOf(30, size)).toBe(30);
    expect(retryAfterSeconds(0, 4102, size)).toBe(20);
  });

  it('counts the fields of an answer, a page 2 more, never above the request', () => {
    // customer { id name orders { nodes [ {id}, {id} ] } } = customer 1 + id, name, orders 3 + nodes 1 (+2) + 2 ids
    const data = { customer: { id: 'a', name: 'b', orders: { nodes: [{ id: 'x' }, { id: 'y' }] } } };
    expect(actualCost(data, 1000)).toBe(1 + 3 + 1 + 2 + 2);
    expect(actualCost(data, 5)).toBe(5);
    expect(actualCost(null, 10)).toBe(0);
  });
});
