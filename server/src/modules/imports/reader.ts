import { StringDecoder } from 'node:string_decoder';
import { Transform, type Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

/**
 * Streams the rows of an uploaded .xlsx or .csv in batches, never holding the file whole: csv-parse
 * over the bytes (UTF-8, or GBK as Chinese Excel saves CSV), or exceljs' streaming WorkbookReader
 * over the first worksheet. Every cell comes out as trimmed text.
 */

export interface SheetRow {
  /** The row number Excel shows (1-based; for CSV the record number). */
  rowNo: number;
  cells: string[];
}

/** The file as a whole cannot be read; the message is for the user. */
export class ImportFileError extends Error {}

export type FileFormat = 'xlsx' | 'csv';

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Decides the format from the first bytes (not the file name, which may lie). */
export function sniffFormat(head: Buffer): { format: FileFormat; encoding: 'utf8' | 'gbk' } {
  if (head.length === 0) throw new ImportFileError('文件是空的');
  if (head.subarray(0, 4).equals(ZIP)) return { format: 'xlsx', encoding: 'utf8' };
  if (head.subarray(0, 4).equals(OLE))
    throw new ImportFileError('不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 .csv 后再上传');
  // Text has no NUL bytes and few control characters; a binary file has plenty of both.
  let control = 0;
  for (const byte of head) {
    if (byte === 0) throw new ImportFileError('文件不是 .xlsx 或 .csv 格式，无法读取');
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) control++;
  }
  if (control > head.length / 100) throw new ImportFileError('文件不是 .xlsx 或 .csv 格式，无法读取');
  if (head.subarray(0, 3).equals(UTF8_BOM)) return { format: 'csv', encoding: 'utf8' };
  try {
    // `stream: true` tolerates a character cut at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return { format: 'csv', encoding: 'utf8' };
  } catch {
    return { format: 'csv', encoding: 'gbk' };
  }
}

/** Counts the bytes that pass, for the progress bar. */
export function byteCounter(onBytes: (total: number) => void): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      total += chunk.length;
      onBytes(total);
      done(null, chunk);
    },
  });
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown };
    if (v.richText)
      return v.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if (v.text !== undefined) return cellText(v.text);
    if ('result' in v) return cellText(v.result);
  }
  return '';
}

async function* batchesOf(rows: AsyncIterable<SheetRow>, size: number): AsyncGenerator<SheetRow[]> {
  let batch: SheetRow[] = [];
  for await (const row of rows) {
    batch.push(row);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

async function* csvRows(bytes: Readable, encoding: 'utf8' | 'gbk'): AsyncGenerator<SheetRow> {
  const parser = parse({ bom: true, relax_column_count: true, relax_quotes: true, trim: true });
  const text = encoding === 'gbk' ? bytes.pipe(iconv.decodeStream('gb18030')) : bytes;
  text.on('error', (error) => parser.destroy(error));
  text.pipe(parser);
  let rowNo = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      rowNo++;
      yield { rowNo, cells: record };
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('CSV_'))
      throw new ImportFileError(`CSV 文件第 ${rowNo + 1} 行格式错误，无法继续读取(引号不成对或列分隔有误)`);
    throw error;
  }
}

/** Text out of byte chunks, a character cut between two chunks decoded whole. */
async function* utf8Text(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function xmlText(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, entity: string) =>
    entity.startsWith('#x')
      ? String.fromCodePoint(parseInt(entity.slice(2), 16))
      : entity.startsWith('#')
        ? String.fromCodePoint(Number(entity.slice(1)))
        : XML_ENTITIES[entity]!,
  );
}

const ROW = /<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g;
const CELL = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;
const VALUE = /<v(?:\s[^>]*)?>([\s\S]*?)<\/v>/;
const TEXT = /<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g;
const PHONETIC = /<rPh\b[\s\S]*?<\/rPh>/g;

/** A row of an import sheet is a few hundred characters; one this long is not a spreadsheet row. */
const MAX_ROW_CHARS = 16 * 2 ** 20;
const R_ATTRIBUTE = /\sr=["']([^"']*)["']/;
const T_ATTRIBUTE = /\st=["']([^"']*)["']/;

/** A1-style column letters to a 0-based index. */
function columnIndex(letters: string): number {
  let index = 0;
  for (let i = 0; i < letters.length; i++) index = index * 26 + letters.charCodeAt(i) - 64;
  return index - 1;
}

/** A cell's text, as exceljs' reader and `cellText` would give it. */
function sheetCellText(type: string | undefined, body: string, sharedStrings: readonly unknown[]): string {
  if (type === 'inlineStr') {
    let text = '';
    for (const t of body.replace(PHONETIC, '').matchAll(TEXT)) text += t[1];
    return xmlText(text).trim();
  }
  const value = VALUE.exec(body)?.[1];
  if (value === undefined || value === '') return '';
  switch (type) {
    case 's':
      return cellText(sharedStrings[Number(value)]);
    case 'str':
      return xmlText(value).trim();
    case 'b':
      return cellText(value !== '0');
    case 'e':
      return '';
    case 'd': {
      const date = new Date(xmlText(value));
      return Number.isNaN(date.getTime()) ? '' : cellText(date);
    }
    default:
      return cellText(Number(value));
  }
}

/**
 * The rows of a worksheet's XML, scanned with regular expressions over text decoded across chunk
 * boundaries: a worksheet is rows of cells, and exceljs' sax-based reader spent most of an .xlsx
 * import building events and objects the import never reads.
 */
export async function* sheetRows(
  text: AsyncIterable<string>,
  sharedStrings: () => readonly unknown[],
): AsyncGenerator<SheetRow> {
  let buffer = '';
  let rowNo = 0;
  for await (const chunk of text) {
    buffer += chunk;
    let consumed = 0;
    for (const row of buffer.matchAll(ROW)) {
      consumed = row.index + row[0].length;
      rowNo = Number(R_ATTRIBUTE.exec(row[1]!)?.[1]) || rowNo + 1;
      const cells: string[] = [];
      for (const cell of (row[2] ?? '').matchAll(CELL)) {
        const attributes = cell[1]!;
        // Excel's last column is XFD.
        const letters = /^[A-Z]{1,3}/.exec(R_ATTRIBUTE.exec(attributes)?.[1] ?? '')?.[0];
        const index = letters ? columnIndex(letters) : cells.length;
        while (cells.length < index) cells.push('');
        cells[index] = sheetCellText(T_ATTRIBUTE.exec(attributes)?.[1], cell[2] ?? '', sharedStrings());
      }
      yield { rowNo, cells };
    }
    // Keep what follows the last whole row: the start of the next one.
    buffer = buffer.slice(consumed > 0 ? consumed : Math.max(0, buffer.lastIndexOf('<row')));
    if (buffer.length > MAX_ROW_CHARS)
      throw new ImportFileError(`Excel 文件第 ${rowNo + 1} 行内容过多，无法读取`);
  }
}

interface WorkbookReaderInternals {
  sharedStrings?: unknown[];
  _parseWorksheet(chunks: AsyncIterable<Buffer | string>, sheetNo: unknown): unknown;
  _parseSharedStrings(entry: Readable): unknown;
}

/**
 * exceljs' streaming WorkbookReader finds the sheets and reads the shared strings; the sheets
 * themselves are read by `sheetRows`. exceljs 4.4 decodes every inflated chunk on its own, so a
 * Chinese character split between two chunks came out as U+FFFD (seen on a 50,000-row sheet): the
 * sheet and the shared strings are read as text decoded across chunk boundaries.
 */
function utf8SafeWorkbookReader(bytes: Readable) {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(bytes, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
  });
  const internals = reader as unknown as WorkbookReaderInternals;
  const parseSharedStrings = internals._parseSharedStrings.bind(reader);
  internals._parseWorksheet = function* (chunks) {
    yield {
      eventType: 'worksheet',
      value: sheetRows(utf8Text(chunks), () => internals.sharedStrings ?? []),
    };
  };
  internals._parseSharedStrings = (entry) => {
    entry.setEncoding('utf8');
    return parseSharedStrings(entry);
  };
  return reader;
}

async function* xlsxRows(bytes: Readable): AsyncGenerator<SheetRow> {
  const reader = utf8SafeWorkbookReader(bytes);
  try {
    for await (const worksheet of reader) {
      yield* worksheet as unknown as AsyncIterable<SheetRow>;
      // The first worksheet only; the template's 填写说明 sheet comes after it.
      return;
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    throw new ImportFileError('Excel 文件已损坏或不是有效的 .xlsx 文件，无法读取');
  }
}

/** Batches of rows (header included) of the file's first sheet. */
export function readRows(
  bytes: Readable,
  sniffed: { format: FileFormat; encoding: 'utf8' | 'gbk' },
  batchSize: number,
): AsyncGenerator<SheetRow[]> {
  return batchesOf(sniffed.format === 'xlsx' ? xlsxRows(bytes) : csvRows(bytes, sniffed.encoding), batchSize);
}
