import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { rowsOf } from '../../db/rows';
import type { Storage } from '../../lib/storage';

const HOUR_MS = 3_600_000;
const BATCH = 500;

/**
 * Photos uploaded but never attached to a log or a case (the log was abandoned on the phone, a
 * retry made a second one) would keep a person's pictures for ever. The daily retention job
 * deletes those older than `hours` (UPLOAD_RETENTION_HOURS): the rows in batches (SKIP LOCKED, so
 * an attach in progress wins and a second instance takes other rows), then their files. An attach
 * that comes after its photo was purged fails as an invalid upload, and the phone uploads again.
 */
export function createUploadRetention(deps: { db: Db; storage: Storage; hours: number }) {
  return {
    /** Deletes unattached photos uploaded before `now` − hours; the number deleted. */
    async purgeUnattached(now: Date): Promise<number> {
      const cutoff = new Date(now.getTime() - deps.hours * HOUR_MS).toISOString();
      let total = 0;
      for (;;) {
        const result = await deps.db.execute(sql`
          delete from uploads where id in (
            select id from uploads
             where log_id is null and case_id is null and created_at < ${cutoff}::timestamptz
             order by created_at
             limit ${BATCH}
             for update skip locked)
          returning storage_key`);
        const gone = rowsOf(z.object({ storage_key: z.string() }), result);
        for (const { storage_key } of gone) await deps.storage.delete(storage_key);
        total += gone.length;
        if (gone.length < BATCH) return total;
      }
    },
  };
}

export type UploadRetention = ReturnType<typeof createUploadRetention>;
