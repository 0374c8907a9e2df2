import { describe, expect, it } from 'vitest';
import { DatabaseUnavailableError, isDatabaseUnavailable } from './outage.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a backend terminated (pg_terminate_backend)', withCode('57P01', 'terminating connection due to administrator command')],
    ['the server resetting after a crash', withCode('57P02')],
    ['the server starting up or recovering', withCode('57P03', 'the database system is starting up')],
    ['too many connections', withCode('53300')],
    ['a connection failure (class 08)', withCode('08006')],
    ['a refused connection', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['a reset connection', withCode('ECONNRESET')],
    ['the driver seeing the socket close', new Error('Connection terminated unexpectedly')],
    ['the pool giving up on connecting', new Error('timeout exceeded when trying to connect')],
    ['a client whose connection already failed', new Error('Client has encountered a connection error and is not queryable')],
    ['every address refused (happy eyeballs)', new AggregateError([withCode('ECONNREFUSED')], 'connect failed')],
    ['a wrapped cause', new Error('saving failed', { cause: withCode('57P01') })],
    ['the start-up error', new DatabaseUnavailableError('cannot reach PostgreSQL')],
  ])('%s: yes', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('23505', 'duplicate key value violates unique constraint')],
    ['a syntax error', withCode('42601')],
    ['a serialization failure', withCode('40001')],
    ['a plain bug', new TypeError('cannot read properties of undefined')],
    ['not an error at all', 'Connection terminated'],
    ['nothing', undefined],
  ])('%s: no', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('stops on a cycle of causes', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(isDatabaseUnavailable(a)).toBe(false);
  });
});
