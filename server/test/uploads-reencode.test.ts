import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Storage } from '../src/lib/s3-storage';
import { multipart } from './helpers/duty-fixtures';
import { startFakeS3, type FakeS3 } from './helpers/fake-s3';
import { GPS_MAKER, metadataOf, phonePhoto, polyglotJpeg } from './helpers/photos';
import { createTestApp, type TestApp } from './helpers/test-app';

/**
 * Photos reach people the API deliberately denies check-in positions (issue 16): every image is
 * re-encoded on the server, so no EXIF (GPS, device, time) and nothing smuggled in the file
 * survives, its size is bounded, and only the re-encoded image is stored — here in an
 * S3-compatible bucket, where the test can see every byte kept.
 */
let t: TestApp;
let s3: FakeS3;
let images: Server;
let origin: string;

beforeAll(async () => {
  s3 = await startFakeS3();
  const polyglot = await polyglotJpeg();
  const gps = await phonePhoto({ width: 640, height: 480 });
  images = createServer((req, res) => {
    if (req.url === '/polyglot.jpg') res.writeHead(200, { 'content-type': 'image/jpeg' }).end(polyglot);
    else if (req.url === '/gps.jpg') res.writeHead(200, { 'content-type': 'image/jpeg' }).end(gps);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
  t = await createTestApp({
    storage: createS3Storage({
      endpoint: s3.endpoint,
      bucket: s3.bucket,
      region: s3.region,
      credentials: s3.credentials,
      forcePathStyle: true,
      prefix: '',
    }),
    env: { DINGTALK_PHOTO_ORIGINS: origin },
  });
});
afterAll(async () => {
  await t.close();
  images.closeAllConnections();
  await new Promise((resolve) => images.close(resolve));
  await s3.close();
});

const upload = async (file: Buffer) => {
  const res = await t.request({ method: 'POST', url: '/api/v1/uploads', as: '刘芳', ...multipart(file) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; url: string; contentType: string; sizeBytes: number };
};
const stored = (id: string) => s3.objects.get(id)!.body;
const served = async (url: string) => (await t.request({ method: 'GET', url, as: '刘芳' })).rawPayload;

describe('uploaded photos are re-encoded (issue 16: EXIF, polyglots, size)', () => {
  it('strips EXIF (GPS position, device) and keeps nothing of the original, in the bucket or served', async () => {
    const original = await phonePhoto({ width: 800, height: 600 });
    expect((await metadataOf(original)).exif).toBeDefined();
    expect(original.includes(GPS_MAKER)).toBe(true);
    const before = s3.objects.size;
    const photo = await upload(original);
    expect(s3.objects.size).toBe(before + 1); // one object: the re-encoded photo, no original beside it
    for (const bytes of [stored(photo.id), await served(photo.url)]) {
      const meta = await metadataOf(bytes);
      expect(meta).toMatchObject({ format: 'jpeg', width: 800, height: 600 });
      expect(meta.exif).toBeUndefined();
      expect(meta.icc).toBeUndefined();
      expect(bytes.includes(GPS_MAKER)).toBe(false);
    }
    expect(photo.sizeBytes).toBe(stored(photo.id).length);
  });

  it('bounds the longest side to 2560 pixels and turns the photo upright by its EXIF orientation', async () => {
    const large = await upload(await phonePhoto({ width: 3200, height: 2400 }));
    expect(await metadataOf(stored(large.id))).toMatchObject({ width: 2560, height: 1920 });
    // Orientation 6: the camera stored it landscape, it is shown portrait.
    const turned = await upload(await phonePhoto({ width: 800, height: 600, orientation: 6 }));
    const meta = await metadataOf(stored(turned.id));
    expect(meta).toMatchObject({ width: 600, height: 800 });
    expect(meta.orientation).toBeUndefined();
  });

  it('a polyglot (a JPEG carrying an HTML page) comes out as a plain image', async () => {
    const polyglot = await polyglotJpeg();
    expect(polyglot.includes('<script>')).toBe(true);
    const photo = await upload(polyglot);
    expect(photo.contentType).toBe('image/jpeg');
    for (const bytes of [stored(photo.id), await served(photo.url)]) {
      expect(bytes.includes('<script>')).toBe(false);
      expect(bytes.includes('<html>')).toBe(false);
      expect(await metadataOf(bytes)).toMatchObject({ format: 'jpeg', width: 64, height: 48 });
    }
  });

  it('does the same for photos fetched from DingTalk (POST /uploads/from-url)', async () => {
    for (const path of ['/polyglot.jpg', '/gps.jpg']) {
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/uploads/from-url',
        as: '刘芳',
        payload: { clientId: randomUUID(), url: `${origin}${path}` },
      });
      expect(res.statusCode, res.body).toBe(201);
      const bytes = stored(res.json().id);
      expect(bytes.includes('<script>')).toBe(false);
      expect(bytes.includes(GPS_MAKER)).toBe(false);
      expect((await metadataOf(bytes)).exif).toBeUndefined();
    }
  });
});
