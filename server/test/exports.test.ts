import { desc, like } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEDGER_KEYS, XLSX_CONTENT_TYPE } from '@coordnet/shared/api/stats';
import { makeUscc } from '@coordnet/shared/domain/uscc';
import { auditLog } from '../src/db/schema/audit';
import { enterprises } from '../src/db/schema/enterprises';
import { createMemoryStorage } from '../src/lib/storage';
import { contentDisposition, neutralise, sheet as ledgerSheet, streamWorkbook } from '../src/lib/xlsx';
import {
  contactBody,
  enterpriseAt,
  registerEnterprise,
  riskBody,
  uploadPhoto,
  visitBody,
} from './helpers/duty-fixtures';
import { createTestApp, type TestApp } from './helpers/test-app';

const XIHU = '330106000000';
const SANDUN = '330106109000';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ storage: createMemoryStorage() });
});
afterAll(() => t.close());

const download = (path: string, as: string) =>
  t.request({ method: 'GET', url: `/api/v1/exports/${path}`, as });

async function workbookOf(res: LightMyRequestResponse) {
  expect(res.statusCode, res.statusCode === 200 ? '' : res.body).toBe(200);
  expect(res.headers['content-type']).toBe(XLSX_CONTENT_TYPE);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  return workbook;
}

/** Data rows of a sheet as arrays of cell values (header row excluded). */
function rowsOf(sheet: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  sheet.eachRow((row, n) => {
    if (n > 1) rows.push((row.values as unknown[]).slice(1));
  });
  return rows;
}
const headersOf = (sheet: ExcelJS.Worksheet) => (sheet.getRow(1).values as unknown[]).slice(1);
const column = (sheet: ExcelJS.Worksheet, header: string) => {
  const index = headersOf(sheet).indexOf(header);
  expect(index, header).toBeGreaterThanOrEqual(0);
  return rowsOf(sheet).map((r) => r[index]);
};

async function lastAudit() {
  const [row] = await t.database.db
    .select()
    .from(auditLog)
    .where(like(auditLog.action, 'ledger.%'))
    .orderBy(desc(auditLog.id))
    .limit(1);
  return row!;
}

describe('企业台账 (enterprises.xlsx)', () => {
  it('has Chinese headers, a frozen header row, set column widths, one row per enterprise, and a Chinese file name', async () => {
    const res = await download(`enterprises.xlsx?jurisdiction=${XIHU}`, '王海峰');
    const workbook = await workbookOf(res);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('企业台账');
    expect(headersOf(sheet).slice(0, 4)).toEqual(['所属区域', '区划代码', '企业名称', '统一社会信用代码']);
    expect(headersOf(sheet).every((h) => /[\u4e00-\u9fa5]/.test(String(h)))).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(3).width).toBe(34);
    expect(sheet.getRow(1).font).toMatchObject({ bold: true });
    expect(rowsOf(sheet)).toHaveLength(76);
    const disposition = String(res.headers['content-disposition']);
    expect(disposition).toMatch(
      /^attachment; filename="enterprises-330106000000-2026-11-16\.xlsx"; filename\*=UTF-8''/,
    );
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toBe('西湖区企业台账_2026-11-16.xlsx');
    // Streamed: no length known in advance.
    expect(res.headers['content-length']).toBeUndefined();
  });

  it('gives a township coordinator only their township’s enterprises, contact mobiles masked', async () => {
    const sheet = (await workbookOf(await download('enterprises.xlsx', '刘芳'))).worksheets[0]!;
    expect(rowsOf(sheet)).toHaveLength(22);
    expect(column(sheet, '区划代码').every((c) => String(c).startsWith('330106109'))).toBe(true);
    expect(column(sheet, '联系电话').every((m) => /^\d{3}\*{4}\d{4}$/.test(String(m)))).toBe(true);
  });

  it('neutralises formula injection: a name starting with "=" comes out as text behind an apostrophe', async () => {
    const evil = '=HYPERLINK("http://evil.example","点此领取补贴")';
    const e = await registerEnterprise(t, SANDUN, { name: evil, contactName: '@SUM(A1)' });
    const sheet = (await workbookOf(await download(`enterprises.xlsx?jurisdiction=${SANDUN}`, '王海峰')))
      .worksheets[0]!;
    const row = rowsOf(sheet).find(
      (r) => r.includes(e.jurisdictionCode) && String(r[2]).includes('HYPERLINK'),
    )!;
    expect(row[2]).toBe(`'${evil}`);
    expect(row).toContain("'@SUM(A1)");
    expect(sheet.getRow(rowsOf(sheet).indexOf(row) + 2).getCell(3).type).toBe(ExcelJS.ValueType.String);
  });

  it('filters by size', async () => {
    const sheet = (
      await workbookOf(await download(`enterprises.xlsx?jurisdiction=${XIHU}&size=large`, '王海峰'))
    ).worksheets[0]!;
    const sizes = column(sheet, '企业规模');
    expect(sizes.length).toBeGreaterThan(0);
    expect(sizes.every((s) => s === '大型')).toBe(true);
  });
});

describe('formula neutralising (OWASP CSV injection)', () => {
  it('prefixes = + - @ tab and CR, leaves other text and numbers alone', () => {
    for (const s of ['=1+1', '+86', '-2', '@cmd', '\tx', '\rx']) expect(neutralise(s)).toBe(`'${s}`);
    expect(neutralise('杭州=公司')).toBe('杭州=公司');
    expect(neutralise(-2)).toBe(-2);
    expect(neutralise(null)).toBeNull();
  });

  it('writes RFC 5987 file names with an ASCII fallback', () => {
    expect(contentDisposition('台账 (1).xlsx', 'ledger "1".xlsx')).toBe(
      `attachment; filename="ledger _1_.xlsx"; filename*=UTF-8''%E5%8F%B0%E8%B4%A6%20%281%29.xlsx`,
    );
  });
});

describe('协调员台账 (coordinators.xlsx): mobiles and the audit log (docs/domain.md §6)', () => {
  it('masks every mobile for a viewer supervisor (赵敏) and audits the export with its filter and row count', async () => {
    const sheet = (await workbookOf(await download(`coordinators.xlsx?jurisdiction=${XIHU}`, '赵敏')))
      .worksheets[0]!;
    const mobiles = column(sheet, '手机号码');
    expect(mobiles.length).toBeGreaterThan(100);
    expect(mobiles.every((m) => /^\d{3}\*{4}\d{4}$/.test(String(m)))).toBe(true);
    const audit = await lastAudit();
    expect(audit).toMatchObject({
      action: 'ledger.export',
      entityType: 'ledger',
      entityId: 'coordinators',
      actorUserId: await t.userId('赵敏'),
      details: {
        ledger: 'coordinators',
        fileName: '西湖区劳动关系协调员台账_2026-11-16.xlsx',
        filter: { jurisdiction: XIHU, kind: null },
        rowCount: mobiles.length,
        mobiles: 'masked',
        completed: true,
      },
    });
  });

  it('gives a manager supervisor (王海峰) whole mobiles, audited as an unmasked export', async () => {
    const sheet = (
      await workbookOf(await download(`coordinators.xlsx?jurisdiction=${XIHU}&kind=township`, '王海峰'))
    ).worksheets[0]!;
    const mobiles = column(sheet, '手机号码');
    expect(mobiles).toHaveLength(11);
    expect(mobiles.every((m) => /^1[3-9]\d{9}$/.test(String(m)))).toBe(true);
    expect(column(sheet, '类别').every((k) => k === '乡镇(街道)劳动关系协调员')).toBe(true);
    expect(await lastAudit()).toMatchObject({
      action: 'ledger.export_unmasked',
      details: { filter: { jurisdiction: XIHU, kind: 'township' }, rowCount: 11, mobiles: 'unmasked' },
    });
  });

  it('masks for a township coordinator too', async () => {
    const sheet = (await workbookOf(await download('coordinators.xlsx', '刘芳'))).worksheets[0]!;
    expect(column(sheet, '手机号码').every((m) => /^\d{3}\*{4}\d{4}$/.test(String(m)))).toBe(true);
    expect((await lastAudit()).details).toMatchObject({ mobiles: 'masked' });
  });
});

describe('联络、走访、风险报告台账 (contacts / visits / risk-reports .xlsx)', () => {
  beforeAll(async () => {
    const a = await enterpriseAt(t, SANDUN, 0);
    const b = await enterpriseAt(t, SANDUN, 1);
    const post = async (url: string, payload: object) => {
      const res = await t.request({ method: 'POST', url, as: '刘芳', payload });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string };
    };
    await post(
      '/api/v1/contacts',
      contactBody(a.id, '2026-11-03T02:00:00Z', { notes: '-1 元工资差额已核实' }),
    );
    await post('/api/v1/contacts', contactBody(b.id, '2026-11-04T02:00:00Z'));
    const visit = await post(
      '/api/v1/visits',
      visitBody(a.id, '2026-11-05T02:00:00Z', [await uploadPhoto(t, '刘芳')]),
    );
    await t.request({ method: 'POST', url: `/api/v1/visits/${visit.id}/approve`, as: '王海峰' });
    await post('/api/v1/risk-reports', riskBody(b.id, '2026-11-07T02:00:00Z', { severity: 'major' }));
  });

  it('lists the month’s contacts oldest first, in Shanghai time, with duty labels', async () => {
    const res = await download(`contacts.xlsx?jurisdiction=${XIHU}&period=2026-11`, '王海峰');
    const sheet = (await workbookOf(res)).worksheets[0]!;
    expect(sheet.name).toBe('联络记录');
    expect(column(sheet, '联络时间')).toEqual(['2026-11-03 10:00', '2026-11-04 10:00']);
    expect(column(sheet, '工作内容')).toEqual(['宣传劳动保障法律法规政策', '宣传劳动保障法律法规政策']);
    expect(column(sheet, '情况记录')[0]).toBe("'-1 元工资差额已核实");
    expect(column(sheet, '联络方式')[0]).toBe('电话');
    expect(decodeURIComponent(String(res.headers['content-disposition']).split("UTF-8''")[1]!)).toBe(
      '西湖区联络记录台账_2026年11月.xlsx',
    );
    expect((await lastAudit()).details).toMatchObject({ filter: { period: '2026-11' }, rowCount: 2 });
  });

  it('lists visits with their approval, and nothing for a month without any', async () => {
    const sheet = (await workbookOf(await download('visits.xlsx', '刘芳'))).worksheets[0]!;
    expect(column(sheet, '审核状态')).toEqual(['已通过']);
    expect(column(sheet, '审核人')).toEqual(['王海峰']);
    expect(column(sheet, '现场照片(张)')).toEqual([1]);
    const empty = (await workbookOf(await download('visits.xlsx?period=2026-10', '刘芳'))).worksheets[0]!;
    expect(rowsOf(empty)).toHaveLength(0);
    expect(headersOf(empty)[0]).toBe('走访时间');
  });

  it('lists risk reports with kind, severity and status in Chinese', async () => {
    const sheet = (await workbookOf(await download(`risk-reports.xlsx?period=2026-Q4`, '王海峰')))
      .worksheets[0]!;
    expect(column(sheet, '风险类型')).toEqual(['拖欠工资']);
    expect(column(sheet, '严重程度')).toEqual(['重大劳动关系矛盾纠纷']);
    expect(column(sheet, '办理状态')).toEqual(['处理中']);
  });
});

describe('配备达标台账 and 年度目标考核台账 (staffing / assessment .xlsx)', () => {
  it('writes enterprises, platforms and communities against their minimums, matching the staffing report', async () => {
    const workbook = await workbookOf(await download(`staffing.xlsx?jurisdiction=${XIHU}`, '王海峰'));
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      '企业配备情况',
      '乡镇(街道)园区配备情况',
      '社区(村)配备情况',
    ]);
    const report = (
      await t.request({
        method: 'GET',
        url: `/api/v1/compliance/staffing?jurisdiction=${XIHU}`,
        as: '王海峰',
      })
    ).json();
    const [enterpriseSheet, platformSheet, communitySheet] = workbook.worksheets as [
      ExcelJS.Worksheet,
      ExcelJS.Worksheet,
      ExcelJS.Worksheet,
    ];
    const statuses = column(enterpriseSheet, '达标情况');
    expect(statuses).toHaveLength(report.total.enterprises.total);
    expect(statuses.filter((s) => s === '未达标')).toHaveLength(report.total.enterprises.below);
    expect(statuses.filter((s) => s === '基层平台覆盖')).toHaveLength(report.total.enterprises.covered);
    expect(rowsOf(platformSheet)).toHaveLength(6);
    expect(column(platformSheet, '达标情况').filter((s) => s === '未达标')).toHaveLength(
      report.total.platforms.below,
    );
    expect(rowsOf(communitySheet)).toHaveLength(2);
    for (const sheet of workbook.worksheets)
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect((await lastAudit()).details).toMatchObject({
      ledger: 'staffing',
      rowCount: report.total.enterprises.total + 8,
      mobiles: 'none',
    });
  });

  it('writes the ranked regions with rates as percentages', async () => {
    const res = await download(`assessment.xlsx?jurisdiction=330100000000&year=2026`, '林晓燕');
    const sheet = (await workbookOf(res)).worksheets[0]!;
    expect(sheet.name).toBe('2026年度目标考核');
    expect(column(sheet, '排名')).toEqual([1, 2]);
    expect(column(sheet, '地区').sort()).toEqual(['拱墅区', '西湖区']);
    const rateColumn = headersOf(sheet).indexOf('配备率') + 1;
    expect(sheet.getRow(2).getCell(rateColumn).numFmt).toBe('0.00%');
    expect(Number(sheet.getRow(2).getCell(rateColumn).value)).toBeGreaterThan(0);
  });
});

describe('refusals come as JSON before any byte of a file, and are not audited as exports', () => {
  it.each([
    ['孙立新', `enterprises.xlsx?jurisdiction=${XIHU}`, 404],
    ['刘芳', `coordinators.xlsx?jurisdiction=${XIHU}`, 404],
    ['郑磊', 'enterprises.xlsx', 403],
    ['王海峰', 'contacts.xlsx?period=2026-13', 400],
    ['王海峰', 'enterprises.xlsx?size=huge', 400],
    ['刘芳', 'assessment.xlsx', 400],
  ])('%s GET %s → %i', async (as, path, status) => {
    const before = await lastAudit();
    const res = await download(path, as);
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
    expect((await lastAudit()).id).toBe(before.id);
  });

  it('documents every ledger in OpenAPI as a binary .xlsx body', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
    for (const key of LEDGER_KEYS) {
      const ok = doc.paths[`/api/v1/exports/${key}.xlsx`].get.responses['200'];
      expect(ok.content[XLSX_CONTENT_TYPE].schema).toMatchObject({ type: 'string', format: 'binary' });
    }
  });
});

describe('large ledgers are written a keyset page at a time', () => {
  it('exports 1,100 more enterprises across pages of 500, each once', async () => {
    const rows = Array.from({ length: 1100 }, (_, i) => ({
      uscc: makeUscc(`91330106MA3${String(i).padStart(6, '0')}`),
      name: `杭州分页测试${i}号有限公司`,
      jurisdictionCode: '330106110000',
    }));
    await t.database.db.insert(enterprises).values(rows);
    const sheet = (await workbookOf(await download(`enterprises.xlsx?jurisdiction=330106110000`, '王海峰')))
      .worksheets[0]!;
    const codes = column(sheet, '统一社会信用代码');
    const expected = await t.database.db
      .select({ uscc: enterprises.uscc })
      .from(enterprises)
      .where(like(enterprises.jurisdictionCode, '330106110%'));
    expect(codes).toHaveLength(expected.length);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.length).toBeGreaterThan(1100);
  });
});

describe('the streaming writer (lib/xlsx.ts)', () => {
  const collect = async (stream: Readable) => {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };

  it('pulls the next page only as fast as the reader takes the bytes', async () => {
    let pulled = 0;
    async function* pages() {
      for (let p = 0; p < 40; p++) {
        pulled++;
        yield Array.from({ length: 200 }, () => randomBytes(60).toString('hex'));
      }
    }
    let closedWith = -1;
    const stream = streamWorkbook({
      created: new Date('2026-11-16T02:00:00Z'),
      sheets: [
        ledgerSheet<string>({
          name: '压力',
          columns: [{ header: '值', width: 20, value: (r) => r }],
          rows: pages(),
        }),
      ],
      beforeClose: async (n) => {
        closedWith = n;
      },
      onFailure: async () => undefined,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(pulled).toBeLessThan(40);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await collect(stream)) as unknown as ArrayBuffer);
    expect(pulled).toBe(40);
    expect(closedWith).toBe(8000);
    expect(workbook.worksheets[0]!.rowCount).toBe(8001);
  });

  it('reports a failure with the rows written so far and ends the stream with an error', async () => {
    async function* pages() {
      yield ['一', '二'];
      throw new Error('database went away');
    }
    let failedAfter = -1;
    const stream = streamWorkbook({
      created: new Date('2026-11-16T02:00:00Z'),
      sheets: [
        ledgerSheet<string>({
          name: '失败',
          columns: [{ header: '值', width: 10, value: (r) => r }],
          rows: pages(),
        }),
      ],
      beforeClose: async () => {
        throw new Error('must not close');
      },
      onFailure: async (n) => {
        failedAfter = n;
      },
    });
    await expect(collect(stream)).rejects.toThrow('database went away');
    expect(failedAfter).toBe(2);
  });
});
