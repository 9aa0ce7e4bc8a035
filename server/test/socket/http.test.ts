import { Agent } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenTestApp, type ListeningApp } from './listen';

/** Encodings, the built mini-app's files, security headers and connections, over a real socket. */
let t: ListeningApp;
let root: string;
const script = `console.log(${JSON.stringify('劳动关系协调员'.repeat(600))});`;
const html = `<!doctype html><title>劳动关系协调员网络</title>${'<!-- 协调员 -->'.repeat(200)}`;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'coordnet-socket-static-'));
  mkdirSync(path.join(root, 'assets'));
  for (const [file, text] of [
    ['index.html', html],
    ['assets/index-abc123.js', script],
  ] as const) {
    writeFileSync(path.join(root, file), text);
    writeFileSync(path.join(root, `${file}.br`), brotliCompressSync(text));
    writeFileSync(path.join(root, `${file}.gz`), gzipSync(text));
  }
  t = await listenTestApp({ env: { STATIC_DIR: root } });
});
afterAll(async () => {
  await t?.close();
  rmSync(root, { recursive: true, force: true });
});

const asset = '/assets/index-abc123.js';

describe('compression negotiation on the built mini-app (what a phone on a slow network downloads)', () => {
  it('Brotli to a browser that accepts it, decoded by the client to the very file, a third of the size on the wire', async () => {
    const res = await request(t.url).get(asset).set('accept-encoding', 'gzip, deflate, br');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(Number(res.headers['content-length'])).toBeLessThan(Buffer.byteLength(script) / 3);
    expect(res.text).toBe(script);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers.vary).toMatch(/accept-encoding/i);
  });

  it('gzip to a client that accepts only gzip, or that refuses Brotli with q=0', async () => {
    for (const accept of ['gzip', 'gzip;q=1.0, br;q=0']) {
      const res = await request(t.url).get(asset).set('accept-encoding', accept);
      expect(res.headers['content-encoding'], accept).toBe('gzip');
      expect(res.text).toBe(script);
    }
  });

  it('the plain file to a client that accepts no encoding', async () => {
    const res = await request(t.url).get(asset).set('accept-encoding', 'identity');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(script));
    expect(res.text).toBe(script);
  });

  it('the HTML entry for the app’s own routes, compressed and never cached', async () => {
    for (const url of ['/', '/enterprises/abc']) {
      const res = await request(t.url).get(url).set('accept-encoding', 'br');
      expect(res.status, url).toBe(200);
      expect(res.headers['content-encoding']).toBe('br');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.text).toBe(html);
    }
  });

  it('a missing asset is a 404, not the HTML entry', async () => {
    const res = await request(t.url).get('/assets/gone-000000.js').set('accept-encoding', 'br');
    expect(res.status).toBe(404);
  });
});

describe('security headers on every kind of answer', () => {
  const expectSecurityHeaders = (headers: Record<string, string>, what: string) => {
    expect(headers['content-security-policy'], what).toContain("default-src 'self'");
    expect(headers['content-security-policy'], what).toContain("img-src 'self' data: blob: https:");
    expect(headers['content-security-policy'], what).toContain("connect-src 'self'");
    expect(headers['x-content-type-options'], what).toBe('nosniff');
    expect(headers['x-frame-options'], what).toBe('SAMEORIGIN');
    expect(headers['strict-transport-security'], what).toMatch(/max-age=\d+/);
    expect(headers['referrer-policy'], what).toBe('no-referrer');
    expect(headers['cross-origin-opener-policy'], what).toBe('same-origin');
    expect(headers['x-powered-by'], what).toBeUndefined();
  };

  it('on the app, an asset, an API answer, an API error and a 404', async () => {
    const token = await t.bearer('王海峰');
    const answers = {
      app: await request(t.url).get('/'),
      asset: await request(t.url).get(asset),
      api: await request(t.url).get('/api/v1/me').set('authorization', token),
      unauthenticated: await request(t.url).get('/api/v1/me'),
      malformed: await request(t.url)
        .post('/api/v1/auth/dingtalk')
        .set('content-type', 'application/json')
        .send('{"authCode":'),
      notFound: await request(t.url).get('/api/v1/nowhere'),
    };
    expect(answers.api.status).toBe(200);
    expect(answers.unauthenticated.status).toBe(401);
    expect(answers.malformed.status).toBe(400);
    expect(answers.malformed.body.message).toMatch(/[\u4e00-\u9fff]/);
    expect(answers.notFound.status).toBe(404);
    for (const [what, res] of Object.entries(answers)) expectSecurityHeaders(res.headers, what);
  });
});

describe('keep-alive', () => {
  it('one connection carries many requests, a 400 for an invalid body included; a body that cannot be parsed ends it', async () => {
    let connections = 0;
    const count = () => connections++;
    t.app.server.on('connection', count);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const signIn = (body: string) =>
      request(t.url)
        .post('/api/v1/auth/dingtalk')
        .set('content-type', 'application/json')
        .send(body)
        .agent(agent);
    try {
      const token = await t.bearer('刘芳');
      const first = await request(t.url).get('/api/v1/me').set('authorization', token).agent(agent);
      expect(first.status).toBe(200);
      expect(first.headers.connection).toBe('keep-alive');
      expect(first.headers['keep-alive']).toMatch(/timeout=\d+/);
      const invalid = await signIn('{}');
      expect(invalid.status).toBe(400);
      expect(invalid.headers.connection).toBe('keep-alive');
      await new Promise((r) => setTimeout(r, 1_000)); // an idle pause shorter than the keep-alive timeout
      for (let i = 0; i < 3; i++) {
        const res = await request(t.url).get(asset).set('accept-encoding', 'br').agent(agent);
        expect(res.status).toBe(200);
      }
      expect(connections).toBe(1);
      // Fastify cannot tell where an unparseable body ends, so it answers and closes; the client
      // opens a new connection for its next request without the user noticing.
      const unparseable = await signIn('{not json');
      expect(unparseable.status).toBe(400);
      expect(unparseable.headers.connection).toBe('close');
      expect((await request(t.url).get('/api/v1/me').set('authorization', token).agent(agent)).status).toBe(
        200,
      );
      expect(connections).toBe(2);
    } finally {
      agent.destroy();
      t.app.server.off('connection', count);
    }
  });
});
