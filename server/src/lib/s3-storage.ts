import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { checkKey, type Storage } from './storage';

export interface S3StorageOptions {
  /** `https://host[:port]` of an S3-compatible service (MinIO, Aliyun OSS …); absent → AWS. */
  endpoint: string | undefined;
  bucket: string;
  region: string;
  /** Absent → the SDK's default chain (AWS_* variables, instance roles). */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  /** `endpoint/bucket/key` instead of `bucket.endpoint/key` (MinIO needs it, OSS refuses it). */
  forcePathStyle: boolean;
  /** Prepended to every key, so several deployments can share a bucket. */
  prefix: string;
  /** Where a stream of unknown length is spooled before its single PutObject. */
  spoolDir?: string;
  timeoutMs?: number;
}

const notFound = (error: unknown) =>
  error instanceof S3ServiceException &&
  (error.name === 'NoSuchKey' || error.name === 'NotFound' || error.$metadata.httpStatusCode === 404);

/**
 * Uploaded bytes in an S3-compatible bucket, shared by every instance. Only PutObject, GetObject,
 * DeleteObject and ListObjectsV2 are used, which every S3-compatible service implements. A stream
 * (an import file, up to 256 MB) is spooled to a temporary file first: PutObject needs its length,
 * and one PUT keeps multipart uploads (and their leftovers) out of the picture. Checksums are only
 * sent where S3 requires them: the SDK's default trailing CRC32 (aws-chunked bodies) is not
 * understood by every S3-compatible service.
 */
export function createS3Storage(options: S3StorageOptions): Storage & { check(): Promise<void> } {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const client = new S3Client({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    forcePathStyle: options.forcePathStyle,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: timeoutMs },
  });
  const Bucket = options.bucket;
  const keyOf = (key: string) => `${options.prefix}${checkKey(key)}`;
  const spoolDir = options.spoolDir ?? tmpdir();

  async function putFile(key: string, file: string, bytes: number) {
    await client.send(
      new PutObjectCommand({
        Bucket,
        Key: keyOf(key),
        Body: createReadStream(file),
        ContentLength: bytes,
        ContentType: 'application/octet-stream',
      }),
    );
  }

  return {
    async put(key, data, contentType) {
      await client.send(
        new PutObjectCommand({
          Bucket,
          Key: keyOf(key),
          Body: data,
          ContentLength: data.length,
          ContentType: contentType,
        }),
      );
    },

    async putStream(key, data) {
      keyOf(key);
      await mkdir(spoolDir, { recursive: true });
      const temp = path.join(spoolDir, `coordnet-${randomBytes(8).toString('hex')}.spool`);
      let bytes = 0;
      data.on('data', (chunk: Buffer) => (bytes += chunk.length));
      try {
        await pipeline(data, createWriteStream(temp, { mode: 0o600 }));
        await putFile(key, temp, bytes);
      } finally {
        await rm(temp, { force: true });
      }
      return bytes;
    },

    async get(key) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket, Key: keyOf(key) }));
        const body = object.Body;
        if (!body) return null;
        const stream =
          body instanceof Readable ? body : Readable.fromWeb(body.transformToWebStream() as never);
        return { stream, size: Number(object.ContentLength ?? 0) };
      } catch (error) {
        if (notFound(error)) return null;
        throw error;
      }
    },

    async delete(key) {
      // S3 answers 204 for a missing key too.
      await client.send(new DeleteObjectCommand({ Bucket, Key: keyOf(key) }));
    },

    async isEmpty() {
      const listed = await client.send(
        new ListObjectsV2Command({ Bucket, Prefix: options.prefix, MaxKeys: 1 }),
      );
      return (listed.KeyCount ?? 0) === 0;
    },

    /** Fails fast at start when the bucket is unreachable or the credentials are wrong. */
    async check() {
      await client.send(new ListObjectsV2Command({ Bucket, Prefix: options.prefix, MaxKeys: 1 }));
    },
  };
}
