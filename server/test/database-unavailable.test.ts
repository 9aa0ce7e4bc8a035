import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../src/lib/database-errors';
import errorsPlugin from '../src/plugins/errors';

/**
 * The database going away is not the client's fault and not a bug either: 503 with Retry-After,
 * so phones keep the write in their outbox and try again (R3 drill: test/drills/r3-database-outage.ts).
 */
const wrapped = (cause: Error) => Object.assign(new Error('Failed query: select 1'), { cause });
const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('errors that mean the database is unavailable', () => {
  it.each([
    ['the pool could not connect in time', wrapped(new Error('timeout exceeded when trying to connect'))],
    ['the connection dropped', wrapped(new Error('Connection terminated unexpectedly'))],
    ['the client-side query timeout', wrapped(new Error('Query read timeout'))],
    ['connection refused', wrapped(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))],
    ['statement timeout (57014)', wrapped(withCode('canceling statement due to statement timeout', '57014'))],
    ['the server shutting down (57P01)', wrapped(withCode('terminating connection', '57P01'))],
    ['too many connections (53300)', withCode('sorry, too many clients already', '53300')],
  ])('%s → 503 service_unavailable with Retry-After', async (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
    const app = Fastify({ logger: false });
    await app.register(errorsPlugin);
    app.get('/boom', async () => {
      throw error;
    });
    const res = await app.inject({ method: 'GET', url: '/boom' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.json()).toEqual({ code: 'service_unavailable', message: '服务暂时不可用，请稍后再试' });
    await app.close();
  });

  it.each([
    ['a unique violation', wrapped(withCode('duplicate key', '23505'))],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
  ])('%s stays what it is (not a 503)', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
