import { createHash } from 'node:crypto';
import { and, eq, or } from 'drizzle-orm';
import type { Upload } from '@coordnet/shared/api/logs';
import type { Db } from '../../db/client';
import { dutyLogs } from '../../db/schema/duty-logs';
import { uploads } from '../../db/schema/uploads';
import { writeAudit } from '../../lib/audit';
import type { Clock } from '../../lib/clock';
import { AppError, notFound } from '../../lib/errors';
import type { Storage } from '../../lib/storage';
import type { Principal } from '../auth/principal';
import { logReadableBy } from '../logs/repository';
import type { Actor } from '../logs/writer';
import { detectImageType } from './image-type';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

type UploadRow = typeof uploads.$inferSelect;

export const toUploadDto = (row: UploadRow): Upload => ({
  id: row.id,
  contentType: row.contentType,
  sizeBytes: row.sizeBytes,
  createdAt: row.createdAt.toISOString(),
  url: `/api/v1/uploads/${row.id}`,
});

/**
 * Visit photos. Bytes go to the Storage (DATA_DIR or an object store), the row to the database;
 * if the row cannot be written the bytes are removed again. An upload belongs to its uploader
 * until they attach it to one of their logs; then whoever can read the log can see it.
 */
export function createUploadService(deps: { db: Db; clock: Clock; storage: Storage }) {
  const { db, clock, storage } = deps;
  return {
    async create(actor: Actor, data: Buffer): Promise<UploadRow> {
      if (data.length === 0) throw new AppError(400, 'upload_missing');
      if (data.length > MAX_UPLOAD_BYTES) throw new AppError(413, 'upload_too_large');
      const contentType = detectImageType(data);
      if (!contentType) throw new AppError(415, 'upload_type_invalid');
      const id = crypto.randomUUID();
      await storage.put(id, data, contentType);
      try {
        return await db.transaction(async (tx) => {
          const [row] = await tx
            .insert(uploads)
            .values({
              id,
              ownerUserId: actor.principal.user.id,
              contentType,
              sizeBytes: data.length,
              sha256: createHash('sha256').update(data).digest('hex'),
              storageKey: id,
              createdAt: clock.now(),
            })
            .returning();
          await writeAudit(tx, {
            actorUserId: actor.principal.user.id,
            action: 'upload.create',
            entityType: 'upload',
            entityId: id,
            after: { contentType, sizeBytes: data.length },
            ip: actor.ip,
          });
          return row!;
        });
      } catch (error) {
        await storage.delete(id).catch(() => {});
        throw error;
      }
    },

    /** The upload and its bytes, for its owner or anyone who can read the log it is attached to. */
    async open(principal: Principal, id: string) {
      const [row] = await db
        .select({ upload: uploads })
        .from(uploads)
        .leftJoin(dutyLogs, eq(dutyLogs.id, uploads.logId))
        .where(
          and(eq(uploads.id, id), or(eq(uploads.ownerUserId, principal.user.id), logReadableBy(principal))),
        );
      if (!row) throw notFound();
      const stored = await storage.get(row.upload.storageKey);
      if (!stored) throw notFound();
      return { upload: row.upload, ...stored };
    },
  };
}

export type UploadService = ReturnType<typeof createUploadService>;
