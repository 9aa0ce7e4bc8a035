import { describe, expect, it } from 'vitest';
import { sheetRows } from '../src/modules/imports/reader';

/** The .xlsx import reads worksheet XML itself (exceljs finds the sheets and the shared strings). */
async function rowsOf(xml: string, sharedStrings: unknown[] = [], chunk = 7) {
  async function* chunks() {
    for (let i = 0; i < xml.length; i += chunk) yield xml.slice(i, i + chunk);
  }
  const rows = [];
  for await (const row of sheetRows(chunks(), () => sharedStrings)) rows.push(row);
  return rows;
}

const SHEET = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cols><col min="1" max="3" width="20"/></cols>
<sheetData>
<row r="1" spans="1:4"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="D1" t="inlineStr"><is><t xml:space="preserve"> 联系电话 </t></is></c></row>
<row r="3"><c r="A3" s="2" t="n"><v>13800138000</v></c><c r="B3" t="inlineStr"><is><r><t>杭州</t></r><r><rPr><b/></rPr><t>A&amp;B&#x4E00;&#20108;</t></r><rPh sb="0" eb="1"><t>ハン</t></rPh></is></c><c r="C3"/><c r="D3" t="b"><v>1</v></c></row>
<row r="4"/>
<row r="5"><c t="str"><f>A1&amp;""</f><v>公式 &lt;结果&gt;</v></c><c t="e"><v>#N/A</v></c><c><v>1.5E+10</v></c><c r="E5" t="b"><v>0</v></c></row>
</sheetData><rowBreaks count="0"/><pageMargins left="0.7"/></worksheet>`;

describe('.xlsx worksheet reader', () => {
  it('reads shared and inline strings, rich text, entities, numbers, booleans, formulas and gaps, split anywhere', async () => {
    const expected = [
      { rowNo: 1, cells: ['统一社会信用代码', '企业名称', '', '联系电话'] },
      { rowNo: 3, cells: ['13800138000', '杭州A&B一二', '', '是'] },
      { rowNo: 4, cells: [] },
      { rowNo: 5, cells: ['公式 <结果>', '', '15000000000', '', '否'] },
    ];
    const shared = ['统一社会信用代码 ', { richText: [{ text: '企业' }, { text: '名称' }] }];
    for (const chunk of [1, 7, 64, SHEET.length])
      expect(await rowsOf(SHEET, shared, chunk)).toEqual(expected);
  });

  it('numbers rows without an r attribute after the one before', async () => {
    const xml = '<sheetData><row><c><v>1</v></c></row><row r="7"/><row><c><v>2</v></c></row></sheetData>';
    expect(await rowsOf(xml)).toEqual([
      { rowNo: 1, cells: ['1'] },
      { rowNo: 7, cells: [] },
      { rowNo: 8, cells: ['2'] },
    ]);
  });
});
