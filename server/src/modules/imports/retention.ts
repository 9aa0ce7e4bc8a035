import { and, asc, eq, isNull, lt, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { imports } from '../../db/schema/imports';
import type { Storage } from '../../lib/storage';
import { IMPORT_HANDLERS } from './pipeline';

const HOUR_MS = 3_600_000;
const BATCH = 100;

/**
 * Dry runs that pass validation but are never committed would keep their staged rows and the
 * uploaded file (personal data: names, mobiles) for ever. The daily retention job expires those
 * validated longer than `dryRunHours` ago: each import is claimed (validated → expired) and its
 * staged rows deleted in one transaction, so a commit racing with it either wins (the purge skips
 * it) or gets 409; the file is deleted after. Committed and invalid imports already dropped their
 * staged rows and file; failed ones normally did too, but a clean-up that failed itself or a
 * restart at the wrong moment may leave them behind, so the job purges each failed import once,
 * `dryRunHours` after it was uploaded.
 */
export function createImportRetention(deps: {
  database: Pick<Database, 'db' | 'unbounded'>;
  storage: Storage;
  dryRunHours: number;
}) {
  const { db } = deps.database;
  const { storage } = deps;
  const message = `校验通过后超过 ${deps.dryRunHours} 小时未确认导入，已过期；暂存的数据和上传的文件已删除，如需导入请重新上传。`;
  const cutoffOf = (now: Date) => new Date(now.getTime() - deps.dryRunHours * HOUR_MS);

  /**
   * Claims each import matching `due` with `claim` and deletes its staged rows in one transaction,
   * then its file; the number claimed. `claim` must make the import no longer `due`.
   */
  async function sweep(due: SQL, order: SQL, claim: Partial<typeof imports.$inferInsert>) {
    let swept = 0;
    for (;;) {
      const candidates = await db
        .select({ id: imports.id })
        .from(imports)
        .where(due)
        .orderBy(order)
        .limit(BATCH);
      for (const { id } of candidates) {
        // A million staged rows take longer to delete than the pool's timeouts allow.
        const claimed = await deps.database.unbounded((bulk) =>
          bulk.transaction(async (tx) => {
            const [row] = await tx
              .update(imports)
              .set(claim)
              .where(and(eq(imports.id, id), due))
              .returning({ id: imports.id, kind: imports.kind, storageKey: imports.storageKey });
            if (row) await IMPORT_HANDLERS[row.kind].clear(tx, row.id);
            return row ?? null;
          }),
        );
        if (!claimed) continue;
        await storage.delete(claimed.storageKey);
        swept += 1;
      }
      if (candidates.length < BATCH) return swept;
    }
  }

  return {
    /** Expires abandoned dry runs as of `now`; the number expired. */
    expireAbandoned: (now: Date): Promise<number> =>
      sweep(
        and(eq(imports.state, 'validated'), lt(imports.validatedAt, cutoffOf(now)))!,
        asc(imports.validatedAt),
        { state: 'expired', message },
      ),

    /** Deletes what failed imports uploaded before the cutoff may have left; the number purged. */
    purgeFailed: (now: Date): Promise<number> =>
      sweep(
        and(eq(imports.state, 'failed'), isNull(imports.purgedAt), lt(imports.createdAt, cutoffOf(now)))!,
        asc(imports.createdAt),
        { purgedAt: now },
      ),
  };
}

export type ImportRetention = ReturnType<typeof createImportRetention>;
