import { tracingConfig } from '../../src/config';
import { maskSqlLiterals } from '../../src/tracing';

describe('tracingConfig (the OTEL_* variables)', () => {
  it.each<[string, NodeJS.ProcessEnv, boolean, Array<'otlp' | 'console'>]>([
    ['nothing set: off', {}, false, ['otlp']],
    ['OTEL_TRACES_ENABLED=true: on, OTLP', { OTEL_TRACES_ENABLED: 'true' }, true, ['otlp']],
    ['an OTLP endpoint: on', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, true, ['otlp']],
    ['a traces endpoint: on', { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }, true, ['otlp']],
    ['an exporter named: on', { OTEL_TRACES_EXPORTER: 'console' }, true, ['console']],
    ['two exporters', { OTEL_TRACES_EXPORTER: 'otlp, console' }, true, ['otlp', 'console']],
    ['exporter none beats an endpoint', { OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }, false, []],
    ['none but enabled: ids in logs, no export', { OTEL_TRACES_EXPORTER: 'none', OTEL_TRACES_ENABLED: 'true' }, true, []],
    [
      'OTEL_TRACES_ENABLED=false beats an endpoint',
      { OTEL_TRACES_ENABLED: 'false', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' },
      false,
      ['otlp'],
    ],
    ['OTEL_SDK_DISABLED beats everything', { OTEL_SDK_DISABLED: 'true', OTEL_TRACES_ENABLED: 'true' }, false, ['otlp']],
  ])('%s', (_label, env, enabled, exporters) => {
    const config = tracingConfig(env);
    expect(config.enabled).toBe(enabled);
    expect(config.exporters).toEqual(exporters);
  });

  it.each<[NodeJS.ProcessEnv, string]>([
    [{}, 'http://localhost:4318/v1/traces'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }, 'http://collector:4318/v1/traces'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otlp.example.com/otlp' }, 'https://otlp.example.com/otlp/v1/traces'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:4318/traces' }, 'http://b:4318/traces'],
  ])('endpoint of %p is %p', (env, endpoint) => {
    expect(tracingConfig(env).endpoint).toBe(endpoint);
  });

  it.each<[NodeJS.ProcessEnv, RegExp]>([
    [{ OTEL_TRACES_EXPORTER: 'jaeger' }, /OTEL_TRACES_EXPORTER must be otlp, console or none/],
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, /only OTLP over HTTP/],
    [{ OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }, /only OTLP over HTTP/],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, /must be an http\(s\) URL/],
    [{ OTEL_TRACES_ENABLED: 'maybe' }, /OTEL_TRACES_ENABLED must be true or false/],
  ])('refuses %p', (env, message) => {
    expect(() => tracingConfig(env)).toThrow(message);
  });
});

describe('maskSqlLiterals (statement text in SQL spans)', () => {
  it.each<[string, string]>([
    [`select * from "app_user" where "id" in (3, 4) order by id`, `select * from "app_user" where "id" in (?, ?) order by id`],
    [`where t.token_hash = '30bae5fd' and t.expires_at > '2026-12-07T05:36:04.239Z'`, `where t.token_hash = ? and t.expires_at > ?`],
    [`insert into customer (name, phone) values ('张''伟', '13812345678')`, `insert into customer (name, phone) values (?, ?)`],
    [`select E'back\\\\slash \\' quote', 'C:\\'`, `select ?, ?`],
    [`select $tag$ it's $tag$, $$x$$, $1, $12`, `select ?, ?, $1, $12`],
    [`select "col 1", t1.x, x::int[], 12.5, .5, 1e5, -3 from t2 limit 11`, `select "col 1", t1.x, x::int[], ?, ?, ?, -? from t2 limit ?`],
    [`select '{"a":"x''y"}'::jsonb`, `select ?::jsonb`],
  ])('%s', (sql, masked) => {
    expect(maskSqlLiterals(sql)).toBe(masked);
  });
});
