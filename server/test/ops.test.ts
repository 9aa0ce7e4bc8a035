import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import type { Database } from '../src/db/client';
import { createTestApp, testConfig, type TestApp } from './helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('operations', () => {
  it('answers /healthz and /readyz when the database is reachable', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });

  it('answers /readyz 503 with Retry-After when the database is not reachable', async () => {
    const broken: Database = {
      ...t.database,
      ping: () => Promise.reject(new Error('connection refused')),
    };
    const app = await buildApp({ config: testConfig(), database: broken, clock: t.clock, logger: false });
    try {
      const res = await app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.json()).toMatchObject({ code: 'service_unavailable' });
    } finally {
      await app.close();
    }
  });

  it('exposes Prometheus metrics: latency per route, pool usage and event-loop lag', async () => {
    await t.request({ method: 'GET', url: '/api/v1/me', as: '王海峰' });
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/http_request_duration_seconds_bucket\{.*route="\/api\/v1\/me"/);
    expect(res.body).toContain('db_pool_connections{state="total"}');
    expect(res.body).toContain('nodejs_eventloop_lag_seconds');
  });

  it('publishes OpenAPI generated from the zod schemas', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/json' });
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3/);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/enterprises', '/api/v1/enterprises/{id}', '/api/v1/me']),
    );
    expect(doc.paths['/api/v1/enterprises'].post.requestBody).toBeTruthy();
  });

  it('sets security headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBeTruthy();
  });
});

describe('errors are always JSON { code, message } with a Chinese message', () => {
  it('malformed JSON → 400 invalid_json', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/enterprises',
      as: '王海峰',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ code: 'invalid_json', message: '请求内容不是有效的 JSON' });
  });

  it('an oversize body → 413', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/enterprises',
      as: '王海峰',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(2_000_000) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('body_too_large');
  });

  it('an unknown route → 404 route_not_found', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ code: 'route_not_found', message: '接口不存在' });
  });

  it('an unexpected failure → 500 internal_error without a stack trace', async () => {
    const failing: Database = {
      ...t.database,
      db: new Proxy(t.database.db, {
        get: (target, key) => {
          if (key === 'select') throw new Error('secret internals at /srv/db.ts:42');
          return Reflect.get(target, key);
        },
      }),
    };
    const app = await buildApp({ config: testConfig(), database: failing, clock: t.clock, logger: false });
    try {
      const res = await app.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: { authorization: `Bearer ${await t.tokenFor('王海峰')}` },
      });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({ code: 'internal_error', message: '服务器内部错误，请稍后再试' });
      expect(res.body).not.toContain('secret internals');
    } finally {
      await app.close();
    }
  });

  it('validation errors say in Chinese which field is wrong', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/enterprises?limit=0', as: '王海峰' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('validation_failed');
    expect(res.json().message).toMatch(/querystring\.limit/);
    expect(res.json().message).toMatch(/[\u4e00-\u9fff]/);
  });
});
