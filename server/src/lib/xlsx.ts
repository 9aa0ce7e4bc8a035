import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { shanghaiParts } from '@coordnet/shared/domain/period';

/**
 * Excel ledgers (台账) streamed straight to the response: exceljs' streaming WorkbookWriter commits
 * each row as it is written, rows arrive a keyset page at a time, and the writer waits for the
 * client whenever the response falls behind, so a workbook never sits in memory whole.
 */

export type CellValue = string | number | null | undefined;

export interface LedgerColumn<R> {
  header: string;
  /** Excel column width in characters (a Chinese character counts about 2). */
  width: number;
  value: (row: R) => CellValue;
  /** Excel number format, e.g. '0.00%'. */
  numFmt?: string;
}

export interface LedgerSheet<R = never> {
  name: string;
  columns: LedgerColumn<R>[];
  /** Batches of rows, read lazily while the sheet is written. */
  rows: AsyncIterable<readonly R[]>;
}

/** Erases the row type so sheets of different rows can be written by one loop. */
export const sheet = <R>(spec: LedgerSheet<R>): LedgerSheet => spec as unknown as LedgerSheet;

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * CSV/formula injection (OWASP): a text starting with = + - @ or a tab/CR may be run as a formula
 * once the sheet is opened or re-saved as CSV; a leading apostrophe keeps it text.
 */
export function neutralise(value: CellValue): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  return FORMULA_START.test(value) ? `'${value}` : value;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `2026-11-16 10:00` in China Standard Time, as a text cell (Excel dates carry no time zone). */
export function shanghaiDateTime(value: string | Date | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const p = shanghaiParts(new Date(value));
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)} ${pad2(p.hour)}:${pad2(p.minute)}`;
}

export const yesNo = (value: boolean | null | undefined) => (value == null ? null : value ? '是' : '否');

/** RFC 6266/5987: an ASCII fallback name and the UTF-8 (Chinese) one. */
export function contentDisposition(fileName: string, asciiFallback: string): string {
  const ascii = asciiFallback.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Pages of `pageSize` rows from a keyset query until one comes back short. */
export async function* keysetPages<R, K>(
  fetch: (after: K | null) => Promise<readonly R[]>,
  keyOf: (row: R) => K,
  pageSize: number,
): AsyncGenerator<readonly R[]> {
  let after: K | null = null;
  for (;;) {
    const rows = await fetch(after);
    if (rows.length > 0) yield rows;
    if (rows.length < pageSize) return;
    after = keyOf(rows.at(-1)!);
  }
}

/** Resolves on 'drain' or 'close' (the client went away), whichever comes first. */
function drainOrClose(out: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}

/** Bytes archiver has zipped but not yet handed to the response. */
const ZIP_BACKLOG_LIMIT = 256 * 1024;

/**
 * Waits until the bytes written so far have moved on. exceljs writes rows into the zip ignoring
 * backpressure and deflate runs off the main thread, so after each page we let the data settle,
 * then wait while the response is full (a slow client) or archiver holds a backlog.
 */
async function settle(out: PassThrough, zip: Readable): Promise<void> {
  for (;;) {
    await new Promise((resolve) => setImmediate(resolve));
    if (out.destroyed) return;
    if (out.writableNeedDrain) await drainOrClose(out);
    else if (zip.readableLength <= ZIP_BACKLOG_LIMIT) return;
  }
}

export interface WorkbookSpec {
  sheets: LedgerSheet[];
  created: Date;
  /** Runs once every row is written, before the file is closed, with the number of data rows. */
  beforeClose(rowCount: number): Promise<void>;
  /** Runs when writing fails or the client goes away, with the rows written so far. */
  onFailure(rowCount: number, error: unknown): Promise<void>;
}

const HEADER_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } } as const;

/** Starts writing the workbook and returns the stream its bytes come out of. */
export function streamWorkbook(spec: WorkbookSpec): Readable {
  const out = new PassThrough();
  let rowCount = 0;

  async function write() {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: true,
      useSharedStrings: false,
    });
    // Not in exceljs' types: the archiver stream the worksheets are zipped into.
    const zip = (workbook as unknown as { zip: Readable }).zip;
    workbook.creator = 'CoordNet 劳动关系协调员网络';
    workbook.created = spec.created;
    workbook.modified = spec.created;
    for (const ledger of spec.sheets) {
      const worksheet = workbook.addWorksheet(ledger.name, { views: [{ state: 'frozen', ySplit: 1 }] });
      worksheet.columns = ledger.columns.map((c, i) => ({ header: c.header, key: `c${i}`, width: c.width }));
      const header = worksheet.getRow(1);
      header.font = { bold: true };
      header.fill = HEADER_FILL;
      header.alignment = { vertical: 'middle', wrapText: true };
      header.commit();
      for await (const batch of ledger.rows) {
        if (out.destroyed) throw new Error('client closed the connection');
        for (const item of batch) {
          const row = worksheet.addRow(ledger.columns.map((c) => neutralise(c.value(item))));
          ledger.columns.forEach((c, i) => {
            if (c.numFmt) row.getCell(i + 1).numFmt = c.numFmt;
          });
          row.commit();
          rowCount++;
        }
        await settle(out, zip);
      }
      worksheet.commit();
    }
    if (out.destroyed) throw new Error('client closed the connection');
    await spec.beforeClose(rowCount);
    await workbook.commit();
  }

  write().catch(async (error: unknown) => {
    await spec.onFailure(rowCount, error).catch(() => undefined);
    out.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return out;
}
