import { loadConfig } from '../../src/config';

const TOKEN = 'a-metrics-token-of-32-characters';

describe('METRICS_* settings', () => {
  it.each<[string, Record<string, string>, boolean]>([
    ['development', {}, true],
    ['test', { NODE_ENV: 'test' }, true],
    ['production without a token or a port', { NODE_ENV: 'production' }, false],
    ['production with a token', { NODE_ENV: 'production', METRICS_TOKEN: TOKEN }, true],
    ['production with a port', { NODE_ENV: 'production', METRICS_PORT: '9464' }, true],
    ['development turned off', { METRICS_ENABLED: 'false' }, false],
    ['production with a token turned off', { NODE_ENV: 'production', METRICS_TOKEN: TOKEN, METRICS_ENABLED: 'false' }, false],
  ])('are on by default in %s: %p → %p', (_label, env, enabled) => {
    expect(loadConfig(env).metrics.enabled).toBe(enabled);
  });

  it('serve on the API port without a token, a port of their own bound to 127.0.0.1, 100 operation names by default', () => {
    expect(loadConfig({}).metrics).toEqual({ enabled: true, token: undefined, port: undefined, host: '127.0.0.1', maxOperations: 100 });
    expect(loadConfig({ METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0', METRICS_MAX_OPERATIONS: '20' }).metrics).toMatchObject({
      port: 9464,
      host: '0.0.0.0',
      maxOperations: 20,
    });
  });

  it.each<[Record<string, string>, RegExp]>([
    [{ NODE_ENV: 'production', METRICS_ENABLED: 'true' }, /METRICS_ENABLED in production needs METRICS_TOKEN or METRICS_PORT/],
    [{ METRICS_TOKEN: 'short' }, /METRICS_TOKEN must be at least 16/],
    [{ METRICS_TOKEN: 'sixteen chars with spaces' }, /METRICS_TOKEN must be at least 16/],
    [{ METRICS_PORT: '4000' }, /METRICS_PORT must be a port .* other than PORT/],
    [{ PORT: '8080', METRICS_PORT: '8080' }, /METRICS_PORT must be a port .* other than PORT/],
    [{ METRICS_PORT: '0' }, /METRICS_PORT must be a port/],
    [{ METRICS_PORT: '70000' }, /METRICS_PORT must be a port/],
    [{ METRICS_PORT: 'nine' }, /METRICS_PORT must be an integer/],
    [{ METRICS_MAX_OPERATIONS: '0' }, /METRICS_MAX_OPERATIONS must be at least 1/],
  ])('refuse %p', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
