import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalStorage, createMemoryStorage } from '../src/lib/storage';
import { countRows, enterpriseAt, IMAGES, multipart, uploadPhoto, visitBody } from './helpers/duty-fixtures';
import { fakeJpegPage, metadataOf } from './helpers/photos';
import { createTestApp, type TestApp } from './helpers/test-app';

let t: TestApp;
const storage = createMemoryStorage();
beforeAll(async () => {
  t = await createTestApp({ storage });
});
afterAll(() => t.close());

const upload = (as: string, file: Buffer, options?: Parameters<typeof multipart>[1]) =>
  t.request({ method: 'POST', url: '/api/v1/uploads', as, ...multipart(file, options) });

describe('POST /api/v1/uploads (visit photos: images only, ≤ 10 MB)', () => {
  it.each([
    ['png', IMAGES.png, 'image/png'],
    ['jpeg', IMAGES.jpeg, 'image/jpeg'],
    ['webp', IMAGES.webp, 'image/webp'],
  ] as const)('accepts %s by its magic bytes', async (_kind, bytes, type) => {
    // The declared type is ignored; the bytes decide.
    const res = await upload('刘芳', bytes, { contentType: 'application/octet-stream', filename: 'x.bin' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ contentType: type });
    expect(res.json().url).toBe(`/api/v1/uploads/${res.json().id}`);
    expect(storage.keys()).toContain(res.json().id);
  });

  it('refuses an image whose pixels cannot be decoded (HEVC HEIC, a JPEG header before a web page) → 415, nothing stored', async () => {
    const keys = storage.keys().length;
    for (const bytes of [IMAGES.heic, fakeJpegPage()]) {
      const res = await upload('刘芳', bytes, { contentType: 'image/jpeg' });
      expect(res.statusCode).toBe(415);
      expect(res.json().code).toBe('upload_image_unreadable');
      expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(storage.keys().length).toBe(keys);
  });

  it('rejects a non-image even when it claims to be a PNG → 415, nothing stored', async () => {
    const keys = storage.keys().length;
    const rows = await countRows(t, 'uploads');
    for (const bytes of [
      IMAGES.gif,
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
      Buffer.from('%PDF-1.7'),
    ]) {
      const res = await upload('刘芳', bytes, { contentType: 'image/png', filename: 'photo.png' });
      expect(res.statusCode).toBe(415);
      expect(res.json()).toMatchObject({
        code: 'upload_type_invalid',
        message: '只能上传 JPEG、PNG、WebP 或 HEIC 格式的图片',
      });
    }
    expect(storage.keys().length).toBe(keys);
    expect(await countRows(t, 'uploads')).toBe(rows);
  });

  it('rejects more than 10 MB → 413 upload_too_large', async () => {
    const big = Buffer.concat([IMAGES.jpeg, Buffer.alloc(10 * 1024 * 1024, 7)]);
    const res = await upload('刘芳', big, { contentType: 'image/jpeg' });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('upload_too_large');
  });

  it('accepts a photo of a few megabytes (above the 1 MB JSON body limit)', async () => {
    const photo = await sharp({
      create: {
        width: 1600,
        height: 1200,
        channels: 3,
        background: '#808080',
        noise: { type: 'gaussian', mean: 128, sigma: 40 },
      },
    })
      .jpeg({ quality: 95 })
      .toBuffer();
    expect(photo.length).toBeGreaterThan(1024 * 1024);
    const res = await upload('刘芳', photo, { contentType: 'image/jpeg' });
    expect(res.statusCode).toBe(201);
  });

  it('an empty file, no file part or a JSON body → 4xx, never a 500', async () => {
    expect((await upload('刘芳', Buffer.alloc(0))).statusCode).toBe(400);
    const fieldOnly = await t.request({
      method: 'POST',
      url: '/api/v1/uploads',
      as: '刘芳',
      headers: { 'content-type': 'multipart/form-data; boundary=abc' },
      payload: '--abc\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--abc--\r\n',
    });
    expect(fieldOnly.statusCode).toBe(400);
    expect(fieldOnly.json().code).toBe('upload_missing');
    const json = await t.request({
      method: 'POST',
      url: '/api/v1/uploads',
      as: '刘芳',
      payload: { file: 'x' },
    });
    expect(json.statusCode).toBe(415);
    const none = await t.request({ method: 'POST', url: '/api/v1/uploads', ...multipart(IMAGES.png) });
    expect(none.statusCode).toBe(401);
  });
});

describe('GET /api/v1/uploads/:id', () => {
  it('the uploader reads it; nobody else until it is attached to a log they can read', async () => {
    const id = await uploadPhoto(t, '刘芳');
    const own = await t.request({ method: 'GET', url: `/api/v1/uploads/${id}`, as: '刘芳' });
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-type']).toBe('image/png');
    expect(await metadataOf(own.rawPayload)).toMatchObject({ format: 'png', width: 8, height: 6 });
    expect(own.headers['x-content-type-options']).toBe('nosniff');
    expect((await t.request({ method: 'GET', url: `/api/v1/uploads/${id}`, as: '王海峰' })).statusCode).toBe(
      404,
    );

    const e = await enterpriseAt(t, '330106109000', 0);
    const visit = await t.request({
      method: 'POST',
      url: '/api/v1/visits',
      as: '刘芳',
      payload: visitBody(e.id, '2026-11-12T02:00:00Z', [id]),
    });
    expect(visit.statusCode).toBe(201);
    expect((await t.request({ method: 'GET', url: `/api/v1/uploads/${id}`, as: '王海峰' })).statusCode).toBe(
      200,
    );
    expect((await t.request({ method: 'GET', url: `/api/v1/uploads/${id}`, as: '孙立新' })).statusCode).toBe(
      404,
    );
    expect((await t.request({ method: 'GET', url: `/api/v1/uploads/${id}`, as: '周强' })).statusCode).toBe(
      404,
    );
    expect((await t.request({ method: 'GET', url: '/api/v1/uploads/nope', as: '刘芳' })).statusCode).toBe(
      400,
    );
  });
});

describe('lib/storage local files', () => {
  it('writes under its root, reads back as a stream, deletes, and refuses unsafe keys', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'coordnet-storage-'));
    try {
      const local = createLocalStorage(root);
      await local.put('abcdef', IMAGES.png, 'image/png');
      expect(readdirSync(path.join(root, 'ab'))).toEqual(['abcdef']);
      const got = await local.get('abcdef');
      const chunks: Buffer[] = [];
      for await (const chunk of got!.stream) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks).equals(IMAGES.png)).toBe(true);
      expect(got!.size).toBe(IMAGES.png.length);
      await local.delete('abcdef');
      expect(await local.get('abcdef')).toBeNull();
      await expect(local.put('../escape', IMAGES.png, 'image/png')).rejects.toThrow(/unsafe/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
