import { z } from 'zod';
import { isoInstantSchema, uuidSchema } from './common';

/**
 * Bulk import (批量导入) of the registry from Excel or CSV: upload, a dry run that validates every
 * row and stages it, then an all-or-nothing commit. Both phases run in the background; the client
 * polls `GET /api/v1/imports/:id` for the progress.
 */

export const IMPORT_KINDS = {
  enterprises: '企业',
  coordinators: '协调员',
  jurisdictions: '区划',
} as const;
export type ImportKind = keyof typeof IMPORT_KINDS;
export const IMPORT_KIND_KEYS = Object.keys(IMPORT_KINDS) as [ImportKind, ...ImportKind[]];
export const importKindSchema = z.enum(IMPORT_KIND_KEYS, { message: '导入类型应为企业、协调员或区划' });

/**
 * queued → validating → validated (no errors; may be committed) | invalid (errors; fix and upload
 * again) | failed (the file could not be read at all); validated → committing → committed | failed;
 * validated and never committed → expired (the daily retention job drops its staged rows and file).
 */
export const IMPORT_STATES = {
  queued: '排队中',
  validating: '校验中',
  validated: '校验通过',
  invalid: '有错误',
  committing: '导入中',
  committed: '已导入',
  failed: '失败',
  expired: '已过期',
} as const;
export type ImportState = keyof typeof IMPORT_STATES;
export const IMPORT_STATE_KEYS = Object.keys(IMPORT_STATES) as [ImportState, ...ImportState[]];
export const importStateSchema = z.enum(IMPORT_STATE_KEYS);

/** Largest accepted upload; a million enterprise rows as CSV is about 150 MB. */
export const IMPORT_MAX_BYTES = 256 * 1024 * 1024;
/** Row errors kept for the report; the count goes on past it. */
export const IMPORT_MAX_REPORTED_ERRORS = 10_000;

export const importErrorSchema = z.object({
  /** Row number as Excel shows it (the header is row 1); 0 for a problem with the whole file. */
  row: z.number().int(),
  /** The column's header as written in the file, when the problem is one cell. */
  column: z.string().nullable(),
  value: z.string().nullable(),
  message: z.string(),
});
export type ImportError = z.infer<typeof importErrorSchema>;

export const importSchema = z.object({
  id: uuidSchema,
  kind: importKindSchema,
  fileName: z.string(),
  state: importStateSchema,
  /** The file's size and how far the dry run has read it: the progress of `validating`. */
  bytesTotal: z.number().int(),
  bytesDone: z.number().int(),
  /** Data rows read so far (validating) or in the file (after it). */
  rowsDone: z.number().int(),
  /** Rows written so far while committing. */
  rowsCommitted: z.number().int(),
  inserts: z.number().int(),
  updates: z.number().int(),
  unchanged: z.number().int(),
  errorCount: z.number().int(),
  /** The first errors, for the screen; all of them (up to 10,000) are in the report. */
  errors: z.array(importErrorSchema),
  /** Why the import failed or cannot be committed, in Chinese. */
  message: z.string().nullable(),
  createdAt: isoInstantSchema,
  validatedAt: isoInstantSchema.nullable(),
  committedAt: isoInstantSchema.nullable(),
});
export type Import = z.infer<typeof importSchema>;

export const importListSchema = z.object({ items: z.array(importSchema) });
export type ImportList = z.infer<typeof importListSchema>;

export const importUploadQuerySchema = z.strictObject({ kind: importKindSchema });
export const importKindParamsSchema = z.object({ kind: importKindSchema });

export const IMPORT_TEMPLATE_FILE_NAMES: Record<ImportKind, string> = {
  enterprises: '企业信息导入模板.xlsx',
  coordinators: '协调员信息导入模板.xlsx',
  jurisdictions: '区划信息导入模板.xlsx',
};
