import type { Readable } from 'node:stream';
import { and, desc, eq, sql } from 'drizzle-orm';
import { IMPORT_KINDS, IMPORT_MAX_BYTES, type Import, type ImportKind } from '@coordnet/shared/api/imports';
import type { Database } from '../../db/client';
import { rawQuery } from '../../db/driver-client';
import { importErrors, imports } from '../../db/schema/imports';
import { writeAudit } from '../../lib/audit';
import type { Clock } from '../../lib/clock';
import { AppError, notFound } from '../../lib/errors';
import type { Storage } from '../../lib/storage';
import type { Principal } from '../auth/principal';
import type { Exec, ImportRef, RowError } from './kind';
import { IMPORT_HANDLERS, dryRun } from './pipeline';
import { createImportRunner, type ImportRunner } from './runner';

type ImportRow = typeof imports.$inferSelect;

export interface ImportActor {
  principal: Principal;
  ip: string | null;
}

/** Errors shown on the screen; the report has all of them. */
const SHOWN_ERRORS = 50;

/** Tables each kind writes, locked for the commit so nothing else changes them half-way. */
const LOCKED_TABLES: Record<ImportKind, string> = {
  enterprises: 'enterprises',
  coordinators: 'users, coordinator_roles',
  jurisdictions: 'jurisdictions',
};

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function createImportService(deps: {
  database: Database;
  clock: Clock;
  storage: Storage;
  logger: { error(obj: object, msg?: string): void };
  runner?: ImportRunner;
}) {
  const { database, clock, storage } = deps;
  const db = database.db;
  const exec: Exec = rawQuery(database);
  const runner =
    deps.runner ?? createImportRunner((err) => deps.logger.error({ err }, 'import task failed unexpectedly'));

  async function toDto(row: ImportRow): Promise<Import> {
    const errors = await db
      .select()
      .from(importErrors)
      .where(eq(importErrors.importId, row.id))
      .orderBy(importErrors.rowNo)
      .limit(SHOWN_ERRORS);
    return {
      id: row.id,
      kind: row.kind,
      fileName: row.fileName,
      state: row.state,
      bytesTotal: row.bytesTotal,
      bytesDone: row.bytesDone,
      rowsDone: row.rowsDone,
      rowsCommitted: row.rowsCommitted,
      inserts: row.inserts,
      updates: row.updates,
      unchanged: row.unchanged,
      errorCount: row.errorCount,
      errors: errors.map((e) => ({ row: e.rowNo, column: e.columnName, value: e.value, message: e.message })),
      message: row.message,
      createdAt: row.createdAt.toISOString(),
      validatedAt: iso(row.validatedAt),
      committedAt: iso(row.committedAt),
    };
  }

  const refOf = (row: ImportRow): ImportRef => ({
    id: row.id,
    scopeCodes: row.scopeCodes,
    columns: row.columns,
  });

  /** Deletes the import's staged rows (a million of them take longer than the pool allows). */
  const clear = (row: ImportRow) =>
    database.unbounded((bulk) => IMPORT_HANDLERS[row.kind].clear(bulk, row.id));

  async function saveErrors(importId: string, errors: RowError[]) {
    await exec(
      `insert into import_errors (import_id, row_no, column_name, value, message, cells)
       select $1::uuid, * from unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::jsonb[])`,
      [
        importId,
        errors.map((e) => e.rowNo),
        errors.map((e) => e.column),
        errors.map((e) => e.value),
        errors.map((e) => e.message),
        errors.map((e) => (e.cells ? JSON.stringify(e.cells) : null)),
      ],
    );
  }

  async function validate(id: string) {
    const [row] = await db
      .update(imports)
      .set({ state: 'validating' })
      .where(and(eq(imports.id, id), eq(imports.state, 'queued')))
      .returning();
    if (!row) return;
    try {
      const result = await dryRun(row.kind, refOf(row), {
        db,
        copyFrom: database.copyFrom,
        unbounded: database.unbounded,
        async open() {
          const stored = await storage.get(row.storageKey);
          if (!stored) throw new Error(`import file ${row.storageKey} is missing`);
          return stored.stream;
        },
        progress: async (bytes, rows) => {
          await db.update(imports).set({ bytesDone: bytes, rowsDone: rows }).where(eq(imports.id, id));
        },
        saveErrors: (errors) => saveErrors(id, errors),
      });
      if (result.message)
        await saveErrors(id, [{ rowNo: 0, column: null, value: null, message: result.message }]);
      const invalid = result.errorCount > 0;
      if (invalid) await clear(row);
      await db
        .update(imports)
        .set({
          state: invalid ? 'invalid' : 'validated',
          columns: result.columns,
          header: result.header,
          rowsDone: result.rows,
          inserts: result.inserts,
          updates: result.updates,
          unchanged: result.unchanged,
          errorCount: result.errorCount,
          message:
            result.message ??
            (invalid
              ? `发现 ${result.errorCount} 处错误，未写入任何数据。请下载错误报告，改正后重新上传。`
              : null),
          validatedAt: clock.now(),
        })
        .where(eq(imports.id, id));
      if (invalid) await storage.delete(row.storageKey);
    } catch (error) {
      await fail(row, error);
    }
  }

  async function fail(row: ImportRow, error: unknown) {
    deps.logger.error({ err: error, importId: row.id }, 'import failed');
    await clear(row).catch(() => undefined);
    await db
      .update(imports)
      .set({ state: 'failed', message: '导入过程中服务出错，未写入任何数据，请稍后重新上传' })
      .where(eq(imports.id, row.id));
    await storage.delete(row.storageKey).catch(() => undefined);
  }

  async function commit(id: string, actor: ImportActor) {
    const [row] = await db.select().from(imports).where(eq(imports.id, id));
    if (!row || row.state !== 'committing') return;
    const handler = IMPORT_HANDLERS[row.kind];
    try {
      // A million rows take minutes, beyond the pool's timeouts; this transaction is the import.
      await database.unbounded((bulk) =>
        bulk.transaction(async (tx) => {
          await tx.execute(sql.raw(`lock table ${LOCKED_TABLES[row.kind]} in share row exclusive mode`));
          const now = clock.now();
          const counts = await handler.merge(tx, refOf(row), now);
          await writeAudit(tx, {
            actorUserId: actor.principal.user.id,
            action: 'import.commit',
            entityType: 'import',
            entityId: id,
            after: counts,
            details: { kind: row.kind, fileName: row.fileName, rows: row.rowsDone, scope: row.scopeCodes },
            ip: actor.ip,
          });
          await tx
            .update(imports)
            .set({
              state: 'committed',
              ...counts,
              rowsCommitted: counts.inserts + counts.updates,
              committedAt: now,
            })
            .where(eq(imports.id, id));
        }),
      );
      await clear(row);
      await storage.delete(row.storageKey);
    } catch (error) {
      await fail(row, error);
    }
  }

  async function findOwn(principal: Principal, id: string) {
    const [row] = await db
      .select()
      .from(imports)
      .where(and(eq(imports.id, id), eq(imports.createdBy, principal.user.id)));
    if (!row) throw notFound();
    return row;
  }

  return {
    runner,

    /**
     * Imports cut short by a restart: nothing was written. Each is marked failed and its staged
     * rows deleted in one transaction (a million rows outlast the pool's timeouts), then its file.
     */
    async recover() {
      const interrupted = await database.unbounded((bulk) =>
        bulk.transaction(async (tx) => {
          const rows = await tx
            .update(imports)
            .set({ state: 'failed', message: '服务重启，导入已中断，未写入任何数据，请重新上传' })
            .where(sql`${imports.state} in ('queued', 'validating', 'committing')`)
            .returning();
          for (const row of rows) await IMPORT_HANDLERS[row.kind].clear(tx, row.id);
          return rows;
        }),
      );
      // A file left here is deleted by the retention job (purgeFailed).
      for (const row of interrupted) await storage.delete(row.storageKey).catch(() => undefined);
    },

    async upload(
      actor: ImportActor,
      kind: ImportKind,
      fileName: string,
      file: Readable & { truncated?: boolean },
    ) {
      const scopeCodes = actor.principal.scope.manageCodes;
      if (scopeCodes.length === 0) throw new AppError(403, 'import_forbidden');
      const id = crypto.randomUUID();
      const storageKey = `import-${id}`;
      const bytes = await storage.putStream(storageKey, file);
      if (file.truncated) {
        await storage.delete(storageKey);
        throw new AppError(413, 'import_file_too_large');
      }
      if (bytes === 0) {
        await storage.delete(storageKey);
        throw new AppError(400, 'import_file_missing', '上传的文件是空的');
      }
      const [row] = await db
        .insert(imports)
        .values({
          id,
          kind,
          createdBy: actor.principal.user.id,
          scopeCodes,
          fileName: fileName.slice(0, 200) || `${IMPORT_KINDS[kind]}导入`,
          storageKey,
          bytesTotal: bytes,
          ip: actor.ip,
          createdAt: clock.now(),
        })
        .returning();
      runner.enqueue(() => validate(id));
      return toDto(row!);
    },

    async get(principal: Principal, id: string) {
      return toDto(await findOwn(principal, id));
    },

    async list(principal: Principal) {
      const rows = await db
        .select()
        .from(imports)
        .where(eq(imports.createdBy, principal.user.id))
        .orderBy(desc(imports.createdAt))
        .limit(20);
      return { items: await Promise.all(rows.map(toDto)) };
    },

    async commit(actor: ImportActor, id: string) {
      await findOwn(actor.principal, id);
      const [row] = await db
        .update(imports)
        .set({ state: 'committing' })
        .where(and(eq(imports.id, id), eq(imports.state, 'validated')))
        .returning();
      if (!row) {
        // Read again: the retention job may have expired it since findOwn.
        const [current] = await db.select({ state: imports.state }).from(imports).where(eq(imports.id, id));
        throw new AppError(409, current?.state === 'expired' ? 'import_expired' : 'import_not_ready');
      }
      runner.enqueue(() => commit(id, actor));
      return toDto(row);
    },

    /** The import's row and its stored errors, for the report. */
    async errorsOf(principal: Principal, id: string) {
      const row = await findOwn(principal, id);
      const errors = await db
        .select()
        .from(importErrors)
        .where(eq(importErrors.importId, id))
        .orderBy(importErrors.rowNo);
      return { row, errors };
    },
  };
}

export const IMPORT_UPLOAD_LIMIT = IMPORT_MAX_BYTES;
export type ImportService = ReturnType<typeof createImportService>;
