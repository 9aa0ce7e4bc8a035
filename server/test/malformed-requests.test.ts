import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, IMAGES } from './helpers/duty-fixtures';
import { createTestApp, type TestApp } from './helpers/test-app';

/**
 * Requests found by the R4 drill (test/drills/r4-invalid-requests.ts) that used to get a 500 or a
 * body without `{ code, message }`: each is the client's mistake and gets a Chinese 4xx.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const expectChineseError = (body: { code?: unknown; message?: unknown }, code: string) => {
  expect(body.code).toBe(code);
  expect(body.message).toMatch(/[\u4e00-\u9fff]/);
};

describe('uploads whose multipart body is broken → 400 upload_malformed, nothing stored', () => {
  const broken = (boundary: string, contentType: string, tail: string) => ({
    method: 'POST' as const,
    url: '/api/v1/uploads',
    as: '刘芳',
    headers: { 'content-type': contentType },
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      IMAGES.png,
      Buffer.from(tail),
    ]),
  });

  it.each([
    ['no boundary in the content type', broken('b0', 'multipart/form-data', '\r\n--b0--\r\n')],
    ['a form cut off before its closing boundary', broken('b1', 'multipart/form-data; boundary=b1', '')],
  ])('%s', async (_what, request) => {
    const rows = await countRows(t, 'uploads');
    const res = await t.request(request);
    expect(res.statusCode).toBe(400);
    expectChineseError(res.json(), 'upload_malformed');
    expect(await countRows(t, 'uploads')).toBe(rows);
  });
});

describe('12 digits that are no division code (a zero segment before a non-zero one) → 400, not 500', () => {
  it.each([
    '/api/v1/reminders?jurisdiction=264700899914',
    '/api/v1/duties?rule=C1&period=2026-11&jurisdiction=330006109000',
    '/api/v1/work-groups?jurisdiction=000000000001',
    '/api/v1/settings/330100000001',
  ])('%s', async (url) => {
    const res = await t.request({ method: 'GET', url, as: '陈建国' });
    expect(res.statusCode).toBe(400);
    expectChineseError(res.json(), 'validation_failed');
    expect(res.json().message).toContain('行政区划代码不正确');
  });
});

describe('URLs the router cannot take', () => {
  it('a path that is not valid percent-encoding → 400 bad_request', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/enterprises/%zz%', as: '王海峰' });
    expect(res.statusCode).toBe(400);
    expectChineseError(res.json(), 'bad_request');
  });

  it('a path parameter over the router limit → 414 url_too_long', async () => {
    const res = await t.request({
      method: 'GET',
      url: `/api/v1/enterprises/${'x'.repeat(600)}`,
      as: '王海峰',
    });
    expect(res.statusCode).toBe(414);
    expectChineseError(res.json(), 'url_too_long');
  });
});

describe('requests the HTTP parser rejects', () => {
  it('headers too large → 431 with { code, message }', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as { port: number };
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(`GET /api/v1/me HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
      });
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 431/);
    expectChineseError(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)), 'bad_request');
  });
});
