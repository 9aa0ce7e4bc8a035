import { and, asc, eq, lt } from 'drizzle-orm';
import type { Db } from '../../db/client';
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
 * it) or gets 409; the file is deleted after. Committed, invalid and failed imports already
 * dropped their staged rows and file.
 */
export function createImportRetention(deps: { db: Db; storage: Storage; dryRunHours: number }) {
  const { db, storage } = deps;
  const message = `校验通过后超过 ${deps.dryRunHours} 小时未确认导入，已过期；暂存的数据和上传的文件已删除，如需导入请重新上传。`;

  return {
    /** Expires abandoned dry runs as of `now`; the number expired. */
    async expireAbandoned(now: Date): Promise<number> {
      const cutoff = new Date(now.getTime() - deps.dryRunHours * HOUR_MS);
      let expired = 0;
      for (;;) {
        const candidates = await db
          .select({ id: imports.id })
          .from(imports)
          .where(and(eq(imports.state, 'validated'), lt(imports.validatedAt, cutoff)))
          .orderBy(asc(imports.validatedAt))
          .limit(BATCH);
        for (const { id } of candidates) {
          const claimed = await db.transaction(async (tx) => {
            const [row] = await tx
              .update(imports)
              .set({ state: 'expired', message })
              .where(and(eq(imports.id, id), eq(imports.state, 'validated')))
              .returning({ id: imports.id, kind: imports.kind, storageKey: imports.storageKey });
            if (row) await IMPORT_HANDLERS[row.kind].clear(tx, row.id);
            return row ?? null;
          });
          if (!claimed) continue;
          await storage.delete(claimed.storageKey);
          expired += 1;
        }
        if (candidates.length < BATCH) return expired;
      }
    },
  };
}

export type ImportRetention = ReturnType<typeof createImportRetention>;
