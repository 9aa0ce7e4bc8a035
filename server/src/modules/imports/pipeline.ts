import type { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/rows';
import { z } from 'zod';
import { IMPORT_KINDS, IMPORT_MAX_REPORTED_ERRORS, type ImportKind } from '@coordnet/shared/api/imports';
import { jurisdictionLevelSchema } from '@coordnet/shared/api/common';
import type { Database, Db } from '../../db/client';
import { copyLine, type CopySink } from '../../db/bulk';
import { codeIsWithin } from '../../lib/scope';
import { EXAMPLE_MARK, matchHeader, type HeaderMatch } from './columns';
import { coordinatorImport } from './coordinator-import';
import { enterpriseImport } from './enterprise-import';
import { jurisdictionImport } from './jurisdiction-import';
import type { Counts, ImportKindHandler, ImportRef, JurisdictionIndex, RowError } from './kind';
import { ImportFileError, byteCounter, readRows, sniffFormat, type SheetRow } from './reader';

export const IMPORT_HANDLERS: Record<ImportKind, ImportKindHandler> = {
  enterprises: enterpriseImport as unknown as ImportKindHandler,
  coordinators: coordinatorImport as unknown as ImportKindHandler,
  jurisdictions: jurisdictionImport as unknown as ImportKindHandler,
};

/** Rows parsed per batch, then written to the staging COPY together. */
export const BATCH_ROWS = 5_000;

/** The progress bar's figures are written at most this often (each write is a commit). */
const PROGRESS_EVERY_MS = 1_000;

export interface DryRunResult extends Counts {
  rows: number;
  errorCount: number;
  /** Why the file cannot be imported, when it is not a matter of single rows. */
  message: string | null;
  columns: string[];
  header: string[];
}

export interface DryRunIo {
  db: Db;
  /** Bulk loading of the staging table and the passes over it, without the pool's timeouts. */
  copyFrom(table: string, columns: readonly string[]): Promise<CopySink>;
  unbounded: Database['unbounded'];
  /** Opens the uploaded bytes (twice: once to sniff the format, once to read). */
  open(): Promise<Readable>;
  progress(bytes: number, rows: number): Promise<void>;
  saveErrors(errors: RowError[]): Promise<void>;
}

async function loadJurisdictions(db: Db, scopeCodes: string[]): Promise<JurisdictionIndex> {
  const rows = rowsOf(
    z.object({ code: z.string(), level: jurisdictionLevelSchema, name: z.string() }),
    await db.execute(sql`select code, level, name from jurisdictions`),
  );
  return new Map(rows.map((r) => [r.code, { ...r, managed: codeIsWithin(r.code, scopeCodes) }]));
}

async function readHead(open: () => Promise<Readable>): Promise<Buffer> {
  const stream = await open();
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
    length += (chunk as Buffer).length;
    if (length >= 64 * 1024) break;
  }
  stream.destroy();
  return Buffer.concat(chunks).subarray(0, 64 * 1024);
}

const isBlank = (row: SheetRow) => row.cells.every((c) => c === '');

/** Names the template a file with the wrong headers was probably made from. */
function wrongTemplateHint(kind: ImportKind, cells: string[]): string {
  for (const other of Object.keys(IMPORT_HANDLERS) as ImportKind[]) {
    if (other === kind) continue;
    const match = matchHeader(cells, IMPORT_HANDLERS[other].columns);
    if (match.missing.length === 0 && match.index.size >= 2)
      return `这似乎是${IMPORT_KINDS[other]}导入文件，请选择“导入${IMPORT_KINDS[other]}”后上传。`;
  }
  return '请下载模板，按模板的表头填写后重新上传。';
}

/**
 * The dry run: reads the file a batch at a time, validates every row, stages the valid ones and
 * records the errors; then the set-based checks and counts. The valid rows stream into one COPY
 * into the staging table, whose back-pressure paces the reading: the file is never held whole.
 */
export async function dryRun(kind: ImportKind, ref: ImportRef, io: DryRunIo): Promise<DryRunResult> {
  const handler = IMPORT_HANDLERS[kind];
  const result: DryRunResult = {
    rows: 0,
    errorCount: 0,
    inserts: 0,
    updates: 0,
    unchanged: 0,
    message: null,
    columns: [],
    header: [],
  };
  const fileProblem = (message: string) => ({ ...result, errorCount: 1, message });

  let sniffed;
  try {
    sniffed = sniffFormat(await readHead(io.open));
  } catch (error) {
    if (error instanceof ImportFileError) return fileProblem(error.message);
    throw error;
  }
  const jurisdictions = await loadJurisdictions(io.db, ref.scopeCodes);
  let bytes = 0;
  const source = (await io.open()).pipe(byteCounter((total) => (bytes = total)));
  let header: HeaderMatch<string> | null = null;
  const { staging } = handler;
  const sink = await io.copyFrom(staging.table, ['import_id', ...staging.columns]);
  let staged = false;
  let stored = 0;
  let progressAt = performance.now();
  let nameIndex = -1;

  try {
    for await (const batch of readRows(source, sniffed, BATCH_ROWS)) {
      const errors: RowError[] = [];
      let lines = '';
      for (const row of batch) {
        if (isBlank(row)) continue;
        if (!header) {
          header = matchHeader(row.cells, handler.columns);
          result.header = row.cells;
          if (header.missing.length > 0) {
            const missing = header.missing.map((c) => `「${c.header}」`).join('');
            return fileProblem(
              `表头不符合${IMPORT_KINDS[kind]}导入模板：第 ${row.rowNo} 行缺少${missing}列。${wrongTemplateHint(kind, row.cells)}`,
            );
          }
          if (header.repeated.length > 0)
            return fileProblem(
              `表头中 ${header.repeated.map((h) => `「${h}」`).join('')} 与其他列重复，请删去一列`,
            );
          result.columns = [...header.index.keys()];
          nameIndex = header.index.get('name') ?? -1;
          ref.columns = result.columns;
          continue;
        }
        // The template's example row (its name starts with （示例）) is not data.
        if (EXAMPLE_MARK.test(row.cells[nameIndex] ?? '')) continue;
        result.rows++;
        const value = handler.parse(row, { header, jurisdictions }, errors);
        if (value !== null) lines += copyLine([ref.id, ...staging.values(value)]);
      }
      if (errors.length > 0) {
        result.errorCount += errors.length;
        const room = IMPORT_MAX_REPORTED_ERRORS - stored;
        if (room > 0) {
          await io.saveErrors(errors.slice(0, room));
          stored += Math.min(room, errors.length);
        }
      }
      if (lines) await sink.write(lines);
      if (performance.now() - progressAt >= PROGRESS_EVERY_MS) {
        progressAt = performance.now();
        await io.progress(bytes, result.rows);
      }
    }
    await sink.end();
    staged = true;
  } catch (error) {
    if (error instanceof ImportFileError) return fileProblem(error.message);
    throw error;
  } finally {
    if (!staged) await sink.abort();
    source.destroy();
  }
  await io.progress(bytes, result.rows);
  if (!header) return fileProblem('文件中没有内容，请按模板填写后重新上传');
  if (result.rows === 0) return fileProblem('文件中只有表头，没有数据行');

  // Set-based passes over every staged row: minutes for a million rows, beyond the pool's timeouts.
  const { checked, counts } = await io.unbounded(async (db) => ({
    checked: await handler.check(db, ref),
    counts: await handler.count(db, ref),
  }));
  if (checked.length > 0) {
    result.errorCount += checked.length;
    const room = IMPORT_MAX_REPORTED_ERRORS - stored;
    if (room > 0) await io.saveErrors(checked.slice(0, room));
  }
  Object.assign(result, counts);
  return result;
}
