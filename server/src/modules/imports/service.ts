import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Readable } from 'node:stream';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  IMPORT_KINDS,
  IMPORT_MAX_BYTES,
  importKindSchema,
  type Import,
  type ImportKind,
} from '@coordnet/shared/api/imports';
import { shanghaiDate } from '@coordnet/shared/domain/period';
import type { Database } from '../../db/client';
import { rowsOf } from '../../db/rows';
import { rawQuery } from '../../db/driver-client';
import { importErrors, imports } from '../../db/schema/imports';
import { writeAudit } from '../../lib/audit';
import type { Clock } from '../../lib/clock';
import { AppError, notFound } from '../../lib/errors';
import { withinCodes } from '../../lib/scope';
import type { Storage } from '../../lib/storage';
import type { Actor as ImportActor, Principal } from '../auth/principal';
import type { Exec, ImportRef, RowError } from './kind';
import { IMPORT_HANDLERS, dryRun } from './pipeline';
import { createImportRunner, type ImportRunner } from './runner';

type ImportRow = typeof imports.$inferSelect;

export type { Actor as ImportActor } from '../auth/principal';

/** Errors shown on the screen; the report has all of them. */
const SHOWN_ERRORS = 50;

/** Tables each kind writes, locked for the commit so nothing else changes them half-way. */
const LOCKED_TABLES: Record<ImportKind, string> = {
  enterprises: 'enterprises',
  coordinators: 'users, coordinator_roles',
  jurisdictions: 'jurisdictions',
};

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** The states an instance works in; an import in one of them has an owner and a lease. */
type InFlight = 'queued' | 'validating' | 'committing';

/** This instance no longer owns the import: another one's recovery took it after its lease ran out. */
class LeaseLostError extends Error {
  constructor(readonly importId: string) {
    super(`import ${importId}: lease lost`);
  }
}

/** Unique per process: the owner written on the imports it works on. */
export const defaultInstanceId = () => `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;

export function createImportService(deps: {
  database: Database;
  clock: Clock;
  storage: Storage;
  logger: { error(obj: object, msg?: string): void; warn?(obj: object, msg?: string): void };
  runner?: ImportRunner;
  /** Owner of the imports this instance works on (default: host, pid and a random suffix). */
  instanceId?: string;
  /** How long an import is its instance's without renewal (IMPORT_LEASE_SECONDS; default 60 s). */
  leaseMs?: number;
}) {
  const { database, clock, storage } = deps;
  const instanceId = deps.instanceId ?? defaultInstanceId();
  const leaseMs = deps.leaseMs ?? 60_000;
  const leaseUntil = () => new Date(clock.now().getTime() + leaseMs);
  /** Imports this instance owns and has not finished (queued here, validating or committing). */
  const working = new Set<string>();
  const ours = (id: string, state: InFlight) =>
    and(eq(imports.id, id), eq(imports.state, state), eq(imports.owner, instanceId));

  /**
   * Renews the lease of every import this instance works on, in one statement, a few times per
   * lease. An import whose commit transaction holds its row is skipped (SKIP LOCKED): that lock
   * protects it until the commit ends, and this statement must not queue behind it.
   */
  async function renewLeases() {
    if (working.size === 0) return;
    await db.execute(sql`
      update imports set lease_until = ${leaseUntil().toISOString()}::timestamptz
       where id in (select id from imports
                     where ${inArray(imports.id, [...working])} and owner = ${instanceId}
                       and state in ('queued', 'validating', 'committing')
                     for update skip locked)`);
  }
  const heartbeat = setInterval(
    () =>
      void renewLeases().catch((err: unknown) => deps.logger.error({ err }, 'import lease renewal failed')),
    Math.max(250, Math.floor(leaseMs / 3)),
  );
  heartbeat.unref();
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
    today: shanghaiDate(clock.now()),
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
      .set({ state: 'validating', leaseUntil: leaseUntil() })
      .where(ours(id, 'queued'))
      .returning();
    if (!row) {
      working.delete(id);
      return;
    }
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
          // Only while it is still ours: a lost lease stops the dry run at the next batch.
          const still = await db
            .update(imports)
            .set({ bytesDone: bytes, rowsDone: rows })
            .where(ours(id, 'validating'))
            .returning({ id: imports.id });
          if (still.length === 0) throw new LeaseLostError(id);
        },
        saveErrors: (errors) => saveErrors(id, errors),
      });
      if (result.message)
        await saveErrors(id, [{ rowNo: 0, column: null, value: null, message: result.message }]);
      const invalid = result.errorCount > 0;
      // From validating, by its owner only; an invalid import drops its staged rows in the same transaction.
      await database.unbounded((bulk) =>
        bulk.transaction(async (tx) => {
          const [moved] = await tx
            .update(imports)
            .set({
              state: invalid ? 'invalid' : 'validated',
              owner: null,
              leaseUntil: null,
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
            .where(ours(id, 'validating'))
            .returning({ id: imports.id });
          if (!moved) throw new LeaseLostError(id);
          if (invalid) await IMPORT_HANDLERS[row.kind].clear(tx, id);
        }),
      );
      if (invalid) await storage.delete(row.storageKey);
    } catch (error) {
      await fail(row, 'validating', error);
    } finally {
      working.delete(id);
    }
  }

  /**
   * Marks the import failed, if it is still ours in `expected`, and deletes its staged rows. When
   * the lease was lost the import is already failed by whoever took it; rows this instance staged
   * after that are deleted here all the same (a failed import's staged rows are never used).
   */
  async function fail(row: ImportRow, expected: InFlight, error: unknown) {
    if (error instanceof LeaseLostError)
      (deps.logger.warn ?? deps.logger.error)(
        { importId: row.id },
        'import taken over after its lease ran out',
      );
    else deps.logger.error({ err: error, importId: row.id }, 'import failed');
    const [won] = await db
      .update(imports)
      .set({
        state: 'failed',
        owner: null,
        leaseUntil: null,
        message: '导入过程中服务出错，未写入任何数据，请稍后重新上传',
      })
      .where(ours(row.id, expected))
      .returning({ id: imports.id })
      .catch(() => []);
    await clear(row).catch(() => undefined);
    if (won) await storage.delete(row.storageKey).catch(() => undefined);
  }

  async function commit(id: string, actor: ImportActor) {
    const [row] = await db.select().from(imports).where(ours(id, 'committing'));
    if (!row) {
      working.delete(id);
      return;
    }
    const handler = IMPORT_HANDLERS[row.kind];
    try {
      // A million rows take minutes, beyond the pool's timeouts; this transaction is the import.
      await database.unbounded((bulk) =>
        bulk.transaction(async (tx) => {
          // Held until the commit ends: another instance's recovery skips it (SKIP LOCKED), and
          // if it was taken before this, nothing is written.
          const [held] = await tx
            .select({ id: imports.id })
            .from(imports)
            .where(ours(id, 'committing'))
            .for('update');
          if (!held) throw new LeaseLostError(id);
          await tx.execute(sql.raw(`lock table ${LOCKED_TABLES[row.kind]} in share row exclusive mode`));
          const now = clock.now();
          const counts = await handler.merge(tx, refOf(row), now, {
            userId: actor.principal.user.id,
            ip: actor.ip,
          });
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
              owner: null,
              leaseUntil: null,
              ...counts,
              rowsCommitted: counts.inserts + counts.updates,
              committedAt: now,
            })
            .where(ours(id, 'committing'));
        }),
      );
      await clear(row);
      await storage.delete(row.storageKey);
    } catch (error) {
      await fail(row, 'committing', error);
    } finally {
      working.delete(id);
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

    instanceId,
    renewLeases,
    /** Stops renewing leases (the app is closing); imports still in flight expire and are recovered. */
    close() {
      clearInterval(heartbeat);
    },

    /**
     * Imports whose instance died (their lease ran out without renewal): nothing was written. Each
     * is marked failed and its staged rows deleted in one transaction (a million rows outlast the
     * pool's timeouts), then its file. A live instance's imports, renewed every third of a lease,
     * are never taken, nor one whose commit transaction holds its row (SKIP LOCKED). Runs at start
     * and every lease.
     */
    async recover() {
      const now = clock.now();
      const interrupted = await database.unbounded((bulk) =>
        bulk.transaction(async (tx) => {
          const rows = rowsOf(
            z.object({ id: z.string(), kind: importKindSchema, storage_key: z.string() }),
            await tx.execute(sql`
              update imports
                 set state = 'failed', owner = null, lease_until = null,
                     message = '服务重启，导入已中断，未写入任何数据，请重新上传'
               where id in (select id from imports
                             where state in ('queued', 'validating', 'committing')
                               and (lease_until is null or lease_until < ${now.toISOString()}::timestamptz)
                             for update skip locked)
              returning id, kind, storage_key`),
          );
          for (const row of rows) await IMPORT_HANDLERS[row.kind].clear(tx, row.id);
          return rows;
        }),
      );
      // A file left here is deleted by the retention job (purgeFailed).
      for (const row of interrupted) await storage.delete(row.storage_key).catch(() => undefined);
      return interrupted.length;
    },

    async upload(
      actor: ImportActor,
      kind: ImportKind,
      fileName: string,
      file: Readable & { truncated?: boolean },
    ) {
      const scopeCodes = actor.principal.scope.manageCodes;
      if (scopeCodes.length === 0) throw new AppError('import_forbidden');
      const id = crypto.randomUUID();
      const storageKey = `import-${id}`;
      const bytes = await storage.putStream(storageKey, file);
      if (file.truncated) {
        await storage.delete(storageKey);
        throw new AppError('import_file_too_large');
      }
      if (bytes === 0) {
        await storage.delete(storageKey);
        throw new AppError('import_file_missing', '上传的文件是空的');
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
          owner: instanceId,
          leaseUntil: leaseUntil(),
        })
        .returning();
      working.add(id);
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
      const own = await findOwn(actor.principal, id);
      // The upload-time scope is history: the committer must manage, now, every jurisdiction the
      // file touches (a manager demoted to viewer, or moved elsewhere, cannot commit his dry run).
      const scopeCodes = actor.principal.scope.manageCodes;
      if (scopeCodes.length === 0) throw new AppError('import_forbidden');
      // Only a validated import has all its rows staged; anything else gets its 409 below.
      const outside =
        own.state !== 'validated'
          ? []
          : rowsOf(
              z.object({ code: z.string() }),
              await db.execute(
                sql`select code from (${IMPORT_HANDLERS[own.kind].touched(refOf(own))}) touched
                     where code is not null and not ${withinCodes(sql`code`, scopeCodes)}
                     order by code limit 20`,
              ),
            );
      if (outside.length > 0)
        throw new AppError('import_scope_changed', undefined, {
          jurisdictions: outside.map((r) => r.code),
        });
      const [row] = await db
        .update(imports)
        .set({ state: 'committing', scopeCodes, owner: instanceId, leaseUntil: leaseUntil() })
        .where(and(eq(imports.id, id), eq(imports.state, 'validated')))
        .returning();
      if (!row) {
        // Read again: the retention job may have expired it since findOwn.
        const [current] = await db.select({ state: imports.state }).from(imports).where(eq(imports.id, id));
        throw new AppError(current?.state === 'expired' ? 'import_expired' : 'import_not_ready');
      }
      working.add(id);
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
