import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../src/lib/storage';
import { countRows, IMAGES, multipart } from './helpers/duty-fixtures';
import { createTestApp, type TestApp } from './helpers/test-app';

/**
 * The offline outbox retries photo uploads until the server answers (docs/domain.md: zero lost, zero
 * duplicated): a retry with the photo's clientId returns the first upload and stores no second
 * file. Inside DingTalk the photo is already on DingTalk's CDN and the server fetches it — only
 * from the configured DingTalk origins (here a local fake image server allowed by the test config).
 */
let t: TestApp;
let images: Server;
let origin: string;
let other: Server;
let otherOrigin: string;
const storage = createMemoryStorage();
const hits: string[] = [];

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

beforeAll(async () => {
  images = createServer((req, res) => {
    hits.push(req.url ?? '');
    const path = req.url ?? '';
    if (path === '/photo.jpg') res.writeHead(200, { 'content-type': 'image/jpeg' }).end(IMAGES.jpeg);
    else if (path === '/photo.png') res.writeHead(200, { 'content-type': 'image/png' }).end(IMAGES.png);
    else if (path === '/page.html') res.writeHead(200, { 'content-type': 'image/jpeg' }).end('<html></html>');
    else if (path === '/moved') res.writeHead(302, { location: '/photo.png' }).end();
    else if (path === '/away') res.writeHead(302, { location: `${otherOrigin}/photo.jpg` }).end();
    else if (path === '/huge') {
      // No Content-Length: the limit has to be enforced while reading.
      res.writeHead(200, { 'content-type': 'image/jpeg' });
      res.write(IMAGES.jpeg);
      const chunk = Buffer.alloc(1024 * 1024, 7);
      let sent = 0;
      const pump = () => {
        while (sent < 11 && res.write(chunk)) sent++;
        if (sent >= 11) res.end();
        else res.once('drain', pump);
      };
      pump();
    } else if (path === '/slow') setTimeout(() => res.writeHead(200).end(IMAGES.jpeg), 3_000);
    else res.writeHead(404).end();
  });
  other = createServer((_req, res) => res.writeHead(200, { 'content-type': 'image/jpeg' }).end(IMAGES.jpeg));
  origin = await listen(images);
  otherOrigin = await listen(other);
  t = await createTestApp({
    storage,
    env: { DINGTALK_PHOTO_ORIGINS: origin, PHOTO_FETCH_TIMEOUT_MS: '1000' },
  });
});
afterAll(async () => {
  await t.close();
  images.closeAllConnections();
  other.closeAllConnections();
  await new Promise((resolve) => images.close(resolve));
  await new Promise((resolve) => other.close(resolve));
});

const upload = (file: Buffer, clientId?: string, as = '刘芳') =>
  t.request({
    method: 'POST',
    url: `/api/v1/uploads${clientId ? `?clientId=${clientId}` : ''}`,
    as,
    ...multipart(file),
  });
const fromUrl = (payload: object, as = '刘芳') =>
  t.request({ method: 'POST', url: '/api/v1/uploads/from-url', as, payload });

describe('POST /api/v1/uploads idempotent on clientId', () => {
  it('a retried photo returns the same upload (200) and stores no second file', async () => {
    const clientId = randomUUID();
    const first = await upload(IMAGES.jpeg, clientId);
    expect(first.statusCode).toBe(201);
    const files = storage.keys().length;
    const rows = await countRows(t, 'uploads');
    const retry = await upload(IMAGES.jpeg, clientId);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(first.json());
    expect(storage.keys().length).toBe(files);
    expect(await countRows(t, 'uploads')).toBe(rows);
  });

  it('retries racing each other still make one upload', async () => {
    const clientId = randomUUID();
    const rows = await countRows(t, 'uploads');
    const files = storage.keys().length;
    const answers = await Promise.all([1, 2, 3].map(() => upload(IMAGES.png, clientId)));
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 201]);
    expect(await countRows(t, 'uploads')).toBe(rows + 1);
    expect(storage.keys().length).toBe(files + 1);
  });

  it('the same clientId with another photo is a 409; another person’s clientId is theirs', async () => {
    const clientId = randomUUID();
    expect((await upload(IMAGES.jpeg, clientId)).statusCode).toBe(201);
    const clash = await upload(IMAGES.png, clientId);
    expect(clash.statusCode).toBe(409);
    expect(clash.json().code).toBe('idempotency_conflict');
    expect((await upload(IMAGES.jpeg, clientId, '周强')).statusCode).toBe(201);
  });

  it('without a clientId every upload is new; a malformed one is a 400', async () => {
    const a = await upload(IMAGES.png);
    const b = await upload(IMAGES.png);
    expect(a.json().id).not.toBe(b.json().id);
    expect((await upload(IMAGES.png, 'abc')).statusCode).toBe(400);
  });
});

describe('POST /api/v1/uploads/from-url (DingTalk-hosted photos)', () => {
  it('fetches an image from an allowed origin, checks its bytes and stores it once per clientId', async () => {
    const clientId = randomUUID();
    const url = `${origin}/photo.jpg`;
    const first = await fromUrl({ clientId, url });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ contentType: 'image/jpeg' });
    const fetched = hits.length;
    const retry = await fromUrl({ clientId, url });
    expect(retry.statusCode).toBe(200);
    expect(retry.json().id).toBe(first.json().id);
    expect(hits.length).toBe(fetched); // not fetched again
    const photo = await t.request({ method: 'GET', url: first.json().url, as: '刘芳' });
    expect(photo.rawPayload.length).toBe(first.json().sizeBytes); // the re-encoded photo
    const clash = await fromUrl({ clientId, url: `${origin}/photo.png` });
    expect(clash.statusCode).toBe(409);
  });

  it('follows a redirect that stays on the allowed origin', async () => {
    const res = await fromUrl({ clientId: randomUUID(), url: `${origin}/moved` });
    expect(res.statusCode).toBe(201);
    expect(res.json().contentType).toBe('image/png');
  });

  it('refuses other hosts, redirects to them, credentials and other schemes (400), fetching nothing', async () => {
    const rows = await countRows(t, 'uploads');
    for (const url of [
      `${otherOrigin}/photo.jpg`,
      `${origin}/away`,
      'http://169.254.169.254/latest/meta-data/',
      `${origin.replace('http://', 'http://user:pw@')}/photo.jpg`,
      'file:///etc/passwd',
      `${origin.replace('127.0.0.1', 'localhost')}/photo.jpg`,
    ]) {
      const res = await fromUrl({ clientId: randomUUID(), url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(await countRows(t, 'uploads')).toBe(rows);
  });

  it('checks the bytes like a multipart upload: a page is not a photo (415)', async () => {
    const res = await fromUrl({ clientId: randomUUID(), url: `${origin}/page.html` });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('upload_type_invalid');
  });

  it('stops reading past 10 MB (413), even without a Content-Length', async () => {
    const res = await fromUrl({ clientId: randomUUID(), url: `${origin}/huge` });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('upload_too_large');
  });

  it('a missing photo or a slow host is a 502 the phone retries later, not a 500', async () => {
    const missing = await fromUrl({ clientId: randomUUID(), url: `${origin}/gone.jpg` });
    expect(missing.statusCode).toBe(502);
    expect(missing.json().code).toBe('upload_url_unreachable');
    const slow = await fromUrl({ clientId: randomUUID(), url: `${origin}/slow` });
    expect(slow.statusCode).toBe(502);
  });

  it('bad bodies → 400; signed out → 401', async () => {
    expect((await fromUrl({ url: `${origin}/photo.jpg` })).statusCode).toBe(400);
    expect((await fromUrl({ clientId: randomUUID(), url: 'not a url' })).statusCode).toBe(400);
    const anonymous = await t.request({
      method: 'POST',
      url: '/api/v1/uploads/from-url',
      payload: { clientId: randomUUID(), url: `${origin}/photo.jpg` },
    });
    expect(anonymous.statusCode).toBe(401);
  });
});
