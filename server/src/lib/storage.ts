import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { S3StorageOptions } from './s3-storage';

/**
 * Where uploaded bytes (photos, import files) live: a local folder (DATA_DIR/uploads, one
 * instance) or an S3-compatible bucket (s3-storage.ts: MinIO, Aliyun OSS, AWS; shared by several
 * instances), chosen by the environment (createStorage).
 */
export interface Storage {
  /** Stores the bytes under `key`, replacing what was there. */
  put(key: string, data: Buffer, contentType: string): Promise<void>;
  /** Streams the bytes in (never held whole in memory); resolves with their count. */
  putStream(key: string, data: Readable): Promise<number>;
  /** A stream of the bytes, or null when nothing is stored under `key`. */
  get(key: string): Promise<{ stream: Readable; size: number } | null>;
  /** Removes the bytes; a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** True when nothing is stored at all (restore refuses a target that holds files). */
  isEmpty(): Promise<boolean>;
}

const SAFE_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function checkKey(key: string): string {
  if (!SAFE_KEY.test(key)) throw new Error(`unsafe storage key: ${key}`);
  return key;
}

/** Files under `root`, fanned out by the key's first two characters; written atomically via rename. */
export function createLocalStorage(root: string): Storage {
  const fileOf = (key: string) => path.join(root, checkKey(key).slice(0, 2), key);
  return {
    async put(key, data) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(temp, data, { mode: 0o600 });
      await rename(temp, file);
    },
    async putStream(key, data) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
      let bytes = 0;
      data.on('data', (chunk: Buffer) => (bytes += chunk.length));
      try {
        await pipeline(data, createWriteStream(temp, { mode: 0o600 }));
        await rename(temp, file);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
      return bytes;
    },
    async get(key) {
      const file = fileOf(key);
      try {
        const info = await stat(file);
        return { stream: createReadStream(file), size: info.size };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async delete(key) {
      await rm(fileOf(key), { force: true });
    },
    async isEmpty() {
      const entries = await readdir(root).catch(() => []);
      return entries.length === 0;
    },
  };
}

/** For tests and throw-away demos. */
export function createMemoryStorage(): Storage & { keys(): string[] } {
  const files = new Map<string, Buffer>();
  return {
    async put(key, data) {
      files.set(checkKey(key), Buffer.from(data));
    },
    async putStream(key, data) {
      const chunks: Buffer[] = [];
      for await (const chunk of data) chunks.push(Buffer.from(chunk as Buffer));
      const all = Buffer.concat(chunks);
      files.set(checkKey(key), all);
      return all.length;
    },
    async get(key) {
      const data = files.get(key);
      return data ? { stream: Readable.from([data]), size: data.length } : null;
    },
    async delete(key) {
      files.delete(key);
    },
    isEmpty: async () => files.size === 0,
    keys: () => [...files.keys()],
  };
}

export type StorageConfig =
  { kind: 'local'; dir: string } | ({ kind: 's3' } & Omit<S3StorageOptions, 'spoolDir' | 'timeoutMs'>);

/** The storage the configuration names; an S3 bucket is checked to be reachable first. */
export async function createStorage(config: StorageConfig, spoolDir?: string): Promise<Storage> {
  if (config.kind === 'local') return createLocalStorage(config.dir);
  const { createS3Storage } = await import('./s3-storage');
  const storage = createS3Storage({ ...config, ...(spoolDir ? { spoolDir } : {}) });
  await storage.check();
  return storage;
}
