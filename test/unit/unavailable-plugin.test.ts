import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { SERVICE_UNAVAILABLE, unavailablePlugin } from '../../src/server/unavailable.plugin';

type Hooks = {
  didEncounterErrors(ctx: unknown): Promise<void>;
  willSendResponse(ctx: unknown): Promise<void>;
};

/** Runs the plugin over one response in which a field met an unreachable database. */
async function statusOf(operation: 'query' | 'mutation', data: Record<string, unknown>): Promise<{ status?: number; retryAfter?: string }> {
  const hooks = (await unavailablePlugin().requestDidStart!({} as never)) as unknown as Hooks;
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  const error = new GraphQLError('x', { originalError: refused });
  await hooks.didEncounterErrors({ errors: [error] });
  const http = { status: undefined as number | undefined, headers: new HeaderMap() };
  const response = {
    http,
    body: { kind: 'single', singleResult: { data, errors: [{ message: 'x', extensions: { code: SERVICE_UNAVAILABLE } }] } },
  };
  await hooks.willSendResponse({ response, operation: { operation } });
  return { status: http.status, retryAfter: http.headers.get('retry-after') };
}

describe('unavailablePlugin', () => {
  it('answers 503 with Retry-After when a query met an unreachable database', async () => {
    expect(await statusOf('query', { customers: null, viewer: { id: '1' } })).toEqual({ status: 503, retryAfter: '1' });
  });

  it('answers 503 for a mutation that did nothing yet (safe to retry)', async () => {
    expect(await statusOf('mutation', { orderCreate: null })).toEqual({ status: 503, retryAfter: '1' });
  });

  it('keeps 200 for a mutation of which one field already answered: a retry of the document would repeat it', async () => {
    expect(await statusOf('mutation', { customerCreate: { customer: { id: '1' } }, orderCreate: null })).toEqual({
      status: undefined,
      retryAfter: undefined,
    });
  });
});
