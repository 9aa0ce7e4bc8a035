import { desc, eq, like } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XLSX_CONTENT_TYPE } from '@coordnet/shared/api/stats';
import { auditLog } from '../src/db/schema/audit';
import { users } from '../src/db/schema/people';
import { createMemoryStorage } from '../src/lib/storage';
import { countRows } from './helpers/duty-fixtures';
import { createTestApp, type TestApp } from './helpers/test-app';

/**
 * 台账下载 by link (DOMAIN.md §6: log every export): DingTalk's file viewer opens a URL without the
 * Authorization header, so the API issues a short-lived, single-use, signed link per export.
 */
const XIHU = '330106000000';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ storage: createMemoryStorage() });
});
afterAll(() => t.close());

async function issue(ledger: string, query: string, as: string) {
  return t.request({ method: 'POST', url: `/api/v1/exports/${ledger}/link?${query}`, as });
}
/** Opens a link the way a file viewer does: no Authorization header. */
const open = (path: string) => t.app.inject({ method: 'GET', url: path });

async function lastLedgerAudit() {
  const [row] = await t.database.db
    .select()
    .from(auditLog)
    .where(like(auditLog.action, 'ledger.%'))
    .orderBy(desc(auditLog.id))
    .limit(1);
  return row!;
}

describe('POST /api/v1/exports/{key}/link → GET /api/v1/exports/download/{token}', () => {
  it('opens once without a header, as the person who asked, audited as via link; a second open is 410', async () => {
    const res = await issue('enterprises', `jurisdiction=${XIHU}`, '王海峰');
    expect(res.statusCode, res.body).toBe(201);
    const { path, expiresAt } = res.json() as { path: string; expiresAt: string };
    expect(path).toMatch(/^\/api\/v1\/exports\/download\/[0-9a-f-]{36}\.[\w-]{43}$/);
    expect(Date.parse(expiresAt) - t.clock.now().getTime()).toBe(300_000);

    const file = await open(path);
    expect(file.statusCode, file.body.slice(0, 200)).toBe(200);
    expect(file.headers['content-type']).toBe(XLSX_CONTENT_TYPE);
    expect(file.headers['content-disposition']).toContain('enterprises-330106000000');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]!.rowCount).toBeGreaterThan(70);
    const audit = await lastLedgerAudit();
    // The same export as by header: 王海峰 manages 西湖区, so its mobiles are whole (and audited as such).
    expect(audit).toMatchObject({ action: 'ledger.export_unmasked', entityId: 'enterprises' });
    expect(audit.details).toMatchObject({ via: 'link', completed: true });

    const again = await open(path);
    expect(again.statusCode).toBe(410);
    expect(again.json()).toMatchObject({ code: 'export_link_used' });
    expect(again.json().message).toContain('重新下载');
  });

  it('expires after five minutes (410), and a tampered or made-up token is 404', async () => {
    const { path } = (await issue('staffing', `jurisdiction=${XIHU}`, '王海峰')).json() as { path: string };
    const tampered = path.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await open(tampered)).statusCode).toBe(404);
    expect((await open('/api/v1/exports/download/not-a-token')).json()).toMatchObject({
      code: 'export_link_invalid',
    });
    const start = t.clock.now();
    t.clock.set(new Date(start.getTime() + 301_000).toISOString());
    try {
      expect((await open(path)).statusCode).toBe(410);
    } finally {
      t.clock.set(start.toISOString());
    }
  });

  it('stays scope-limited: a township coordinator cannot get a link to the county (404, no row); the filter is checked at issue (400)', async () => {
    const before = await countRows(t, 'export_links');
    expect((await issue('enterprises', `jurisdiction=${XIHU}`, '刘芳')).statusCode).toBe(404);
    expect((await issue('contacts', `jurisdiction=${XIHU}&period=2026-13`, '王海峰')).statusCode).toBe(400);
    expect(await countRows(t, 'export_links')).toBe(before);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/exports/enterprises/link` })).statusCode).toBe(
      401,
    );
  });

  it('stays masked: a viewer’s coordinator ledger by link has masked mobiles, and the audit says so', async () => {
    const { path } = (await issue('coordinators', `jurisdiction=${XIHU}`, '赵敏')).json() as { path: string };
    expect((await open(path)).statusCode).toBe(200);
    expect((await lastLedgerAudit()).details).toMatchObject({ mobiles: 'masked', via: 'link' });
  });

  it('dies with its person: a link of someone deactivated since is 410', async () => {
    const { path } = (await issue('enterprises', `jurisdiction=${XIHU}`, '赵敏')).json() as { path: string };
    await t.database.db.update(users).set({ active: false }).where(eq(users.name, '赵敏'));
    try {
      expect((await open(path)).statusCode).toBe(410);
    } finally {
      await t.database.db.update(users).set({ active: true }).where(eq(users.name, '赵敏'));
    }
  });
});

describe('企业协调员年度指导台账 (guidance.xlsx, C3)', () => {
  it('seed §二(三) C3: lists the year’s guidance with method, topics and the coordinators met', async () => {
    const { path } = (await issue('guidance', `jurisdiction=${XIHU}&period=2026`, '王海峰')).json() as {
      path: string;
    };
    const file = await open(path);
    expect(file.statusCode, file.body.slice(0, 200)).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('年度指导服务');
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([
      '指导时间',
      '所属区域',
      '企业名称',
      '统一社会信用代码',
      '指导人',
      '指导方式',
      '受指导的企业协调员',
      '指导内容',
      '情况记录',
      '录入时间',
    ]);
  });
});
