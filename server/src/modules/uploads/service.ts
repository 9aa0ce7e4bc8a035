import { createHash } from 'node:crypto';
import { and, count, eq, gt, min, or, sql } from 'drizzle-orm';
import type { Upload } from '@coordnet/shared/api/logs';
import { MAX_UPLOAD_BYTES } from '@coordnet/shared/domain/photos';
import type { Db } from '../../db/client';
import { cases } from '../../db/schema/cases';
import { dutyLogs } from '../../db/schema/duty-logs';
import { uploads } from '../../db/schema/uploads';
import { writeAudit } from '../../lib/audit';
import type { Clock } from '../../lib/clock';
import { AppError, notFound } from '../../lib/errors';
import type { Storage } from '../../lib/storage';
import type { Principal } from '../auth/principal';
import { caseVisibleTo } from '../cases/visibility';
import { logReadableBy } from '../logs/repository';
import type { Actor } from '../logs/writer';
import { detectImageType } from './image-type';
import { reencodeImage } from './reencode';
import { fetchRemoteImage, type RemoteImageOptions } from './remote-image';

/** The phone checks the same limit before it queues a photo (shared/domain/photos). */
export { MAX_UPLOAD_BYTES };
const DAY_MS = 86_400_000;

type UploadRow = typeof uploads.$inferSelect;

export const toUploadDto = (row: UploadRow): Upload => ({
  id: row.id,
  contentType: row.contentType,
  sizeBytes: row.sizeBytes,
  createdAt: row.createdAt.toISOString(),
  url: `/api/v1/uploads/${row.id}`,
});

/** An upload and whether this request made it (201) or replayed a stored one (200). */
export interface UploadResult {
  row: UploadRow;
  created: boolean;
}

interface Origin {
  /** Made on the phone for this photo; the same clientId again returns the same upload. */
  clientId?: string | undefined;
  /** Set when the server fetched the bytes from a DingTalk-hosted URL. */
  sourceUrl?: string | undefined;
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * Visit photos. Every image is decoded and re-encoded (reencode.ts: no metadata, bounded size);
 * the new bytes go to the Storage (DATA_DIR or an object store), the row to the database;
 * if the row cannot be written the bytes are removed again. An upload belongs to its uploader
 * until they attach it to one of their logs; then whoever can read the log can see it. Uploads
 * are idempotent on the phone's clientId: a retry returns the stored upload and stores nothing.
 */
export function createUploadService(deps: {
  db: Db;
  clock: Clock;
  storage: Storage;
  remote: Omit<RemoteImageOptions, 'maxBytes'>;
  /** Photos one person may upload in any 24 hours (UPLOAD_DAILY_QUOTA); retries of one are one. */
  dailyQuota: number;
}) {
  const { db, clock, storage } = deps;

  /**
   * Refuses a new upload once the person has made `dailyQuota` in the last 24 hours (429, with
   * when the oldest of them leaves the window). Inside the insert's transaction it runs under a
   * per-person advisory lock, so parallel uploads cannot overshoot it.
   */
  async function checkQuota(tx: Pick<Db, 'select'>, ownerUserId: string) {
    const now = clock.now();
    const [used] = await tx
      .select({ n: count(), oldest: min(uploads.createdAt) })
      .from(uploads)
      .where(
        and(eq(uploads.ownerUserId, ownerUserId), gt(uploads.createdAt, new Date(now.getTime() - DAY_MS))),
      );
    if (!used || used.n < deps.dailyQuota) return;
    const retryAfter = used.oldest
      ? Math.max(1, Math.ceil((used.oldest.getTime() + DAY_MS - now.getTime()) / 1000))
      : 3600;
    throw new AppError(
      'upload_quota_exceeded',
      `24 小时内最多上传 ${deps.dailyQuota} 张照片，已达上限，请稍后再试`,
      { quota: deps.dailyQuota, retryAfterSeconds: retryAfter },
      { 'retry-after': String(retryAfter) },
    );
  }

  async function findByClientId(ownerUserId: string, clientId: string) {
    const [row] = await db
      .select()
      .from(uploads)
      .where(and(eq(uploads.ownerUserId, ownerUserId), eq(uploads.clientId, clientId)));
    return row ?? null;
  }

  /** The stored upload for a retry, or a 409 when the clientId was used for another photo. */
  function replay(row: UploadRow, same: (row: UploadRow) => boolean): UploadResult {
    if (!same(row)) throw new AppError('idempotency_conflict');
    return { row, created: false };
  }

  async function store(actor: Actor, data: Buffer, origin: Origin): Promise<UploadResult> {
    if (data.length === 0) throw new AppError('upload_missing');
    if (data.length > MAX_UPLOAD_BYTES) throw new AppError('upload_too_large');
    // Cheap first look, before decoding: the exact check is in the insert's transaction.
    await checkQuota(db, actor.principal.user.id);
    const declared = detectImageType(data);
    if (!declared) throw new AppError('upload_type_invalid');
    // The received bytes' digest identifies a retry; only the re-encoded image is stored.
    const digest = sha256(data);
    const image = await reencodeImage(data, declared);
    const contentType = image.contentType;
    const same = (row: UploadRow) =>
      origin.sourceUrl ? row.sourceUrl === origin.sourceUrl : row.sha256 === digest && row.sourceUrl === null;
    const id = crypto.randomUUID();
    await storage.put(id, image.data, contentType);
    try {
      const row = await db.transaction(async (tx) => {
        await tx.execute(
          sql`select pg_advisory_xact_lock(hashtext('upload-quota:' || ${actor.principal.user.id}))`,
        );
        await checkQuota(tx, actor.principal.user.id);
        const [inserted] = await tx
          .insert(uploads)
          .values({
            id,
            ownerUserId: actor.principal.user.id,
            contentType,
            sizeBytes: image.data.length,
            sha256: digest,
            storageKey: id,
            clientId: origin.clientId ?? null,
            sourceUrl: origin.sourceUrl ?? null,
            createdAt: clock.now(),
          })
          .onConflictDoNothing({
            target: [uploads.ownerUserId, uploads.clientId],
            where: sql`${uploads.clientId} is not null`,
          })
          .returning();
        if (!inserted) return null;
        await writeAudit(tx, {
          actorUserId: actor.principal.user.id,
          action: 'upload.create',
          entityType: 'upload',
          entityId: id,
          after: {
            contentType,
            sizeBytes: image.data.length,
            ...(origin.sourceUrl ? { sourceUrl: origin.sourceUrl } : {}),
          },
          ip: actor.ip,
        });
        return inserted;
      });
      if (row) return { row, created: true };
    } catch (error) {
      await storage.delete(id).catch(() => {});
      throw error;
    }
    // A concurrent retry with the same clientId won the insert: keep its upload, drop these bytes.
    await storage.delete(id).catch(() => {});
    const winner = await findByClientId(actor.principal.user.id, origin.clientId!);
    if (!winner) throw new AppError('idempotency_conflict');
    return replay(winner, same);
  }

  return {
    /** A multipart upload; with a clientId, a retry of the same photo returns the first upload. */
    async create(actor: Actor, data: Buffer, clientId?: string): Promise<UploadResult> {
      if (clientId) {
        const stored = await findByClientId(actor.principal.user.id, clientId);
        if (stored) return replay(stored, (row) => row.sha256 === sha256(data) && row.sourceUrl === null);
      }
      return store(actor, data, { clientId });
    },

    /**
     * A photo DingTalk already hosts (dd.biz.util.uploadImage): fetched by the server from an
     * allowed origin only. A retry with the same clientId and URL returns the stored upload without
     * fetching again.
     */
    async createFromUrl(actor: Actor, body: { clientId: string; url: string }): Promise<UploadResult> {
      const stored = await findByClientId(actor.principal.user.id, body.clientId);
      if (stored) return replay(stored, (row) => row.sourceUrl === body.url);
      const data = await fetchRemoteImage(body.url, { ...deps.remote, maxBytes: MAX_UPLOAD_BYTES });
      return store(actor, data, { clientId: body.clientId, sourceUrl: body.url });
    },

    /** The upload and its bytes, for its owner or anyone who can read the log or case it is attached to. */
    async open(principal: Principal, id: string) {
      const [row] = await db
        .select({ upload: uploads })
        .from(uploads)
        .leftJoin(dutyLogs, eq(dutyLogs.id, uploads.logId))
        .where(
          and(
            eq(uploads.id, id),
            or(
              eq(uploads.ownerUserId, principal.user.id),
              logReadableBy(principal),
              sql`exists (select 1 from ${cases} c where c.id = ${uploads.caseId} and ${caseVisibleTo(principal)})`,
            ),
          ),
        );
      if (!row) throw notFound();
      const stored = await storage.get(row.upload.storageKey);
      if (!stored) throw notFound();
      return { upload: row.upload, ...stored };
    },
  };
}

export type UploadService = ReturnType<typeof createUploadService>;
