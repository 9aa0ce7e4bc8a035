import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XLSX_CONTENT_TYPE } from '@coordnet/shared/api/stats';
import { createMemoryStorage } from '../src/lib/storage';
import { enterprisesAt } from './helpers/duty-fixtures';
import { createTestApp, type TestApp } from './helpers/test-app';

const XIHU = '330106000000';
const GONGSHU = '330105000000';
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ now: '2026-11-16T02:00:00Z', storage: createMemoryStorage() });
  // 王海峰 reveals a township coordinator's mobile (an unmasked read) and 刘芳 logs a contact.
  const posts = (
    await t.request({ method: 'GET', url: '/api/v1/coordinators?jurisdiction=330106109000', as: '王海峰' })
  ).json().items as { roleId: string; kind: string }[];
  const reveal = await t.request({
    method: 'POST',
    url: `/api/v1/coordinators/${posts.find((p) => p.kind === 'township')!.roleId}/reveal-mobile`,
    as: '王海峰',
  });
  expect(reveal.statusCode).toBe(200);
  const e = (await enterprisesAt(t, '330106109000'))[3]!;
  const contact = await t.request({
    method: 'POST',
    url: '/api/v1/contacts',
    as: '刘芳',
    payload: {
      clientId: randomUUID(),
      enterpriseId: e.id,
      occurredAt: '2026-11-16T01:00:00Z',
      channel: 'phone',
      duties: ['law_publicity'],
    },
  });
  expect(contact.statusCode).toBe(201);
});
afterAll(() => t.close());

const download = (query: string, as = '王海峰') =>
  t.request({ method: 'GET', url: `/api/v1/exports/audit-log.xlsx?${query}`, as });

async function rowsOf(res: LightMyRequestResponse): Promise<Record<string, unknown>[]> {
  expect(res.statusCode, res.statusCode === 200 ? '' : res.body).toBe(200);
  expect(res.headers['content-type']).toBe(XLSX_CONTENT_TYPE);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  expect(sheet.name).toBe('操作日志');
  const headers = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
  const rows: Record<string, unknown>[] = [];
  sheet.eachRow((row, n) => {
    if (n > 1)
      rows.push(Object.fromEntries(headers.map((h, k) => [h, (row.values as unknown[])[k + 1] ?? null])));
  });
  return rows;
}
const exportsAudited = async () =>
  (
    await t.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from audit_log where entity_id = 'audit-log'`,
    )
  ).rows[0]!.n;

describe('操作日志台账 (audit-log.xlsx): the reader’s filters, scope and masking, itself audited', () => {
  it('a county manager exports the unmasked reads and exports; the export is audited and shows in the reader', async () => {
    const rows = await rowsOf(await download('group=sensitive'));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r['查看号码或导出'] === '是')).toBe(true);
    expect(rows.map((r) => r['操作'])).toContain('查看完整手机号');
    expect(rows[0]!['操作人']).toBe('王海峰');
    // Audit rows are stamped by the database's clock (now()), not the service clock.
    expect(String(rows[0]!['时间'])).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    // No whole mobile anywhere in the file.
    expect(JSON.stringify(rows)).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);

    const [audit] = (
      await t.database.db.execute<{ action: string; details: Record<string, unknown> }>(
        sql`select action, details from audit_log where entity_id = 'audit-log' order by id desc limit 1`,
      )
    ).rows;
    expect(audit).toMatchObject({
      action: 'ledger.export',
      details: {
        ledger: 'audit-log',
        fileName: '西湖区操作日志_2026-11-16.xlsx',
        filter: { group: 'sensitive', q: null },
        rowCount: rows.length,
        mobiles: 'none',
        completed: true,
      },
    });
    const reader = await t.request({ method: 'GET', url: '/api/v1/audit-log?group=sensitive', as: '王海峰' });
    expect(reader.json().items[0]).toMatchObject({
      action: 'ledger.export',
      sensitive: true,
      summary: expect.stringContaining('操作日志'),
    });
  });

  it('follows the name, kind and date filters like the reader', async () => {
    const liu = await rowsOf(await download('q=刘芳&group=logs'));
    expect(liu.length).toBeGreaterThan(0);
    expect(liu.every((r) => r['操作人'] === '刘芳' && r['操作'] === '记录联络')).toBe(true);
    expect(await rowsOf(await download('from=2026-11-17&to=2026-11-20'))).toEqual([]);
    const reader = (
      await t.request({ method: 'GET', url: '/api/v1/audit-log?limit=200', as: '林晓燕' })
    ).json().items.length;
    // The city manager's own earlier exports are in the reader's list, not in the file written before them.
    const city = await rowsOf(await download(`jurisdiction=${XIHU}`, '林晓燕'));
    expect(city.length).toBeGreaterThan(0);
    expect(city.length).toBeLessThanOrEqual(reader);
  });

  it('another county sees none of 西湖区’s people; viewers, coordinators and bad filters get a 4xx and no file', async () => {
    const gongshu = await rowsOf(await download('', '孙立新'));
    expect(gongshu.some((r) => r['操作人'] === '王海峰' || r['操作人'] === '刘芳')).toBe(false);
    const before = await exportsAudited();
    for (const [query, as, status] of [
      ['', '赵敏', 403],
      ['', '刘芳', 403],
      [`jurisdiction=${GONGSHU}`, '王海峰', 404],
      ['from=2026-11-20&to=2026-11-01', '王海峰', 400],
      ['action=DROP TABLE', '王海峰', 400],
      ['group=all', '王海峰', 400],
      ['limit=5', '王海峰', 400],
    ] as const) {
      const res = await download(query, as);
      expect(res.statusCode, `${as} ${query}`).toBe(status);
      expect(res.headers['content-type']).toMatch(/json/);
      expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(await exportsAudited()).toBe(before);
    // The single-use link is issued only when the export would open.
    const link = (as: string) =>
      t.request({ method: 'POST', url: '/api/v1/exports/audit-log/link?group=sensitive', as });
    expect((await link('赵敏')).statusCode).toBe(403);
    const ok = await link('王海峰');
    expect(ok.statusCode, ok.body).toBe(201);
    const opened = await t.app.inject({
      method: 'GET',
      url: `/api/v1${ok.json().path.replace(/^\/api\/v1/, '')}`,
    });
    expect((await rowsOf(opened)).length).toBeGreaterThan(0);
  });
});
