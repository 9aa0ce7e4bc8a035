import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { createS3Storage } from '../src/lib/s3-storage';
import { createLocalStorage, createStorage, type Storage } from '../src/lib/storage';
import { startFakeS3, type FakeS3 } from './helpers/fake-s3';
import { commitImport, csvOf, dryRun, importUscc } from './helpers/imports';
import { createTestApp } from './helpers/test-app';

let s3: FakeS3;
beforeAll(async () => {
  s3 = await startFakeS3();
});
afterAll(() => s3.close());

const s3Options = (overrides: Partial<Parameters<typeof createS3Storage>[0]> = {}) => ({
  endpoint: s3.endpoint,
  bucket: s3.bucket,
  region: s3.region,
  credentials: s3.credentials,
  forcePathStyle: true,
  prefix: 'coordnet/',
  ...overrides,
});

const bytesOf = async (storage: Storage, key: string) => {
  const stored = await storage.get(key);
  if (!stored) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of stored.stream) chunks.push(chunk as Buffer);
  return { data: Buffer.concat(chunks), size: stored.size };
};

const implementations: [string, () => Storage][] = [
  ['a local folder', () => createLocalStorage(mkdtempSync(path.join(tmpdir(), 'coordnet-storage-')))],
  ['an S3-compatible bucket', () => createS3Storage(s3Options())],
];

describe.each(implementations)('file storage in %s', (_name, make) => {
  it('keeps bytes under a key, replaces them, returns null for a missing key and deletes idempotently', async () => {
    const storage = make();
    const photo = randomBytes(300_000);
    await storage.put('photo-1', photo, 'image/jpeg');
    expect(await bytesOf(storage, 'photo-1')).toEqual({ data: photo, size: photo.length });
    await storage.put('photo-1', Buffer.from('second'), 'image/jpeg');
    expect((await bytesOf(storage, 'photo-1'))!.data.toString()).toBe('second');
    expect(await storage.get('photo-2')).toBeNull();
    await storage.delete('photo-1');
    await storage.delete('photo-1');
    expect(await storage.get('photo-1')).toBeNull();
  });

  it('streams a file of unknown length in (an import) and counts its bytes', async () => {
    const storage = make();
    const parts = Array.from({ length: 40 }, (_, i) => Buffer.alloc(100_000, i));
    const bytes = await storage.putStream('import-1', Readable.from(parts));
    expect(bytes).toBe(4_000_000);
    const back = await bytesOf(storage, 'import-1');
    expect(back!.size).toBe(4_000_000);
    expect(back!.data.equals(Buffer.concat(parts))).toBe(true);
    await storage.delete('import-1');
  });

  it('refuses keys that could escape their place', async () => {
    const storage = make();
    await expect(storage.put('../etc/passwd', Buffer.from('x'), 'text/plain')).rejects.toThrow(/unsafe/);
    await expect(storage.put('a/b', Buffer.from('x'), 'text/plain')).rejects.toThrow(/unsafe/);
  });
});

describe('S3-compatible storage (several instances share the files)', () => {
  it('is signed, one PUT with its length, under the prefix; a second instance reads what the first wrote', async () => {
    const a = createS3Storage(s3Options());
    const b = createS3Storage(s3Options());
    const before = s3.requests.length;
    await a.putStream('import-shared', Readable.from([Buffer.from('统一社会信用代码,企业名称\n')]));
    expect(s3.requests.slice(before)).toEqual(['PUT 200']);
    expect([...s3.objects.keys()]).toContain('coordnet/import-shared');
    expect(await text((await b.get('import-shared'))!.stream)).toBe('统一社会信用代码,企业名称\n');
    await b.delete('import-shared');
    expect(await a.get('import-shared')).toBeNull();
  });

  it('fails loudly with wrong credentials or an unknown bucket, at start (createStorage checks the bucket)', async () => {
    const wrong = createS3Storage(
      s3Options({
        credentials: { accessKeyId: s3.credentials.accessKeyId, secretAccessKey: 'wrong-secret' },
      }),
    );
    await expect(wrong.put('x1', Buffer.from('x'), 'text/plain')).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
    });
    const config = {
      kind: 's3' as const,
      ...s3Options({ bucket: 'no-such-bucket' }),
    };
    await expect(createStorage(config)).rejects.toMatchObject({ name: 'NoSuchBucket' });
    await expect(createStorage({ ...config, bucket: s3.bucket })).resolves.toBeDefined();
  });

  it('is chosen by S3_BUCKET; the endpoint, region, path style, prefix and credentials come from S3_*', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'coordnet-config-'));
    expect(loadConfig({ DATA_DIR: dataDir }).storage).toEqual({
      kind: 'local',
      dir: path.join(dataDir, 'uploads'),
    });
    expect(
      loadConfig({
        DATA_DIR: dataDir,
        S3_BUCKET: 'coordnet',
        S3_ENDPOINT: 'http://minio:9000/',
        S3_ACCESS_KEY_ID: 'key',
        S3_SECRET_ACCESS_KEY: 'secret',
        S3_FORCE_PATH_STYLE: '1',
        S3_PREFIX: 'prod',
      }).storage,
    ).toEqual({
      kind: 's3',
      bucket: 'coordnet',
      endpoint: 'http://minio:9000',
      region: 'us-east-1',
      credentials: { accessKeyId: 'key', secretAccessKey: 'secret' },
      forcePathStyle: true,
      prefix: 'prod/',
    });
    expect(() => loadConfig({ DATA_DIR: dataDir, S3_BUCKET: 'coordnet', S3_ACCESS_KEY_ID: 'key' })).toThrow(
      /S3_ACCESS_KEY_ID\/S3_SECRET_ACCESS_KEY: set both or neither/,
    );
    expect(() => loadConfig({ DATA_DIR: dataDir, S3_ENDPOINT: 'http://minio:9000' })).toThrow(/S3_BUCKET/);
  });
});

describe('the app on S3-compatible storage', () => {
  it('an import file goes to the bucket, is read from it by the dry run and deleted after the commit', async () => {
    const t = await createTestApp({ storage: createS3Storage(s3Options({ prefix: 'app/' })) });
    try {
      const file = csvOf([
        ['统一社会信用代码', '企业名称', '所属区划代码'],
        [importUscc(60), '杭州对象存储测试一号有限公司', '330106109000'],
        [importUscc(61), '杭州对象存储测试二号有限公司', '330106109000'],
      ]);
      const result = await dryRun(t, 'enterprises', file);
      expect(result).toMatchObject({ state: 'validated', inserts: 2 });
      expect([...s3.objects.keys()]).toContain(`app/import-${result.id}`);
      expect((await commitImport(t, result.id)).body).toMatchObject({ state: 'committed', inserts: 2 });
      // The file is deleted right after the commit's transaction.
      for (let i = 0; i < 100 && s3.objects.has(`app/import-${result.id}`); i++)
        await new Promise((r) => setTimeout(r, 20));
      expect([...s3.objects.keys()]).not.toContain(`app/import-${result.id}`);
    } finally {
      await t.close();
    }
  });
});
