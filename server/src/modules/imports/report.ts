import ExcelJS from 'exceljs';
import { IMPORT_KINDS, IMPORT_MAX_REPORTED_ERRORS, type ImportKind } from '@coordnet/shared/api/imports';
import type { importErrors, imports } from '../../db/schema/imports';
import { neutralise, sheet, streamWorkbook, type LedgerColumn } from '../../lib/xlsx';
import { IMPORT_HANDLERS } from './pipeline';

type ErrorRow = typeof importErrors.$inferSelect;

async function* oneBatch<T>(rows: T[]): AsyncGenerator<T[]> {
  yield rows;
}

/**
 * The error report (错误报告): one line per error with the row, the column, the cell and a Chinese
 * message, followed by the whole original row under the file's own headers, so it can be fixed in
 * place and uploaded again.
 */
export function errorReport(row: typeof imports.$inferSelect, errors: ErrorRow[], created: Date) {
  const columns: LedgerColumn<ErrorRow>[] = [
    { header: '行号', width: 8, value: (e) => (e.rowNo === 0 ? '整个文件' : e.rowNo) },
    { header: '列', width: 18, value: (e) => e.columnName },
    { header: '单元格内容', width: 24, value: (e) => e.value },
    { header: '错误说明', width: 48, value: (e) => e.message },
    ...row.header.map((header, i): LedgerColumn<ErrorRow> => ({
      header: `原数据:${header || `第${i + 1}列`}`,
      width: 16,
      value: (e) => e.cells?.[i] ?? null,
    })),
  ];
  const note =
    row.errorCount > errors.length
      ? [
          {
            rowNo: -1,
            columnName: null,
            value: null,
            message: `共 ${row.errorCount} 处错误，此报告列出前 ${IMPORT_MAX_REPORTED_ERRORS} 处`,
            cells: null,
            importId: row.id,
          } satisfies ErrorRow,
        ]
      : [];
  return streamWorkbook({
    sheets: [sheet({ name: '错误报告', columns, rows: oneBatch([...errors, ...note]) })],
    created,
    beforeClose: async () => {},
    onFailure: async () => {},
  });
}

/** The downloadable template: headers, an example row (skipped on import) and a 填写说明 sheet. */
export async function importTemplate(kind: ImportKind, created: Date): Promise<Buffer> {
  const handler = IMPORT_HANDLERS[kind];
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'CoordNet 劳动关系协调员网络';
  workbook.created = created;
  const data = workbook.addWorksheet(handler.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  data.columns = handler.columns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  const header = data.getRow(1);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
  handler.columns.forEach((c, i) => {
    if (c.required) header.getCell(i + 1).font = { bold: true, color: { argb: 'FFC00000' } };
    // Codes and mobiles as text, so Excel keeps leading zeros and does not write 1.38E+10.
    data.getColumn(i + 1).numFmt = '@';
  });
  const example = data.addRow(handler.columns.map((c) => neutralise(c.example)));
  example.font = { color: { argb: 'FF808080' }, italic: true };

  const help = workbook.addWorksheet('填写说明');
  help.columns = [
    { header: '列', width: 24 },
    { header: '是否必填', width: 10 },
    { header: '可用的其他表头', width: 40 },
    { header: '填写要求', width: 80 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of handler.columns)
    help.addRow([c.header, c.required ? '必填' : '选填', c.aliases.join('、'), c.note]);
  help.addRow([]);
  help.addRow([
    `说明：导入${IMPORT_KINDS[kind]}时先校验全部行并给出错误报告；全部正确后才能提交，提交要么全部写入，要么一行也不写入。第 2 行是示例(名称以“（示例）”开头的行不会导入)，可直接删除。文件可保存为 .xlsx 或 .csv(UTF-8 或 GBK)。`,
  ]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
