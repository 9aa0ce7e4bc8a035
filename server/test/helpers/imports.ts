import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { makeUscc } from '@coordnet/shared/domain/uscc';
import { multipart } from './duty-fixtures';
import type { TestApp } from './test-app';

/** A valid USCC that no demo enterprise has. */
export const importUscc = (n: number) => makeUscc(`91330106KM${String(n).padStart(7, '0')}`);

const quote = (cell: string | number | null) => {
  const text = cell === null ? '' : String(cell);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export function csvOf(
  rows: (string | number | null)[][],
  encoding: 'utf8' | 'gbk' | 'utf8-bom' = 'utf8',
): Buffer {
  const text = rows.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
  if (encoding === 'gbk') return iconv.encode(text, 'gbk');
  return Buffer.concat([
    encoding === 'utf8-bom' ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0),
    Buffer.from(text),
  ]);
}

/** An .xlsx with inline strings, as streaming writers (and many exporting systems) produce. */
export async function inlineXlsxOf(rows: (string | number | null)[][]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Sheet1');
  for (const row of rows) sheet.addRow(row).commit();
  sheet.commit();
  await workbook.commit();
  return Buffer.concat(chunks);
}

export async function xlsxOf(rows: (string | number | null)[][], sheetName = 'Sheet1'): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const TERMINAL = ['validated', 'invalid', 'committed', 'failed'];

/** Polls the import as its owner would until the background work is done. */
export async function settled(t: TestApp, id: string, as: string) {
  for (let i = 0; i < 2_000; i++) {
    const res = await t.request({ method: 'GET', url: `/api/v1/imports/${id}`, as });
    if (res.statusCode !== 200) throw new Error(`import ${id}: ${res.statusCode} ${res.body}`);
    const body = res.json();
    if (TERMINAL.includes(body.state)) return body;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`import ${id} did not settle`);
}

export async function uploadImport(
  t: TestApp,
  kind: string,
  file: Buffer,
  { as = '王海峰', filename = 'import.csv' }: { as?: string; filename?: string } = {},
) {
  return t.request({
    method: 'POST',
    url: `/api/v1/imports?kind=${kind}`,
    as,
    ...multipart(file, { filename, contentType: 'application/octet-stream' }),
  });
}

/** Upload and wait for the dry run. */
export async function dryRun(
  t: TestApp,
  kind: string,
  file: Buffer,
  options: { as?: string; filename?: string } = {},
) {
  const res = await uploadImport(t, kind, file, options);
  if (res.statusCode !== 202) throw new Error(`upload failed: ${res.statusCode} ${res.body}`);
  return settled(t, res.json().id, options.as ?? '王海峰');
}

/** Commit and wait until written. */
export async function commitImport(t: TestApp, id: string, as = '王海峰') {
  const res = await t.request({ method: 'POST', url: `/api/v1/imports/${id}/commit`, as });
  if (res.statusCode !== 202) return { statusCode: res.statusCode, body: res.json() };
  return { statusCode: 202, body: await settled(t, id, as) };
}
