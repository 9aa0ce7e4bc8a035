import { z } from 'zod';
import type { JurisdictionLevel } from '@coordnet/shared/domain/jurisdiction-code';
import type { SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { ColumnSpec, HeaderMatch } from './columns';
import type { SheetRow } from './reader';

/** One problem with one row (row 0: the whole file). */
export interface RowError {
  rowNo: number;
  column: string | null;
  value: string | null;
  message: string;
  cells?: string[] | null;
}

/** Every jurisdiction, with whether the importer manages it: a few tens of thousands of rows at most. */
export type JurisdictionIndex = Map<string, { level: JurisdictionLevel; name: string; managed: boolean }>;

export interface ParseContext<K extends string> {
  header: HeaderMatch<K>;
  jurisdictions: JurisdictionIndex;
}

/** Runs one statement with array parameters on either driver (db/driver-client.ts). */
export type Exec = (text: string, values: unknown[]) => Promise<unknown>;

/** Where parsed rows wait for the set-based checks and the commit: copied in after `import_id`. */
export interface Staging<R> {
  table: string;
  /** The table's columns after `import_id`. */
  columns: readonly string[];
  /** A parsed row's values, in the order of `columns` (strings for enums, dates and decimals). */
  values(row: R): unknown[];
}

/** What a commit would do or did, as the count statements select it. */
export const countsSchema = z.object({
  inserts: z.coerce.number(),
  updates: z.coerce.number(),
  unchanged: z.coerce.number(),
});
export type Counts = z.infer<typeof countsSchema>;

export interface ImportRef {
  id: string;
  scopeCodes: string[];
  /** Column keys present in the file. */
  columns: string[];
  /** The Shanghai date of the dry run or the commit (dates in the file may not be later). */
  today: string;
}

/** Who commits the import: the registry changes it makes are audited in his name. */
export interface ImportActorRef {
  userId: string;
  ip: string | null;
}

/**
 * What differs between enterprises, coordinators and jurisdictions: the columns, how a row is
 * parsed, where parsed rows are staged, the set-based checks over the staged rows, and the merge.
 */
export interface ImportKindHandler<K extends string = string, R = unknown> {
  sheetName: string;
  columns: readonly ColumnSpec<K>[];
  parse(row: SheetRow, context: ParseContext<K>, errors: RowError[]): R | null;
  staging: Staging<R>;
  /** Checks needing the whole file or the registry (duplicates, matched rows out of scope). */
  check(db: Db, ref: ImportRef): Promise<RowError[]>;
  /**
   * A `select code` of every jurisdiction the commit would touch: the staged rows' own codes and
   * those of the registry rows they match (re-checked against the committer's current scope).
   */
  touched(ref: ImportRef): SQL;
  /** Inserts, updates and unchanged rows the commit would make now. */
  count(db: Db, ref: ImportRef): Promise<Counts>;
  /** The commit's writes, inside the caller's transaction. */
  merge(db: Db, ref: ImportRef, now: Date, actor: ImportActorRef): Promise<Counts>;
  clear(db: Db, importId: string): Promise<void>;
}

/** The cell of `key`, trimmed, or '' when the column is absent. */
export function cellOf<K extends string>(row: SheetRow, header: HeaderMatch<K>, key: K): string {
  const index = header.index.get(key);
  return index === undefined ? '' : (row.cells[index] ?? '');
}

/** Records a cell error under the header as written in the file. */
export function cellError<K extends string>(
  errors: RowError[],
  row: SheetRow,
  header: HeaderMatch<K>,
  key: K,
  message: string,
): void {
  errors.push({
    rowNo: row.rowNo,
    column: header.written.get(key) ?? null,
    value: cellOf(row, header, key) || null,
    message,
    cells: row.cells,
  });
}

/** `jurisdictionCode` must exist and lie in the importer's manage scope. */
export function jurisdictionProblem(code: string, jurisdictions: JurisdictionIndex): string | null {
  if (!/^\d{12}$/.test(code)) return '区划代码应为 12 位数字';
  const found = jurisdictions.get(code);
  if (!found) return `区划代码 ${code} 不存在`;
  if (!found.managed) return `${found.name}(${code}) 不在您的管理范围内`;
  return null;
}
