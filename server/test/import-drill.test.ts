import { randomBytes } from 'node:crypto';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterprises } from '../src/db/schema/enterprises';
import { createMemoryStorage } from '../src/lib/storage';
import { dutyBookkeepingMismatches, NO_MISMATCHES } from './helpers/duty-fixtures';
import { commitImport, csvOf, dryRun, importUscc, xlsxOf } from './helpers/imports';
import { createTestApp, type TestApp } from './helpers/test-app';

/**
 * Drill R8: malformed import files. Whatever arrives, the importer gets a clear Chinese report (the
 * whole file, or each bad row with its row and column) and the registry is left exactly as it was.
 */
let t: TestApp;
let before: number;
beforeAll(async () => {
  t = await createTestApp({ storage: createMemoryStorage() });
  before = await enterpriseCount();
});
afterAll(() => t.close());

async function enterpriseCount() {
  return (await t.database.db.select({ n: count() }).from(enterprises))[0]!.n;
}

const HEADER = ['统一社会信用代码', '企业名称', '所属区划代码', '从业人员', '联系电话'];

describe('drill R8: malformed import files leave nothing written', () => {
  it('a 10 MB garbage file is refused as not a spreadsheet', async () => {
    const result = await dryRun(t, 'enterprises', randomBytes(10 * 1024 * 1024), { filename: '企业.xlsx' });
    expect(result).toMatchObject({
      state: 'invalid',
      errorCount: 1,
      message: '文件不是 .xlsx 或 .csv 格式，无法读取',
    });
    expect(result.errors).toEqual([{ row: 0, column: null, value: null, message: result.message }]);
  });

  it('a corrupt .xlsx (a zip cut in half) is refused as damaged', async () => {
    const file = await xlsxOf([HEADER, [importUscc(1), '杭州截断有限公司', '330106109000', '10', '']]);
    const result = await dryRun(t, 'enterprises', file.subarray(0, Math.floor(file.length / 2)), {
      filename: '企业.xlsx',
    });
    expect(result.state).toBe('invalid');
    expect(result.message).toBe('Excel 文件已损坏或不是有效的 .xlsx 文件，无法读取');
  });

  it('an old .xls is refused with how to fix it', async () => {
    const xls = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      randomBytes(4096),
    ]);
    const result = await dryRun(t, 'enterprises', xls, { filename: '企业.xls' });
    expect(result.message).toBe('不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 .csv 后再上传');
  });

  it('the wrong template names the missing columns and the template it looks like', async () => {
    const coordinators = csvOf([
      ['钉钉用户ID', '姓名', '手机', '协调员类别', '服务区划代码'],
      ['u1', '张三', '13800138000', '社区(村)', '330106109001'],
    ]);
    const result = await dryRun(t, 'enterprises', coordinators);
    expect(result.state).toBe('invalid');
    expect(result.message).toBe(
      '表头不符合企业导入模板：第 1 行缺少「统一社会信用代码」「企业名称」「所属区划代码」列。这似乎是协调员导入文件，请选择“导入协调员”后上传。',
    );
  });

  it('an empty sheet and a sheet with only the header are refused', async () => {
    const empty = await dryRun(t, 'enterprises', await xlsxOf([]), { filename: '空.xlsx' });
    expect(empty.message).toBe('文件中没有内容，请按模板填写后重新上传');
    const headerOnly = await dryRun(t, 'enterprises', await xlsxOf([HEADER, [], []]), {
      filename: '表头.xlsx',
    });
    expect(headerOnly.message).toBe('文件中只有表头，没有数据行');
  });

  it('one bad row among 100,000 is reported with its row and column, and none of the 99,999 good rows is written', async () => {
    const rows: (string | number | null)[][] = [HEADER];
    for (let i = 1; i <= 100_000; i++)
      rows.push([
        importUscc(i),
        `杭州演练企业${i}号有限公司`,
        '330106109000',
        i % 500,
        i === 73_456 ? '1380013800' : '',
      ]);
    const result = await dryRun(t, 'enterprises', csvOf(rows), { filename: '十万行.csv' });
    expect(result).toMatchObject({ state: 'invalid', rowsDone: 100_000, errorCount: 1, inserts: 99_999 });
    expect(result.errors).toEqual([
      { row: 73_457, column: '联系电话', value: '1380013800', message: '应为 11 位中国大陆手机号' },
    ]);
    expect((await commitImport(t, result.id)).statusCode).toBe(409);
    expect(await enterpriseCount()).toBe(before);
    const staged = await t.database.db.execute(
      `select (select count(*) from import_enterprise_rows)::int as n` as never,
    );
    expect((staged as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(0);
  }, 120_000);

  it('leaves the tallies equal to a recount', async () => {
    expect(await dutyBookkeepingMismatches(t)).toEqual(NO_MISMATCHES);
  });
});
