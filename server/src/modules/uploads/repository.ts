import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { uploads } from '../../db/schema/uploads';
import { AppError } from '../../lib/errors';

/**
 * Attaches the owner's uploads to a log inside the log's transaction. An upload already attached to
 * another log, someone else's, or unknown makes the whole write fail (400), so nothing is half-written.
 */
export async function attachUploads(
  tx: Pick<Db, 'update'>,
  logId: string,
  ownerUserId: string,
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return;
  const attached = await tx
    .update(uploads)
    .set({ logId })
    .where(
      and(
        inArray(uploads.id, [...ids]),
        eq(uploads.ownerUserId, ownerUserId),
        or(isNull(uploads.logId), eq(uploads.logId, logId)),
        isNull(uploads.caseId),
      ),
    )
    .returning({ id: uploads.id });
  if (attached.length !== new Set(ids).size) {
    throw new AppError('upload_invalid', undefined, {
      invalid: ids.filter((id) => !attached.some((a) => a.id === id)),
    });
  }
}
