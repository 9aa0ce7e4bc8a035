import { count, desc, eq, like } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XLSX_CONTENT_TYPE } from '@coordnet/shared/api/stats';
import { auditLog } from '../src/db/schema/audit';
import { enterprises } from '../src/db/schema/enterprises';
import { jurisdictions } from '../src/db/schema/jurisdictions';
import { coordinatorRoles, supervisorRoles, users } from '../src/db/schema/people';
import { createMemoryStorage } from '../src/lib/storage';
import { dutyBookkeepingMismatches, NO_MISMATCHES } from './helpers/duty-fixtures';
import {
  commitImport,
  csvOf,
  dryRun,
  importUscc,
  inlineXlsxOf,
  settled,
  uploadImport,
  xlsxOf,
} from './helpers/imports';
import { createTestApp, type TestApp } from './helpers/test-app';

const SANDUN = '330106109000';
const SANDUN_COMMUNITY = '330106109001';
const GONGSHU_TOWNSHIP = '330105001000';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ storage: createMemoryStorage() });
});
afterAll(() => t.close());

const enterpriseCount = async () => (await t.database.db.select({ n: count() }).from(enterprises))[0]!.n;
const byUscc = async (uscc: string) =>
  (await t.database.db.select().from(enterprises).where(eq(enterprises.uscc, uscc)))[0];

async function workbookOf(buffer: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}
const rowsOf = (sheet: ExcelJS.Worksheet) => {
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
};

describe('templates (seed §二(三) 信息库)', () => {
  it.each([
    ['enterprises', ['统一社会信用代码', '企业名称', '所属区划代码']],
    ['coordinators', ['钉钉用户ID', '姓名', '手机', '协调员类别']],
    ['jurisdictions', ['区划代码', '名称']],
  ])('the %s template has Chinese headers, an example row and a 填写说明 sheet', async (kind, headers) => {
    const res = await t.request({
      method: 'GET',
      url: `/api/v1/imports/templates/${kind}.xlsx`,
      as: '王海峰',
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_CONTENT_TYPE);
    expect(String(res.headers['content-disposition'])).toContain("filename*=UTF-8''");
    const workbook = await workbookOf(res.rawPayload);
    const [data, help] = workbook.worksheets;
    const [header, example] = rowsOf(data!);
    expect(header!.slice(0, headers.length)).toEqual(headers);
    expect(String(example!.join(''))).toContain('示例');
    expect(help!.name).toBe('填写说明');
  });

  it('an untouched template is refused as having no data rows (the example row is not imported)', async () => {
    const res = await t.request({
      method: 'GET',
      url: '/api/v1/imports/templates/enterprises.xlsx',
      as: '王海峰',
    });
    const result = await dryRun(t, 'enterprises', res.rawPayload, { filename: '企业信息导入模板.xlsx' });
    expect(result.state).toBe('invalid');
    expect(result.message).toBe('文件中只有表头，没有数据行');
  });
});

describe('enterprise import (seed §二(三) 信息库)', () => {
  it('matches headers in any order and by their usual alternatives, counts inserts, updates and unchanged, then commits all of it', async () => {
    const [existing, unchangedOne] = await t.database.db
      .select()
      .from(enterprises)
      .where(eq(enterprises.jurisdictionCode, SANDUN))
      .orderBy(enterprises.uscc)
      .limit(2);
    const before = await enterpriseCount();
    const file = csvOf([
      ['单位名称', '信用代码', '区划代码', '所属行业', '从业人数', '营业收入', '手机号', '是否重点企业'],
      [
        '杭州导入一号科技有限公司',
        importUscc(1),
        SANDUN_COMMUNITY,
        '软件和信息技术服务业',
        '120',
        '3,500',
        '138 0013 8000',
        '是',
      ],
      ['杭州导入二号制造有限公司', importUscc(2).toLowerCase(), SANDUN, '工业', '25', '500', '', '否'],
      [`${existing!.name}(更名)`, existing!.uscc, existing!.jurisdictionCode, '', '', '', '', ''],
      [unchangedOne!.name, unchangedOne!.uscc, unchangedOne!.jurisdictionCode, '', '', '', '', ''],
    ]);
    const result = await dryRun(t, 'enterprises', file, { filename: '企业.csv' });
    // The third and fourth rows leave industry and metrics empty: present columns are written as given.
    expect(result).toMatchObject({ state: 'validated', rowsDone: 4, inserts: 2, errorCount: 0, errors: [] });
    expect(result.updates + result.unchanged).toBe(2);
    expect(await enterpriseCount()).toBe(before); // a dry run writes nothing

    const committed = await commitImport(t, result.id);
    expect(committed.body).toMatchObject({ state: 'committed', inserts: 2 });
    expect(await enterpriseCount()).toBe(before + 2);
    const one = await byUscc(importUscc(1));
    expect(one).toMatchObject({
      name: '杭州导入一号科技有限公司',
      jurisdictionCode: SANDUN_COMMUNITY,
      industry: 'software',
      employees: 120,
      revenue: 3500,
      contactMobile: '13800138000',
      isKey: true,
      declaredSize: null,
      // 2017 standard, software: ≥ 100 people and ≥ 1,000 万元 → medium
      computedSize: 'medium',
      size: 'medium',
    });
    expect((await byUscc(importUscc(2)))!.size).toBe('small');
    expect((await byUscc(existing!.uscc))!.name).toBe(`${existing!.name}(更名)`);

    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'import.commit'))
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(audit).toMatchObject({ entityType: 'import', entityId: result.id });
    expect(audit!.after).toMatchObject({ inserts: 2 });
  });

  it('reads CSV saved by Chinese Excel in GBK, and UTF-8 with a BOM', async () => {
    const rows = (n: number, name: string) => [
      ['统一社会信用代码', '企业名称', '所属区划代码', '企业规模'],
      [importUscc(n), name, SANDUN, '小型'],
    ];
    const gbk = await dryRun(t, 'enterprises', csvOf(rows(10, '杭州国标编码测试有限公司'), 'gbk'));
    const bom = await dryRun(t, 'enterprises', csvOf(rows(11, '杭州字节序测试有限公司'), 'utf8-bom'));
    expect([gbk.state, bom.state]).toEqual(['validated', 'validated']);
    await commitImport(t, gbk.id);
    await commitImport(t, bom.id);
    expect((await byUscc(importUscc(10)))!.name).toBe('杭州国标编码测试有限公司');
    expect(await byUscc(importUscc(11))).toMatchObject({ name: '杭州字节序测试有限公司', size: 'small' });
  });

  it('reads .xlsx, including mobiles typed as numbers', async () => {
    const file = await xlsxOf([
      ['企业名称', '统一社会信用代码', '所属区划代码', '联系电话', '从业人员(人)'],
      ['杭州表格导入有限公司', importUscc(20), SANDUN, 13912345678, 8],
    ]);
    const result = await dryRun(t, 'enterprises', file, { filename: '企业.xlsx' });
    expect(result).toMatchObject({ state: 'validated', inserts: 1 });
    await commitImport(t, result.id);
    expect(await byUscc(importUscc(20))).toMatchObject({
      contactMobile: '13912345678',
      employees: 8,
      size: 'micro',
    });
  });

  it.each([
    ['inline strings', inlineXlsxOf, 1_000],
    ['shared strings', xlsxOf, 6_000],
  ])(
    'reads Chinese text intact from a large .xlsx with %s (characters split between zip chunks)',
    async (_, write, base) => {
      const rows: (string | number | null)[][] = [
        ['统一社会信用代码', '企业名称', '所属区划代码', '重点企业', '地址'],
      ];
      for (let i = 1; i <= 4_000; i++)
        rows.push([
          importUscc(base + i),
          `杭州长表格${base}第${i}号有限公司`,
          SANDUN,
          '是',
          '浙江省杭州市西湖区三墩镇某某路'.repeat(3),
        ]);
      const result = await dryRun(t, 'enterprises', await write(rows), { filename: '大表.xlsx' });
      expect(result).toMatchObject({ state: 'validated', rowsDone: 4_000, inserts: 4_000, errorCount: 0 });
      await commitImport(t, result.id);
      const stored = await t.database.db
        .select({ name: enterprises.name, address: enterprises.address })
        .from(enterprises)
        .where(like(enterprises.name, `杭州长表格${base}第%`));
      expect(stored).toHaveLength(4_000);
      expect(stored.filter((e) => e.name.includes('\ufffd') || e.address!.includes('\ufffd'))).toEqual([]);
    },
  );

  it('reports every bad row with its row, column and a Chinese message, in a downloadable .xlsx, and writes nothing', async () => {
    const before = await enterpriseCount();
    const bad = importUscc(30).slice(0, 17) + (importUscc(30).endsWith('0') ? '1' : '0');
    const file = csvOf([
      ['统一社会信用代码', '企业名称', '所属区划代码', '从业人员', '联系电话'],
      [importUscc(31), '杭州正确行有限公司', SANDUN, '10', '13800138000'],
      [bad, '杭州校验位错误有限公司', SANDUN, '10', ''],
      [importUscc(32), '杭州越界有限公司', GONGSHU_TOWNSHIP, '10', ''],
      [importUscc(33), '杭州无此区划有限公司', '330106999000', '10', ''],
      [importUscc(34), '杭州人数不是数字有限公司', SANDUN, '十个', ''],
      [importUscc(35), '杭州手机错误有限公司', SANDUN, '10', '0571-88888888'],
      [importUscc(31), '杭州重复代码有限公司', SANDUN, '10', ''],
    ]);
    const result = await dryRun(t, 'enterprises', file, { filename: '有错误的企业.csv' });
    expect(result.state).toBe('invalid');
    expect(result.errorCount).toBe(6);
    expect(result.message).toContain('未写入任何数据');
    expect(
      result.errors.map((e: { row: number; column: string; message: string }) => [
        e.row,
        e.column,
        e.message,
      ]),
    ).toEqual([
      [3, '统一社会信用代码', '统一社会信用代码校验位不正确'],
      [4, '所属区划代码', '米市巷街道(330105001000) 不在您的管理范围内'],
      [5, '所属区划代码', '区划代码 330106999000 不存在'],
      [6, '从业人员', '从业人员应为整数'],
      [7, '联系电话', '应为 11 位中国大陆手机号'],
      [8, '统一社会信用代码', '与第 2 行的统一社会信用代码重复'],
    ]);

    const report = await t.request({
      method: 'GET',
      url: `/api/v1/imports/${result.id}/errors.xlsx`,
      as: '王海峰',
    });
    expect(report.statusCode).toBe(200);
    expect(decodeURIComponent(String(report.headers['content-disposition']))).toContain(
      '有错误的企业-错误报告.xlsx',
    );
    const sheet = (await workbookOf(report.rawPayload)).worksheets[0]!;
    const [header, first] = rowsOf(sheet);
    expect(header!.slice(0, 5)).toEqual(['行号', '列', '单元格内容', '错误说明', '原数据:统一社会信用代码']);
    expect(first!.slice(0, 6)).toEqual([
      3,
      '统一社会信用代码',
      bad,
      '统一社会信用代码校验位不正确',
      bad,
      '杭州校验位错误有限公司',
    ]);

    const refused = await commitImport(t, result.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.body.code).toBe('import_not_ready');
    expect(await enterpriseCount()).toBe(before);
  });

  it('refuses to touch an enterprise registered outside the importer’s area, matched by its USCC', async () => {
    const [xihu] = await t.database.db
      .select()
      .from(enterprises)
      .where(eq(enterprises.jurisdictionCode, SANDUN))
      .limit(1);
    const file = csvOf([
      ['统一社会信用代码', '企业名称', '所属区划代码'],
      [xihu!.uscc, '改到拱墅区', GONGSHU_TOWNSHIP],
    ]);
    const result = await dryRun(t, 'enterprises', file, { as: '孙立新' });
    expect(result.state).toBe('invalid');
    expect(result.errors[0].message).toContain('不在您的管理范围内，不能通过导入修改');
    expect((await byUscc(xihu!.uscc))!.jurisdictionCode).toBe(SANDUN);
  });

  it('is only for county or higher supervisors with manager access, and an import is only visible to its owner', async () => {
    const file = csvOf([
      ['统一社会信用代码', '企业名称', '所属区划代码'],
      [importUscc(40), '杭州权限测试有限公司', SANDUN],
    ]);
    for (const person of ['赵敏', '刘芳', '郑磊']) {
      const res = await uploadImport(t, 'enterprises', file, { as: person });
      expect(res.statusCode, person).toBe(403);
      expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
    }
    const own = await uploadImport(t, 'enterprises', file);
    expect(own.statusCode).toBe(202);
    await settled(t, own.json().id, '王海峰');
    const other = await t.request({ method: 'GET', url: `/api/v1/imports/${own.json().id}`, as: '陈建国' });
    expect(other.statusCode).toBe(404);
    const list = await t.request({ method: 'GET', url: '/api/v1/imports', as: '王海峰' });
    expect(list.json().items.map((i: { id: string }) => i.id)).toContain(own.json().id);
  });

  it('re-checks the committer’s current authority: a manager demoted to viewer, or moved to another county, cannot commit his dry run', async () => {
    const file = csvOf([
      ['统一社会信用代码', '企业名称', '所属区划代码'],
      [importUscc(41), '杭州权限变更测试有限公司', SANDUN],
    ]);
    const result = await dryRun(t, 'enterprises', file);
    expect(result.state).toBe('validated');
    const [wang] = await t.database.db.select().from(users).where(eq(users.name, '王海峰'));
    const [role] = await t.database.db
      .select()
      .from(supervisorRoles)
      .where(eq(supervisorRoles.userId, wang!.id));
    const before = await enterpriseCount();
    try {
      await t.database.db
        .update(supervisorRoles)
        .set({ access: 'viewer' })
        .where(eq(supervisorRoles.id, role!.id));
      const demoted = await commitImport(t, result.id);
      expect(demoted.statusCode).toBe(403);
      expect(demoted.body.code).toBe('import_forbidden');

      // A manager again, but of 拱墅区: the file's 三墩镇 is no longer his.
      await t.database.db
        .update(supervisorRoles)
        .set({ access: 'manager', jurisdictionCode: '330105000000' })
        .where(eq(supervisorRoles.id, role!.id));
      const moved = await commitImport(t, result.id);
      expect(moved.statusCode).toBe(403);
      expect(moved.body).toMatchObject({
        code: 'import_scope_changed',
        details: { jurisdictions: [SANDUN] },
      });
      expect(moved.body.message).toMatch(/[\u4e00-\u9fa5]/);
      expect(await enterpriseCount()).toBe(before);
    } finally {
      await t.database.db
        .update(supervisorRoles)
        .set({ access: role!.access, jurisdictionCode: role!.jurisdictionCode })
        .where(eq(supervisorRoles.id, role!.id));
    }
    // Restored, the same dry run commits.
    const committed = await commitImport(t, result.id);
    expect(committed.body).toMatchObject({ state: 'committed', inserts: 1 });
  });

  it('refuses a request without a file and an unknown kind with a Chinese message', async () => {
    const missing = await t.request({
      method: 'POST',
      url: '/api/v1/imports?kind=enterprises',
      as: '王海峰',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      payload: '--x--\r\n',
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().message).toBe('请选择要导入的 .xlsx 或 .csv 文件');
    const kind = await uploadImport(t, 'people', csvOf([['a']]));
    expect(kind.statusCode).toBe(400);
  });
});

describe('coordinator import (seed §二(三) 信息库)', () => {
  it('adds new coordinators and updates existing ones matched by DingTalk userid', async () => {
    const [enterprise] = await t.database.db
      .select()
      .from(enterprises)
      .where(eq(enterprises.jurisdictionCode, SANDUN))
      .limit(1);
    const file = csvOf([
      [
        '姓名',
        '钉钉userid',
        '手机号',
        '类别',
        '服务区划代码',
        '企业统一社会信用代码',
        '技能等级',
        '发证日期',
      ],
      ['王导入', 'import-wang', '13700000001', '社区(村)', SANDUN_COMMUNITY, '', '四级', '2025/6/30'],
      ['李企业', 'import-li', '', '企业劳动关系协调员', '', enterprise!.uscc, '三级/高级工', ''],
    ]);
    const result = await dryRun(t, 'coordinators', file);
    expect(result).toMatchObject({ state: 'validated', inserts: 2, errorCount: 0 });
    await commitImport(t, result.id);
    const [wang] = await t.database.db.select().from(users).where(eq(users.dingtalkUserId, 'import-wang'));
    const roles = await t.database.db
      .select()
      .from(coordinatorRoles)
      .where(eq(coordinatorRoles.userId, wang!.id));
    expect(roles).toMatchObject([
      {
        kind: 'community',
        jurisdictionCode: SANDUN_COMMUNITY,
        skillLevel: 'level4',
        certificateDate: '2025-06-30',
      },
    ]);
    const [li] = await t.database.db.select().from(users).where(eq(users.dingtalkUserId, 'import-li'));
    const [liRole] = await t.database.db
      .select()
      .from(coordinatorRoles)
      .where(eq(coordinatorRoles.userId, li!.id));
    expect(liRole).toMatchObject({
      kind: 'enterprise',
      enterpriseId: enterprise!.id,
      jurisdictionCode: SANDUN,
    });

    const again = await dryRun(
      t,
      'coordinators',
      csvOf([
        ['钉钉用户ID', '姓名', '协调员类别', '服务区划代码', '技能等级'],
        ['import-wang', '王导入', '社区(村)', SANDUN_COMMUNITY, '三级'],
      ]),
    );
    expect(again).toMatchObject({ state: 'validated', inserts: 0, updates: 1, unchanged: 0 });
    await commitImport(t, again.id);
    const [updated] = await t.database.db
      .select()
      .from(coordinatorRoles)
      .where(eq(coordinatorRoles.userId, wang!.id));
    expect(updated!.skillLevel).toBe('level3');
  });

  it('names an enterprise coordinator’s unregistered enterprise and an unknown kind', async () => {
    const result = await dryRun(
      t,
      'coordinators',
      csvOf([
        ['钉钉用户ID', '姓名', '协调员类别', '服务区划代码', '所在企业统一社会信用代码'],
        ['import-x', '某甲', '企业', '', importUscc(99)],
        ['import-y', '某乙', '志愿者', SANDUN, ''],
      ]),
    );
    expect(result.state).toBe('invalid');
    expect(result.errors.map((e: { row: number; message: string }) => [e.row, e.message])).toEqual([
      [2, '该企业尚未登记，请先导入企业'],
      [3, '协调员类别无法识别，请填写模板填写说明中的类别'],
    ]);
  });
});

describe('jurisdiction import', () => {
  it('adds townships and their communities from one file, level and parent following from the code', async () => {
    const result = await dryRun(
      t,
      'jurisdictions',
      csvOf([
        ['区划代码', '名称', '层级'],
        ['330106111001', '新建社区', '社区(村)'],
        ['330106111000', '新建镇', '乡镇(街道)'],
        ['330106109001', '庙前街社区', ''],
      ]),
    );
    expect(result).toMatchObject({ state: 'validated', inserts: 2, updates: 0, unchanged: 1 });
    await commitImport(t, result.id);
    const rows = await t.database.db
      .select()
      .from(jurisdictions)
      .where(like(jurisdictions.code, '330106111%'));
    expect(rows.map((r) => [r.code, r.level, r.parentCode, r.depth]).sort()).toEqual([
      ['330106111000', 'township', '330106000000', 3],
      ['330106111001', 'community', '330106111000', 4],
    ]);
  });

  it('marks a county-set park without a statistical code as a local code (本地编码 是)', async () => {
    const result = await dryRun(
      t,
      'jurisdictions',
      csvOf([
        ['区划代码', '名称', '本地编码'],
        ['330106401000', '西湖某某产业园', '是'],
        ['330106400000', '西湖科技经济园区', ''],
      ]),
    );
    expect(result).toMatchObject({ state: 'validated', inserts: 1, updates: 0, unchanged: 1 });
    await commitImport(t, result.id);
    const rows = await t.database.db
      .select({ code: jurisdictions.code, level: jurisdictions.level, localCode: jurisdictions.localCode })
      .from(jurisdictions)
      .where(like(jurisdictions.code, '3301064%'));
    expect(rows.sort((a, b) => a.code.localeCompare(b.code))).toEqual([
      { code: '330106400000', level: 'park', localCode: true },
      { code: '330106401000', level: 'park', localCode: true },
    ]);
  });

  it('refuses codes outside the area and communities without a parent', async () => {
    const result = await dryRun(
      t,
      'jurisdictions',
      csvOf([
        ['区划代码', '名称'],
        ['330105001001', '拱墅的社区'],
        ['330106112001', '无上级社区'],
      ]),
    );
    expect(result.errors.map((e: { row: number; message: string }) => [e.row, e.message])).toEqual([
      [2, '上级区划 330105001000 不在您的管理范围内'],
      [3, '上级区划 330106112000 不存在'],
    ]);
  });
});

describe('bookkeeping', () => {
  it('keeps the duty and enterprise tallies equal to a recount after every import', async () => {
    expect(await dutyBookkeepingMismatches(t)).toEqual(NO_MISMATCHES);
  });
});
