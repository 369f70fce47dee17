import { DriverException, UniqueConstraintViolationException } from '@mikro-orm/core';
import { GraphQLError } from 'graphql';
import { KnexTimeoutError } from 'knex';
import { DatabaseError } from 'pg';
import { RequestError } from '../../src/domain/common/domain-error';
import { isDatabaseUnavailable } from '../../src/db/unavailable';
import { say } from '../../src/domain/common/bilingual';

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

function pgError(message: string, code: string): DatabaseError {
  const e = new DatabaseError(message, 0, 'error');
  e.code = code;
  return e;
}

const poolTimeout = new KnexTimeoutError(
  'Knex: Timeout acquiring a connection. The pool is probably full. Are you missing a .transacting(trx) call?',
);
const refused = withCode('connect ECONNREFUSED 127.0.0.1:54329', 'ECONNREFUSED');

describe('isDatabaseUnavailable', () => {
  it.each<[string, unknown]>([
    ['a pool time-out from knex', poolTimeout],
    ['a pool time-out wrapped by MikroORM (name overwritten, message kept)', new DriverException(poolTimeout)],
    ['a refused connection', refused],
    ['a refused connection wrapped by MikroORM', new DriverException(refused)],
    [
      'Node 20 trying ::1 and 127.0.0.1 (AggregateError)',
      Object.assign(new AggregateError([refused, withCode('connect ECONNREFUSED ::1:54329', 'ECONNREFUSED')], ''), {
        code: 'ECONNREFUSED',
      }),
    ],
    ['a reset socket', withCode('read ECONNRESET', 'ECONNRESET')],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    [
      'a transaction whose BEGIN failed on a terminated connection (knex)',
      new Error('Transaction query already complete, run with DEBUG=knex:tx for more info'),
    ],
    ['a client unusable after an error', new Error('Client has encountered a connection error and is not queryable')],
    ['a pool closed during shutdown', new Error('Unable to acquire a connection')],
    ['57P01 admin_shutdown (postmaster stopped)', pgError('terminating connection due to administrator command', '57P01')],
    ['57P02 crash_shutdown', pgError('terminating connection because of crash of another server process', '57P02')],
    ['57P03 cannot_connect_now (starting up)', pgError('the database system is starting up', '57P03')],
    ['53300 too_many_connections', pgError('sorry, too many clients already', '53300')],
    ['08006 connection_failure', pgError('connection failure', '08006')],
    ['as the cause of another error', new Error('loading failed', { cause: refused })],
    ['wrapped in a GraphQL error by the executor', new GraphQLError('x', { originalError: new DriverException(poolTimeout) })],
  ])('maps %s', (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each<[string, unknown]>([
    ['a statement time-out (57014)', pgError('canceling statement due to statement timeout', '57014')],
    ['a unique violation', new UniqueConstraintViolationException(pgError('duplicate key value violates unique constraint', '23505'))],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    [
      'a request error quoting the client',
      new RequestError('BAD_USER_INPUT', say('名称 "Connection terminated" 不允许', 'name "Connection terminated" is not allowed')),
    ],
    [
      'a GraphQL error quoting the client',
      new GraphQLError('Unknown argument "Timeout acquiring a connection"', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
    ],
    [
      'an SQL error whose statement quotes the client (knex prefixes the SQL)',
      new DriverException(
        pgError(`select * from customer where name = 'Connection terminated' - invalid input syntax for type integer`, '22P02'),
      ),
    ],
    [
      'an error without SQLSTATE whose SQL part quotes the client',
      new Error(`update customer set note = 'Timeout acquiring a connection' - value too long for type character varying(10)`),
    ],
    ['nothing', undefined],
    ['a string', 'ECONNREFUSED'],
  ])('does not map %s', (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
